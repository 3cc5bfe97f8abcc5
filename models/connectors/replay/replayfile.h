#pragma once

#include "domain/mention.h"

#include <QString>

namespace warroom {

struct ReplayRows {
    MentionBatch rows; // sorted by createdAt (stable: file order within the same time)
    qint64 rejected = 0;
    QString error; // the file could not be read at all
};

// Reads every row of a CSV/JSONL export (or the drill, ":/drill/scenario.jsonl") into Mentions
// with FileImporter's column recognition and timestamp parsing, without analysis or storing.
// Blocking file I/O: call it on a worker thread.
[[nodiscard]] ReplayRows readReplayRows(const QString &path);

} // namespace warroom
