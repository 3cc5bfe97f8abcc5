#pragma once

#include "analysis/riskscorer.h"
#include "dashboardtypes.h"
#include "store/mentionreader.h"

#include <QObject>
#include <QThread>

namespace warroom {

// Runs the war room's aggregate queries (timeline, influencers, KPIs, alerts, incident) on its
// own read-only connection, on its own thread so they never wait behind the stream's paging.
// Answers carry the caller's tag; callers drop answers that are not for their latest request.
class AggregateQueryWorker final : public QObject {
    Q_OBJECT
public:
    explicit AggregateQueryWorker(QString path, QObject *parent = nullptr);

public Q_SLOTS:
    void timeline(int tag, const warroom::TimelineRequest &request);
    void influencers(int tag, const warroom::InfluencerQuery &query);
    void dashboard(int tag, const warroom::DashboardRequest &request);
    // The store's time span (first/last mention), for the clock of a historical store.
    void span();

Q_SIGNALS:
    void timelineReady(int tag, const warroom::TimelineData &data);
    void influencersReady(int tag, const QList<warroom::InfluencerRow> &rows);
    void dashboardReady(int tag, const warroom::DashboardData &data);
    void spanReady(qint64 firstMs, qint64 lastMs);
    void failed(const QString &error);

private:
    bool ensureOpen();

    QString m_path;
    MentionReader m_reader; // its read-only connection
    LiveRanking m_ranking;  // the influencer ranking, kept between refreshes
};

// Owns the aggregate reader thread and its worker. Lives on the GUI thread.
class AggregateReaderThread final : public QObject {
    Q_OBJECT
public:
    explicit AggregateReaderThread(const QString &path, QObject *parent = nullptr);
    ~AggregateReaderThread() override;
    [[nodiscard]] AggregateQueryWorker *worker() const { return m_worker; }
    void start();

private:
    QThread m_thread;
    AggregateQueryWorker *m_worker;
};

} // namespace warroom
