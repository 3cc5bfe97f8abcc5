#pragma once

#include "replystate.h"
#include "store/sqlite.h"

#include <QDateTime>
#include <QList>
#include <QString>

// The append-only, hash-chained log of reply transitions (table reply_events; SQLite triggers
// refuse UPDATE and DELETE). Each entry's hash is SHA-256 over the previous entry's hash and the
// entry's canonical fields, so an edited, deleted or reordered entry breaks the chain.
// Used on the thread that owns the connection.
namespace warroom {

struct AuditEvent {
    qint64 id = 0;
    qint64 replyId = 0;
    qint64 operatorId = 0; // 0: the system (scheduled publishing)
    QString operatorName;  // filled by queries, not hashed
    QString role;
    QDateTime at;
    QString fromState; // empty for the first event
    QString toState;
    QString action;
    QString textHash; // SHA-256 hex of the reply text at that moment
    QString reason;
    QString prevHash;
    QString hash;
};

struct AuditReport {
    bool ok = true;
    qint64 entries = 0;
    qint64 firstBrokenId = 0; // 0 when ok
    QString problem;          // one line: what is wrong with that entry
};

class AuditLog final {
public:
    static constexpr const char *kGenesis =
        "0000000000000000000000000000000000000000000000000000000000000000";

    [[nodiscard]] static QString textHash(const QString &text);
    // The hash the entry must carry (prevHash and the fields, not id-independent: the id is in).
    [[nodiscard]] static QString chainHash(const AuditEvent &e);

    // Appends inside the caller's transaction; fills id, prevHash and hash.
    static bool append(sql::Connection &db, AuditEvent &event, QString *error);
    [[nodiscard]] static QList<AuditEvent> events(const sql::Connection &db, qint64 replyId);
    // Walks the whole chain; also checks that every reply's state and text match its last event.
    [[nodiscard]] static AuditReport verify(const sql::Connection &db);
};

} // namespace warroom
