#pragma once

#include "itemmodels/dashboardtypes.h"
#include "livepanel.h"

class QButtonGroup;
class QComboBox;
class QLabel;

namespace warroom {

class AggregateQueryWorker;
class DashboardFeed;
class LiveClock;
class TimelineChartView;

// The live timeline: range buttons (15 min, 1 h, 6 h, 24 h, the incident, everything), the
// breakdown (sentiment / source / language), drag-zoom, a summary line. Asks the aggregate
// reader for the range shown; one request in flight at most. Lives on the GUI thread.
class TimelinePanel final : public LivePanel {
    Q_OBJECT
public:
    enum class Range { Minutes15, Hour1, Hours6, Hours24, Incident, All };

    TimelinePanel(AggregateQueryWorker *worker, DashboardFeed *feed, QWidget *parent = nullptr);

    void setRange(Range range);
    [[nodiscard]] Range range() const { return m_range; }
    void setBreakdown(TimelineRequest::Breakdown breakdown);
    [[nodiscard]] TimelineChartView *chart() const { return m_chart; }
    [[nodiscard]] const TimelineData &data() const;
    [[nodiscard]] bool hasData() const { return m_hasData; }
    void setDark(bool dark);
    void reload() override;

    // The request for a range ending at nowMs (whole minutes; buckets keep ≤ 720 points).
    [[nodiscard]] static TimelineRequest requestFor(qint64 fromMs, qint64 toMs,
                                                    TimelineRequest::Breakdown breakdown);

Q_SIGNALS:
    void loaded();

private:
    void onReady(int tag, const TimelineData &data);
    void showSummary();

    AggregateQueryWorker *m_worker;
    DashboardFeed *m_feed;
    LiveClock *m_clock;
    TimelineChartView *m_chart;
    QButtonGroup *m_ranges;
    QComboBox *m_breakdown;
    QLabel *m_summary;
    Range m_range = Range::Hours6;
    qint64 m_zoomFrom = 0; // a dragged range; 0 = follow the range buttons
    qint64 m_zoomTo = 0;
    int m_tag = 0;
    bool m_inFlight = false;
    bool m_pending = false;
    bool m_hasData = false;
};

} // namespace warroom
