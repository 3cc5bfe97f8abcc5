#include "mentionwriter.h"

#include "domain/urlkey.h"
#include "store.h"

#include <QHash>

namespace warroom {

namespace {

constexpr const char *kInsertMention = R"sql(
INSERT OR IGNORE INTO mentions(source, source_id, url, url_key, author_handle, author_name,
    author_followers, title, text, lang, created_at, ingested_at, time_estimated, reposts, likes,
    replies, sentiment_label, sentiment_score, sentiment_by_analyst, status, deleted, in_reply_to)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
        ?21, ?22)
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
    return m_insertMention.isValid() && m_upsertAuthor.isValid() && m_upsertMinute.isValid();
}

WriteResult MentionWriter::write(const MentionBatch &batch) {
    WriteResult result;
    if (batch.isEmpty())
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
        result.insertedIds.append(sqlite3_last_insert_rowid(m_db.handle()));
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

    if (!result.ok() || !m_db.exec("COMMIT", &why)) {
        if (result.ok())
            result.error = QStringLiteral("cannot commit: %1").arg(why);
        m_db.exec("ROLLBACK");
        result.inserted = 0;
        result.duplicates = 0;
        result.insertedIds.clear();
    }
    return result;
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
