#pragma once

// Stores for the post-mortem tests: the drill with the analyst's flags applied (the importer keeps
// author_flags out of the store; an analyst would set them on the profiles), and helpers.
#include "store/store.h"
#include "tempstore.h"
#include "testdata.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace warroom::test {

// Drill time span (UTC): 08:00 to 14:00 on 14 March 2026.
inline QDateTime drillFrom() {
    return QDateTime(QDate(2026, 3, 14), QTime(8, 0), Qt::UTC);
}
inline QDateTime drillTo() {
    return QDateTime(QDate(2026, 3, 14), QTime(14, 0), Qt::UTC);
}

inline QString drillFile() {
    return sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl"));
}

// Imports the drill and sets journalist / opinion_leader / verified / brand from author_flags.
// Returns false (with a QTest failure message) when something went wrong.
inline bool buildDrillStore(TempStore &store) {
    const ImportSummary s = store.import(drillFile());
    if (s.inserted != 2719) {
        qWarning("drill import inserted %lld (fatal: %s)", s.inserted, qPrintable(s.fatal));
        return false;
    }
    QFile f(drillFile());
    if (!f.open(QIODevice::ReadOnly))
        return false;
    QHash<QString, QStringList> flags;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        const QJsonArray a = o.value(QStringLiteral("author_flags")).toArray();
        if (!a.isEmpty())
            for (const QJsonValue &v : a)
                flags[o.value(QStringLiteral("author_handle")).toString()] << v.toString();
    }
    sql::Connection db;
    QString error;
    if (!Store::openWriter(db, store.path(), &error))
        return false;
    sql::Statement st = db.prepare(
        "UPDATE authors SET journalist = ?2, opinion_leader = ?3, verified = ?4, brand = ?5 "
        "WHERE source = 'drill' AND handle = ?1");
    for (auto it = flags.cbegin(); it != flags.cend(); ++it) {
        st.reset();
        st.bind(1, it.key());
        st.bind(2, qint64(it->contains(QStringLiteral("journalist"))));
        st.bind(3, qint64(it->contains(QStringLiteral("opinion_leader"))));
        st.bind(4, qint64(it->contains(QStringLiteral("verified"))));
        st.bind(5, qint64(it->contains(QStringLiteral("brand"))));
        if (st.step() != SQLITE_DONE)
            return false;
    }
    return true;
}

// One integer from SQL on a fresh read connection.
inline qint64 sqlScalar(const QString &path, const char *query) {
    sql::Connection db;
    QString error;
    if (!Store::openReader(db, path, &error))
        return -1;
    return db.scalar(query, -1);
}

} // namespace warroom::test
