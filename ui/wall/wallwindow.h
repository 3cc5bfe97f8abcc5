#pragma once

#include "itemmodels/dashboardtypes.h"
#include "panels/livepanel.h"

class QLabel;
class QVBoxLayout;

namespace warroom {

class AggregateQueryWorker;
class DashboardFeed;
class InfluencerTableModel;
class TimelineChartView;

// The wall: full screen, large type, high-contrast dark, the story read left to right —
// 1 volume, 2 who, 3 what we said, 4 what waits for approval — readable from 4 m at 1080p.
// Handles of private individuals (not journalist / opinion leader / brand) can be masked here
// while the consoles show everything. A top-level window of its own. Lives on the GUI thread.
class WallWindow final : public LivePanel {
    Q_OBJECT
public:
    WallWindow(AggregateQueryWorker *worker, DashboardFeed *feed, InfluencerTableModel *influencers,
               QWidget *parent = nullptr);

    void setMaskPrivate(bool mask);
    [[nodiscard]] bool maskPrivate() const { return m_mask; }
    void reload() override;
    [[nodiscard]] TimelineChartView *chart() const { return m_chart; }
    // Every text the wall shows now (for tests and for checking what a camera in the room sees).
    [[nodiscard]] QStringList visibleTexts() const;

    // "@lenabakes_" or, masked, "@l•••••" (the first letter and the length hidden).
    [[nodiscard]] static QString displayHandle(const InfluencerRow &row, bool mask);
    static constexpr int kWhoRows = 5;

Q_SIGNALS:
    void closeRequested();
    void loaded();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void showDashboard();
    void showWho();
    void onTimeline(int tag, const TimelineData &data);
    [[nodiscard]] QWidget *column(const QString &number, const QString &title, QVBoxLayout **body);

    AggregateQueryWorker *m_worker;
    DashboardFeed *m_feed;
    InfluencerTableModel *m_influencers;
    bool m_mask = true;
    int m_tag = 0;
    bool m_inFlight = false;

    QLabel *m_incident;
    QLabel *m_clock;
    QLabel *m_mode;
    QLabel *m_ratio;
    QLabel *m_volumeDetail;
    TimelineChartView *m_chart;
    QList<QLabel *> m_who;
    QList<QLabel *> m_said;
    QLabel *m_waitingCount;
    QLabel *m_waitingDetail;
    QList<QLabel *> m_waiting;
    QLabel *m_needsReply;
};

} // namespace warroom
