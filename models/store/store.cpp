#include "store.h"

#include "schema.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace warroom {

QString Store::defaultPath() {
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (dir.isEmpty())
        dir = QDir::homePath() + QStringLiteral("/.local/share/warroom");
    QDir().mkpath(dir);
    return dir + QStringLiteral("/warroom.sqlite");
}

// Reads the header through SQLite itself: "file is not a database" becomes a clear refusal
// before anything is written.
static bool checkReadable(sql::Connection &db, const QString &path, QString *error) {
    QString why;
    if (!db.exec("SELECT count(*) FROM sqlite_schema", &why)) {
        if (error)
            *error = QStringLiteral("%1 is not a usable warroom store: %2").arg(path, why);
        return false;
    }
    return true;
}

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
    if (!checkReadable(db, path, error)) {
        db.close();
        return false;
    }
    QString why;
    if (!configureConnection(db, true, &why)) {
        if (error)
            *error = QStringLiteral("cannot prepare store %1: %2").arg(path, why);
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
    if (!checkReadable(db, path, error)) {
        db.close();
        return false;
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
