#pragma once

#include <QMainWindow>

class QLabel;
class QDockWidget;
class QToolBar;
class QAction;

namespace warroom {

class AggregateQueryWorker;
class AlertsPanel;
class DashboardFeed;
class IncidentBar;
class InfluencerPanel;
class InfluencerTableModel;
class KpiPanel;
class LivePanel;
class MentionDetailPanel;
class MentionStreamPanel;
class MentionTableModel;
class TimelinePanel;
class WallWindow;
struct StoreStats;

// The operator console: every panel a dock that can be detached to another screen (layout,
// floating positions included, remembered), the incident bar with the crisis clock on top, the
// wall (F11) as a window of its own. Shows what the models hold; never touches SQLite or the
// network. Lives on the GUI thread.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    struct Models {
        MentionTableModel *mentions = nullptr;
        AggregateQueryWorker *aggregates = nullptr;
        DashboardFeed *feed = nullptr;
        InfluencerTableModel *influencers = nullptr;
    };
    MainWindow(const QString &storePath, const Models &models, QWidget *parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] MentionStreamPanel *streamPanel() const { return m_stream; }
    [[nodiscard]] TimelinePanel *timelinePanel() const { return m_timeline; }
    [[nodiscard]] InfluencerPanel *influencerPanel() const { return m_influencers; }
    [[nodiscard]] KpiPanel *kpiPanel() const { return m_kpis; }
    [[nodiscard]] AlertsPanel *alertsPanel() const { return m_alerts; }
    [[nodiscard]] IncidentBar *incidentBar() const { return m_incidentBar; }
    [[nodiscard]] WallWindow *wall() const { return m_wall; }

    // Adds a panel as a detachable dock (and to View ▸ Panels). A LivePanel is refreshed by
    // refreshLive(). The hooks below are the places other issues' widgets go.
    QDockWidget *addPanel(QWidget *panel, const QString &title, const QString &objectName,
                          Qt::DockWidgetArea area = Qt::RightDockWidgetArea);
    // ── Hooks for the other screens (the lead wires them in WarRoomApp) ──────────────────
    // Issue 6: the reply composer (tabbed with the mention detail).
    QDockWidget *addComposerPanel(QWidget *composer);
    // Issue 6: the approval queue (under the alerts).
    QDockWidget *addApprovalQueuePanel(QWidget *queue);
    // Issue 3: the connector health strip (a row under the incident bar; silence ≠ calm).
    void setConnectorHealthStrip(QWidget *strip);
    // ─────────────────────────────────────────────────────────────────────────────────────

    void showStats(const StoreStats &stats);
    // One line in the status bar for what is going on (import progress, errors).
    void showActivity(const QString &text, bool isError = false);
    void restoreLayout();
    void saveLayout();
    // Called by the app's coalescing timer: visible panels reload, hidden ones mark dirty.
    void refreshLive();

    void setWallMode(bool on);
    [[nodiscard]] bool isWallMode() const;
    void setMaskPrivateOnWall(bool mask);
    void setDarkTheme(bool dark);
    [[nodiscard]] bool isDarkTheme() const { return m_dark; }
    // True once the timeline, the KPIs and the influencer list have shown data.
    [[nodiscard]] bool panelsLoaded() const;

Q_SIGNALS:
    void importRequested(const QStringList &files);
    void drillRequested();
    void panelsReady();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void buildMenus();
    void buildDefaultLayout();
    void applyDefaultSizes();
    void checkLoaded();

    QString m_storePath;
    Models m_models;
    IncidentBar *m_incidentBar;
    MentionStreamPanel *m_stream;
    MentionDetailPanel *m_detail;
    TimelinePanel *m_timeline;
    InfluencerPanel *m_influencers;
    KpiPanel *m_kpis;
    AlertsPanel *m_alerts;
    WallWindow *m_wall;
    QToolBar *m_healthBar = nullptr;
    QMenu *m_panelsMenu = nullptr;
    QList<LivePanel *> m_live;
    QList<QDockWidget *> m_docks;
    QLabel *m_storeLabel;
    QLabel *m_countsLabel;
    QLabel *m_activityLabel;
    QAction *m_wallAction = nullptr;
    QAction *m_maskAction = nullptr;
    QAction *m_darkAction = nullptr;
    bool m_dark = false;
    bool m_timelineLoaded = false;
    bool m_influencersLoaded = false;
    bool m_readyEmitted = false;
    bool m_layoutRestored = false;
    bool m_shown = false;
    QByteArray m_defaultState;
};

} // namespace warroom
