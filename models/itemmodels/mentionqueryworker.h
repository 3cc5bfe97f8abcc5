#pragma once

#include "domain/mention.h"
#include "store/mentionreader.h"

#include <QObject>
#include <QThread>
#include <QVector>

namespace warroom {

struct IdList {
    QVector<qint64> ids;
    QVector<qint64> times; // created_at (ms) of each id; only for "newer" answers
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
    void newer(int generation, const warroom::MentionFilter &filter, qint64 afterId);
    void fetch(int generation, int page, const QVector<qint64> &ids);
    void stats();

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void idsReady(int generation, const QVector<qint64> &ids, qint64 maxId, const QString &error);
    void newerReady(int generation, const QVector<qint64> &ids, const QVector<qint64> &times,
                    qint64 maxId);
    void rowsReady(int generation, int page, const QList<warroom::Mention> &rows);
    void statsReady(const warroom::StoreStats &stats);

private:
    bool ensureOpen();

    QString m_path;
    MentionReader m_reader;
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
