#include "mentionwriter.h"

#include "domain/urlkey.h"
#include "store.h"
#include "textfold.h"

#include <QHash>
#include <QVariant>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

namespace warroom {

namespace {

constexpr const char *kInsertMention = R"sql(
INSERT OR IGNORE INTO mentions(source, source_id, url, url_key, author_handle, author_name,
    author_followers, title, text, lang, created_at, ingested_at, time_estimated, reposts, likes,
    replies, sentiment_label, sentiment_score, sentiment_by_analyst, status, deleted, in_reply_to,
    cjk)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
        ?21, ?22, ?23)
)sql";

// An author seen again: the newest post carries the truest follower count and display name.
// (Not an upsert: INSERT ... ON CONFLICT DO UPDATE costs about twice an UPDATE here.)
#define WARROOM_UPDATE_AUTHOR                                                                      \
    "UPDATE authors SET display_name = CASE WHEN ?7 >= last_seen THEN coalesce(?3, display_name) " \
    "ELSE coalesce(display_name, ?3) END, followers = CASE WHEN ?4 IS NOT NULL AND ?7 >= "         \
    "last_seen THEN ?4 ELSE coalesce(followers, ?4) END, mention_count = mention_count + ?5, "     \
    "first_seen = min(first_seen, ?6), last_seen = max(last_seen, ?7) "
constexpr const char *kUpdateAuthor = WARROOM_UPDATE_AUTHOR "WHERE source = ?1 AND handle = ?2";
constexpr const char *kUpdateAuthorById = WARROOM_UPDATE_AUTHOR "WHERE id = ?8";
#undef WARROOM_UPDATE_AUTHOR
constexpr const char *kInsertAuthor =
    "INSERT INTO authors(source, handle, display_name, followers, mention_count, first_seen, "
    "last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

constexpr const char *kUpsertMinute = R"sql(
INSERT INTO mention_minutes(minute, source, sentiment, lang, n) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT(minute, source, sentiment, lang) DO UPDATE SET n = mention_minutes.n + excluded.n
)sql";

constexpr const char *kUpsertAuthorHour = R"sql(
INSERT INTO author_hours(hour, author_id, posts, negative, neutral, positive, neg_intensity,
                         reposts, likes, last_post)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT(hour, author_id) DO UPDATE SET posts = posts + excluded.posts,
    negative = negative + excluded.negative, neutral = neutral + excluded.neutral,
    positive = positive + excluded.positive, neg_intensity = neg_intensity + excluded.neg_intensity,
    reposts = reposts + excluded.reposts, likes = likes + excluded.likes,
    last_post = max(last_post, excluded.last_post)
)sql";

// A stored mention as the aggregates see it (readStored()).
constexpr const char *kStoredColumns = R"sql(
SELECT m.id, m.created_at, m.source, coalesce(m.lang, ''), coalesce(m.sentiment_label, ''),
       m.sentiment_score, m.deleted, m.author_handle, m.reposts, m.likes, coalesce(a.id, 0),
       m.sentiment_by_analyst
FROM mentions m LEFT JOIN authors a ON a.source = m.source AND a.handle = m.author_handle
)sql";

// One post leaves its author-hour (deleted): the counts go down; the newest post time is looked
// up again only when the post leaving was the newest.
constexpr const char *kAuthorHourRemove = R"sql(
UPDATE author_hours SET posts = posts - 1, negative = negative - ?3, neutral = neutral - ?4,
    positive = positive - ?5,
    neg_intensity = CASE WHEN negative - ?3 <= 0 THEN 0.0 ELSE neg_intensity - ?6 END,
    reposts = reposts - ?7, likes = likes - ?8,
    last_post = CASE WHEN last_post > ?9 THEN last_post ELSE coalesce(
        (SELECT max(created_at) FROM mentions WHERE source = ?10 AND author_handle = ?11
            AND created_at >= ?1 * 3600000 AND created_at < (?1 + 1) * 3600000 AND deleted = 0),
        0) END
WHERE hour = ?1 AND author_id = ?2
)sql";

// One post changes sentiment inside its author-hour.
constexpr const char *kAuthorHourMove = R"sql(
UPDATE author_hours SET negative = negative + ?3, neutral = neutral + ?4, positive = positive + ?5,
    neg_intensity = CASE WHEN negative + ?3 <= 0 THEN 0.0 ELSE neg_intensity + ?6 END
WHERE hour = ?1 AND author_id = ?2
)sql";

// The search index's text of a mention: title and text, exactly as the edit path rebuilds it
// (a contentless index can only delete what it is given again, token for token).
#define WARROOM_BODY "CASE WHEN coalesce(title, '') = '' THEN text ELSE title || ' ' || text END"
constexpr const char *kIndexWords =
    "INSERT INTO mentions_words(rowid, body) SELECT id, " WARROOM_BODY
    " FROM mentions WHERE id > ?1 AND id <= ?2";
constexpr const char *kIndexCjk = "INSERT INTO mentions_cjk(rowid, body) SELECT id, " WARROOM_BODY
                                  " FROM mentions WHERE id > ?1 AND id <= ?2 AND cjk = 1";
#undef WARROOM_BODY
constexpr const char *kPendingUpto =
    "SELECT max(id) FROM (SELECT id FROM mentions WHERE id > ?1 ORDER BY id LIMIT ?2)";

qint64 steadyMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
               .count() +
           1; // never 0 ("nothing pending")
}

constexpr qint64 kHourMs = 3600000;
constexpr qsizetype kAuthorIdCacheSize = 200000; // ~20 MB at most

constexpr const char *kSaveCheckpoint = R"sql(
INSERT INTO connector_state(connector, cursor, etag, last_modified, rate_limit_reset, last_item_at,
    last_error, state_json, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
ON CONFLICT(connector) DO UPDATE SET cursor = excluded.cursor, etag = excluded.etag,
    last_modified = excluded.last_modified, rate_limit_reset = excluded.rate_limit_reset,
    last_item_at = coalesce(excluded.last_item_at, connector_state.last_item_at),
    last_error = excluded.last_error, state_json = excluded.state_json,
    updated_at = excluded.updated_at
)sql";

struct AuthorAggregate {
    QString displayName;
    qint64 followers = -1;
    qint64 count = 0;
    qint64 first = 0;
    qint64 last = 0;
    bool live = false; // has a post that is not deleted (counted in author_hours)
};

struct MinuteKey {
    qint64 minute;
    QString source;
    Sentiment sentiment;
    QString lang;
    bool operator==(const MinuteKey &o) const {
        return minute == o.minute && source == o.source && sentiment == o.sentiment &&
               lang == o.lang;
    }
};
size_t qHash(const MinuteKey &k, size_t seed = 0) {
    return qHashMulti(seed, k.minute, k.source, int(k.sentiment), k.lang);
}

struct AuthorHourKey {
    QString source;
    QString handle;
    qint64 hour;
    bool operator==(const AuthorHourKey &o) const {
        return hour == o.hour && handle == o.handle && source == o.source;
    }
};
size_t qHash(const AuthorHourKey &k, size_t seed = 0) {
    return qHashMulti(seed, k.hour, k.source, k.handle);
}

// What one post adds to its author-hour (negated when it leaves).
struct AuthorHourCell {
    qint64 posts = 0;
    qint64 negative = 0;
    qint64 neutral = 0;
    qint64 positive = 0;
    double negIntensity = 0;
    qint64 reposts = 0;
    qint64 likes = 0;
    qint64 lastPost = 0;
};

// Counted in author_hours.neg_intensity: |score| of a negative post.
double negativeIntensity(QStringView label, bool scored, double score) {
    return label == u"negative" && scored ? std::abs(score) : 0.0;
}

} // namespace

struct MentionWriter::Stored {
    qint64 id = 0; // 0: not found
    qint64 created = 0;
    QString source;
    QString lang;
    QString label; // "" unknown
    bool scored = false;
    double score = 0;
    bool deleted = false;
    QString handle;
    qint64 reposts = 0;
    qint64 likes = 0;
    qint64 authorId = 0; // 0: no author row (no handle)
    bool byAnalyst = false;
    [[nodiscard]] bool inAuthorHours() const {
        return !deleted && authorId != 0 && !handle.isEmpty();
    }
};

MentionWriter::~MentionWriter() {
    if (m_db.isOpen())
        flushIndex();
}

bool MentionWriter::open(const QString &path, QString *error) {
    if (!Store::openWriter(m_db, path, error))
        return false;
    // The writer touches the authors, aggregates and indexes of every batch: a 64 MiB page cache
    // (SQLite's default is 2 MiB) keeps them in memory at millions of mentions.
    m_db.exec("PRAGMA cache_size = -65536");
    if (!prepare(error))
        return false;
    // What a killed writer committed but did not index yet (at most one lag's worth) is indexed
    // now. Looked at without the write lock: a store another program holds locked still opens
    // (writes then say so), and a catch-up that fails is retried after the next commit.
    if (m_db.scalar("SELECT coalesce((SELECT max(id) FROM mentions), 0) > (SELECT indexed_upto "
                    "FROM search_index_state WHERE id = 1)") != 0) {
        m_pendingSinceMs = steadyMs();
        flushIndex();
    }
    return true;
}

qint64 MentionWriter::pendingIndexAgeMs() const {
    return m_pendingSinceMs == 0 ? 0 : steadyMs() - m_pendingSinceMs;
}

int MentionWriter::indexPending(int maxRows, QString *error) {
    if (!m_db.isOpen())
        return 0;
    QString why;
    if (!m_db.exec("BEGIN IMMEDIATE", &why)) {
        if (error)
            *error = QStringLiteral("cannot index: %1").arg(why);
        return -1;
    }
    // The mark is read under the write lock: another writer on the store may have moved it.
    int rc = m_readMark.step();
    const qint64 mark = rc == SQLITE_ROW ? m_readMark.int64(0) : 0;
    m_readMark.reset();
    int indexed = 0;
    bool ok = rc == SQLITE_ROW;
    qint64 upto = 0;
    if (ok) {
        m_pendingUpto.bind(1, mark);
        m_pendingUpto.bind(2, qint64(std::max(1, maxRows)));
        rc = m_pendingUpto.step();
        ok = rc == SQLITE_ROW;
        upto = ok && !m_pendingUpto.isNull(0) ? m_pendingUpto.int64(0) : 0;
        m_pendingUpto.reset();
    }
    if (ok && upto > mark) {
        for (sql::Statement *st : {&m_indexWords, &m_indexCjk}) {
            st->bind(1, mark);
            st->bind(2, upto);
            ok = ok && st->step() == SQLITE_DONE;
            if (ok && st == &m_indexWords)
                indexed = sqlite3_changes(m_db.handle());
            st->reset();
        }
        m_setMark.bind(1, upto);
        ok = ok && step(m_setMark, &why);
    }
    if (!ok || !m_db.exec("COMMIT", &why)) {
        if (why.isEmpty())
            why = m_db.lastError();
        m_db.exec("ROLLBACK");
        if (error)
            *error = QStringLiteral("cannot index the new mentions: %1").arg(why);
        return -1;
    }
    if (indexed < std::max(1, maxRows)) {
        m_pendingSinceMs = 0;
        m_pendingRows = 0;
    } else {
        m_pendingRows = std::max<qint64>(0, m_pendingRows - indexed);
    }
    return indexed;
}

bool MentionWriter::flushIndex(QString *error) {
    while (m_pendingSinceMs != 0) {
        if (indexPending(m_indexChunk, error) < 0)
            return false;
    }
    return true;
}

bool MentionWriter::rebuildSearchIndex(qint64 *indexed, QString *error) {
    *indexed = 0;
    QString why;
    if (!m_db.isOpen() ||
        !m_db.exec("BEGIN IMMEDIATE;"
                   "INSERT INTO mentions_words(mentions_words) VALUES('delete-all');"
                   "INSERT INTO mentions_cjk(mentions_cjk) VALUES('delete-all');"
                   "UPDATE search_index_state SET indexed_upto = 0 WHERE id = 1;"
                   "COMMIT",
                   &why)) {
        m_db.exec("ROLLBACK");
        if (error)
            *error = QStringLiteral("cannot empty the search index: %1").arg(why);
        return false;
    }
    for (;;) {
        const int n = indexPending(m_indexChunk, error);
        if (n < 0)
            return false;
        if (n == 0)
            return true;
        *indexed += n;
    }
}

bool MentionWriter::prepare(QString *error) {
    m_insertMention = m_db.prepare(kInsertMention, error);
    m_updateAuthor = m_db.prepare(kUpdateAuthor, error);
    m_updateAuthorById = m_db.prepare(kUpdateAuthorById, error);
    m_insertAuthor = m_db.prepare(kInsertAuthor, error);
    m_upsertMinute = m_db.prepare(kUpsertMinute, error);
    m_saveCheckpoint = m_db.prepare(kSaveCheckpoint, error);
    m_readMark = m_db.prepare("SELECT indexed_upto FROM search_index_state WHERE id = 1", error);
    m_pendingUpto = m_db.prepare(kPendingUpto, error);
    m_indexWords = m_db.prepare(kIndexWords, error);
    m_indexCjk = m_db.prepare(kIndexCjk, error);
    m_setMark = m_db.prepare("UPDATE search_index_state SET indexed_upto = ?1 WHERE id = 1", error);
    m_upsertAuthorHour = m_db.prepare(kUpsertAuthorHour, error);
    m_authorId = m_db.prepare("SELECT id FROM authors WHERE source = ?1 AND handle = ?2", error);
    return m_insertMention.isValid() && m_updateAuthor.isValid() && m_updateAuthorById.isValid() &&
           m_insertAuthor.isValid() && m_upsertMinute.isValid() && m_saveCheckpoint.isValid() &&
           m_indexWords.isValid() && m_indexCjk.isValid() && m_upsertAuthorHour.isValid() &&
           m_authorId.isValid() && m_readMark.isValid() && m_pendingUpto.isValid() &&
           m_setMark.isValid();
}

WriteResult MentionWriter::write(const MentionBatch &batch, const QList<MentionChange> &changes,
                                 const ConnectorCheckpoint &checkpoint) {
    WriteResult result;
    if (batch.isEmpty() && changes.isEmpty() && !checkpoint.isValid())
        return result;
    QString why;
    if (!m_db.exec("BEGIN IMMEDIATE", &why)) {
        result.error =
            (sqlite3_errcode(m_db.handle()) & 0xff) == SQLITE_BUSY
                ? QStringLiteral("the store is locked by another program (%1); nothing of this "
                                 "batch was saved")
                      .arg(why)
                : QStringLiteral("the store cannot be written: %1").arg(why);
        return result;
    }

    m_newAuthorIds.clear(); // only what this transaction adds
    QList<const Mention *> inserted;
    inserted.reserve(batch.size());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();

    for (const Mention &m : batch) {
        if (m.source.isEmpty() || m.sourceId.isEmpty() || !m.createdAt.isValid()) {
            ++result.rejected;
            continue;
        }
        const qint64 created = m.createdAt.toMSecsSinceEpoch();
        const QString sentiment = sentimentName(m.sentiment);
        auto &st = m_insertMention;
        st.bind(1, m.source);
        st.bind(2, m.sourceId);
        st.bind(3, m.url.isEmpty() ? QString() : m.url);
        const QString urlKey = m.dedupeByUrl ? articleUrlKey(m.url) : QString();
        st.bind(4, urlKey.isEmpty() ? QString() : urlKey);
        st.bind(5, m.authorHandle.isNull() ? QStringLiteral("") : m.authorHandle);
        st.bind(6, m.authorName.isEmpty() ? QString() : m.authorName);
        if (m.authorFollowers >= 0)
            st.bind(7, m.authorFollowers);
        else
            st.bindNull(7);
        st.bind(8, m.title.isEmpty() ? QString() : m.title);
        st.bind(9, m.text.isNull() ? QStringLiteral("") : m.text);
        st.bind(10, m.language.isEmpty() ? QString() : m.language);
        st.bind(11, created);
        st.bind(12, m.ingestedAt.isValid() ? m.ingestedAt.toMSecsSinceEpoch() : now);
        st.bind(13, qint64(m.timeEstimated));
        st.bind(14, m.reposts);
        st.bind(15, m.likes);
        st.bind(16, m.replies);
        if (m.sentiment == Sentiment::Unknown) {
            st.bindNull(17);
            st.bindNull(18);
        } else {
            st.bind(17, sentiment);
            st.bind(18, m.sentimentScore);
        }
        st.bind(19, qint64(m.sentimentByAnalyst));
        st.bind(20, statusName(m.status));
        st.bind(21, qint64(m.deleted));
        st.bind(22, m.inReplyTo.isEmpty() ? QString() : m.inReplyTo);
        const bool cjk = containsNoSpaceScript(m.title) || containsNoSpaceScript(m.text);
        st.bind(23, qint64(cjk));
        const int rc = st.step();
        st.reset();
        if (rc != SQLITE_DONE) {
            result.error = QStringLiteral("cannot store mention %1/%2: %3")
                               .arg(m.source, m.sourceId, sql::describe(m_db.handle(), rc));
            break;
        }
        if (sqlite3_changes(m_db.handle()) == 0) {
            ++result.duplicates;
            continue;
        }
        ++result.inserted;
        // Searchable at once through the reader's scan of the unindexed tail; indexed after.
        result.insertedIds.append(sqlite3_last_insert_rowid(m_db.handle()));
        inserted.append(&m);
    }
    if (result.ok() && !countInAggregates(inserted, &why))
        result.error = why;

    for (const MentionChange &c : changes) {
        if (!result.ok())
            break;
        if (!applyChange(c, &why))
            result.error = QStringLiteral("cannot record a change of %1/%2: %3")
                               .arg(c.source, c.sourceId, why);
        else
            ++result.changed;
    }
    if (result.ok() && checkpoint.isValid()) {
        auto &st = m_saveCheckpoint;
        st.bind(1, checkpoint.connector);
        st.bind(2, checkpoint.cursor);
        st.bind(3, checkpoint.etag);
        st.bind(4, checkpoint.lastModified);
        st.bind(5, checkpoint.rateLimitReset);
        if (checkpoint.lastItemAt.isValid())
            st.bind(6, checkpoint.lastItemAt.toMSecsSinceEpoch());
        else
            st.bindNull(6);
        st.bind(7, checkpoint.lastError);
        st.bindText(8, checkpoint.stateJson.isEmpty() ? QByteArray("{}") : checkpoint.stateJson);
        st.bind(9, now);
        const int rc = st.step();
        st.reset();
        if (rc != SQLITE_DONE)
            result.error = QStringLiteral("cannot save the position of %1: %2")
                               .arg(checkpoint.connector, sql::describe(m_db.handle(), rc));
    }

    if (!result.ok() || !m_db.exec("COMMIT", &why)) {
        if (result.ok())
            result.error = QStringLiteral("cannot commit: %1").arg(why);
        m_db.exec("ROLLBACK");
        m_authorIdCache.clear(); // belt and braces: nothing rolled back stays cached
        m_newAuthorIds.clear();
        result.inserted = 0;
        result.duplicates = 0;
        result.insertedIds.clear();
        result.changed = 0;
        return result;
    }
    // Authors this batch added are known from now on: their next posts update them by id.
    if (m_authorIdCache.size() + m_newAuthorIds.size() > kAuthorIdCacheSize)
        m_authorIdCache.clear();
    m_authorIdCache.insert(m_newAuthorIds);
    m_newAuthorIds.clear();
    if (result.inserted > 0) {
        if (m_pendingSinceMs == 0)
            m_pendingSinceMs = steadyMs();
        m_pendingRows += result.inserted;
        // A failure leaves the rows pending (found by the scan); the next attempt retries.
        if (pendingIndexAgeMs() >= m_maxLagMs || m_pendingRows >= m_indexChunk)
            flushIndex();
    }
    return result;
}

bool MentionWriter::countInAggregates(const QList<const Mention *> &inserted, QString *error) {
    QHash<QPair<QString, QString>, AuthorAggregate> authors;
    QHash<MinuteKey, qint64> minutes;
    QHash<AuthorHourKey, AuthorHourCell> authorHours;
    for (const Mention *mention : inserted) {
        const Mention &m = *mention;
        const qint64 created = m.createdAt.toMSecsSinceEpoch();
        if (!m.authorHandle.isEmpty()) {
            AuthorAggregate &a = authors[{m.source, m.authorHandle}];
            if (a.count == 0 || created >= a.last) {
                if (!m.authorName.isEmpty())
                    a.displayName = m.authorName;
                if (m.authorFollowers >= 0)
                    a.followers = m.authorFollowers;
            }
            a.first = a.count == 0 ? created : std::min(a.first, created);
            a.last = a.count == 0 ? created : std::max(a.last, created);
            ++a.count;
            a.live |= !m.deleted;
        }
        ++minutes[MinuteKey{created / 60000, m.source, m.sentiment, m.language}];
        if (!m.authorHandle.isEmpty() && !m.deleted) {
            AuthorHourCell &c =
                authorHours[AuthorHourKey{m.source, m.authorHandle, created / kHourMs}];
            ++c.posts;
            c.negative += m.sentiment == Sentiment::Negative;
            c.neutral += m.sentiment == Sentiment::Neutral;
            c.positive += m.sentiment == Sentiment::Positive;
            if (m.sentiment == Sentiment::Negative)
                c.negIntensity += std::abs(m.sentimentScore);
            c.reposts += m.reposts;
            c.likes += m.likes;
            c.lastPost = std::max(c.lastPost, created);
        }
    }

    auto failed = [&](const QString &what, int rc) {
        if (error)
            *error = what + QStringLiteral(": ") + sql::describe(m_db.handle(), rc);
        return false;
    };
    QHash<QPair<QString, QString>, qint64> authorIds;
    authorIds.reserve(authors.size());
    // In key order: neighbouring rows share b-tree pages, so each batch dirties fewer of them.
    using AuthorIt = decltype(authors)::const_iterator;
    std::vector<AuthorIt> authorOrder;
    authorOrder.reserve(size_t(authors.size()));
    for (auto it = authors.cbegin(); it != authors.cend(); ++it)
        authorOrder.push_back(it);
    std::sort(authorOrder.begin(), authorOrder.end(),
              [](const AuthorIt &a, const AuthorIt &b) { return a.key() < b.key(); });
    for (const AuthorIt &it : authorOrder) {
        // Known ids come from the cache, which holds only authors that existed before this
        // transaction (a rollback cannot take them away); a new row's from last_insert_rowid.
        const auto cached = m_authorIdCache.constFind(it.key());
        const bool known = cached != m_authorIdCache.cend();
        auto bindValues = [&](sql::Statement &st) {
            st.bind(1, it.key().first);
            st.bind(2, it.key().second);
            st.bind(3, it->displayName.isEmpty() ? QString() : it->displayName);
            if (it->followers >= 0)
                st.bind(4, it->followers);
            else
                st.bindNull(4);
            st.bind(5, it->count);
            st.bind(6, it->first);
            st.bind(7, it->last);
        };
        sql::Statement &update = known ? m_updateAuthorById : m_updateAuthor;
        bindValues(update);
        if (known)
            update.bind(8, *cached);
        int rc = update.step();
        update.reset();
        if (rc != SQLITE_DONE)
            return failed(QStringLiteral("cannot update author ") + it.key().second, rc);
        if (known) {
            authorIds.insert(it.key(), *cached);
            continue;
        }
        if (sqlite3_changes(m_db.handle()) == 0) {
            bindValues(m_insertAuthor);
            rc = m_insertAuthor.step();
            m_insertAuthor.reset();
            if (rc != SQLITE_DONE)
                return failed(QStringLiteral("cannot add author ") + it.key().second, rc);
            authorIds.insert(it.key(), sqlite3_last_insert_rowid(m_db.handle()));
            // Cached once committed (write()): a rollback takes the row away again.
            m_newAuthorIds.insert(it.key(), sqlite3_last_insert_rowid(m_db.handle()));
            continue;
        }
        if (!it->live)
            continue;
        auto &find = m_authorId;
        find.bind(1, it.key().first);
        find.bind(2, it.key().second);
        rc = find.step();
        if (rc == SQLITE_ROW) {
            authorIds.insert(it.key(), find.int64(0));
            if (m_authorIdCache.size() >= kAuthorIdCacheSize)
                m_authorIdCache.clear();
            m_authorIdCache.insert(it.key(), find.int64(0));
        }
        find.reset();
        if (rc != SQLITE_ROW)
            return failed(QStringLiteral("cannot find author ") + it.key().second, rc);
    }
    struct CellRef {
        qint64 hour;
        qint64 authorId;
        const AuthorHourCell *cell;
    };
    std::vector<CellRef> cells;
    cells.reserve(size_t(authorHours.size()));
    for (auto it = authorHours.cbegin(); it != authorHours.cend(); ++it)
        cells.push_back({it.key().hour, authorIds.value({it.key().source, it.key().handle}), &*it});
    std::sort(cells.begin(), cells.end(), [](const CellRef &a, const CellRef &b) {
        return a.hour != b.hour ? a.hour < b.hour : a.authorId < b.authorId;
    });
    for (const CellRef &ref : cells) {
        auto &st = m_upsertAuthorHour;
        const AuthorHourCell &c = *ref.cell;
        st.bind(1, ref.hour);
        st.bind(2, ref.authorId);
        st.bind(3, c.posts);
        st.bind(4, c.negative);
        st.bind(5, c.neutral);
        st.bind(6, c.positive);
        st.bind(7, c.negIntensity);
        st.bind(8, c.reposts);
        st.bind(9, c.likes);
        st.bind(10, c.lastPost);
        const int rc = st.step();
        st.reset();
        if (rc != SQLITE_DONE)
            return failed(QStringLiteral("cannot update the author counts"), rc);
    }
    for (auto it = minutes.cbegin(); it != minutes.cend(); ++it) {
        auto &st = m_upsertMinute;
        st.bind(1, it.key().minute);
        st.bind(2, it.key().source);
        st.bindText(3, sentimentName(it.key().sentiment).toUtf8());
        st.bindText(4, it.key().lang.toUtf8());
        st.bind(5, it.value());
        const int rc = st.step();
        st.reset();
        if (rc != SQLITE_DONE)
            return failed(QStringLiteral("cannot update the timeline counts"), rc);
    }
    return true;
}

bool MentionWriter::applyChange(const MentionChange &c, QString *error) {
    const qint64 at = (c.at.isValid() ? c.at : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
    if (c.kind == MentionChange::Kind::Deleted) {
        // Marked, never erased: the room keeps what was said (and counts it in mention_minutes);
        // the post leaves its author's live counts.
        if (!m_findBySourceId.isValid()) {
            m_findBySourceId = m_db.prepare(
                (QByteArray(kStoredColumns) + "WHERE m.source = ?1 AND m.source_id = ?2")
                    .constData(),
                error);
            if (!m_findBySourceId.isValid())
                return false;
        }
        m_findBySourceId.bind(1, c.source);
        m_findBySourceId.bind(2, c.sourceId);
        Stored stored;
        if (!readStored(m_findBySourceId, &stored, error))
            return false;
        if (stored.id == 0 || stored.deleted)
            return true; // a deletion of a post we never stored, or again: nothing moves
        sql::Statement st = m_db.prepare(
            "UPDATE mentions SET deleted = 1, deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1",
            error);
        if (!st.isValid())
            return false;
        st.bind(1, stored.id);
        st.bind(2, at);
        return step(st, error) && removeFromAuthorHours(stored, error);
    }
    // Edited: the previous text goes to mention_edits, the mention and the index show the new one.
    sql::Statement find = m_db.prepare(
        "SELECT id, coalesce(title, ''), text, cjk, id <= (SELECT indexed_upto FROM "
        "search_index_state WHERE id = 1) FROM mentions WHERE source = ?1 AND source_id = ?2",
        error);
    if (!find.isValid())
        return false;
    find.bind(1, c.source);
    find.bind(2, c.sourceId);
    if (find.step() != SQLITE_ROW)
        return true; // an edit of a post we never stored: nothing to mark
    const qint64 id = find.int64(0);
    const QString title = find.text(1);
    const QString oldText = find.text(2);
    const bool oldCjk = find.int64(3) != 0;
    // Not indexed yet: the indexer will index the text as it is then; nothing to take out.
    const bool indexed = find.int64(4) != 0;
    find.reset();
    if (oldText == c.newText)
        return true;
    const QString oldBody = title.isEmpty() ? oldText : title + u' ' + oldText;
    const QString newBody = title.isEmpty() ? c.newText : title + u' ' + c.newText;
    const bool newCjk = containsNoSpaceScript(newBody);
    struct Step {
        const char *sql;
        QVariantList args;
    };
    const QList<Step> steps = {
        {"INSERT INTO mention_edits(mention_id, edited_at, old_text) VALUES (?1, ?2, ?3)",
         {id, at, oldText}},
        {indexed ? "INSERT INTO mentions_words(mentions_words, rowid, body) VALUES ('delete', ?1, "
                   "?2)"
                 : nullptr,
         {id, oldBody}},
        {indexed && oldCjk
             ? "INSERT INTO mentions_cjk(mentions_cjk, rowid, body) VALUES ('delete', ?1, ?2)"
             : nullptr,
         {id, oldBody}},
        {"UPDATE mentions SET text = ?2, edited_at = ?3, cjk = ?4 WHERE id = ?1",
         {id, c.newText, at, qint64(newCjk)}},
        {indexed ? "INSERT INTO mentions_words(rowid, body) VALUES (?1, ?2)" : nullptr,
         {id, newBody}},
        {indexed && newCjk ? "INSERT INTO mentions_cjk(rowid, body) VALUES (?1, ?2)" : nullptr,
         {id, newBody}},
    };
    for (const Step &step : steps) {
        if (!step.sql)
            continue;
        sql::Statement st = m_db.prepare(step.sql, error);
        if (!st.isValid())
            return false;
        for (int k = 0; k < step.args.size(); ++k) {
            const QVariant &v = step.args.at(k);
            if (v.typeId() == QMetaType::QString)
                st.bind(k + 1, v.toString());
            else
                st.bind(k + 1, v.toLongLong());
        }
        if (st.step() != SQLITE_DONE) {
            if (error)
                *error = m_db.lastError();
            return false;
        }
    }
    return true;
}

bool MentionWriter::step(sql::Statement &st, QString *error) {
    const int rc = st.step();
    st.reset();
    if (rc == SQLITE_DONE)
        return true;
    if (error)
        *error = sql::describe(m_db.handle(), rc);
    return false;
}

bool MentionWriter::readStored(sql::Statement &find, Stored *out, QString *error) {
    *out = Stored();
    const int rc = find.step();
    if (rc == SQLITE_ROW) {
        out->id = find.int64(0);
        out->created = find.int64(1);
        out->source = find.text(2);
        out->lang = find.text(3);
        out->label = find.text(4);
        out->scored = !find.isNull(5);
        out->score = find.real(5);
        out->deleted = find.int64(6) != 0;
        out->handle = find.text(7);
        out->reposts = find.int64(8);
        out->likes = find.int64(9);
        out->authorId = find.int64(10);
        out->byAnalyst = find.int64(11) != 0;
    }
    find.reset();
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)
        return true;
    if (error)
        *error = sql::describe(m_db.handle(), rc);
    return false;
}

bool MentionWriter::removeFromAuthorHours(const Stored &m, QString *error) {
    if (m.authorId == 0 || m.handle.isEmpty())
        return true;
    if (!m_authorHourRemove.isValid()) {
        m_authorHourRemove = m_db.prepare(kAuthorHourRemove, error);
        m_authorHourPrune = m_db.prepare(
            "DELETE FROM author_hours WHERE hour = ?1 AND author_id = ?2 AND posts <= 0", error);
        if (!m_authorHourRemove.isValid() || !m_authorHourPrune.isValid())
            return false;
    }
    const qint64 hour = m.created / kHourMs;
    auto &st = m_authorHourRemove;
    st.bind(1, hour);
    st.bind(2, m.authorId);
    st.bind(3, qint64(m.label == u"negative"));
    st.bind(4, qint64(m.label == u"neutral"));
    st.bind(5, qint64(m.label == u"positive"));
    st.bind(6, negativeIntensity(m.label, m.scored, m.score));
    st.bind(7, m.reposts);
    st.bind(8, m.likes);
    st.bind(9, m.created);
    st.bind(10, m.source);
    st.bind(11, m.handle);
    if (!step(st, error))
        return false;
    m_authorHourPrune.bind(1, hour);
    m_authorHourPrune.bind(2, m.authorId);
    return step(m_authorHourPrune, error);
}

bool MentionWriter::updateSentiment(const SentimentUpdate &u, SentimentUpdateResult *result,
                                    QString *error) {
    *result = SentimentUpdateResult();
    if (!m_findById.isValid()) {
        m_findById =
            m_db.prepare((QByteArray(kStoredColumns) + "WHERE m.id = ?1").constData(), error);
        m_setSentiment =
            m_db.prepare("UPDATE mentions SET sentiment_label = ?2, sentiment_score = ?3, "
                         "sentiment_by_analyst = (sentiment_by_analyst OR ?4) WHERE id = ?1",
                         error);
        m_minuteDown = m_db.prepare("UPDATE mention_minutes SET n = n - 1 WHERE minute = ?1 AND "
                                    "source = ?2 AND sentiment = ?3 AND lang = ?4",
                                    error);
        m_minutePrune = m_db.prepare("DELETE FROM mention_minutes WHERE minute = ?1 AND source = "
                                     "?2 AND sentiment = ?3 AND lang = ?4 AND n <= 0",
                                     error);
        m_minuteUp =
            m_db.prepare("INSERT INTO mention_minutes(minute, source, sentiment, lang, n) "
                         "VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT(minute, source, sentiment, lang) "
                         "DO UPDATE SET n = mention_minutes.n + 1",
                         error);
        m_authorHourMove = m_db.prepare(kAuthorHourMove, error);
        if (!m_findById.isValid() || !m_setSentiment.isValid() || !m_minuteDown.isValid() ||
            !m_minutePrune.isValid() || !m_minuteUp.isValid() || !m_authorHourMove.isValid())
            return false;
    }
    m_findById.bind(1, u.id);
    Stored m;
    if (!readStored(m_findById, &m, error))
        return false;
    if (m.id == 0 || (!u.byAnalyst && m.byAnalyst))
        return true; // gone, or an analyst labelled it: theirs stands
    result->found = true;
    result->previous = sentimentFromName(m.label);
    const QString label = sentimentName(u.label);
    const bool scored = u.label != Sentiment::Unknown;

    m_setSentiment.bind(1, m.id);
    if (scored) {
        m_setSentiment.bind(2, label);
        m_setSentiment.bind(3, u.score);
    } else {
        m_setSentiment.bindNull(2);
        m_setSentiment.bindNull(3);
    }
    m_setSentiment.bind(4, qint64(u.byAnalyst));
    if (!step(m_setSentiment, error))
        return false;

    if (label != m.label) {
        const qint64 minute = m.created / 60000;
        for (sql::Statement *st : {&m_minuteDown, &m_minutePrune, &m_minuteUp}) {
            const bool up = st == &m_minuteUp;
            st->bind(1, minute);
            st->bind(2, m.source);
            st->bindText(3, (up ? label : m.label).toUtf8());
            st->bindText(4, m.lang.toUtf8());
            if (!step(*st, error))
                return false;
        }
    }
    if (!m.inAuthorHours())
        return true;
    const qint64 negative = qint64(label == u"negative") - qint64(m.label == u"negative");
    const double intensity =
        negativeIntensity(label, scored, u.score) - negativeIntensity(m.label, m.scored, m.score);
    if (negative == 0 && label == m.label && intensity == 0)
        return true;
    auto &st = m_authorHourMove;
    st.bind(1, m.created / kHourMs);
    st.bind(2, m.authorId);
    st.bind(3, negative);
    st.bind(4, qint64(label == u"neutral") - qint64(m.label == u"neutral"));
    st.bind(5, qint64(label == u"positive") - qint64(m.label == u"positive"));
    st.bind(6, intensity);
    return step(st, error);
}

bool MentionWriter::setStatus(const QList<qint64> &ids, MentionStatus status, QString *error) {
    QString why;
    if (!m_db.exec("BEGIN IMMEDIATE", &why)) {
        if (error)
            *error = why;
        return false;
    }
    sql::Statement st = m_db.prepare("UPDATE mentions SET status = ?1 WHERE id = ?2", &why);
    bool ok = st.isValid();
    for (qint64 id : ids) {
        if (!ok)
            break;
        st.bind(1, statusName(status));
        st.bind(2, id);
        ok = st.step() == SQLITE_DONE;
        st.reset();
    }
    if (ok && m_db.exec("COMMIT", &why))
        return true;
    m_db.exec("ROLLBACK");
    if (error)
        *error = why.isEmpty() ? m_db.lastError() : why;
    return false;
}

} // namespace warroom
