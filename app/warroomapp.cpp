#include "warroomapp.h"

#include "import/fileimporter.h"
#include "itemmodels/aggregatequeryworker.h"
#include "itemmodels/dashboardfeed.h"
#include "itemmodels/influencertablemodel.h"
#include "itemmodels/liveclock.h"
#include "itemmodels/mentionqueryworker.h"
#include "itemmodels/mentiontablemodel.h"
#include "mainwindow.h"
#include "panels/alertspanel.h"
#include "panels/incidentbar.h"
#include "panels/influencerpanel.h"
#include "panels/mentionstreampanel.h"
#include "store/storewriter.h"
#include "wall/wallwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QPixmap>
#include <QTimer>
#include <QtConcurrent>

namespace warroom {

namespace {

// "author_flags" of a JSONL export (the drill's profiles: brand, journalist, opinion_leader).
// Runs on the import worker thread; only files that are JSON lines are read.
QList<AuthorUpdate> authorFlags(const QString &file) {
    QList<AuthorUpdate> updates;
    if (!file.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive) &&
        !file.endsWith(QLatin1String(".ndjson"), Qt::CaseInsensitive))
        return updates;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return updates;
    QSet<QString> seen;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine();
        if (!line.contains("author_flags"))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QJsonArray flags = o.value(QLatin1String("author_flags")).toArray();
        if (flags.isEmpty())
            continue;
        AuthorUpdate u;
        u.source = o.value(QLatin1String("source")).toString();
        u.handle = o.value(QLatin1String("author_handle")).toString();
        if (u.handle.startsWith(u'@'))
            u.handle.remove(0, 1);
        if (u.source.isEmpty() || u.handle.isEmpty() || seen.contains(u.source + u.handle))
            continue;
        seen.insert(u.source + u.handle);
        for (const QJsonValue &v : flags) {
            const QString flag = v.toString();
            if (flag == QLatin1String("journalist"))
                u.journalist = true;
            else if (flag == QLatin1String("opinion_leader"))
                u.opinionLeader = true;
            else if (flag == QLatin1String("brand"))
                u.brand = true;
        }
        if (u.journalist || u.opinionLeader || u.brand)
            updates << u;
    }
    return updates;
}

} // namespace

WarRoomApp::WarRoomApp(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_writer(std::make_unique<WriterThread>(m_options.storePath))
    , m_reader(std::make_unique<ReaderThread>(m_options.storePath))
    , m_aggregates(std::make_unique<AggregateReaderThread>(m_options.storePath))
    , m_clock(new LiveClock(this))
    , m_feed(new DashboardFeed(m_aggregates->worker(), m_clock, this))
    , m_refresh(new QTimer(this))
    , m_tick(new QTimer(this)) {
    m_mentions = new MentionTableModel(m_reader->worker(), this);
    m_influencers = new InfluencerTableModel(m_aggregates->worker(), this);
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
                    if (stats.mentions == 0 && m_options.loadDrillWhenEmpty)
                        loadDrill();
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
    connect(m_aggregates->worker(), &AggregateQueryWorker::failed, this,
            [this](const QString &error) {
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
    m_reader->start();
    m_aggregates->start();
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
}

void WarRoomApp::onWriterOpened(bool ok, const QString &error) {
    if (!ok) {
        m_window->showActivity(tr("The store cannot be opened: %1").arg(error), true);
        return;
    }
    m_writerOpened = true;
    m_window->showActivity(tr("Ready."));
    // Readers start after the writer has created or migrated the schema.
    m_mentions->reload();
    QMetaObject::invokeMethod(m_reader->worker(), &MentionQueryWorker::stats, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_aggregates->worker(), &AggregateQueryWorker::span,
                              Qt::QueuedConnection);
    m_window->refreshLive();
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
            // Profiles that come with the export (the drill's brand, journalists and
            // opinion leaders), through the same single writer.
            const QString flagsFile =
                file == drillPath() ? QStringLiteral(":/drill/scenario.jsonl") : file;
            for (const AuthorUpdate &u : authorFlags(flagsFile))
                writer->updateAuthor(u);
            const QLocale l;
            lines << tr("%1: %2 new, %3 duplicates, %4 rejected")
                         .arg(name, l.toString(s.inserted), l.toString(s.duplicates),
                              l.toString(s.rejected));
        }
        return (failed ? QStringLiteral("!") : QString()) + lines.join(QStringLiteral("; "));
    }));
}

} // namespace warroom
