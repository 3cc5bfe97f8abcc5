#include "common/connectormanager.h"

#include "analysis/ingestpipeline.h"
#include "bluesky/blueskyconnector.h"
#include "common/credentials.h"
#include "hackernews/hnconnector.h"
#include "mastodon/mastodonconnector.h"
#include "replay/replayconnector.h"
#include "rss/rssconnector.h"
#include "store/mentionreader.h"

#include <QFutureWatcher>
#include <QNetworkAccessManager>
#include <QThreadPool>
#include <QtConcurrent>

namespace warroom {

ConnectorManager::ConnectorManager(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
    , m_nam(new QNetworkAccessManager(this))
    , m_credentials(new CredentialStore(this))
    , m_pool(std::make_unique<QThreadPool>()) {
    m_pool->setMaxThreadCount(1); // batches leave in the order they came
    m_pool->setObjectName(QStringLiteral("ingest-analysis"));
    qRegisterMetaType<warroom::ConnectorHealth>();
    qRegisterMetaType<warroom::MentionBatch>();
    qRegisterMetaType<warroom::ConnectorCheckpoint>();
    qRegisterMetaType<QList<warroom::MentionChange>>();
}

ConnectorManager::~ConnectorManager() {
    for (const auto &c : std::as_const(m_connectors))
        if (c)
            c->stop();
    m_pool->waitForDone(); // analysis tasks refer to this object
}

QList<Connector *> ConnectorManager::createConnectors(const SourceConfig &config,
                                                      QNetworkAccessManager *nam, QObject *parent) {
    QList<Connector *> out;
    if (config.kind == u"rss") {
        out << new RssConnector(config, nam, parent);
    } else if (config.kind == u"mastodon") {
        for (const QString &instance : config.instances) {
            const QString base = normaliseInstance(instance);
            if (base.isEmpty())
                continue;
            auto *c = new MastodonConnector(config, base, nam, parent);
            if (config.needsSecret())
                c->setSecretKey(config.credentialKey(base));
            out << c;
        }
    } else if (config.kind == u"bluesky") {
        auto *c = new BlueskyConnector(config, nam, parent);
        c->setSecretKey(config.credentialKey());
        out << c;
    } else if (config.kind == u"hn") {
        out << new HnConnector(config, nam, parent);
    } else if (config.kind == u"replay") {
        out << new ReplayConnector(config, nam, parent);
    }
    return out;
}

void ConnectorManager::setTuning(int pollMs, const Backoff &backoff, const HttpLimits &limits) {
    m_tuned = true;
    m_tunePollMs = pollMs;
    m_tuneBackoff = backoff;
    m_tuneLimits = limits;
}

void ConnectorManager::adopt(Connector *c) {
    c->setParent(this);
    if (m_tuned) {
        if (m_tunePollMs > 0)
            c->setPollInterval(m_tunePollMs);
        c->setBackoff(m_tuneBackoff);
        c->setHttpLimits(m_tuneLimits);
    }
    m_connectors.append(c);
    connect(c, &Connector::batchReady, this, &ConnectorManager::onBatch);
    connect(c, &Connector::healthChanged, this, &ConnectorManager::healthChanged);
    connect(c, &Connector::onceFinished, this, [this, c](bool ok, const QString &summary) {
        if (!m_once)
            return;
        m_onceResults.insert(c->id(), {ok, summary});
        checkOnceDone();
    });
    Q_EMIT healthChanged(c->health());
}

void ConnectorManager::addConnector(Connector *connector) {
    adopt(connector);
}

QList<Connector *> ConnectorManager::connectors() const {
    QList<Connector *> out;
    for (const auto &c : m_connectors)
        if (c)
            out << c.data();
    return out;
}

Connector *ConnectorManager::connector(const QString &id) const {
    for (const auto &c : m_connectors)
        if (c && c->id() == id)
            return c;
    return nullptr;
}

QList<ConnectorHealth> ConnectorManager::health() const {
    QList<ConnectorHealth> out;
    for (const auto &c : m_connectors)
        if (c)
            out << c->health();
    return out;
}

void ConnectorManager::setSources(const QList<SourceConfig> &sources) {
    m_sources = sources;
    QList<Connector *> wanted;
    for (const SourceConfig &s : sources)
        if (s.enabled && s.validate().isEmpty())
            wanted << createConnectors(s, m_nam, nullptr);
    QSet<QString> wantedIds;
    for (Connector *c : std::as_const(wanted))
        wantedIds.insert(c->id());
    // Remove what is gone or changed.
    for (qsizetype i = m_connectors.size() - 1; i >= 0; --i) {
        Connector *c = m_connectors.at(i);
        if (!c) {
            m_connectors.removeAt(i);
            continue;
        }
        bool keep = false;
        for (Connector *w : std::as_const(wanted))
            if (w->id() == c->id() && w->config().toJson() == c->config().toJson())
                keep = true;
        if (!keep) {
            c->stop();
            const QString id = c->id();
            m_connectors.removeAt(i);
            c->deleteLater();
            Q_EMIT removed(id);
        }
    }
    QList<Connector *> fresh;
    for (Connector *w : std::as_const(wanted)) {
        if (connector(w->id())) {
            delete w;
            continue;
        }
        adopt(w);
        fresh << w;
    }
    if (m_running && !fresh.isEmpty()) {
        QList<QPointer<Connector>> list;
        for (Connector *c : fresh)
            list << c;
        const auto saved = m_connectors;
        m_connectors = list; // restore/secrets only for the new ones
        restoreThen([this, saved, list] {
            Q_UNUSED(list)
            for (const auto &c : list)
                if (c)
                    c->start();
        });
        m_connectors = saved;
    }
}

void ConnectorManager::restoreThen(std::function<void()> next) {
    QStringList ids;
    for (const auto &c : std::as_const(m_connectors))
        if (c)
            ids << c->id();
    const QList<QPointer<Connector>> targets = m_connectors;
    const QString path = m_storePath;
    auto *watcher = new QFutureWatcher<QList<ConnectorCheckpoint>>(this);
    connect(watcher, &QFutureWatcher<QList<ConnectorCheckpoint>>::finished, this,
            [this, watcher, targets, next] {
                const QList<ConnectorCheckpoint> saved = watcher->result();
                watcher->deleteLater();
                for (const ConnectorCheckpoint &cp : saved)
                    for (const auto &c : targets)
                        if (c && c->id() == cp.connector)
                            c->restoreCheckpoint(cp);
                // Secrets next.
                auto pending = std::make_shared<int>(0);
                auto after = [pending, next] {
                    if (--*pending == 0)
                        next();
                };
                ++*pending; // guard
                for (const auto &c : targets) {
                    if (!c || c->secretKey().isEmpty())
                        continue;
                    ++*pending;
                    QPointer<Connector> cp = c;
                    m_credentials->read(
                        c->secretKey(), this,
                        [this, cp, after](const QString &secret, const QString &error) {
                            if (cp) {
                                QString value = secret;
                                if (value.isEmpty() && m_secretFallback)
                                    value = m_secretFallback(cp->config(), cp->secretKey());
                                cp->setSecret(
                                    value, value.isEmpty()
                                               ? (error.isEmpty()
                                                      ? tr("no secret saved in the keychain for %1")
                                                            .arg(cp->secretKey())
                                                      : error)
                                               : QString());
                            }
                            after();
                        });
                }
                after();
            });
    watcher->setFuture(QtConcurrent::run([path, ids] {
        QList<ConnectorCheckpoint> out;
        MentionReader reader;
        QString error;
        if (path.isEmpty() || !reader.open(path, &error))
            return out;
        for (const QString &id : ids) {
            const ConnectorCheckpoint cp = reader.checkpoint(id);
            if (cp.isValid())
                out << cp;
        }
        return out;
    }));
}

void ConnectorManager::start() {
    if (m_running)
        return;
    m_running = true;
    m_once = false;
    restoreThen([this] {
        if (!m_running)
            return;
        for (const auto &c : std::as_const(m_connectors))
            if (c)
                c->start();
        Q_EMIT started();
    });
}

void ConnectorManager::pollOnce() {
    m_once = true;
    m_onceResults.clear();
    restoreThen([this] {
        if (connectors().isEmpty()) {
            checkOnceDone();
            return;
        }
        for (const auto &c : std::as_const(m_connectors))
            if (c)
                c->pollOnce();
    });
}

void ConnectorManager::stop() {
    m_running = false;
    for (const auto &c : std::as_const(m_connectors))
        if (c)
            c->stop();
}

void ConnectorManager::onBatch(const MentionBatch &batch, const QList<MentionChange> &changes,
                               const ConnectorCheckpoint &checkpoint) {
    if (!m_analyse || batch.isEmpty()) {
        if (m_pending == 0) {
            Q_EMIT batchAnalysed(batch, changes, checkpoint);
            return;
        }
    }
    ++m_pending;
    const bool analyse = m_analyse;
    QPointer<ConnectorManager> self(this);
    auto run = [self, this, input = batch, changes, checkpoint, analyse] {
        MentionBatch batch = input;
        if (analyse && !batch.isEmpty()) {
            if (!m_pipeline)
                m_pipeline = std::make_shared<const IngestPipeline>(); // built on the pool thread
            m_pipeline->analyse(batch);
        }
        QMetaObject::invokeMethod(
            this,
            [this, batch = std::move(batch), changes, checkpoint] {
                --m_pending;
                Q_EMIT batchAnalysed(batch, changes, checkpoint);
                checkOnceDone();
            },
            Qt::QueuedConnection);
    };
    QThreadPool *pool = m_pool.get();
    pool->start(std::move(run));
}

void ConnectorManager::checkOnceDone() {
    if (!m_once || m_pending > 0)
        return;
    int live = 0;
    for (const auto &c : std::as_const(m_connectors))
        if (c)
            ++live;
    if (m_onceResults.size() < live)
        return;
    bool anyOk = false;
    for (const auto &r : std::as_const(m_onceResults))
        anyOk = anyOk || r.first;
    m_once = false;
    Q_EMIT finished(anyOk, m_onceResults);
}

void ConnectorManager::testSource(const SourceConfig &config, const QString &secret,
                                  QObject *context,
                                  std::function<void(bool, const QString &)> done) {
    QPointer<QObject> ctx(context);
    const QString problem = config.validate();
    if (!problem.isEmpty()) {
        QTimer::singleShot(0, context, [done, problem] { done(false, problem); });
        return;
    }
    if (config.kind == u"replay") {
        ReplayConnector::probe(config.file, context, std::move(done));
        return;
    }
    const QList<Connector *> list = createConnectors(config, m_nam, this);
    auto results = std::make_shared<QStringList>();
    auto okAll = std::make_shared<bool>(true);
    auto left = std::make_shared<int>(int(list.size()));
    for (Connector *c : list) {
        c->setSecret(secret, secret.isEmpty() && config.needsSecret()
                                 ? tr("no token or app password given")
                                 : QString());
        HttpLimits limits;
        limits.timeoutMs = 15'000;
        c->setHttpLimits(limits);
        connect(c, &Connector::onceFinished, this,
                [c, ctx, done, results, okAll, left](bool ok, const QString &summary) {
                    *okAll = *okAll && ok;
                    results->append(QStringLiteral("%1: %2").arg(
                        c->health().label, ok ? summary : tr("failed — %1").arg(summary)));
                    c->deleteLater();
                    if (--*left == 0 && ctx)
                        done(*okAll, results->join(u'\n'));
                });
        c->pollOnce();
    }
}

} // namespace warroom
