#pragma once

#include "dashboardtypes.h"

#include <QObject>

namespace warroom {

class AggregateQueryWorker;
class LiveClock;

// The latest KPIs, alerts, incident, statements and approvals, refreshed on request with at
// most one query in flight (a refresh asked for meanwhile runs when the answer arrives).
// Shared by the KPI tiles, the alerts panel, the header and the wall. Lives on the GUI thread.
class DashboardFeed final : public QObject {
    Q_OBJECT
public:
    DashboardFeed(AggregateQueryWorker *worker, LiveClock *clock, QObject *parent = nullptr);

    void refresh();
    [[nodiscard]] const DashboardData &data() const { return m_data; }
    [[nodiscard]] bool hasData() const { return m_hasData; }
    [[nodiscard]] LiveClock *clock() const { return m_clock; }
    void setWindowMinutes(int minutes);
    [[nodiscard]] int windowMinutes() const { return m_windowMinutes; }

Q_SIGNALS:
    void updated();
    // A not-yet-acknowledged alert that was not there in the previous answer.
    void newAlert(const warroom::AlertRow &alert);

private:
    void onReady(int tag, const DashboardData &data);

    AggregateQueryWorker *m_worker;
    LiveClock *m_clock;
    DashboardData m_data;
    bool m_hasData = false;
    int m_tag = 0;
    bool m_inFlight = false;
    bool m_pending = false;
    int m_windowMinutes = 15;
    qint64 m_maxAlertId = -1; // -1: first answer (old alerts are not "new")
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::AlertRow)
