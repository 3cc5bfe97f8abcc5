#include "storewriter.h"

namespace warroom {

StoreWriter::StoreWriter(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path)) {
    qRegisterMetaType<warroom::MentionBatch>();
    qRegisterMetaType<warroom::WriteResult>();
    qRegisterMetaType<warroom::MentionStatus>();
}

void StoreWriter::open() {
    QString error;
    const bool ok = m_writer.open(m_path, &error);
    Q_EMIT opened(ok, error);
}

void StoreWriter::submit(const MentionBatch &batch) {
    if (!m_writer.isOpen()) {
        Q_EMIT failed(
            tr("The store is not open; %n mention(s) were not saved.", nullptr, int(batch.size())));
        return;
    }
    const WriteResult result = m_writer.write(batch);
    if (!result.ok())
        Q_EMIT failed(result.error);
    Q_EMIT committed(result);
}

WriteResult StoreWriter::writeNow(const MentionBatch &batch) {
    WriteResult result;
    if (!m_writer.isOpen()) {
        result.error = tr("the store is not open");
        return result;
    }
    result = m_writer.write(batch);
    if (!result.ok())
        Q_EMIT failed(result.error);
    Q_EMIT committed(result);
    return result;
}

void StoreWriter::setStatus(const QList<qint64> &ids, MentionStatus status) {
    QString error;
    if (!m_writer.setStatus(ids, status, &error)) {
        Q_EMIT failed(tr("Could not change the status: %1").arg(error));
        return;
    }
    WriteResult changed;
    Q_EMIT committed(changed);
}

WriterThread::WriterThread(const QString &path, QObject *parent)
    : QObject(parent)
    , m_writer(new StoreWriter(path)) {
    m_thread.setObjectName(QStringLiteral("store-writer"));
    m_writer->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_writer, &QObject::deleteLater);
}

WriterThread::~WriterThread() {
    m_thread.quit();
    m_thread.wait(); // the writer finishes its current batch: nothing half-written
}

void WriterThread::start() {
    m_thread.start();
    QMetaObject::invokeMethod(m_writer, &StoreWriter::open, Qt::QueuedConnection);
}

void WriterThread::submit(const MentionBatch &batch) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, batch] { w->submit(batch); }, Qt::QueuedConnection);
}

void WriterThread::setStatus(const QList<qint64> &ids, MentionStatus status) {
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, ids, status] { w->setStatus(ids, status); }, Qt::QueuedConnection);
}

WriteResult WriterThread::writeFromWorker(const MentionBatch &batch) {
    Q_ASSERT(QThread::currentThread() != thread());
    WriteResult result;
    QMetaObject::invokeMethod(
        m_writer, [w = m_writer, &batch] { return w->writeNow(batch); },
        Qt::BlockingQueuedConnection, &result);
    return result;
}

} // namespace warroom
