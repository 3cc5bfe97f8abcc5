#include "mastodon/mastodonconnector.h"

#include "mastodon/mastodonstatus.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QUrlQuery>

namespace warroom {

QString MastodonConnector::makeId(const SourceConfig &config, const QString &instanceBase) {
    QString id = QStringLiteral("mastodon:%1").arg(QUrl(instanceBase).authority());
    if (!config.hashtags.isEmpty())
        id += u'#' + config.hashtags.join(u',').toLower();
    if (!config.keywords.isEmpty() && !config.account.isEmpty())
        id += u'?' + config.keywords.join(u',');
    return id;
}

MastodonConnector::MastodonConnector(const SourceConfig &config, QString instanceBase,
                                     QNetworkAccessManager *nam, QObject *parent)
    : Connector(config, makeId(config, instanceBase), nam, parent)
    , m_base(std::move(instanceBase))
    , m_host(QUrl(m_base).host()) {
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(250);
    connect(&m_flushTimer, &QTimer::timeout, this, &MastodonConnector::flushStream);
}

MastodonConnector::~MastodonConnector() {
    m_streamBatch.clear();
    m_streamChanges.clear();
    closeStream();
}

void MastodonConnector::restoreCheckpoint(const ConnectorCheckpoint &checkpoint) {
    Connector::restoreCheckpoint(checkpoint);
    const QJsonObject o = QJsonDocument::fromJson(checkpoint.stateJson).object();
    const QJsonObject tags = o.value(u"tags").toObject();
    for (auto it = tags.begin(); it != tags.end(); ++it)
        m_tagCursor.insert(it.key(), it.value().toString());
    const QJsonObject search = o.value(u"search").toObject();
    for (auto it = search.begin(); it != search.end(); ++it)
        m_searchCursor.insert(it.key(), it.value().toString());
}

void MastodonConnector::saveCursors() {
    QJsonObject tags, search;
    for (auto it = m_tagCursor.cbegin(); it != m_tagCursor.cend(); ++it)
        tags.insert(it.key(), it.value());
    for (auto it = m_searchCursor.cbegin(); it != m_searchCursor.cend(); ++it)
        search.insert(it.key(), it.value());
    m_checkpoint.stateJson = QJsonDocument(QJsonObject{{QStringLiteral("tags"), tags},
                                                       {QStringLiteral("search"), search}})
                                 .toJson(QJsonDocument::Compact);
    if (!config().hashtags.isEmpty())
        m_checkpoint.cursor = m_tagCursor.value(config().hashtags.first().toLower());
}

QByteArray MastodonConnector::bearer() const {
    return secret().isEmpty() ? QByteArray() : "Bearer " + secret().toUtf8();
}

int MastodonConnector::heartbeats() const {
    int n = 0;
    for (const Stream *s : m_streams)
        n += s->parser.heartbeats();
    return n;
}

void MastodonConnector::runCycle() {
    if (!config().account.isEmpty() && secret().isEmpty() && config().hashtags.isEmpty()) {
        cycleFailed(tr("keyword search needs the account token: %1").arg(secretProblem()), false);
        return;
    }
    m_jobs.clear();
    for (const QString &t : config().hashtags)
        m_jobs << Job{false, t.toLower()};
    if (!secret().isEmpty())
        for (const QString &k : config().keywords)
            m_jobs << Job{true, k};
    m_cycleNew = 0;
    m_cycleBehind = false;
    m_cycleErrors.clear();
    m_lastFailure = {};
    m_jobsOk = 0;
    nextJob();
}

void MastodonConnector::nextJob() {
    if (m_jobs.isEmpty()) {
        if (m_jobsOk == 0 && !m_cycleErrors.isEmpty()) {
            if (m_lastFailure.error != HttpResult::Error::None)
                cycleFailed(m_lastFailure);
            else
                cycleFailed(m_cycleErrors.join(QStringLiteral("; ")), false);
            return;
        }
        QString summary = tr("%n new post(s)", nullptr, m_cycleNew);
        if (!m_cycleErrors.isEmpty())
            summary += QStringLiteral("; ") + m_cycleErrors.join(QStringLiteral("; "));
        cycleSucceeded(summary, m_cycleBehind);
        return;
    }
    fetchPage(m_jobs.takeFirst(), 1);
}

static QString linkParam(const QByteArray &link, const char *rel, const QString &param) {
    // <https://host/api/v1/timelines/tag/x?min_id=123>; rel="prev", <...>; rel="next"
    const QString text = QString::fromLatin1(link);
    for (const QString &part : text.split(u',')) {
        if (!part.contains(QStringLiteral("rel=\"%1\"").arg(QLatin1StringView(rel))))
            continue;
        const qsizetype a = part.indexOf(u'<'), b = part.indexOf(u'>');
        if (a < 0 || b < a)
            continue;
        return QUrlQuery(QUrl(part.mid(a + 1, b - a - 1)).query()).queryItemValue(param);
    }
    return {};
}

void MastodonConnector::fetchPage(const Job &job, int page) {
    const QString cursor =
        job.search ? m_searchCursor.value(job.term) : m_tagCursor.value(job.term);
    QUrl url(m_base);
    QUrlQuery q;
    if (job.search) {
        url.setPath(QStringLiteral("/api/v2/search"));
        q.addQueryItem(QStringLiteral("q"), job.term);
        q.addQueryItem(QStringLiteral("type"), QStringLiteral("statuses"));
    } else {
        url.setPath(QStringLiteral("/api/v1/timelines/tag/") +
                    QString::fromLatin1(QUrl::toPercentEncoding(job.term)));
    }
    q.addQueryItem(QStringLiteral("limit"), QString::number(kPageLimit));
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("min_id"), cursor);
    url.setQuery(q);
    HttpRequestSpec spec;
    spec.url = url;
    spec.headers << qMakePair(QByteArray("Accept"), QByteArray("application/json"));
    spec.authorization = bearer();
    fetch(spec, [this, job, page, cursor](const HttpResult &r) {
        const QString what =
            job.search ? tr("search \"%1\"").arg(job.term) : QStringLiteral("#") + job.term;
        if (!r.ok()) {
            m_lastFailure = r;
            m_cycleErrors << QStringLiteral("%1: %2").arg(what, describeHttpError(r));
            nextJob();
            return;
        }
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(r.body, &pe);
        QJsonArray statuses;
        if (doc.isArray())
            statuses = doc.array();
        else if (doc.isObject() && doc.object().value(u"statuses").isArray())
            statuses = doc.object().value(u"statuses").toArray();
        else {
            m_cycleErrors << tr("%1: the instance sent invalid JSON").arg(what);
            nextJob();
            return;
        }
        ++m_jobsOk;
        MentionBatch batch;
        m_cycleNew += ingest(statuses, &batch);
        // Forward cursor: the newest id of this page (rel="prev" min_id), else the first id.
        QString next = linkParam(r.header("link"), "prev", QStringLiteral("min_id"));
        if (next.isEmpty() && !statuses.isEmpty())
            next = statuses.first().toObject().value(u"id").toString();
        if (!next.isEmpty()) {
            if (job.search)
                m_searchCursor.insert(job.term, next);
            else
                m_tagCursor.insert(job.term, next);
        }
        saveCursors();
        publish(batch);
        const bool full = statuses.size() >= kPageLimit;
        // The first run takes the latest page only; afterwards page forward until caught up.
        if (full && !cursor.isEmpty() && !next.isEmpty() && next != cursor) {
            if (page < kMaxPages && !rateLimitedUntil().isValid()) {
                fetchPage(job, page + 1);
                return;
            }
            m_cycleBehind = true;
        }
        nextJob();
    });
}

int MastodonConnector::ingest(const QJsonArray &statuses, MentionBatch *batch) {
    const QDateTime now = QDateTime::currentDateTimeUtc();
    int added = 0;
    if (m_localToUri.size() > 200'000)
        m_localToUri.clear();
    // Oldest first, so a batch reads in time order.
    for (qsizetype i = statuses.size() - 1; i >= 0; --i) {
        const MastodonStatus s = mastodonStatus(statuses.at(i).toObject(), m_host, now);
        if (!s.valid)
            continue;
        m_localToUri.insert(s.localId, s.mention.sourceId);
        if (!s.originalLocalId.isEmpty())
            m_localToUri.insert(s.originalLocalId, s.mention.sourceId);
        Mention m = s.mention;
        if (s.isBoost) {
            const qint64 seen = ++m_boostsSeen[m.sourceId];
            m.reposts = std::max(m.reposts, seen);
        }
        if (!markSeen(m.sourceId))
            continue; // already handed on (a boost of a stored post, or a page overlap)
        batch->append(m);
        ++added;
    }
    return added;
}

// --- streaming ---

void MastodonConnector::openStream() {
    if (secret().isEmpty() || config().hashtags.isEmpty())
        return;
    for (const QString &t : config().hashtags)
        openTagStream(t.toLower());
}

void MastodonConnector::closeStream() {
    for (Stream *s : std::as_const(m_streams)) {
        if (s->reply) {
            s->reply->disconnect(this);
            s->reply->abort();
            s->reply->deleteLater();
        }
        delete s;
    }
    m_streams.clear();
    flushStream();
}

void MastodonConnector::openTagStream(const QString &tag) {
    if (Stream *old = m_streams.take(tag)) {
        if (old->reply) {
            old->reply->disconnect(this);
            old->reply->abort();
            old->reply->deleteLater();
        }
        delete old;
    }
    QUrl url(m_base);
    url.setPath(QStringLiteral("/api/v1/streaming/hashtag"));
    url.setQuery(QUrlQuery{{QStringLiteral("tag"), tag}});
    QNetworkRequest req(url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    req.setRawHeader("Accept", "text/event-stream");
    req.setRawHeader("Authorization", bearer());
    // Heartbeats come every ~15 s: a silent minute means the stream is dead.
    req.setTransferTimeout(std::max(limits().timeoutMs, 60'000));
    auto *s = new Stream;
    s->parser = SseParser(256 * 1024);
    s->reply = network()->get(req);
    m_streams.insert(tag, s);
    QNetworkReply *reply = s->reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply, tag] {
        Stream *st = m_streams.value(tag);
        if (!st || st->reply != reply)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200) {
            st->live = true;
            streamLive();
        }
    });
    connect(reply, &QNetworkReply::readyRead, this, [this, tag] { onStreamData(tag); });
    connect(reply, &QNetworkReply::finished, this, [this, reply, tag] {
        reply->deleteLater();
        Stream *st = m_streams.value(tag);
        if (!st || st->reply != reply)
            return;
        onStreamData(tag);
        flushStream();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        QString why;
        if (status == 401 || status == 403)
            why = tr("the instance refused the token for streaming (HTTP %1)").arg(status);
        else if (status && status != 200)
            why = tr("stream #%1: HTTP %2 from %3").arg(tag).arg(status).arg(m_host);
        else if (!st->parser.error().isEmpty())
            why = tr("stream #%1 broken: %2").arg(tag, st->parser.error());
        else
            why = tr("stream #%1 from %2 ended: %3").arg(tag, m_host, reply->errorString());
        const RateLimitInfo rl = [&] {
            QHash<QByteArray, QByteArray> h;
            for (const auto &p : reply->rawHeaderPairs())
                h.insert(p.first.toLower(), p.second);
            return parseRateLimit(h, QDateTime::currentDateTimeUtc());
        }();
        delete m_streams.take(tag);
        // Closing every stream and reopening them together keeps the code simple.
        for (Stream *other : std::as_const(m_streams)) {
            if (other->reply) {
                other->reply->disconnect(this);
                other->reply->abort();
                other->reply->deleteLater();
            }
            delete other;
        }
        m_streams.clear();
        streamFailed(why, status == 429 ? rl.blockedUntil() : QDateTime());
    });
}

void MastodonConnector::onStreamData(const QString &tag) {
    Stream *st = m_streams.value(tag);
    if (!st || !st->reply)
        return;
    const int status = st->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray bytes = st->reply->readAll();
    if (status != 200)
        return;
    if (!st->parser.feed(bytes)) {
        st->reply->abort(); // finished() reports the parser error
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const SseParser::Event &e : st->parser.takeEvents()) {
        ++m_streamEvents;
        if (e.event == u"update" || e.event == u"status.update") {
            const QJsonDocument doc = QJsonDocument::fromJson(e.data);
            if (!doc.isObject())
                continue;
            const MastodonStatus s = mastodonStatus(doc.object(), m_host, now);
            if (!s.valid)
                continue;
            m_localToUri.insert(s.localId, s.mention.sourceId);
            if (!s.originalLocalId.isEmpty())
                m_localToUri.insert(s.originalLocalId, s.mention.sourceId);
            if (markSeen(s.mention.sourceId))
                m_streamBatch << s.mention;
            if (e.event == u"status.update") {
                MentionChange c;
                c.kind = MentionChange::Kind::Edited;
                c.source = s.mention.source;
                c.sourceId = s.mention.sourceId;
                c.newText = s.mention.text;
                const QString edited = doc.object().value(u"edited_at").toString();
                c.at = QDateTime::fromString(edited, Qt::ISODateWithMs).toUTC();
                if (!c.at.isValid())
                    c.at = now;
                m_streamChanges << c;
            }
        } else if (e.event == u"delete") {
            const QString local = QString::fromUtf8(e.data).trimmed();
            const QString uri = m_localToUri.value(local);
            if (uri.isEmpty())
                continue; // a post never seen here: nothing stored to mark
            MentionChange c;
            c.kind = MentionChange::Kind::Deleted;
            c.source = QStringLiteral("mastodon");
            c.sourceId = uri;
            c.at = now;
            m_streamChanges << c;
        }
    }
    if (m_streamBatch.size() + m_streamChanges.size() >= 200)
        flushStream();
    else if ((!m_streamBatch.isEmpty() || !m_streamChanges.isEmpty()) && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void MastodonConnector::flushStream() {
    m_flushTimer.stop();
    if (m_streamBatch.isEmpty() && m_streamChanges.isEmpty())
        return;
    MentionBatch batch;
    batch.swap(m_streamBatch);
    QList<MentionChange> changes;
    changes.swap(m_streamChanges);
    publish(batch, changes);
}

} // namespace warroom
