#pragma once

#include "common/connector.h"

#include <QElapsedTimer>

#include <functional>

namespace warroom {

// Replays a CSV/JSONL file or the bundled drill at real time × speed (1–1000), with pause/resume,
// so the crisis cell trains without touching real accounts. Times are shifted so the scenario
// plays now: a row appears when its offset from the first row, divided by the speed, has elapsed,
// and its createdAt is that moment. Source "drill"; sourceId (and inReplyTo) prefixed with the
// run id, so a replay can be run again. start() plays continuously; pollOnce() plays the whole
// file at the configured speed and then reports. Id "replay:<file>".
class ReplayConnector final : public Connector {
    Q_OBJECT
public:
    static constexpr int kTickMs = 20;
    static constexpr int kMaxPerBatch = 2000;

    ReplayConnector(const SourceConfig &config, QNetworkAccessManager *nam,
                    QObject *parent = nullptr);
    [[nodiscard]] static QString makeId(const SourceConfig &config);

    void start() override;
    void stop() override;
    void pollOnce() override;

    void pause();
    void resume();
    void setSpeed(double speed); // clamped to 1–1000
    [[nodiscard]] double speed() const { return m_speed; }
    [[nodiscard]] bool isPaused() const { return m_paused; }
    [[nodiscard]] qsizetype played() const { return m_next; }
    [[nodiscard]] qsizetype total() const { return m_rows.size(); }
    [[nodiscard]] bool isFinished() const { return m_loaded && m_next >= m_rows.size(); }
    // Prefix of this run's source ids ("r20260314T080000-"); set before start() to choose it.
    void setRunId(const QString &runId) { m_runId = runId; }
    [[nodiscard]] QString runId() const { return m_runId; }

    // Test connection: reads the file on a worker and says how many rows over what span.
    static void probe(const QString &path, QObject *context,
                      std::function<void(bool ok, const QString &message)> done);

Q_SIGNALS:
    void finishedPlaying(qsizetype played);

protected:
    void runCycle() override {}

private:
    void begin();
    void load();
    void tick();
    [[nodiscard]] double scenarioNowMs() const;

    MentionBatch m_rows;
    bool m_loaded = false;
    bool m_loading = false;
    bool m_active = false;
    bool m_onceRun = false;
    qsizetype m_next = 0;
    double m_speed = 1.0;
    bool m_paused = false;
    double m_baseScenarioMs = 0; // scenario time reached at the last speed change / pause
    QElapsedTimer m_clock;
    QTimer m_tick;
    QString m_runId;
    quint64 m_loadGeneration = 0;
};

} // namespace warroom
