#include "sqlite.h"

#include <QFileInfo>
#include <QUrl>

namespace warroom::sql {

QString describe(sqlite3 *db, int rc) {
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return QStringLiteral("%1 (%2)").arg(QString::fromUtf8(msg),
                                         QString::fromUtf8(sqlite3_errstr(rc)));
}

Statement::Statement(sqlite3 *db, const char *sql, QString *error) {
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error = describe(db, rc);
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement &Statement::operator=(Statement &&other) noexcept {
    if (this != &other) {
        sqlite3_finalize(m_stmt);
        m_stmt = std::exchange(other.m_stmt, nullptr);
    }
    return *this;
}

void Statement::bind(int index, qint64 value) {
    sqlite3_bind_int64(m_stmt, index, value);
}

void Statement::bind(int index, double value) {
    sqlite3_bind_double(m_stmt, index, value);
}

void Statement::bind(int index, const QString &value) {
    if (value.isNull()) {
        sqlite3_bind_null(m_stmt, index);
        return;
    }
    const QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void Statement::bindText(int index, const QByteArray &utf8) {
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void Statement::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
}

int Statement::step() {
    return sqlite3_step(m_stmt);
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

QString Statement::text(int col) const {
    const auto *data = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, col));
    if (!data)
        return {};
    return QString::fromUtf8(data, sqlite3_column_bytes(m_stmt, col));
}

Connection::~Connection() {
    close();
}

Connection &Connection::operator=(Connection &&other) noexcept {
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
    }
    return *this;
}

bool Connection::open(const QString &path, Mode mode, QString *error) {
    close();
    int flags = (mode == Mode::ReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                         : SQLITE_OPEN_READONLY) |
                SQLITE_OPEN_NOMUTEX;
    QByteArray name = path.toUtf8();
    if (mode == Mode::Immutable) {
        flags |= SQLITE_OPEN_URI;
        name = QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toEncoded() +
               "?immutable=1";
    }
    const int rc = sqlite3_open_v2(name.constData(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("cannot open store %1: %2").arg(path, describe(m_db, rc));
        sqlite3_close(m_db);
        m_db = nullptr;
        return false;
    }
    sqlite3_extended_result_codes(m_db, 1);
    // A writer holds the lock for one batch; readers and a second process wait, never fail.
    sqlite3_busy_timeout(m_db, 5000);
    return true;
}

void Connection::close() {
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool Connection::exec(const char *sql, QString *error) {
    char *msg = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &msg);
    if (rc != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return false;
    }
    return true;
}

Statement Connection::prepare(const char *sql, QString *error) const {
    return Statement(m_db, sql, error);
}

qint64 Connection::scalar(const char *sql, qint64 fallback) const {
    Statement st(m_db, sql);
    if (st.isValid() && st.step() == SQLITE_ROW)
        return st.int64(0);
    return fallback;
}

QString Connection::lastError() const {
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

} // namespace warroom::sql
