#pragma once

#include "domain/mention.h"
#include "mentionwriter.h"

#include <QObject>
#include <QThread>

namespace warroom {

// The store's single writer as a worker object. Lives on the writer thread (see WriterThread);
// everyone else talks to it through queued calls and its signals.
class StoreWriter final : public QObject {
    Q_OBJECT
public:
    explicit StoreWriter(QString path, QObject *parent = nullptr);

public Q_SLOTS:
    void open();
    void submit(const warroom::MentionBatch &batch);
    void setStatus(const QList<qint64> &ids, warroom::MentionStatus status);
    // For an importer on a worker thread that needs the result (BlockingQueuedConnection).
    warroom::WriteResult writeNow(const warroom::MentionBatch &batch);

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    void committed(const warroom::WriteResult &result);
    void failed(const QString &error);

private:
    QString m_path;
    MentionWriter m_writer;
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
    // Blocks the calling thread (never the GUI thread) until the batch is committed.
    WriteResult writeFromWorker(const MentionBatch &batch);

private:
    QThread m_thread;
    StoreWriter *m_writer; // owned by m_thread's lifetime (deleteLater on finish)
};

} // namespace warroom
