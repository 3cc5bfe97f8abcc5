#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

// Value types the war-room screens show (issue 5). Computed on the aggregate reader thread
// (AggregateQueries), copied to the GUI thread. Times are ms since the epoch, UTC.
namespace warroom {

struct TimelineRequest {
    enum class Breakdown { Sentiment, Source, Language };
    qint64 fromMs = 0; // inclusive, on a minute boundary
    qint64 toMs = 0;   // exclusive
    int bucketMinutes = 1;
    Breakdown breakdown = Breakdown::Sentiment;
    int baselineMinutes = 60; // trailing window of the baseline
    double baselineK = 3.0;   // band = median ± k · 1.4826 · MAD
    int spikeMinimum = 5;     // a minute needs at least this many mentions to be a spike
};

struct TimelineBucket {
    qint64 startMs = 0;
    QVector<double> counts; // mentions per minute in this bucket, one per series
    double total = 0;       // mentions per minute, all series
    double median = 0;      // the baseline band, per minute
    double low = 0;
    double high = 0;
    bool spike = false;
};

// One of our own actions (or an alert) on the time axis.
struct TimelineEvent {
    enum class Kind {
        Statement,
        ReplyPublished,
        AlertFired,
        AlertAcknowledged,
        IncidentDeclared,
        IncidentClosed,
        PublishingPaused,
        PublishingResumed
    };
    qint64 atMs = 0;
    Kind kind = Kind::Statement;
    QString label; // short, plain text
};

} // namespace warroom

// Values moved around in lists on the GUI thread (live refreshes): relocated with memmove.
Q_DECLARE_TYPEINFO(warroom::TimelineBucket, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(warroom::TimelineEvent, Q_RELOCATABLE_TYPE);

namespace warroom {

struct TimelineData {
    TimelineRequest request;
    QStringList series; // names of the stacked series, bottom first
    QVector<TimelineBucket> buckets;
    QList<TimelineEvent> events;
    qint64 totalMentions = 0;
    QString note; // e.g. "languages counted from raw rows"
    QString error;
};

// One row of the risk-ranked influencer list. Components are in [0, 1]; score in [0, 100].
struct InfluencerRow {
    int rank = 0; // 1 = highest risk, as ranked by the query (set by the model)
    QString source;
    QString handle;
    QString displayName;
    qint64 followers = -1;
    int mentions = 0;
    int negative = 0;
    int neutral = 0;
    int positive = 0;
    qint64 reposts = 0;
    qint64 likes = 0;
    QString stance = QStringLiteral("unknown");
    bool journalist = false;
    bool opinionLeader = false;
    bool verified = false;
    bool brand = false;
    bool watchlist = false;
    // Components and the weighted score.
    double reach = 0;
    double negativity = 0;
    double velocity = 0;
    double amplification = 0;
    double hostility = 0; // stance towards us
    double flags = 0;
    double recency = 0;
    double score = 0;
    bool supporter = false;
    QString explanation; // plain text, one line per component
    [[nodiscard]] bool isPublicFigure() const { return journalist || opinionLeader || brand; }
};

} // namespace warroom

Q_DECLARE_TYPEINFO(warroom::InfluencerRow, Q_RELOCATABLE_TYPE);

namespace warroom {

struct InfluencerQuery {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    int limit = 500;
};

// The influencer list's window on the console and the wall: the 6 hours up to `nowMs`
// (inclusive), the window of `warroom rank` and of the high-risk-author alert.
[[nodiscard]] inline InfluencerQuery influencerWindow(qint64 nowMs) {
    InfluencerQuery q;
    q.toMs = nowMs + 1;
    q.fromMs = q.toMs - 6LL * 3600 * 1000;
    return q;
}

struct AlertRow {
    qint64 id = 0;
    QString kind;
    qint64 firedMs = 0;
    int severity = 1;
    QString evidence;
    QString ackedBy;
    qint64 ackedMs = 0;
    [[nodiscard]] bool acknowledged() const { return ackedMs != 0; }
};

struct IncidentInfo {
    qint64 id = 0; // 0: none
    QString name;
    qint64 startedMs = 0;
    qint64 declaredMs = 0;
    qint64 closedMs = 0; // 0: open
    [[nodiscard]] bool isOpen() const { return id != 0 && closedMs == 0; }
};

struct Kpis {
    int windowMinutes = 15;
    qint64 windowMentions = 0;
    double perMinute = 0;         // in the window
    double baselinePerMinute = 0; // median per minute over the trailing two hours before it
    double ratio = 0;             // perMinute / baseline (0 when no baseline)
    double negativeShare = 0;     // of mentions with a sentiment, in the window
    qint64 labelled = 0;
    qint64 unanswered = 0; // status needs-reply
    qint64 oldestUnansweredMs = 0;
    qint64 approvalsWaiting = 0;             // replies in review
    qint64 negativeReach = 0;                // followers behind negative mentions in the window
    qint64 negativeAuthors = 0;              // authors of those mentions
    qint64 negativeAuthorsWithFollowers = 0; // of whom the follower count is known
};

// Something we said: a published reply, or a post by an account flagged as the brand.
struct StatementRow {
    qint64 atMs = 0;
    QString who;
    QString text;
};

struct ApprovalRow {
    qint64 id = 0;
    qint64 sinceMs = 0;
    QString channel;
    QString text;
};

struct DashboardRequest {
    qint64 nowMs = 0;
    int windowMinutes = 15;
};

struct DashboardData {
    qint64 nowMs = 0;
    Kpis kpis;
    QList<AlertRow> alerts;         // newest first
    IncidentInfo incident;          // the open one, else the last closed one
    QList<StatementRow> statements; // newest first
    QList<ApprovalRow> approvals;   // oldest first
    QString error;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::TimelineRequest)
Q_DECLARE_METATYPE(warroom::TimelineData)
Q_DECLARE_METATYPE(warroom::InfluencerQuery)
Q_DECLARE_METATYPE(warroom::InfluencerRow)
Q_DECLARE_METATYPE(warroom::DashboardRequest)
Q_DECLARE_METATYPE(warroom::DashboardData)
