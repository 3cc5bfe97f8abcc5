#include "mentionqueryworker.h"

namespace warroom {

MentionQueryWorker::MentionQueryWorker(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path)) {
    qRegisterMetaType<warroom::MentionFilter>();
    qRegisterMetaType<warroom::StoreStats>();
    qRegisterMetaType<QList<warroom::Mention>>();
    qRegisterMetaType<QVector<qint64>>();
}

bool MentionQueryWorker::ensureOpen() {
    if (m_reader.isOpen())
        return true;
    QString error;
    const bool ok = m_reader.open(m_path, &error);
    if (!ok)
        Q_EMIT opened(false, error);
    return ok;
}

void MentionQueryWorker::open() {
    QString error;
    const bool ok = m_reader.isOpen() || m_reader.open(m_path, &error);
    Q_EMIT opened(ok, error);
}

void MentionQueryWorker::query(int generation, const MentionFilter &filter, bool oldestFirst) {
    if (!ensureOpen()) {
        Q_EMIT idsReady(generation, {}, 0, tr("The store cannot be read."));
        return;
    }
    // The max id is read first: rows committed during the query are picked up by newer().
    const qint64 maxId = m_reader.maxId();
    QVector<qint64> ids;
    QString error;
    if (!m_reader.ids(filter, &ids, &error)) {
        Q_EMIT idsReady(generation, {}, maxId, error);
        return;
    }
    if (oldestFirst)
        std::reverse(ids.begin(), ids.end());
    Q_EMIT idsReady(generation, ids, maxId, QString());
}

void MentionQueryWorker::newer(int generation, const MentionFilter &filter, qint64 afterId) {
    if (!ensureOpen())
        return;
    const qint64 maxId = m_reader.maxId();
    if (maxId <= afterId)
        return;
    QVector<qint64> ids;
    QString error;
    if (!m_reader.ids(filter, &ids, &error, afterId))
        return;
    QVector<qint64> times;
    times.reserve(ids.size());
    for (const Mention &m : m_reader.fetch(ids))
        times.append(m.createdAt.toMSecsSinceEpoch());
    if (times.size() != ids.size())
        return; // rows vanished under us: the next refresh settles it
    Q_EMIT newerReady(generation, ids, times, maxId);
}

void MentionQueryWorker::fetch(int generation, int page, const QVector<qint64> &ids) {
    if (!ensureOpen())
        return;
    Q_EMIT rowsReady(generation, page, m_reader.fetch(ids));
}

void MentionQueryWorker::stats() {
    if (!ensureOpen())
        return;
    Q_EMIT statsReady(m_reader.stats());
}

ReaderThread::ReaderThread(const QString &path, QObject *parent)
    : QObject(parent)
    , m_worker(new MentionQueryWorker(path)) {
    m_thread.setObjectName(QStringLiteral("store-reader"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
}

ReaderThread::~ReaderThread() {
    m_thread.quit();
    m_thread.wait();
}

void ReaderThread::start() {
    m_thread.start();
}

} // namespace warroom
