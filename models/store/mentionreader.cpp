#include "mentionreader.h"

#include "searchquery.h"
#include "store.h"
#include "textfold.h"

#include <QElapsedTimer>

#include <algorithm>
#include <limits>

namespace warroom {

namespace {

constexpr const char *kColumns =
    "id, source, source_id, url, author_handle, author_name, author_followers, title, text, lang, "
    "created_at, ingested_at, time_estimated, reposts, likes, replies, sentiment_label, "
    "sentiment_score, sentiment_by_analyst, status, deleted, in_reply_to";

Mention readMention(const sql::Statement &st) {
    Mention m;
    m.id = st.int64(0);
    m.source = st.text(1);
    m.sourceId = st.text(2);
    m.url = st.text(3);
    m.authorHandle = st.text(4);
    m.authorName = st.text(5);
    m.authorFollowers = st.isNull(6) ? -1 : st.int64(6);
    m.title = st.text(7);
    m.text = st.text(8);
    m.language = st.text(9);
    m.createdAt = QDateTime::fromMSecsSinceEpoch(st.int64(10), Qt::UTC);
    m.ingestedAt = QDateTime::fromMSecsSinceEpoch(st.int64(11), Qt::UTC);
    m.timeEstimated = st.int64(12) != 0;
    m.reposts = st.int64(13);
    m.likes = st.int64(14);
    m.replies = st.int64(15);
    m.sentiment = sentimentFromName(st.text(16));
    m.sentimentScore = st.real(17);
    m.sentimentByAnalyst = st.int64(18) != 0;
    m.status = statusFromName(st.text(19));
    m.deleted = st.int64(20) != 0;
    m.inReplyTo = st.text(21);
    return m;
}

// Steps `st` to its end, each row to `visit` (false stops: SQLITE_DONE). The last step's code.
int visitRows(sql::Statement &st, const std::function<bool(const Mention &)> &visit) {
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) {
        if (!visit(readMention(st)))
            return SQLITE_DONE;
    }
    return rc;
}

QByteArray selectSql(const char *where) {
    return QByteArray("SELECT ") + kColumns + " FROM mentions " + where;
}

struct SearchClause {
    QByteArray sql;
    QStringList params;
};

// How a search term uses the full-text indexes.
enum class IndexUse {
    Lookup,   // the index's matches (and the unindexed newest rows)
    CutBelow, // the same, the index's matches cut to rowid >= :lo (firstIds' window)
    ScanOnly, // every term scanned (the full-text indexes are damaged)
};

// One search term as SQL over the indexes. Latin, Cyrillic, Armenian, Arabic... go to the word
// index (each word of the term as a prefix); scripts without spaces to the trigram index; what
// neither can answer (one or two Chinese characters, emoji, punctuation) is scanned. Phrases and
// substrings are confirmed on the candidates, so every answer really contains the term.
// The newest mentions may not be in the index yet (the writer indexes them within a second or
// so, see kSearchLagMigration): an index lookup also scans the rows above the index's mark, so a
// mention is found the moment it is committed. That tail joins the index's candidates inside
// the same IN (...): the plan stays a lookup by id (an OR beside it would scan every mention).
SearchClause searchClause(const QString &term, IndexUse use) {
    constexpr const char *kScan = "instr(wr_fold(coalesce(title, '') || ' ' || text), ?) > 0";
    const QString folded = foldForSearch(term);
    // "id IN (the index's matches + the unindexed tail)", its parameters first.
    auto lookup = [&](const char *index, const QString &expression) {
        const QByteArray table(index);
        return SearchClause{
            "id IN (SELECT rowid FROM " + table + " WHERE " + table + " MATCH ?" +
                (use == IndexUse::CutBelow ? " AND rowid >= :lo" : "") +
                " UNION ALL SELECT id FROM mentions WHERE id > (SELECT indexed_upto FROM "
                "search_index_state WHERE id = 1) AND " +
                kScan + ")",
            {expression, folded}};
    };
    if (use == IndexUse::ScanOnly)
        return containsNoSpaceScript(term)
                   ? SearchClause{QByteArray("(cjk = 1 AND ") + kScan + ")", {folded}}
                   : SearchClause{QByteArray(kScan), {folded}};
    auto quoted = [](QString s) {
        s.replace(u'"', QStringLiteral("\"\""));
        return u'"' + s + u'"';
    };
    if (containsNoSpaceScript(term)) {
        // Trigrams of each piece of the raw term (the index folds case itself).
        QStringList trigrams;
        for (const QString &piece : term.toLower().split(u' ', Qt::SkipEmptyParts)) {
            const QList<uint> cps = piece.toUcs4();
            for (qsizetype k = 0; k + 3 <= cps.size(); ++k) {
                const QString tri =
                    QString::fromUcs4(reinterpret_cast<const char32_t *>(cps.constData() + k), 3);
                if (!trigrams.contains(quoted(tri)))
                    trigrams.append(quoted(tri));
            }
        }
        const QString expression = trigrams.join(QStringLiteral(" AND "));
        if (trigrams.isEmpty() || !isValidMatch(FtsIndex::Trigrams, expression))
            return {QByteArray("(cjk = 1 AND ") + kScan + ")", {folded}};
        SearchClause c = lookup("mentions_cjk", expression);
        c.sql = "(" + c.sql + " AND " + kScan + ")";
        c.params.append(folded);
        return c;
    }
    // The term's words exactly as the index's tokenizer splits them (it splits at spacing marks
    // and at most non-Latin marks; a quoted run it would split is a phrase, which detail=none
    // refuses), each as a prefix. Anything the index cannot answer is scanned.
    const QStringList tokens = wordIndexTokens(term);
    QStringList match;
    for (const QString &t : tokens)
        match.append(quoted(t) + u'*');
    const QString expression = match.join(QStringLiteral(" AND "));
    if (tokens.isEmpty() || !isValidMatch(FtsIndex::Words, expression))
        return {QByteArray(kScan), {folded}};
    SearchClause c = lookup("mentions_words", expression);
    if (tokens.size() > 1 || tokens.first() != term) {
        c.sql += QByteArray(" AND ") + kScan;
        c.params.append(folded);
    }
    c.sql = "(" + c.sql + ")";
    return c;
}

} // namespace

bool MentionReader::open(const QString &path, QString *error) {
    m_path = path;
    if (!Store::openReader(m_db, path, error))
        return false;
    m_byId = m_db.prepare(selectSql("WHERE id = ?1").constData(), error);
    return m_byId.isValid();
}

namespace {

// ids()'s statement: the filter as SQL (only fixed fragments are concatenated; every user value
// is a bound parameter), without its ORDER BY.
struct IdsQuery {
    QByteArray where; // " WHERE ..."
    QStringList params;
    // A group whose every term is answered by a full-text index bounds the rows.
    bool indexDriven = false;
    QString problem;
};

IdsQuery idsQuery(const MentionFilter &filter, IndexUse use = IndexUse::Lookup) {
    IdsQuery q;
    const SearchQuery query = SearchQuery::parse(filter.search);
    if (!query.problem().isEmpty()) {
        q.problem = query.problem();
        return q;
    }
    q.where = " WHERE 1 = 1";
    for (const SearchQuery::Group &g : query.include()) {
        q.where += " AND (";
        bool allIndexed = !g.terms.isEmpty();
        for (qsizetype i = 0; i < g.terms.size(); ++i) {
            const SearchClause clause = searchClause(g.terms.at(i), use);
            allIndexed = allIndexed && clause.sql.contains(" MATCH ");
            q.where += i ? " OR " : "";
            q.where += clause.sql;
            q.params += clause.params;
        }
        q.where += ")";
        q.indexDriven = q.indexDriven || allIndexed;
    }
    for (const QString &term : query.exclude()) {
        const SearchClause clause = searchClause(term, use);
        q.where += " AND NOT ";
        q.where += clause.sql;
        q.params += clause.params;
    }
    if (filter.status) {
        q.where += " AND status = ?";
        q.params.append(statusName(*filter.status));
    }
    if (filter.sentiment) {
        if (*filter.sentiment == Sentiment::Unknown) {
            q.where += " AND sentiment_label IS NULL";
        } else {
            q.where += " AND sentiment_label = ?";
            q.params.append(sentimentName(*filter.sentiment));
        }
    }
    if (!filter.source.isEmpty()) {
        q.where += " AND source = ?";
        q.params.append(filter.source);
    }
    if (!filter.language.isEmpty()) {
        q.where += " AND lang = ?";
        q.params.append(filter.language);
    }
    if (!filter.authorHandle.isEmpty()) {
        q.where += " AND author_handle = ?";
        q.params.append(filter.authorHandle);
    }
    return q;
}

// Interrupts the connection's statement once `budgetMs` have passed (SQLITE_INTERRUPT); removed
// when it goes out of scope.
class TimeBudget {
public:
    TimeBudget(sqlite3 *db, int budgetMs)
        : m_db(db)
        , m_budgetMs(budgetMs) {
        m_clock.start();
        sqlite3_progress_handler(m_db, 2000, &TimeBudget::check, this);
    }
    ~TimeBudget() { sqlite3_progress_handler(m_db, 0, nullptr, nullptr); }
    TimeBudget(const TimeBudget &) = delete;
    TimeBudget &operator=(const TimeBudget &) = delete;
    [[nodiscard]] bool spent() const { return m_spent; }

private:
    static int check(void *self) {
        auto *b = static_cast<TimeBudget *>(self);
        b->m_spent = b->m_spent || b->m_clock.elapsed() >= b->m_budgetMs;
        return b->m_spent ? 1 : 0;
    }
    sqlite3 *m_db;
    int m_budgetMs;
    QElapsedTimer m_clock;
    bool m_spent = false;
};

} // namespace

bool MentionReader::ids(const MentionFilter &filter, QVector<qint64> *out, QString *error,
                        qint64 afterId) {
    m_warning.clear();
    const int rc = runIds(filter, out, error, afterId, false);
    if (rc == SQLITE_DONE)
        return true;
    if ((rc & 0xff) == SQLITE_CORRUPT && idsQuery(filter).where.contains(" MATCH ")) {
        // A damaged full-text index must not cost the room its search: the terms are scanned
        // instead (slower, and a word matches inside longer words too), and the user is told.
        if (runIds(filter, out, error, afterId, true) != SQLITE_DONE)
            return false;
        m_warning = QStringLiteral("The search index is damaged: these matches come from a "
                                   "slower full scan. Rebuild it with: warroom reindex --store %1")
                        .arg(m_path);
        if (error)
            error->clear();
        return true;
    }
    return false;
}

int MentionReader::runIds(const MentionFilter &filter, QVector<qint64> *out, QString *error,
                          qint64 afterId, bool scanOnly) {
    out->clear();
    const IdsQuery q = idsQuery(filter, scanOnly ? IndexUse::ScanOnly : IndexUse::Lookup);
    if (!q.problem.isEmpty()) {
        if (error)
            *error = q.problem;
        return SQLITE_MISUSE;
    }
    // An index-driven search fetches its matches by id and sorts them (cost ~ matches), rather
    // than walking the whole time index and testing each row against the match list (cost ~ the
    // store: 3x at 1M, 30x at 10M). firstIds() walks the time index for the first page.
    QByteArray sqlText = "SELECT id FROM mentions" + q.where;
    if (afterId > 0)
        sqlText += " AND id > ?";
    // "+created_at" keeps the planner off the time index for an index-driven search.
    sqlText += q.indexDriven ? " ORDER BY +created_at DESC, id DESC"
                             : " ORDER BY created_at DESC, id DESC";

    QString why;
    sql::Statement st = m_db.prepare(sqlText.constData(), &why);
    if (!st.isValid()) {
        if (error)
            *error = QStringLiteral("search failed: %1").arg(why);
        return SQLITE_ERROR;
    }
    int index = 1;
    for (const QString &p : q.params)
        st.bind(index++, p);
    if (afterId > 0)
        st.bind(index++, afterId);
    int rc;
    while ((rc = st.step()) == SQLITE_ROW)
        out->append(st.int64(0));
    if (rc != SQLITE_DONE) {
        rc = sqlite3_extended_errcode(m_db.handle());
        out->clear();
        if (error)
            *error = QStringLiteral("search failed: %1").arg(m_db.lastError());
    }
    return rc;
}

MentionReader::FirstIds MentionReader::firstIds(const MentionFilter &filter, int limit,
                                                bool oldestFirst, int budgetMs,
                                                QVector<qint64> *out, QString *error) {
    out->clear();
    // One author's mentions come by their own index, already cheap to list in full.
    if (limit <= 0 || !filter.authorHandle.isEmpty())
        return FirstIds::GaveUp;
    const IdsQuery q = idsQuery(filter, IndexUse::CutBelow);
    if (!q.problem.isEmpty()) {
        if (error)
            *error = q.problem;
        return FirstIds::Failed;
    }
    // The newest `window` entries of the time index (the oldest for oldestFirst) are tested
    // against the filter, newest first; when `limit` of them match, those are the answer's first
    // rows (every row newer than the last of them is in the window). Else the window grows.
    // The full-text match lists are cut to the window's ids (rowid >= :lo, the smallest id
    // with a time inside the window), so a word in 830k of 10M mentions costs the few thousand
    // entries of its first page, not a list of all 830k (ids() lists and sorts them: ~2 s).
    // A rare match makes the window grow to the whole store: the budget bounds that, and ids()
    // answers instead.
    const char *const edge = oldestFirst ? "max(created_at)" : "min(created_at)";
    const QByteArray order =
        oldestFirst ? " ORDER BY created_at, id" : " ORDER BY created_at DESC, id DESC";
    const QByteArray windowSql =
        QByteArray("SELECT ") + edge +
        ", count(*) FROM (SELECT created_at FROM mentions INDEXED BY mentions_created" + order +
        " LIMIT ?1)";
    const QByteArray lowestSql =
        QByteArray("SELECT min(id) FROM mentions INDEXED BY mentions_created WHERE created_at ") +
        (oldestFirst ? "<= ?1" : ">= ?1");
    const QByteArray pageSql = "SELECT id FROM mentions INDEXED BY mentions_created" + q.where +
                               " AND created_at " + (oldestFirst ? "<= :edge" : ">= :edge") +
                               order + " LIMIT :limit";
    QString why;
    sql::Statement windowSt = m_db.prepare(windowSql.constData(), &why);
    sql::Statement lowestSt = m_db.prepare(lowestSql.constData(), &why);
    sql::Statement page = m_db.prepare(pageSql.constData(), &why);
    if (!windowSt.isValid() || !lowestSt.isValid() || !page.isValid()) {
        if (error)
            *error = QStringLiteral("search failed: %1").arg(why);
        return FirstIds::Failed;
    }
    const TimeBudget budget(m_db.handle(), budgetMs);
    auto failed = [&](int rc) {
        out->clear();
        // Out of time, or a damaged full-text index: ids() answers (and scans for the latter).
        if ((rc == SQLITE_INTERRUPT && budget.spent()) ||
            (sqlite3_extended_errcode(m_db.handle()) & 0xff) == SQLITE_CORRUPT)
            return FirstIds::GaveUp;
        if (error)
            *error = QStringLiteral("search failed: %1").arg(m_db.lastError());
        return FirstIds::Failed;
    };
    qint64 window = 64 * qint64(limit);
    for (;;) {
        windowSt.bind(1, window);
        int rc = windowSt.step();
        if (rc != SQLITE_ROW)
            return failed(rc);
        const bool whole = windowSt.int64(1) < window; // the window is the whole store
        const bool empty = windowSt.isNull(0);
        const qint64 edgeMs = empty ? 0 : windowSt.int64(0);
        windowSt.reset();
        if (empty)
            return FirstIds::All; // no mention at all
        qint64 lowest = 0;
        if (!whole) {
            lowestSt.bind(1, edgeMs);
            rc = lowestSt.step();
            if (rc != SQLITE_ROW)
                return failed(rc);
            lowest = lowestSt.int64(0);
            lowestSt.reset();
        }
        // Positional values in order; the named ones where they stand.
        int next = 0;
        const int count = sqlite3_bind_parameter_count(page.handle());
        for (int i = 1; i <= count; ++i) {
            const char *name = sqlite3_bind_parameter_name(page.handle(), i);
            const QByteArray n = name ? QByteArray(name) : QByteArray();
            if (n == ":lo")
                page.bind(i, lowest);
            else if (n == ":edge")
                page.bind(i, whole ? (oldestFirst ? std::numeric_limits<qint64>::max()
                                                  : std::numeric_limits<qint64>::min())
                                   : edgeMs);
            else if (n == ":limit")
                page.bind(i, qint64(limit));
            else
                page.bind(i, q.params.value(next++));
        }
        out->clear();
        while ((rc = page.step()) == SQLITE_ROW)
            out->append(page.int64(0));
        page.reset();
        if (rc != SQLITE_DONE)
            return failed(rc);
        if (out->size() >= limit)
            return FirstIds::First;
        if (whole)
            return FirstIds::All;
        // Grow by what the matches so far say is needed, at least 8 times.
        const double need = out->isEmpty() ? 64.0 : 2.0 * double(limit) / double(out->size());
        window = qint64(double(window) * std::clamp(need, 8.0, 64.0));
    }
}

QList<Mention> MentionReader::fetch(const QVector<qint64> &ids) {
    QList<Mention> rows;
    rows.reserve(ids.size());
    for (qint64 id : ids) {
        m_byId.bind(1, id);
        if (m_byId.step() == SQLITE_ROW)
            rows.append(readMention(m_byId));
        m_byId.reset();
    }
    return rows;
}

std::optional<Mention> MentionReader::mention(const QString &source, const QString &sourceId) {
    sql::Statement st = m_db.prepare(selectSql("WHERE source = ?1 AND source_id = ?2").constData());
    st.bind(1, source);
    st.bind(2, sourceId);
    if (st.step() == SQLITE_ROW)
        return readMention(st);
    return std::nullopt;
}

StoreStats MentionReader::stats() {
    StoreStats s;
    s.authors = m_db.scalar("SELECT count(*) FROM authors");
    // The total from the per-minute aggregate (every stored mention, marked deleted or not, is
    // counted there), not count(*): that walks a 10M-entry index (0.3 s warm, 150 MB read
    // cold) on every refresh of the status bar.
    sql::Statement st =
        m_db.prepare("SELECT source, sum(n) FROM mention_minutes GROUP BY source ORDER BY source");
    while (st.step() == SQLITE_ROW) {
        s.sources.insert(st.text(0), st.int64(1));
        s.mentions += st.int64(1);
    }
    if (s.mentions > 0) {
        s.first = QDateTime::fromMSecsSinceEpoch(
            m_db.scalar("SELECT min(created_at) FROM mentions"), Qt::UTC);
        s.last = QDateTime::fromMSecsSinceEpoch(m_db.scalar("SELECT max(created_at) FROM mentions"),
                                                Qt::UTC);
    }
    return s;
}

qint64 MentionReader::maxId() const {
    return m_db.scalar("SELECT coalesce(max(id), 0) FROM mentions");
}

static ConnectorCheckpoint readCheckpoint(const sql::Statement &st) {
    ConnectorCheckpoint c;
    c.connector = st.text(0);
    c.cursor = st.text(1);
    c.etag = st.text(2);
    c.lastModified = st.text(3);
    c.rateLimitReset = st.int64(4);
    if (!st.isNull(5))
        c.lastItemAt = QDateTime::fromMSecsSinceEpoch(st.int64(5), Qt::UTC);
    c.lastError = st.text(6);
    c.stateJson = st.text(7).toUtf8();
    return c;
}

static constexpr const char *kCheckpointColumns =
    "SELECT connector, cursor, etag, last_modified, rate_limit_reset, last_item_at, last_error, "
    "state_json FROM connector_state";

ConnectorCheckpoint MentionReader::checkpoint(const QString &connector) {
    sql::Statement st =
        m_db.prepare((QByteArray(kCheckpointColumns) + " WHERE connector = ?1").constData());
    st.bind(1, connector);
    if (st.step() == SQLITE_ROW)
        return readCheckpoint(st);
    return {};
}

QList<ConnectorCheckpoint> MentionReader::checkpoints() {
    QList<ConnectorCheckpoint> all;
    sql::Statement st =
        m_db.prepare((QByteArray(kCheckpointColumns) + " ORDER BY connector").constData());
    while (st.step() == SQLITE_ROW)
        all.append(readCheckpoint(st));
    return all;
}

bool MentionReader::forEachInRange(sql::Connection &db, const MentionRange &range,
                                   const std::function<bool(const Mention &)> &visit,
                                   QString *error) {
    const bool oneAuthor = !range.authorHandle.isEmpty();
    sql::Statement st = db.prepare(
        selectSql(oneAuthor ? "WHERE source = ?3 AND author_handle = ?4 AND created_at >= ?1 AND "
                              "created_at < ?2 ORDER BY created_at, id LIMIT ?5"
                            : "WHERE created_at >= ?1 AND created_at < ?2 ORDER BY created_at, id "
                              "LIMIT ?5")
            .constData(),
        error);
    if (!st.isValid())
        return false;
    st.bind(1, range.fromMs);
    st.bind(2, range.toMs);
    if (oneAuthor) {
        st.bind(3, range.source);
        st.bind(4, range.authorHandle);
    }
    st.bind(5, range.limit > 0 ? qint64(range.limit) : qint64(-1));
    const int rc = visitRows(st, visit);
    if (rc != SQLITE_DONE) {
        if (error)
            *error = sql::describe(db.handle(), rc);
        return false;
    }
    return true;
}

bool MentionReader::forEach(const std::function<bool(const Mention &)> &visit, QString *error) {
    sql::Statement st = m_db.prepare(selectSql("ORDER BY id").constData(), error);
    if (!st.isValid())
        return false;
    if (visitRows(st, visit) != SQLITE_DONE) {
        if (error)
            *error = m_db.lastError();
        return false;
    }
    return true;
}

} // namespace warroom
