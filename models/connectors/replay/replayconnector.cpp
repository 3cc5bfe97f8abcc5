#include "replay/replayconnector.h"

#include "replay/replayfile.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent>

#include <algorithm>

namespace warroom {

QString ReplayConnector::makeId(const SourceConfig &config) {
    return QStringLiteral("replay:%1").arg(config.file);
}

ReplayConnector::ReplayConnector(const SourceConfig &config, QNetworkAccessManager *nam,
                                 QObject *parent)
    : Connector(config, makeId(config), nam, parent)
    , m_speed(std::clamp(config.speed, 1.0, 1000.0)) {
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &ReplayConnector::tick);
}

void ReplayConnector::probe(const QString &path, QObject *context,
                            std::function<void(bool, const QString &)> done) {
    auto *watcher = new QFutureWatcher<ReplayRows>(context);
    QObject::connect(watcher, &QFutureWatcher<ReplayRows>::finished, context, [watcher, done] {
        const ReplayRows r = watcher->result();
        watcher->deleteLater();
        if (!r.error.isEmpty() || r.rows.isEmpty()) {
            done(false, r.error.isEmpty() ? tr("the file holds no rows") : r.error);
            return;
        }
        const qint64 span = r.rows.first().createdAt.secsTo(r.rows.last().createdAt);
        done(true, tr("%n post(s) over %1 h %2 min; ready to replay", nullptr, int(r.rows.size()))
                       .arg(span / 3600)
                       .arg((span % 3600) / 60));
    });
    watcher->setFuture(QtConcurrent::run([path] { return readReplayRows(path); }));
}

void ReplayConnector::start() {
    m_onceRun = false;
    begin();
}

void ReplayConnector::begin() {
    m_active = true;
    if (m_runId.isEmpty())
        m_runId =
            QDateTime::currentDateTimeUtc().toString(QStringLiteral("'r'yyyyMMdd'T'HHmmss'-'"));
    if (!m_loaded) {
        load();
        return;
    }
    m_baseScenarioMs = m_next < m_rows.size() && m_next > 0
                           ? double(m_rows.first().createdAt.msecsTo(m_rows.at(m_next).createdAt))
                           : m_baseScenarioMs;
    m_clock.start();
    if (!m_paused)
        m_tick.start();
    setState(ConnectorState::Live);
}

void ReplayConnector::pollOnce() {
    m_onceRun = true;
    begin();
}

void ReplayConnector::stop() {
    m_active = false;
    m_tick.stop();
    ++m_loadGeneration;
    m_loading = false;
    Connector::stop();
}

void ReplayConnector::load() {
    if (m_loading)
        return;
    m_loading = true;
    setState(ConnectorState::Connecting);
    const quint64 gen = ++m_loadGeneration;
    const QString path = config().file;
    auto *watcher = new QFutureWatcher<ReplayRows>(this);
    connect(watcher, &QFutureWatcher<ReplayRows>::finished, this, [this, watcher, gen] {
        ReplayRows r = watcher->result();
        watcher->deleteLater();
        if (gen != m_loadGeneration)
            return;
        m_loading = false;
        if (!r.error.isEmpty() || r.rows.isEmpty()) {
            const QString why =
                r.error.isEmpty() ? tr("%1 holds no rows").arg(config().file) : r.error;
            setState(ConnectorState::Failed);
            if (m_onceRun)
                Q_EMIT onceFinished(false, why);
            return;
        }
        m_rows = std::move(r.rows);
        m_loaded = true;
        m_next = 0;
        m_baseScenarioMs = 0;
        if (m_active)
            begin();
    });
    watcher->setFuture(QtConcurrent::run([path] { return readReplayRows(path); }));
}

double ReplayConnector::scenarioNowMs() const {
    if (m_paused || !m_clock.isValid())
        return m_baseScenarioMs;
    return m_baseScenarioMs + double(m_clock.elapsed()) * m_speed;
}

void ReplayConnector::pause() {
    if (m_paused)
        return;
    m_baseScenarioMs = scenarioNowMs();
    m_paused = true;
    m_tick.stop();
    setState(ConnectorState::Idle);
}

void ReplayConnector::resume() {
    if (!m_paused)
        return;
    m_paused = false;
    m_clock.start();
    if (m_active && m_loaded) {
        m_tick.start();
        setState(ConnectorState::Live);
    }
}

void ReplayConnector::setSpeed(double speed) {
    m_baseScenarioMs = scenarioNowMs();
    m_clock.start();
    m_speed = std::clamp(speed, 1.0, 1000.0);
}

void ReplayConnector::tick() {
    if (!m_active || m_paused || !m_loaded)
        return;
    const QDateTime first = m_rows.first().createdAt;
    const double nowMs = scenarioNowMs();
    const QDateTime wallNow = QDateTime::currentDateTimeUtc();
    const QDateTime ingest = wallNow;
    MentionBatch batch;
    while (m_next < m_rows.size() && batch.size() < kMaxPerBatch) {
        const Mention &src = m_rows.at(m_next);
        const double offset = double(first.msecsTo(src.createdAt));
        if (offset > nowMs)
            break;
        Mention m = src;
        m.source = QStringLiteral("drill");
        m.sourceId = m_runId + src.sourceId;
        if (!m.inReplyTo.isEmpty())
            m.inReplyTo = m_runId + src.inReplyTo;
        // The moment it was due on the wall clock.
        m.createdAt = wallNow.addMSecs(-qint64((nowMs - offset) / m_speed));
        m.ingestedAt = ingest;
        m.id = 0;
        batch << m;
        ++m_next;
    }
    if (!batch.isEmpty()) {
        m_checkpoint.cursor = QString::number(m_next);
        m_checkpoint.stateJson =
            QJsonDocument(QJsonObject{{QStringLiteral("run"), m_runId},
                                      {QStringLiteral("played"), double(m_next)},
                                      {QStringLiteral("total"), double(m_rows.size())}})
                .toJson(QJsonDocument::Compact);
        publish(batch);
    }
    if (m_next >= m_rows.size()) {
        m_tick.stop();
        m_active = false;
        setState(ConnectorState::Idle);
        Q_EMIT finishedPlaying(m_next);
        if (m_onceRun) {
            m_onceRun = false;
            Q_EMIT onceFinished(true, tr("%n post(s) replayed", nullptr, int(m_next)));
        }
    }
}

} // namespace warroom
