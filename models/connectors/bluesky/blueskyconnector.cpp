#include "bluesky/blueskyconnector.h"

#include "bluesky/blueskypost.h"
#include "domain/numbers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>
#include <QWebSocket>

namespace warroom {

QString BlueskyConnector::makeId(const SourceConfig &config) {
    QStringList terms = config.keywords;
    for (const QString &h : config.handles)
        terms << u'@' + h;
    return QStringLiteral("bluesky:%1").arg(terms.join(u','));
}

BlueskyConnector::BlueskyConnector(const SourceConfig &config, QNetworkAccessManager *nam,
                                   QObject *parent)
    : Connector(config, makeId(config), nam, parent)
    , m_service(config.service.isEmpty()                      ? QString::fromLatin1(kDefaultService)
                : normaliseInstance(config.service).isEmpty() ? config.service
                                                              : config.service.trimmed()) {
    if (m_service.endsWith(u'/'))
        m_service.chop(1);
    m_pds = m_service;
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(500);
    connect(&m_flushTimer, &QTimer::timeout, this, &BlueskyConnector::flushStream);
}

BlueskyConnector::~BlueskyConnector() {
    m_streamBatch.clear();
    m_streamChanges.clear();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        delete m_socket;
    }
}

void BlueskyConnector::restoreCheckpoint(const ConnectorCheckpoint &checkpoint) {
    Connector::restoreCheckpoint(checkpoint);
    const QJsonObject o = QJsonDocument::fromJson(checkpoint.stateJson).object();
    const QJsonObject since = o.value(u"since").toObject();
    for (auto it = since.begin(); it != since.end(); ++it)
        m_since.insert(it.key(), it.value().toString());
    m_timeUs = clampToInt64(o.value(u"jetstream_time_us").toDouble());
}

void BlueskyConnector::saveState() {
    QJsonObject since;
    for (auto it = m_since.cbegin(); it != m_since.cend(); ++it)
        since.insert(it.key(), it.value());
    QJsonObject o{{QStringLiteral("since"), since}};
    if (m_timeUs > 0)
        o.insert(QStringLiteral("jetstream_time_us"), double(m_timeUs));
    m_checkpoint.stateJson = QJsonDocument(o).toJson(QJsonDocument::Compact);
    m_checkpoint.cursor =
        m_timeUs > 0 ? QString::number(m_timeUs) : m_since.value(config().keywords.value(0));
}

QUrl BlueskyConnector::xrpc(const QString &method) const {
    return QUrl(m_pds + QStringLiteral("/xrpc/") + method);
}

// --- session ---

void BlueskyConnector::ensureSession(std::function<void(bool)> next) {
    if (!m_accessJwt.isEmpty()) {
        next(true);
        return;
    }
    if (!m_refreshJwt.isEmpty()) {
        refreshSession(std::move(next));
        return;
    }
    createSession(std::move(next));
}

void BlueskyConnector::createSession(std::function<void(bool)> next) {
    if (secret().isEmpty()) {
        cycleFailed(tr("no app password for %1: %2")
                        .arg(config().account, secretProblem().isEmpty()
                                                   ? tr("add one in the sources dialog")
                                                   : secretProblem()),
                    false);
        return;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (m_lastCreateMs && now - m_lastCreateMs < kMinCreateGapMs) {
        // Never re-create in a loop: createSession is limited to 30 per 5 minutes.
        cycleFailed(tr("waiting before signing in to Bluesky again"), true,
                    QDateTime::fromMSecsSinceEpoch(m_lastCreateMs + kMinCreateGapMs, Qt::UTC));
        return;
    }
    m_lastCreateMs = now;
    ++m_sessionsCreated;
    HttpRequestSpec spec;
    spec.url = QUrl(m_service + QStringLiteral("/xrpc/com.atproto.server.createSession"));
    spec.method = "POST";
    spec.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
    spec.body = QJsonDocument(QJsonObject{{QStringLiteral("identifier"), config().account},
                                          {QStringLiteral("password"), secret()}})
                    .toJson(QJsonDocument::Compact);
    fetch(spec, [this, next](const HttpResult &r) {
        if (!r.ok()) {
            if (r.status == 401 || r.status == 400)
                cycleFailed(
                    tr("Bluesky refused the handle or app password (HTTP %1)").arg(r.status),
                    false);
            else
                cycleFailed(r);
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        m_accessJwt = o.value(u"accessJwt").toString().toUtf8();
        m_refreshJwt = o.value(u"refreshJwt").toString().toUtf8();
        m_did = o.value(u"did").toString();
        // The user's PDS, when the DID document names one on https.
        for (const QJsonValue &svc : o.value(u"didDoc").toObject().value(u"service").toArray()) {
            const QJsonObject s = svc.toObject();
            const QUrl endpoint(s.value(u"serviceEndpoint").toString());
            if (s.value(u"id").toString().endsWith(u"#atproto_pds") &&
                endpoint.scheme() == u"https")
                m_pds = endpoint.toString(QUrl::StripTrailingSlash);
        }
        if (m_accessJwt.isEmpty()) {
            cycleFailed(tr("Bluesky sent no session"), true);
            return;
        }
        next(true);
    });
}

void BlueskyConnector::refreshSession(std::function<void(bool)> next) {
    HttpRequestSpec spec;
    spec.url = QUrl(m_service + QStringLiteral("/xrpc/com.atproto.server.refreshSession"));
    spec.method = "POST";
    spec.authorization = "Bearer " + m_refreshJwt;
    ++m_sessionsRefreshed;
    fetch(spec, [this, next](const HttpResult &r) {
        if (!r.ok()) {
            m_accessJwt.clear();
            m_refreshJwt.clear();
            if (r.retryable()) {
                cycleFailed(r);
                return;
            }
            createSession(next); // refresh token expired: sign in again (rate-limited above)
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        m_accessJwt = o.value(u"accessJwt").toString().toUtf8();
        m_refreshJwt = o.value(u"refreshJwt").toString().toUtf8();
        next(!m_accessJwt.isEmpty());
    });
}

// --- search ---

void BlueskyConnector::runCycle() {
    m_queries = config().keywords;
    m_cycleNew = 0;
    m_queriesOk = 0;
    m_errors.clear();
    m_lastFailure = {};
    m_behind = false;
    if (config().account.trimmed().isEmpty() || m_queries.isEmpty()) {
        cycleSucceeded(tr("live stream only (search needs an account)"));
        return;
    }
    ensureSession([this](bool ok) {
        if (ok)
            nextQuery();
    });
}

void BlueskyConnector::nextQuery() {
    if (m_queries.isEmpty()) {
        if (m_queriesOk == 0 && !m_errors.isEmpty()) {
            if (m_lastFailure.error != HttpResult::Error::None)
                cycleFailed(m_lastFailure);
            else
                cycleFailed(m_errors.join(QStringLiteral("; ")), false);
            return;
        }
        QString summary = tr("%n new post(s)", nullptr, m_cycleNew);
        if (!m_errors.isEmpty())
            summary += QStringLiteral("; ") + m_errors.join(QStringLiteral("; "));
        cycleSucceeded(summary, m_behind);
        return;
    }
    searchPage(m_queries.takeFirst(), {}, 1, false);
}

void BlueskyConnector::searchPage(const QString &query, const QString &cursor, int page,
                                  bool retried) {
    QUrl url = xrpc(QStringLiteral("app.bsky.feed.searchPosts"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("q"), query);
    q.addQueryItem(QStringLiteral("sort"), QStringLiteral("latest"));
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("100"));
    const QString since = m_since.value(query);
    if (!since.isEmpty())
        q.addQueryItem(QStringLiteral("since"), since);
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    url.setQuery(q);
    HttpRequestSpec spec;
    spec.url = url;
    spec.authorization = "Bearer " + m_accessJwt;
    fetch(spec, [this, query, page, retried](const HttpResult &r) {
        if (!r.ok()) {
            const bool expired =
                (r.status == 400 || r.status == 401) &&
                (QJsonDocument::fromJson(r.body).object().value(u"error").toString() ==
                     u"ExpiredToken" ||
                 r.status == 401);
            if (expired && !retried) {
                m_accessJwt.clear();
                ensureSession([this, query](bool ok) {
                    if (ok)
                        searchPage(query, {}, 1, true);
                });
                return;
            }
            m_lastFailure = r;
            m_errors << QStringLiteral("\"%1\": %2").arg(query, describeHttpError(r));
            nextQuery();
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        if (!o.value(u"posts").isArray()) {
            m_errors << tr("\"%1\": Bluesky sent invalid JSON").arg(query);
            nextQuery();
            return;
        }
        ++m_queriesOk;
        const QJsonArray posts = o.value(u"posts").toArray();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        MentionBatch batch;
        int fresh = 0;
        QString newest = m_since.value(query);
        QDateTime newestAt = QDateTime::fromString(newest, Qt::ISODateWithMs);
        for (qsizetype i = posts.size() - 1; i >= 0; --i) {
            const QJsonObject p = posts.at(i).toObject();
            Mention m = blueskyPostView(p, now);
            if (m.sourceId.isEmpty())
                continue;
            const QString indexed = p.value(u"indexedAt").toString();
            const QDateTime at = QDateTime::fromString(indexed, Qt::ISODateWithMs);
            if (at.isValid() && (!newestAt.isValid() || at > newestAt)) {
                newestAt = at;
                newest = indexed;
            }
            if (!markSeen(m.sourceId))
                continue;
            ++fresh;
            batch << m;
        }
        if (!newest.isEmpty())
            m_since.insert(query, newest);
        m_cycleNew += fresh;
        const QString nextCursor = o.value(u"cursor").toString();
        const bool more = fresh == posts.size() && posts.size() >= 100 && !nextCursor.isEmpty();
        saveState();
        enrichThenPublish(batch, {}, [this, query, nextCursor, more, page] {
            if (more && page < kMaxPages && !rateLimitedUntil().isValid()) {
                searchPage(query, nextCursor, page + 1, false);
                return;
            }
            if (more)
                m_behind = true;
            nextQuery();
        });
    });
}

void BlueskyConnector::enrichThenPublish(MentionBatch batch, QList<MentionChange> changes,
                                         std::function<void()> then) {
    QStringList missing;
    for (const Mention &m : batch) {
        const QString did = m.sourceId.mid(5).section(u'/', 0, 0);
        if (!m_followers.contains(did) && !missing.contains(did))
            missing << did;
    }
    auto apply = [this](MentionBatch &b) {
        for (Mention &m : b) {
            const QString did = m.sourceId.mid(5).section(u'/', 0, 0);
            if (m_followers.contains(did))
                m.authorFollowers = m_followers.value(did);
            const QString handle = m_handles.value(did);
            if (!handle.isEmpty() && m.authorHandle == did) {
                m.authorHandle = handle;
                m.url = blueskyWebUrl(m.sourceId, handle);
            }
        }
    };
    if (missing.isEmpty() || m_accessJwt.isEmpty()) {
        apply(batch);
        publish(batch, changes);
        then();
        return;
    }
    const QStringList chunk = missing.mid(0, kProfilesPerCall);
    QUrl url = xrpc(QStringLiteral("app.bsky.actor.getProfiles"));
    QUrlQuery q;
    for (const QString &a : chunk)
        q.addQueryItem(QStringLiteral("actors"), a);
    url.setQuery(q);
    HttpRequestSpec spec;
    spec.url = url;
    spec.authorization = "Bearer " + m_accessJwt;
    fetch(spec, [this, batch, changes, then, chunk](const HttpResult &r) mutable {
        if (r.ok()) {
            for (const QJsonValue &v :
                 QJsonDocument::fromJson(r.body).object().value(u"profiles").toArray()) {
                const QJsonObject p = v.toObject();
                const QString did = p.value(u"did").toString();
                if (did.isEmpty())
                    continue;
                m_followers.insert(did, p.value(u"followersCount").isDouble()
                                            ? countFromDouble(p.value(u"followersCount").toDouble())
                                            : -1);
                m_handles.insert(did, p.value(u"handle").toString());
            }
        }
        // Unknown actors (or a failed lookup) are not asked again and again.
        for (const QString &a : chunk)
            if (!m_followers.contains(a))
                m_followers.insert(a, -1);
        if (m_followers.size() > 100'000) {
            m_followers.clear();
            m_handles.clear();
        }
        enrichThenPublish(std::move(batch), std::move(changes), std::move(then));
    });
}

// --- Jetstream ---

void BlueskyConnector::openStream() {
    if (config().streamUrl == u"off" || (config().keywords.isEmpty() && config().handles.isEmpty()))
        return;
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    QUrl url(config().streamUrl.isEmpty() ? QString::fromLatin1(kDefaultJetstream)
                                          : config().streamUrl);
    QUrlQuery q(url.query());
    q.removeAllQueryItems(QStringLiteral("wantedCollections"));
    q.addQueryItem(QStringLiteral("wantedCollections"), QStringLiteral("app.bsky.feed.post"));
    if (m_timeUs > 0)
        q.addQueryItem(QStringLiteral("cursor"), QString::number(m_timeUs - kResumeOverlapUs));
    url.setQuery(q);
    m_socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_socket->setMaxAllowedIncomingMessageSize(1024 * 1024);
    m_socket->setMaxAllowedIncomingFrameSize(1024 * 1024);
    QWebSocket *ws = m_socket;
    connect(ws, &QWebSocket::connected, this, [this] { streamLive(); });
    connect(ws, &QWebSocket::textMessageReceived, this, &BlueskyConnector::onJetstreamMessage);
    connect(ws, &QWebSocket::disconnected, this, [this, ws] {
        if (ws != m_socket)
            return;
        flushStream();
        const QString why =
            tr("Jetstream closed: %1")
                .arg(ws->closeReason().isEmpty() ? ws->errorString() : ws->closeReason());
        m_socket = nullptr;
        ws->deleteLater();
        streamFailed(why);
    });
    ws->open(url);
}

void BlueskyConnector::closeStream() {
    flushStream();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
}

void BlueskyConnector::onJetstreamMessage(const QString &message) {
    const JetstreamEvent e = parseJetstream(message.toUtf8(), QDateTime::currentDateTimeUtc());
    if (e.timeUs > m_timeUs)
        m_timeUs = e.timeUs;
    switch (e.kind) {
    case JetstreamEvent::Kind::Create:
    case JetstreamEvent::Kind::Update:
        if (!matchesKeywords(e.mention, config().keywords, config().handles))
            break;
        if (markSeen(e.atUri))
            m_streamBatch << e.mention;
        if (e.kind == JetstreamEvent::Kind::Update) {
            MentionChange c;
            c.kind = MentionChange::Kind::Edited;
            c.source = QStringLiteral("bluesky");
            c.sourceId = e.atUri;
            c.newText = e.mention.text;
            c.at = e.mention.createdAt;
            m_streamChanges << c;
        }
        break;
    case JetstreamEvent::Kind::Delete:
        // Only posts this connector matched: the firehose deletes far more than we store.
        if (!markSeen(e.atUri)) {
            MentionChange c;
            c.kind = MentionChange::Kind::Deleted;
            c.source = QStringLiteral("bluesky");
            c.sourceId = e.atUri;
            c.at = e.timeUs ? QDateTime::fromMSecsSinceEpoch(e.timeUs / 1000, Qt::UTC)
                            : QDateTime::currentDateTimeUtc();
            m_streamChanges << c;
        }
        break;
    case JetstreamEvent::Kind::Other:
        break;
    }
    if (m_timeUs > 0) {
        const qint64 lagUs = QDateTime::currentMSecsSinceEpoch() * 1000 - m_timeUs;
        const bool lagging = lagUs > 60'000'000LL;
        if (lagging != (health().state == ConnectorState::Lagging))
            setState(lagging ? ConnectorState::Lagging : ConnectorState::Live);
    }
    if (m_streamBatch.size() + m_streamChanges.size() >= 200)
        flushStream();
    else if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void BlueskyConnector::flushStream() {
    m_flushTimer.stop();
    if (m_enriching)
        return; // the enrichment in flight flushes again when done
    saveState();
    if (m_streamBatch.isEmpty() && m_streamChanges.isEmpty()) {
        if (m_timeUs > 0)
            publish({}, {}); // move the cursor forward even when nothing matched
        return;
    }
    MentionBatch batch;
    batch.swap(m_streamBatch);
    QList<MentionChange> changes;
    changes.swap(m_streamChanges);
    m_enriching = true;
    enrichThenPublish(batch, changes, [this] {
        m_enriching = false;
        if (!m_streamBatch.isEmpty() || !m_streamChanges.isEmpty())
            m_flushTimer.start();
    });
}

} // namespace warroom
