#include "aggregatequeryworker.h"

#include "aggregatequeries.h"
#include "threadpriority.h"

namespace warroom {

AggregateQueryWorker::AggregateQueryWorker(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path)) {
    qRegisterMetaType<warroom::TimelineRequest>();
    qRegisterMetaType<warroom::TimelineData>();
    qRegisterMetaType<warroom::InfluencerQuery>();
    qRegisterMetaType<QList<warroom::InfluencerRow>>();
    qRegisterMetaType<warroom::DashboardRequest>();
    qRegisterMetaType<warroom::DashboardData>();
}

bool AggregateQueryWorker::ensureOpen() {
    if (m_reader.isOpen())
        return true;
    QString error;
    if (m_reader.open(m_path, &error))
        return true;
    Q_EMIT failed(error);
    return false;
}

// When the store cannot be read (yet), every request is still answered, with the error, so
// that callers never wait for an answer that will not come.
void AggregateQueryWorker::timeline(int tag, const TimelineRequest &request) {
    if (!ensureOpen()) {
        TimelineData none;
        none.request = request;
        none.error = tr("The store cannot be read yet.");
        Q_EMIT timelineReady(tag, none);
        return;
    }
    Q_EMIT timelineReady(tag, AggregateQueries(m_reader.connection()).timeline(request));
}

void AggregateQueryWorker::influencers(int tag, const InfluencerQuery &query) {
    if (!ensureOpen()) {
        Q_EMIT influencersReady(tag, {});
        return;
    }
    Q_EMIT influencersReady(tag,
                            AggregateQueries(m_reader.connection()).influencers(query, &m_ranking));
}

void AggregateQueryWorker::dashboard(int tag, const DashboardRequest &request) {
    if (!ensureOpen()) {
        DashboardData none;
        none.nowMs = request.nowMs;
        none.error = tr("The store cannot be read yet.");
        Q_EMIT dashboardReady(tag, none);
        return;
    }
    Q_EMIT dashboardReady(tag, AggregateQueries(m_reader.connection()).dashboard(request));
}

void AggregateQueryWorker::span() {
    if (!ensureOpen())
        return;
    AggregateQueries q(m_reader.connection());
    Q_EMIT spanReady(q.firstMentionMs(), q.lastMentionMs());
}

AggregateReaderThread::AggregateReaderThread(const QString &path, QObject *parent)
    : QObject(parent)
    , m_worker(new AggregateQueryWorker(path)) {
    m_thread.setObjectName(QStringLiteral("aggregate-reader"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    // Queries yield to the GUI thread (see threadpriority.h).
    connect(&m_thread, &QThread::started, m_worker, [] { lowerCurrentThreadPriority(); });
}

AggregateReaderThread::~AggregateReaderThread() {
    m_thread.quit();
    m_thread.wait();
}

void AggregateReaderThread::start() {
    m_thread.start();
}

} // namespace warroom
