#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

class QTimer;

namespace warroom {

class AggregateReaderThread;
class DashboardFeed;
class InfluencerTableModel;
class LiveClock;
class MainWindow;
class MentionTableModel;
class ReaderThread;
class WriterThread;
struct ImportSummary;

// The composition root of the GUI: creates the store's writer thread, the two reader threads
// (mention stream; aggregates for timeline / KPIs / influencers / alerts), the models, the
// console and the wall, and wires panel actions to the single writer. Lives on the GUI thread.
class WarRoomApp final : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString storePath;
        bool loadDrillWhenEmpty = false;
        bool wall = false;      // start in wall mode (--wall)
        QString screenshotPath; // render, save this PNG and quit (--screenshot)
        QSize screenshotSize{1920, 1080};
    };

    explicit WarRoomApp(Options options, QObject *parent = nullptr);
    ~WarRoomApp() override;

    void start();
    [[nodiscard]] MainWindow *window() const { return m_window.get(); }
    [[nodiscard]] MentionTableModel *mentions() const { return m_mentions; }
    [[nodiscard]] InfluencerTableModel *influencers() const { return m_influencers; }
    [[nodiscard]] DashboardFeed *feed() const { return m_feed; }
    [[nodiscard]] LiveClock *clock() const { return m_clock; }
    [[nodiscard]] WriterThread *writer() const { return m_writer.get(); }

    // Imports in the background through the single writer; progress and result in the window.
    // JSONL files that carry "author_flags" (the drill does) also set those authors' flags.
    void importFiles(const QStringList &files);
    void loadDrill();
    [[nodiscard]] bool isImporting() const { return m_importRunning; }

    // Hook for the drill replay (issue 3/6): pin the war room's "now" to the replayed time;
    // an invalid time goes back to the wall clock.
    void setReplayTime(const QDateTime &now);
    // Refresh everything now (tests; the coalescing timer does it while live).
    void refreshNow();

    // The bundled drill scenario (a Qt resource path).
    [[nodiscard]] static QString drillPath();

Q_SIGNALS:
    void importFinished(const QString &summary, bool ok);
    // --screenshot: the PNG was written (ok) or could not be (error).
    void screenshotDone(bool ok, const QString &message);

private:
    void onWriterOpened(bool ok, const QString &error);
    void onCommitted();
    void wirePanels();
    void takeScreenshot();

    Options m_options;
    std::unique_ptr<WriterThread> m_writer;
    std::unique_ptr<ReaderThread> m_reader;
    std::unique_ptr<AggregateReaderThread> m_aggregates;
    LiveClock *m_clock;
    DashboardFeed *m_feed;
    MentionTableModel *m_mentions = nullptr;
    InfluencerTableModel *m_influencers = nullptr;
    std::unique_ptr<MainWindow> m_window;
    QTimer *m_refresh;
    QTimer *m_tick;
    QFutureWatcher<QString> m_import;
    bool m_importRunning = false;
    bool m_reloadMentions = false;
    std::shared_ptr<std::atomic_bool> m_cancelImport;
    bool m_storeEmptyChecked = false;
    bool m_screenshotTaken = false;
    bool m_writerOpened = false;
    QElapsedTimer m_importEnded;
};

} // namespace warroom
