#include "riskscorer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <optional>
#include <thread>
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

// The recency component: exp(-(window end - last post) / (window / 4)), the age in whole seconds.
double recencyValue(qint64 ageSeconds, qint64 windowSeconds) {
    return clamp01(std::exp(-double(std::max<qint64>(ageSeconds, 0)) /
                            (std::max<qint64>(windowSeconds, 60) / 4.0)));
}

struct FixedValues {
    double reach, amplification, velocity, negativity, stance, flags;
};

FixedValues fixedValues(const AuthorWindowStats &s, qint64 windowSeconds) {
    FixedValues v{};
    const double hours = std::max<double>(windowSeconds, 60) / 3600.0;
    v.reach = s.followers > 0 ? clamp01((std::log10(1.0 + double(s.followers)) - 2.0) / 4.5) : 0.0;
    v.amplification = clamp01(std::log10(1.0 + double(std::max<qint64>(s.reposts, 0))) / 4.0);
    const double perHour = s.posts / hours;
    v.velocity = clamp01(std::log1p(perHour) / std::log1p(10.0));
    const int labelled = s.negative + s.neutral + s.positive;
    const double negativeShare = labelled > 0 ? double(s.negative) / labelled : 0.0;
    v.negativity = clamp01(negativeShare * (0.5 + 0.5 * clamp01(s.negativeIntensity)));
    v.stance = 0.4;
    switch (s.stance) {
    case Stance::Against:
        v.stance = 1.0;
        break;
    case Stance::Neutral:
        v.stance = 0.25;
        break;
    case Stance::For:
        v.stance = 0.0;
        break;
    case Stance::Unknown:
        break;
    }
    v.flags = 0;
    if (s.flags.journalist || s.flags.watchlist)
        v.flags = 1.0;
    else if (s.flags.opinionLeader)
        v.flags = 0.8;
    else if (s.flags.verified)
        v.flags = 0.5;
    return v;
}

// The six components' points, summed in the components' order (score() adds recency last).
double fixedSum(const FixedValues &v, const RiskScorer::Weights &w) {
    double total = 0;
    total += v.reach * w.reach;
    total += v.amplification * w.amplification;
    total += v.velocity * w.velocity;
    total += v.negativity * w.negativity;
    total += v.stance * w.stance;
    total += v.flags * w.flags;
    return total;
}

} // namespace

double RiskScorer::fixedPoints(const AuthorWindowStats &s, qint64 windowSeconds) const {
    return fixedSum(fixedValues(s, windowSeconds), m_weights);
}

double RiskScorer::finalScore(double fixed, qint64 lastPostMs, qint64 windowEndMs,
                              qint64 windowSeconds, bool brand) const {
    double total =
        fixed + recencyValue((windowEndMs - lastPostMs) / 1000, windowSeconds) * m_weights.recency;
    if (brand)
        total *= 0.1;
    return std::clamp(total, 0.0, 100.0);
}

RiskAssessment RiskScorer::score(const AuthorWindowStats &s, const QDateTime &windowEnd,
                                 qint64 windowSeconds, bool withExplanation) const {
    RiskAssessment a;
    a.author = s;
    a.windowEnd = windowEnd;
    a.windowStart = windowEnd.isValid() ? windowEnd.addSecs(-windowSeconds) : QDateTime();
    const FixedValues v = fixedValues(s, windowSeconds);
    qint64 age = windowSeconds;
    if (s.lastPost.isValid() && windowEnd.isValid())
        age = (windowEnd.toMSecsSinceEpoch() - s.lastPost.toMSecsSinceEpoch()) / 1000;
    const double recency = recencyValue(age, windowSeconds);

    const Weights &w = m_weights;
    a.components = {{QStringLiteral("reach"), v.reach, w.reach},
                    {QStringLiteral("amplification"), v.amplification, w.amplification},
                    {QStringLiteral("velocity"), v.velocity, w.velocity},
                    {QStringLiteral("negativity"), v.negativity, w.negativity},
                    {QStringLiteral("stance"), v.stance, w.stance},
                    {QStringLiteral("flags"), v.flags, w.flags},
                    {QStringLiteral("recency"), recency, w.recency}};
    // The same sum, in the same order, as fixedPoints() + finalScore() (a ranking's selection).
    double total = fixedSum(v, w) + recency * w.recency;
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

// The window's authors by author id. Author ids are the authors table's rowids (dense, from 1):
// a slot table by id (4 bytes an author) finds an author without hashing, which was a tenth of
// a 10M-mention ranking.
template <typename T> class SlotTable {
public:
    explicit SlotTable(qint64 maxId = 0) { m_slot.resize(size_t(std::max<qint64>(maxId, 0)) + 1); }
    T &operator[](qint64 id) {
        const size_t i = size_t(std::max<qint64>(id, 0));
        if (i >= m_slot.size())
            m_slot.resize(i + 1);
        quint32 &slot = m_slot[i];
        if (slot == 0) {
            m_values.emplace_back();
            m_ids.push_back(id);
            slot = quint32(m_values.size());
        }
        return m_values[slot - 1];
    }
    [[nodiscard]] T *find(qint64 id) {
        const size_t i = size_t(std::max<qint64>(id, 0));
        return i < m_slot.size() && m_slot[i] != 0 ? &m_values[m_slot[i] - 1] : nullptr;
    }
    [[nodiscard]] size_t size() const { return m_values.size(); }
    [[nodiscard]] qint64 idAt(size_t k) const { return m_ids[k]; }
    [[nodiscard]] T &at(size_t k) { return m_values[k]; }

private:
    std::vector<quint32> m_slot; // id -> 1 + index in m_values, 0: none
    std::vector<T> m_values;
    std::vector<qint64> m_ids;
};

// One author of a ranking's window: the counts, the authors row as numbers (kAuthorNumbers) and
// the part of the score that does not depend on the window's end.
struct WindowAuthor {
    Counts counts;
    qint64 followers = -1;
    qint64 totalMentions = 0;
    Stance stance = Stance::Unknown; // as stored
    bool byAnalyst = false;
    AuthorFlags flags;
    bool known = false;         // its authors row was read, and is of the ranking's source
    bool numbered = false;      // its authors row was read
    bool fresh = true;          // counts or numbers moved since `fixed` was computed
    bool lastPostStale = false; // a post taken out may have been its newest
    bool supporter = false;
    double fixed = 0; // RiskScorer::fixedPoints
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

// kAuthorNumbers' row -> the author's numbers.
void readNumbers(const sql::Statement &a, WindowAuthor *w) {
    w->followers = a.isNull(0) ? -1 : a.int64(0);
    w->stance = static_cast<Stance>(a.int64(1));
    w->byAnalyst = a.int64(2) != 0;
    w->flags.journalist = a.int64(3) != 0;
    w->flags.opinionLeader = a.int64(4) != 0;
    w->flags.verified = a.int64(5) != 0;
    w->flags.brand = a.int64(6) != 0;
    w->flags.watchlist = a.int64(7) != 0;
    w->totalMentions = a.int64(8);
    w->known = true;
    w->numbered = true;
    w->fresh = true;
}

// The author's numbers and window counts -> the scorer's input, without the texts (textsOf()
// adds them).
AuthorWindowStats statsOf(const WindowAuthor &w, const StanceRule &rule) {
    const Counts &c = w.counts;
    AuthorWindowStats s;
    s.followers = w.followers;
    s.posts = int(c.posts);
    s.reposts = c.reposts;
    s.likes = c.likes;
    s.negative = int(c.negative);
    s.neutral = int(c.neutral);
    s.positive = int(c.positive);
    s.negativeIntensity = c.negative > 0 ? std::max(0.0, c.negIntensity) / double(c.negative) : 0.0;
    s.lastPost = QDateTime::fromMSecsSinceEpoch(c.lastPost, Qt::UTC);
    s.stanceByAnalyst = w.byAnalyst;
    s.stance = w.byAnalyst || w.stance != Stance::Unknown
                   ? w.stance
                   : rule.infer(s.negative, s.neutral, s.positive);
    s.flags = w.flags;
    s.totalMentions = w.totalMentions;
    return s;
}

AuthorWindowStats numbersOf(const sql::Statement &a, const Counts &c, const StanceRule &rule) {
    WindowAuthor w;
    readNumbers(a, &w);
    w.counts = c;
    return statsOf(w, rule);
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

namespace {

// The live ranking's reads of what changed (LiveRanking::run). A mention as one row's counts
// (the columns of countsAt: posts, negative, neutral, positive, |score| if negative, reposts,
// likes, time).
#define WARROOM_ROW_COUNTS                                                                         \
    "1, m.sentiment_label = 'negative', m.sentiment_label = 'neutral', "                           \
    "m.sentiment_label = 'positive', CASE WHEN m.sentiment_label = 'negative' THEN "               \
    "abs(m.sentiment_score) END, m.reposts, m.likes, m.created_at"
// Mentions read before, in a time range (the window's moving edges).
constexpr const char *kRowsInRange =
    "SELECT m.id, a.id, " WARROOM_ROW_COUNTS " FROM mentions m JOIN authors a ON a.source = "
    "m.source AND a.handle = m.author_handle WHERE m.created_at >= ?1 AND m.created_at < ?2 AND "
    "m.id <= ?3 AND m.deleted = 0 AND m.author_handle <> ''";
// Mentions new since (by id), counted or not (their authors' rows moved).
constexpr const char *kNewRows =
    "SELECT m.id, coalesce(a.id, 0), m.deleted = 0 AND m.author_handle <> '', " WARROOM_ROW_COUNTS
    " FROM mentions m LEFT JOIN authors a ON a.source = m.source AND a.handle = m.author_handle "
    "WHERE m.id > ?1 AND m.id <= ?2";
// One mention as it is now.
constexpr const char *kRowNow =
    "SELECT coalesce(a.id, 0), m.deleted = 0 AND m.author_handle <> '', " WARROOM_ROW_COUNTS
    " FROM mentions m LEFT JOIN authors a ON a.source = m.source AND a.handle = m.author_handle "
    "WHERE m.id = ?1";
#undef WARROOM_ROW_COUNTS
// The logged changes: a mention as it was before (same counts shape), an author, a reset.
constexpr const char *kChanges =
    "SELECT mention_id, author_id, live, coalesce((SELECT id FROM authors a WHERE a.source = "
    "c.source AND a.handle = c.handle), 0), 1, sentiment = 'negative', sentiment = 'neutral', "
    "sentiment = 'positive', CASE WHEN sentiment = 'negative' THEN abs(score) END, reposts, likes, "
    "created_at FROM ranking_changes c WHERE seq > ?1 AND seq <= ?2 ORDER BY seq";
constexpr const char *kNewestPostOf =
    "SELECT max(m.created_at) FROM authors a JOIN mentions m ON m.source = a.source AND "
    "m.author_handle = a.handle WHERE a.id = ?1 AND m.created_at >= ?2 AND m.created_at <= ?3 "
    "AND m.deleted = 0";

// Beyond these, reading the window anew is cheaper than reading what changed.
constexpr qint64 kMaxNewRows = 200000;
constexpr qint64 kMaxChanges = 20000;

bool endOf(sql::Connection &db, const RankingOptions &o, qint64 *endMs, QString *error) {
    if (o.end.isValid()) {
        *endMs = o.end.toMSecsSinceEpoch();
        return true;
    }
    sql::Statement latest =
        db.prepare("SELECT max(created_at) FROM mentions WHERE deleted = 0", error);
    if (!latest.isValid())
        return false;
    *endMs = latest.step() == SQLITE_ROW && !latest.isNull(0) ? latest.int64(0)
                                                              : QDateTime::currentMSecsSinceEpoch();
    return true;
}

} // namespace

// A cold start reads the window's author-hour cells and every author row from disk: pages the
// import left scattered over the file, read one at a time (0.7 s for 560k authors at 10M). Eight
// read-ahead threads, each on a connection of its own, walk parts of the same ranges meanwhile,
// so the pages are in the OS cache when the ranking's own reads come to them (0.75 s -> 0.3 s
// measured on the authors). They only read: what they see plays no part in the answer.
class ReadAhead {
public:
    [[nodiscard]] bool running() const { return !m_threads.empty(); }
    ReadAhead(sql::Connection &db, qint64 maxAuthorId, qint64 hourFrom, qint64 hourTo) {
        const char *file = sqlite3_db_filename(db.handle(), "main");
        if (!file || !*file || maxAuthorId < kMinAuthors)
            return;
        const qint64 parts = 8;
        for (qint64 k = 0; k < parts; ++k)
            m_queries.push_back(QByteArrayLiteral("SELECT count(*) FROM authors WHERE id > ") +
                                QByteArray::number(k * maxAuthorId / parts) +
                                QByteArrayLiteral(" AND id <= ") +
                                QByteArray::number((k + 1) * maxAuthorId / parts));
        for (qint64 h = hourFrom; h <= hourTo && h - hourFrom < 48; ++h)
            m_queries.push_back(
                QByteArrayLiteral("SELECT count(*) FROM author_hours WHERE hour = ") +
                QByteArray::number(h));
        const QString path = QString::fromUtf8(file);
        for (qint64 t = 0; t < parts; ++t)
            m_threads.emplace_back([this, path] {
                sql::Connection reader;
                if (!reader.open(path, sql::Connection::Mode::ReadOnly, nullptr))
                    return;
                for (size_t i; (i = m_next.fetch_add(1)) < m_queries.size() && !m_stop;)
                    (void)reader.scalar(m_queries[i].constData(), 0);
            });
    }
    ~ReadAhead() {
        m_stop = true;
        for (std::thread &t : m_threads)
            t.join();
    }
    ReadAhead(const ReadAhead &) = delete;
    ReadAhead &operator=(const ReadAhead &) = delete;

private:
    static constexpr qint64 kMinAuthors = 100000; // smaller stores read fast enough
    std::vector<QByteArray> m_queries;
    std::atomic<size_t> m_next{0};
    std::atomic<bool> m_stop{false};
    std::vector<std::thread> m_threads;
};

struct LiveRanking::State {
    bool valid = false;
    // What the counts are of: the options that shape them, the window [startMs, endMs], the
    // mentions up to seenId and the logged changes up to seenSeq.
    qint64 windowSeconds = 0;
    QString source;
    StanceRule rule;
    qint64 startMs = 0;
    qint64 endMs = 0;
    qint64 seenId = 0;
    qint64 seenSeq = 0;
    SlotTable<WindowAuthor> authors;
};

LiveRanking::LiveRanking()
    : d(std::make_unique<State>()) {}
LiveRanking::~LiveRanking() = default;

void LiveRanking::reset() {
    *d = State();
}

// The window read whole: author_hours for the hours it covers, raw rows at its edges, then every
// author's row.
bool LiveRanking::load(sql::Connection &db, const RankingOptions &o, qint64 startMs, qint64 endMs,
                       QString *error) {
    State &st = *d;
    st = State();
    WindowPlan plan;
    if (!planWindow(db, startMs, endMs + 1, &plan, error))
        return false;
    st.seenId = db.scalar("SELECT coalesce(max(id), 0) FROM mentions", 0);
    // A store from before the log (a read-only connection cannot migrate it): read anew each time.
    st.seenSeq = db.scalar("SELECT coalesce(max(seq), 0) FROM ranking_changes", -1);
    const qint64 maxAuthorId = db.scalar("SELECT max(id) FROM authors", 0);
    // Only on this ranking's first read (the app's open, a CLI): later reads find a warm cache.
    std::optional<ReadAhead> readAhead;
    if (!m_readAhead) {
        m_readAhead = true;
        readAhead.emplace(db, maxAuthorId, plan.hourFrom, plan.hourTo);
        m_last.readAhead = readAhead->running();
    }
    st.authors = SlotTable<WindowAuthor>(maxAuthorId);
    if (plan.hourFrom <= plan.hourTo) {
        sql::Statement cells = db.prepare(kCellsOfWindow, error);
        if (!cells.isValid())
            return false;
        cells.bind(1, plan.hourFrom);
        cells.bind(2, plan.hourTo);
        if (!stepAll(
                db, cells, [&] { st.authors[cells.int64(0)].counts.add(countsAt(cells, 1), 1); },
                error))
            return false;
    }
    for (const WindowPlan::Raw &part : plan.raw) {
        sql::Statement raw = db.prepare(kRawByAuthor, error);
        if (!raw.isValid())
            return false;
        raw.bind(1, part.from);
        raw.bind(2, part.to);
        if (!stepAll(
                db, raw, [&] { st.authors[raw.int64(0)].counts.add(countsAt(raw, 1), part.sign); },
                error))
            return false;
    }
    // When the window holds a good share of all authors, one pass over the table beats a lookup
    // each.
    const QString source = o.source.isNull() ? QStringLiteral("") : o.source;
    if (qint64(st.authors.size()) * 8 > maxAuthorId) {
        sql::Statement all = db.prepare(kAllAuthorNumbers, error);
        if (!all.isValid())
            return false;
        all.bind(1, source);
        const bool ok = stepAll(
            db, all,
            [&] {
                if (WindowAuthor *w = st.authors.find(all.int64(9)))
                    readNumbers(all, w);
            },
            error);
        if (!ok)
            return false;
        for (size_t k = 0; k < st.authors.size(); ++k)
            st.authors.at(k).numbered = true; // the others are not of the source
    } else {
        std::vector<qint64> ids;
        for (size_t k = 0; k < st.authors.size(); ++k)
            ids.push_back(st.authors.idAt(k));
        if (!readAuthors(db, source, ids, error))
            return false;
    }
    st.windowSeconds = o.windowSeconds;
    st.source = source;
    st.rule = o.stanceRule;
    st.startMs = startMs;
    st.endMs = endMs;
    st.valid = true;
    return true;
}

bool LiveRanking::readAuthors(sql::Connection &db, const QString &source,
                              const std::vector<qint64> &ids, QString *error) {
    sql::Statement numbers = db.prepare(kAuthorNumbers, error);
    if (!numbers.isValid())
        return false;
    for (qint64 id : ids) {
        WindowAuthor *w = d->authors.find(id);
        if (!w)
            continue;
        numbers.bind(1, id);
        numbers.bind(2, source);
        const int rc = numbers.step();
        if (rc == SQLITE_ROW) {
            readNumbers(numbers, w);
        } else {
            w->known = false;
            w->numbered = true;
            w->fresh = true;
        }
        numbers.reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            if (error)
                *error = sql::describe(db.handle(), rc);
            return false;
        }
    }
    return true;
}

// What changed since the last run, applied to the counts; false + *why (no error) when the
// window must be read anew instead.
bool LiveRanking::update(sql::Connection &db, const RankingOptions &o, qint64 startMs, qint64 endMs,
                         QString *why, QString *error) {
    State &st = *d;
    const QString source = o.source.isNull() ? QStringLiteral("") : o.source;
    if (!st.valid)
        return *why = QStringLiteral("first run"), false;
    if (o.windowSeconds != st.windowSeconds || source != st.source ||
        o.stanceRule.minEvidence != st.rule.minEvidence ||
        o.stanceRule.threshold != st.rule.threshold)
        return *why = QStringLiteral("other options"), false;
    if (endMs < st.endMs || startMs > st.endMs)
        return *why = QStringLiteral("the window moved back or past itself"), false;
    if (startMs - st.startMs > o.windowSeconds * 1000 / 8)
        return *why = QStringLiteral("the window moved by more than an eighth"), false;
    if (st.seenSeq < 0)
        return *why = QStringLiteral("no change log in this store"), false;
    const qint64 maxId = db.scalar("SELECT coalesce(max(id), 0) FROM mentions", -1);
    if (maxId < st.seenId)
        return *why = QStringLiteral("mentions went away"), false;
    if (maxId - st.seenId > kMaxNewRows)
        return *why = QStringLiteral("%1 new mentions").arg(maxId - st.seenId), false;
    sql::Statement span =
        db.prepare("SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM ranking_changes");
    if (!span.isValid() || span.step() != SQLITE_ROW)
        return *why = QStringLiteral("no change log in this store"), false;
    const qint64 minSeq = span.int64(0);
    const qint64 maxSeq = span.int64(1);
    if (maxSeq < st.seenSeq || (maxSeq > st.seenSeq && minSeq > st.seenSeq + 1))
        return *why = QStringLiteral("the change log moved past this ranking"), false;
    if (maxSeq - st.seenSeq > kMaxChanges)
        return *why = QStringLiteral("%1 changes").arg(maxSeq - st.seenSeq), false;

    std::vector<qint64> reread; // authors whose rows are read again
    auto touch = [&](qint64 authorId, const Counts &c, int sign) {
        WindowAuthor &w = st.authors[authorId];
        if (!w.numbered)
            reread.push_back(authorId);
        w.counts.add(c, sign);
        w.fresh = true;
        if (sign < 0 && c.lastPost >= w.counts.lastPost)
            w.lastPostStale = true;
    };
    const auto inOld = [&](qint64 t) {
        return t >= st.startMs && t <= st.endMs;
    };
    const auto inNew = [&](qint64 t) {
        return t >= startMs && t <= endMs;
    };

    // 1. Logged changes: a mention read before leaves the counts as it was counted (its first
    //    logged version) and comes back as it is now; an author's row is read again.
    QSet<qint64> logged;
    if (maxSeq > st.seenSeq) {
        sql::Statement changes = db.prepare(kChanges, error);
        sql::Statement now = db.prepare(kRowNow, error);
        if (!changes.isValid() || !now.isValid())
            return false;
        changes.bind(1, st.seenSeq);
        changes.bind(2, maxSeq);
        bool reset = false;
        std::vector<qint64> mentions;
        const bool ok = stepAll(
            db, changes,
            [&] {
                if (changes.isNull(0) && changes.isNull(1)) {
                    reset = true;
                } else if (changes.isNull(0)) {
                    reread.push_back(changes.int64(1));
                } else {
                    const qint64 id = changes.int64(0);
                    if (id > st.seenId || logged.contains(id))
                        return; // new since (counted as it is now below), or seen earlier
                    logged.insert(id);
                    mentions.push_back(id);
                    const qint64 authorId = changes.int64(3);
                    const Counts was = countsAt(changes, 4);
                    if (changes.int64(2) != 0 && authorId != 0 && inOld(was.lastPost))
                        touch(authorId, was, -1);
                }
            },
            error);
        if (!ok)
            return false;
        if (reset)
            return *why = QStringLiteral("mentions or authors were deleted"), false;
        for (qint64 id : mentions) {
            now.bind(1, id);
            const bool read = stepAll(
                db, now,
                [&] {
                    const Counts is = countsAt(now, 2);
                    if (now.int64(1) != 0 && now.int64(0) != 0 && inNew(is.lastPost))
                        touch(now.int64(0), is, 1);
                },
                error);
            if (!read)
                return false;
        }
    }

    // 2. The window's edges: mentions read before that left it at the start, or entered it at
    //    the end (an end before the newest mention). Logged ones are done.
    sql::Statement range = db.prepare(kRowsInRange, error);
    if (!range.isValid())
        return false;
    auto edge = [&](qint64 from, qint64 to, int sign) {
        if (from >= to)
            return true;
        range.bind(1, from);
        range.bind(2, to);
        range.bind(3, st.seenId);
        return stepAll(
            db, range,
            [&] {
                if (!logged.contains(range.int64(0)))
                    touch(range.int64(1), countsAt(range, 2), sign);
            },
            error);
    };
    if (!edge(st.startMs, startMs, -1) || !edge(st.endMs + 1, endMs + 1, 1))
        return false;

    // 3. New mentions: counted when live and inside the window; their authors' rows are read
    //    again either way (follower count, mention count).
    if (maxId > st.seenId) {
        sql::Statement rows = db.prepare(kNewRows, error);
        if (!rows.isValid())
            return false;
        rows.bind(1, st.seenId);
        rows.bind(2, maxId);
        const bool ok = stepAll(
            db, rows,
            [&] {
                const qint64 authorId = rows.int64(1);
                if (authorId == 0)
                    return;
                const Counts is = countsAt(rows, 3);
                if (rows.int64(2) != 0 && inNew(is.lastPost)) {
                    touch(authorId, is, 1);
                } else if (!st.authors.find(authorId)) {
                    return;
                }
                reread.push_back(authorId);
            },
            error);
        if (!ok)
            return false;
    }
    std::sort(reread.begin(), reread.end());
    reread.erase(std::unique(reread.begin(), reread.end()), reread.end());
    if (!readAuthors(db, source, reread, error))
        return false;

    // 4. Authors whose newest post may have left: looked up again (mentions_author index).
    sql::Statement newest = db.prepare(kNewestPostOf, error);
    if (!newest.isValid())
        return false;
    for (size_t k = 0; k < st.authors.size(); ++k) {
        WindowAuthor &w = st.authors.at(k);
        if (!w.lastPostStale)
            continue;
        w.lastPostStale = false;
        w.counts.lastPost = 0;
        if (w.counts.posts <= 0)
            continue;
        newest.bind(1, st.authors.idAt(k));
        newest.bind(2, startMs);
        newest.bind(3, endMs);
        if (!stepAll(
                db, newest, [&] { w.counts.lastPost = newest.isNull(0) ? 0 : newest.int64(0); },
                error))
            return false;
    }
    st.startMs = startMs;
    st.endMs = endMs;
    st.seenId = maxId;
    st.seenSeq = maxSeq;
    return true;
}

bool LiveRanking::run(sql::Connection &db, const RankingOptions &o, Ranking *out, QString *error) {
    QElapsedTimer timer;
    timer.start();
    m_last = Refresh();
    const ReadTransaction snapshot(db);
    *out = Ranking();
    if (!db.isOpen()) {
        if (error)
            *error = QStringLiteral("the store is not open");
        return false;
    }
    const qint64 windowSeconds = std::max<qint64>(o.windowSeconds, 60);
    RankingOptions options = o;
    options.windowSeconds = windowSeconds;
    qint64 endMs = 0;
    if (!endOf(db, options, &endMs, error))
        return false;
    const qint64 startMs = endMs - windowSeconds * 1000;
    out->windowStart = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
    out->windowEnd = QDateTime::fromMSecsSinceEpoch(endMs, Qt::UTC);
    QString why, failed;
    if (update(db, options, startMs, endMs, &why, &failed)) {
        m_last.full = false;
    } else {
        if (!failed.isEmpty()) {
            d->valid = false;
            if (error)
                *error = failed;
            return false;
        }
        m_last.full = true;
        m_last.why = why;
        if (!load(db, options, startMs, endMs, error)) {
            d->valid = false;
            return false;
        }
    }

    // Every author of the window is scored from its numbers (at 10M mentions a window holds
    // hundreds of thousands of authors); the part of the score that does not depend on the end
    // is kept until the author's counts or row move. Only those that make the list are scored
    // again in full, with their texts (handle, name) and an explanation.
    const int minPosts = std::max(o.minPosts, 1);
    const RiskScorer scorer;
    struct Entry {
        size_t slot;
        double score;
        bool watchlist;
        bool supporter;
    };
    std::vector<Entry> scored;
    scored.reserve(d->authors.size());
    for (size_t k = 0; k < d->authors.size(); ++k) {
        WindowAuthor &w = d->authors.at(k);
        if (!w.known || w.counts.posts < minPosts)
            continue;
        if (w.fresh) {
            const AuthorWindowStats stats = statsOf(w, options.stanceRule);
            w.fixed = scorer.fixedPoints(stats, windowSeconds);
            w.supporter = isSupporter(stats);
            w.fresh = false;
        }
        scored.push_back(
            {k, scorer.finalScore(w.fixed, w.counts.lastPost, endMs, windowSeconds, w.flags.brand),
             w.flags.watchlist, w.supporter});
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
    sql::Statement texts = db.prepare(kAuthorTexts, error);
    if (!texts.isValid())
        return false;
    QList<RiskAssessment> top, extra;
    for (const Entry &e : scored) {
        const bool inTop = e.score >= topScore;
        if (!inTop && !(o.keepWatchlist && e.watchlist) &&
            !(e.supporter && e.score >= supporterScore))
            continue;
        RiskAssessment a = scorer.score(statsOf(d->authors.at(e.slot), options.stanceRule),
                                        out->windowEnd, windowSeconds, false);
        textsOf(texts, d->authors.idAt(e.slot), &a.author);
        (inTop ? top : extra).append(std::move(a));
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
    m_last.authors = qint64(d->authors.size());
    m_last.ms = timer.nsecsElapsed() / 1e6;
    return true;
}

bool RankingQuery::run(const RankingOptions &o, Ranking *out, QString *error) const {
    LiveRanking once;
    return once.run(m_db, o, out, error);
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
