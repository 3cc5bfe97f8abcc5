#include "auditlog.h"

#include <QCryptographicHash>

namespace warroom {

namespace {

constexpr const char *kSelect =
    "SELECT e.id, e.reply_id, e.operator_id, e.role, e.at, e.from_state, e.to_state, e.action, "
    "e.text_hash, e.reason, e.prev_hash, e.hash, o.name FROM reply_events e "
    "LEFT JOIN operators o ON o.id = e.operator_id ";

AuditEvent readEvent(const sql::Statement &st) {
    AuditEvent e;
    e.id = st.int64(0);
    e.replyId = st.int64(1);
    e.operatorId = st.isNull(2) ? 0 : st.int64(2);
    e.role = st.text(3);
    e.at = QDateTime::fromMSecsSinceEpoch(st.int64(4), Qt::UTC);
    e.fromState = st.text(5);
    e.toState = st.text(6);
    e.action = st.text(7);
    e.textHash = st.text(8);
    e.reason = st.text(9);
    e.prevHash = st.text(10);
    e.hash = st.text(11);
    e.operatorName = st.text(12);
    return e;
}

// Length-prefixed fields: no separator can be smuggled inside a reason.
void addField(QCryptographicHash &h, const QString &value) {
    const QByteArray utf8 = value.toUtf8();
    h.addData(QByteArray::number(utf8.size()));
    h.addData(QByteArrayView(":"));
    h.addData(utf8);
    h.addData(QByteArrayView(";"));
}

} // namespace

QString AuditLog::textHash(const QString &text) {
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QString AuditLog::chainHash(const AuditEvent &e) {
    QCryptographicHash h(QCryptographicHash::Sha256);
    addField(h, e.prevHash);
    addField(h, QString::number(e.id));
    addField(h, QString::number(e.replyId));
    addField(h, QString::number(e.operatorId));
    addField(h, e.role);
    addField(h, QString::number(e.at.toMSecsSinceEpoch()));
    addField(h, e.fromState);
    addField(h, e.toState);
    addField(h, e.action);
    addField(h, e.textHash);
    addField(h, e.reason);
    return QString::fromLatin1(h.result().toHex());
}

bool AuditLog::append(sql::Connection &db, AuditEvent &e, QString *error) {
    sql::Statement last = db.prepare("SELECT id, hash FROM reply_events ORDER BY id DESC LIMIT 1");
    e.prevHash = QString::fromLatin1(kGenesis);
    e.id = 1;
    if (last.step() == SQLITE_ROW) {
        e.id = last.int64(0) + 1;
        e.prevHash = last.text(1);
    }
    e.at = QDateTime::fromMSecsSinceEpoch(e.at.toMSecsSinceEpoch(), Qt::UTC);
    e.hash = chainHash(e);
    QString why;
    sql::Statement st =
        db.prepare("INSERT INTO reply_events(id, reply_id, operator_id, role, at, from_state, "
                   "to_state, action, text_hash, reason, prev_hash, hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   &why);
    if (!st.isValid()) {
        if (error)
            *error = why;
        return false;
    }
    st.bind(1, e.id);
    st.bind(2, e.replyId);
    if (e.operatorId > 0)
        st.bind(3, e.operatorId);
    else
        st.bindNull(3);
    st.bind(4, e.role.isNull() ? QStringLiteral("") : e.role);
    st.bind(5, e.at.toMSecsSinceEpoch());
    if (e.fromState.isEmpty())
        st.bindNull(6);
    else
        st.bind(6, e.fromState);
    st.bind(7, e.toState);
    st.bind(8, e.action);
    st.bind(9, e.textHash);
    if (e.reason.isEmpty())
        st.bindNull(10);
    else
        st.bind(10, e.reason);
    st.bind(11, e.prevHash);
    st.bind(12, e.hash);
    if (st.step() != SQLITE_DONE) {
        if (error)
            *error = db.lastError();
        return false;
    }
    return true;
}

QList<AuditEvent> AuditLog::events(const sql::Connection &db, qint64 replyId) {
    QList<AuditEvent> all;
    sql::Statement st =
        db.prepare((QByteArray(kSelect) + "WHERE e.reply_id = ? ORDER BY e.id").constData());
    st.bind(1, replyId);
    while (st.step() == SQLITE_ROW)
        all.append(readEvent(st));
    return all;
}

AuditReport AuditLog::verify(const sql::Connection &db) {
    AuditReport report;
    auto broken = [&](qint64 id, const QString &why) {
        report.ok = false;
        report.firstBrokenId = id;
        report.problem = why;
        return report;
    };
    sql::Statement st = db.prepare((QByteArray(kSelect) + "ORDER BY e.id").constData());
    QString prev = QString::fromLatin1(kGenesis);
    qint64 expectedId = 1;
    while (true) {
        const int rc = st.step();
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW)
            return broken(expectedId,
                          QStringLiteral("cannot read the log: %1").arg(db.lastError()));
        const AuditEvent e = readEvent(st);
        ++report.entries;
        if (e.id != expectedId)
            return broken(
                e.id,
                QStringLiteral("entry %1 is missing before entry %2").arg(expectedId).arg(e.id));
        if (e.prevHash != prev)
            return broken(e.id, QStringLiteral("entry %1 does not follow entry %2 (previous "
                                               "hash differs: deleted, inserted or reordered)")
                                    .arg(e.id)
                                    .arg(e.id - 1));
        if (chainHash(e) != e.hash)
            return broken(e.id, QStringLiteral("entry %1 was altered (its hash does not match "
                                               "its fields)")
                                    .arg(e.id));
        prev = e.hash;
        ++expectedId;
    }
    // The tail: a truncated log, or a reply changed behind the log's back.
    sql::Statement replies = db.prepare(
        "SELECT r.id, r.state, r.text, (SELECT max(e.id) FROM reply_events e WHERE e.reply_id = "
        "r.id) FROM replies r ORDER BY r.id");
    while (replies.step() == SQLITE_ROW) {
        const qint64 replyId = replies.int64(0);
        if (replies.isNull(3))
            return broken(expectedId, QStringLiteral("reply %1 has no audit entry (the log was "
                                                     "truncated)")
                                          .arg(replyId));
        const qint64 lastId = replies.int64(3);
        sql::Statement last =
            db.prepare("SELECT to_state, text_hash FROM reply_events WHERE id = ?");
        last.bind(1, lastId);
        if (last.step() != SQLITE_ROW)
            continue;
        if (last.text(0) != replies.text(1))
            return broken(lastId, QStringLiteral("reply %1 is \"%2\" but its last audit entry %3 "
                                                 "says \"%4\" (entries missing or the reply "
                                                 "was altered)")
                                      .arg(replyId)
                                      .arg(replies.text(1))
                                      .arg(lastId)
                                      .arg(last.text(0)));
        if (last.text(1) != textHash(replies.text(2)))
            return broken(lastId, QStringLiteral("reply %1's text differs from the text its last "
                                                 "audit entry %2 recorded")
                                      .arg(replyId)
                                      .arg(lastId));
    }
    return report;
}

} // namespace warroom
