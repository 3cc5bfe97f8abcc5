#include "warroomapp.h"

#include "import/fileimporter.h"
#include "itemmodels/mentionqueryworker.h"
#include "itemmodels/mentiontablemodel.h"
#include "mainwindow.h"
#include "store/storewriter.h"

#include <QFileInfo>
#include <QLocale>
#include <QTimer>
#include <QtConcurrent>

namespace warroom {

WarRoomApp::WarRoomApp(Options options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_writer(std::make_unique<WriterThread>(m_options.storePath))
    , m_reader(std::make_unique<ReaderThread>(m_options.storePath))
    , m_refresh(new QTimer(this)) {
    m_mentions = new MentionTableModel(m_reader->worker(), this);
    m_window = std::make_unique<MainWindow>(m_options.storePath, m_mentions);

    // Live panels redraw on a coalescing timer, not on every commit.
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(250);
    connect(m_refresh, &QTimer::timeout, this, &WarRoomApp::refreshNow);

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
    connect(m_window.get(), &MainWindow::importRequested, this, &WarRoomApp::importFiles);
    connect(m_window.get(), &MainWindow::drillRequested, this, &WarRoomApp::loadDrill);
    connect(&m_import, &QFutureWatcher<QString>::finished, this, [this] {
        m_importRunning = false;
        const QString summary = m_import.result();
        const bool ok = !summary.startsWith(u'!');
        m_window->showActivity(ok ? summary : summary.mid(1), !ok);
        refreshNow();
        Q_EMIT importFinished(ok ? summary : summary.mid(1), ok);
    });
}

WarRoomApp::~WarRoomApp() {
    if (m_cancelImport)
        m_cancelImport->store(true);
    m_import.waitForFinished(); // at most one batch: the writer must outlive the importer
    m_window.reset();
}

QString WarRoomApp::drillPath() {
    return QStringLiteral(":/drill/scenario.jsonl");
}

void WarRoomApp::start() {
    m_writer->start();
    m_reader->start();
    m_window->restoreLayout();
    m_window->show();
    m_window->showActivity(tr("Opening %1…").arg(m_options.storePath));
}

void WarRoomApp::onWriterOpened(bool ok, const QString &error) {
    if (!ok) {
        m_window->showActivity(tr("The store cannot be opened: %1").arg(error), true);
        return;
    }
    m_window->showActivity(tr("Ready."));
    // Readers start after the writer has created or migrated the schema.
    m_mentions->reload();
    QMetaObject::invokeMethod(m_reader->worker(), &MentionQueryWorker::stats, Qt::QueuedConnection);
}

void WarRoomApp::onCommitted() {
    if (!m_refresh->isActive())
        m_refresh->start();
}

void WarRoomApp::refreshNow() {
    m_mentions->refreshNewer();
    QMetaObject::invokeMethod(m_reader->worker(), &MentionQueryWorker::stats, Qt::QueuedConnection);
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
            const QLocale l;
            lines << tr("%1: %2 new, %3 duplicates, %4 rejected")
                         .arg(name, l.toString(s.inserted), l.toString(s.duplicates),
                              l.toString(s.rejected));
        }
        return (failed ? QStringLiteral("!") : QString()) + lines.join(QStringLiteral("; "));
    }));
}

} // namespace warroom
