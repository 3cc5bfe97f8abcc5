#include "csvreader.h"

namespace warroom {

CsvReader::CsvReader(QByteArrayView data, char delimiter)
    : m_data(data)
    , m_delimiter(delimiter) {
    // A UTF-8 byte order mark is not part of the first column's name.
    if (m_data.startsWith("\xEF\xBB\xBF"))
        m_pos = 3;
}

char CsvReader::sniffDelimiter(QByteArrayView data) {
    const qsizetype end = data.indexOf('\n');
    const QByteArrayView first = end < 0 ? data : data.first(end);
    int commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : first) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            ++commas;
        else if (!quoted && c == ';')
            ++semicolons;
        else if (!quoted && c == '\t')
            ++tabs;
    }
    if (tabs > commas && tabs > semicolons)
        return '\t';
    if (semicolons > commas)
        return ';';
    return ',';
}

void CsvReader::resumeAfterFirstLine(const Record &record) {
    const qsizetype nl = m_data.indexOf('\n', record.offset);
    m_pos = nl < 0 ? m_data.size() : nl + 1;
    m_line = record.line + 1;
}

bool CsvReader::next(Record *record) {
    record->fields.clear();
    record->error.clear();
    m_storage.clear();
    const qint64 size = m_data.size();
    const char *d = m_data.data();

    // Skip blank lines between records.
    while (m_pos < size && (d[m_pos] == '\n' || d[m_pos] == '\r')) {
        if (d[m_pos] == '\n' || (d[m_pos] == '\r' && (m_pos + 1 >= size || d[m_pos + 1] != '\n')))
            ++m_line;
        ++m_pos;
    }
    if (m_pos >= size)
        return false;

    const qint64 start = m_pos;
    const qint64 startLine = m_line;
    record->line = startLine;
    record->offset = start;
    record->lines = 1;
    qint64 pos = m_pos;
    qint64 line = m_line;
    QList<std::pair<bool, qint64>> fieldRefs; // (stored?, index or offset)
    QList<qint64> fieldLengths;

    auto failAndSkipLine = [&](const QString &why) {
        record->error = why;
        record->fields.clear();
        // Resume on the line after the one where this record started.
        const qsizetype nl = m_data.indexOf('\n', start);
        m_pos = nl < 0 ? size : nl + 1;
        m_line = startLine + 1;
        return true;
    };

    while (true) {
        if (pos < size && d[pos] == '"') {
            // Quoted field.
            QByteArray value;
            ++pos;
            bool closed = false;
            while (pos < size) {
                const char c = d[pos];
                if (c == '"') {
                    if (pos + 1 < size && d[pos + 1] == '"') {
                        value.append('"');
                        pos += 2;
                        continue;
                    }
                    ++pos;
                    closed = true;
                    break;
                }
                if (c == '\n')
                    ++line;
                value.append(c);
                ++pos;
                if (pos - start > kMaxRecordBytes)
                    return failAndSkipLine(
                        QStringLiteral("record longer than 4 MB (a quote that never closes?)"));
            }
            if (!closed)
                return failAndSkipLine(QStringLiteral("a quoted field never closes"));
            const bool trailing =
                pos < size && d[pos] != m_delimiter && d[pos] != '\n' && d[pos] != '\r';
            if (trailing && value.contains('\n')) {
                // A quote that "closes" mid-text lines later: the real one never closed.
                return failAndSkipLine(QStringLiteral("a quoted field never closes"));
            }
            // Sloppy exports: text after the closing quote belongs to the field.
            while (pos < size && d[pos] != m_delimiter && d[pos] != '\n' && d[pos] != '\r')
                value.append(d[pos++]);
            m_storage.append(value);
            fieldRefs.append({true, m_storage.size() - 1});
            fieldLengths.append(value.size());
        } else {
            const qint64 fieldStart = pos;
            while (pos < size && d[pos] != m_delimiter && d[pos] != '\n' && d[pos] != '\r')
                ++pos;
            fieldRefs.append({false, fieldStart});
            fieldLengths.append(pos - fieldStart);
            if (pos - start > kMaxRecordBytes)
                return failAndSkipLine(QStringLiteral("record longer than 4 MB"));
        }
        if (pos < size && d[pos] == m_delimiter) {
            ++pos;
            continue;
        }
        // End of record: newline or end of data.
        if (pos < size && d[pos] == '\r')
            ++pos;
        if (pos < size && d[pos] == '\n')
            ++pos;
        ++line;
        break;
    }
    m_pos = pos;
    m_line = line;
    record->lines = line - startLine;
    for (qsizetype i = 0; i < fieldRefs.size(); ++i) {
        const auto &[stored, ref] = fieldRefs.at(i);
        if (stored)
            record->fields.append(QByteArrayView(m_storage.at(ref)));
        else
            record->fields.append(QByteArrayView(d + ref, fieldLengths.at(i)));
    }
    return true;
}

} // namespace warroom
