#pragma once

#include "domain/mention.h"
#include "sqlite.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

namespace warroom {

// Where a connector stands: saved in the same transaction as the mentions it covers, so a
// restart resumes exactly after what was committed (no gap, no duplicate).
struct ConnectorCheckpoint {
    QString connector; // unique id of the connector instance, e.g. "mastodon:mastodon.social#tag"
    QString cursor;    // the source's own cursor (min_id, Jetstream time_us, Algolia time...)
    QString etag;      // HTTP ETag for conditional GET
    QString lastModified;        // HTTP Last-Modified
    qint64 rateLimitReset = 0;   // ms since epoch; 0 = none
    QDateTime lastItemAt;        // newest item seen
    QString lastError;           // last failure, one line
    QByteArray stateJson = "{}"; // anything else the connector needs
    [[nodiscard]] bool isValid() const { return !connector.isEmpty(); }
};

// An edit or deletion reported by a source: the mention is marked, its history kept.
struct MentionChange {
    enum class Kind { Deleted, Edited };
    Kind kind = Kind::Deleted;
    QString source;
    QString sourceId;
    QString newText; // Edited only
    QDateTime at;    // when the source says it happened (or now)
};

struct WriteResult {
    int inserted = 0;
    int duplicates = 0;
    int rejected = 0;
    int changed = 0; // edits and deletions applied
    QList<qint64> insertedIds;
    QString error; // non-empty: the whole batch was rolled back
    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

// A stored mention's sentiment changes: an analyst's correction or the model's re-scoring.
struct SentimentUpdate {
    qint64 id = 0;
    Sentiment label = Sentiment::Unknown; // Unknown: no label, the score is cleared too
    double score = 0;                     // [-1, 1]
    // true: an analyst's label (sentiment_by_analyst = 1). false: the model's, never applied to a
    // mention an analyst labelled (theirs stands).
    bool byAnalyst = false;
};

struct SentimentUpdateResult {
    bool found = false; // false: no such mention, or a model update of an analyst's label
    Sentiment previous = Sentiment::Unknown;
    [[nodiscard]] bool labelChanged(Sentiment now) const { return found && previous != now; }
};

// The one writer: owns the store's write connection and commits each batch in one transaction
// (mentions, their authors, the aggregates and the full-text index together).
//
// The aggregates it keeps equal to a full recount of `mentions` (see analysis/analysisschema.h):
//   mention_minutes(minute, source, sentiment, lang, n)  every mention, deleted ones included;
//   author_hours(hour, author_id, ...)                   live posts (deleted = 0) with an author.
// Inserts and deletions move them in write(); a sentiment change must go through
// updateSentiment(), never a bare UPDATE of mentions.sentiment_label.
// Not thread-safe: used by exactly one thread (StoreWriter's, or a CLI's main thread).
//
// The full-text index follows the mentions (see kSearchLagMigration in searchschema.h): write()
// commits the mentions only; their indexing runs in transactions of its own, in large chunks
// (cheaper per row), at the latest when the oldest unindexed mention is maxLagMs old (write()
// checks after each commit; StoreWriter and AsyncMentionWriter also when idle) and when the
// writer closes. Until then MentionReader scans the unindexed tail, so search never misses a
// committed mention.
class MentionWriter final {
public:
    MentionWriter() = default;
    ~MentionWriter(); // indexes what is still pending
    MentionWriter(const MentionWriter &) = delete;
    MentionWriter &operator=(const MentionWriter &) = delete;
    // Also catches the index up with the mentions (after a kill: from the stored mark).
    bool open(const QString &path, QString *error);
    [[nodiscard]] bool isOpen() const { return m_db.isOpen(); }
    [[nodiscard]] sql::Connection &connection() { return m_db; }

    // Duplicates (same source + source_id, or same article URL for feeds) are counted, not stored.
    // A checkpoint, when given, is saved in the same transaction; changes are applied after the
    // batch (a deletion may refer to a post in the same batch).
    WriteResult write(const MentionBatch &batch, const QList<MentionChange> &changes = {},
                      const ConnectorCheckpoint &checkpoint = {});

    bool setStatus(const QList<qint64> &ids, MentionStatus status, QString *error);

    // Sets one mention's label and score and moves it in mention_minutes and author_hours.
    // Runs inside a transaction the caller opened on connection() (BEGIN IMMEDIATE ... COMMIT),
    // so a batch of updates commits together. False + reason only on an SQL failure.
    bool updateSentiment(const SentimentUpdate &update, SentimentUpdateResult *result,
                         QString *error);

    // Counts mentions just inserted (by write(), or a benchmark) into authors, mention_minutes
    // and author_hours, inside the caller's transaction. Each mention must be counted once, and
    // it is called at most once per transaction.
    bool countInAggregates(const QList<const Mention *> &inserted, QString *error);

    // Indexes up to maxRows not yet indexed mentions (lowest ids first) and moves the mark, in
    // one transaction of its own. The number indexed (0: nothing pending), -1 + reason on error.
    int indexPending(int maxRows, QString *error = nullptr);
    // Indexes everything pending, chunk by chunk. False + reason on an SQL failure.
    bool flushIndex(QString *error = nullptr);
    // Empties both full-text indexes and indexes every mention again (`warroom reindex`, for a
    // damaged index): the emptying and the mark at 0 commit together, so readers scan meanwhile
    // and never see a half index. `indexed` gets the mentions indexed.
    bool rebuildSearchIndex(qint64 *indexed, QString *error);
    // Mentions committed by this writer and not indexed yet: since when (ms, steady clock), 0 none.
    [[nodiscard]] bool hasPendingIndex() const { return m_pendingSinceMs != 0; }
    [[nodiscard]] qint64 pendingIndexAgeMs() const;
    // How far the index may fall behind: in time and in rows (tests and benchmarks tune it).
    void setIndexLag(qint64 maxLagMs, int chunkRows) {
        m_maxLagMs = maxLagMs;
        m_indexChunk = chunkRows;
    }
    [[nodiscard]] qint64 maxIndexLagMs() const { return m_maxLagMs; }
    static constexpr qint64 kDefaultIndexLagMs = 1000;
    static constexpr int kDefaultIndexChunk = 100000;

private:
    struct Stored;
    bool prepare(QString *error);
    bool applyChange(const MentionChange &change, QString *error);
    bool readStored(sql::Statement &find, Stored *out, QString *error);
    bool removeFromAuthorHours(const Stored &m, QString *error);
    bool step(sql::Statement &st, QString *error);

    sql::Connection m_db;
    sql::Statement m_insertMention;
    sql::Statement m_updateAuthor;
    sql::Statement m_updateAuthorById;
    sql::Statement m_insertAuthor;
    sql::Statement m_upsertMinute;
    sql::Statement m_saveCheckpoint;
    sql::Statement m_readMark;
    sql::Statement m_pendingUpto;
    sql::Statement m_indexWords;
    sql::Statement m_indexCjk;
    sql::Statement m_setMark;
    qint64 m_pendingSinceMs = 0;
    qint64 m_pendingRows = 0;
    qint64 m_maxLagMs = kDefaultIndexLagMs;
    int m_indexChunk = kDefaultIndexChunk;
    sql::Statement m_upsertAuthorHour;
    sql::Statement m_authorId;
    QHash<QPair<QString, QString>, qint64> m_authorIdCache; // (source, handle) -> authors.id
    QHash<QPair<QString, QString>, qint64> m_newAuthorIds;  // added by the open transaction
    // Prepared on first use (corrections, re-scoring, deletions).
    sql::Statement m_findById;
    sql::Statement m_findBySourceId;
    sql::Statement m_setSentiment;
    sql::Statement m_minuteDown;
    sql::Statement m_minutePrune;
    sql::Statement m_minuteUp;
    sql::Statement m_authorHourMove;
    sql::Statement m_authorHourRemove;
    sql::Statement m_authorHourPrune;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::WriteResult)
Q_DECLARE_METATYPE(warroom::ConnectorCheckpoint)
Q_DECLARE_METATYPE(warroom::MentionChange)
