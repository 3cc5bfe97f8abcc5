#pragma once

#include "domain/mention.h"
#include "mentionwriter.h"
#include "sqlite.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QVector>

#include <functional>
#include <optional>

namespace warroom {

// What the mention stream shows: all set fields must match.
struct MentionFilter {
    QString search; // as typed; see SearchQuery
    std::optional<MentionStatus> status;
    std::optional<Sentiment> sentiment;
    QString source;
    QString language;
    QString authorHandle;
    bool operator==(const MentionFilter &) const = default;
};

// Mentions of a time range, for readers that need rows rather than aggregates (the post-mortem's
// spark, earliest posts, our own posts). All set fields must match.
struct MentionRange {
    qint64 fromMs = 0; // created_at >= fromMs
    qint64 toMs = 0;   // created_at < toMs
    QString source;    // with authorHandle: one author's mentions (mentions_author index)
    QString authorHandle;
    int limit = 0; // <= 0: all
};

struct StoreStats {
    qint64 mentions = 0;
    qint64 authors = 0;
    QMap<QString, qint64> sources;
    QDateTime first; // invalid when empty
    QDateTime last;
};

// A read-only connection and the queries the views need. One per thread (the GUI's reader
// worker, a CLI); WAL lets it read beside the writer.
class MentionReader final {
public:
    bool open(const QString &path, QString *error);
    [[nodiscard]] bool isOpen() const { return m_db.isOpen(); }
    [[nodiscard]] sql::Connection &connection() { return m_db; }

    // Ids of matching mentions, newest first. Only ids greater than `afterId` when given.
    // False + a line for the user when the search cannot run. When the full-text index is
    // damaged, the terms are scanned instead and warning() says so.
    bool ids(const MentionFilter &filter, QVector<qint64> *out, QString *error, qint64 afterId = 0);
    // A line for the user about the last ids() answer (empty: nothing to say).
    [[nodiscard]] const QString &warning() const { return m_warning; }
    // The first `limit` ids of ids(filter) in the same order (reversed for oldestFirst), found by
    // walking the time index and testing each row, within `budgetMs`: the stream's first page
    // of a search matching a large share of the store, before ids() has listed and sorted every
    // match. All: fewer than `limit` match, `out` is the whole answer. GaveUp: the budget ran
    // out, or the filter has a cheaper way (an author); ids() answers. Failed: `error` says why.
    enum class FirstIds { First, All, GaveUp, Failed };
    FirstIds firstIds(const MentionFilter &filter, int limit, bool oldestFirst, int budgetMs,
                      QVector<qint64> *out, QString *error);
    // Full rows for these ids, in the same order (ids that vanished are skipped).
    [[nodiscard]] QList<Mention> fetch(const QVector<qint64> &ids);
    [[nodiscard]] std::optional<Mention> mention(const QString &source, const QString &sourceId);
    [[nodiscard]] StoreStats stats();
    [[nodiscard]] qint64 maxId() const;
    // What a connector saved last time; invalid (empty connector) when it never ran.
    [[nodiscard]] ConnectorCheckpoint checkpoint(const QString &connector);
    [[nodiscard]] QList<ConnectorCheckpoint> checkpoints();

    // Every mention in id order, in pages: for export.
    bool forEach(const std::function<bool(const Mention &)> &visit, QString *error);

    // The mentions of a range in time order (created_at, id) on any read connection `db` (a
    // worker's or a CLI's own, on its thread), the same rows fetch() gives. `visit` returns false
    // to stop. False + the SQL error when the query fails.
    static bool forEachInRange(sql::Connection &db, const MentionRange &range,
                               const std::function<bool(const Mention &)> &visit, QString *error);

private:
    // ids() with the indexes or by scan: SQLITE_DONE, else the extended error code.
    int runIds(const MentionFilter &filter, QVector<qint64> *out, QString *error, qint64 afterId,
               bool scanOnly);

    sql::Connection m_db;
    QString m_path;
    QString m_warning;
    sql::Statement m_byId;
};

} // namespace warroom
