#pragma once

#include "domain/mention.h"

#include <QByteArray>
#include <QStringList>

namespace warroom {

// Every field of a mention, named as the importer reads them back (a round trip loses nothing).
class MentionExporter final {
public:
    enum class Format { Jsonl, Csv };

    [[nodiscard]] static QStringList columns();
    [[nodiscard]] static QByteArray csvHeader();
    [[nodiscard]] static QByteArray csvLine(const Mention &m);
    [[nodiscard]] static QByteArray jsonLine(const Mention &m);
    // ISO 8601 UTC with milliseconds and 'Z'.
    [[nodiscard]] static QString isoUtc(const QDateTime &t);
};

} // namespace warroom
