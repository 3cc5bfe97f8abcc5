#include "operators.h"

#include <QDateTime>
#include <QPasswordDigestor>
#include <QRandomGenerator>

namespace warroom {

namespace pin {

QByteArray newSalt() {
    QByteArray salt(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(salt.data()),
                                          salt.size() / int(sizeof(quint32)));
    return salt;
}

QByteArray hash(const QString &pin, const QByteArray &salt, int iterations) {
    const QByteArray key = QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256,
                                                              pin.toUtf8(), salt, iterations, 32);
    return "pbkdf2-sha256$" + QByteArray::number(iterations) + '$' + key.toHex();
}

bool verify(const QString &pin, const QByteArray &salt, const QByteArray &stored) {
    const QList<QByteArray> parts = stored.split('$');
    if (parts.size() != 3 || parts.at(0) != "pbkdf2-sha256")
        return false;
    bool ok = false;
    const int iterations = parts.at(1).toInt(&ok);
    if (!ok || iterations < 1 || iterations > 10'000'000)
        return false;
    const QByteArray computed = hash(pin, salt, iterations);
    // Constant-time comparison: the digest length is fixed.
    if (computed.size() != stored.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < computed.size(); ++i)
        diff |= static_cast<unsigned char>(computed.at(i) ^ stored.at(i));
    return diff == 0;
}

} // namespace pin

namespace {

Operator readOperator(const sql::Statement &st) {
    Operator o;
    o.id = st.int64(0);
    o.name = st.text(1);
    o.role = roleFromName(st.text(2));
    o.hasPin = !st.isNull(3);
    o.active = st.int64(4) != 0;
    return o;
}

QByteArray blob(const sql::Statement &st, int col) {
    const void *data = sqlite3_column_blob(st.handle(), col);
    const int size = sqlite3_column_bytes(st.handle(), col);
    return data ? QByteArray(static_cast<const char *>(data), size) : QByteArray();
}

void bindBlob(sql::Statement &st, int index, const QByteArray &value) {
    sqlite3_bind_blob(st.handle(), index, value.constData(), int(value.size()), SQLITE_TRANSIENT);
}

Outcome checkPin(const QString &pin) {
    if (pin.size() < 4 || pin.size() > 64)
        return Outcome::failure(QStringLiteral("a PIN has 4 to 64 characters"));
    return Outcome::success();
}

} // namespace

Outcome OperatorDirectory::add(const QString &name, Role role, const QString &pinText, qint64 *id) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > 64)
        return Outcome::failure(QStringLiteral("an operator name has 1 to 64 characters"));
    if (!pinText.isEmpty()) {
        if (Outcome o = checkPin(pinText); !o)
            return o;
    }
    if (find(trimmed))
        return Outcome::failure(QStringLiteral("an operator named \"%1\" exists").arg(trimmed));
    QString why;
    sql::Statement st = m_db.prepare("INSERT INTO operators(name, role, pin_salt, pin_hash, "
                                     "created_at) VALUES (?, ?, ?, ?, ?)",
                                     &why);
    if (!st.isValid())
        return Outcome::failure(why);
    st.bind(1, trimmed);
    st.bind(2, roleName(role));
    if (pinText.isEmpty()) {
        st.bindNull(3);
        st.bindNull(4);
    } else {
        const QByteArray salt = pin::newSalt();
        bindBlob(st, 3, salt);
        bindBlob(st, 4, pin::hash(pinText, salt, m_iterations));
    }
    st.bind(5, QDateTime::currentMSecsSinceEpoch());
    if (st.step() != SQLITE_DONE)
        return Outcome::failure(m_db.lastError());
    if (id)
        *id = sqlite3_last_insert_rowid(m_db.handle());
    return Outcome::success();
}

Outcome OperatorDirectory::setPin(qint64 id, const QString &pinText) {
    if (Outcome o = checkPin(pinText); !o)
        return o;
    sql::Statement st =
        m_db.prepare("UPDATE operators SET pin_salt = ?, pin_hash = ? WHERE id = ?");
    const QByteArray salt = pin::newSalt();
    bindBlob(st, 1, salt);
    bindBlob(st, 2, pin::hash(pinText, salt, m_iterations));
    st.bind(3, id);
    if (st.step() != SQLITE_DONE || sqlite3_changes(m_db.handle()) != 1)
        return Outcome::failure(QStringLiteral("no operator #%1").arg(id));
    return Outcome::success();
}

QList<Operator> OperatorDirectory::list() const {
    QList<Operator> all;
    sql::Statement st =
        m_db.prepare("SELECT id, name, role, pin_hash, active FROM operators ORDER BY name");
    while (st.step() == SQLITE_ROW)
        all.append(readOperator(st));
    return all;
}

std::optional<Operator> OperatorDirectory::find(const QString &name) const {
    sql::Statement st =
        m_db.prepare("SELECT id, name, role, pin_hash, active FROM operators WHERE name = ?");
    st.bind(1, name.trimmed());
    if (st.step() == SQLITE_ROW)
        return readOperator(st);
    return std::nullopt;
}

std::optional<Operator> OperatorDirectory::find(qint64 id) const {
    sql::Statement st =
        m_db.prepare("SELECT id, name, role, pin_hash, active FROM operators WHERE id = ?");
    st.bind(1, id);
    if (st.step() == SQLITE_ROW)
        return readOperator(st);
    return std::nullopt;
}

bool OperatorDirectory::verifyPin(qint64 id, const QString &pinText) const {
    sql::Statement st = m_db.prepare("SELECT pin_salt, pin_hash FROM operators WHERE id = ? AND "
                                     "active = 1 AND pin_hash IS NOT NULL");
    st.bind(1, id);
    if (st.step() != SQLITE_ROW)
        return false;
    return pin::verify(pinText, blob(st, 0), blob(st, 1));
}

} // namespace warroom
