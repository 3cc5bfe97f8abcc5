#pragma once

#include "domain/mention.h"
#include "store/mentionreader.h"

#include <QObject>
#include <QThread>
#include <QVector>

namespace warroom {

// What was committed since the model's last answer: enough to insert it without a re-query.
struct NewerRows {
    QVector<qint64> ids;   // the new matching ids, in list order (newest first)
    QVector<qint64> times; // created_at (ms) of each
    QList<Mention> rows;   // the rows themselves: the view shows the top of the list at once
    // Live rows arrive a little out of order (a post created 3 s ago lands after one created
    // 1 s ago). When some are older than the model's edge, and the stream is unfiltered, every
    // id with created_at at or after the oldest new one, in list order: the new top of the list,
    // so the model inserts them where they belong. Empty when not needed or too long.
    QVector<qint64> top;
    qint64 maxId = 0;
};

// Runs the stream's queries on its own read-only connection. Lives on the reader thread
// (ReaderThread); answers through queued signals tagged with the caller's generation so stale
// answers are dropped.
class MentionQueryWorker final : public QObject {
    Q_OBJECT
public:
    explicit MentionQueryWorker(QString path, QObject *parent = nullptr);

public Q_SLOTS:
    void open();
    void query(int generation, const warroom::MentionFilter &filter, bool oldestFirst);
    // Rows after `afterId`; `edgeMs` is the created_at of the newest row the model shows.
    void newer(int generation, const warroom::MentionFilter &filter, qint64 afterId, qint64 edgeMs);
    void fetch(int generation, int page, const QVector<qint64> &ids);
    void stats();

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    // The first rows of a query's answer (MentionReader::firstIds), before idsReady gives all.
    // The rows of the first page come along: the full answer may keep this thread busy for
    // seconds, and a page asked for meanwhile would wait behind it.
    void firstIdsReady(int generation, const QVector<qint64> &ids,
                       const QList<warroom::Mention> &rows);
    void idsReady(int generation, const QVector<qint64> &ids, qint64 maxId, const QString &error);
    void newerReady(int generation, const warroom::NewerRows &newer);
    void rowsReady(int generation, int page, const QList<warroom::Mention> &rows);
    void statsReady(const warroom::StoreStats &stats);

private:
    bool ensureOpen();

public:
    // The longest new top the worker sends; a longer one is a re-query.
    static constexpr int kMaxTop = 20000;
    // The first page sent ahead of a query's full answer (firstIdsReady): its rows and the time
    // the time-index walk may take before the full answer is left to come alone.
    static constexpr int kPreviewRows = 1000;
    static constexpr int kPreviewBudgetMs = 500;
    static constexpr int kPreviewFetch = 200; // rows sent with them
    // Before the thread starts (tests).
    void setPreview(int rows, int budgetMs) {
        m_previewRows = rows;
        m_previewBudgetMs = budgetMs;
    }

private:
    QString m_path;
    MentionReader m_reader;
    int m_previewRows = kPreviewRows;
    int m_previewBudgetMs = kPreviewBudgetMs;
};

// Owns the reader thread and its worker. Lives on the GUI thread.
class ReaderThread final : public QObject {
    Q_OBJECT
public:
    explicit ReaderThread(const QString &path, QObject *parent = nullptr);
    ~ReaderThread() override;
    [[nodiscard]] MentionQueryWorker *worker() const { return m_worker; }
    void start();

private:
    QThread m_thread;
    MentionQueryWorker *m_worker;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::MentionFilter)
Q_DECLARE_METATYPE(warroom::StoreStats)
Q_DECLARE_METATYPE(warroom::NewerRows)
