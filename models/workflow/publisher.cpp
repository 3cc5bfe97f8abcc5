#include "publisher.h"

#include "channellength.h"

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
    explicit Job(const PublishTicket &t)
        : ticket(t)
        , inReplyToId(t.inReplyToId) {}
    PublishTicket ticket;
    ChannelAccount account;
    int tries = 0;
    int limit = 0;                // Mastodon max_characters; 0 until known
    QString inReplyToId;          // Mastodon: the status id on the posting instance
    int searches = 0;             // Mastodon: search queries that found nothing
    QJsonObject replyRef;         // Bluesky {root, parent}
    QHash<QString, QString> dids; // Bluesky handle → DID ("": not found, no facet)
    QPointer<QNetworkReply> reply;
};

struct Publisher::Response {
    int status = 0; // 0: no HTTP answer (dropped, timed out, refused)
    QJsonObject json;
    QString words; // "HTTP 422: Validation failed: ...", or the network error
    qint64 rateLimitWaitMs = 0;
    [[nodiscard]] bool ok() const { return status >= 200 && status < 300; }
    [[nodiscard]] bool transient() const {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
};

namespace {

const QString kMastodon = QStringLiteral("mastodon");
const QString kBluesky = QStringLiteral("bluesky");

QString serverWords(QNetworkReply *reply, const QByteArray &body) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0)
        return reply->errorString();
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString words = o.value(QStringLiteral("error")).toString();
    const QString message = o.value(QStringLiteral("message")).toString();
    if (!message.isEmpty())
        words = words.isEmpty() ? message : words + QStringLiteral(": ") + message;
    if (words.isEmpty())
        words = QString::fromUtf8(body.left(200)).simplified();
    return QStringLiteral("HTTP %1%2")
        .arg(status)
        .arg(words.isEmpty() ? QString() : QStringLiteral(": ") + words);
}

QUrl endpoint(const QUrl &base, const QString &path,
              const QList<QPair<QString, QString>> &query = {}) {
    QUrl u = base;
    QString p = u.path();
    if (p.endsWith(u'/'))
        p.chop(1);
    u.setPath(p + path);
    if (!query.isEmpty()) {
        // Values percent-encoded but for ':', '/' and '@' (legal in a query, kept readable):
        // a status URL's '+', '&', '=' or '#' must reach the server as itself.
        QStringList parts;
        for (const auto &[k, v] : query)
            parts.append(k + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(v, ":/@")));
        u.setQuery(parts.join(u'&'), QUrl::StrictMode);
    }
    return u;
}

QNetworkRequest jsonRequest(const QUrl &url, const QString &bearer = {}) {
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (!bearer.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
    return req;
}

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QJsonObject facet(qint64 start, qint64 end, const QJsonObject &feature) {
    return QJsonObject{{QStringLiteral("index"), QJsonObject{{QStringLiteral("byteStart"), start},
                                                             {QStringLiteral("byteEnd"), end}}},
                       {QStringLiteral("features"), QJsonArray{feature}}};
}

const QRegularExpression &handlePattern() {
    // Bluesky's own rule: "@" after the start, a space or "(", then a domain-like handle.
    static const QRegularExpression re(
        QStringLiteral(R"((?:^|(?<=[\s(]))@((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+)"
                       R"([a-zA-Z](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?))"));
    return re;
}

int limitIn(const QJsonObject &instance) {
    const int v = instance.value(QStringLiteral("configuration"))
                      .toObject()
                      .value(QStringLiteral("statuses"))
                      .toObject()
                      .value(QStringLiteral("max_characters"))
                      .toInt();
    if (v > 0)
        return v;
    return instance.value(QStringLiteral("max_toot_chars")).toInt(); // Pleroma, Akkoma, glitch
}

} // namespace

Publisher::Publisher(std::shared_ptr<const CredentialProvider> credentials, QObject *parent)
    : QObject(parent)
    , m_credentials(std::move(credentials))
    , m_nam(new QNetworkAccessManager(this)) {}

Publisher::~Publisher() {
    m_jobs.clear();
    // No handler may run while we go: abort quietly.
    const QList<QNetworkReply *> replies = m_nam->findChildren<QNetworkReply *>();
    for (QNetworkReply *r : replies) {
        r->disconnect(this);
        r->abort();
    }
}

// --- Jobs ---------------------------------------------------------------------------------

void Publisher::publish(const PublishTicket &ticket) {
    if (m_jobs.contains(ticket.replyId))
        return;
    auto job = std::make_shared<Job>(ticket);
    m_jobs.insert(ticket.replyId, job);
    if (!m_credentials) {
        giveUp(*job, QStringLiteral("no %1 account is set up").arg(ticket.channel), true);
        return;
    }
    const qint64 id = ticket.replyId;
    m_credentials->fetch(
        ticket.channel, ticket.account, this,
        [this, id](const ChannelAccount &account, const QString &error) {
            const auto it = m_jobs.find(id);
            if (it == m_jobs.end())
                return;
            Job &job = **it;
            if (!error.isEmpty() || !account.baseUrl.isValid())
                return giveUp(
                    job,
                    error.isEmpty()
                        ? QStringLiteral("no %1 account is set up").arg(job.ticket.channel)
                        : error,
                    true);
            job.account = account;
            const PublishingAccount &stored = job.ticket.account;
            if (stored.maxCharacters > 0 && stored.baseUrl == account.baseUrl)
                job.limit = stored.maxCharacters;
            else
                job.limit = m_limits.value(account.baseUrl.toString(), 0);
            start(job);
        });
}

void Publisher::start(Job &job) {
    ++job.tries;
    if (job.ticket.channel == kMastodon)
        mastodonStep(job);
    else if (job.ticket.channel == kBluesky)
        blueskyStep(job);
    else
        giveUp(job, QStringLiteral("%1 is not a channel we post to").arg(job.ticket.channel), true);
}

QNetworkReply *Publisher::call(QNetworkRequest request, const QByteArray &verb,
                               const QByteArray &body,
                               std::function<void(const Response &)> handler) {
    request.setTransferTimeout(m_options.requestTimeoutMs);
    // A token never follows a redirect to another host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("warroom/" WARROOM_VERSION));
    QNetworkReply *reply = verb == "GET" ? m_nam->get(request) : m_nam->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [reply, handler = std::move(handler)] {
        reply->deleteLater();
        const QByteArray data = reply->readAll();
        Response r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.json = QJsonDocument::fromJson(data).object();
        r.words = serverWords(reply, data);
        if (r.status == 429)
            r.rateLimitWaitMs = rateLimitWaitMs(reply);
        handler(r);
    });
    return reply;
}

void Publisher::step(Job &job, const QNetworkRequest &request, const QByteArray &verb,
                     const QByteArray &body, Handler handler) {
    const qint64 id = job.ticket.replyId;
    job.reply =
        call(request, verb, body, [this, id, handler = std::move(handler)](const Response &r) {
            const auto it = m_jobs.find(id);
            if (it != m_jobs.end())
                handler(**it, r);
        });
}

bool Publisher::retryIfTransient(Job &job, const Response &r) {
    if (r.status == 429)
        retryLater(job, r.words, r.rateLimitWaitMs);
    else if (r.transient())
        retryLater(job, r.words, backoffMs(job.tries));
    else
        return false;
    return true;
}

// --- Mastodon -----------------------------------------------------------------------------

void Publisher::mastodonStep(Job &job) {
    if (job.limit == 0)
        return mastodonLimit(job);
    // The final check: an over-length reply is refused before anything is sent.
    const LengthCheck len = ChannelLength::check(job.ticket.text, kMastodon, job.limit);
    if (!len.fits())
        return giveUp(job,
                      QStringLiteral("the reply is %1 characters; %2 allows %3: shorten it")
                          .arg(len.count)
                          .arg(job.account.baseUrl.host())
                          .arg(len.limit),
                      true);
    const bool needsResolving = job.inReplyToId.isEmpty() && (!job.ticket.inReplyToUri.isEmpty() ||
                                                              !job.ticket.inReplyToUrl.isEmpty());
    if (needsResolving)
        return mastodonResolve(job);
    mastodonPost(job);
}

void Publisher::requestInstanceLimit(const QUrl &instance, const QString &token,
                                     std::function<void(const Response &, int)> done, bool v1) {
    const QString path =
        v1 ? QStringLiteral("/api/v1/instance") : QStringLiteral("/api/v2/instance");
    call(jsonRequest(endpoint(instance, path), token), "GET", {},
         [this, instance, token, done = std::move(done), v1](const Response &r) {
             if (r.ok()) {
                 const int limit = limitIn(r.json);
                 if (limit > 0 || v1)
                     return done(r, limit > 0 ? limit : ChannelLength::kMastodonDefault);
             }
             if (r.transient())
                 return done(r, 0);
             if (!v1) // older servers: v1 has the limit (or max_toot_chars)
                 return requestInstanceLimit(instance, token, done, true);
             done(r, -1); // neither says: 500, the Mastodon default
         });
}

void Publisher::mastodonLimit(Job &job) {
    const qint64 id = job.ticket.replyId;
    const QUrl base = job.account.baseUrl;
    requestInstanceLimit(base, job.account.token, [this, id, base](const Response &r, int limit) {
        const auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        Job &job = **it;
        if (limit == 0) { // the instance did not answer: the whole try again later
            if (!retryIfTransient(job, r))
                giveUp(job, r.words, false);
            return;
        }
        if (limit > 0) {
            m_limits.insert(base.toString(), limit);
            Q_EMIT instanceLimitLearned(base, limit);
        }
        job.limit = limit > 0 ? limit : ChannelLength::kMastodonDefault;
        mastodonStep(job);
    });
}

void Publisher::fetchInstanceLimit(const QUrl &instance) {
    requestInstanceLimit(instance, {}, [this, instance](const Response &r, int limit) {
        if (limit > 0) {
            m_limits.insert(instance.toString(), limit);
            Q_EMIT instanceLimitLearned(instance, limit);
        } else {
            Q_EMIT instanceLimitFailed(instance, r.words);
        }
    });
}

QString Publisher::localStatusId(const QString &url, const QUrl &instance) {
    const QUrl u(url);
    if (u.host().compare(instance.host(), Qt::CaseInsensitive) != 0 || u.port() != instance.port())
        return {};
    // Mastodon's own forms: uri /users/<name>/statuses/<id>, url /@<name>/<id>.
    static const QRegularExpression path(
        QStringLiteral(R"(^/(?:users/[^/]+/statuses|@[^/]+)/(\d+)$)"));
    const QRegularExpressionMatch m = path.match(u.path());
    return m.hasMatch() ? m.captured(1) : QString();
}

void Publisher::mastodonResolve(Job &job) {
    const QString uri = job.ticket.inReplyToUri;
    const QString url = job.ticket.inReplyToUrl;
    // A status of the posting instance itself has its id in its address.
    for (const QString &candidate : {uri, url}) {
        const QString local = localStatusId(candidate, job.account.baseUrl);
        if (!local.isEmpty()) {
            job.inReplyToId = local;
            return mastodonStep(job);
        }
    }
    QStringList queries;
    for (const QString &q : {uri, url}) {
        if (!q.isEmpty() && !queries.contains(q))
            queries.append(q);
    }
    const QString host = job.account.baseUrl.host();
    if (job.searches >= queries.size())
        return giveUp(job,
                      QStringLiteral("cannot find the post we answer on %1: %2 (deleted, private, "
                                     "or %1 cannot fetch it from its server)")
                          .arg(host, queries.value(0)),
                      true);
    const QString q = queries.at(job.searches);
    const QUrl search = endpoint(job.account.baseUrl, QStringLiteral("/api/v2/search"),
                                 {{QStringLiteral("q"), q},
                                  {QStringLiteral("resolve"), QStringLiteral("true")},
                                  {QStringLiteral("type"), QStringLiteral("statuses")},
                                  {QStringLiteral("limit"), QStringLiteral("5")}});
    step(job, jsonRequest(search, job.account.token), "GET", {},
         [this, uri, url, q, host](Job &job, const Response &r) {
             if (r.ok()) {
                 // Only the post we answer: a search may also return posts that quote its URL.
                 for (const QJsonValue &v : r.json.value(QStringLiteral("statuses")).toArray()) {
                     const QJsonObject s = v.toObject();
                     const QString sUri = s.value(QStringLiteral("uri")).toString();
                     const QString sUrl = s.value(QStringLiteral("url")).toString();
                     const bool same = (!uri.isEmpty() && (sUri == uri || sUrl == uri)) ||
                                       (!url.isEmpty() && (sUrl == url || sUri == url));
                     const QString id = s.value(QStringLiteral("id")).toString();
                     if (same && !id.isEmpty()) {
                         job.inReplyToId = id;
                         return mastodonStep(job);
                     }
                 }
                 ++job.searches;
                 return mastodonResolve(job);
             }
             if (retryIfTransient(job, r))
                 return;
             if (r.status == 401 || r.status == 403)
                 return giveUp(job,
                               QStringLiteral("%1 refused to look up the post we answer (the "
                                              "token needs the read:search scope): %2")
                                   .arg(host, r.words),
                               true);
             giveUp(job, QStringLiteral("cannot look up %1 on %2: %3").arg(q, host, r.words), true);
         });
}

void Publisher::mastodonPost(Job &job) {
    QNetworkRequest req = jsonRequest(
        endpoint(job.account.baseUrl, QStringLiteral("/api/v1/statuses")), job.account.token);
    req.setRawHeader("Idempotency-Key", job.ticket.idempotencyKey.toUtf8());
    QJsonObject body{{QStringLiteral("status"), job.ticket.text},
                     {QStringLiteral("visibility"), QStringLiteral("public")}};
    if (!job.inReplyToId.isEmpty())
        body.insert(QStringLiteral("in_reply_to_id"), job.inReplyToId);
    if (!job.ticket.language.isEmpty())
        body.insert(QStringLiteral("language"), job.ticket.language);
    step(job, req, "POST", compact(body), [this](Job &job, const Response &r) {
        if (r.ok()) {
            const QString remoteId = r.json.value(QStringLiteral("id")).toString();
            if (remoteId.isEmpty())
                return retryLater(job, QStringLiteral("the server answered without a status id"),
                                  backoffMs(job.tries));
            return succeed(job, remoteId, r.json.value(QStringLiteral("url")).toString());
        }
        if (retryIfTransient(job, r))
            return;
        // 4xx (422 validation, 401 token, 404 parent gone): retrying changes nothing.
        giveUp(job, r.words, true);
    });
}

// --- Bluesky ------------------------------------------------------------------------------

QString Publisher::sessionKey(const Job &job) const {
    return job.account.baseUrl.toString() + u'|' + job.account.identifier;
}

void Publisher::blueskyStep(Job &job) {
    const LengthCheck len = ChannelLength::check(job.ticket.text, kBluesky);
    if (!len.fits())
        return giveUp(job,
                      QStringLiteral("the reply is %1 graphemes / %2 bytes; Bluesky allows %3 / %4")
                          .arg(len.count)
                          .arg(len.bytes)
                          .arg(len.limit)
                          .arg(len.byteLimit),
                      true);
    if (!m_sessions.contains(sessionKey(job)))
        return blueskySession(job);
    if (!job.ticket.parentUri.isEmpty() && job.replyRef.isEmpty())
        return blueskyParent(job);
    const QStringList handles = blueskyHandles(job.ticket.text).mid(0, m_options.maxMentionFacets);
    for (const QString &h : handles) {
        if (!job.dids.contains(h))
            return blueskyResolveHandle(job, h);
    }
    blueskyCreate(job);
}

void Publisher::blueskySession(Job &job) {
    const QJsonObject body{{QStringLiteral("identifier"), job.account.identifier},
                           {QStringLiteral("password"), job.account.appPassword}};
    step(job,
         jsonRequest(endpoint(job.account.baseUrl,
                              QStringLiteral("/xrpc/com.atproto.server.createSession"))),
         "POST", compact(body), [this](Job &job, const Response &r) {
             if (r.ok()) {
                 m_sessions.insert(sessionKey(job),
                                   {r.json.value(QStringLiteral("accessJwt")).toString(),
                                    r.json.value(QStringLiteral("did")).toString()});
                 return blueskyStep(job);
             }
             if (retryIfTransient(job, r))
                 return;
             giveUp(job, QStringLiteral("Bluesky sign-in refused: ") + r.words, true);
         });
}

void Publisher::blueskyParent(Job &job) {
    // at://did/collection/rkey → the parent's cid and its thread root.
    const QStringList parts = job.ticket.parentUri.mid(5).split(u'/');
    if (parts.size() != 3)
        return giveUp(job, QStringLiteral("not a post URI: %1").arg(job.ticket.parentUri), true);
    const QUrl url =
        endpoint(job.account.baseUrl, QStringLiteral("/xrpc/com.atproto.repo.getRecord"),
                 {{QStringLiteral("repo"), parts.at(0)},
                  {QStringLiteral("collection"), parts.at(1)},
                  {QStringLiteral("rkey"), parts.at(2)}});
    step(job, QNetworkRequest(url), "GET", {}, [this](Job &job, const Response &r) {
        if (r.ok()) {
            const QJsonObject parent{{QStringLiteral("uri"), r.json.value(QStringLiteral("uri"))},
                                     {QStringLiteral("cid"), r.json.value(QStringLiteral("cid"))}};
            QJsonObject root = r.json.value(QStringLiteral("value"))
                                   .toObject()
                                   .value(QStringLiteral("reply"))
                                   .toObject()
                                   .value(QStringLiteral("root"))
                                   .toObject();
            if (root.isEmpty())
                root = parent;
            job.replyRef =
                QJsonObject{{QStringLiteral("root"), root}, {QStringLiteral("parent"), parent}};
            return blueskyStep(job);
        }
        if (retryIfTransient(job, r))
            return;
        giveUp(job, QStringLiteral("cannot find the post we answer: ") + r.words, true);
    });
}

void Publisher::blueskyResolveHandle(Job &job, const QString &handle) {
    const QUrl url =
        endpoint(job.account.baseUrl, QStringLiteral("/xrpc/com.atproto.identity.resolveHandle"),
                 {{QStringLiteral("handle"), handle}});
    step(job, QNetworkRequest(url), "GET", {}, [this, handle](Job &job, const Response &r) {
        if (retryIfTransient(job, r))
            return;
        // Unknown handle: the text stays as written, without a link (as Bluesky's app does).
        job.dids.insert(handle,
                        r.ok() ? r.json.value(QStringLiteral("did")).toString() : QString());
        blueskyStep(job);
    });
}

QStringList Publisher::blueskyHandles(const QString &text) {
    QStringList out;
    auto it = handlePattern().globalMatch(text);
    while (it.hasNext()) {
        const QString h = it.next().captured(1).toLower();
        if (!out.contains(h))
            out.append(h);
    }
    return out;
}

QJsonArray Publisher::facetsFor(const QString &text, const QHash<QString, QString> &dids) {
    QJsonArray facets;
    static const QRegularExpression link(QStringLiteral(R"(https?://[^\s<>"]+[^\s<>".,;:!?)\]'])"));
    static const QRegularExpression tag(QStringLiteral(R"((?<![\w#])#(\w{1,64}))"),
                                        QRegularExpression::UseUnicodePropertiesOption);
    auto bytes = [&](qsizetype utf16) {
        return qint64(text.left(utf16).toUtf8().size());
    };
    auto add = [&](const QRegularExpressionMatch &m, const QJsonObject &feature) {
        facets.append(facet(bytes(m.capturedStart()), bytes(m.capturedEnd()), feature));
    };
    auto it = handlePattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString did = dids.value(m.captured(1).toLower());
        if (!did.isEmpty())
            add(m, {{QStringLiteral("$type"), QStringLiteral("app.bsky.richtext.facet#mention")},
                    {QStringLiteral("did"), did}});
    }
    it = link.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        add(m, {{QStringLiteral("$type"), QStringLiteral("app.bsky.richtext.facet#link")},
                {QStringLiteral("uri"), m.captured(0)}});
    }
    it = tag.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        add(m, {{QStringLiteral("$type"), QStringLiteral("app.bsky.richtext.facet#tag")},
                {QStringLiteral("tag"), m.captured(1)}});
    }
    return facets;
}

void Publisher::blueskyCreate(Job &job) {
    const QString key = sessionKey(job);
    const auto session = m_sessions.value(key);
    QJsonObject record{
        {QStringLiteral("$type"), QStringLiteral("app.bsky.feed.post")},
        {QStringLiteral("text"), job.ticket.text},
        {QStringLiteral("createdAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    if (!job.ticket.language.isEmpty())
        record.insert(QStringLiteral("langs"), QJsonArray{job.ticket.language});
    if (!job.replyRef.isEmpty())
        record.insert(QStringLiteral("reply"), job.replyRef);
    const QJsonArray facets = facetsFor(job.ticket.text, job.dids);
    if (!facets.isEmpty())
        record.insert(QStringLiteral("facets"), facets);
    const QJsonObject body{{QStringLiteral("repo"), session.second},
                           {QStringLiteral("collection"), QStringLiteral("app.bsky.feed.post")},
                           {QStringLiteral("rkey"), job.ticket.rkey},
                           {QStringLiteral("record"), record}};
    step(job,
         jsonRequest(
             endpoint(job.account.baseUrl, QStringLiteral("/xrpc/com.atproto.repo.createRecord")),
             session.first),
         "POST", compact(body), [this, key](Job &job, const Response &r) {
             const QString did = m_sessions.value(key).second;
             if (r.ok())
                 return succeed(job, r.json.value(QStringLiteral("uri")).toString(),
                                QStringLiteral("https://bsky.app/profile/%1/post/%2")
                                    .arg(did, job.ticket.rkey));
             if (r.status == 401 ||
                 r.json.value(QStringLiteral("error")).toString() == u"ExpiredToken") {
                 m_sessions.remove(key);
                 return retryLater(job, r.words, 0);
             }
             // Our rkey is taken: an earlier try got through. Check it is our text, then done.
             if (r.status == 409 ||
                 (r.status == 400 &&
                  r.words.contains(QStringLiteral("already exist"), Qt::CaseInsensitive)))
                 return blueskyCheckExisting(job, r.words);
             if (retryIfTransient(job, r))
                 return;
             giveUp(job, r.words, true);
         });
}

void Publisher::blueskyCheckExisting(Job &job, const QString &createError) {
    const QString did = m_sessions.value(sessionKey(job)).second;
    const QUrl url =
        endpoint(job.account.baseUrl, QStringLiteral("/xrpc/com.atproto.repo.getRecord"),
                 {{QStringLiteral("repo"), did},
                  {QStringLiteral("collection"), QStringLiteral("app.bsky.feed.post")},
                  {QStringLiteral("rkey"), job.ticket.rkey}});
    step(job, QNetworkRequest(url), "GET", {},
         [this, did, createError](Job &job, const Response &r) {
             if (r.ok()) {
                 const QString text = r.json.value(QStringLiteral("value"))
                                          .toObject()
                                          .value(QStringLiteral("text"))
                                          .toString();
                 if (text == job.ticket.text)
                     return succeed(job, r.json.value(QStringLiteral("uri")).toString(),
                                    QStringLiteral("https://bsky.app/profile/%1/post/%2")
                                        .arg(did, job.ticket.rkey));
                 return giveUp(job,
                               QStringLiteral("record key %1 holds another text: %2")
                                   .arg(job.ticket.rkey, createError),
                               true);
             }
             if (retryIfTransient(job, r))
                 return;
             giveUp(job, createError, true);
         });
}

// --- Accounts -----------------------------------------------------------------------------

void Publisher::checkAccount(const PublishingAccount &account, const QString &secret,
                             std::function<void(bool, const QString &)> done) {
    if (const QString why = account.validate(); !why.isEmpty())
        return done(false, why);
    if (secret.isEmpty())
        return done(false, account.channel == kMastodon ? tr("enter the access token")
                                                        : tr("enter the app password"));
    const QUrl base = account.baseUrl;
    if (account.channel == kMastodon) {
        call(jsonRequest(endpoint(base, QStringLiteral("/api/v1/accounts/verify_credentials")),
                         secret),
             "GET", {}, [this, base, secret, done](const Response &r) {
                 if (!r.ok())
                     return done(false, r.words);
                 const QString who = QStringLiteral("@%1@%2").arg(
                     r.json.value(QStringLiteral("acct")).toString(), base.host());
                 requestInstanceLimit(
                     base, secret, [this, base, who, done](const Response &, int limit) {
                         if (limit > 0) {
                             m_limits.insert(base.toString(), limit);
                             Q_EMIT instanceLimitLearned(base, limit);
                         }
                         done(true, tr("signed in as %1; %2 characters per post")
                                        .arg(who)
                                        .arg(limit > 0 ? limit : ChannelLength::kMastodonDefault));
                     });
             });
        return;
    }
    const QJsonObject body{{QStringLiteral("identifier"), account.handle},
                           {QStringLiteral("password"), secret}};
    const QString key = base.toString() + u'|' + account.handle;
    call(jsonRequest(endpoint(base, QStringLiteral("/xrpc/com.atproto.server.createSession"))),
         "POST", compact(body), [this, key, done](const Response &r) {
             if (!r.ok())
                 return done(false, r.words);
             const QString did = r.json.value(QStringLiteral("did")).toString();
             // createSession is rate limited: the session serves the next post too.
             m_sessions.insert(key, {r.json.value(QStringLiteral("accessJwt")).toString(), did});
             done(true, tr("signed in as %1 (%2)")
                            .arg(r.json.value(QStringLiteral("handle")).toString(), did));
         });
}

// --- Retries ------------------------------------------------------------------------------

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
        if (it == m_jobs.end())
            return;
        if (m_gate) {
            if (const QString why = m_gate((*it)->ticket); !why.isEmpty())
                return giveUp(**it, why, false); // the scheduler decides again later
        }
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
