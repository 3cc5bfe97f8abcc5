#include "replay/replayfile.h"

#include "import/fileimporter.h"

#include <algorithm>

namespace warroom {

ReplayRows readReplayRows(const QString &path) {
    ReplayRows out;
    ImportOptions options;
    options.analyse = false; // the connector manager's pipeline analyses what is played
    options.batchSize = 2000;
    FileImporter importer(options);
    const ImportSummary s = importer.run(path, [&out](const MentionBatch &batch) {
        out.rows += batch;
        WriteResult r;
        r.inserted = int(batch.size());
        return r;
    });
    out.error = s.fatal;
    out.rejected = s.rejected;
    std::stable_sort(out.rows.begin(), out.rows.end(),
                     [](const Mention &a, const Mention &b) { return a.createdAt < b.createdAt; });
    return out;
}

} // namespace warroom
