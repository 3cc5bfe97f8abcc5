#pragma once

#include "authorstance.h"
#include "store/sqlite.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

// Who matters right now: a risk score per author over a time window, with its components and a
// one-line explanation a crisis cell can defend. The formula is documented in riskscorer.cpp.
//
// Threads: AuthorWindowStats / RiskAssessment are plain values; RiskScorer is immutable and
// thread-safe; RankingQuery runs SQL on the connection it is given, so use it on the thread that
// owns that connection (a reader worker or a CLI), never on the GUI thread.
namespace warroom {

// What the store knows about one author inside the window (the RankingQuery's aggregates).
struct AuthorWindowStats {
    QString source;
    QString handle;
    QString displayName;
    qint64 followers = -1; // -1 unknown
    int posts = 0;         // mentions by the author inside the window
    qint64 reposts = 0;    // reposts/boosts/quotes of those posts
    qint64 likes = 0;
    int negative = 0; // posts by sentiment label (analyst or model)
    int neutral = 0;
    int positive = 0;
    double negativeIntensity = 0;    // mean |score| of the negative posts, 0..1
    QDateTime lastPost;              // newest post inside the window (UTC)
    Stance stance = Stance::Unknown; // as stored (analyst) or inferred
    bool stanceByAnalyst = false;
    AuthorFlags flags;
    qint64 totalMentions = 0; // all-time mention count (authors.mention_count)
};

// One term of the score: value in [0, 1] times weight = points.
struct RiskComponent {
    QString
        name; // "reach", "amplification", "velocity", "negativity", "stance", "flags", "recency"
    double value = 0;
    double weight = 0;
    [[nodiscard]] double points() const { return value * weight; }
};

struct RiskAssessment {
    AuthorWindowStats author;
    double score = 0;                // 0..100
    QList<RiskComponent> components; // always all seven, in the order above
    QString explanation;   // one line, e.g. "1.2M followers; 31 posts/h; 80% negative; journalist"
    QDateTime windowStart; // the window the stats cover (UTC)
    QDateTime windowEnd;
};

// Someone defending the brand, whom the cell thanks: not our own account, not against us, and
// for us (analyst or inferred) or with at least half of their scored posts positive and more
// positive than negative.
[[nodiscard]] bool isSupporter(const AuthorWindowStats &stats);

class RiskScorer final {
public:
    // Weights sum to 100, so the score reads as points out of 100.
    struct Weights {
        double reach = 25;
        double amplification = 20;
        double velocity = 15;
        double negativity = 15;
        double stance = 10;
        double flags = 10;
        double recency = 5;
    };
    RiskScorer() = default;
    explicit RiskScorer(Weights weights)
        : m_weights(weights) {}

    // `windowEnd` is "now" for the window (recency is measured to it); windowSeconds > 0.
    // Without the explanation, explain() adds it later (a ranking explains only what it keeps).
    [[nodiscard]] RiskAssessment score(const AuthorWindowStats &stats, const QDateTime &windowEnd,
                                       qint64 windowSeconds, bool withExplanation = true) const;
    void explain(RiskAssessment &assessment, qint64 windowSeconds) const;
    // score() in two parts, for a ranking that rescores hundreds of thousands of authors each
    // time the window's end moves: the points of the six components that do not depend on the
    // end (reach .. flags), and the score from them with recency added (same value as score()).
    [[nodiscard]] double fixedPoints(const AuthorWindowStats &stats, qint64 windowSeconds) const;
    [[nodiscard]] double finalScore(double fixedPoints, qint64 lastPostMs, qint64 windowEndMs,
                                    qint64 windowSeconds, bool brand) const;
    [[nodiscard]] const Weights &weights() const { return m_weights; }

private:
    Weights m_weights;
};

struct RankingOptions {
    // End of the window; invalid = the newest mention in the store (so an imported or replayed
    // crisis ranks as it was), which equals "now" for a live store.
    QDateTime end;
    qint64 windowSeconds = 6 * 3600;
    int limit = 50; // <= 0: all
    QString source; // "" = every source
    int minPosts = 1;
    StanceRule stanceRule;
    // Beyond the top `limit` (the influencer panel): the watchlist's authors of the window, and
    // up to `supporters` supporters (isSupporter), highest scores first, appended after the top.
    bool keepWatchlist = false;
    int supporters = 0;
};

struct Ranking {
    QDateTime windowStart;
    QDateTime windowEnd;
    QList<RiskAssessment> authors; // highest score first
};

// The window's per-author stats come from the author_hours aggregate the writer keeps, never from
// a scan of every mention in the window:
//   - the hours the window covers whole are summed from author_hours;
//   - a window start inside an hour: when it falls in the first half of that hour, the whole hour
//     is taken and the live posts before the start are subtracted; in the second half, the posts
//     from the start to the end of that hour are added instead. Either way at most half an hour
//     of raw rows is read (mentions_created index);
//   - a window end inside an hour: that hour is taken whole when no live post comes after the end
//     in it (always so for the default end, the newest mention), else its posts up to the end
//     are added from raw rows;
//   - a window inside a single hour is read from raw rows.
// The result equals a GROUP BY over the raw mentions of the window (tst_analysis_aggregates).
// Posts counted: deleted = 0, non-empty handle, with an authors row (the writer makes one for
// every handle it stores).
class RankingQuery final {
public:
    explicit RankingQuery(sql::Connection &db)
        : m_db(db) {}
    // False + a one-line reason when the store cannot be read.
    bool run(const RankingOptions &options, Ranking *out, QString *error) const;
    // The same assessment for just these authors (source, handle), cheap enough to run after
    // every batch: per author, its posts in the window by the (source, handle, created_at)
    // index, or for a prolific author (over 32 posts in all) a primary-key lookup in
    // author_hours per hour of the window plus the raw edges. Authors unknown to the store or
    // with fewer than options.minPosts posts in the window are left out; options.limit is
    // ignored. Without the explanation, RiskScorer::explain() adds it later.
    bool assess(const QList<QPair<QString, QString>> &authors, const RankingOptions &options,
                Ranking *out, QString *error, bool withExplanation = true) const;

private:
    sql::Connection &m_db;
};

// A ranking kept between refreshes, for a reader that ranks the same window again and again as
// it moves and the store grows (the influencer panel's reader thread). The first run reads the
// window as RankingQuery does and keeps every window author's counts and authors row; a later
// run reads only what changed since, in one read transaction:
//   - mentions new since (by id: ids only grow), counted when inside the window, their
//     authors' rows read again;
//   - the window's moving edges (raw rows by the mentions_created index), when the end moved;
//   - the logged changes (ranking_changes, kept by triggers: see kRankingChangesMigration): a
//     changed mention leaves the counts as it was counted and comes back as it is now, a changed
//     author's row is read again;
// then rescores the authors (only recency moves for those whose counts did not). The window is
// read anew when the options change, the window moves back or by more than an eighth, more than
// 200,000 new mentions or 20,000 changes are waiting, or the log lost rows the ranking had not
// read. The answer is RankingQuery's (tst_analysis_aggregates::liveRankingEqualsFullRanking).
// Not thread-safe: use one per reader thread, with that thread's connection.
class LiveRanking final {
public:
    LiveRanking();
    ~LiveRanking();
    LiveRanking(const LiveRanking &) = delete;
    LiveRanking &operator=(const LiveRanking &) = delete;

    // False + a one-line reason when the store cannot be read (the kept state is dropped).
    bool run(sql::Connection &db, const RankingOptions &options, Ranking *out, QString *error);
    // Forget the kept state: the next run reads the window anew.
    void reset();

    // How the last run went (benchmarks, tests).
    struct Refresh {
        bool full = true;       // the window was read anew
        QString why;            // ... because (empty when it was not)
        qint64 authors = 0;     // authors kept
        bool readAhead = false; // read-ahead threads helped the read (a big store's first)
        double ms = 0;
    };
    [[nodiscard]] const Refresh &lastRefresh() const { return m_last; }

private:
    struct State;
    bool load(sql::Connection &db, const RankingOptions &o, qint64 startMs, qint64 endMs,
              QString *error);
    bool update(sql::Connection &db, const RankingOptions &o, qint64 startMs, qint64 endMs,
                QString *why, QString *error);
    bool readAuthors(sql::Connection &db, const QString &source, const std::vector<qint64> &ids,
                     QString *error);
    std::unique_ptr<State> d;
    Refresh m_last;
    bool m_readAhead = false; // the first read of the window was helped by read-ahead threads
};

// The latest assessment per author (author_risk), so the score and its components are kept and
// shown: written by `warroom rank` and by the app (the influencer ranking, the alert engine);
// read by any connection.
struct StoredRisk {
    RiskAssessment assessment; // author: source, handle, displayName, posts; components in order
    QDateTime computedAt;
};

class RiskStore final {
public:
    explicit RiskStore(sql::Connection &db)
        : m_db(db) {}
    // Replaces each author's stored assessment (authors matched by source + handle; authors not
    // in the store are skipped). One transaction, or the caller's when one is open. Needs the
    // writer's connection (the writer thread, e.g. StoreWriter::withWriter, or a CLI).
    bool save(const QList<RiskAssessment> &assessments, QString *error,
              const QDateTime &computedAt = QDateTime::currentDateTimeUtc()) const;
    // The stored assessment of one author: false (no error) when there is none.
    bool load(const QString &source, const QString &handle, StoredRisk *out, QString *error) const;
    // Highest stored scores first (limit <= 0: all).
    bool top(int limit, QList<StoredRisk> *out, QString *error) const;

private:
    sql::Connection &m_db;
};

// "6h", "90m", "2d", "3600s", "3600" (seconds) -> seconds; 0 when unreadable.
[[nodiscard]] qint64 parseDuration(QStringView text);

} // namespace warroom

Q_DECLARE_METATYPE(warroom::RiskAssessment)
Q_DECLARE_METATYPE(warroom::Ranking)
