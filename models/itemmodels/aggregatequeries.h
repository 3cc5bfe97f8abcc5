#pragma once

#include "dashboardtypes.h"
#include "store/sqlite.h"

#include <QVector>

namespace warroom {

class LiveRanking;

// The war room's read queries over one read-only connection (the aggregate reader thread's, a
// test's, a CLI's). Timelines (by sentiment, source or language) and KPI volumes come from the
// mention_minutes aggregate, never from raw rows, so they cost the same at 10M mentions as at
// 10k. Not thread-safe.
class AggregateQueries final {
public:
    explicit AggregateQueries(sql::Connection &db)
        : m_db(db) {}

    [[nodiscard]] TimelineData timeline(const TimelineRequest &request);
    // The window's authors ranked by RiskScorer over author_hours (RankingQuery: the numbers
    // `warroom rank` prints), plus the quiet watchlist; the top `limit` and, beyond it, the
    // supporters and the watchlist. With `live`, the ranking kept by the caller between refreshes
    // is updated with what changed instead of read anew (the ranking thread's, LiveRanking).
    [[nodiscard]] QList<InfluencerRow> influencers(const InfluencerQuery &query,
                                                   LiveRanking *live = nullptr);
    [[nodiscard]] DashboardData dashboard(const DashboardRequest &request);
    // Newest mention time (ms), 0 when the store is empty.
    [[nodiscard]] qint64 lastMentionMs();
    [[nodiscard]] qint64 firstMentionMs();

    // Per-minute totals in [fromMs, toMs) from the aggregate (zeros included).
    [[nodiscard]] QVector<double> minuteTotals(qint64 fromMs, qint64 toMs);

private:
    sql::Connection &m_db;
};

// The baseline band of `values[i]` from the `window` values before it: median ± k·1.4826·MAD,
// never below 0, never narrower than ±k (a flat zero baseline would flag every single post).
struct Band {
    double median = 0;
    double low = 0;
    double high = 0;
};
[[nodiscard]] Band baselineBand(const QVector<double> &values, int index, int window, double k);

} // namespace warroom
