#pragma once

#include "import/fileimporter.h"
#include "store/mentionwriter.h"

#include <QTemporaryDir>

#include <memory>

namespace warroom::test {

// A store file in a fresh temporary folder, removed with the object.
class TempStore {
public:
    TempStore();
    [[nodiscard]] QString path() const { return m_path; }
    [[nodiscard]] QString dir() const { return m_dir.path(); }
    // Imports through a MentionWriter of its own (closed again afterwards).
    ImportSummary import(const QString &file, const ImportOptions &options = {});

private:
    QTemporaryDir m_dir;
    QString m_path;
};

} // namespace warroom::test
