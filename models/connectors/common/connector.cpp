#include "common/connector.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>

#include <algorithm>

namespace warroom {

QString connectorStateName(ConnectorState s) {
    switch (s) {
    case ConnectorState::Idle:
        return QStringLiteral("idle");
    case ConnectorState::Connecting:
        return QStringLiteral("connecting");
    case ConnectorState::Live:
        return QStringLiteral("live");
    case ConnectorState::Lagging:
        return QStringLiteral("lagging");
    case ConnectorState::BackingOff:
        return QStringLiteral("backing off");
    case ConnectorState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString connectorStateLabel(ConnectorState s) {
    switch (s) {
    case ConnectorState::Idle:
        return QCoreApplication::translate("Connector", "Idle");
    case ConnectorState::Connecting:
        return QCoreApplication::translate("Connector", "Connecting");
    case ConnectorState::Live:
        return QCoreApplication::translate("Connector", "Live");
    case ConnectorState::Lagging:
        return QCoreApplication::translate("Connector", "Lagging");
    case ConnectorState::BackingOff:
        return QCoreApplication::translate("Connector", "Backing off");
    case ConnectorState::Failed:
        return QCoreApplication::translate("Connector", "Failed");
    }
    return {};
}

qint64 ConnectorHealth::lagSeconds(const QDateTime &now) const {
    if (!lastItemAt.isValid())
        return -1;
    return std::max<qint64>(0, lastItemAt.secsTo(now));
}

Connector::Connector(SourceConfig config, QString id, QNetworkAccessManager *nam, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_id(std::move(id))
    , m_nam(nam) {
    qRegisterMetaType<warroom::ConnectorHealth>();
    qRegisterMetaType<warroom::MentionBatch>();
    qRegisterMetaType<warroom::ConnectorCheckpoint>();
    qRegisterMetaType<QList<warroom::MentionChange>>();
    m_health.id = m_id;
    m_health.kind = m_config.kind;
    m_health.label = m_config.displayName();
    m_checkpoint.connector = m_id;
    m_pollMs = std::max(1, m_config.pollSeconds) * 1000;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Connector::beginCycle);
    m_streamTimer.setSingleShot(true);
    connect(&m_streamTimer, &QTimer::timeout, this, [this] {
        if (m_running && !m_once)
            openStream();
    });
}

Connector::~Connector() = default;

void Connector::restoreCheckpoint(const ConnectorCheckpoint &checkpoint) {
    if (!checkpoint.isValid())
        return;
    m_checkpoint = checkpoint;
    m_checkpoint.connector = m_id;
    if (checkpoint.lastItemAt.isValid())
        m_health.lastItemAt = checkpoint.lastItemAt;
    if (checkpoint.rateLimitReset > QDateTime::currentMSecsSinceEpoch()) {
        m_rateLimit.remaining = 0;
        m_rateLimit.resetAt = QDateTime::fromMSecsSinceEpoch(checkpoint.rateLimitReset, Qt::UTC);
    }
}

void Connector::start() {
    if (m_running)
        return;
    m_running = true;
    m_once = false;
    m_inCycle = false;
    m_timer.start(0);
}

void Connector::stop() {
    ++m_generation;
    m_running = false;
    m_inCycle = false;
    m_timer.stop();
    m_streamTimer.stop();
    if (m_streamOpened)
        closeStream();
    m_streamOpened = false;
    m_health.nextRetryAt = {};
    setState(ConnectorState::Idle);
}

void Connector::pollOnce() {
    if (m_running)
        stop();
    m_running = true;
    m_once = true;
    m_inCycle = false;
    m_timer.start(0);
}

void Connector::beginCycle() {
    if (!m_running || m_inCycle)
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime until = rateLimitedUntil();
    if (until.isValid() && until > now) {
        if (m_once) {
            cycleFailed(QStringLiteral("rate limited until %1 UTC")
                            .arg(until.toString(QStringLiteral("HH:mm:ss"))),
                        true, until);
            return;
        }
        m_health.nextRetryAt = until;
        setState(ConnectorState::BackingOff);
        scheduleNext(int(std::min<qint64>(now.msecsTo(until) + 50, 24 * 3600 * 1000LL)));
        return;
    }
    m_inCycle = true;
    m_health.nextRetryAt = {};
    if (m_health.state == ConnectorState::Idle || m_health.state == ConnectorState::Failed)
        setState(ConnectorState::Connecting);
    runCycle();
}

void Connector::scheduleNext(int ms) {
    ms = std::max(0, ms);
    m_health.nextRetryAt = QDateTime::currentDateTimeUtc().addMSecs(ms);
    m_timer.start(ms);
    emitHealth();
}

void Connector::publish(MentionBatch batch, QList<MentionChange> changes) {
    QDateTime newest = m_health.lastItemAt;
    for (const Mention &m : batch)
        if (m.createdAt.isValid() && (!newest.isValid() || m.createdAt > newest))
            newest = m.createdAt;
    if (newest.isValid()) {
        m_health.lastItemAt = newest;
        m_checkpoint.lastItemAt = newest;
    }
    m_health.itemsTotal += batch.size();
    m_checkpoint.connector = m_id;
    m_checkpoint.lastError = m_health.lastError;
    m_checkpoint.rateLimitReset =
        m_rateLimit.blockedUntil().isValid() ? m_rateLimit.blockedUntil().toMSecsSinceEpoch() : 0;
    Q_EMIT batchReady(batch, changes, m_checkpoint);
    emitHealth();
}

void Connector::cycleSucceeded(const QString &summary, bool behind) {
    if (!m_running)
        return;
    m_inCycle = false;
    m_health.consecutiveFailures = 0;
    m_health.lastError.clear();
    m_health.lastSuccessAt = QDateTime::currentDateTimeUtc();
    if (m_once) {
        m_running = false;
        m_health.nextRetryAt = {};
        setState(behind ? ConnectorState::Lagging : ConnectorState::Live);
        Q_EMIT onceFinished(true, summary);
        return;
    }
    setState(behind ? ConnectorState::Lagging : ConnectorState::Live);
    scheduleNext(behind ? 100 : m_pollMs);
    if (!m_streamOpened && m_config.streaming) {
        m_streamOpened = true;
        openStream();
    }
}

void Connector::cycleFailed(const QString &error, bool retryable, const QDateTime &retryAt) {
    if (!m_running)
        return;
    m_inCycle = false;
    ++m_health.consecutiveFailures;
    m_health.lastError = error;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    // Persist the error and rate-limit state (no mentions) so a restart respects the reset.
    if (retryAt.isValid() && retryAt > now) {
        m_checkpoint.rateLimitReset = retryAt.toMSecsSinceEpoch();
        m_checkpoint.lastError = error;
        Q_EMIT batchReady({}, {}, m_checkpoint);
    }
    if (m_once) {
        m_running = false;
        m_health.nextRetryAt = retryAt;
        setState(ConnectorState::Failed);
        Q_EMIT onceFinished(false, error);
        return;
    }
    qint64 delay =
        retryable ? m_backoff.delayMs(m_health.consecutiveFailures)
                  : std::max<qint64>(m_backoff.delayMs(m_health.consecutiveFailures + 3), m_pollMs);
    if (retryAt.isValid())
        delay = std::max(delay, now.msecsTo(retryAt) + 50);
    delay = std::min<qint64>(delay, 24 * 3600 * 1000LL);
    m_health.state = retryable ? ConnectorState::BackingOff : ConnectorState::Failed;
    scheduleNext(int(delay));
}

void Connector::cycleFailed(const HttpResult &r) {
    QDateTime retryAt;
    if (r.status == 429 || r.status == 503) {
        retryAt = r.rateLimit.retryAt.isValid() ? r.rateLimit.retryAt : r.rateLimit.resetAt;
    }
    cycleFailed(describeHttpError(r), r.retryable(), retryAt);
}

void Connector::setState(ConnectorState state) {
    m_health.state = state;
    emitHealth();
}

void Connector::streamLive() {
    m_streamFailures = 0;
    if (m_health.state != ConnectorState::Lagging)
        setState(ConnectorState::Live);
}

void Connector::streamFailed(const QString &error, const QDateTime &retryAt) {
    if (!m_running || m_once)
        return;
    ++m_streamFailures;
    m_health.lastError = error;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    qint64 delay = m_backoff.delayMs(m_streamFailures);
    if (retryAt.isValid())
        delay = std::max(delay, now.msecsTo(retryAt) + 50);
    delay = std::min<qint64>(delay, 24 * 3600 * 1000LL);
    m_health.nextRetryAt = now.addMSecs(delay);
    m_health.state = ConnectorState::BackingOff;
    m_streamTimer.start(int(delay));
    emitHealth();
}

void Connector::fetch(HttpRequestSpec spec, std::function<void(const HttpResult &)> done) {
    const quint64 gen = m_generation;
    httpFetch(m_nam, spec, m_limits, this,
              [this, gen, done = std::move(done)](const HttpResult &r) {
                  if (gen != m_generation || !m_running)
                      return;
                  if (r.rateLimit.known())
                      noteRateLimit(r.rateLimit);
                  done(r);
              });
}

void Connector::noteRateLimit(const RateLimitInfo &info) {
    m_rateLimit = info;
}

QDateTime Connector::rateLimitedUntil() const {
    const QDateTime until = m_rateLimit.blockedUntil();
    if (until.isValid() && until > QDateTime::currentDateTimeUtc())
        return until;
    return {};
}

bool Connector::markSeen(const QString &sourceId) {
    if (m_seen.contains(sourceId))
        return false;
    m_seen.insert(sourceId);
    m_seenOrder.append(sourceId);
    if (m_seenOrder.size() > kMaxSeen) {
        const qsizetype drop = m_seenOrder.size() - kMaxSeen + kMaxSeen / 10;
        for (qsizetype i = 0; i < drop; ++i)
            m_seen.remove(m_seenOrder.at(i));
        m_seenOrder.remove(0, drop);
    }
    return true;
}

void Connector::emitHealth() {
    Q_EMIT healthChanged(m_health);
}

} // namespace warroom
