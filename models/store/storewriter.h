#pragma once

#include "domain/mention.h"
#include "mentionwriter.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <optional>

namespace warroom {

// What an analyst changes about an author (unset fields stay as they are). Stance is one of
// "unknown", "against", "neutral", "for".
struct AuthorUpdate {
    QString source;
    QString handle;
    std::optional<QString> stance;
    std::optional<bool> journalist;
    std::optional<bool> opinionLeader;
    std::optional<bool> brand;
    std::optional<bool> watchlist;
    // > 0: create the author first when the store has none yet, first and last seen at this time
    // (profiles that come before the posts, e.g. the drill's brand account, so that the alerts
    // on its first posts already know it is ours).
    qint64 createSeenMs = 0;
};

// Applies one author update on `db` inside the caller's transaction (the writer thread's
// StoreWriter::updateAuthor, or a CLI holding the writer connection). False + a reason when the
// stance is unknown or the author is not in the store (and createSeenMs is 0).
bool applyAuthorUpdate(sql::Connection &db, const AuthorUpdate &update, QString *error);

// The store's single writer as a worker object. Lives on the writer thread (see WriterThread);
// everyone else talks to it through queued calls and its signals.
class StoreWriter final : public QObject {
    Q_OBJECT
public:
    explicit StoreWriter(QString path, QObject *parent = nullptr);

public Q_SLOTS:
    void open();
    void submit(const warroom::MentionBatch &batch);
    // From a connector (ConnectorManager::batchAnalysed): mentions, edits/deletions and the
    // connector's checkpoint in one transaction.
    void submitFrom(const warroom::MentionBatch &batch,
                    const QList<warroom::MentionChange> &changes,
                    const warroom::ConnectorCheckpoint &checkpoint);
    void setStatus(const QList<qint64> &ids, warroom::MentionStatus status);
    // For an importer on a worker thread that needs the result (BlockingQueuedConnection).
    warroom::WriteResult writeNow(const warroom::MentionBatch &batch);
    // Analyst decisions (issue 5). Each commits in one transaction and emits committed().
    void updateAuthor(const warroom::AuthorUpdate &update);
    // Sets the label, marks it sentiment_by_analyst = 1 and moves the per-minute counts.
    void correctSentiment(const QList<qint64> &ids, warroom::Sentiment sentiment);
    // Refused (failed()) while another incident is open.
    void declareIncident(const QString &name, const QDateTime &startedAt, const QString &by);
    void closeIncident(qint64 id, const QDateTime &closedAt);
    // First acknowledgement wins; a second one is ignored.
    void acknowledgeAlert(qint64 id, const QString &owner, const QDateTime &at);

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void committed(const warroom::WriteResult &result);
    void failed(const QString &error);

public:
    // Runs `job` with the writer on this thread, then reports a commit (for work computed on a
    // worker that must be written by the one writer, e.g. re-scored sentiment). Call it with
    // a BlockingQueuedConnection from that worker.
    void withWriter(const std::function<void(MentionWriter &)> &job) {
        job(m_writer);
        Q_EMIT committed(WriteResult{});
    }

    // Work to do on this thread after each committed batch of new mentions (e.g. the alert
    // engine), on the writer's connection. Set once, before batches arrive (queued call).
    using AfterCommit = std::function<void(sql::Connection &, const MentionBatch &)>;
    void setAfterCommit(AfterCommit hook) { m_afterCommit = std::move(hook); }

private:
    // BEGIN IMMEDIATE, body, COMMIT (ROLLBACK and failed(what + reason) when body says false).
    bool transaction(const QString &what, const std::function<bool(QString *)> &body);
    void afterCommit(const MentionBatch &batch, const WriteResult &result);

    QString m_path;
    MentionWriter m_writer;
    AfterCommit m_afterCommit;
    bool m_indexScheduled = false; // a search-index catch-up is due (afterCommit)
};

// Owns the writer thread and the StoreWriter on it. Lives on (and is used from) the GUI thread.
class WriterThread final : public QObject {
    Q_OBJECT
public:
    explicit WriterThread(const QString &path, QObject *parent = nullptr);
    ~WriterThread() override;

    [[nodiscard]] StoreWriter *writer() const { return m_writer; }
    void start();
    void submit(const MentionBatch &batch);
    void setStatus(const QList<qint64> &ids, MentionStatus status);
    void updateAuthor(const AuthorUpdate &update);
    void correctSentiment(const QList<qint64> &ids, Sentiment sentiment);
    void declareIncident(const QString &name, const QDateTime &startedAt, const QString &by);
    void closeIncident(qint64 id, const QDateTime &closedAt);
    void acknowledgeAlert(qint64 id, const QString &owner, const QDateTime &at);
    // Blocks the calling thread (never the GUI thread) until the batch is committed.
    WriteResult writeFromWorker(const MentionBatch &batch);

private:
    QThread m_thread;
    StoreWriter *m_writer; // owned by m_thread's lifetime (deleteLater on finish)
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::AuthorUpdate)
