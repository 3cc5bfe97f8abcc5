#pragma once

#include <QDateTime>
#include <QObject>

namespace warroom {

// What "now" means for the war room. Live: the wall clock. A store whose newest mention is
// older than two hours (a recorded drill, an old export) is shown as it was at its end, so the
// screens are not empty. A drill replay sets the replayed time with setOverride().
// Lives on the GUI thread.
class LiveClock final : public QObject {
    Q_OBJECT
public:
    explicit LiveClock(QObject *parent = nullptr);

    [[nodiscard]] qint64 nowMs() const;
    [[nodiscard]] QDateTime now() const;
    [[nodiscard]] bool isHistorical() const;
    [[nodiscard]] bool isOverridden() const { return m_overrideMs != 0; }
    [[nodiscard]] qint64 firstMs() const { return m_firstMs; }
    [[nodiscard]] qint64 lastMs() const { return m_lastMs; }

    // From the store (AggregateQueryWorker::spanReady). 0 = empty.
    void setDataSpan(qint64 firstMs, qint64 lastMs);
    // Hook for a replay (or a test): pins "now" to this time; invalid to go back to live.
    void setOverride(const QDateTime &now);

    static constexpr qint64 kHistoricalAfterMs = 2 * 3600 * 1000;

Q_SIGNALS:
    void changed();

private:
    qint64 m_firstMs = 0;
    qint64 m_lastMs = 0;
    qint64 m_overrideMs = 0;
};

} // namespace warroom
