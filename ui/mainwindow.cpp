#include "mainwindow.h"

#include "itemmodels/dashboardfeed.h"
#include "itemmodels/influencertablemodel.h"
#include "itemmodels/mentiontablemodel.h"
#include "panels/alertspanel.h"
#include "panels/incidentbar.h"
#include "panels/influencerpanel.h"
#include "panels/kpipanel.h"
#include "panels/mentiondetailpanel.h"
#include "panels/mentionstreampanel.h"
#include "panels/timelinepanel.h"
#include "store/mentionreader.h"
#include "wall/wallwindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace warroom {

namespace {
// Bump when the set of docks changes: an old saved layout would hide new panels.
constexpr int kLayoutVersion = 2;
} // namespace

MainWindow::MainWindow(const QString &storePath, const Models &models, QWidget *parent)
    : QMainWindow(parent)
    , m_storePath(storePath)
    , m_models(models)
    , m_incidentBar(new IncidentBar(models.feed, this))
    , m_stream(new MentionStreamPanel(models.mentions, this))
    , m_detail(new MentionDetailPanel(this))
    , m_timeline(new TimelinePanel(models.aggregates, models.feed, this))
    , m_influencers(new InfluencerPanel(models.influencers, models.feed, this))
    , m_kpis(new KpiPanel(models.feed, this))
    , m_alerts(new AlertsPanel(models.feed, this))
    , m_wall(new WallWindow(models.aggregates, models.feed, models.influencers, this))
    , m_storeLabel(new QLabel(this))
    , m_countsLabel(new QLabel(this))
    , m_activityLabel(new QLabel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Crisis War Room"));
    setDockNestingEnabled(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowNestedDocks |
                   QMainWindow::AllowTabbedDocks | QMainWindow::GroupedDragging);
    // Every panel is a dock; no central widget, so any of them can leave for another screen.
    setCentralWidget(nullptr);

    auto *incident = addToolBar(tr("Incident"));
    incident->setObjectName(QStringLiteral("incidentToolbar"));
    incident->setMovable(false);
    incident->addWidget(m_incidentBar);
    m_incidentBar->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    // The wall is a window of its own (a second screen, or full screen on this one).
    m_wall->setWindowFlag(Qt::Window, true);
    m_wall->hide();
    connect(m_wall, &WallWindow::closeRequested, this, [this] { setWallMode(false); });

    for (QLabel *label : {m_storeLabel, m_countsLabel, m_activityLabel})
        label->setTextFormat(Qt::PlainText);
    m_storeLabel->setObjectName(QStringLiteral("storeLabel"));
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_activityLabel->setObjectName(QStringLiteral("activityLabel"));
    m_storeLabel->setText(tr("Store: %1").arg(storePath));
    statusBar()->addWidget(m_activityLabel, 1);
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_storeLabel);

    buildMenus();
    buildDefaultLayout();

    connect(m_stream, &MentionStreamPanel::currentMentionChanged, m_detail,
            &MentionDetailPanel::showMention);
    connect(m_influencers, &InfluencerPanel::authorMentionsRequested, this,
            [this](const QString &handle) {
                m_stream->showAuthor(handle);
                if (auto *dock = findChild<QDockWidget *>(QStringLiteral("streamDock"))) {
                    dock->show();
                    dock->raise();
                }
                m_stream->table()->setFocus();
            });
    connect(m_timeline, &TimelinePanel::loaded, this, [this] {
        m_timelineLoaded = true;
        checkLoaded();
    });
    connect(models.influencers, &InfluencerTableModel::loaded, this, [this] {
        m_influencersLoaded = true;
        checkLoaded();
    });
    connect(models.feed, &DashboardFeed::updated, this, &MainWindow::checkLoaded);
    // A new alert is seen: its panel comes to the front of the tabs it shares (approvals, the
    // needs-reply queue).
    connect(m_alerts, &AlertsPanel::alertCue, this, [this] {
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("alertsDock"))) {
            dock->show();
            dock->raise();
        }
    });

    setDarkTheme(QSettings().value(QStringLiteral("console/dark"), false).toBool());
    setMaskPrivateOnWall(QSettings().value(QStringLiteral("wall/maskPrivate"), true).toBool());
    resize(1600, 950);
}

MainWindow::~MainWindow() = default;

QDockWidget *MainWindow::addPanel(QWidget *panel, const QString &title, const QString &objectName,
                                  Qt::DockWidgetArea area) {
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(panel);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    m_docks << dock;
    if (m_panelsMenu)
        m_panelsMenu->addAction(dock->toggleViewAction());
    if (auto *live = qobject_cast<LivePanel *>(panel))
        m_live << live;
    return dock;
}

QDockWidget *MainWindow::addComposerPanel(QWidget *composer) {
    // Tabbed with the mention: its editor must not claim the column's height from the alerts.
    composer->setMinimumSize(0, 0);
    composer->setSizePolicy(composer->sizePolicy().horizontalPolicy(), QSizePolicy::Ignored);
    QDockWidget *dock =
        addPanel(composer, tr("Composer"), QStringLiteral("composerDock"), Qt::RightDockWidgetArea);
    if (auto *detail = findChild<QDockWidget *>(QStringLiteral("mentionDock")))
        tabifyDockWidget(detail, dock);
    // It arrives late (its dictionaries load off the GUI thread): keep the default proportions.
    if (!m_layoutRestored)
        QTimer::singleShot(0, this, &MainWindow::applyDefaultSizes);
    return dock;
}

QDockWidget *MainWindow::addApprovalQueuePanel(QWidget *queue) {
    QDockWidget *dock =
        addPanel(queue, tr("Approvals"), QStringLiteral("approvalDock"), Qt::RightDockWidgetArea);
    if (auto *alerts = findChild<QDockWidget *>(QStringLiteral("alertsDock")))
        tabifyDockWidget(alerts, dock);
    return dock;
}

void MainWindow::setConnectorHealthStrip(QWidget *strip) {
    if (!m_healthBar) {
        addToolBarBreak(Qt::TopToolBarArea);
        m_healthBar = addToolBar(tr("Sources"));
        m_healthBar->setObjectName(QStringLiteral("connectorHealthToolbar"));
        m_healthBar->setMovable(false);
    }
    m_healthBar->clear();
    m_healthBar->addWidget(strip);
}

void MainWindow::buildDefaultLayout() {
    addPanel(m_kpis, tr("KPIs"), QStringLiteral("kpiDock"), Qt::TopDockWidgetArea);
    QDockWidget *timeline = addPanel(m_timeline, tr("Timeline"), QStringLiteral("timelineDock"),
                                     Qt::LeftDockWidgetArea);
    QDockWidget *stream =
        addPanel(m_stream, tr("Mentions"), QStringLiteral("streamDock"), Qt::LeftDockWidgetArea);
    QDockWidget *alerts =
        addPanel(m_alerts, tr("Alerts"), QStringLiteral("alertsDock"), Qt::RightDockWidgetArea);
    QDockWidget *influencers = addPanel(m_influencers, tr("Influencers (risk)"),
                                        QStringLiteral("influencerDock"), Qt::RightDockWidgetArea);
    QDockWidget *detail =
        addPanel(m_detail, tr("Mention"), QStringLiteral("mentionDock"), Qt::RightDockWidgetArea);
    splitDockWidget(timeline, stream, Qt::Vertical);
    splitDockWidget(alerts, influencers, Qt::Vertical);
    splitDockWidget(influencers, detail, Qt::Vertical);
    applyDefaultSizes();
    m_defaultState = saveState(kLayoutVersion);
}

void MainWindow::applyDefaultSizes() {
    auto dock = [this](const char *name) {
        return findChild<QDockWidget *>(QLatin1String(name));
    };
    QDockWidget *timeline = dock("timelineDock");
    QDockWidget *alerts = dock("alertsDock");
    if (!timeline || !alerts)
        return;
    resizeDocks({timeline, alerts}, {1100, 800}, Qt::Horizontal);
    resizeDocks({timeline, dock("streamDock")}, {430, 450}, Qt::Vertical);
    // Alerts get room for several rows: a crisis raises dozens, each needs an owner; the
    // mention (and the composer tabbed with it) the rest.
    resizeDocks({alerts, dock("influencerDock"), dock("mentionDock")}, {300, 360, 185},
                Qt::Vertical);
    resizeDocks({dock("kpiDock")}, {110}, Qt::Vertical);
}

void MainWindow::buildMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *import = file->addAction(tr("&Import CSV or JSONL…"));
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    connect(import, &QAction::triggered, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Import mentions"), QString(),
            tr("Exports (*.csv *.tsv *.jsonl *.ndjson *.json);;All files (*)"));
        if (!files.isEmpty())
            Q_EMIT importRequested(files);
    });
    QAction *drill = file->addAction(tr("Load the &drill scenario"));
    connect(drill, &QAction::triggered, this, &MainWindow::drillRequested);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *incident = menuBar()->addMenu(tr("&Incident"));
    connect(incident->addAction(tr("&Declare…")), &QAction::triggered, m_incidentBar,
            &IncidentBar::declareInteractively);
    connect(incident->addAction(tr("&Close…")), &QAction::triggered, m_incidentBar,
            &IncidentBar::closeInteractively);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_panelsMenu = view->addMenu(tr("&Panels"));
    for (QDockWidget *dock : std::as_const(m_docks))
        m_panelsMenu->addAction(dock->toggleViewAction());
    QAction *find = view->addAction(tr("&Search mentions"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_stream->searchBox()->setFocus();
        m_stream->searchBox()->selectAll();
    });
    view->addSeparator();
    m_wallAction = view->addAction(tr("&Wall mode"));
    m_wallAction->setObjectName(QStringLiteral("wallAction"));
    m_wallAction->setCheckable(true);
    m_wallAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_wallAction->setShortcutContext(Qt::ApplicationShortcut);
    connect(m_wallAction, &QAction::triggered, this, &MainWindow::setWallMode);
    m_maskAction = view->addAction(tr("&Mask private handles on the wall"));
    m_maskAction->setCheckable(true);
    connect(m_maskAction, &QAction::toggled, this, &MainWindow::setMaskPrivateOnWall);
    m_darkAction = view->addAction(tr("&Dark console"));
    m_darkAction->setCheckable(true);
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkTheme);
    connect(view->addAction(tr("&Reset layout")), &QAction::triggered, this, [this] {
        restoreState(m_defaultState, kLayoutVersion);
        for (QDockWidget *dock : std::as_const(m_docks))
            dock->show();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    connect(help->addAction(tr("&Keys")), &QAction::triggered, this, [this] {
        QMessageBox::information(
            this, tr("Keys"),
            tr("Mentions: R needs reply · I ignored · E escalated · P moved to private · N new\n"
               "1 negative · 2 neutral · 3 positive (sentiment correction) · O open original\n"
               "Influencers: W watchlist · J journalist · O opinion leader · 1/2/3/0 stance · "
               "Enter their mentions\nAlerts: A acknowledge\nF11 wall mode (F11/Esc back)"));
    });
    connect(help->addAction(tr("&About")), &QAction::triggered, this, [this] {
        QMessageBox::about(
            this, tr("Crisis War Room"),
            tr("Crisis War Room %1\nStore: %2").arg(QStringLiteral(WARROOM_VERSION), m_storePath));
    });
}

void MainWindow::refreshLive() {
    for (LivePanel *panel : std::as_const(m_live))
        panel->markDirty();
    m_wall->markDirty();
    // The incident bar, KPIs, alerts and wall share one feed: one query for all of them.
}

void MainWindow::checkLoaded() {
    if (m_readyEmitted || !panelsLoaded())
        return;
    m_readyEmitted = true;
    Q_EMIT panelsReady();
}

bool MainWindow::panelsLoaded() const {
    return m_timelineLoaded && m_influencersLoaded && m_models.feed->hasData();
}

void MainWindow::setWallMode(bool on) {
    if (m_wallAction && m_wallAction->isChecked() != on)
        m_wallAction->setChecked(on);
    if (on) {
        // On the screen the console is on; move the wall window to another screen and it
        // stays there (its geometry is remembered).
        QSettings settings;
        const QByteArray geometry = settings.value(QStringLiteral("wall/geometry")).toByteArray();
        if (!geometry.isEmpty())
            m_wall->restoreGeometry(geometry);
        else if (QScreen *screen = this->screen())
            m_wall->setGeometry(screen->geometry());
        m_wall->showFullScreen();
        m_wall->raise();
        m_wall->activateWindow();
        m_wall->markDirty();
    } else if (m_wall->isVisible()) {
        QSettings().setValue(QStringLiteral("wall/geometry"), m_wall->saveGeometry());
        m_wall->hide();
        activateWindow();
    }
}

bool MainWindow::isWallMode() const {
    return m_wall->isVisible();
}

void MainWindow::setMaskPrivateOnWall(bool mask) {
    if (m_maskAction && m_maskAction->isChecked() != mask)
        m_maskAction->setChecked(mask);
    QSettings().setValue(QStringLiteral("wall/maskPrivate"), mask);
    m_wall->setMaskPrivate(mask);
}

void MainWindow::setDarkTheme(bool dark) {
    m_dark = dark;
    if (m_darkAction && m_darkAction->isChecked() != dark)
        m_darkAction->setChecked(dark);
    QSettings().setValue(QStringLiteral("console/dark"), dark);
    QFile qss(dark ? QStringLiteral(":/themes/console-dark.qss")
                   : QStringLiteral(":/themes/console-light.qss"));
    setStyleSheet(qss.open(QIODevice::ReadOnly) ? QString::fromUtf8(qss.readAll()) : QString());
    m_timeline->setDark(dark);
}

void MainWindow::showStats(const StoreStats &stats) {
    const QLocale locale;
    m_countsLabel->setText(
        tr("%1 mentions · %2 authors · %n source(s)", nullptr, int(stats.sources.size()))
            .arg(locale.toString(stats.mentions), locale.toString(stats.authors)));
    m_stream->setSources(stats.sources.keys());
}

void MainWindow::showActivity(const QString &text, bool isError) {
    m_activityLabel->setText(text);
    m_activityLabel->setStyleSheet(isError ? QStringLiteral("color: #b00020; font-weight: bold")
                                           : QString());
}

void MainWindow::restoreLayout() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    // Floating (detached) docks come back where they were: QMainWindow's state holds them.
    m_layoutRestored = restoreState(
        settings.value(QStringLiteral("mainWindow/state")).toByteArray(), kLayoutVersion);
}

void MainWindow::showEvent(QShowEvent *event) {
    QMainWindow::showEvent(event);
    // The default layout opens on the alerts, not on whichever panel was tabbed with them last.
    if (!std::exchange(m_shown, true) && !m_layoutRestored) {
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("alertsDock")))
            dock->raise();
        // The proportions again, now that the window has its size and every panel is in.
        QTimer::singleShot(0, this, &MainWindow::applyDefaultSizes);
    }
}

void MainWindow::saveLayout() {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState(kLayoutVersion));
    if (m_wall->isVisible())
        settings.setValue(QStringLiteral("wall/geometry"), m_wall->saveGeometry());
}

void MainWindow::changeEvent(QEvent *event) {
    QMainWindow::changeEvent(event);
    // Minimised, the panels only remember that they are behind; restored, they catch up.
    if (event->type() == QEvent::WindowStateChange && !isMinimized())
        for (LivePanel *panel : std::as_const(m_live))
            if (panel->isDirty())
                panel->markDirty();
}

void MainWindow::closeEvent(QCloseEvent *event) {
    saveLayout();
    m_wall->hide();
    QMainWindow::closeEvent(event);
}

} // namespace warroom
