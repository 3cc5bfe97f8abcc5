#include "authorprofiles.h"

#include "import/timestamps.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace warroom {

QList<AuthorUpdate> authorProfiles(const QString &file) {
    QList<AuthorUpdate> updates;
    if (!file.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive) &&
        !file.endsWith(QLatin1String(".ndjson"), Qt::CaseInsensitive))
        return updates;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return updates;
    QSet<QString> seen;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine();
        if (!line.contains("author_flags"))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QJsonArray flags = o.value(QLatin1String("author_flags")).toArray();
        if (flags.isEmpty())
            continue;
        AuthorUpdate u;
        u.source = o.value(QLatin1String("source")).toString();
        u.handle = o.value(QLatin1String("author_handle")).toString();
        if (u.handle.startsWith(u'@'))
            u.handle.remove(0, 1);
        if (u.source.isEmpty() || u.handle.isEmpty() || seen.contains(u.source + u.handle))
            continue;
        seen.insert(u.source + u.handle);
        const QDateTime at = parseTimestamp(o.value(QLatin1String("created_at")).toString());
        u.createSeenMs = at.isValid() ? at.toMSecsSinceEpoch() : 1;
        for (const QJsonValue &v : flags) {
            const QString flag = v.toString();
            if (flag == QLatin1String("journalist"))
                u.journalist = true;
            else if (flag == QLatin1String("opinion_leader"))
                u.opinionLeader = true;
            else if (flag == QLatin1String("brand"))
                u.brand = true;
        }
        if (u.journalist || u.opinionLeader || u.brand)
            updates << u;
    }
    return updates;
}

} // namespace warroom
