#include "mentionqueryworker.h"

#include "threadpriority.h"

#include <limits>

namespace warroom {

MentionQueryWorker::MentionQueryWorker(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path)) {
    qRegisterMetaType<warroom::MentionFilter>();
    qRegisterMetaType<warroom::StoreStats>();
    qRegisterMetaType<QList<warroom::Mention>>();
    qRegisterMetaType<QVector<qint64>>();
    qRegisterMetaType<warroom::NewerRows>();
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
    // The max id is read first: rows committed during the query are picked up by newer(). The
    // ids may include some committed after it: then they set the max (ids grow with commits),
    // so that newer() does not add them twice.
    qint64 maxId = m_reader.maxId();
    QVector<qint64> ids;
    QString error;
    // The first page first: a search matching a large share of a big store takes seconds to
    // list and sort in full; its newest rows come from the time index in a fraction of that.
    const MentionReader::FirstIds first =
        m_reader.firstIds(filter, m_previewRows, oldestFirst, m_previewBudgetMs, &ids, &error);
    if (first == MentionReader::FirstIds::Failed) {
        Q_EMIT idsReady(generation, {}, maxId, error);
        return;
    }
    if (first == MentionReader::FirstIds::First)
        Q_EMIT firstIdsReady(generation, ids, m_reader.fetch(ids.mid(0, kPreviewFetch)));
    if (first == MentionReader::FirstIds::All) {
        for (qint64 id : std::as_const(ids))
            maxId = std::max(maxId, id);
        Q_EMIT idsReady(generation, ids, maxId, QString());
        return;
    }
    if (!m_reader.ids(filter, &ids, &error)) {
        Q_EMIT idsReady(generation, {}, maxId, error);
        return;
    }
    for (qint64 id : std::as_const(ids))
        maxId = std::max(maxId, id);
    if (oldestFirst)
        std::reverse(ids.begin(), ids.end());
    Q_EMIT idsReady(generation, ids, maxId, m_reader.warning());
}

void MentionQueryWorker::newer(int generation, const MentionFilter &filter, qint64 afterId,
                               qint64 edgeMs) {
    if (!ensureOpen())
        return;
    NewerRows n;
    n.maxId = m_reader.maxId();
    if (n.maxId <= afterId)
        return;
    QString error;
    if (!m_reader.ids(filter, &n.ids, &error, afterId))
        return;
    n.rows = m_reader.fetch(n.ids);
    if (n.rows.size() != n.ids.size())
        return; // rows vanished under us: the next refresh settles it
    n.times.reserve(n.ids.size());
    qint64 oldest = std::numeric_limits<qint64>::max();
    for (const Mention &m : std::as_const(n.rows)) {
        n.times.append(m.createdAt.toMSecsSinceEpoch());
        oldest = std::min(oldest, n.times.last());
        n.maxId = std::max(n.maxId, m.id);
    }
    if (!n.ids.isEmpty() && edgeMs > 0 && oldest < edgeMs && filter == MentionFilter{}) {
        // Same order as MentionReader::ids, through the (created_at, id) index, bounded.
        sql::Statement st = m_reader.connection().prepare(
            "SELECT id FROM mentions WHERE created_at >= ?1 AND id <= ?2 "
            "ORDER BY created_at DESC, id DESC LIMIT ?3");
        if (st.isValid()) {
            st.bind(1, oldest);
            st.bind(2, n.maxId);
            st.bind(3, qint64(kMaxTop) + 1);
            while (st.step() == SQLITE_ROW)
                n.top.append(st.int64(0));
            if (n.top.size() > kMaxTop)
                n.top.clear();
        }
    }
    Q_EMIT newerReady(generation, n);
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
    // Queries yield to the GUI thread (see threadpriority.h).
    connect(&m_thread, &QThread::started, m_worker, [] { lowerCurrentThreadPriority(); });
}

ReaderThread::~ReaderThread() {
    m_thread.quit();
    m_thread.wait();
}

void ReaderThread::start() {
    m_thread.start();
}

} // namespace warroom
