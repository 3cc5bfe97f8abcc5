#include "baseline.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace warroom {

namespace {

double median(std::vector<double> &v) {
    if (v.empty())
        return 0;
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + mid, v.end());
    double m = v[mid];
    if (v.size() % 2 == 0) {
        const double lower = *std::max_element(v.begin(), v.begin() + mid);
        m = (m + lower) / 2;
    }
    return m;
}

} // namespace

QList<BaselinePoint> VolumeBaseline::compute(const QList<MinuteCount> &series, qint64 fromMinute,
                                             qint64 toMinute, const BaselineOptions &o) {
    QList<BaselinePoint> out;
    if (toMinute < fromMinute)
        return out;
    const int history = std::max(o.historyMinutes, 1);
    qint64 first = fromMinute;
    if (!series.isEmpty())
        first = std::min(first, series.first().minute);
    // Dense arrays from the first known minute (or the history start) to toMinute.
    const qint64 base = std::min(first, fromMinute - history);
    const size_t n = size_t(toMinute - base + 1);
    std::vector<int> total(n, 0), negative(n, 0), labelled(n, 0);
    for (const MinuteCount &c : series) {
        if (c.minute < base || c.minute > toMinute)
            continue;
        const size_t i = size_t(c.minute - base);
        total[i] += c.total;
        negative[i] += c.negative;
        labelled[i] += c.labelled;
    }
    // Prefix sums for the pooled negative share of the history window.
    std::vector<qint64> negSum(n + 1, 0), labSum(n + 1, 0);
    for (size_t i = 0; i < n; ++i) {
        negSum[i + 1] = negSum[i] + negative[i];
        labSum[i + 1] = labSum[i] + labelled[i];
    }
    const qint64 known = series.isEmpty() ? fromMinute : series.first().minute;
    std::vector<double> values;
    std::vector<double> deviations;
    for (qint64 t = fromMinute; t <= toMinute; ++t) {
        const size_t i = size_t(t - base);
        BaselinePoint p;
        p.minute = QDateTime::fromMSecsSinceEpoch(t * 60000, Qt::UTC);
        p.observed = total[i];
        p.negative = negative[i];
        p.labelled = labelled[i];
        p.negativeShare = p.labelled > 0 ? double(p.negative) / p.labelled : 0.0;
        const qint64 hStart = std::max(t - history, base);
        const qint64 available = t - std::max(hStart, known);
        p.enoughHistory = available >= o.minHistoryMinutes;
        values.clear();
        for (qint64 h = hStart; h < t; ++h)
            values.push_back(total[size_t(h - base)]);
        // Time-of-day seasonality: the same slot (+-15 min) on up to 7 previous days, once the
        // store holds at least 3 days before t.
        if (o.seasonal && t - 3 * 1440 >= known) {
            for (int d = 1; d <= 7; ++d) {
                const qint64 centre = t - qint64(d) * 1440;
                if (centre - 15 < base)
                    break;
                for (qint64 h = centre - 15; h <= centre + 15; ++h)
                    values.push_back(total[size_t(h - base)]);
            }
        }
        const double med = median(values);
        deviations.clear();
        for (double v : values)
            deviations.push_back(std::abs(v - med));
        const double mad = median(deviations);
        p.expected = med;
        p.sigma = std::max({1.4826 * mad, std::sqrt(std::max(med, 1.0)), o.minSigma});
        p.z = p.enoughHistory ? (p.observed - p.expected) / p.sigma : 0.0;
        const qint64 lab = labSum[i] - labSum[size_t(hStart - base)];
        p.expectedNegativeShare =
            lab > 0 ? double(negSum[i] - negSum[size_t(hStart - base)]) / double(lab) : 0.0;
        out.append(p);
    }
    return out;
}

bool BaselineQuery::minutes(qint64 fromMinute, qint64 toMinute, QList<MinuteCount> *out,
                            QString *error, const QString &source) const {
    out->clear();
    sql::Statement st = m_db.prepare(
        "SELECT minute, sum(n), sum(CASE WHEN sentiment = 'negative' THEN n ELSE 0 END), "
        "sum(CASE WHEN sentiment <> '' THEN n ELSE 0 END) FROM mention_minutes "
        "WHERE minute >= ?1 AND minute <= ?2 AND (?3 = '' OR source = ?3) "
        "GROUP BY minute ORDER BY minute",
        error);
    if (!st.isValid())
        return false;
    st.bind(1, fromMinute);
    st.bind(2, toMinute);
    st.bind(3, source.isNull() ? QStringLiteral("") : source);
    int rc;
    while ((rc = st.step()) == SQLITE_ROW)
        out->append({st.int64(0), int(st.int64(1)), int(st.int64(2)), int(st.int64(3))});
    if (rc != SQLITE_DONE) {
        if (error)
            *error = sql::describe(m_db.handle(), rc);
        return false;
    }
    return true;
}

qint64 BaselineQuery::latestMinute() const {
    return m_db.scalar("SELECT max(minute) FROM mention_minutes WHERE n > 0", 0);
}

bool BaselineQuery::baselineFor(const QDateTime &end, qint64 windowSeconds,
                                QList<BaselinePoint> *out, QString *error,
                                const BaselineOptions &options, const QString &source) const {
    out->clear();
    const qint64 toMinute = end.isValid() ? end.toMSecsSinceEpoch() / 60000 : latestMinute();
    if (toMinute <= 0)
        return true;
    const qint64 fromMinute = toMinute - std::max<qint64>(windowSeconds / 60, 1) + 1;
    // History: the trailing window, and 7 days for the seasonal slots.
    const qint64 historyStart =
        fromMinute - options.historyMinutes - (options.seasonal ? 7 * 1440 + 15 : 0);
    QList<MinuteCount> series;
    if (!minutes(historyStart, toMinute, &series, error, source))
        return false;
    // The first minute the store knows (so "enough history" is about data, not the query).
    if (!series.isEmpty() && series.first().minute > historyStart) {
        const qint64 firstEver = m_db.scalar("SELECT min(minute) FROM mention_minutes", 0);
        if (firstEver < series.first().minute)
            series.prepend({firstEver < historyStart ? historyStart : firstEver, 0, 0, 0});
    }
    *out = VolumeBaseline::compute(series, fromMinute, toMinute, options);
    return true;
}

} // namespace warroom
