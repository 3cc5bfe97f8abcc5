#include "liveclock.h"

namespace warroom {

LiveClock::LiveClock(QObject *parent)
    : QObject(parent) {}

bool LiveClock::isHistorical() const {
    return m_overrideMs == 0 && m_lastMs > 0 &&
           QDateTime::currentMSecsSinceEpoch() - m_lastMs > kHistoricalAfterMs;
}

qint64 LiveClock::nowMs() const {
    if (m_overrideMs != 0)
        return m_overrideMs;
    if (isHistorical())
        return (m_lastMs / 60000 + 1) * 60000 - 1; // the end of the store's last minute
    return QDateTime::currentMSecsSinceEpoch();
}

QDateTime LiveClock::now() const {
    return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC);
}

void LiveClock::setDataSpan(qint64 firstMs, qint64 lastMs) {
    if (firstMs == m_firstMs && lastMs == m_lastMs)
        return;
    m_firstMs = firstMs;
    m_lastMs = lastMs;
    Q_EMIT changed();
}

void LiveClock::setOverride(const QDateTime &now) {
    const qint64 ms = now.isValid() ? now.toMSecsSinceEpoch() : 0;
    if (ms == m_overrideMs)
        return;
    m_overrideMs = ms;
    Q_EMIT changed();
}

} // namespace warroom
