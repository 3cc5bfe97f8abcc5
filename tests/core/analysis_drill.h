#pragma once

// The drill (resources/drill/orrin_kettlegate.jsonl) in a temporary store, with the profile flags
// an analyst sees (author_flags) set on its authors and the stances inferred: the analysis tests'
// common fixture.
#include "analysis/analysiswriter.h"
#include "store/mentionwriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace warroom::test {

struct DrillStore {
    TempStore store;
    MentionWriter writer;
    QHash<QString, QString> roles; // handle -> role in the drill's script
    bool ok = false;

    DrillStore() {
        const QString file = sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl"));
        if (store.import(file).inserted != 2719)
            return;
        QString error;
        if (!writer.open(store.path(), &error))
            return;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return;
        QHash<QString, AuthorFlags> flags;
        while (!f.atEnd()) {
            const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
            const QString handle = o.value(QStringLiteral("author_handle")).toString();
            roles.insert(handle, o.value(QStringLiteral("role")).toString());
            AuthorFlags a;
            for (const QJsonValue v : o.value(QStringLiteral("author_flags")).toArray()) {
                a.journalist |= v.toString() == u"journalist";
                a.opinionLeader |= v.toString() == u"opinion_leader";
                a.verified |= v.toString() == u"verified";
                a.brand |= v.toString() == u"brand";
            }
            if (a != AuthorFlags())
                flags.insert(handle, a);
        }
        AnalysisWriter analysis(writer);
        for (auto it = flags.cbegin(); it != flags.cend(); ++it)
            if (!analysis.setAuthorFlags(QStringLiteral("drill"), it.key(), *it, &error))
                return;
        int updated = 0;
        ok = analysis.recomputeStances(StanceRule(), &updated, &error);
    }
};

} // namespace warroom::test
