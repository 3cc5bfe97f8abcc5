#include "mainwindow.h"

#include "itemmodels/mentiontablemodel.h"
#include "panels/mentiondetailpanel.h"
#include "panels/mentionstreampanel.h"
#include "store/mentionreader.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace warroom {

MainWindow::MainWindow(const QString &storePath, MentionTableModel *mentions, QWidget *parent)
    : QMainWindow(parent)
    , m_storePath(storePath)
    , m_stream(new MentionStreamPanel(mentions, this))
    , m_detail(new MentionDetailPanel(this))
    , m_detailDock(new QDockWidget(tr("Mention"), this))
    , m_storeLabel(new QLabel(this))
    , m_countsLabel(new QLabel(this))
    , m_activityLabel(new QLabel(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Crisis War Room"));
    setDockNestingEnabled(true);
    setCentralWidget(m_stream);

    m_detailDock->setObjectName(QStringLiteral("mentionDock"));
    m_detailDock->setWidget(m_detail);
    addDockWidget(Qt::RightDockWidgetArea, m_detailDock);

    for (QLabel *label : {m_storeLabel, m_countsLabel, m_activityLabel})
        label->setTextFormat(Qt::PlainText);
    m_storeLabel->setObjectName(QStringLiteral("storeLabel"));
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_activityLabel->setObjectName(QStringLiteral("activityLabel"));
    m_storeLabel->setText(tr("Store: %1").arg(storePath));
    statusBar()->addWidget(m_activityLabel, 1);
    statusBar()->addPermanentWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_storeLabel);

    connect(m_stream, &MentionStreamPanel::currentMentionChanged, m_detail,
            &MentionDetailPanel::showMention);
    buildMenus();
    resize(1400, 850);
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

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_detailDock->toggleViewAction());
    QAction *find = view->addAction(tr("&Search mentions"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        m_stream->searchBox()->setFocus();
        m_stream->searchBox()->selectAll();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    connect(help->addAction(tr("&About")), &QAction::triggered, this, [this] {
        QMessageBox::about(
            this, tr("Crisis War Room"),
            tr("Crisis War Room %1\nStore: %2").arg(QStringLiteral(WARROOM_VERSION), m_storePath));
    });
}

void MainWindow::showStats(const StoreStats &stats) {
    const QLocale locale;
    m_countsLabel->setText(
        tr("%1 mentions · %2 authors · %n source(s)", nullptr, int(stats.sources.size()))
            .arg(locale.toString(stats.mentions), locale.toString(stats.authors)));
}

void MainWindow::showActivity(const QString &text, bool isError) {
    m_activityLabel->setText(text);
    m_activityLabel->setStyleSheet(isError ? QStringLiteral("color: #b00020; font-weight: bold")
                                           : QString());
}

void MainWindow::restoreLayout() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    QMainWindow::closeEvent(event);
}

} // namespace warroom
