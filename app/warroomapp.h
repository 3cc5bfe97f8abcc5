#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHash>
#include <QList>

#include "analysis/relabeler.h"
#include "common/sourceconfig.h"
#include "domain/mention.h"
#include "store/storewriter.h"
#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

class QTimer;

namespace warroom {

class AggregateReaderThread;
class ApprovalQueueModel;
class ComposerWidget;
class ConnectorManager;
class HealthStrip;
class NeedsReplyModel;
class TemplateLibrary;
class ToneGuard;
class WorkflowService;

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
    // Live sources (issue 3): connectors, the health strip, the Sources menu, the drill replay.
    void wireSources();
    // Alerts (issue 4): the engine after each committed batch, on the writer thread.
    void wireAlerts();
    void startSources();
    void startDrillReplay();
    // Answering (issue 6): the workflow service on its own thread and its widgets.
    void wireAnswering();
    // The post-mortem (issue 7): a menu action opening the report view.
    void wireReport();
    [[nodiscard]] static QString sourcesFile();

    Options m_options;
    std::unique_ptr<WriterThread> m_writer;
    std::unique_ptr<ReaderThread> m_reader;
    std::unique_ptr<AggregateReaderThread> m_aggregates;
    std::unique_ptr<AggregateReaderThread> m_ranking; // the influencer ranking's own
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

    ConnectorManager *m_sources = nullptr;
    HealthStrip *m_health = nullptr;
    bool m_sourcesStarted = false;
    QList<SourceConfig> m_userSources;         // what the Sources dialog edits and saves
    std::optional<SourceConfig> m_drillSource; // the drill replay of an empty default store
    Mention m_currentMention;                  // the stream's selection, for "Reply"
    [[nodiscard]] QList<SourceConfig> allSources() const;
    // Drill profiles (brand, journalists, opinion leaders) applied as their authors arrive.
    bool m_drillStarted = false; // the drill replay was asked for (its profiles go in first)

    QThread *m_workflowThread = nullptr;
    WorkflowService *m_workflow = nullptr; // lives on m_workflowThread
    std::unique_ptr<TemplateLibrary> m_templates;
    std::shared_ptr<const ToneGuard> m_toneGuard;
    ApprovalQueueModel *m_approvals = nullptr;
    NeedsReplyModel *m_needsReply = nullptr;
    ComposerWidget *m_composer = nullptr;

    // Learning from the analysts: their corrections retrain the model and re-score the rest.
    void scheduleRelabel();
    QTimer *m_relabelDelay = nullptr;
    QFutureWatcher<RelabelStats> m_relabel;
    bool m_relabelAgain = false;
};

} // namespace warroom
