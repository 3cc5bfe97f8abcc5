#include "postmortem.h"

#include "analysis/alertengine.h"
#include "analysis/baseline.h"
#include "store/mentionreader.h"
#include "store/store.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace warroom::report {

namespace {

constexpr qint64 kMinuteMs = 60000;
// Longest range the alert rule is replayed over (its baseline costs ~1 µs per minute and
// history value).
constexpr qint64 kMaxReplayMinutes = 62 * 1440;
constexpr QChar kSep = QChar(0x1f);

qint64 msOf(const QDateTime &t) {
    return t.toMSecsSinceEpoch();
}
QDateTime utc(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}
QString key(const QString &source, const QString &id) {
    return source + kSep + id;
}

struct Ctx {
    sql::Connection &db;
    QString *error;
    const BuildOptions &options;

    // Prepares or fails with the reason.
    sql::Statement prepare(const char *sqlText) {
        QString why;
        sql::Statement st = db.prepare(sqlText, &why);
        if (!st.isValid() && error)
            *error = QStringLiteral("report query failed: %1").arg(why);
        return st;
    }
    bool stepError(sql::Statement &, int rc) {
        if (rc == SQLITE_DONE || rc == SQLITE_ROW)
            return false;
        if (error)
            *error = QStringLiteral("report query failed: %1").arg(sql::describe(db.handle(), rc));
        return true;
    }
    bool cancelled() {
        if (options.cancelled && options.cancelled()) {
            if (error)
                *error = QStringLiteral("cancelled");
            return true;
        }
        return false;
    }
    void progress(int percent, const QString &step) {
        if (options.progress)
            options.progress(percent, step);
    }
};

// Runs a statement to the end, calling `row` for each row. False on error.
template <typename F> bool forRows(Ctx &c, sql::Statement &st, F &&row) {
    int rc;
    while ((rc = st.step()) == SQLITE_ROW)
        row(st);
    return !c.stepError(st, rc);
}

double median(QList<double> v) {
    return percentile(std::move(v), 0.5);
}

ReportMention reportMention(const Mention &in) {
    ReportMention m;
    m.id = in.id;
    m.source = in.source;
    m.sourceId = in.sourceId;
    m.url = in.url;
    m.handle = in.authorHandle;
    m.name = in.authorName;
    m.followers = in.authorFollowers;
    m.text = in.text.isEmpty() ? in.title : in.text;
    m.language = in.language;
    m.at = in.createdAt;
    m.reposts = in.reposts;
    m.likes = in.likes;
    m.sentiment = in.sentiment;
    return m;
}

// Rows of a time range (MentionReader's), with the Ctx's error on failure.
bool rangeRows(Ctx &c, const MentionRange &range,
               const std::function<bool(const Mention &)> &visit) {
    QString why;
    if (MentionReader::forEachInRange(c.db, range, visit, &why))
        return true;
    if (c.error)
        *c.error = QStringLiteral("report query failed: %1").arg(why);
    return false;
}

// Index of the first minute of the rise that led to the alert at points[detected]: a one-sided
// CUSUM on the alert's own z-scores, S = max(0, S + z - 1), run from the range start; the rise
// starts after the last minute S was 0 (a minute more than one sigma over the expected rate adds
// to it, each quiet minute takes one sigma back), at its first minute with a post.
qsizetype riseStart(const QList<BaselinePoint> &points, qsizetype detected) {
    double s = 0;
    qsizetype lastZero = -1;
    for (qsizetype i = 0; i <= detected; ++i) {
        s = std::max(0.0, s + points.at(i).z - 1.0);
        if (s <= 0)
            lastZero = i;
    }
    qsizetype start = std::min(lastZero + 1, detected);
    while (start < detected && points.at(start).observed == 0)
        ++start;
    return start;
}

struct AuthorRow {
    ReportAuthor author;
    bool brand = false;
};

// authors.id -> position: a plain array over the ids the store has (cheap for the 100,000s of
// authors of a large range), a hash for ids beyond it.
class IdIndex {
public:
    explicit IdIndex(qint64 maxId) {
        if (maxId > 0 && maxId <= 16 * 1024 * 1024)
            m_dense.assign(size_t(maxId) + 1, -1);
    }
    [[nodiscard]] qsizetype find(qint64 id) const {
        if (id >= 0 && id < qint64(m_dense.size()))
            return m_dense[size_t(id)];
        return m_hash.value(id, -1);
    }
    void insert(qint64 id, qsizetype position) {
        if (id >= 0 && id < qint64(m_dense.size()))
            m_dense[size_t(id)] = qint32(position);
        else
            m_hash.insert(id, position);
    }

private:
    std::vector<qint32> m_dense;
    QHash<qint64, qsizetype> m_hash;
};

// An author's figures in scope while they are summed: small, so 100,000s of them stay cheap.
struct InScopeAuthor {
    qint64 id = 0;
    QString source;
    QString handle;
    qint64 followers = -1;
    qint64 posts = 0;
    qint64 negative = 0;
    qint64 neutral = 0;
    qint64 positive = 0;
    qint64 reposts = 0;
    bool journalist = false;
    bool opinionLeader = false;
    bool brand = false;
};

} // namespace

void SentimentCounts::add(const QString &label, qint64 n) {
    total += n;
    if (label == u"negative")
        negative += n;
    else if (label == u"neutral")
        neutral += n;
    else if (label == u"positive")
        positive += n;
}

qint64 PostMortem::durationSeconds() const {
    if (!onset.isValid())
        return 0;
    const QDateTime stop = end.isValid() ? end : to;
    return std::max<qint64>(0, onset.secsTo(stop));
}

double percentile(QList<double> values, double p) {
    if (values.isEmpty())
        return -1;
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    qsizetype rank = qsizetype(std::ceil(std::clamp(p, 0.0, 1.0) * double(n)));
    rank = std::clamp<qsizetype>(rank, 1, n);
    return values.at(rank - 1);
}

bool PostMortemBuilder::build(sql::Connection &db, const ReportScope &scope, PostMortem *out,
                              QString *error, const BuildOptions &options) {
    Ctx c{db, error, options};
    PostMortem pm;
    pm.generatedAt = QDateTime::currentDateTimeUtc();
    pm.quietHours = std::max(1, options.quietHours);
    pm.firstWindowMinutes = std::max(5, options.firstWindowMinutes);
    const int topN = std::max(1, options.topN);

    // ---- Scope -------------------------------------------------------------------------------
    c.progress(0, QStringLiteral("scope"));
    qint64 lo = 0;
    qint64 hi = 0;
    if (scope.incidentId > 0) {
        sql::Statement st =
            c.prepare("SELECT name, started_at, closed_at, lessons FROM incidents WHERE id = ?1");
        if (!st.isValid())
            return false;
        st.bind(1, scope.incidentId);
        const int rc = st.step();
        if (rc != SQLITE_ROW) {
            if (!c.stepError(st, rc) && error)
                *error = QStringLiteral("no incident %1 in this store").arg(scope.incidentId);
            return false;
        }
        pm.incidentId = scope.incidentId;
        pm.title = st.text(0);
        pm.lessons = st.text(3);
        lo = st.int64(1);
        if (!st.isNull(2)) {
            hi = st.int64(2) + 1;
        } else {
            hi = std::max(lo, db.scalar("SELECT max(created_at) FROM mentions", lo)) + 1;
        }
    } else {
        if (!scope.from.isValid() || !scope.to.isValid() || scope.to <= scope.from) {
            if (error)
                *error = QStringLiteral("the report needs an incident or a range whose end is "
                                        "after its start");
            return false;
        }
        lo = msOf(scope.from);
        hi = msOf(scope.to);
    }
    // Whole minutes, so raw queries and the per-minute aggregates cover the same mentions.
    const qint64 fromMin = lo >= 0 ? lo / kMinuteMs : -((-lo + kMinuteMs - 1) / kMinuteMs);
    const qint64 toMin = std::max(fromMin + 1, (hi + kMinuteMs - 1) / kMinuteMs); // exclusive
    lo = fromMin * kMinuteMs;
    hi = toMin * kMinuteMs;
    pm.from = utc(lo);
    pm.to = utc(hi);
    if (pm.title.isEmpty())
        pm.title = QStringLiteral("Mentions %1 – %2")
                       .arg(pm.from.toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                            pm.to.toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));

    // ---- Per-minute aggregates ------------------------------------------------------------------
    c.progress(5, QStringLiteral("volume"));
    std::map<qint64, SentimentCounts> minutes; // sparse, minute -> counts
    {
        sql::Statement st = c.prepare(
            "SELECT minute, sentiment, sum(n) FROM mention_minutes WHERE minute >= ?1 AND "
            "minute < ?2 GROUP BY minute, sentiment");
        if (!st.isValid())
            return false;
        st.bind(1, fromMin);
        st.bind(2, toMin);
        if (!forRows(c, st, [&](const sql::Statement &r) {
                minutes[r.int64(0)].add(r.text(1), r.int64(2));
            }))
            return false;
    }
    for (const auto &[minute, counts] : minutes) {
        pm.sentiment += counts;
        if (counts.total > pm.peakPerMinute) {
            pm.peakPerMinute = counts.total;
            pm.peakMinute = utc(minute * kMinuteMs);
        }
    }
    pm.totalMentions = pm.sentiment.total;
    if (pm.isEmpty()) {
        c.progress(100, QStringLiteral("done"));
        *out = std::move(pm);
        return true;
    }

    // Timeline buckets (at most ~150).
    const qint64 spanMin = toMin - fromMin;
    static constexpr int kBuckets[] = {1,   2,   5,    10,   15,   30,    60,    120,   180,
                                       360, 720, 1440, 2880, 4320, 10080, 20160, 43200, 86400};
    pm.bucketMinutes = kBuckets[std::size(kBuckets) - 1];
    for (int b : kBuckets) {
        if (spanMin / b <= 150) {
            pm.bucketMinutes = b;
            break;
        }
    }
    {
        const qint64 n = (spanMin + pm.bucketMinutes - 1) / pm.bucketMinutes;
        pm.timeline.resize(n);
        for (qint64 i = 0; i < n; ++i)
            pm.timeline[i].start = utc((fromMin + i * pm.bucketMinutes) * kMinuteMs);
        for (const auto &[minute, counts] : minutes) {
            pm.timeline[(minute - fromMin) / pm.bucketMinutes].counts += counts;
        }
    }

    {
        sql::Statement st = c.prepare(
            "SELECT source, sentiment, sum(n) FROM mention_minutes WHERE minute >= ?1 AND "
            "minute < ?2 GROUP BY source, sentiment");
        if (!st.isValid())
            return false;
        st.bind(1, fromMin);
        st.bind(2, toMin);
        QMap<QString, SentimentCounts> bySource;
        if (!forRows(c, st, [&](const sql::Statement &r) {
                bySource[r.text(0)].add(r.text(1), r.int64(2));
            }))
            return false;
        for (auto it = bySource.cbegin(); it != bySource.cend(); ++it)
            pm.bySource.append({it.key(), it.value()});
        std::stable_sort(pm.bySource.begin(), pm.bySource.end(),
                         [](const KeyedCounts &a, const KeyedCounts &b) {
                             return a.counts.total > b.counts.total;
                         });
    }
    if (c.cancelled())
        return false;

    // ---- Onset, baseline, end
    // ---------------------------------------------------------------------
    c.progress(10, QStringLiteral("onset and baseline"));
    // Per-minute totals from 24 h before the range (history for the baseline) to its end.
    const qint64 histFrom = fromMin - 24 * 60;
    std::map<qint64, qint64> history; // minute -> total, before the range
    {
        sql::Statement st = c.prepare("SELECT minute, sum(n) FROM mention_minutes WHERE minute "
                                      ">= ?1 AND minute < ?2 GROUP BY minute");
        if (!st.isValid())
            return false;
        st.bind(1, histFrom);
        st.bind(2, fromMin);
        if (!forRows(c, st, [&](const sql::Statement &r) { history[r.int64(0)] = r.int64(1); }))
            return false;
    }
    auto totalAt = [&](qint64 minute) -> qint64 {
        if (minute < fromMin) {
            const auto it = history.find(minute);
            return it == history.end() ? 0 : it->second;
        }
        const auto it = minutes.find(minute);
        return it == minutes.end() ? 0 : it->second.total;
    };
    const qint64 firstDataMin = history.empty()
                                    ? minutes.begin()->first
                                    : std::min(history.begin()->first, minutes.begin()->first);
    // 10-minute sums over [a, b): the median / a low quantile of them is the quiet rate.
    auto tenMinuteSums = [&](qint64 a, qint64 b) {
        QList<double> sums;
        for (qint64 m = std::max(a, firstDataMin); m + 10 <= b; m += 10) {
            qint64 s = 0;
            for (qint64 k = m; k < m + 10; ++k)
                s += totalAt(k);
            sums.append(double(s));
        }
        return sums;
    };

    // Detection: the first volume-spike alert stored in the range, else the alert engine's own
    // rule replayed over the range's minutes (the same baseline and defaults the app alerts
    // with), so "onset" never rests on a chance cluster the alert would not have flagged.
    QList<BaselinePoint> points; // one per minute of the range
    if (spanMin <= kMaxReplayMinutes) {
        QString why;
        if (!BaselineQuery(db).baselineFor(utc((toMin - 1) * kMinuteMs), spanMin * 60, &points,
                                           &why)) {
            if (error)
                *error = QStringLiteral("report query failed: %1").arg(why);
            return false;
        }
    }
    {
        sql::Statement st = c.prepare(
            "SELECT min(fired_at) FROM alerts WHERE kind = 'volume-spike' AND fired_at >= ?1 "
            "AND fired_at < ?2");
        if (!st.isValid())
            return false;
        st.bind(1, lo);
        st.bind(2, hi);
        if (st.step() == SQLITE_ROW && !st.isNull(0)) {
            pm.detected = utc(st.int64(0));
            pm.detectedFromStore = true;
        }
    }
    if (!pm.detected.isValid()) {
        AlertEngine engine; // default AlertOptions: the rule the app alerts with
        for (const Alert &a : engine.onBaseline(points)) {
            if (a.kind == AlertKind::VolumeSpike) {
                pm.detected = a.firedAt;
                break;
            }
        }
    }
    const qsizetype detectedAt =
        pm.detected.isValid() ? qsizetype(msOf(pm.detected) / kMinuteMs - fromMin) : -1;
    if (detectedAt >= 0 && detectedAt < points.size()) {
        pm.onset = points.at(riseStart(points, detectedAt)).minute;
        pm.onsetBasis =
            pm.detectedFromStore
                ? QStringLiteral("start of the rise the volume-spike alert caught")
                : QStringLiteral("start of the rise our volume-spike alert would have caught");
    } else if (pm.detected.isValid()) {
        pm.onset = pm.detected; // a stored alert over a range too long to replay
        pm.onsetBasis = QStringLiteral("first volume-spike alert");
    } else {
        pm.onset = pm.from;
        pm.onsetBasis =
            QStringLiteral("start of the %1: %2")
                .arg(pm.incidentId > 0 ? QStringLiteral("incident") : QStringLiteral("range"),
                     spanMin > kMaxReplayMinutes
                         ? QStringLiteral("too long to replay the alert rule")
                         : QStringLiteral("no volume spike"));
    }
    const qint64 onsetMin = msOf(pm.onset) / kMinuteMs;
    {
        // Quiet rate: median 10-minute volume in the 3 h before the onset (or the low quartile
        // of the whole span when there is too little history).
        QList<double> before = tenMinuteSums(onsetMin - 180, onsetMin);
        double quiet10 = before.size() >= 3
                             ? median(before)
                             : std::max(0.0, percentile(tenMinuteSums(histFrom, toMin), 0.25));
        pm.baselinePerMinute = quiet10 / 10.0;
        const double limit10 = std::max(2.0, 2.0 * quiet10);
        // End: from the peak on, the first minute after which every 10-minute window stays
        // under the limit for quietHours.
        const qint64 need = qint64(pm.quietHours) * 60;
        const qint64 peakMin = msOf(pm.peakMinute) / kMinuteMs;
        qint64 runStart = -1;
        qint64 window = 0;
        for (qint64 k = peakMin; k < peakMin + 10; ++k)
            window += totalAt(k);
        for (qint64 m = peakMin; m + 10 <= toMin; ++m) {
            if (m > peakMin)
                window += totalAt(m + 9) - totalAt(m - 1);
            if (double(window) <= limit10) {
                if (runStart < 0)
                    runStart = m;
                if (m + 10 - runStart >= need) {
                    pm.end = utc(runStart * kMinuteMs);
                    break;
                }
            } else {
                runStart = -1;
            }
        }
    }
    if (c.cancelled())
        return false;

    // ---- Languages ------------------------------------------------------------------------------
    c.progress(20, QStringLiteral("languages"));
    {
        // From the per-minute aggregate (keyed by language too): no mention row is read.
        sql::Statement st =
            c.prepare("SELECT lang, sentiment, sum(n) FROM mention_minutes WHERE minute >= ?1 AND "
                      "minute < ?2 GROUP BY lang, sentiment");
        if (!st.isValid())
            return false;
        st.bind(1, fromMin);
        st.bind(2, toMin);
        QMap<QString, SentimentCounts> byLang;
        if (!forRows(c, st, [&](const sql::Statement &r) {
                byLang[r.text(0)].add(r.text(1), r.int64(2));
            }))
            return false;
        for (auto it = byLang.cbegin(); it != byLang.cend(); ++it)
            pm.byLanguage.append({it.key(), it.value()});
        std::stable_sort(pm.byLanguage.begin(), pm.byLanguage.end(),
                         [](const KeyedCounts &a, const KeyedCounts &b) {
                             return a.counts.total > b.counts.total;
                         });
    }
    if (c.cancelled())
        return false;

    // ---- Flagged authors (journalists, opinion leaders, our own accounts)
    // ------------------------
    c.progress(35, QStringLiteral("authors"));
    QHash<QString, AuthorRow> flagged;
    auto readAuthor = [](const sql::Statement &r) {
        // source, handle, display_name, followers, stance, stance_by_analyst, journalist,
        // opinion_leader, verified, brand, watchlist
        AuthorRow row;
        row.author.source = r.text(0);
        row.author.handle = r.text(1);
        row.author.name = r.text(2);
        row.author.followers = r.isNull(3) ? -1 : r.int64(3);
        row.author.stance = stanceFromName(r.text(4));
        row.author.stanceByAnalyst = r.int64(5) != 0;
        row.author.journalist = r.int64(6) != 0;
        row.author.opinionLeader = r.int64(7) != 0;
        row.author.verified = r.int64(8) != 0;
        row.brand = r.int64(9) != 0;
        row.author.watchlist = r.int64(10) != 0;
        return row;
    };
    {
        sql::Statement st =
            c.prepare("SELECT source, handle, display_name, followers, stance, stance_by_analyst, "
                      "journalist, opinion_leader, verified, brand, watchlist FROM authors "
                      "WHERE journalist = 1 OR opinion_leader = 1 OR brand = 1");
        if (!st.isValid())
            return false;
        if (!forRows(c, st, [&](const sql::Statement &r) {
                AuthorRow row = readAuthor(r);
                flagged.insert(key(row.author.source, row.author.handle), row);
            }))
            return false;
    }
    QSet<QString> brandKeys;
    for (auto it = flagged.cbegin(); it != flagged.cend(); ++it)
        if (it.value().brand)
            brandKeys.insert(it.key());

    // Every author in scope: the whole hours from the author_hours aggregate the writer keeps,
    // the partial hours at the range's edges from their rows. Live posts (not deleted) with a
    // handle, as the influencer ranking counts them. No scan of the range's mention rows; the
    // sums are made here (a GROUP BY would sort every author-hour).
    std::vector<InScopeAuthor> inScope;
    {
        const qint64 maxId = db.scalar("SELECT max(id) FROM authors", 0);
        IdIndex byId(maxId); // authors.id -> inScope
        auto add = [&](const sql::Statement &r) {
            const qint64 id = r.int64(0);
            qsizetype at = byId.find(id);
            if (at < 0) {
                at = qsizetype(inScope.size());
                byId.insert(id, at);
                inScope.emplace_back();
                inScope.back().id = id;
            }
            InScopeAuthor &a = inScope[size_t(at)];
            a.posts += r.int64(1);
            a.negative += r.int64(2);
            a.neutral += r.int64(3);
            a.positive += r.int64(4);
            a.reposts += r.int64(5);
        };
        sql::Statement hours =
            c.prepare("SELECT author_id, posts, negative, neutral, positive, reposts FROM "
                      "author_hours WHERE hour >= ?1 AND hour < ?2");
        sql::Statement rows = c.prepare(
            "SELECT a.id, count(*), sum(m.sentiment_label = 'negative'), "
            "sum(m.sentiment_label = 'neutral'), sum(m.sentiment_label = 'positive'), "
            "sum(m.reposts) FROM mentions m JOIN authors a ON a.source = m.source AND a.handle = "
            "m.author_handle WHERE m.created_at >= ?1 AND m.created_at < ?2 AND m.deleted = 0 AND "
            "m.author_handle <> '' GROUP BY a.id");
        if (!hours.isValid() || !rows.isValid())
            return false;
        constexpr qint64 kHourMs = 60 * kMinuteMs;
        const qint64 h0 = lo >= 0 ? (lo + kHourMs - 1) / kHourMs : -(-lo / kHourMs); // ceil
        const qint64 h1 = hi >= 0 ? hi / kHourMs : -((-hi + kHourMs - 1) / kHourMs); // floor
        QList<std::pair<qint64, qint64>> edges;
        if (h0 < h1) {
            hours.bind(1, h0);
            hours.bind(2, h1);
            if (!forRows(c, hours, add))
                return false;
            edges = {{lo, h0 * kHourMs}, {h1 * kHourMs, hi}};
        } else {
            edges = {{lo, hi}};
        }
        for (const auto &[a, b] : std::as_const(edges)) {
            if (a >= b)
                continue;
            rows.reset();
            rows.bind(1, a);
            rows.bind(2, b);
            if (!forRows(c, rows, add))
                return false;
        }
        if (c.cancelled())
            return false;
        // Their profiles: one pass over the authors table when the range holds a good part of
        // it, else one lookup each.
        auto profile = [&](InScopeAuthor &a, const sql::Statement &r) {
            a.source = r.text(1);
            a.handle = r.text(2);
            a.followers = r.isNull(3) ? -1 : r.int64(3);
            a.journalist = r.int64(4) != 0;
            a.opinionLeader = r.int64(5) != 0;
            a.brand = r.int64(6) != 0;
            if (a.followers >= 0) {
                pm.estimatedReach += a.followers;
                ++pm.authorsWithFollowers;
            }
        };
        constexpr const char *kProfile = "SELECT id, source, handle, followers, journalist, "
                                         "opinion_leader, brand FROM authors";
        if (qint64(inScope.size()) * 4 > maxId) {
            sql::Statement all = c.prepare(kProfile);
            if (!all.isValid() || !forRows(c, all, [&](const sql::Statement &r) {
                    const qsizetype at = byId.find(r.int64(0));
                    if (at >= 0)
                        profile(inScope[size_t(at)], r);
                }))
                return false;
        } else {
            sql::Statement one = c.prepare((QByteArray(kProfile) + " WHERE id = ?1").constData());
            if (!one.isValid())
                return false;
            for (InScopeAuthor &a : inScope) {
                one.reset();
                one.bind(1, a.id);
                if (!forRows(c, one, [&](const sql::Statement &r) { profile(a, r); }))
                    return false;
            }
        }
    }
    pm.uniqueAuthors = qint64(inScope.size());
    if (c.cancelled())
        return false;

    // Completes an author from the authors table (stance, flags), inferring stance when unset.
    sql::Statement authorLookup = c.prepare(
        "SELECT source, handle, display_name, followers, stance, stance_by_analyst, journalist, "
        "opinion_leader, verified, brand, watchlist FROM authors WHERE source = ?1 AND handle = "
        "?2");
    // Their first post in scope (mentions_author index: source, handle, created_at).
    sql::Statement firstPostLookup =
        c.prepare("SELECT min(created_at) FROM mentions WHERE source = ?1 AND author_handle = ?2 "
                  "AND created_at >= ?3 AND created_at < ?4");
    if (!authorLookup.isValid() || !firstPostLookup.isValid())
        return false;
    const StanceRule rule;
    auto complete = [&](ReportAuthor a) {
        if (!a.firstPost.isValid()) {
            firstPostLookup.reset();
            firstPostLookup.bind(1, a.source);
            firstPostLookup.bind(2, a.handle);
            firstPostLookup.bind(3, lo);
            firstPostLookup.bind(4, hi);
            if (firstPostLookup.step() == SQLITE_ROW && !firstPostLookup.isNull(0))
                a.firstPost = utc(firstPostLookup.int64(0));
        }
        authorLookup.reset();
        authorLookup.bind(1, a.source);
        authorLookup.bind(2, a.handle);
        if (authorLookup.step() == SQLITE_ROW) {
            const AuthorRow row = readAuthor(authorLookup);
            a.stance = row.author.stance;
            a.stanceByAnalyst = row.author.stanceByAnalyst;
            a.journalist = row.author.journalist;
            a.opinionLeader = row.author.opinionLeader;
            a.verified = row.author.verified;
            a.watchlist = row.author.watchlist;
            if (a.name.isEmpty())
                a.name = row.author.name;
            if (a.followers < 0)
                a.followers = row.author.followers;
        }
        if (!a.stanceByAnalyst && a.stance == Stance::Unknown)
            a.stance = rule.infer(int(a.negative), int(a.neutral), int(a.positive));
        return a;
    };
    // The topN authors (not ours) that `keep` admits, in `less` order, completed.
    auto top = [&](auto less, auto keep) {
        std::vector<const InScopeAuthor *> ptrs;
        for (const InScopeAuthor &a : inScope)
            if (!a.brand && !a.handle.isEmpty() && keep(a))
                ptrs.push_back(&a);
        const size_t n = std::min(size_t(topN), ptrs.size());
        std::partial_sort(
            ptrs.begin(), ptrs.begin() + qsizetype(n), ptrs.end(),
            [&](const InScopeAuthor *x, const InScopeAuthor *y) { return less(*x, *y); });
        QList<ReportAuthor> picked;
        for (size_t i = 0; i < n; ++i) {
            const InScopeAuthor &in = *ptrs[i];
            ReportAuthor a;
            a.source = in.source;
            a.handle = in.handle;
            a.followers = in.followers;
            a.mentions = in.posts;
            a.negative = in.negative;
            a.neutral = in.neutral;
            a.positive = in.positive;
            a.reposts = in.reposts;
            picked.append(complete(a));
        }
        return picked;
    };
    // Ties: the wider reach, then the handle.
    auto ranked = [](qint64 x, qint64 y, const InScopeAuthor &a, const InScopeAuthor &b) {
        if (x != y)
            return x > y;
        if (a.followers != b.followers)
            return a.followers > b.followers;
        return a.handle < b.handle;
    };
    pm.critics =
        top([&](const InScopeAuthor &x,
                const InScopeAuthor &y) { return ranked(x.negative, y.negative, x, y); },
            [](const InScopeAuthor &a) { return a.negative > 0 && a.negative > a.positive; });
    pm.supporters =
        top([&](const InScopeAuthor &x,
                const InScopeAuthor &y) { return ranked(x.positive, y.positive, x, y); },
            [](const InScopeAuthor &a) { return a.positive > 0 && a.positive > a.negative; });
    pm.journalists = top(
        [&](const InScopeAuthor &x, const InScopeAuthor &y) {
            if (x.posts != y.posts)
                return x.posts > y.posts;
            return x.handle < y.handle;
        },
        [](const InScopeAuthor &a) { return a.journalist; });
    const qint64 olFollowers = options.opinionLeaderFollowers;
    pm.opinionLeaders =
        top([&](const InScopeAuthor &x,
                const InScopeAuthor &y) { return ranked(x.followers, y.followers, x, y); },
            [&](const InScopeAuthor &a) {
                return (a.opinionLeader || a.followers >= olFollowers) && !a.journalist;
            });
    if (c.cancelled())
        return false;

    // ---- Our posts: brand accounts' mentions and published replies
    // -------------------------------
    c.progress(55, QStringLiteral("our answers"));
    struct OurPost {
        ReportMention m;
        QString inReplyTo;
        QString replyKey; // source<sep>id that replies to it carry
        bool fromReplies = false;
        qint64 mentionId = 0; // replies table: the mention answered
    };
    QList<OurPost> ours;
    for (const QString &k : std::as_const(brandKeys)) {
        const AuthorRow &row = flagged[k];
        MentionRange range;
        range.fromMs = lo;
        range.toMs = hi;
        range.source = row.author.source;
        range.authorHandle = row.author.handle;
        range.limit = 5000;
        if (!rangeRows(c, range, [&](const Mention &m) {
                OurPost p;
                p.m = reportMention(m);
                p.inReplyTo = m.inReplyTo;
                p.replyKey = key(p.m.source, p.m.sourceId);
                ours.append(p);
                return true;
            }))
            return false;
    }
    {
        sql::Statement st = c.prepare(
            "SELECT id, coalesce(mention_id, 0), channel, text, published_at, coalesce(remote_id, "
            "''), lang FROM replies WHERE state = 'published' AND published_at >= ?1 AND "
            "published_at < ?2 ORDER BY published_at LIMIT 5000");
        if (!st.isValid())
            return false;
        st.bind(1, lo);
        st.bind(2, hi);
        if (!forRows(c, st, [&](const sql::Statement &r) {
                OurPost p;
                p.fromReplies = true;
                p.mentionId = r.int64(1);
                p.m.source = r.text(2);
                p.m.text = r.text(3);
                p.m.at = utc(r.int64(4));
                p.m.sourceId = r.text(5);
                p.m.language = r.text(6);
                p.m.handle = QStringLiteral("(our reply #%1)").arg(r.int64(0));
                if (!p.m.sourceId.isEmpty())
                    p.replyKey = key(p.m.source, p.m.sourceId);
                ours.append(p);
            }))
            return false;
    }
    std::stable_sort(ours.begin(), ours.end(),
                     [](const OurPost &a, const OurPost &b) { return a.m.at < b.m.at; });
    QSet<QString> ourKeys;
    for (const OurPost &p : std::as_const(ours))
        if (!p.replyKey.isEmpty() && !p.fromReplies)
            ourKeys.insert(p.replyKey);

    // First responses: to mentions marked needs-reply/answered, and to whatever we replied to.
    struct Need {
        qint64 createdMs = 0;
        qint64 firstResponseMs = -1;
        bool markedAnswered = false;
        bool inScope = false;
    };
    QHash<qint64, Need> needs;
    {
        sql::Statement st =
            // By the status index (few rows), not the range: "+created_at" keeps the planner off
            // mentions_created, "status <> 'new'" lets it use the partial mentions_status.
            c.prepare("SELECT id, created_at, status FROM mentions WHERE status <> 'new' AND "
                      "status IN ('needs-reply', 'answered') AND +created_at >= ?1 AND "
                      "+created_at < ?2");
        if (!st.isValid())
            return false;
        st.bind(1, lo);
        st.bind(2, hi);
        if (!forRows(c, st, [&](const sql::Statement &r) {
                Need &n = needs[r.int64(0)];
                n.createdMs = r.int64(1);
                n.markedAnswered = r.text(2) == u"answered";
                n.inScope = true;
            }))
            return false;
    }
    {
        sql::Statement parent =
            c.prepare("SELECT id, created_at, author_handle FROM mentions WHERE source = ?1 AND "
                      "source_id = ?2");
        sql::Statement byId = c.prepare("SELECT created_at FROM mentions WHERE id = ?1");
        if (!parent.isValid() || !byId.isValid())
            return false;
        for (const OurPost &p : std::as_const(ours)) {
            qint64 id = 0;
            qint64 created = 0;
            if (p.fromReplies) {
                if (p.mentionId <= 0)
                    continue;
                byId.reset();
                byId.bind(1, p.mentionId);
                if (byId.step() != SQLITE_ROW)
                    continue;
                id = p.mentionId;
                created = byId.int64(0);
            } else {
                if (p.inReplyTo.isEmpty())
                    continue;
                parent.reset();
                parent.bind(1, p.m.source);
                parent.bind(2, p.inReplyTo);
                if (parent.step() != SQLITE_ROW ||
                    brandKeys.contains(key(p.m.source, parent.text(2))))
                    continue; // our own thread, not an answer
                id = parent.int64(0);
                created = parent.int64(1);
            }
            Need &n = needs[id];
            n.createdMs = created;
            n.inScope = created >= lo && created < hi;
            const qint64 at = msOf(p.m.at);
            if (n.firstResponseMs < 0 || at < n.firstResponseMs)
                n.firstResponseMs = at;
        }
    }
    for (const Need &n : std::as_const(needs)) {
        if (!n.inScope)
            continue;
        ++pm.needingResponse;
        if (n.firstResponseMs >= 0 || n.markedAnswered)
            ++pm.answered;
        if (n.firstResponseMs >= n.createdMs)
            pm.responseSeconds.append(double(n.firstResponseMs - n.createdMs) / 1000.0);
    }
    std::sort(pm.responseSeconds.begin(), pm.responseSeconds.end());
    pm.medianResponseSeconds = median(pm.responseSeconds);
    pm.p90ResponseSeconds = percentile(pm.responseSeconds, 0.9);

    // Internal latencies from the audit log of replies drafted in scope.
    {
        sql::Statement st = c.prepare(
            "SELECT r.created_at, m.created_at, "
            "(SELECT min(at) FROM reply_events e WHERE e.reply_id = r.id AND e.to_state = "
            "'in-review'), "
            "(SELECT min(at) FROM reply_events e WHERE e.reply_id = r.id AND e.to_state = "
            "'approved'), "
            "coalesce(r.published_at, (SELECT min(at) FROM reply_events e WHERE e.reply_id = "
            "r.id AND e.to_state = 'published')) "
            "FROM replies r LEFT JOIN mentions m ON m.id = r.mention_id "
            "WHERE r.created_at >= ?1 AND r.created_at < ?2");
        if (!st.isValid())
            return false;
        st.bind(1, lo);
        st.bind(2, hi);
        QList<double> mentionToDraft, draftToReview, draftToApprove, approveToPublish,
            mentionToPublish;
        auto span = [](QList<double> &into, const sql::Statement &r, int a, int b) {
            if (!r.isNull(a) && !r.isNull(b) && r.int64(b) >= r.int64(a))
                into.append(double(r.int64(b) - r.int64(a)) / 1000.0);
        };
        if (!forRows(c, st, [&](const sql::Statement &r) {
                span(mentionToDraft, r, 1, 0);
                span(draftToReview, r, 0, 2);
                span(draftToApprove, r, 0, 3);
                span(approveToPublish, r, 3, 4);
                span(mentionToPublish, r, 1, 4);
            }))
            return false;
        auto stage = [&](const QString &name, const QList<double> &v) {
            pm.latencies.append({name, int(v.size()), median(v), percentile(v, 0.9)});
        };
        stage(QStringLiteral("mention → draft"), mentionToDraft);
        stage(QStringLiteral("draft → review"), draftToReview);
        stage(QStringLiteral("draft → approved"), draftToApprove);
        stage(QStringLiteral("approved → published"), approveToPublish);
        stage(QStringLiteral("mention → published"), mentionToPublish);
    }
    if (c.cancelled())
        return false;

    // ---- Reception: replies to our posts
    // ----------------------------------------------------------
    c.progress(65, QStringLiteral("reception"));
    QHash<QString, SentimentCounts> repliesTo;
    {
        // The replies to each of our posts, by index (mentions_reply_to), without our own.
        sql::Statement st =
            c.prepare("SELECT author_handle, coalesce(sentiment_label, ''), count(*) FROM mentions "
                      "INDEXED BY mentions_reply_to WHERE source = ?1 AND in_reply_to = ?2 AND "
                      "in_reply_to <> '' AND created_at >= ?3 AND created_at < ?4 GROUP BY 1, 2");
        if (!st.isValid())
            return false;
        for (const OurPost &p : std::as_const(ours)) {
            if (p.replyKey.isEmpty() || repliesTo.contains(p.replyKey))
                continue;
            SentimentCounts &counts = repliesTo[p.replyKey];
            st.reset();
            st.bind(1, p.m.source);
            st.bind(2, p.m.sourceId);
            st.bind(3, lo);
            st.bind(4, hi);
            if (!forRows(c, st, [&](const sql::Statement &r) {
                    if (brandKeys.contains(key(p.m.source, r.text(0))))
                        return;
                    counts.add(r.text(1), r.int64(2));
                    pm.reception.add(r.text(1), r.int64(2));
                }))
                return false;
        }
    }

    // Statements: our top-level posts and threads (not answers to someone), with the hour
    // before/after.
    {
        sql::Statement st = c.prepare(
            "SELECT sentiment, sum(n) FROM mention_minutes WHERE minute >= ?1 AND minute < ?2 "
            "GROUP BY sentiment");
        if (!st.isValid())
            return false;
        auto window = [&](qint64 a, qint64 b, SentimentCounts *into) {
            if (a >= fromMin && b <= toMin) { // in the range: the minutes already read
                for (auto it = minutes.lower_bound(a); it != minutes.end() && it->first < b; ++it)
                    *into += it->second;
                return true;
            }
            st.reset();
            st.bind(1, a);
            st.bind(2, b);
            return forRows(c, st,
                           [&](const sql::Statement &r) { into->add(r.text(0), r.int64(1)); });
        };
        for (const OurPost &p : std::as_const(ours)) {
            const bool standalone =
                p.fromReplies
                    ? p.mentionId <= 0
                    : (p.inReplyTo.isEmpty() || ourKeys.contains(key(p.m.source, p.inReplyTo)));
            if (!standalone || pm.statements.size() >= 200)
                continue;
            Statement s;
            s.at = p.m.at;
            s.source = p.m.source;
            s.handle = p.m.handle;
            s.text = p.m.text;
            const qint64 m = msOf(p.m.at) / kMinuteMs;
            if (!window(m - 60, m, &s.hourBefore) || !window(m, m + 60, &s.hourAfter))
                return false;
            s.replies = repliesTo.value(p.replyKey);
            pm.statements.append(s);
        }
    }
    if (c.cancelled())
        return false;

    // ---- The spark -----------------------------------------------------------------------------
    c.progress(75, QStringLiteral("the spark"));
    {
        // Around the onset of the detected rise; with no spike, around the busiest minute.
        const qint64 anchor = msOf(pm.detected.isValid() ? pm.onset : pm.peakMinute);
        const qint64 w0 = std::max(lo, anchor - 60 * kMinuteMs);
        const qint64 w1 = std::min(hi, anchor + 10 * kMinuteMs + 1);
        QHash<QString, qint64> replyCounts;
        {
            sql::Statement st =
                c.prepare("SELECT source || char(31) || in_reply_to, count(*) FROM mentions WHERE "
                          "created_at >= ?1 AND created_at < ?2 AND in_reply_to <> '' GROUP BY 1");
            if (!st.isValid())
                return false;
            st.bind(1, w0);
            st.bind(2, std::min(hi, anchor + 120 * kMinuteMs));
            if (!forRows(c, st, [&](const sql::Statement &r) {
                    replyCounts.insert(r.text(0), r.int64(1));
                }))
                return false;
        }
        double best = -1;
        if (!rangeRows(c, {w0, w1, {}, {}, 20000}, [&](const Mention &row) {
                if (!row.inReplyTo.isEmpty() ||
                    brandKeys.contains(key(row.source, row.authorHandle)))
                    return true; // our own posts and replies are not a spark
                ReportMention m = reportMention(row);
                m.repliesInStore = replyCounts.value(key(m.source, m.sourceId));
                double score =
                    double(m.reposts) + double(m.likes) / 10.0 + 5.0 * double(m.repliesInStore);
                if (m.sentiment == Sentiment::Positive)
                    score *= 0.5;
                if (score > best) {
                    best = score;
                    pm.spark = m;
                }
                return true;
            }))
            return false;
        if (pm.spark) {
            const qint64 s0 = msOf(pm.spark->at);
            const qint64 s1 = std::min(hi, s0 + qint64(pm.firstWindowMinutes) * kMinuteMs);
            // The earliest mentions of the wave: replies to the spark (and to them), critical
            // posts.
            QSet<QString> wave{key(pm.spark->source, pm.spark->sourceId)};
            pm.earliest.append(*pm.spark);
            if (!rangeRows(c, {s0, s1, {}, {}, 3000}, [&](const Mention &row) {
                    if (row.id == pm.spark->id ||
                        brandKeys.contains(key(row.source, row.authorHandle)))
                        return true;
                    const bool replyToWave = wave.contains(key(row.source, row.inReplyTo));
                    if (replyToWave || row.sentiment == Sentiment::Negative) {
                        wave.insert(key(row.source, row.sourceId));
                        pm.earliest.append(reportMention(row));
                    }
                    return pm.earliest.size() < 12;
                }))
                return false;
            // Amplifiers: who posted in the first window, by followers and reposts.
            sql::Statement amp = c.prepare(
                "SELECT source, author_handle, max(author_name), max(author_followers), "
                "sum(reposts), count(*), min(created_at), sum(sentiment_label = 'negative'), "
                "sum(sentiment_label = 'neutral'), sum(sentiment_label = 'positive') "
                "FROM mentions WHERE created_at >= ?1 AND created_at < ?2 AND "
                "author_handle <> '' GROUP BY 1, 2 "
                "ORDER BY coalesce(max(author_followers), 0) + 100 * sum(reposts) DESC LIMIT ?3");
            if (!amp.isValid())
                return false;
            amp.bind(1, s0);
            amp.bind(2, s1);
            amp.bind(3, qint64(topN + 20));
            if (!forRows(c, amp, [&](const sql::Statement &r) {
                    if (pm.amplifiers.size() >= topN)
                        return;
                    ReportAuthor a;
                    a.source = r.text(0);
                    a.handle = r.text(1);
                    if (brandKeys.contains(key(a.source, a.handle)) ||
                        (a.source == pm.spark->source && a.handle == pm.spark->handle))
                        return;
                    a.name = r.text(2);
                    a.followers = r.isNull(3) ? -1 : r.int64(3);
                    a.reposts = r.int64(4);
                    a.mentions = r.int64(5);
                    a.firstPost = utc(r.int64(6));
                    a.negative = r.int64(7);
                    a.neutral = r.int64(8);
                    a.positive = r.int64(9);
                    pm.amplifiers.append(complete(a));
                }))
                return false;
        }
    }

    // ---- Caveats -------------------------------------------------------------------------------
    if (brandKeys.isEmpty())
        pm.caveats << QStringLiteral(
            "No author is marked as ours (brand): statements and reception come only from "
            "published replies.");
    if (std::none_of(flagged.cbegin(), flagged.cend(), [](const AuthorRow &r) {
            return r.author.journalist || r.author.opinionLeader;
        }))
        pm.caveats << QStringLiteral("No author is flagged as journalist or opinion leader; "
                                     "opinion leaders are those with %L1+ followers.")
                          .arg(olFollowers);
    if (pm.sentiment.labelled() == 0)
        pm.caveats << QStringLiteral(
            "No mention has a sentiment (no lexicon for their languages): negative shares are "
            "not scored.");

    c.progress(100, QStringLiteral("done"));
    *out = std::move(pm);
    return true;
}

// ---- Writes -----------------------------------------------------------------------------------

bool saveLessons(const QString &storePath, qint64 incidentId, const QString &text, QString *error) {
    sql::Connection db;
    if (!Store::openWriter(db, storePath, error))
        return false;
    QString why;
    sql::Statement st = db.prepare("UPDATE incidents SET lessons = ?1 WHERE id = ?2", &why);
    if (!st.isValid()) {
        if (error)
            *error = why;
        return false;
    }
    st.bind(1, text.isNull() ? QStringLiteral("") : text);
    st.bind(2, incidentId);
    const int rc = st.step();
    if (rc != SQLITE_DONE) {
        if (error)
            *error = sql::describe(db.handle(), rc);
        return false;
    }
    if (sqlite3_changes(db.handle()) != 1) {
        if (error)
            *error = QStringLiteral("no incident %1 in this store").arg(incidentId);
        return false;
    }
    return true;
}

bool addToWatchlist(const QString &storePath, const QList<AuthorKey> &authors, int *changed,
                    QString *error) {
    if (changed)
        *changed = 0;
    sql::Connection db;
    if (!Store::openWriter(db, storePath, error))
        return false;
    QString why;
    if (!db.exec("BEGIN IMMEDIATE", &why)) {
        if (error)
            *error = why;
        return false;
    }
    sql::Statement st = db.prepare(
        "UPDATE authors SET watchlist = 1 WHERE source = ?1 AND handle = ?2 AND watchlist = 0",
        &why);
    bool ok = st.isValid();
    for (const AuthorKey &a : authors) {
        if (!ok)
            break;
        st.reset();
        st.bind(1, a.source);
        st.bind(2, a.handle);
        const int rc = st.step();
        ok = rc == SQLITE_DONE;
        if (!ok)
            why = sql::describe(db.handle(), rc);
        else if (changed)
            *changed += sqlite3_changes(db.handle());
    }
    if (ok)
        ok = db.exec("COMMIT", &why);
    if (!ok) {
        db.exec("ROLLBACK");
        if (error)
            *error = why;
        if (changed)
            *changed = 0;
    }
    return ok;
}

} // namespace warroom::report
