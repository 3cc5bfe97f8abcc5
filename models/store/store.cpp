#include "store.h"

#include "schema.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStorageInfo>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace warroom {

QString Store::defaultPath() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/warroom");
    QDir().mkpath(dir);
    return dir + QStringLiteral("/warroom.sqlite");
}

namespace {

// What went wrong, in the user's words, from SQLite's result code: the one line every door
// (CLI, GUI) shows for a store it cannot use.
QString openFailure(const QString &path, sqlite3 *db, const QString &why) {
    const int rc = db ? sqlite3_extended_errcode(db) : SQLITE_CANTOPEN;
    const QFileInfo info(path);
    const QString folder = info.absolutePath();
    const qint64 free = QStorageInfo(folder).bytesAvailable();
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return QStringLiteral("%1 is locked by another program (%2); try again once it is done")
            .arg(path, why);
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
        if (!QFileInfo(folder).isWritable())
            return QStringLiteral("%1 cannot be written: its folder %2 is read-only (SQLite keeps "
                                  "its -wal and -shm files beside the store) (%3)")
                .arg(path, folder, why);
        return QStringLiteral("%1 is read-only (%2)").arg(path, why);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
        if (free >= 0 && free < 1024 * 1024)
            return QStringLiteral("the disk holding %1 is full (%2 bytes free) (%3)")
                .arg(path)
                .arg(free)
                .arg(why);
        return QStringLiteral("cannot read or write %1: %2").arg(path, why);
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        return QStringLiteral("%1 is not a usable warroom store: not a database or damaged (%2); "
                              "it was left as it is")
            .arg(path, why);
    default:
        return QStringLiteral("%1 cannot be opened: %2").arg(path, why);
    }
}

// Reads the header through SQLite itself: "file is not a database" becomes a clear refusal
// before anything is written.
bool checkReadable(sql::Connection &db, const QString &path, QString *error) {
    QString why;
    if (!db.exec("SELECT count(*) FROM sqlite_schema", &why)) {
        if (error)
            *error = openFailure(path, db.handle(), why);
        return false;
    }
    return true;
}

// How long the writer checks a store's pages when it opens it. Small and medium stores are
// checked whole; of a very large one only this much (the rest is met as SQLite reads it), so
// the window still opens at once.
constexpr qint64 kQuickCheckBudgetMs = 200;

// Damaged pages (a bad disk, a half-copied file) are refused before the first write: a store
// that needs restoring stays exactly as it was.
bool checkIntact(sql::Connection &db, const QString &path, QString *error) {
    // SQLite checks a b-tree in one step (no progress callback inside): a watchdog interrupts
    // it once the budget is spent. sqlite3_interrupt is safe from another thread; after the
    // check has ended it is ignored (the next statement clears the flag).
    std::mutex mutex;
    std::condition_variable ended;
    bool done = false;
    std::thread watchdog([&] {
        std::unique_lock lock(mutex);
        if (!ended.wait_for(lock, std::chrono::milliseconds(kQuickCheckBudgetMs),
                            [&] { return done; }))
            sqlite3_interrupt(db.handle());
    });
    QString why;
    QString verdict;
    int rc = SQLITE_ERROR;
    {
        sql::Statement st = db.prepare("PRAGMA quick_check(1)", &why);
        if (st.isValid()) {
            rc = st.step();
            {
                const std::lock_guard lock(mutex);
                done = true;
            }
            if (rc == SQLITE_ROW)
                verdict = st.text(0);
            else
                why = db.lastError();
        }
    }
    {
        const std::lock_guard lock(mutex);
        done = true;
    }
    ended.notify_one();
    watchdog.join();
    if ((rc == SQLITE_ROW && verdict == u"ok") || rc == SQLITE_INTERRUPT)
        return true; // intact, or too large to check whole now
    if (error)
        *error = rc == SQLITE_ROW
                     ? QStringLiteral("%1 is damaged (%2): restore it from a backup; it was left "
                                      "as it is")
                           .arg(path, verdict.simplified().left(200))
                     : openFailure(path, db.handle(), why);
    return false;
}

} // namespace

bool Store::openWriter(sql::Connection &db, const QString &path, QString *error) {
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        if (error)
            *error = QStringLiteral("%1 is not a file").arg(path);
        return false;
    }
    if (!info.exists() && !info.absoluteDir().exists() && !QDir().mkpath(info.absolutePath())) {
        if (error)
            *error = QStringLiteral("cannot create the folder %1").arg(info.absolutePath());
        return false;
    }
    if (!db.open(path, sql::Connection::Mode::ReadWrite, error))
        return false;
    // SQLite opens a file it may not write read-only without a word: say so before any work.
    if (sqlite3_db_readonly(db.handle(), "main") == 1) {
        if (error)
            *error = QStringLiteral("%1 is read-only: the war room cannot write to it (warroom "
                                    "stats, export and report can read it)")
                         .arg(path);
        db.close();
        return false;
    }
    if (!checkReadable(db, path, error) || !checkIntact(db, path, error)) {
        db.close();
        return false;
    }
    QString why;
    if (!configureConnection(db, true, &why)) {
        if (error)
            *error = openFailure(path, db.handle(), why);
        db.close();
        return false;
    }
    if (!Schema::migrate(db, &why)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, why);
        db.close();
        return false;
    }
    return true;
}

bool Store::openReader(sql::Connection &db, const QString &path, QString *error) {
    if (!QFileInfo::exists(path)) {
        if (error)
            *error = QStringLiteral("no store at %1").arg(path);
        return false;
    }
    if (!db.open(path, sql::Connection::Mode::ReadOnly, error))
        return false;
    if (!checkReadable(db, path, nullptr)) {
        // A store in a folder nobody may write (a read-only share, a handed-over copy): SQLite
        // cannot set up WAL there. Without a -wal file beside it the file is the whole store
        // and nobody can change it, so it is read as immutable.
        const int rc = sqlite3_extended_errcode(db.handle()) & 0xff;
        const bool readOnlyFolder = !QFileInfo(QFileInfo(path).absolutePath()).isWritable();
        db.close();
        const bool retry = (rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) && readOnlyFolder &&
                           !QFileInfo::exists(path + QStringLiteral("-wal"));
        if (!db.open(path,
                     retry ? sql::Connection::Mode::Immutable : sql::Connection::Mode::ReadOnly,
                     error))
            return false;
        if (!checkReadable(db, path, error)) {
            db.close();
            return false;
        }
    }
    const int version = Schema::currentVersion(db);
    if (version != Schema::latestVersion()) {
        if (error)
            *error = version > Schema::latestVersion()
                         ? QStringLiteral("%1 was written by a newer warroom (schema %2 > %3)")
                               .arg(path)
                               .arg(version)
                               .arg(Schema::latestVersion())
                         : QStringLiteral("%1 has schema %2; open it once with this warroom to "
                                          "upgrade it")
                               .arg(path)
                               .arg(version);
        db.close();
        return false;
    }
    QString why;
    if (!configureConnection(db, false, &why)) {
        if (error)
            *error = why;
        db.close();
        return false;
    }
    return true;
}

} // namespace warroom
