#include "tempstore.h"

namespace warroom::test {

TempStore::TempStore()
    : m_path(m_dir.filePath(QStringLiteral("store.sqlite"))) {}

ImportSummary TempStore::import(const QString &file, const ImportOptions &options) {
    MentionWriter writer;
    QString error;
    ImportSummary s;
    if (!writer.open(m_path, &error)) {
        s.fatal = error;
        return s;
    }
    FileImporter importer(options);
    return importer.run(file, [&](const MentionBatch &b) { return writer.write(b); });
}

} // namespace warroom::test
