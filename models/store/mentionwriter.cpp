#include "mentionwriter.h"

#include "domain/urlkey.h"
#include "store.h"
#include "textfold.h"

#include <QHash>
#include <QVariant>

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

// The newest post carries the truest follower count and display name.
constexpr const char *kUpsertAuthor = R"sql(
INSERT INTO authors(source, handle, display_name, followers, mention_count, first_seen, last_seen)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
ON CONFLICT(source, handle) DO UPDATE SET
    display_name = CASE WHEN excluded.last_seen >= authors.last_seen
                        THEN coalesce(excluded.display_name, authors.display_name)
                        ELSE coalesce(authors.display_name, excluded.display_name) END,
    followers = CASE WHEN excluded.followers IS NOT NULL AND excluded.last_seen >= authors.last_seen
                     THEN excluded.followers ELSE coalesce(authors.followers, excluded.followers) END,
    mention_count = authors.mention_count + excluded.mention_count,
    first_seen = min(authors.first_seen, excluded.first_seen),
    last_seen = max(authors.last_seen, excluded.last_seen)
)sql";

constexpr const char *kUpsertMinute = R"sql(
INSERT INTO mention_minutes(minute, source, sentiment, n) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT(minute, source, sentiment) DO UPDATE SET n = mention_minutes.n + excluded.n
)sql";

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
};

struct MinuteKey {
    qint64 minute;
    QString source;
    QString sentiment;
    bool operator==(const MinuteKey &o) const {
        return minute == o.minute && source == o.source && sentiment == o.sentiment;
    }
};
size_t qHash(const MinuteKey &k, size_t seed = 0) {
    return qHashMulti(seed, k.minute, k.source, k.sentiment);
}

} // namespace

bool MentionWriter::open(const QString &path, QString *error) {
    if (!Store::openWriter(m_db, path, error))
        return false;
    return prepare(error);
}

bool MentionWriter::prepare(QString *error) {
    m_insertMention = m_db.prepare(kInsertMention, error);
    m_upsertAuthor = m_db.prepare(kUpsertAuthor, error);
    m_upsertMinute = m_db.prepare(kUpsertMinute, error);
    m_saveCheckpoint = m_db.prepare(kSaveCheckpoint, error);
    m_indexWords = m_db.prepare("INSERT INTO mentions_words(rowid, body) VALUES (?1, ?2)", error);
    m_indexCjk = m_db.prepare("INSERT INTO mentions_cjk(rowid, body) VALUES (?1, ?2)", error);
    return m_insertMention.isValid() && m_upsertAuthor.isValid() && m_upsertMinute.isValid() &&
           m_saveCheckpoint.isValid() && m_indexWords.isValid() && m_indexCjk.isValid();
}

WriteResult MentionWriter::write(const MentionBatch &batch, const QList<MentionChange> &changes,
                                 const ConnectorCheckpoint &checkpoint) {
    WriteResult result;
    if (batch.isEmpty() && changes.isEmpty() && !checkpoint.isValid())
        return result;
    QString why;
    if (!m_db.exec("BEGIN IMMEDIATE", &why)) {
        result.error = QStringLiteral("the store is busy or read-only: %1").arg(why);
        return result;
    }

    QHash<QPair<QString, QString>, AuthorAggregate> authors;
    QHash<MinuteKey, qint64> minutes;
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
        const QString body = m.title.isEmpty() ? m.text : m.title + u' ' + m.text;
        const bool cjk = containsNoSpaceScript(body);
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
        const qint64 rowid = sqlite3_last_insert_rowid(m_db.handle());
        result.insertedIds.append(rowid);
        // The search index, in the same transaction: searchable the moment it is committed.
        for (sql::Statement *index : {&m_indexWords, cjk ? &m_indexCjk : nullptr}) {
            if (!index)
                continue;
            index->bind(1, rowid);
            index->bind(2, body);
            const int irc = index->step();
            index->reset();
            if (irc != SQLITE_DONE) {
                result.error = QStringLiteral("cannot index mention %1/%2: %3")
                                   .arg(m.source, m.sourceId, sql::describe(m_db.handle(), irc));
                break;
            }
        }
        if (!result.ok())
            break;
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
        }
        ++minutes[MinuteKey{created / 60000, m.source, sentiment}];
    }

    if (result.ok()) {
        for (auto it = authors.cbegin(); it != authors.cend() && result.ok(); ++it) {
            auto &st = m_upsertAuthor;
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
            const int rc = st.step();
            st.reset();
            if (rc != SQLITE_DONE)
                result.error = QStringLiteral("cannot update author %1: %2")
                                   .arg(it.key().second, sql::describe(m_db.handle(), rc));
        }
        for (auto it = minutes.cbegin(); it != minutes.cend() && result.ok(); ++it) {
            auto &st = m_upsertMinute;
            st.bind(1, it.key().minute);
            st.bind(2, it.key().source);
            st.bindText(3, it.key().sentiment.toUtf8());
            st.bind(4, it.value());
            const int rc = st.step();
            st.reset();
            if (rc != SQLITE_DONE)
                result.error = QStringLiteral("cannot update the timeline counts: %1")
                                   .arg(sql::describe(m_db.handle(), rc));
        }
    }

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
        result.inserted = 0;
        result.duplicates = 0;
        result.insertedIds.clear();
        result.changed = 0;
    }
    return result;
}

bool MentionWriter::applyChange(const MentionChange &c, QString *error) {
    const qint64 at = (c.at.isValid() ? c.at : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
    if (c.kind == MentionChange::Kind::Deleted) {
        // Marked, never erased: the room keeps what was said.
        sql::Statement st =
            m_db.prepare("UPDATE mentions SET deleted = 1, deleted_at = coalesce(deleted_at, ?3) "
                         "WHERE source = ?1 AND source_id = ?2",
                         error);
        if (!st.isValid())
            return false;
        st.bind(1, c.source);
        st.bind(2, c.sourceId);
        st.bind(3, at);
        return st.step() == SQLITE_DONE;
    }
    // Edited: the previous text goes to mention_edits, the mention and the index show the new one.
    sql::Statement find = m_db.prepare("SELECT id, coalesce(title, ''), text, cjk FROM mentions "
                                       "WHERE source = ?1 AND source_id = ?2",
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
        {"INSERT INTO mentions_words(mentions_words, rowid, body) VALUES ('delete', ?1, ?2)",
         {id, oldBody}},
        {oldCjk ? "INSERT INTO mentions_cjk(mentions_cjk, rowid, body) VALUES ('delete', ?1, ?2)"
                : nullptr,
         {id, oldBody}},
        {"UPDATE mentions SET text = ?2, edited_at = ?3, cjk = ?4 WHERE id = ?1",
         {id, c.newText, at, qint64(newCjk)}},
        {"INSERT INTO mentions_words(rowid, body) VALUES (?1, ?2)", {id, newBody}},
        {newCjk ? "INSERT INTO mentions_cjk(rowid, body) VALUES (?1, ?2)" : nullptr, {id, newBody}},
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
