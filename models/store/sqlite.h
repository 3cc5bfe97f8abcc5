#pragma once

#include <QByteArray>
#include <QString>

#include <sqlite3.h>

#include <memory>
#include <utility>

// Thin RAII over the SQLite3 C API. A Connection and its Statements belong to the thread that
// opened them (SQLite is built serialized, but we never share a connection between threads).
namespace warroom::sql {

class Statement {
public:
    Statement() = default;
    Statement(sqlite3 *db, const char *sql, QString *error = nullptr);
    ~Statement();
    Statement(Statement &&other) noexcept
        : m_stmt(std::exchange(other.m_stmt, nullptr)) {}
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    [[nodiscard]] bool isValid() const { return m_stmt != nullptr; }
    [[nodiscard]] sqlite3_stmt *handle() const { return m_stmt; }

    void bind(int index, qint64 value);
    void bind(int index, int value) { bind(index, qint64(value)); }
    void bind(int index, double value);
    void bind(int index, const QString &value); // null QString binds NULL
    void bindText(int index, const QByteArray &utf8);
    void bindNull(int index);

    // SQLITE_ROW / SQLITE_DONE / an error code.
    int step();
    void reset();

    [[nodiscard]] qint64 int64(int col) const { return sqlite3_column_int64(m_stmt, col); }
    [[nodiscard]] double real(int col) const { return sqlite3_column_double(m_stmt, col); }
    [[nodiscard]] bool isNull(int col) const {
        return sqlite3_column_type(m_stmt, col) == SQLITE_NULL;
    }
    [[nodiscard]] QString text(int col) const;

private:
    sqlite3_stmt *m_stmt = nullptr;
};

class Connection {
public:
    // Immutable: read-only, and SQLite assumes nobody changes the file (no locks, no -wal/-shm);
    // only for a store in a folder nobody can write and without a -wal file beside it.
    enum class Mode { ReadWrite, ReadOnly, Immutable };

    Connection() = default;
    ~Connection();
    Connection(Connection &&other) noexcept
        : m_db(std::exchange(other.m_db, nullptr)) {}
    Connection &operator=(Connection &&other) noexcept;
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // Opens (ReadWrite creates the file). On failure returns false with a one-line reason.
    bool open(const QString &path, Mode mode, QString *error);
    void close();

    [[nodiscard]] bool isOpen() const { return m_db != nullptr; }
    [[nodiscard]] sqlite3 *handle() const { return m_db; }

    // Runs one or more statements without results. False + reason on error.
    bool exec(const char *sql, QString *error = nullptr);
    [[nodiscard]] Statement prepare(const char *sql, QString *error = nullptr) const;
    // First column of the first row as an integer, or fallback.
    [[nodiscard]] qint64 scalar(const char *sql, qint64 fallback = 0) const;
    [[nodiscard]] QString lastError() const;

private:
    sqlite3 *m_db = nullptr;
};

// A readable line for an SQLite result code and the connection's message.
[[nodiscard]] QString describe(sqlite3 *db, int rc);

} // namespace warroom::sql
