#pragma once

#include "mentionwriter.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace warroom {

// A MentionWriter on a thread of its own, fed through a short queue, so that a headless import
// parses and analyses the next batch while the previous one is committed (two cores, two
// stages). The queue holds at most kQueueDepth batches: a fast reader cannot run away with memory.
// submit() and finish() are called from one producer thread; the writer thread owns the
// connection from open() to finish(). The search index follows within the writer's lag, also
// while the queue is idle; finish() returns once every committed mention is indexed.
class AsyncMentionWriter final {
public:
    AsyncMentionWriter() = default;
    ~AsyncMentionWriter();
    AsyncMentionWriter(const AsyncMentionWriter &) = delete;
    AsyncMentionWriter &operator=(const AsyncMentionWriter &) = delete;

    // Opens the store (on the calling thread, so errors come back at once) and starts the thread.
    bool open(const QString &path, QString *error);
    // Queues a batch; blocks while the queue is full. False once a batch has failed (see error()).
    bool submit(MentionBatch batch);
    // Waits for every queued batch; returns the totals (error set if one failed).
    WriteResult finish();
    [[nodiscard]] QString error() const;

    static constexpr size_t kQueueDepth = 2;

private:
    void run();

    MentionWriter m_writer;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<MentionBatch> m_queue;
    bool m_closing = false;
    WriteResult m_totals;
};

} // namespace warroom
