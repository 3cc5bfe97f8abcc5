#pragma once

#include <QString>

#include <cstdint>

namespace warroom::bench {

// A deterministic (seeded) crisis stream for benchmarks: Zipf author activity, several languages
// and scripts, a quiet baseline, a spark, amplifiers with large followings, a wave and its decay.
struct CrisisSpec {
    qint64 mentions = 200000;
    qint64 authors = 40000;
    quint64 seed = 20261125;
    qint64 startMs = 1773475200000; // 2026-03-14T08:00:00Z
    qint64 durationMs = 12LL * 3600 * 1000;
};

// Writes the stream as CSV with a header our importer and sqlite3's .import both read.
// Returns false with a reason when the file cannot be written.
bool writeCrisisCsv(const CrisisSpec &spec, const QString &path, QString *error);

} // namespace warroom::bench
