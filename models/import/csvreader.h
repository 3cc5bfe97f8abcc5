#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace warroom {

// RFC 4180 CSV over bytes in memory (a mapped file), forgiving where real exports are sloppy:
// quoted fields may span lines, "" is a quote, a stray quote inside an unquoted field is text,
// text after a closing quote is kept. An unterminated quote does not swallow the rest of the
// file: the record is reported bad and reading resumes on the next physical line.
class CsvReader final {
public:
    struct Record {
        QList<QByteArrayView> fields; // views into the buffer, or into Record::storage
        qint64 line = 0;              // 1-based physical line where the record starts
        qint64 lines = 1;             // physical lines it spans
        qint64 offset = 0;            // byte offset where it starts
        QString error;                // non-empty: this record is unreadable
    };

    explicit CsvReader(QByteArrayView data, char delimiter = ',');

    // Guesses ',', ';' or '\t' from the first line.
    [[nodiscard]] static char sniffDelimiter(QByteArrayView data);

    // False at the end of the data. Blank lines are skipped.
    bool next(Record *record);
    [[nodiscard]] qint64 position() const { return m_pos; }
    // For a record that spans lines but does not fit (a stray quote swallowed the next lines):
    // reading goes on from the line after the one where it started.
    void resumeAfterFirstLine(const Record &record);

    static constexpr qint64 kMaxRecordBytes = 4 * 1024 * 1024;

private:
    QByteArrayView m_data;
    char m_delimiter;
    qint64 m_pos = 0;
    qint64 m_line = 1;
    QList<QByteArray> m_storage; // unescaped quoted fields of the current record
};

} // namespace warroom
