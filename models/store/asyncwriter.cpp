#include "asyncwriter.h"

namespace warroom {

AsyncMentionWriter::~AsyncMentionWriter() {
    finish();
}

bool AsyncMentionWriter::open(const QString &path, QString *error) {
    if (!m_writer.open(path, error))
        return false;
    // A bulk import checkpoints the WAL into the store every 32 MiB instead of every 4 MiB: the
    // pages every batch touches (indexes, authors, aggregates) are copied back less often.
    // Durability is the WAL's either way (a commit is in the WAL before it returns).
    m_writer.connection().exec("PRAGMA wal_autocheckpoint = 8192");
    m_thread = std::thread([this] { run(); });
    return true;
}

bool AsyncMentionWriter::submit(MentionBatch batch) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_queue.size() < kQueueDepth || !m_totals.ok(); });
    if (!m_totals.ok() || m_closing)
        return false;
    m_queue.push_back(std::move(batch));
    m_changed.notify_all();
    return true;
}

WriteResult AsyncMentionWriter::finish() {
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
        m_changed.notify_all();
    }
    if (m_thread.joinable())
        m_thread.join();
    std::lock_guard lock(m_mutex);
    return m_totals;
}

QString AsyncMentionWriter::error() const {
    std::lock_guard lock(m_mutex);
    return m_totals.error;
}

void AsyncMentionWriter::run() {
    while (true) {
        MentionBatch batch;
        {
            std::unique_lock lock(m_mutex);
            // Idle with mentions not indexed yet: index them when their lag is due.
            while (m_queue.empty() && !m_closing && m_writer.hasPendingIndex()) {
                const qint64 due = m_writer.maxIndexLagMs() - m_writer.pendingIndexAgeMs();
                if (due <= 0) {
                    lock.unlock();
                    QString why;
                    const bool indexed = m_writer.flushIndex(&why);
                    lock.lock();
                    if (!indexed) {
                        m_totals.error = why;
                        m_changed.notify_all();
                        return;
                    }
                    continue;
                }
                m_changed.wait_for(lock, std::chrono::milliseconds(due));
            }
            m_changed.wait(lock, [this] { return !m_queue.empty() || m_closing; });
            if (m_queue.empty()) {
                // Closing and drained: the store is left fully indexed.
                lock.unlock();
                QString why;
                const bool indexed = m_writer.flushIndex(&why);
                lock.lock();
                if (!indexed && m_totals.ok())
                    m_totals.error = why;
                return;
            }
            batch = std::move(m_queue.front());
            m_queue.pop_front();
            m_changed.notify_all();
        }
        const WriteResult r = m_writer.write(batch);
        std::lock_guard lock(m_mutex);
        m_totals.inserted += r.inserted;
        m_totals.duplicates += r.duplicates;
        m_totals.rejected += r.rejected;
        if (!r.ok()) {
            m_totals.error = r.error;
            m_queue.clear();
            m_changed.notify_all();
            return;
        }
    }
}

} // namespace warroom
