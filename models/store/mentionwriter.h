#pragma once

#include "domain/mention.h"
#include "sqlite.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace warroom {

struct WriteResult {
    int inserted = 0;
    int duplicates = 0;
    int rejected = 0;
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
    WriteResult write(const MentionBatch &batch);

    bool setStatus(const QList<qint64> &ids, MentionStatus status, QString *error);

private:
    bool prepare(QString *error);

    sql::Connection m_db;
    sql::Statement m_insertMention;
    sql::Statement m_upsertAuthor;
    sql::Statement m_upsertMinute;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::WriteResult)
