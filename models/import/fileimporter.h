#pragma once

#include "analysis/ingestpipeline.h"
#include "domain/mention.h"
#include "store/mentionwriter.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace warroom {

struct ImportOptions {
    QString source;              // overrides any source column; default: guessed
    QHash<QString, QString> map; // field name → column name (--map field=column)
    int batchSize = 5000;
    bool analyse = true;            // language + sentiment (IngestPipeline) before storing
};

struct RejectedRow {
    qint64 line = 0;
    QString reason;
};

struct ImportSummary {
    qint64 read = 0;
    qint64 inserted = 0;
    qint64 duplicates = 0;
    qint64 rejected = 0;
    QList<RejectedRow> rejects; // the first kMaxRejectsKept, in file order
    QStringList notes;          // e.g. "times taken from tweet ids"
    QString fatal;              // non-empty: the file could not be read at all
    static constexpr int kMaxRejectsKept = 10000;
};

// Reads CSV and JSONL exports of other tools into Mentions: recognises common column names,
// takes --map overrides, parses their timestamps, recovers tweet times from snowflake ids.
// A bad row is reported with its line number and never stops the rest.
// Used from one thread at a time (a CLI's main thread or a worker).
class FileImporter final {
public:
    using Sink = std::function<WriteResult(const MentionBatch &)>;
    using Progress = std::function<void(qint64 done, qint64 total)>;

    explicit FileImporter(ImportOptions options = {});
    ~FileImporter();

    // The canonical field names a column can be mapped to.
    [[nodiscard]] static QStringList fieldNames();

    ImportSummary run(const QString &path, const Sink &sink, const Progress &progress = {});

private:
    ImportOptions m_options;
    std::unique_ptr<IngestPipeline> m_pipeline;
};

} // namespace warroom
