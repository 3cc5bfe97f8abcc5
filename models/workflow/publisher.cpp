#include "publisher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTimer>
#include <QUrlQuery>

namespace warroom {

struct Publisher::Job {
    PublishTicket ticket;
    ChannelAccount account;
    int tries = 0;
    QJsonObject replyRef; // Bluesky {root, parent}
    QPointer<QNetworkReply> reply;
    bool checkingExisting = false;
};

namespace {

QString serverWords(QNetworkReply *reply, const QByteArray &body) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString words = o.value(QStringLiteral("error")).toString();
    const QString message = o.value(QStringLiteral("message")).toString();
    if (!message.isEmpty())
        words = words.isEmpty() ? message : words + QStringLiteral(": ") + message;
    if (words.isEmpty())
        words = QString::fromUtf8(body.left(200)).simplified();
    if (status == 0)
        return reply->errorString();
    return QStringLiteral("HTTP %1%2")
        .arg(status)
        .arg(words.isEmpty() ? QString() : QStringLiteral(": ") + words);
}

// Bluesky rich text: links and hashtags as facets, indexed in UTF-8 bytes.
QJsonArray facetsFor(const QString &text) {
    QJsonArray facets;
    static const QRegularExpression link(QStringLiteral(R"(https?://[^\s<>"]+[^\s<>".,;:!?)\]'])"));
    static const QRegularExpression tag(QStringLiteral(R"((?<![\w#])#(\w{1,64}))"),
                                        QRegularExpression::UseUnicodePropertiesOption);
    auto byteOffset = [&](qsizetype utf16) {
        return qint64(text.left(utf16).toUtf8().size());
    };
    auto it = link.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        facets.append(
            QJsonObject{{QStringLiteral("index"),
                         QJsonObject{{QStringLiteral("byteStart"), byteOffset(m.capturedStart())},
                                     {QStringLiteral("byteEnd"), byteOffset(m.capturedEnd())}}},
                        {QStringLiteral("features"),
                         QJsonArray{QJsonObject{{QStringLiteral("$type"),
                                                 QStringLiteral("app.bsky.richtext.facet#link")},
                                                {QStringLiteral("uri"), m.captured(0)}}}}});
    }
    it = tag.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        facets.append(
            QJsonObject{{QStringLiteral("index"),
                         QJsonObject{{QStringLiteral("byteStart"), byteOffset(m.capturedStart())},
                                     {QStringLiteral("byteEnd"), byteOffset(m.capturedEnd())}}},
                        {QStringLiteral("features"),
                         QJsonArray{QJsonObject{{QStringLiteral("$type"),
                                                 QStringLiteral("app.bsky.richtext.facet#tag")},
                                                {QStringLiteral("tag"), m.captured(1)}}}}});
    }
    return facets;
}

QUrl endpoint(const QUrl &base, const QString &path) {
    QUrl u = base;
    QString p = u.path();
    if (p.endsWith(u'/'))
        p.chop(1);
    u.setPath(p + path);
    return u;
}

} // namespace

Publisher::Publisher(std::shared_ptr<const CredentialProvider> credentials, QObject *parent)
    : QObject(parent)
    , m_credentials(std::move(credentials))
    , m_nam(new QNetworkAccessManager(this)) {}

Publisher::~Publisher() {
    for (const auto &job : std::as_const(m_jobs)) {
        if (job->reply)
            job->reply->abort();
    }
}

void Publisher::publish(const PublishTicket &ticket) {
    if (m_jobs.contains(ticket.replyId))
        return;
    auto job = std::make_shared<Job>(Job{ticket, {}, 0, {}, nullptr, false});
    const std::optional<ChannelAccount> account =
        m_credentials ? m_credentials->account(ticket.channel) : std::nullopt;
    m_jobs.insert(ticket.replyId, job);
    if (!account || !account->baseUrl.isValid()) {
        giveUp(*job, QStringLiteral("no %1 account is set up").arg(ticket.channel), true);
        return;
    }
    job->account = *account;
    start(*job);
}

void Publisher::start(Job &job) {
    ++job.tries;
    if (job.ticket.channel == u"mastodon")
        mastodonPost(job);
    else if (job.ticket.channel == u"bluesky")
        blueskySession(job);
    else
        giveUp(job, QStringLiteral("%1 is not a channel we post to").arg(job.ticket.channel), true);
}

QNetworkReply *Publisher::send(Job &job, QNetworkRequest request, const QByteArray &verb,
                               const QByteArray &body) {
    request.setTransferTimeout(m_options.requestTimeoutMs);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::NoLessSafeRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("warroom/" WARROOM_VERSION));
    QNetworkReply *reply = verb == "GET" ? m_nam->get(request) : m_nam->post(request, body);
    job.reply = reply;
    return reply;
}

void Publisher::mastodonPost(Job &job) {
    QNetworkRequest req(endpoint(job.account.baseUrl, QStringLiteral("/api/v1/statuses")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    req.setRawHeader("Authorization", "Bearer " + job.account.token.toUtf8());
    req.setRawHeader("Idempotency-Key", job.ticket.idempotencyKey.toUtf8());
    QJsonObject body{{QStringLiteral("status"), job.ticket.text},
                     {QStringLiteral("visibility"), QStringLiteral("public")}};
    if (!job.ticket.inReplyToId.isEmpty())
        body.insert(QStringLiteral("in_reply_to_id"), job.ticket.inReplyToId);
    if (!job.ticket.language.isEmpty())
        body.insert(QStringLiteral("language"), job.ticket.language);
    QNetworkReply *reply =
        send(job, req, "POST", QJsonDocument(body).toJson(QJsonDocument::Compact));
    const qint64 id = job.ticket.replyId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] {
        reply->deleteLater();
        auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        Job &job = **it;
        const QByteArray data = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 200 && status < 300) {
            const QJsonObject o = QJsonDocument::fromJson(data).object();
            const QString remoteId = o.value(QStringLiteral("id")).toString();
            if (remoteId.isEmpty())
                return retryLater(job, QStringLiteral("the server answered without a status id"),
                                  backoffMs(job.tries));
            return succeed(job, remoteId, o.value(QStringLiteral("url")).toString());
        }
        if (status == 429)
            return retryLater(job, serverWords(reply, data), rateLimitWaitMs(reply));
        if (status == 0 || status >= 500 || status == 408)
            return retryLater(job, serverWords(reply, data), backoffMs(job.tries));
        // 4xx (422 validation, 401 token, 404 parent gone): retrying changes nothing.
        giveUp(job, serverWords(reply, data), true);
    });
}

void Publisher::blueskySession(Job &job) {
    const QString key = job.account.baseUrl.toString() + u'|' + job.account.identifier;
    if (m_sessions.contains(key))
        return blueskyParent(job);
    QNetworkRequest req(
        endpoint(job.account.baseUrl, QStringLiteral("/xrpc/com.atproto.server.createSession")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QJsonObject body{{QStringLiteral("identifier"), job.account.identifier},
                           {QStringLiteral("password"), job.account.appPassword}};
    QNetworkReply *reply =
        send(job, req, "POST", QJsonDocument(body).toJson(QJsonDocument::Compact));
    const qint64 id = job.ticket.replyId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, key] {
        reply->deleteLater();
        auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        Job &job = **it;
        const QByteArray data = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200) {
            const QJsonObject o = QJsonDocument::fromJson(data).object();
            m_sessions.insert(key, {o.value(QStringLiteral("accessJwt")).toString(),
                                    o.value(QStringLiteral("did")).toString()});
            return blueskyParent(job);
        }
        if (status == 429)
            return retryLater(job, serverWords(reply, data), rateLimitWaitMs(reply));
        if (status == 0 || status >= 500)
            return retryLater(job, serverWords(reply, data), backoffMs(job.tries));
        giveUp(job, QStringLiteral("Bluesky sign-in refused: ") + serverWords(reply, data), true);
    });
}

void Publisher::blueskyParent(Job &job) {
    if (job.ticket.parentUri.isEmpty() || !job.replyRef.isEmpty())
        return blueskyCreate(job);
    // at://did/collection/rkey → the parent's cid and its thread root.
    const QStringList parts = job.ticket.parentUri.mid(5).split(u'/');
    if (parts.size() != 3)
        return giveUp(job, QStringLiteral("not a post URI: %1").arg(job.ticket.parentUri), true);
    QUrl url = endpoint(job.account.baseUrl, QStringLiteral("/xrpc/com.atproto.repo.getRecord"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("repo"), parts.at(0));
    q.addQueryItem(QStringLiteral("collection"), parts.at(1));
    q.addQueryItem(QStringLiteral("rkey"), parts.at(2));
    url.setQuery(q);
    QNetworkReply *reply = send(job, QNetworkRequest(url), "GET", {});
    const qint64 id = job.ticket.replyId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id] {
        reply->deleteLater();
        auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        Job &job = **it;
        const QByteArray data = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200) {
            const QJsonObject o = QJsonDocument::fromJson(data).object();
            const QJsonObject parent{{QStringLiteral("uri"), o.value(QStringLiteral("uri"))},
                                     {QStringLiteral("cid"), o.value(QStringLiteral("cid"))}};
            QJsonObject root = o.value(QStringLiteral("value"))
                                   .toObject()
                                   .value(QStringLiteral("reply"))
                                   .toObject()
                                   .value(QStringLiteral("root"))
                                   .toObject();
            if (root.isEmpty())
                root = parent;
            job.replyRef =
                QJsonObject{{QStringLiteral("root"), root}, {QStringLiteral("parent"), parent}};
            return blueskyCreate(job);
        }
        if (status == 429)
            return retryLater(job, serverWords(reply, data), rateLimitWaitMs(reply));
        if (status == 0 || status >= 500)
            return retryLater(job, serverWords(reply, data), backoffMs(job.tries));
        giveUp(job, QStringLiteral("cannot find the post we answer: ") + serverWords(reply, data),
               true);
    });
}

void Publisher::blueskyCreate(Job &job) {
    const QString key = job.account.baseUrl.toString() + u'|' + job.account.identifier;
    const auto session = m_sessions.value(key);
    QNetworkRequest req(
        endpoint(job.account.baseUrl, QStringLiteral("/xrpc/com.atproto.repo.createRecord")));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    req.setRawHeader("Authorization", "Bearer " + session.first.toUtf8());
    QJsonObject record{
        {QStringLiteral("$type"), QStringLiteral("app.bsky.feed.post")},
        {QStringLiteral("text"), job.ticket.text},
        {QStringLiteral("createdAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    if (!job.ticket.language.isEmpty())
        record.insert(QStringLiteral("langs"), QJsonArray{job.ticket.language});
    if (!job.replyRef.isEmpty())
        record.insert(QStringLiteral("reply"), job.replyRef);
    const QJsonArray facets = facetsFor(job.ticket.text);
    if (!facets.isEmpty())
        record.insert(QStringLiteral("facets"), facets);
    const QJsonObject body{{QStringLiteral("repo"), session.second},
                           {QStringLiteral("collection"), QStringLiteral("app.bsky.feed.post")},
                           {QStringLiteral("rkey"), job.ticket.rkey},
                           {QStringLiteral("record"), record}};
    QNetworkReply *reply =
        send(job, req, "POST", QJsonDocument(body).toJson(QJsonDocument::Compact));
    const qint64 id = job.ticket.replyId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, key] {
        reply->deleteLater();
        auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        Job &job = **it;
        const QByteArray data = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject o = QJsonDocument::fromJson(data).object();
        const QString did = m_sessions.value(key).second;
        if (status == 200) {
            return succeed(
                job, o.value(QStringLiteral("uri")).toString(),
                QStringLiteral("https://bsky.app/profile/%1/post/%2").arg(did, job.ticket.rkey));
        }
        const QString words = serverWords(reply, data);
        if (status == 401 || o.value(QStringLiteral("error")).toString() == u"ExpiredToken") {
            m_sessions.remove(key);
            return retryLater(job, words, 0);
        }
        // Our rkey is taken: an earlier try got through. Check it is our text, then done.
        if (status == 409 ||
            (status == 400 && words.contains(QStringLiteral("already exist"), Qt::CaseInsensitive)))
            return blueskyCheckExisting(job, words);
        if (status == 429)
            return retryLater(job, words, rateLimitWaitMs(reply));
        if (status == 0 || status >= 500)
            return retryLater(job, words, backoffMs(job.tries));
        giveUp(job, words, true);
    });
}

void Publisher::blueskyCheckExisting(Job &job, const QString &createError) {
    const QString key = job.account.baseUrl.toString() + u'|' + job.account.identifier;
    const QString did = m_sessions.value(key).second;
    QUrl url = endpoint(job.account.baseUrl, QStringLiteral("/xrpc/com.atproto.repo.getRecord"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("repo"), did);
    q.addQueryItem(QStringLiteral("collection"), QStringLiteral("app.bsky.feed.post"));
    q.addQueryItem(QStringLiteral("rkey"), job.ticket.rkey);
    url.setQuery(q);
    QNetworkReply *reply = send(job, QNetworkRequest(url), "GET", {});
    const qint64 id = job.ticket.replyId;
    connect(reply, &QNetworkReply::finished, this, [this, reply, id, did, createError] {
        reply->deleteLater();
        auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        Job &job = **it;
        const QByteArray data = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject o = QJsonDocument::fromJson(data).object();
        if (status == 200) {
            const QString text = o.value(QStringLiteral("value"))
                                     .toObject()
                                     .value(QStringLiteral("text"))
                                     .toString();
            if (text == job.ticket.text)
                return succeed(job, o.value(QStringLiteral("uri")).toString(),
                               QStringLiteral("https://bsky.app/profile/%1/post/%2")
                                   .arg(did, job.ticket.rkey));
            return giveUp(job,
                          QStringLiteral("record key %1 holds another text: %2")
                              .arg(job.ticket.rkey, createError),
                          true);
        }
        if (status == 0 || status >= 500)
            return retryLater(job, serverWords(reply, data), backoffMs(job.tries));
        giveUp(job, createError, true);
    });
}

qint64 Publisher::backoffMs(int attempt) const {
    const qint64 base = qint64(m_options.baseBackoffMs) << std::min(attempt - 1, 16);
    const qint64 capped = std::min<qint64>(base, m_options.maxBackoffMs);
    // Full jitter over the upper half: retries of several replies do not land together.
    return capped / 2 + QRandomGenerator::global()->bounded(capped / 2 + 1);
}

qint64 Publisher::rateLimitWaitMs(QNetworkReply *reply) {
    // Bluesky: Retry-After seconds, or RateLimit-Reset epoch seconds.
    bool ok = false;
    const qint64 retryAfter = reply->rawHeader("Retry-After").trimmed().toLongLong(&ok);
    if (ok && retryAfter >= 0)
        return retryAfter * 1000;
    const QDateTime serverNow =
        QDateTime::fromString(QString::fromLatin1(reply->rawHeader("Date")), Qt::RFC2822Date);
    const QDateTime now = serverNow.isValid() ? serverNow : QDateTime::currentDateTimeUtc();
    const qint64 resetEpoch = reply->rawHeader("RateLimit-Reset").trimmed().toLongLong(&ok);
    if (ok && resetEpoch > 0)
        return std::max<qint64>(0, resetEpoch * 1000 - now.toMSecsSinceEpoch());
    // Mastodon: X-RateLimit-Reset is an ISO time; measure it against the server's clock.
    const QDateTime reset = QDateTime::fromString(
        QString::fromLatin1(reply->rawHeader("X-RateLimit-Reset")), Qt::ISODateWithMs);
    if (reset.isValid())
        return std::max<qint64>(0, now.msecsTo(reset));
    return 60000;
}

void Publisher::retryLater(Job &job, const QString &error, qint64 waitMs) {
    const qint64 id = job.ticket.replyId;
    if (job.tries >= m_options.maxAttempts) {
        giveUp(job, error, false);
        return;
    }
    waitMs = std::clamp<qint64>(waitMs, 0, m_options.maxRateLimitWaitMs);
    const QDateTime retryAt = QDateTime::currentDateTimeUtc().addMSecs(waitMs);
    Q_EMIT attemptFailed(id, error, retryAt);
    QTimer::singleShot(std::chrono::milliseconds(waitMs), this, [this, id] {
        auto it = m_jobs.find(id);
        if (it != m_jobs.end())
            start(**it);
    });
}

void Publisher::giveUp(Job &job, const QString &error, bool permanent) {
    const qint64 id = job.ticket.replyId;
    const QDateTime retryAt =
        permanent ? QDateTime() : QDateTime::currentDateTimeUtc().addMSecs(m_options.maxBackoffMs);
    m_jobs.remove(id); // `job` is gone from here on
    Q_EMIT failed(id, error, retryAt);
}

void Publisher::succeed(Job &job, const QString &remoteId, const QString &url) {
    const qint64 id = job.ticket.replyId;
    m_jobs.remove(id);
    Q_EMIT published(id, remoteId, url);
}

} // namespace warroom
