#include "aggregatequeries.h"

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

QString compactNumber(qint64 n) {
    if (n < 0)
        return QStringLiteral("?");
    if (n >= 1000000)
        return QLocale().toString(double(n) / 1e6, 'f', 2) + u'M';
    if (n >= 10000)
        return QLocale().toString(double(n) / 1e3, 'f', 0) + u'k';
    return QLocale().toString(n);
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

void scoreInfluencer(InfluencerRow &row) {
    const int labelled = row.negative + row.neutral + row.positive;
    row.reach = std::min(1.0, std::log10(double(std::max<qint64>(row.followers, 0)) + 1) / 7.0);
    row.negativity = labelled > 0 ? double(row.negative) / labelled : 0.0;
    row.velocity = std::min(1.0, row.recent / 6.0);
    row.amplification = std::min(
        1.0, std::log10(1.0 + double(row.reposts + row.replies) + double(row.likes) / 5.0) / 4.5);
    if (row.stance == QLatin1String("against"))
        row.hostility = 1.0;
    else if (row.stance == QLatin1String("for"))
        row.hostility = 0.0;
    else if (row.stance == QLatin1String("neutral"))
        row.hostility = 0.25;
    else
        row.hostility = 0.5;
    row.flags = (row.journalist || row.opinionLeader) ? 1.0 : (row.verified ? 0.5 : 0.0);

    struct Part {
        const char *name;
        double value;
        double weight;
        QString why;
    };
    const QLocale l;
    const Part parts[] = {
        {"Reach", row.reach, 30, QObject::tr("%1 followers").arg(compactNumber(row.followers))},
        {"Negativity", row.negativity, 25,
         QObject::tr("%1 of %2 scored mentions negative").arg(row.negative).arg(labelled)},
        {"Velocity", row.velocity, 10,
         QObject::tr("%1 mention(s) in the last hour").arg(row.recent)},
        {"Amplification", row.amplification, 15,
         QObject::tr("%1 reposts, %2 replies, %3 likes")
             .arg(l.toString(row.reposts), l.toString(row.replies), l.toString(row.likes))},
        {"Stance", row.hostility, 10, QObject::tr("stance: %1").arg(row.stance)},
        {"Flags", row.flags, 10,
         row.journalist      ? QObject::tr("journalist")
         : row.opinionLeader ? QObject::tr("opinion leader")
         : row.verified      ? QObject::tr("verified")
                             : QObject::tr("no flag")},
    };
    double score = 0;
    QStringList lines;
    for (const Part &p : parts) {
        score += p.value * p.weight;
        lines << QStringLiteral("%1: %2 × %3 = %4 (%5)")
                     .arg(QLatin1String(p.name), l.toString(p.value, 'f', 2),
                          QString::number(int(p.weight)), l.toString(p.value * p.weight, 'f', 1),
                          p.why);
    }
    row.score = row.brand ? 0.0 : score;
    row.supporter =
        !row.brand && row.stance != QLatin1String("against") &&
        (row.stance == QLatin1String("for") ||
         (row.positive > row.negative && labelled > 0 && double(row.positive) / labelled >= 0.5));
    if (row.brand)
        lines.prepend(QObject::tr("Our own account: not ranked."));
    else
        lines.prepend(QObject::tr("Risk %1 of 100").arg(l.toString(row.score, 'f', 1)));
    row.explanation = lines.join(u'\n');
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
    events("SELECT m.created_at, m.author_handle, m.text FROM authors a JOIN mentions m "
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

QList<InfluencerRow> AggregateQueries::influencers(const InfluencerQuery &query) {
    QList<InfluencerRow> rows;
    sql::Statement st = m_db.prepare(R"sql(
SELECT g.source, g.handle, g.n, g.neg, g.neu, g.pos, g.recent, g.reposts, g.likes, g.replies,
       g.followers, g.name, a.display_name, a.followers, coalesce(a.stance, 'unknown'),
       coalesce(a.journalist, 0), coalesce(a.opinion_leader, 0), coalesce(a.verified, 0),
       coalesce(a.brand, 0), coalesce(a.watchlist, 0)
FROM (SELECT source, author_handle AS handle, count(*) AS n,
             sum(sentiment_label = 'negative') AS neg, sum(sentiment_label = 'neutral') AS neu,
             sum(sentiment_label = 'positive') AS pos, sum(created_at >= ?3) AS recent,
             sum(reposts) AS reposts, sum(likes) AS likes, sum(replies) AS replies,
             max(coalesce(author_followers, -1)) AS followers, max(author_name) AS name
      FROM mentions WHERE created_at >= ?1 AND created_at < ?2 AND author_handle <> ''
      GROUP BY source, author_handle) g
LEFT JOIN authors a ON a.source = g.source AND a.handle = g.handle)sql");
    if (!st.isValid())
        return rows;
    st.bind(1, query.fromMs);
    st.bind(2, query.toMs);
    st.bind(3, query.toMs - 60 * kMinute);
    QSet<QString> seen;
    while (st.step() == SQLITE_ROW) {
        InfluencerRow r;
        r.source = st.text(0);
        r.handle = st.text(1);
        r.mentions = int(st.int64(2));
        r.negative = int(st.int64(3));
        r.neutral = int(st.int64(4));
        r.positive = int(st.int64(5));
        r.recent = int(st.int64(6));
        r.reposts = st.int64(7);
        r.likes = st.int64(8);
        r.replies = st.int64(9);
        r.followers = st.isNull(13) ? st.int64(10) : std::max(st.int64(13), st.int64(10));
        r.displayName = st.isNull(12) ? st.text(11) : st.text(12);
        r.stance = st.text(14);
        r.journalist = st.int64(15) != 0;
        r.opinionLeader = st.int64(16) != 0;
        r.verified = st.int64(17) != 0;
        r.brand = st.int64(18) != 0;
        r.watchlist = st.int64(19) != 0;
        scoreInfluencer(r);
        seen.insert(r.source + u'\n' + r.handle);
        rows.append(std::move(r));
    }
    // The watchlist persists across crises: its accounts are listed even when quiet.
    sql::Statement w = m_db.prepare("SELECT source, handle, display_name, coalesce(followers, -1), "
                                    "stance, journalist, opinion_leader, verified, brand "
                                    "FROM authors WHERE watchlist = 1");
    while (w.isValid() && w.step() == SQLITE_ROW) {
        if (seen.contains(w.text(0) + u'\n' + w.text(1)))
            continue;
        InfluencerRow r;
        r.source = w.text(0);
        r.handle = w.text(1);
        r.displayName = w.text(2);
        r.followers = w.int64(3);
        r.stance = w.text(4);
        r.journalist = w.int64(5) != 0;
        r.opinionLeader = w.int64(6) != 0;
        r.verified = w.int64(7) != 0;
        r.brand = w.int64(8) != 0;
        r.watchlist = true;
        scoreInfluencer(r);
        rows.append(std::move(r));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const InfluencerRow &a, const InfluencerRow &b) {
        if (a.score != b.score)
            return a.score > b.score;
        return a.handle < b.handle;
    });
    if (query.limit > 0 && rows.size() > query.limit) {
        // Keep the watchlist and the supporters even beyond the limit.
        QList<InfluencerRow> kept = rows.mid(0, query.limit);
        for (qsizetype i = query.limit; i < rows.size(); ++i)
            if (rows.at(i).watchlist || rows.at(i).supporter)
                kept.append(rows.at(i));
        rows = std::move(kept);
    }
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
    SELECT m.created_at, '@' || m.author_handle, m.text FROM authors a JOIN mentions m
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
