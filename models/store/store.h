#pragma once

#include "sqlite.h"

#include <QString>

namespace warroom {

// Opening the one SQLite file: where it lives by default, and connections that are ready to use.
class Store final {
public:
    // <user data dir>/warroom.sqlite (created on demand).
    [[nodiscard]] static QString defaultPath();

    // The writer's connection: creates the file, WAL, migrates to the latest schema.
    // Refuses (and leaves untouched) a file that is not a warroom store, is corrupt, or is newer.
    static bool openWriter(sql::Connection &db, const QString &path, QString *error);

    // A read-only connection for a reader thread or a second process; the schema must exist.
    static bool openReader(sql::Connection &db, const QString &path, QString *error);
};

} // namespace warroom
