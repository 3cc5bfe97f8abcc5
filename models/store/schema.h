#pragma once

#include "sqlite.h"

#include <QString>

namespace warroom {

// Numbered schema migrations, applied in order, each in its own transaction, at start-up.
// PRAGMA user_version holds the number of the last one applied.
class Schema final {
public:
    [[nodiscard]] static int latestVersion();

    // Brings the connection's database to `target` (default: latest). A database newer than
    // this binary knows is refused untouched. False + one-line reason on failure.
    static bool migrate(sql::Connection &db, QString *error, int target = -1);

    [[nodiscard]] static int currentVersion(const sql::Connection &db);
};

// Connection settings every store connection gets (WAL, synchronous=NORMAL, foreign keys).
bool configureConnection(sql::Connection &db, bool writer, QString *error);

} // namespace warroom
