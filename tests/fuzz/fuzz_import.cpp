// File import (FileImporter: CSV, TSV, JSONL, with language and sentiment analysis) on an
// arbitrary file: no crash, leak or UB; every row is either a mention or a rejected line, and
// every mention can be stored and shown.
#include "fuzzcheck.h"
#include "import/fileimporter.h"

#include <QFile>
#include <QTemporaryDir>

using namespace warroom;

namespace {
QTemporaryDir *g_dir = nullptr;
FileImporter *g_importer = nullptr;
} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    fuzz::initQt(argc, argv);
    g_dir = new QTemporaryDir;
    // WARROOM_FUZZ_NO_ANALYSIS=1 fuzzes the importer alone (while an analysis defect is open).
    ImportOptions options;
    options.analyse = qEnvironmentVariableIsEmpty("WARROOM_FUZZ_NO_ANALYSIS");
    g_importer = new FileImporter(options);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // The suffix picks the reader the way a user's file name would: .csv, .tsv, .jsonl, or
    // none (sniffed from the content).
    static const char *const suffixes[] = {"txt", "csv", "tsv", "jsonl"};
    const QString path = g_dir->filePath(QStringLiteral("input.") +
                                         QLatin1StringView(suffixes[size % std::size(suffixes)]));
    {
        QFile f(path);
        FUZZ_CHECK(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        FUZZ_CHECK(f.write(fuzz::bytes(data, size)) == qint64(size));
    }
    qint64 mentions = 0;
    const ImportSummary s = g_importer->run(path, [&](const MentionBatch &batch) {
        WriteResult r;
        for (const Mention &m : batch) {
            fuzz::checkMention(m, false);
            FUZZ_CHECK(!m.source.isEmpty() && !m.sourceId.isEmpty());
            FUZZ_CHECK(!m.text.trimmed().isEmpty() || !m.title.trimmed().isEmpty());
            FUZZ_CHECK(m.sentimentScore >= -1.0 && m.sentimentScore <= 1.0);
            ++r.inserted;
        }
        mentions += batch.size();
        return r;
    });
    if (s.fatal.isEmpty()) {
        FUZZ_CHECK(s.inserted == mentions);
        FUZZ_CHECK(s.read == s.inserted + s.rejected);
        FUZZ_CHECK(s.rejects.size() ==
                   std::min<qint64>(s.rejected, ImportSummary::kMaxRejectsKept));
        for (const RejectedRow &row : s.rejects)
            FUZZ_CHECK(row.line >= 1 && !row.reason.isEmpty());
    } else {
        FUZZ_CHECK(!s.fatal.contains(u'\n'));
    }
    return 0;
}
