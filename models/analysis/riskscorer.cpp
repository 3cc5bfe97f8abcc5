#include "riskscorer.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

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
                                 qint64 windowSeconds, bool withExplanation) const {
    RiskAssessment a;
    a.author = s;
    a.windowEnd = windowEnd;
    a.windowStart = windowEnd.isValid() ? windowEnd.addSecs(-windowSeconds) : QDateTime();
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
    if (withExplanation)
        explain(a, windowSeconds);
    return a;
}

bool isSupporter(const AuthorWindowStats &s) {
    const int labelled = s.negative + s.neutral + s.positive;
    return !s.flags.brand && s.stance != Stance::Against &&
           (s.stance == Stance::For ||
            (labelled > 0 && s.positive > s.negative && double(s.positive) / labelled >= 0.5));
}

void RiskScorer::explain(RiskAssessment &a, qint64 windowSeconds) const {
    // The facts behind the components, largest contribution first.
    if (a.components.size() != 7)
        return;
    const AuthorWindowStats &s = a.author;
    const auto points = [&](int i) {
        return a.components.at(i).points();
    };
    const double hours = std::max<double>(windowSeconds, 60) / 3600.0;
    const int labelled = s.negative + s.neutral + s.positive;
    const double negativeShare = labelled > 0 ? double(s.negative) / labelled : 0.0;
    qint64 age = windowSeconds;
    if (s.lastPost.isValid() && a.windowEnd.isValid())
        age = std::max<qint64>(0, s.lastPost.secsTo(a.windowEnd));
    QList<std::pair<double, QString>> facts;
    if (s.followers >= 0)
        facts.append({points(0), compactNumber(s.followers) + QStringLiteral(" followers")});
    if (s.reposts > 0)
        facts.append({points(1), compactNumber(s.reposts) + QStringLiteral(" reposts")});
    facts.append(
        {points(2), QStringLiteral("%1 posts in %2 h").arg(s.posts).arg(hours, 0, 'g', 3)});
    if (labelled > 0)
        facts.append({points(3), QStringLiteral("%1% negative").arg(qRound(negativeShare * 100))});
    if (s.stance != Stance::Unknown)
        facts.append(
            {points(4), stanceName(s.stance) +
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
        facts.append({points(5), flagNames.join(u", ")});
    if (s.lastPost.isValid())
        facts.append({points(6), QStringLiteral("last post ") + ageText(age)});
    std::stable_sort(facts.begin(), facts.end(),
                     [](const auto &x, const auto &y) { return x.first > y.first; });
    QStringList parts;
    if (s.flags.brand)
        parts << QStringLiteral("brand account (x0.1)");
    for (const auto &f : facts)
        parts << f.second;
    a.explanation = parts.join(QStringLiteral("; "));
}

namespace {

constexpr qint64 kHourMs = 3600000;

// One author's posts in (part of) the window.
struct Counts {
    qint64 posts = 0;
    qint64 negative = 0;
    qint64 neutral = 0;
    qint64 positive = 0;
    double negIntensity = 0; // sum of |score| of the negative posts
    qint64 reposts = 0;
    qint64 likes = 0;
    qint64 lastPost = 0;
    // Adds (sign 1) or subtracts (sign -1, raw rows before the window start inside a whole
    // hour taken from author_hours). Subtracting never touches lastPost: when the author keeps
    // posts in that hour, its newest one is inside the window.
    void add(const Counts &o, int sign) {
        posts += sign * o.posts;
        negative += sign * o.negative;
        neutral += sign * o.neutral;
        positive += sign * o.positive;
        negIntensity += sign * o.negIntensity;
        reposts += sign * o.reposts;
        likes += sign * o.likes;
        if (sign > 0)
            lastPost = std::max(lastPost, o.lastPost);
    }
};

// Columns `first`.. of a row from kCellSums / kRawSums.
Counts countsAt(const sql::Statement &st, int first) {
    Counts c;
    c.posts = st.int64(first);
    c.negative = st.int64(first + 1);
    c.neutral = st.int64(first + 2);
    c.positive = st.int64(first + 3);
    c.negIntensity = st.real(first + 4);
    c.reposts = st.int64(first + 5);
    c.likes = st.int64(first + 6);
    c.lastPost = st.int64(first + 7);
    return c;
}

// The window's counts per author id. Author ids are the authors table's rowids (dense, from 1):
// a slot table by id (4 bytes an author) finds an author's counts without hashing, which was a
// tenth of a 10M-mention ranking.
class WindowCounts {
public:
    explicit WindowCounts(qint64 maxId) { m_slot.resize(size_t(std::max<qint64>(maxId, 0)) + 1); }
    Counts &operator[](qint64 id) {
        const size_t i = size_t(std::max<qint64>(id, 0));
        if (i >= m_slot.size())
            m_slot.resize(i + 1);
        quint32 &slot = m_slot[i];
        if (slot == 0) {
            m_counts.emplace_back();
            m_ids.push_back(id);
            slot = quint32(m_counts.size());
        }
        return m_counts[slot - 1];
    }
    [[nodiscard]] const Counts *find(qint64 id) const {
        const size_t i = size_t(std::max<qint64>(id, 0));
        return i < m_slot.size() && m_slot[i] != 0 ? &m_counts[m_slot[i] - 1] : nullptr;
    }
    [[nodiscard]] size_t size() const { return m_counts.size(); }
    [[nodiscard]] qint64 idAt(size_t k) const { return m_ids[k]; }
    [[nodiscard]] const Counts &countsAt(size_t k) const { return m_counts[k]; }

private:
    std::vector<quint32> m_slot; // id -> 1 + index in m_counts, 0: none
    std::vector<Counts> m_counts;
    std::vector<qint64> m_ids;
};

#define WARROOM_CELL_SUMS                                                                          \
    "sum(h.posts), sum(h.negative), sum(h.neutral), sum(h.positive), total(h.neg_intensity), "     \
    "sum(h.reposts), sum(h.likes), max(h.last_post)"
#define WARROOM_RAW_SUMS                                                                           \
    "count(*), sum(m.sentiment_label = 'negative'), sum(m.sentiment_label = 'neutral'), "          \
    "sum(m.sentiment_label = 'positive'), "                                                        \
    "total(CASE WHEN m.sentiment_label = 'negative' THEN abs(m.sentiment_score) END), "            \
    "sum(m.reposts), sum(m.likes), max(m.created_at)"

// Every author of the window: whole hours, raw edges.
// (Summed per author in C++: a GROUP BY would sort the rows first.)
constexpr const char *kCellsOfWindow =
    "SELECT h.author_id, h.posts, h.negative, h.neutral, h.positive, h.neg_intensity, h.reposts, "
    "h.likes, h.last_post FROM author_hours h WHERE h.hour >= ?1 AND h.hour <= ?2";
constexpr const char *kRawByAuthor =
    "SELECT a.id, " WARROOM_RAW_SUMS " FROM mentions m JOIN authors a ON a.source = m.source AND "
    "a.handle = m.author_handle WHERE m.created_at >= ?1 AND m.created_at < ?2 AND m.deleted = 0 "
    "AND m.author_handle <> '' GROUP BY a.id";
// One author (assess()).
// (author_hours has no index by author: one primary-key lookup per hour of the window.)
constexpr const char *kCellsOfAuthor = "SELECT " WARROOM_CELL_SUMS " FROM author_hours h"
                                       " WHERE h.hour = ?2 AND h.author_id = ?1";
constexpr const char *kRawOfAuthor =
    "SELECT " WARROOM_RAW_SUMS " FROM mentions m WHERE m.source = ?1 AND m.author_handle = ?2 "
    "AND m.created_at >= ?3 AND m.created_at < ?4 AND m.deleted = 0";
#undef WARROOM_CELL_SUMS
#undef WARROOM_RAW_SUMS

// What the score needs of an author, as numbers (stance as the Stance enum); no row when the
// author is of another source than ?2 (when given).
#define WARROOM_AUTHOR_NUMBERS                                                                     \
    "SELECT followers, CASE stance WHEN 'against' THEN 1 WHEN 'neutral' THEN 2 WHEN 'for' THEN 3 " \
    "ELSE 0 END, stance_by_analyst, journalist, opinion_leader, verified, brand, watchlist, "      \
    "mention_count, id, coalesce(display_name, '') FROM authors "
constexpr const char *kAuthorNumbers =
    WARROOM_AUTHOR_NUMBERS "WHERE id = ?1 AND (?2 = '' OR source = ?2)";
// When the window holds a good share of all authors, one pass over the table beats a lookup each.
constexpr const char *kAllAuthorNumbers = WARROOM_AUTHOR_NUMBERS "WHERE (?1 = '' OR source = ?1)";
constexpr const char *kAuthorNumbersByKey =
    WARROOM_AUTHOR_NUMBERS "WHERE source = ?1 AND handle = ?2";
#undef WARROOM_AUTHOR_NUMBERS
static_assert(int(Stance::Against) == 1 && int(Stance::Neutral) == 2 && int(Stance::For) == 3);

// How the window [start, endExcl) is read (see RankingQuery in riskscorer.h).
struct WindowPlan {
    qint64 hourFrom = 1; // author_hours rows hourFrom..hourTo (none when from > to)
    qint64 hourTo = 0;
    struct Raw {
        qint64 from;
        qint64 to;
        int sign;
    };
    QList<Raw> raw;
};

qint64 floorDiv(qint64 a, qint64 b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool planWindow(sql::Connection &db, qint64 start, qint64 endExcl, WindowPlan *plan,
                QString *error) {
    *plan = WindowPlan();
    const qint64 h0 = floorDiv(start, kHourMs);
    const qint64 h1 = floorDiv(endExcl - 1, kHourMs);
    if (h0 >= h1 || start < 0) {
        plan->raw.append({start, endExcl, 1});
        return true;
    }
    plan->hourFrom = h0;
    plan->hourTo = h1;
    const qint64 offset = start - h0 * kHourMs;
    if (offset > 0) {
        if (offset <= kHourMs / 2) {
            plan->raw.append({h0 * kHourMs, start, -1});
        } else {
            plan->hourFrom = h0 + 1;
            plan->raw.append({start, (h0 + 1) * kHourMs, 1});
        }
    }
    const qint64 h1End = (h1 + 1) * kHourMs;
    if (endExcl < h1End) {
        // Live posts after the end in its hour? (None for the default end, the newest mention.)
        sql::Statement later = db.prepare(
            "SELECT EXISTS (SELECT 1 FROM mentions WHERE created_at >= ?1 AND created_at < ?2 "
            "AND deleted = 0 AND author_handle <> '')",
            error);
        if (!later.isValid())
            return false;
        later.bind(1, endExcl);
        later.bind(2, h1End);
        if (later.step() != SQLITE_ROW) {
            if (error)
                *error = db.lastError();
            return false;
        }
        if (later.int64(0) != 0) {
            plan->hourTo = h1 - 1;
            plan->raw.append({h1 * kHourMs, endExcl, 1});
        }
    }
    return true;
}

bool stepAll(sql::Connection &db, sql::Statement &st, const std::function<void()> &row,
             QString *error) {
    int rc;
    while ((rc = st.step()) == SQLITE_ROW)
        row();
    st.reset();
    if (rc == SQLITE_DONE)
        return true;
    if (error)
        *error = sql::describe(db.handle(), rc);
    return false;
}

// kAuthorNumbers' row and the window's counts -> the scorer's input, without the texts
// (textsOf() adds them).
AuthorWindowStats numbersOf(const sql::Statement &a, const Counts &c, const StanceRule &rule) {
    AuthorWindowStats s;
    s.followers = a.isNull(0) ? -1 : a.int64(0);
    s.posts = int(c.posts);
    s.reposts = c.reposts;
    s.likes = c.likes;
    s.negative = int(c.negative);
    s.neutral = int(c.neutral);
    s.positive = int(c.positive);
    s.negativeIntensity = c.negative > 0 ? std::max(0.0, c.negIntensity) / double(c.negative) : 0.0;
    s.lastPost = QDateTime::fromMSecsSinceEpoch(c.lastPost, Qt::UTC);
    const Stance stored = static_cast<Stance>(a.int64(1));
    s.stanceByAnalyst = a.int64(2) != 0;
    s.stance = s.stanceByAnalyst || stored != Stance::Unknown
                   ? stored
                   : rule.infer(s.negative, s.neutral, s.positive);
    s.flags.journalist = a.int64(3) != 0;
    s.flags.opinionLeader = a.int64(4) != 0;
    s.flags.verified = a.int64(5) != 0;
    s.flags.brand = a.int64(6) != 0;
    s.flags.watchlist = a.int64(7) != 0;
    s.totalMentions = a.int64(8);
    return s;
}

constexpr const char *kAuthorTexts =
    "SELECT source, handle, coalesce(display_name, '') FROM authors WHERE id = ?1";

void textsOf(sql::Statement &texts, qint64 id, AuthorWindowStats *s) {
    texts.bind(1, id);
    if (texts.step() == SQLITE_ROW) {
        s->source = texts.text(0);
        s->handle = texts.text(1);
        s->displayName = texts.text(2);
    }
    texts.reset();
}

// One read transaction around a ranking's queries (unless the caller has one open): one consistent
// snapshot, and no lock round trip per statement (thousands of author lookups).
class ReadTransaction {
public:
    explicit ReadTransaction(sql::Connection &db)
        : m_db(db)
        , m_own(sqlite3_get_autocommit(db.handle()) != 0 && db.exec("BEGIN")) {}
    ~ReadTransaction() {
        if (m_own)
            m_db.exec("COMMIT");
    }
    ReadTransaction(const ReadTransaction &) = delete;
    ReadTransaction &operator=(const ReadTransaction &) = delete;

private:
    sql::Connection &m_db;
    bool m_own;
};

void sortByScore(QList<RiskAssessment> &list) {
    std::stable_sort(list.begin(), list.end(),
                     [](const RiskAssessment &a, const RiskAssessment &b) {
                         if (a.score != b.score)
                             return a.score > b.score;
                         if (a.author.handle != b.author.handle)
                             return a.author.handle < b.author.handle;
                         return a.author.source < b.author.source;
                     });
}

// The window [start, end] of a ranking (end: the newest live mention unless given) and how it is
// read.
bool openWindow(sql::Connection &db, const RankingOptions &o, Ranking *out, qint64 *startMs,
                WindowPlan *plan, QString *error) {
    *out = Ranking();
    qint64 endMs = 0;
    if (!db.isOpen()) {
        if (error)
            *error = QStringLiteral("the store is not open");
        return false;
    }
    const qint64 windowSeconds = std::max<qint64>(o.windowSeconds, 60);
    if (o.end.isValid()) {
        endMs = o.end.toMSecsSinceEpoch();
    } else {
        sql::Statement latest =
            db.prepare("SELECT max(created_at) FROM mentions WHERE deleted = 0", error);
        if (!latest.isValid())
            return false;
        if (latest.step() == SQLITE_ROW && !latest.isNull(0))
            endMs = latest.int64(0);
        else
            endMs = QDateTime::currentMSecsSinceEpoch();
    }
    *startMs = endMs - windowSeconds * 1000;
    out->windowStart = QDateTime::fromMSecsSinceEpoch(*startMs, Qt::UTC);
    out->windowEnd = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC);
    // The window includes the newest mention: [start, end + 1).
    return planWindow(db, *startMs, endMs + 1, plan, error);
}

} // namespace

bool RankingQuery::run(const RankingOptions &o, Ranking *out, QString *error) const {
    const ReadTransaction snapshot(m_db);
    qint64 startMs = 0;
    WindowPlan plan;
    if (!openWindow(m_db, o, out, &startMs, &plan, error))
        return false;

    const qint64 maxAuthorId = m_db.scalar("SELECT max(id) FROM authors", 0);
    WindowCounts byAuthor(maxAuthorId);
    if (plan.hourFrom <= plan.hourTo) {
        sql::Statement cells = m_db.prepare(kCellsOfWindow, error);
        if (!cells.isValid())
            return false;
        cells.bind(1, plan.hourFrom);
        cells.bind(2, plan.hourTo);
        if (!stepAll(
                m_db, cells, [&] { byAuthor[cells.int64(0)].add(countsAt(cells, 1), 1); }, error))
            return false;
    }
    for (const WindowPlan::Raw &part : plan.raw) {
        sql::Statement raw = m_db.prepare(kRawByAuthor, error);
        if (!raw.isValid())
            return false;
        raw.bind(1, part.from);
        raw.bind(2, part.to);
        if (!stepAll(
                m_db, raw, [&] { byAuthor[raw.int64(0)].add(countsAt(raw, 1), part.sign); }, error))
            return false;
    }

    // Every author of the window is scored from numbers into a compact entry (at 10M mentions a
    // window holds hundreds of thousands of authors); only those that make the list are scored
    // again in full, with their texts (handle, name) and an explanation.
    const QString source = o.source.isNull() ? QStringLiteral("") : o.source;
    const bool scan = qint64(byAuthor.size()) * 8 > maxAuthorId;
    sql::Statement numbers = m_db.prepare(scan ? kAllAuthorNumbers : kAuthorNumbers, error);
    sql::Statement byId = m_db.prepare(kAuthorNumbers, error);
    sql::Statement texts = m_db.prepare(kAuthorTexts, error);
    if (!numbers.isValid() || !byId.isValid() || !texts.isValid())
        return false;
    const qint64 windowSeconds = std::max<qint64>(o.windowSeconds, 60);
    const int minPosts = std::max(o.minPosts, 1);
    const RiskScorer scorer;
    struct Entry {
        qint64 id;
        double score;
        bool watchlist;
        bool supporter;
    };
    std::vector<Entry> scored;
    scored.reserve(size_t(byAuthor.size()));
    auto score = [&](const Counts &counts) {
        const AuthorWindowStats stats = numbersOf(numbers, counts, o.stanceRule);
        scored.push_back({numbers.int64(9),
                          scorer.score(stats, out->windowEnd, windowSeconds, false).score,
                          stats.flags.watchlist, isSupporter(stats)});
    };
    if (scan) {
        numbers.bind(1, source);
        const bool ok = stepAll(
            m_db, numbers,
            [&] {
                const Counts *c = byAuthor.find(numbers.int64(9));
                if (c && c->posts >= minPosts)
                    score(*c);
            },
            error);
        if (!ok)
            return false;
    } else {
        for (size_t k = 0; k < byAuthor.size(); ++k) {
            const Counts &counts = byAuthor.countsAt(k);
            if (counts.posts < minPosts)
                continue;
            numbers.bind(1, byAuthor.idAt(k));
            numbers.bind(2, source);
            const int rc = numbers.step();
            if (rc == SQLITE_ROW)
                score(counts);
            numbers.reset();
            if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
                if (error)
                    *error = sql::describe(m_db.handle(), rc);
                return false;
            }
        }
    }
    // The n-th best score among `entries` passing `want`: below it an entry cannot make the list
    // (ties at it are kept, the handle decides between them). -1 keeps all.
    auto threshold = [&scored](int n, auto want) {
        std::vector<double> scores;
        for (const Entry &e : scored)
            if (want(e))
                scores.push_back(e.score);
        if (n <= 0 || scores.size() <= size_t(n))
            return -1.0;
        std::nth_element(scores.begin(), scores.begin() + (n - 1), scores.end(), std::greater<>());
        return scores[size_t(n - 1)];
    };
    const double topScore = threshold(o.limit, [](const Entry &) { return true; });
    const double supporterScore =
        o.supporters > 0 ? threshold(o.supporters, [](const Entry &e) { return e.supporter; })
                         : 101.0;
    QList<RiskAssessment> top, extra;
    for (const Entry &e : scored) {
        const bool inTop = e.score >= topScore;
        if (!inTop && !(o.keepWatchlist && e.watchlist) &&
            !(e.supporter && e.score >= supporterScore))
            continue;
        byId.bind(1, e.id);
        byId.bind(2, source);
        if (byId.step() == SQLITE_ROW) {
            RiskAssessment a = scorer.score(numbersOf(byId, *byAuthor.find(e.id), o.stanceRule),
                                            out->windowEnd, windowSeconds, false);
            textsOf(texts, e.id, &a.author);
            (inTop ? top : extra).append(std::move(a));
        }
        byId.reset();
    }
    sortByScore(top);
    if (o.limit > 0 && top.size() > o.limit) {
        // Ties at the threshold beyond the limit: still a watchlist account or a supporter?
        for (qsizetype i = o.limit; i < top.size(); ++i) {
            const RiskAssessment &a = top.at(i);
            if ((o.keepWatchlist && a.author.flags.watchlist) ||
                (o.supporters > 0 && isSupporter(a.author) && a.score >= supporterScore))
                extra.append(a);
        }
        top.resize(o.limit);
    }
    out->authors = std::move(top);
    if (!extra.isEmpty()) {
        sortByScore(extra);
        out->authors += extra;
    }
    // Explained once the list is cut: the text is most of the scoring's cost.
    for (RiskAssessment &a : out->authors)
        scorer.explain(a, windowSeconds);
    return true;
}

bool RankingQuery::assess(const QList<QPair<QString, QString>> &authors, const RankingOptions &o,
                          Ranking *out, QString *error, bool withExplanation) const {
    const ReadTransaction snapshot(m_db);
    qint64 startMs = 0;
    WindowPlan plan;
    if (!openWindow(m_db, o, out, &startMs, &plan, error))
        return false;
    if (plan.hourTo - plan.hourFrom > 24 * 7) {
        // Weeks: the author's raw rows by index (source, handle, created_at) are cheaper.
        plan = WindowPlan();
        plan.raw.append({startMs, out->windowEnd.toMSecsSinceEpoch() + 1, 1});
    }
    sql::Statement author = m_db.prepare(kAuthorNumbersByKey, error);
    sql::Statement cells = m_db.prepare(kCellsOfAuthor, error);
    sql::Statement raw = m_db.prepare(kRawOfAuthor, error);
    if (!author.isValid() || !cells.isValid() || !raw.isValid())
        return false;
    const qint64 windowSeconds = std::max<qint64>(o.windowSeconds, 60);
    const RiskScorer scorer;
    QSet<QPair<QString, QString>> seen;
    for (const auto &key : authors) {
        if (key.second.isEmpty() || seen.contains(key) ||
            (!o.source.isEmpty() && key.first != o.source))
            continue;
        seen.insert(key);
        author.bind(1, key.first);
        author.bind(2, key.second);
        int rc = author.step();
        if (rc != SQLITE_ROW) {
            author.reset();
            if (rc == SQLITE_DONE)
                continue; // not in the store
            if (error)
                *error = sql::describe(m_db.handle(), rc);
            return false;
        }
        Counts c;
        bool ok = true;
        // Most authors have posted a few times in all: their rows in the window, by index, are
        // fewer than an author_hours lookup per hour.
        const bool few = author.int64(8) <= 32;
        const WindowPlan whole{1, 0, {{startMs, out->windowEnd.toMSecsSinceEpoch() + 1, 1}}};
        const WindowPlan &read = few ? whole : plan;
        for (qint64 h = read.hourFrom; ok && h <= read.hourTo; ++h) {
            cells.bind(1, author.int64(9));
            cells.bind(2, h);
            ok = stepAll(
                m_db, cells,
                [&] {
                    if (!cells.isNull(0))
                        c.add(countsAt(cells, 0), 1);
                },
                error);
        }
        for (const WindowPlan::Raw &part : read.raw) {
            if (!ok)
                break;
            raw.bind(1, key.first);
            raw.bind(2, key.second);
            raw.bind(3, part.from);
            raw.bind(4, part.to);
            ok = stepAll(
                m_db, raw, [&] { c.add(countsAt(raw, 0), part.sign); }, error);
        }
        if (ok && c.posts >= std::max(o.minPosts, 1)) {
            AuthorWindowStats stats = numbersOf(author, c, o.stanceRule);
            stats.source = key.first;
            stats.handle = key.second;
            stats.displayName = author.text(10);
            out->authors.append(
                scorer.score(stats, out->windowEnd, windowSeconds, withExplanation));
        }
        author.reset();
        if (!ok)
            return false;
    }
    sortByScore(out->authors);
    return true;
}

bool RiskStore::save(const QList<RiskAssessment> &assessments, QString *error,
                     const QDateTime &computedAt) const {
    if (assessments.isEmpty())
        return true;
    const bool own = sqlite3_get_autocommit(m_db.handle()) != 0;
    if (own && !m_db.exec("BEGIN IMMEDIATE", error))
        return false;
    sql::Statement st = m_db.prepare(R"sql(
INSERT INTO author_risk(author_id, score, components, explanation, posts, window_start, window_end,
                        computed_at)
SELECT id, ?3, ?4, ?5, ?6, ?7, ?8, ?9 FROM authors WHERE source = ?1 AND handle = ?2
ON CONFLICT(author_id) DO UPDATE SET score = excluded.score, components = excluded.components,
    explanation = excluded.explanation, posts = excluded.posts,
    window_start = excluded.window_start, window_end = excluded.window_end,
    computed_at = excluded.computed_at
)sql",
                                     error);
    bool ok = st.isValid();
    const qint64 at = computedAt.toMSecsSinceEpoch();
    for (const RiskAssessment &a : assessments) {
        if (!ok)
            break;
        QJsonArray components;
        for (const RiskComponent &c : a.components)
            components.append(QJsonObject{{QStringLiteral("name"), c.name},
                                          {QStringLiteral("value"), c.value},
                                          {QStringLiteral("weight"), c.weight}});
        st.bind(1, a.author.source);
        st.bind(2, a.author.handle);
        st.bind(3, a.score);
        st.bindText(4, QJsonDocument(components).toJson(QJsonDocument::Compact));
        st.bind(5, a.explanation.isNull() ? QStringLiteral("") : a.explanation);
        st.bind(6, qint64(a.author.posts));
        st.bind(7, a.windowStart.isValid() ? a.windowStart.toMSecsSinceEpoch() : qint64(0));
        st.bind(8, a.windowEnd.isValid() ? a.windowEnd.toMSecsSinceEpoch() : qint64(0));
        st.bind(9, at);
        ok = st.step() == SQLITE_DONE;
        st.reset();
        if (!ok && error)
            *error = m_db.lastError();
    }
    if (!own)
        return ok;
    if (ok && m_db.exec("COMMIT", error))
        return true;
    m_db.exec("ROLLBACK");
    return false;
}

namespace {

constexpr const char *kStoredRisk = R"sql(
SELECT a.source, a.handle, coalesce(a.display_name, ''), r.score, r.components, r.explanation,
       r.posts, r.window_start, r.window_end, r.computed_at
FROM author_risk r JOIN authors a ON a.id = r.author_id
)sql";

StoredRisk storedRiskOf(const sql::Statement &st) {
    StoredRisk r;
    RiskAssessment &a = r.assessment;
    a.author.source = st.text(0);
    a.author.handle = st.text(1);
    a.author.displayName = st.text(2);
    a.score = st.real(3);
    const QJsonArray components = QJsonDocument::fromJson(st.text(4).toUtf8()).array();
    for (const QJsonValue v : components) {
        const QJsonObject o = v.toObject();
        a.components.append({o.value(QStringLiteral("name")).toString(),
                             o.value(QStringLiteral("value")).toDouble(),
                             o.value(QStringLiteral("weight")).toDouble()});
    }
    a.explanation = st.text(5);
    a.author.posts = int(st.int64(6));
    a.windowStart = QDateTime::fromMSecsSinceEpoch(st.int64(7), Qt::UTC);
    a.windowEnd = QDateTime::fromMSecsSinceEpoch(st.int64(8), Qt::UTC);
    r.computedAt = QDateTime::fromMSecsSinceEpoch(st.int64(9), Qt::UTC);
    return r;
}

} // namespace

bool RiskStore::load(const QString &source, const QString &handle, StoredRisk *out,
                     QString *error) const {
    sql::Statement st = m_db.prepare(
        (QByteArray(kStoredRisk) + "WHERE a.source = ?1 AND a.handle = ?2").constData(), error);
    if (!st.isValid())
        return false;
    st.bind(1, source);
    st.bind(2, handle);
    const int rc = st.step();
    if (rc == SQLITE_ROW) {
        *out = storedRiskOf(st);
        return true;
    }
    if (rc != SQLITE_DONE && error)
        *error = sql::describe(m_db.handle(), rc);
    return false;
}

bool RiskStore::top(int limit, QList<StoredRisk> *out, QString *error) const {
    out->clear();
    sql::Statement st = m_db.prepare(
        (QByteArray(kStoredRisk) + "ORDER BY r.score DESC, a.handle LIMIT ?1").constData(), error);
    if (!st.isValid())
        return false;
    st.bind(1, qint64(limit > 0 ? limit : -1));
    return stepAll(
        m_db, st, [&] { out->append(storedRiskOf(st)); }, error);
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
