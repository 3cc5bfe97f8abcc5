#include "riskscorer.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace warroom {

// THE RISK FORMULA (points out of 100; weights in RiskScorer::Weights, default in brackets).
// Every component is a value in [0, 1]; score = sum(weight * value), then x0.1 for the brand's
// own accounts (they are not a threat to the brand; they stay in the list, at the bottom).
//  reach [25]         (log10(1 + followers) - 2) / 4.5, clamped: 100 followers -> 0,
//                     10k -> 0.44, 146k -> 0.70, 1.24M -> 0.91, 3.2M+ -> 1. Unknown -> 0.
//  amplification [20] log10(1 + reposts of the author's posts in the window) / 4, clamped
//                     (10k reposts -> 1): how far their words travel beyond their followers.
//  velocity [15]      log(1 + posts per hour in the window) / log(1 + 10), clamped (10/h -> 1).
//  negativity [15]    negative share of their labelled posts x (0.5 + 0.5 x mean intensity of
//                     the negative ones, |score|). Unknown-sentiment posts are left out.
//  stance [10]        against 1, unknown 0.4, neutral 0.25, for 0 (analyst stance wins).
//  flags [10]         max of journalist 1, watchlist 1, opinion leader 0.8, verified 0.5.
//  recency [5]        exp(-(window end - last post) / (window / 4)).
// The explanation names the facts behind the largest components, largest first.
namespace {

double clamp01(double v) {
    return std::isfinite(v) ? std::clamp(v, 0.0, 1.0) : 0.0;
}

QString compactNumber(qint64 n) {
    if (n >= 1000000)
        return QString::number(n / 1e6, 'f', n >= 10000000 ? 0 : 1) + u'M';
    if (n >= 10000)
        return QString::number(n / 1000) + u'k';
    if (n >= 1000)
        return QString::number(n / 1e3, 'f', 1) + u'k';
    return QString::number(n);
}

QString ageText(qint64 seconds) {
    if (seconds < 90)
        return QStringLiteral("just now");
    if (seconds < 5400)
        return QStringLiteral("%1 min ago").arg(seconds / 60);
    return QStringLiteral("%1 h ago").arg(QString::number(seconds / 3600.0, 'f', 1));
}

} // namespace

RiskAssessment RiskScorer::score(const AuthorWindowStats &s, const QDateTime &windowEnd,
                                 qint64 windowSeconds) const {
    RiskAssessment a;
    a.author = s;
    const double hours = std::max<double>(windowSeconds, 60) / 3600.0;
    const double reach =
        s.followers > 0 ? clamp01((std::log10(1.0 + double(s.followers)) - 2.0) / 4.5) : 0.0;
    const double amplification =
        clamp01(std::log10(1.0 + double(std::max<qint64>(s.reposts, 0))) / 4.0);
    const double perHour = s.posts / hours;
    const double velocity = clamp01(std::log1p(perHour) / std::log1p(10.0));
    const int labelled = s.negative + s.neutral + s.positive;
    const double negativeShare = labelled > 0 ? double(s.negative) / labelled : 0.0;
    const double negativity = clamp01(negativeShare * (0.5 + 0.5 * clamp01(s.negativeIntensity)));
    double stance = 0.4;
    switch (s.stance) {
    case Stance::Against:
        stance = 1.0;
        break;
    case Stance::Neutral:
        stance = 0.25;
        break;
    case Stance::For:
        stance = 0.0;
        break;
    case Stance::Unknown:
        break;
    }
    double flags = 0;
    if (s.flags.journalist || s.flags.watchlist)
        flags = 1.0;
    else if (s.flags.opinionLeader)
        flags = 0.8;
    else if (s.flags.verified)
        flags = 0.5;
    qint64 age = windowSeconds;
    if (s.lastPost.isValid() && windowEnd.isValid())
        age = std::max<qint64>(0, s.lastPost.secsTo(windowEnd));
    const double recency =
        clamp01(std::exp(-double(age) / (std::max<qint64>(windowSeconds, 60) / 4.0)));

    const Weights &w = m_weights;
    a.components = {{QStringLiteral("reach"), reach, w.reach},
                    {QStringLiteral("amplification"), amplification, w.amplification},
                    {QStringLiteral("velocity"), velocity, w.velocity},
                    {QStringLiteral("negativity"), negativity, w.negativity},
                    {QStringLiteral("stance"), stance, w.stance},
                    {QStringLiteral("flags"), flags, w.flags},
                    {QStringLiteral("recency"), recency, w.recency}};
    double total = 0;
    for (const RiskComponent &c : a.components)
        total += c.points();
    if (s.flags.brand)
        total *= 0.1;
    a.score = std::clamp(total, 0.0, 100.0);

    // Explanation: the facts behind the components, largest contribution first.
    QList<std::pair<double, QString>> facts;
    if (s.followers >= 0)
        facts.append({reach * w.reach, compactNumber(s.followers) + QStringLiteral(" followers")});
    if (s.reposts > 0)
        facts.append({amplification * w.amplification,
                      compactNumber(s.reposts) + QStringLiteral(" reposts")});
    facts.append({velocity * w.velocity,
                  QStringLiteral("%1 posts in %2 h").arg(s.posts).arg(hours, 0, 'g', 3)});
    if (labelled > 0)
        facts.append({negativity * w.negativity,
                      QStringLiteral("%1% negative").arg(qRound(negativeShare * 100))});
    if (s.stance != Stance::Unknown)
        facts.append({stance * w.stance,
                      stanceName(s.stance) +
                          (s.stanceByAnalyst ? QStringLiteral(" (analyst)") : QString())});
    QStringList flagNames;
    if (s.flags.journalist)
        flagNames << QStringLiteral("journalist");
    if (s.flags.opinionLeader)
        flagNames << QStringLiteral("opinion leader");
    if (s.flags.verified)
        flagNames << QStringLiteral("verified");
    if (s.flags.watchlist)
        flagNames << QStringLiteral("on watchlist");
    if (!flagNames.isEmpty())
        facts.append({flags * w.flags, flagNames.join(u", ")});
    if (s.lastPost.isValid())
        facts.append({recency * w.recency, QStringLiteral("last post ") + ageText(age)});
    std::stable_sort(facts.begin(), facts.end(),
                     [](const auto &x, const auto &y) { return x.first > y.first; });
    QStringList parts;
    if (s.flags.brand)
        parts << QStringLiteral("brand account (x0.1)");
    for (const auto &f : facts)
        parts << f.second;
    a.explanation = parts.join(QStringLiteral("; "));
    return a;
}

namespace {

constexpr const char *kRankingSql = R"sql(
SELECT m.source, m.author_handle, count(*), sum(m.reposts), sum(m.likes),
       sum(m.sentiment_label = 'negative'), sum(m.sentiment_label = 'neutral'),
       sum(m.sentiment_label = 'positive'),
       avg(CASE WHEN m.sentiment_label = 'negative' THEN abs(m.sentiment_score) END),
       max(m.created_at), max(m.author_followers),
       a.display_name, a.followers, a.stance, a.stance_by_analyst, a.journalist,
       a.opinion_leader, a.verified, a.brand, a.watchlist, a.mention_count
FROM mentions m
LEFT JOIN authors a ON a.source = m.source AND a.handle = m.author_handle
WHERE m.created_at >= ?1 AND m.created_at < ?2 AND m.deleted = 0 AND m.author_handle <> ''
  AND (?3 = '' OR m.source = ?3)
GROUP BY m.source, m.author_handle
HAVING count(*) >= ?4
)sql";

} // namespace

bool RankingQuery::run(const RankingOptions &o, Ranking *out, QString *error) const {
    *out = Ranking();
    if (!m_db.isOpen()) {
        if (error)
            *error = QStringLiteral("the store is not open");
        return false;
    }
    const qint64 windowSeconds = std::max<qint64>(o.windowSeconds, 60);
    qint64 endMs = 0;
    if (o.end.isValid()) {
        endMs = o.end.toMSecsSinceEpoch();
    } else {
        sql::Statement latest =
            m_db.prepare("SELECT max(created_at) FROM mentions WHERE deleted = 0", error);
        if (!latest.isValid())
            return false;
        if (latest.step() == SQLITE_ROW && !latest.isNull(0))
            endMs = latest.int64(0);
        else
            endMs = QDateTime::currentMSecsSinceEpoch();
    }
    const qint64 startMs = endMs - windowSeconds * 1000;
    out->windowStart = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
    out->windowEnd = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC);

    sql::Statement st = m_db.prepare(kRankingSql, error);
    if (!st.isValid())
        return false;
    st.bind(1, startMs);
    st.bind(2, endMs + 1); // the window includes the newest mention
    st.bind(3, o.source.isNull() ? QStringLiteral("") : o.source);
    st.bind(4, std::max(o.minPosts, 1));
    const RiskScorer scorer;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        AuthorWindowStats s;
        s.source = st.text(0);
        s.handle = st.text(1);
        s.posts = int(st.int64(2));
        s.reposts = st.int64(3);
        s.likes = st.int64(4);
        s.negative = int(st.int64(5));
        s.neutral = int(st.int64(6));
        s.positive = int(st.int64(7));
        s.negativeIntensity = st.isNull(8) ? 0.0 : st.real(8);
        s.lastPost = QDateTime::fromMSecsSinceEpoch(st.int64(9), Qt::UTC);
        s.displayName = st.text(11);
        s.followers = !st.isNull(12) ? st.int64(12) : !st.isNull(10) ? st.int64(10) : -1;
        bool ok = false;
        const Stance stored = st.isNull(13) ? Stance::Unknown : stanceFromName(st.text(13), &ok);
        s.stanceByAnalyst = st.int64(14) != 0;
        // The analyst's stance wins; then the one the stance job stored; then the window's own.
        s.stance = s.stanceByAnalyst || stored != Stance::Unknown
                       ? stored
                       : o.stanceRule.infer(s.negative, s.neutral, s.positive);
        s.flags.journalist = st.int64(15) != 0;
        s.flags.opinionLeader = st.int64(16) != 0;
        s.flags.verified = st.int64(17) != 0;
        s.flags.brand = st.int64(18) != 0;
        s.flags.watchlist = st.int64(19) != 0;
        s.totalMentions = st.int64(20);
        out->authors.append(scorer.score(s, out->windowEnd, windowSeconds));
    }
    if (rc != SQLITE_DONE) {
        if (error)
            *error = sql::describe(m_db.handle(), rc);
        return false;
    }
    std::stable_sort(out->authors.begin(), out->authors.end(),
                     [](const RiskAssessment &a, const RiskAssessment &b) {
                         if (a.score != b.score)
                             return a.score > b.score;
                         return a.author.handle < b.author.handle;
                     });
    if (o.limit > 0 && out->authors.size() > o.limit)
        out->authors.resize(o.limit);
    return true;
}

qint64 parseDuration(QStringView text) {
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*([smhd]?)\\s*$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = re.match(text.toString());
    if (!m.hasMatch())
        return 0;
    const double v = m.captured(1).toDouble();
    const QString unit = m.captured(2).toLower();
    const double factor = unit == u"m" ? 60 : unit == u"h" ? 3600 : unit == u"d" ? 86400 : 1;
    return qint64(v * factor);
}

} // namespace warroom
