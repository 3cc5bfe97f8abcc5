#include "exporter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace warroom {

namespace {

QByteArray csvField(const QString &value) {
    QByteArray utf8 = value.toUtf8();
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        utf8.replace("\"", "\"\"");
        return '"' + utf8 + '"';
    }
    return utf8;
}

QStringList values(const Mention &m) {
    return {m.source,
            m.sourceId,
            m.url,
            m.authorHandle,
            m.authorName,
            m.authorFollowers >= 0 ? QString::number(m.authorFollowers) : QString(),
            m.title,
            m.text,
            MentionExporter::isoUtc(m.createdAt),
            MentionExporter::isoUtc(m.ingestedAt),
            m.timeEstimated ? QStringLiteral("1") : QStringLiteral("0"),
            m.language,
            QString::number(m.reposts),
            QString::number(m.likes),
            QString::number(m.replies),
            sentimentName(m.sentiment),
            m.sentiment == Sentiment::Unknown ? QString()
                                              : QString::number(m.sentimentScore, 'g', 6),
            m.sentimentByAnalyst ? QStringLiteral("1") : QStringLiteral("0"),
            statusName(m.status),
            m.deleted ? QStringLiteral("1") : QStringLiteral("0"),
            m.inReplyTo};
}

} // namespace

QStringList MentionExporter::columns() {
    return {QStringLiteral("source"),
            QStringLiteral("source_id"),
            QStringLiteral("url"),
            QStringLiteral("author_handle"),
            QStringLiteral("author_name"),
            QStringLiteral("author_followers"),
            QStringLiteral("title"),
            QStringLiteral("text"),
            QStringLiteral("created_at"),
            QStringLiteral("ingested_at"),
            QStringLiteral("time_estimated"),
            QStringLiteral("lang"),
            QStringLiteral("reposts"),
            QStringLiteral("likes"),
            QStringLiteral("replies"),
            QStringLiteral("sentiment_label"),
            QStringLiteral("sentiment_score"),
            QStringLiteral("sentiment_by_analyst"),
            QStringLiteral("status"),
            QStringLiteral("deleted"),
            QStringLiteral("in_reply_to")};
}

QString MentionExporter::isoUtc(const QDateTime &t) {
    if (!t.isValid())
        return {};
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray MentionExporter::csvHeader() {
    return columns().join(u',').toUtf8() + '\n';
}

QByteArray MentionExporter::csvLine(const Mention &m) {
    QByteArray line;
    const QStringList v = values(m);
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (i)
            line += ',';
        line += csvField(v.at(i));
    }
    return line + '\n';
}

QByteArray MentionExporter::jsonLine(const Mention &m) {
    QJsonObject o;
    const QStringList names = columns();
    const QStringList v = values(m);
    for (qsizetype i = 0; i < names.size(); ++i) {
        const QString &name = names.at(i);
        if (name == u"author_followers") {
            o.insert(name, m.authorFollowers >= 0 ? QJsonValue(double(m.authorFollowers))
                                                  : QJsonValue(QJsonValue::Null));
        } else if (name == u"reposts" || name == u"likes" || name == u"replies") {
            o.insert(name, v.at(i).toLongLong());
        } else if (name == u"sentiment_score") {
            o.insert(name, m.sentiment == Sentiment::Unknown ? QJsonValue(QJsonValue::Null)
                                                             : QJsonValue(m.sentimentScore));
        } else if (name == u"time_estimated" || name == u"deleted" ||
                   name == u"sentiment_by_analyst") {
            o.insert(name, v.at(i) == u"1");
        } else {
            o.insert(name, v.at(i));
        }
    }
    return QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace warroom
