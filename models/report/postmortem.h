#pragma once

#include "analysis/authorstance.h"
#include "domain/mention.h"
#include "store/sqlite.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

// The post-mortem of an incident (or any time range) as data: the figures the report view shows
// and the PDF/CSV/JSON exports carry. No painting here.
//
// Computed from the per-minute aggregates (mention_minutes) and indexed/aggregate SQL on a
// read-only connection, never by loading mention rows. Threads: PostMortemBuilder runs its SQL on
// the connection it is given (a worker thread's own reader, or a CLI's main thread) — never the
// GUI thread. The write helpers (saveLessons, addToWatchlist) open their own write connection and
// are for CLI/GUI actions run off the GUI thread.
namespace warroom::report {

// What the report covers: an incident (its [started_at, closed_at], closed_at missing = up to the
// newest mention) or a time range [from, to). Either incidentId > 0 or both times valid.
struct ReportScope {
    qint64 incidentId = 0;
    QDateTime from;
    QDateTime to;
};

struct SentimentCounts {
    qint64 total = 0; // including unlabelled
    qint64 negative = 0;
    qint64 neutral = 0;
    qint64 positive = 0;
    [[nodiscard]] qint64 labelled() const { return negative + neutral + positive; }
    // Mentions without a sentiment: languages we hold no lexicon for are not scored (Unknown),
    // never counted as neutral.
    [[nodiscard]] qint64 unscored() const { return total - labelled(); }
    // False when nothing is labelled: show "not scored", never "0% negative".
    [[nodiscard]] bool scored() const { return labelled() > 0; }
    // negative / labelled, 0 when nothing is labelled (check scored() first).
    [[nodiscard]] double negativeShare() const {
        return labelled() > 0 ? double(negative) / double(labelled()) : 0.0;
    }
    void add(const QString &label, qint64 n);
    SentimentCounts &operator+=(const SentimentCounts &o) {
        total += o.total;
        negative += o.negative;
        neutral += o.neutral;
        positive += o.positive;
        return *this;
    }
};

struct KeyedCounts {
    QString key; // source or language ("" = unknown)
    SentimentCounts counts;
};

struct TimeBucket {
    QDateTime start; // UTC
    SentimentCounts counts;
};

struct ReportMention {
    qint64 id = 0;
    QString source;
    QString sourceId;
    QString url;
    QString handle;
    QString name;
    qint64 followers = -1;
    QString text; // network text: plain text only
    QString language;
    QDateTime at;
    qint64 reposts = 0;
    qint64 likes = 0;
    qint64 repliesInStore = 0; // mentions in the store replying to it (spark candidates)
    Sentiment sentiment = Sentiment::Unknown;
};

struct ReportAuthor {
    QString source;
    QString handle;
    QString name;
    qint64 followers = -1;
    qint64 mentions = 0; // in scope
    qint64 negative = 0;
    qint64 neutral = 0;
    qint64 positive = 0;
    qint64 reposts = 0;
    QDateTime firstPost; // in scope (or in the first window for amplifiers)
    Stance stance = Stance::Unknown;
    bool stanceByAnalyst = false;
    bool journalist = false;
    bool opinionLeader = false;
    bool verified = false;
    bool watchlist = false;
};

// One of our published statements and what happened around it.
struct Statement {
    QDateTime at;
    QString source; // channel
    QString handle;
    QString text;
    SentimentCounts hourBefore; // all mentions in the hour before / after
    SentimentCounts hourAfter;
    SentimentCounts replies; // mentions replying to it, where the source links them
};

// An internal latency of the answering workflow, over the replies in scope.
struct StageLatency {
    QString stage; // "mention → draft", "draft → approved", "approved → published", ...
    int count = 0;
    double medianSeconds = -1;
    double p90Seconds = -1;
};

struct PostMortem {
    // Scope
    qint64 incidentId = 0;
    QString title;  // incident name or "Mentions from … to …"
    QDateTime from; // first minute covered (UTC)
    QDateTime to;   // end (exclusive), minute-aligned
    QDateTime generatedAt;

    // Scale
    qint64 totalMentions = 0;
    qint64 uniqueAuthors = 0;
    qint64 estimatedReach = 0;       // sum of the distinct authors' followers
    qint64 authorsWithFollowers = 0; // of them, those with a known count (0: reach unknown)
    qint64 peakPerMinute = 0;
    QDateTime peakMinute;
    // The wave: `detected` is the first volume-spike alert stored in the range or, when none is
    // stored, the minute the alert engine's own rule (AlertOptions/BaselineOptions defaults:
    // z >= 4 over the trailing-median baseline for 2 minutes, >= 5 posts) would have fired,
    // replayed over the range's per-minute counts. Invalid: no spike, the alert would not fire.
    // `onset` is the start of the rise that alert caught (a CUSUM walk back from it on the same
    // baseline); without a spike it is the start of the incident or range.
    QDateTime onset;
    QString onsetBasis; // how the onset was found, for the reader
    QDateTime detected;
    bool detectedFromStore = false; // an alert the app stored, not a replay
    QDateTime end;                  // back under baseline (invalid: not by the end of the data)
    double baselinePerMinute = 0;   // the quiet rate the end is measured against
    int quietHours = 1;
    SentimentCounts sentiment;
    int bucketMinutes = 1;
    QList<TimeBucket> timeline;    // from..to in bucketMinutes steps (empty buckets included)
    QList<KeyedCounts> bySource;   // largest first
    QList<KeyedCounts> byLanguage; // largest first
    [[nodiscard]] qint64 durationSeconds() const;

    // The spark
    std::optional<ReportMention> spark;
    QList<ReportMention> earliest; // the first mentions of the wave, oldest first
    QList<ReportAuthor> amplifiers;
    int firstWindowMinutes = 45;

    // Our answers
    qint64 needingResponse = 0;
    qint64 answered = 0;
    double medianResponseSeconds = -1; // -1: nothing answered with a known time
    double p90ResponseSeconds = -1;
    QList<double> responseSeconds; // every measured first-response time (for the distribution)
    QList<StageLatency> latencies;
    QList<Statement> statements; // oldest first

    // Reception
    SentimentCounts reception; // replies to any of our posts

    // People
    QList<ReportAuthor> journalists;
    QList<ReportAuthor> opinionLeaders;
    QList<ReportAuthor> critics;
    QList<ReportAuthor> supporters;

    // Lessons
    QString lessons;

    QStringList caveats; // what could not be computed and why, for the reader

    [[nodiscard]] bool isEmpty() const { return totalMentions == 0; }
    [[nodiscard]] double shareAnswered() const {
        return needingResponse > 0 ? double(answered) / double(needingResponse) : 0.0;
    }
};

struct BuildOptions {
    int quietHours = 1;                    // end: this long back under baseline
    int firstWindowMinutes = 45;           // amplifiers: who posted in this window after the spark
    int topN = 10;                         // rows in each people table
    qint64 opinionLeaderFollowers = 50000; // without the flag, this many followers makes one
    // Polled between steps; true stops the build (error "cancelled").
    std::function<bool()> cancelled;
    // 0..100 and the step's name.
    std::function<void(int, const QString &)> progress;
};

class PostMortemBuilder final {
public:
    // False with a one-line reason (unknown incident, bad range, SQL failure, cancelled).
    // An empty scope is not an error: the result has isEmpty() true.
    static bool build(sql::Connection &db, const ReportScope &scope, PostMortem *out,
                      QString *error, const BuildOptions &options = {});
};

// Nearest-rank percentile of unsorted values (p in 0..1); -1 when empty.
[[nodiscard]] double percentile(QList<double> values, double p);

// Stores the incident's lessons text (its own write connection on `storePath`).
bool saveLessons(const QString &storePath, qint64 incidentId, const QString &text, QString *error);

struct AuthorKey {
    QString source;
    QString handle;
};
// Sets authors.watchlist = 1 for these authors; *changed = rows newly put on the list.
bool addToWatchlist(const QString &storePath, const QList<AuthorKey> &authors, int *changed,
                    QString *error);

} // namespace warroom::report

Q_DECLARE_METATYPE(warroom::report::PostMortem)
