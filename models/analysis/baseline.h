#pragma once

#include "store/sqlite.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// A robust baseline of mentions per minute and the spike / negativity-surge tests on top of it.
//
// expected(t) = median of the counts in the `historyMinutes` minutes before t (empty minutes count
//               as 0), sigma(t) = max(1.4826 * MAD, sqrt(max(expected, 1)), minSigma)
//               (the Poisson floor keeps a quiet night from turning 3 posts into a "spike").
// z(t)        = (observed - expected) / sigma.
// With >= 3 days of history the median also takes the same minute-of-day slot (+-15 min) of the
// previous days, so a daily rhythm is not mistaken for a spike (time-of-day seasonality).
// Negative share: negative / (negative + neutral + positive) of the minute (Unknown excluded),
// expectedNegativeShare = the same share pooled over the history window.
//
// Threads: VolumeBaseline is pure and thread-safe; BaselineQuery runs SQL on the connection it
// is given (its owner's thread: a reader worker or a CLI), never on the GUI thread.
namespace warroom {

struct MinuteCount {
    qint64 minute = 0; // minutes since the epoch (UTC): created_at / 60000
    int total = 0;     // every mention, whatever its sentiment
    int negative = 0;
    int labelled = 0; // negative + neutral + positive (Unknown excluded)
};

struct BaselinePoint {
    QDateTime minute; // start of the minute (UTC)
    int observed = 0;
    double expected = 0;
    double sigma = 1;
    double z = 0;
    int negative = 0;
    int labelled = 0;
    double negativeShare = 0;         // of this minute (0 when nothing labelled)
    double expectedNegativeShare = 0; // over the history window
    bool enoughHistory = false;       // at least minHistoryMinutes of history before it
};

struct BaselineOptions {
    int historyMinutes = 180;   // trailing window of the median
    int minHistoryMinutes = 30; // fewer: no z-scores (enoughHistory false)
    double minSigma = 1.0;
    bool seasonal = true; // use previous days' same time slot when >= 3 days exist
};

class VolumeBaseline final {
public:
    // `series` in ascending minute order, gaps allowed (missing minutes are zero). Returns one
    // point per minute in [from, to] (inclusive minutes since epoch), history taken from series.
    [[nodiscard]] static QList<BaselinePoint> compute(const QList<MinuteCount> &series,
                                                      qint64 fromMinute, qint64 toMinute,
                                                      const BaselineOptions &options = {});
};

// Reads mention_minutes (the per-minute aggregates the writer keeps) and computes the baseline.
class BaselineQuery final {
public:
    explicit BaselineQuery(sql::Connection &db)
        : m_db(db) {}
    // Per-minute counts in [fromMinute, toMinute]; source "" = all sources.
    bool minutes(qint64 fromMinute, qint64 toMinute, QList<MinuteCount> *out, QString *error,
                 const QString &source = {}) const;
    // The baseline for the window ending at `end` (invalid = newest mention minute in the store),
    // reading the history it needs before the window.
    bool baselineFor(const QDateTime &end, qint64 windowSeconds, QList<BaselinePoint> *out,
                     QString *error, const BaselineOptions &options = {},
                     const QString &source = {}) const;
    // The newest minute with any mention, or 0 when the store is empty.
    [[nodiscard]] qint64 latestMinute() const;

private:
    sql::Connection &m_db;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::BaselinePoint)
