#pragma once

#include "replystate.h"
#include "store/sqlite.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace warroom {

struct Operator {
    qint64 id = 0;
    QString name;
    Role role = Role::Analyst;
    bool hasPin = false;
    bool active = true;
};

// PINs are stored as PBKDF2-HMAC-SHA256 over a random 16-byte salt, never in plain:
// pin_hash holds "pbkdf2-sha256$<iterations>$<hex digest>" so the cost can grow later.
namespace pin {
inline constexpr int kIterations = 60000;
[[nodiscard]] QByteArray newSalt();
[[nodiscard]] QByteArray hash(const QString &pin, const QByteArray &salt,
                              int iterations = kIterations);
[[nodiscard]] bool verify(const QString &pin, const QByteArray &salt, const QByteArray &stored);
} // namespace pin

// The operators table. Used on the thread that owns the connection (CLI main thread, or the
// WorkflowService's thread).
class OperatorDirectory final {
public:
    explicit OperatorDirectory(sql::Connection &db)
        : m_db(db) {}

    // Names are unique (case-sensitive), 1-64 characters; a PIN is 4-64 characters.
    Outcome add(const QString &name, Role role, const QString &pin, qint64 *id = nullptr);
    Outcome setPin(qint64 id, const QString &pin);
    [[nodiscard]] QList<Operator> list() const;
    [[nodiscard]] std::optional<Operator> find(const QString &name) const;
    [[nodiscard]] std::optional<Operator> find(qint64 id) const;
    // False when the operator has no PIN, is unknown, or the PIN does not match.
    [[nodiscard]] bool verifyPin(qint64 id, const QString &pin) const;
    // The PBKDF2 cost for PINs set from now on (each hash records its own). Tests lower it to
    // keep hundreds of fixtures fast; the app keeps pin::kIterations.
    void setHashIterations(int iterations) { m_iterations = iterations; }

private:
    sql::Connection &m_db;
    int m_iterations = pin::kIterations;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::Operator)
