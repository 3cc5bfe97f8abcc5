#include "dashboardfeed.h"

#include "aggregatequeryworker.h"
#include "liveclock.h"

namespace warroom {

DashboardFeed::DashboardFeed(AggregateQueryWorker *worker, LiveClock *clock, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_clock(clock) {
    qRegisterMetaType<warroom::AlertRow>();
    connect(worker, &AggregateQueryWorker::dashboardReady, this, &DashboardFeed::onReady);
}

void DashboardFeed::setWindowMinutes(int minutes) {
    m_windowMinutes = std::max(1, minutes);
    refresh();
}

void DashboardFeed::refresh() {
    if (m_inFlight) {
        m_pending = true;
        return;
    }
    m_inFlight = true;
    m_pending = false;
    DashboardRequest request;
    request.nowMs = m_clock->nowMs();
    request.windowMinutes = m_windowMinutes;
    const int tag = ++m_tag;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, request] { w->dashboard(tag, request); },
        Qt::QueuedConnection);
}

void DashboardFeed::onReady(int tag, const DashboardData &data) {
    if (tag != m_tag)
        return;
    m_inFlight = false;
    const qint64 previousMax = m_maxAlertId;
    m_data = data;
    m_hasData = true;
    for (const AlertRow &a : data.alerts) {
        if (previousMax >= 0 && a.id > previousMax && !a.acknowledged())
            Q_EMIT newAlert(a);
        m_maxAlertId = std::max(m_maxAlertId, a.id);
    }
    if (m_maxAlertId < 0)
        m_maxAlertId = 0;
    Q_EMIT updated();
    if (m_pending)
        refresh();
}

} // namespace warroom
