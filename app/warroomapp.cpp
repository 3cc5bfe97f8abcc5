#include "warroomapp.h"
#include "authorprofiles.h"

#include "analysis/alertengine.h"
#include "analysis/analysiswriter.h"
#include "analysis/baseline.h"
#include "common/connectormanager.h"
#include "common/credentials.h"
#include "composer/approvalpanel.h"
#include "composer/composerwidget.h"
#include "composer/needsreplypanel.h"
#include "composer/operatorswitcher.h"
#include "composer/pausebanner.h"
#include "composer/publishingaccountsdialog.h"
#include "import/fileimporter.h"
#include "import/timestamps.h"
#include "itemmodels/aggregatequeryworker.h"
#include "itemmodels/dashboardfeed.h"
#include "itemmodels/influencertablemodel.h"
#include "itemmodels/liveclock.h"
#include "itemmodels/mentionqueryworker.h"
#include "itemmodels/mentiontablemodel.h"
#include "itemmodels/threadpriority.h"
#include "mainwindow.h"
#include "panels/alertspanel.h"
#include "panels/incidentbar.h"
#include "panels/influencerpanel.h"
#include "panels/mentionstreampanel.h"
#include "report/reportview.h"
#include "sources/healthstrip.h"
#include "sources/sourcesdialog.h"
#include "store/store.h"
#include "store/storewriter.h"
#include "wall/wallwindow.h"
#include "workflow/auditlog.h"
#include "workflow/publisher.h"
#include "workflow/templatelibrary.h"
#include "workflow/toneguard.h"
#include "workflow/workflowmodels.h"
#include "workflow/workflowservice.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QPixmap>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QToolBar>
#include <QtConcurrent>

namespace warroom {

WarRoomApp::WarRoomApp(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_writer(std::make_unique<WriterThread>(m_options.storePath))
    , m_reader(std::make_unique<ReaderThread>(m_options.storePath))
    , m_aggregates(std::make_unique<AggregateReaderThread>(m_options.storePath))
    , m_ranking(std::make_unique<AggregateReaderThread>(m_options.storePath))
    , m_clock(new LiveClock(this))
    , m_feed(new DashboardFeed(m_aggregates->worker(), m_clock, this))
    , m_refresh(new QTimer(this))
    , m_tick(new QTimer(this)) {
    m_mentions = new MentionTableModel(m_reader->worker(), this);
    // The ranking reads every author of the window (~0.5 s at 10M mentions): on a thread and
    // connection of its own, the KPIs, timeline and alerts never wait behind it.
    m_influencers = new InfluencerTableModel(m_ranking->worker(), this);
    MainWindow::Models models;
    models.mentions = m_mentions;
    models.aggregates = m_aggregates->worker();
    models.feed = m_feed;
    models.influencers = m_influencers;
    m_window = std::make_unique<MainWindow>(m_options.storePath, models);

    // Live panels redraw on a coalescing timer, not on every commit.
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(250);
    connect(m_refresh, &QTimer::timeout, this, &WarRoomApp::refreshNow);
    // The clock moves even when nothing is written: ages, T+ and the "now" window.
    m_tick->setInterval(30000);
    connect(m_tick, &QTimer::timeout, this, [this] {
        if (!m_clock->isHistorical())
            m_window->refreshLive();
    });

    connect(m_writer->writer(), &StoreWriter::opened, this, &WarRoomApp::onWriterOpened);
    connect(m_writer->writer(), &StoreWriter::committed, this, &WarRoomApp::onCommitted);
    connect(m_writer->writer(), &StoreWriter::failed, this,
            [this](const QString &error) { m_window->showActivity(error, true); });
    connect(m_reader->worker(), &MentionQueryWorker::statsReady, this,
            [this](const StoreStats &stats) {
                m_window->showStats(stats);
                if (!m_storeEmptyChecked) {
                    m_storeEmptyChecked = true;
                    // An empty default store comes alive: the drill plays as a live source
                    // (a picture for --screenshot takes the whole drill at once instead).
                    if (stats.mentions == 0 && m_options.loadDrillWhenEmpty) {
                        if (m_options.screenshotPath.isEmpty())
                            startDrillReplay();
                        else
                            loadDrill();
                    }
                }
            });
    connect(m_reader->worker(), &MentionQueryWorker::opened, this,
            [this](bool ok, const QString &error) {
                if (!ok)
                    m_window->showActivity(error, true);
            });
    connect(m_aggregates->worker(), &AggregateQueryWorker::spanReady, this,
            [this](qint64 first, qint64 last) {
                const bool wasHistorical = m_clock->isHistorical();
                const qint64 before = m_clock->nowMs();
                m_clock->setDataSpan(first, last);

                // A recorded store's "now" moved (more data imported): show the new end.
                if (m_clock->isHistorical() != wasHistorical || m_clock->nowMs() != before)
                    m_window->refreshLive();
            });
    for (AggregateReaderThread *t : {m_aggregates.get(), m_ranking.get()})
        connect(t->worker(), &AggregateQueryWorker::failed, this, [this](const QString &error) {
            // Before the writer has created the schema, "cannot read" is expected.
            if (m_writerOpened)
                m_window->showActivity(error, true);
        });
    connect(m_window.get(), &MainWindow::importRequested, this, &WarRoomApp::importFiles);
    connect(m_window.get(), &MainWindow::drillRequested, this, &WarRoomApp::loadDrill);
    connect(&m_import, &QFutureWatcher<QString>::finished, this, [this] {
        m_importRunning = false;
        m_importEnded.start(); // a screenshot waits for the panels to follow
        const QString summary = m_import.result();
        const bool ok = !summary.startsWith(u'!');
        m_window->showActivity(ok ? summary : summary.mid(1), !ok);
        refreshNow();
        Q_EMIT importFinished(ok ? summary : summary.mid(1), ok);
    });
    wirePanels();
    wireSources();
    wireAlerts();
    wireAnswering();
    wireReport();
    if (!m_options.screenshotPath.isEmpty() && !m_options.wall)
        connect(m_window.get(), &MainWindow::panelsReady, this,
                [this] { QTimer::singleShot(600, this, &WarRoomApp::takeScreenshot); });
    if (!m_options.screenshotPath.isEmpty() && m_options.wall)
        connect(m_window->wall(), &WallWindow::loaded, this, [this] {
            // Its timeline is in; the ranking and the KPIs follow within a moment.
            QTimer::singleShot(1200, this, &WarRoomApp::takeScreenshot);
        });
}

WarRoomApp::~WarRoomApp() {
    if (m_sources)
        m_sources->stop();
    m_relabel.waitForFinished(); // it writes through the writer thread, which is still running
    if (m_workflowThread) {
        m_workflowThread->quit();
        m_workflowThread->wait(); // the service finishes the action it is in
    }
    if (m_cancelImport)
        m_cancelImport->store(true);
    m_import.waitForFinished(); // at most one batch: the writer must outlive the importer
    m_window.reset();
}

void WarRoomApp::wirePanels() {
    MainWindow *w = m_window.get();
    WriterThread *writer = m_writer.get();
    connect(w->streamPanel(), &MentionStreamPanel::statusChangeRequested, this,
            [this, writer](const QList<qint64> &ids, MentionStatus status) {
                m_reloadMentions = true;
                writer->setStatus(ids, status);
            });
    connect(w->streamPanel(), &MentionStreamPanel::sentimentCorrectionRequested, this,
            [this, writer](const QList<qint64> &ids, Sentiment sentiment) {
                m_reloadMentions = true;
                writer->correctSentiment(ids, sentiment);
                scheduleRelabel();
            });
    connect(w->influencerPanel(), &InfluencerPanel::authorUpdateRequested, this,
            [writer](const AuthorUpdate &u) { writer->updateAuthor(u); });
    connect(w->alertsPanel(), &AlertsPanel::acknowledgeRequested, this,
            [this, writer](qint64 id, const QString &owner) {
                writer->acknowledgeAlert(id, owner, m_clock->now());
            });
    connect(w->incidentBar(), &IncidentBar::declareRequested, this,
            [writer](const QString &name, const QDateTime &start) {
                writer->declareIncident(name, start, QString());
            });
    connect(w->incidentBar(), &IncidentBar::closeRequested, this,
            [this, writer](qint64 id) { writer->closeIncident(id, m_clock->now()); });
}

QString WarRoomApp::drillPath() {
    return QStringLiteral(":/drill/scenario.jsonl");
}

void WarRoomApp::start() {
    m_writer->start();
    // The writer yields to the GUI thread too (itemmodels/threadpriority.h).
    QMetaObject::invokeMethod(
        m_writer->writer(), [] { lowerCurrentThreadPriority(); }, Qt::QueuedConnection);
    m_reader->start();
    m_aggregates->start();
    m_ranking->start();
    if (m_options.screenshotPath.isEmpty()) {
        m_window->restoreLayout();
    } else {
        // A picture for docs and checks: the default layout at the requested size.
        m_window->resize(m_options.screenshotSize);
        m_window->wall()->resize(m_options.screenshotSize);
        QTimer::singleShot(60000, this, [this] {
            if (!m_screenshotTaken) {
                m_screenshotTaken = true;
                Q_EMIT screenshotDone(false, tr("the panels did not load within 60 s"));
            }
        });
    }
    if (m_options.wall && m_options.screenshotPath.isEmpty()) {
        m_window->show();
        m_window->setWallMode(true);
    } else if (m_options.wall) {
        m_window->wall()->show();
        m_window->wall()->markDirty();
    } else {
        m_window->show();
    }
    m_window->showActivity(tr("Opening %1…").arg(m_options.storePath));
    m_tick->start();
    if (m_workflowThread)
        m_workflowThread->start();
}

void WarRoomApp::onWriterOpened(bool ok, const QString &error) {
    if (!ok) {
        m_window->showActivity(tr("The store cannot be opened: %1").arg(error), true);
        // A picture of a store that cannot be opened: say why at once, never wait for panels.
        if (!m_options.screenshotPath.isEmpty() && !std::exchange(m_screenshotTaken, true))
            Q_EMIT screenshotDone(false, tr("the store cannot be opened: %1").arg(error));
        return;
    }
    m_writerOpened = true;
    m_window->showActivity(tr("Ready."));
    startSources();
    // The reply audit chain, walked off the GUI thread: a broken chain is a persistent red line
    // naming the first broken entry (never hidden by later activity messages).
    (void)QtConcurrent::run([path = m_options.storePath] {
        sql::Connection db;
        QString error;
        AuditReport report;
        if (Store::openReader(db, path, &error) && db.exec("BEGIN")) {
            report = AuditLog::verify(db);
            db.exec("COMMIT");
        }
        return report;
    }).then(this, [this](const AuditReport &report) {
        if (report.ok)
            return;
        auto *label = new QLabel(
            tr("AUDIT LOG BROKEN at entry %1: %2. The reply history may have been altered: "
               "check it with `warroom audit verify` against a backup.")
                .arg(report.firstBrokenId)
                .arg(report.problem),
            m_window.get());
        label->setObjectName(QStringLiteral("auditWarning"));
        label->setTextFormat(Qt::PlainText);
        label->setToolTip(label->text());
        label->setStyleSheet(QStringLiteral(
            "background: #b00020; color: white; font-weight: bold; padding: 4px 8px"));
        m_window->addToolBarBreak(Qt::TopToolBarArea);
        QToolBar *bar = m_window->addToolBar(tr("Audit warning"));
        bar->setObjectName(QStringLiteral("auditWarningBar"));
        bar->setMovable(false);
        bar->setFloatable(false);
        bar->toggleViewAction()->setVisible(false); // not to be closed from a context menu
        bar->addWidget(label);
        label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        bar->show(); // added after the window was shown
    });
    // Readers start after the writer has created or migrated the schema.
    m_mentions->reload();
    QMetaObject::invokeMethod(m_reader->worker(), &MentionQueryWorker::stats, Qt::QueuedConnection);
    // The panels ask once the clock knows the store's span (a recorded store's "now" is its
    // newest mention): asked before, their first answers are for the wall clock's hours. A
    // recorded store's panels are refreshed by the span handler above (its "now" moved).
    connect(
        m_aggregates->worker(), &AggregateQueryWorker::spanReady, this,
        [this] {
            if (!m_clock->isHistorical())
                m_window->refreshLive();
        },
        Qt::SingleShotConnection);
    QMetaObject::invokeMethod(m_aggregates->worker(), &AggregateQueryWorker::span,
                              Qt::QueuedConnection);
}

void WarRoomApp::onCommitted() {
    if (!m_refresh->isActive())
        m_refresh->start();
}

void WarRoomApp::refreshNow() {
    if (m_reloadMentions) {
        m_reloadMentions = false;
        m_mentions->reload();
    } else {
        m_mentions->refreshNewer();
    }
    QMetaObject::invokeMethod(m_reader->worker(), &MentionQueryWorker::stats, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_aggregates->worker(), &AggregateQueryWorker::span,
                              Qt::QueuedConnection);
    m_window->refreshLive();
}

void WarRoomApp::setReplayTime(const QDateTime &now) {
    m_clock->setOverride(now);
    if (!m_refresh->isActive())
        m_refresh->start();
}

void WarRoomApp::takeScreenshot() {
    if (m_screenshotTaken)
        return;
    if (m_importRunning || !m_storeEmptyChecked ||
        (m_importEnded.isValid() && m_importEnded.elapsed() < 2000)) {
        // The drill is still going in (an empty default store): picture it once it is there.
        QTimer::singleShot(1500, this, &WarRoomApp::takeScreenshot);
        return;
    }
    m_screenshotTaken = true;
    QWidget *target = m_options.wall ? static_cast<QWidget *>(m_window->wall())
                                     : static_cast<QWidget *>(m_window.get());
    target->resize(m_options.screenshotSize);
    QApplication::processEvents();

    const QImage image = target->grab().toImage();
    const bool ok = !image.isNull() && image.save(m_options.screenshotPath, "PNG");
    Q_EMIT screenshotDone(
        ok,
        ok ? tr("%1 (%2×%3)").arg(m_options.screenshotPath).arg(image.width()).arg(image.height())
           : tr("cannot write %1").arg(m_options.screenshotPath));
}

void WarRoomApp::loadDrill() {
    importFiles({drillPath()});
}

void WarRoomApp::importFiles(const QStringList &files) {
    if (m_importRunning) {
        m_window->showActivity(tr("An import is already running; try again when it ends."), true);
        return;
    }
    m_importRunning = true;
    m_cancelImport = std::make_shared<std::atomic_bool>(false);
    m_window->showActivity(tr("Importing %n file(s)…", nullptr, int(files.size())));
    WriterThread *writer = m_writer.get();
    auto cancel = m_cancelImport;
    QPointer<MainWindow> window = m_window.get();
    m_import.setFuture(QtConcurrent::run([files, writer, cancel, window]() -> QString {
        QStringList lines;
        bool failed = false;
        for (const QString &file : files) {
            // Profiles that come with the export (the drill's brand, journalists and opinion
            // leaders) go in first, through the same single writer, so the alerts raised on the
            // first posts already know whose account is whose.
            for (const AuthorUpdate &u : authorProfiles(file))
                writer->updateAuthor(u);
            FileImporter importer;
            const QString name =
                file == drillPath() ? tr("drill scenario") : QFileInfo(file).fileName();
            const ImportSummary s = importer.run(
                file,
                [&](const MentionBatch &batch) {
                    if (cancel->load()) {
                        WriteResult stop;
                        stop.error = tr("cancelled");
                        return stop;
                    }
                    return writer->writeFromWorker(batch);
                },
                [window, name](qint64 done, qint64 total) {
                    const int percent = total > 0 ? int(done * 100 / total) : 0;
                    QMetaObject::invokeMethod(window, [window, name, percent] {
                        if (window)
                            window->showActivity(tr("Importing %1: %2%").arg(name).arg(percent));
                    });
                });
            if (!s.fatal.isEmpty()) {
                failed = true;
                lines << s.fatal;
                continue;
            }
            const QLocale l;
            lines << tr("%1: %2 new, %3 duplicates, %4 rejected")
                         .arg(name, l.toString(s.inserted), l.toString(s.duplicates),
                              l.toString(s.rejected));
        }
        return (failed ? QStringLiteral("!") : QString()) + lines.join(QStringLiteral("; "));
    }));
}

QString WarRoomApp::sourcesFile() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/sources.json");
}

QList<SourceConfig> WarRoomApp::allSources() const {
    QList<SourceConfig> all = m_userSources;
    if (m_drillSource)
        all.append(*m_drillSource);
    return all;
}

void WarRoomApp::wireSources() {
    m_sources = new ConnectorManager(m_options.storePath, this);
    m_health = new HealthStrip(m_window.get());
    m_health->setObjectName(QStringLiteral("healthStrip"));
    // Mentions, edits/deletes and the connector's position: one transaction on the writer.
    connect(m_sources, &ConnectorManager::batchAnalysed, m_writer->writer(),
            &StoreWriter::submitFrom, Qt::QueuedConnection);
    connect(m_sources, &ConnectorManager::healthChanged, m_health, &HealthStrip::updateHealth);
    connect(m_sources, &ConnectorManager::removed, m_health, &HealthStrip::removeConnector);
    connect(m_sources, &ConnectorManager::message, this,
            [this](const QString &line) { m_window->showActivity(line); });

    QMenu *menu = m_window->menuBar()->addMenu(tr("&Sources"));
    QAction *edit = menu->addAction(tr("&Edit sources…"));
    edit->setObjectName(QStringLiteral("editSourcesAction"));
    connect(edit, &QAction::triggered, this, [this] {
        SourcesDialog dialog(m_userSources, m_sources, m_window.get());
        if (dialog.exec() != QDialog::Accepted)
            return;
        m_userSources = dialog.sources();
        m_sources->setSources(allSources());
        // Saved off the GUI thread; secrets never go in this file (the keychain has them).
        const QByteArray json = sourcesToJson(m_userSources);
        const QString path = sourcesFile();
        (void)QtConcurrent::run([json, path] {
            QDir().mkpath(QFileInfo(path).absolutePath());
            QSaveFile file(path);
            if (file.open(QIODevice::WriteOnly))
                file.write(json);
            return file.commit();
        }).then(this, [this, path](bool saved) {
            if (!saved)
                m_window->showActivity(tr("Could not save the sources to %1").arg(path), true);
        });
    });
}

void WarRoomApp::wireAlerts() {
    // The alert engine runs on the writer thread after each batch of new mentions: watch words
    // on the new posts, spikes and negativity surges on the per-minute baseline (at most every
    // 10 s). Alerts are stored in the same place the Alerts panel reads; cool-downs hold across
    // restarts because the engine remembers what is already stored.
    struct State {
        AlertEngine engine;
        bool remembered = false;
        qint64 lastBaselineMs = 0;
    };
    auto state = std::make_shared<State>();
    StoreWriter::AfterCommit hook = [state](sql::Connection &db, const MentionBatch &batch) {
        AlertStore store(db);
        QString error;
        if (!state->remembered) {
            QList<Alert> stored;
            if (store.since(QDateTime::currentDateTimeUtc().addDays(-2), &stored, &error))
                state->engine.remember(stored);
            state->remembered = true;
        }
        // High-risk authors: the batch's authors scored from author_hours (and stored).
        QList<Alert> fired = state->engine.onMentions(batch, batchRiskLookup(db, batch, &error));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (now - state->lastBaselineMs >= 10000) {
            state->lastBaselineMs = now;
            // The minutes this batch touched (a live batch: the last few; an import: hours).
            QDateTime newest = batch.first().createdAt, oldest = newest;
            for (const Mention &m : batch) {
                newest = std::max(newest, m.createdAt);
                oldest = std::min(oldest, m.createdAt);
            }
            const qint64 span =
                std::clamp<qint64>(oldest.secsTo(newest) + 15 * 60, 15 * 60, 24 * 3600);
            QList<BaselinePoint> points;
            if (BaselineQuery(db).baselineFor(newest, span, &points, &error))
                fired += state->engine.onBaseline(points);
        }
        if (!fired.isEmpty())
            store.save(fired, &error);
    };
    QMetaObject::invokeMethod(
        m_writer->writer(), [w = m_writer->writer(), hook] { w->setAfterCommit(hook); },
        Qt::QueuedConnection);
}

void WarRoomApp::startSources() {
    if (m_sourcesStarted)
        return;
    m_sourcesStarted = true;
    const QString path = sourcesFile();
    (void)QtConcurrent::run([path] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }).then(this, [this, path](const QByteArray &json) {
        if (!json.isEmpty()) {
            QString error;
            m_userSources = sourcesFromJson(json, &error);
            if (!error.isEmpty())
                m_window->showActivity(tr("Sources in %1 ignored: %2").arg(path, error), true);
        }
        m_sources->setSources(allSources());
        m_sources->start();
    });
}

void WarRoomApp::startDrillReplay() {
    if (m_drillStarted)
        return;
    m_drillStarted = true;
    // The drill's profiles go to the writer before its first post (the writer creates those
    // authors), so the alerts on the brand's first posts already know the account is ours.
    (void)QtConcurrent::run([] {
        return authorProfiles(drillPath());
    }).then(this, [this](QList<AuthorUpdate> updates) {
        // The replay moves the posts to the present: so do the profiles' first sightings.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (AuthorUpdate &u : updates) {
            u.createSeenMs = now;
            m_writer->updateAuthor(u);
        }
        SourceConfig drill;
        drill.kind = QStringLiteral("replay");
        drill.name = tr("Drill · Orrin Kettlegate");
        drill.file = drillPath();
        drill.speed = 60; // six hours of crisis in six minutes
        m_drillSource = drill;
        m_window->showActivity(
            tr("Playing the drill scenario at 60× (Sources shows its progress)."));
        if (m_sources->isRunning() || m_sourcesStarted)
            m_sources->setSources(allSources());
    });
}

void WarRoomApp::wireAnswering() {
    m_templates = std::make_unique<TemplateLibrary>(TemplateLibrary::builtIn());
    m_workflowThread = new QThread(this);
    m_workflowThread->setObjectName(QStringLiteral("workflow"));
    // The brand's publishing accounts are in the store, their secrets in the keychain (read on
    // the GUI thread's CredentialStore, asynchronously, for the publisher on the workflow thread).
    m_workflow = new WorkflowService(
        m_options.storePath, std::make_shared<KeychainCredentials>(m_sources->credentials()));
    m_workflow->moveToThread(m_workflowThread);
    connect(m_workflowThread, &QThread::started, m_workflow, &WorkflowService::open);
    connect(m_workflowThread, &QThread::finished, m_workflow, &QObject::deleteLater);
    connect(m_workflow, &WorkflowService::opened, this, [this](bool ok, const QString &error) {
        if (!ok)
            m_window->showActivity(tr("Replies are unavailable: %1").arg(error), true);
    });

    m_approvals = new ApprovalQueueModel(this);
    m_needsReply = new NeedsReplyModel(this);
    connect(m_workflow, &WorkflowService::needsReplyChanged, m_needsReply,
            &NeedsReplyModel::setItems);
    // Publishing paused / resumed (the service repeats the state on each refresh): a marker on
    // the timeline at once.
    connect(m_workflow, &WorkflowService::pauseChanged, this,
            [this, last = std::make_shared<std::optional<QDateTime>>()](const PauseState &state) {
                const QDateTime since = state.paused ? state.since : QDateTime();
                if (last->has_value() && **last != since)
                    onCommitted();
                *last = since;
            });

    auto *switcher = new OperatorSwitcher(m_workflow);
    switcher->setObjectName(QStringLiteral("operatorSwitcher"));
    auto *banner = new PauseBanner(m_workflow);
    auto *approval = new ApprovalPanel(m_workflow, m_approvals);
    // A dock shares the column with the alerts: it must not push the window past the screen.
    approval->setMinimumSize(0, 0);
    approval->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    m_window->addApprovalQueuePanel(approval);
    // One row under the incident bar: source health, who is at the keyboard, the pause banner.
    auto *row = new QWidget(m_window.get());
    row->setObjectName(QStringLiteral("statusRow"));
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_health, 1);
    layout->addWidget(new QLabel(tr("Operator:"), row));
    layout->addWidget(switcher);
    layout->addWidget(banner);
    m_window->setConnectorHealthStrip(row);
    connect(switcher, &OperatorSwitcher::operatorChanged, approval, &ApprovalPanel::setOperator);
    connect(switcher, &OperatorSwitcher::operatorChanged, banner, &PauseBanner::setOperator);
    // The pause is seen on the wall too: the same banner above the story.
    if (auto *wallLayout = qobject_cast<QBoxLayout *>(m_window->wall()->layout())) {
        auto *wallBanner = new PauseBanner(m_workflow, m_window->wall());
        wallBanner->setObjectName(QStringLiteral("wallPauseBanner"));
        wallLayout->insertWidget(0, wallBanner);
        connect(switcher, &OperatorSwitcher::operatorChanged, wallBanner,
                &PauseBanner::setOperator);
    }
    // The queue of mentions that need an answer, oldest first, with their age against the target;
    // it follows the store (statuses set in the stream, new mentions) as the writer commits.
    auto *needsPanel = new NeedsReplyPanel(m_workflow, m_needsReply, m_window.get());
    needsPanel->setMinimumSize(0, 0);
    needsPanel->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    connect(switcher, &OperatorSwitcher::operatorChanged, needsPanel,
            &NeedsReplyPanel::setOperator);
    connect(m_writer->writer(), &StoreWriter::committed, m_workflow, &WorkflowService::refreshSoon);
    connect(m_workflow, &WorkflowService::actionDone, this,
            [this](const QString &action, qint64, bool ok, const QString &) {
                // The stream shows mention statuses: answered, moved to private, ignored.
                if (ok && (action == u"mention-status" || action == u"publish" ||
                           action == u"mark-posted" || action == u"release")) {
                    m_reloadMentions = true;
                    onCommitted();
                }
            });
    QDockWidget *needsDock = m_window->addPanel(
        needsPanel, tr("Needs a reply"), QStringLiteral("needsReplyDock"), Qt::RightDockWidgetArea);
    if (auto *approvalDock = m_window->findChild<QDockWidget *>(QStringLiteral("approvalDock")))
        m_window->tabifyDockWidget(approvalDock, needsDock);

    // The tone guard reads the spelling dictionaries: built off the GUI thread.
    (void)QtConcurrent::run([templates = *m_templates] {
        return std::shared_ptr<const ToneGuard>(std::make_shared<ToneGuard>(templates));
    }).then(this, [this, switcher](std::shared_ptr<const ToneGuard> guard) {
        m_toneGuard = std::move(guard);
        m_composer = new ComposerWidget(m_workflow, m_templates.get(), m_toneGuard.get());
        m_composer->setObjectName(QStringLiteral("composer"));
        m_window->addComposerPanel(m_composer);
        connect(switcher, &OperatorSwitcher::operatorChanged, m_composer,
                &ComposerWidget::setOperator);
        if (switcher->currentIndex() >= 0)
            Q_EMIT switcher->currentIndexChanged(switcher->currentIndex());
    });

    connect(m_window->streamPanel(), &MentionStreamPanel::currentMentionChanged, this,
            [this](const Mention &m) { m_currentMention = m; });
    QMenu *answer = m_window->menuBar()->addMenu(tr("&Answer"));
    QAction *reply = answer->addAction(tr("&Reply to the selected mention"));
    reply->setObjectName(QStringLiteral("replyAction"));
    reply->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(reply, &QAction::triggered, this, [this] {
        if (!m_composer) {
            m_window->showActivity(tr("The composer is still loading its dictionaries."));
            return;
        }
        if (m_currentMention.id == 0) {
            m_window->showActivity(tr("Select a mention in the stream first."));
            return;
        }
        const Mention &m = m_currentMention;
        m_composer->setMention(NeedsReplyItem{m.id,
                                              m.source,
                                              m.authorHandle,
                                              m.text,
                                              m.url,
                                              m.language,
                                              m.sentiment,
                                              m.createdAt,
                                              {}});
        if (auto *dock = qobject_cast<QDockWidget *>(m_composer->parentWidget())) {
            dock->show();
            dock->raise();
        }
        m_composer->setFocus();
    });
    QAction *statement = answer->addAction(tr("Write a &statement"));
    connect(statement, &QAction::triggered, this, [this] {
        if (m_composer)
            m_composer->setMention(NeedsReplyItem{});
    });
    connect(needsPanel, &NeedsReplyPanel::replyRequested, this, [this](const NeedsReplyItem &item) {
        if (!m_composer)
            return;
        m_composer->setMention(item);
        if (auto *dock = qobject_cast<QDockWidget *>(m_composer->parentWidget())) {
            dock->show();
            dock->raise();
        }
        m_composer->setFocus();
    });
    answer->addSeparator();
    QAction *accounts = answer->addAction(tr("&Publishing accounts…"));
    accounts->setObjectName(QStringLiteral("publishingAccountsAction"));
    connect(accounts, &QAction::triggered, this, [this, switcher] {
        PublishingAccountsDialog dialog(m_workflow, m_sources->credentials(), switcher->current(),
                                        m_window.get());
        dialog.exec();
    });
}

void WarRoomApp::wireReport() {
    QMenu *menu = m_window->menuBar()->addMenu(tr("&Report"));
    QAction *open = menu->addAction(tr("&Post-mortem of everything stored…"));
    open->setObjectName(QStringLiteral("postMortemAction"));
    connect(open, &QAction::triggered, this, [this] {
        report::ReportScope scope;
        scope.from = QDateTime::fromMSecsSinceEpoch(0, Qt::UTC);
        scope.to = QDateTime::currentDateTimeUtc().addDays(1);
        auto *view = new report::ReportView(m_options.storePath, scope);
        view->setAttribute(Qt::WA_DeleteOnClose);
        view->setWindowFlag(Qt::Window);
        view->setWindowTitle(tr("Post-mortem"));
        view->resize(1100, 800);
        view->show();
    });
}

void WarRoomApp::scheduleRelabel() {
    if (!m_relabelDelay) {
        // A burst of key presses is one retraining, shortly after the last one.
        m_relabelDelay = new QTimer(this);
        m_relabelDelay->setSingleShot(true);
        m_relabelDelay->setInterval(1500);
        connect(m_relabelDelay, &QTimer::timeout, this, [this] {
            if (m_relabel.isRunning()) {
                m_relabelAgain = true;
                return;
            }
            StoreWriter *w = m_writer->writer();
            Relabeler::Sink sink = [w](const QList<Relabel> &batch, int *changed, QString *error) {
                bool ok = false;
                QMetaObject::invokeMethod(
                    w,
                    [&] {
                        w->withWriter([&](MentionWriter &writer) {
                            ok = AnalysisWriter(writer).applyRelabels(batch, changed, error);
                        });
                    },
                    Qt::BlockingQueuedConnection);
                return ok;
            };
            m_window->showActivity(tr("Learning from the analysts' corrections…"));
            m_relabel.setFuture(Relabeler::start(m_options.storePath, sink));
        });
        connect(&m_relabel, &QFutureWatcher<RelabelStats>::finished, this, [this] {
            const RelabelStats stats = m_relabel.result();
            if (!stats.ok())
                m_window->showActivity(tr("Re-scoring stopped: %1").arg(stats.error), true);
            else
                m_window->showActivity(
                    tr("Learned from %1 analyst labels: %2 mentions re-scored, %3 changed (%4 s)")
                        .arg(stats.trainingExamples)
                        .arg(stats.scored)
                        .arg(stats.changed)
                        .arg((stats.trainMs + stats.scoreMs) / 1000.0, 0, 'f', 1));
            m_reloadMentions = true;
            refreshNow();
            if (std::exchange(m_relabelAgain, false))
                m_relabelDelay->start();
        });
    }
    m_relabelDelay->start();
}

} // namespace warroom
