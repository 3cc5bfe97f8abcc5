#include "aggregatequeries.h"

#include "analysis/riskscorer.h"
#include "domain/mention.h"

#include <QHash>
#include <QLocale>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace warroom {

namespace {

constexpr qint64 kMinute = 60000;

QString shortText(const QString &text, int length = 48) {
    QString t = text.simplified();
    if (t.size() > length)
        t = t.left(length - 1) + QChar(0x2026);
    return t;
}

double medianOf(QVector<double> v) {
    if (v.isEmpty())
        return 0;
    const auto mid = v.begin() + v.size() / 2;
    std::nth_element(v.begin(), mid, v.end());
    double m = *mid;
    if (v.size() % 2 == 0) {
        const double lower = *std::max_element(v.begin(), mid);
        m = (m + lower) / 2;
    }
    return m;
}

} // namespace

Band baselineBand(const QVector<double> &values, int index, int window, double k) {
    Band band;
    const int from = std::max(0, index - window);
    if (index <= from)
        return band;
    QVector<double> trailing(values.begin() + from, values.begin() + index);
    band.median = medianOf(trailing);
    for (double &v : trailing)
        v = std::abs(v - band.median);
    const double spread = std::max(1.4826 * medianOf(trailing), 1.0);
    band.low = std::max(0.0, band.median - k * spread);
    band.high = band.median + k * spread;
    return band;
}

qint64 AggregateQueries::lastMentionMs() {
    return m_db.scalar("SELECT coalesce(max(created_at), 0) FROM mentions");
}

qint64 AggregateQueries::firstMentionMs() {
    return m_db.scalar("SELECT coalesce(min(created_at), 0) FROM mentions");
}

QVector<double> AggregateQueries::minuteTotals(qint64 fromMs, qint64 toMs) {
    const qint64 fromMin = fromMs / kMinute;
    const qint64 toMin = toMs / kMinute;
    QVector<double> totals(int(std::max<qint64>(0, toMin - fromMin)), 0.0);
    sql::Statement st = m_db.prepare("SELECT minute, sum(n) FROM mention_minutes WHERE minute >= "
                                     "?1 AND minute < ?2 GROUP BY minute");
    if (!st.isValid())
        return totals;
    st.bind(1, fromMin);
    st.bind(2, toMin);
    while (st.step() == SQLITE_ROW)
        totals[int(st.int64(0) - fromMin)] = double(st.int64(1));
    return totals;
}

TimelineData AggregateQueries::timeline(const TimelineRequest &request) {
    TimelineData data;
    data.request = request;
    const int bucket = std::max(1, request.bucketMinutes);
    const qint64 fromMin = request.fromMs / kMinute;
    qint64 toMin = std::max(fromMin + 1, (request.toMs + kMinute - 1) / kMinute);
    // Whole buckets only.
    toMin = fromMin + ((toMin - fromMin + bucket - 1) / bucket) * bucket;
    const int minutes = int(toMin - fromMin);
    data.request.fromMs = fromMin * kMinute;
    data.request.toMs = toMin * kMinute;

    // The counts by series, per minute.
    struct Cell {
        qint64 minute;
        QString key;
        qint64 n;
    };
    QList<Cell> cells;
    sql::Statement st;
    switch (request.breakdown) {
    case TimelineRequest::Breakdown::Sentiment:
    case TimelineRequest::Breakdown::Source: {
        const bool bySentiment = request.breakdown == TimelineRequest::Breakdown::Sentiment;
        st = m_db.prepare(bySentiment ? "SELECT minute, sentiment, sum(n) FROM mention_minutes "
                                        "WHERE minute >= ?1 AND minute < ?2 GROUP BY 1, 2"
                                      : "SELECT minute, source, sum(n) FROM mention_minutes "
                                        "WHERE minute >= ?1 AND minute < ?2 GROUP BY 1, 2");
        if (st.isValid()) {
            st.bind(1, fromMin);
            st.bind(2, toMin);
        }
        break;
    }
    case TimelineRequest::Breakdown::Language:
        // From the aggregate too: mention_minutes is keyed by language (issue 4's migration).
        st = m_db.prepare("SELECT minute, CASE lang WHEN '' THEN '?' ELSE lang END, sum(n) "
                          "FROM mention_minutes WHERE minute >= ?1 AND minute < ?2 GROUP BY 1, 2");
        if (st.isValid()) {
            st.bind(1, fromMin);
            st.bind(2, toMin);
        } else {
            // A store from before that migration: the raw rows of the range shown, on demand.
            st = m_db.prepare(
                "SELECT created_at / 60000, coalesce(nullif(lang, ''), '?'), count(*) "
                "FROM mentions WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1, 2");
            if (st.isValid()) {
                st.bind(1, fromMin * kMinute);
                st.bind(2, toMin * kMinute);
            }
            data.note = QObject::tr("Languages are counted from the stored mentions of this range "
                                    "(no per-language aggregate).");
        }
        break;
    }
    if (!st.isValid()) {
        data.error = m_db.lastError();
        return data;
    }
    QHash<QString, qint64> keyTotals;
    while (st.step() == SQLITE_ROW) {
        Cell c{st.int64(0), st.text(1), st.int64(2)};
        keyTotals[c.key] += c.n;
        data.totalMentions += c.n;
        cells.append(std::move(c));
    }

    // Series, bottom first: sentiment in a fixed order; sources and languages by volume, six
    // at most and the rest as "other".
    QHash<QString, int> seriesOf;
    if (request.breakdown == TimelineRequest::Breakdown::Sentiment) {
        data.series = {QStringLiteral("negative"), QStringLiteral("neutral"),
                       QStringLiteral("positive"), QStringLiteral("unscored")};
        seriesOf.insert(QStringLiteral("negative"), 0);
        seriesOf.insert(QStringLiteral("neutral"), 1);
        seriesOf.insert(QStringLiteral("positive"), 2);
        seriesOf.insert(QString(), 3);
    } else {
        QList<QString> keys = keyTotals.keys();
        std::sort(keys.begin(), keys.end(), [&](const QString &a, const QString &b) {
            return keyTotals.value(a) != keyTotals.value(b)
                       ? keyTotals.value(a) > keyTotals.value(b)
                       : a < b;
        });
        for (int i = 0; i < keys.size(); ++i) {
            if (i < 6) {
                seriesOf.insert(keys.at(i), i);
                data.series << keys.at(i);
            } else {
                if (i == 6)
                    data.series << QObject::tr("other");
                seriesOf.insert(keys.at(i), 6);
            }
        }
    }
    const int seriesCount = int(data.series.size());
    QVector<QVector<double>> perMinute(minutes, QVector<double>(seriesCount, 0.0));
    for (const Cell &c : std::as_const(cells)) {
        const int m = int(c.minute - fromMin);
        if (m >= 0 && m < minutes && seriesCount > 0)
            perMinute[m][seriesOf.value(c.key, seriesCount - 1)] += double(c.n);
    }

    // The baseline is computed on the per-minute totals, whatever the breakdown.
    const int window = std::max(1, request.baselineMinutes);
    const QVector<double> totals =
        minuteTotals((fromMin - window) * kMinute, toMin * kMinute); // window + minutes values
    data.buckets.reserve(minutes / bucket);
    for (int b = 0; b < minutes; b += bucket) {
        TimelineBucket tb;
        tb.startMs = (fromMin + b) * kMinute;
        tb.counts.fill(0.0, seriesCount);
        for (int m = b; m < b + bucket; ++m) {
            for (int s = 0; s < seriesCount; ++s)
                tb.counts[s] += perMinute[m][s];
            const int at = window + m;
            const Band band = baselineBand(totals, at, window, request.baselineK);
            tb.median += band.median;
            tb.low += band.low;
            tb.high += band.high;
            const double total = totals.value(at);
            if (total > band.high && total >= request.spikeMinimum)
                tb.spike = true;
        }
        for (double &c : tb.counts) {
            c /= bucket;
            tb.total += c;
        }
        tb.median /= bucket;
        tb.low /= bucket;
        tb.high /= bucket;
        data.buckets.append(tb);
    }

    // Our own actions and the alerts, on the same axis.
    auto events = [&](const char *sql, TimelineEvent::Kind kind, auto label) {
        sql::Statement e = m_db.prepare(sql);
        if (!e.isValid())
            return;
        e.bind(1, data.request.fromMs);
        e.bind(2, data.request.toMs);
        while (e.step() == SQLITE_ROW && data.events.size() < 200)
            data.events.append({e.int64(0), kind, label(e)});
    };
    // CROSS JOIN keeps this order: the brand's few accounts (authors_brand), then their posts
    // by mentions_author; the planner otherwise walks every mention of the range.
    events("SELECT m.created_at, m.author_handle, m.text FROM authors a CROSS JOIN mentions m "
           "ON m.source = a.source AND m.author_handle = a.handle WHERE a.brand = 1 AND "
           "m.created_at >= ?1 AND m.created_at < ?2 AND coalesce(m.in_reply_to, '') = '' "
           "ORDER BY m.created_at LIMIT 60",
           TimelineEvent::Kind::Statement, [](const sql::Statement &e) {
               return QStringLiteral("@%1: %2").arg(e.text(1), shortText(e.text(2), 40));
           });
    events("SELECT published_at, channel, text FROM replies WHERE published_at >= ?1 AND "
           "published_at < ?2 ORDER BY published_at LIMIT 60",
           TimelineEvent::Kind::ReplyPublished, [](const sql::Statement &e) {
               return QObject::tr("Reply on %1: %2").arg(e.text(1), shortText(e.text(2), 36));
           });
    // Alerts about the volume (the spikes and surges the chart is about); the per-post ones
    // (watch words, high-risk authors) fire by the dozen in a crisis and stay in their panel.
    events("SELECT fired_at, kind FROM alerts WHERE fired_at >= ?1 AND fired_at < ?2 "
           "AND kind IN ('volume-spike', 'negativity-surge') ORDER BY fired_at LIMIT 60",
           TimelineEvent::Kind::AlertFired, [](const sql::Statement &e) {
               return QObject::tr("Alert: %1").arg(QString(e.text(1)).replace(u'-', u' '));
           });
    // Acknowledging is our action: one marker per person and minute, however many alerts.
    events("SELECT min(acked_at), acked_by, count(*), min(kind) FROM alerts WHERE acked_at >= ?1 "
           "AND acked_at < ?2 GROUP BY acked_at / 60000, acked_by ORDER BY 1 LIMIT 60",
           TimelineEvent::Kind::AlertAcknowledged, [](const sql::Statement &e) {
               const qint64 n = e.int64(2);
               return n == 1 ? QObject::tr("%1 acknowledged by %2")
                                   .arg(QString(e.text(3)).replace(u'-', u' '),
                                        shortText(e.text(1), 20))
                             : QObject::tr("%1 acknowledged %2 alerts")
                                   .arg(shortText(e.text(1), 20))
                                   .arg(n);
           });
    events("SELECT started_at, name FROM incidents WHERE started_at >= ?1 AND started_at < ?2",
           TimelineEvent::Kind::IncidentDeclared, [](const sql::Statement &e) {
               return QObject::tr("Incident: %1").arg(shortText(e.text(1), 40));
           });
    events("SELECT closed_at, name FROM incidents WHERE closed_at >= ?1 AND closed_at < ?2",
           TimelineEvent::Kind::IncidentClosed, [](const sql::Statement &e) {
               return QObject::tr("Closed: %1").arg(shortText(e.text(1), 40));
           });
    // The publishing pause switch (the workflow's history; absent before its migration).
    events("SELECT p.paused_at, coalesce(o.name, '?'), p.reason FROM publishing_pauses p "
           "LEFT JOIN operators o ON o.id = p.paused_by WHERE p.paused_at >= ?1 AND "
           "p.paused_at < ?2 ORDER BY p.paused_at LIMIT 60",
           TimelineEvent::Kind::PublishingPaused, [](const sql::Statement &e) {
               return QObject::tr("Publishing paused by %1: %2")
                   .arg(shortText(e.text(1), 20), shortText(e.text(2), 36));
           });
    events("SELECT p.resumed_at, coalesce(o.name, '?') FROM publishing_pauses p "
           "LEFT JOIN operators o ON o.id = p.resumed_by WHERE p.resumed_at >= ?1 AND "
           "p.resumed_at < ?2 ORDER BY p.resumed_at LIMIT 60",
           TimelineEvent::Kind::PublishingResumed, [](const sql::Statement &e) {
               return QObject::tr("Publishing resumed by %1").arg(shortText(e.text(1), 20));
           });
    std::sort(data.events.begin(), data.events.end(),
              [](const TimelineEvent &a, const TimelineEvent &b) { return a.atMs < b.atMs; });
    return data;
}

namespace {

// One ranked author as the panel shows it: the RiskScorer's seven components and score (the
// same numbers `warroom rank` prints and author_risk stores), the counts behind them, and a
// tooltip that gives the facts first and then each component's points.
InfluencerRow influencerRow(const RiskAssessment &a) {
    const AuthorWindowStats &s = a.author;
    InfluencerRow r;
    r.source = s.source;
    r.handle = s.handle;
    r.displayName = s.displayName;
    r.followers = s.followers;
    r.mentions = s.posts;
    r.negative = s.negative;
    r.neutral = s.neutral;
    r.positive = s.positive;
    r.reposts = s.reposts;
    r.likes = s.likes;
    r.stance = stanceName(s.stance);
    r.journalist = s.flags.journalist;
    r.opinionLeader = s.flags.opinionLeader;
    r.verified = s.flags.verified;
    r.brand = s.flags.brand;
    r.watchlist = s.flags.watchlist;
    const auto value = [&a](int i) {
        return i < a.components.size() ? a.components.at(i).value : 0.0;
    };
    r.reach = value(0);
    r.amplification = value(1);
    r.velocity = value(2);
    r.negativity = value(3);
    r.hostility = value(4);
    r.flags = value(5);
    r.recency = value(6);
    r.score = a.score;
    r.supporter = isSupporter(s);
    const QLocale l;
    QStringList lines;
    lines << (r.brand ? QObject::tr("Our own account (risk ×0.1): %1").arg(a.explanation)
                      : QObject::tr("Risk %1 of 100: %2")
                            .arg(l.toString(a.score, 'f', 1), a.explanation));
    for (const RiskComponent &c : a.components)
        lines << QStringLiteral("%1: %2 × %3 = %4")
                     .arg(c.name, l.toString(c.value, 'f', 2), QString::number(int(c.weight)),
                          l.toString(c.points(), 'f', 1));
    r.explanation = lines.join(u'\n');
    return r;
}

} // namespace

QList<InfluencerRow> AggregateQueries::influencers(const InfluencerQuery &query,
                                                   LiveRanking *live) {
    QList<InfluencerRow> rows;
    // The window's authors ranked as `warroom rank` ranks them (author_hours plus the raw
    // edges): the top `limit`, and beyond it the window's watchlist and supporters.
    RankingOptions options;
    options.end = QDateTime::fromMSecsSinceEpoch(query.toMs, Qt::UTC);
    options.windowSeconds = std::max<qint64>(60, (query.toMs - query.fromMs) / 1000);
    options.limit = query.limit;
    options.keepWatchlist = true;
    options.supporters = query.limit; // the supporters view: at most as many as the top
    Ranking ranking;
    QString error;
    if (!(live ? live->run(m_db, options, &ranking, &error)
               : RankingQuery(m_db).run(options, &ranking, &error)))
        return rows;
    QSet<QString> seen;
    rows.reserve(ranking.authors.size());
    for (const RiskAssessment &a : std::as_const(ranking.authors)) {
        seen.insert(a.author.source + u'\n' + a.author.handle);
        rows.append(influencerRow(a));
    }
    // The watchlist persists across crises: its accounts are listed even when quiet.
    sql::Statement w = m_db.prepare("SELECT source, handle, display_name, coalesce(followers, -1), "
                                    "stance, journalist, opinion_leader, verified, brand "
                                    "FROM authors WHERE watchlist = 1");
    const RiskScorer scorer;
    while (w.isValid() && w.step() == SQLITE_ROW) {
        if (seen.contains(w.text(0) + u'\n' + w.text(1)))
            continue;
        AuthorWindowStats s;
        s.source = w.text(0);
        s.handle = w.text(1);
        s.displayName = w.text(2);
        s.followers = w.int64(3);
        s.stance = stanceFromName(w.text(4));
        s.flags.journalist = w.int64(5) != 0;
        s.flags.opinionLeader = w.int64(6) != 0;
        s.flags.verified = w.int64(7) != 0;
        s.flags.brand = w.int64(8) != 0;
        s.flags.watchlist = true;
        rows.append(influencerRow(scorer.score(s, options.end, options.windowSeconds)));
    }
    // The ranking's order (top by risk, then the supporters and watchlist beyond it), then the
    // quiet watchlist.
    return rows;
}

DashboardData AggregateQueries::dashboard(const DashboardRequest &request) {
    DashboardData d;
    d.nowMs = request.nowMs;
    Kpis &k = d.kpis;
    k.windowMinutes = std::max(1, request.windowMinutes);
    const qint64 nowMin = request.nowMs / kMinute;
    const qint64 fromMin = nowMin - k.windowMinutes + 1;
    const qint64 toMin = nowMin + 1;

    // Incident first: its start anchors the baseline.
    sql::Statement inc = m_db.prepare(
        "SELECT id, name, started_at, coalesce(declared_at, 0), coalesce(closed_at, 0) "
        "FROM incidents ORDER BY (closed_at IS NULL) DESC, started_at DESC LIMIT 1");
    if (inc.isValid() && inc.step() == SQLITE_ROW)
        d.incident = {inc.int64(0), inc.text(1), inc.int64(2), inc.int64(3), inc.int64(4)};

    sql::Statement vol = m_db.prepare(
        "SELECT sentiment, sum(n) FROM mention_minutes WHERE minute >= ?1 AND minute < ?2 "
        "GROUP BY sentiment");
    qint64 negative = 0;
    if (vol.isValid()) {
        vol.bind(1, fromMin);
        vol.bind(2, toMin);
        while (vol.step() == SQLITE_ROW) {
            const QString s = vol.text(0);
            const qint64 n = vol.int64(1);
            k.windowMentions += n;
            if (!s.isEmpty())
                k.labelled += n;
            if (s == QLatin1String("negative"))
                negative += n;
        }
    }
    k.perMinute = double(k.windowMentions) / k.windowMinutes;
    k.negativeShare = k.labelled > 0 ? double(negative) / double(k.labelled) : 0.0;
    // Normal volume: the two hours before the open incident started (what "calm" looked
    // like), else the two hours before the window.
    qint64 baseEnd = fromMin;
    if (d.incident.isOpen() && d.incident.startedMs / kMinute < fromMin)
        baseEnd = d.incident.startedMs / kMinute;
    const QVector<double> before = minuteTotals((baseEnd - 120) * kMinute, baseEnd * kMinute);
    double sum = 0;
    for (double v : before)
        sum += v;
    k.baselinePerMinute = before.isEmpty() ? 0 : sum / before.size();
    k.ratio = k.baselinePerMinute > 0 ? k.perMinute / k.baselinePerMinute : 0.0;

    sql::Statement un = m_db.prepare(
        "SELECT count(*), coalesce(min(created_at), 0) FROM mentions WHERE status = 'needs-reply'");
    if (un.isValid() && un.step() == SQLITE_ROW) {
        k.unanswered = un.int64(0);
        k.oldestUnansweredMs = un.int64(1);
    }
    k.approvalsWaiting = m_db.scalar("SELECT count(*) FROM replies WHERE state = 'in-review'");
    // Authors behind negative posts, and how many of them have a known follower count (some
    // sources never say: then the reach is unknown, not zero).
    sql::Statement reach = m_db.prepare(
        "SELECT coalesce(sum(f), 0), count(*), count(f) FROM (SELECT max(author_followers) AS f "
        "FROM mentions WHERE created_at >= ?1 AND created_at < ?2 AND sentiment_label = "
        "'negative' GROUP BY source, author_handle)");
    if (reach.isValid()) {
        reach.bind(1, fromMin * kMinute);
        reach.bind(2, toMin * kMinute);
        if (reach.step() == SQLITE_ROW) {
            k.negativeReach = std::max<qint64>(0, reach.int64(0));
            k.negativeAuthors = reach.int64(1);
            k.negativeAuthorsWithFollowers = reach.int64(2);
        }
    }

    // The evidence as a person reads it: the engine's one-line summary (its JSON is for tools).
    sql::Statement al = m_db.prepare(
        "SELECT id, kind, fired_at, severity, coalesce(nullif(summary, ''), evidence), "
        "coalesce(acked_by, ''), coalesce(acked_at, 0) FROM alerts "
        "ORDER BY fired_at DESC, id DESC LIMIT 200");
    while (al.isValid() && al.step() == SQLITE_ROW)
        d.alerts.append({al.int64(0), al.text(1), al.int64(2), int(al.int64(3)), al.text(4),
                         al.text(5), al.int64(6)});

    sql::Statement said = m_db.prepare(R"sql(
SELECT at, who, text FROM (
    SELECT published_at AS at, channel AS who, text FROM replies
        WHERE published_at IS NOT NULL AND published_at <= ?1
    UNION ALL
    SELECT m.created_at, '@' || m.author_handle, m.text FROM authors a CROSS JOIN mentions m
        ON m.source = a.source AND m.author_handle = a.handle
        WHERE a.brand = 1 AND m.created_at <= ?1 AND coalesce(m.in_reply_to, '') = '')
ORDER BY at DESC LIMIT 8)sql");
    if (said.isValid()) {
        said.bind(1, request.nowMs);
        while (said.step() == SQLITE_ROW)
            d.statements.append({said.int64(0), said.text(1), said.text(2)});
    }
    sql::Statement wait =
        m_db.prepare("SELECT id, updated_at, channel, text FROM replies WHERE state = 'in-review' "
                     "ORDER BY updated_at LIMIT 8");
    while (wait.isValid() && wait.step() == SQLITE_ROW)
        d.approvals.append({wait.int64(0), wait.int64(1), wait.text(2), wait.text(3)});
    return d;
}

} // namespace warroom
