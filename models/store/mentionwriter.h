#pragma once

#include "domain/mention.h"
#include "sqlite.h"

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

// The one writer: owns the store's write connection and commits each batch in one transaction
// (mentions, their authors, the per-minute aggregates and the full-text index together).
// Not thread-safe: used by exactly one thread (StoreWriter's, or a CLI's main thread).
class MentionWriter final {
public:
    MentionWriter() = default;
    bool open(const QString &path, QString *error);
    [[nodiscard]] bool isOpen() const { return m_db.isOpen(); }
    [[nodiscard]] sql::Connection &connection() { return m_db; }

    // Duplicates (same source + source_id, or same article URL for feeds) are counted, not stored.
    // A checkpoint, when given, is saved in the same transaction; changes are applied after the
    // batch (a deletion may refer to a post in the same batch).
    WriteResult write(const MentionBatch &batch, const QList<MentionChange> &changes = {},
                      const ConnectorCheckpoint &checkpoint = {});

    bool setStatus(const QList<qint64> &ids, MentionStatus status, QString *error);

private:
    bool prepare(QString *error);
    bool applyChange(const MentionChange &change, QString *error);

    sql::Connection m_db;
    sql::Statement m_insertMention;
    sql::Statement m_upsertAuthor;
    sql::Statement m_upsertMinute;
    sql::Statement m_saveCheckpoint;
    sql::Statement m_indexWords;
    sql::Statement m_indexCjk;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::WriteResult)
Q_DECLARE_METATYPE(warroom::ConnectorCheckpoint)
Q_DECLARE_METATYPE(warroom::MentionChange)
