#include "reportexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <cmath>

namespace warroom::report {

namespace {

QString iso(const QDateTime &t) {
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

QJsonValue isoOrNull(const QDateTime &t) {
    return t.isValid() ? QJsonValue(iso(t)) : QJsonValue(QJsonValue::Null);
}

QJsonObject counts(const SentimentCounts &c) {
    return {{QStringLiteral("total"), c.total},
            {QStringLiteral("negative"), c.negative},
            {QStringLiteral("neutral"), c.neutral},
            {QStringLiteral("positive"), c.positive},
            {QStringLiteral("unscored"), c.unscored()},
            {QStringLiteral("scored"), c.scored()},
            {QStringLiteral("negative_share"),
             c.scored() ? QJsonValue(c.negativeShare()) : QJsonValue(QJsonValue::Null)}};
}

constexpr QStringView kNotScored = u"not scored";

QJsonObject mention(const ReportMention &m) {
    return {{QStringLiteral("id"), m.id},
            {QStringLiteral("source"), m.source},
            {QStringLiteral("source_id"), m.sourceId},
            {QStringLiteral("url"), m.url},
            {QStringLiteral("handle"), m.handle},
            {QStringLiteral("name"), m.name},
            {QStringLiteral("followers"), m.followers},
            {QStringLiteral("text"), m.text},
            {QStringLiteral("lang"), m.language},
            {QStringLiteral("created_at"), iso(m.at)},
            {QStringLiteral("reposts"), m.reposts},
            {QStringLiteral("likes"), m.likes},
            {QStringLiteral("replies_in_store"), m.repliesInStore},
            {QStringLiteral("sentiment"), sentimentName(m.sentiment)}};
}

QJsonObject author(const ReportAuthor &a) {
    return {{QStringLiteral("source"), a.source},
            {QStringLiteral("handle"), a.handle},
            {QStringLiteral("name"), a.name},
            {QStringLiteral("followers"), a.followers},
            {QStringLiteral("mentions"), a.mentions},
            {QStringLiteral("negative"), a.negative},
            {QStringLiteral("neutral"), a.neutral},
            {QStringLiteral("positive"), a.positive},
            {QStringLiteral("reposts"), a.reposts},
            {QStringLiteral("first_post"), iso(a.firstPost)},
            {QStringLiteral("stance"), stanceName(a.stance)},
            {QStringLiteral("journalist"), a.journalist},
            {QStringLiteral("opinion_leader"), a.opinionLeader},
            {QStringLiteral("verified"), a.verified},
            {QStringLiteral("watchlist"), a.watchlist}};
}

template <typename T, typename F> QJsonArray array(const QList<T> &list, F f) {
    QJsonArray a;
    for (const T &x : list)
        a.append(f(x));
    return a;
}

QJsonValue secondsOrNull(double s) {
    return s < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

// RFC 4180 field.
QByteArray csvField(const QString &s) {
    QByteArray b = s.toUtf8();
    if (b.contains(',') || b.contains('"') || b.contains('\n') || b.contains('\r')) {
        b.replace("\"", "\"\"");
        b = '"' + b + '"';
    }
    return b;
}

void csvValue(QByteArray &out, const QString &section, const QString &item, const QString &field,
              const QJsonValue &v) {
    QString text;
    switch (v.type()) {
    case QJsonValue::Bool:
        text = v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        text = d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(qint64(d))
                                                        : QString::number(d, 'g', 10);
        break;
    }
    case QJsonValue::String:
        text = v.toString();
        break;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    default:
        text = QString::fromUtf8(
            QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                .toJson(QJsonDocument::Compact));
    }
    out += csvField(section) + ',' + csvField(item) + ',' + csvField(field) + ',' + csvField(text) +
           "\r\n";
}

// A value of object `o` as its CSV cell: the negative share of mentions none of which could be
// scored reads "not scored", never "0" or an empty cell.
QJsonValue cell(const QJsonObject &o, const QString &key, const QJsonValue &v) {
    if (v.isNull() && key == u"negative_share" && o.value(QStringLiteral("total")).toInteger() > 0)
        return kNotScored.toString();
    return v;
}

// Flattens one level of nested objects: {"a": {"b": 1}} -> field "a.b".
void csvObject(QByteArray &out, const QString &section, const QString &item, const QJsonObject &o) {
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isObject()) {
            const QJsonObject inner = it.value().toObject();
            for (auto jt = inner.begin(); jt != inner.end(); ++jt)
                csvValue(out, section, item, it.key() + u'.' + jt.key(),
                         cell(inner, jt.key(), jt.value()));
        } else if (!it.value().isArray()) {
            csvValue(out, section, item, it.key(), cell(o, it.key(), it.value()));
        }
    }
}

bool save(const QByteArray &data, const QString &path, QString *error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != data.size() || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

} // namespace

QString formatDuration(double seconds) {
    if (seconds < 0)
        return QStringLiteral("—");
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    if (s < 3600)
        return QStringLiteral("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    if (s < 86400)
        return QStringLiteral("%1 h %2 min")
            .arg(s / 3600)
            .arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1 d %2 h").arg(s / 86400).arg((s % 86400) / 3600);
}

QString negativeShareText(const SentimentCounts &counts, int decimals) {
    if (counts.total == 0)
        return QStringLiteral("—");
    if (!counts.scored())
        return kNotScored.toString();
    return QStringLiteral("%1%").arg(counts.negativeShare() * 100.0, 0, 'f', decimals);
}

QJsonObject toJson(const PostMortem &pm) {
    QJsonObject scale{
        {QStringLiteral("total_mentions"), pm.totalMentions},
        {QStringLiteral("unique_authors"), pm.uniqueAuthors},
        {QStringLiteral("estimated_reach"), pm.authorsWithFollowers > 0
                                                ? QJsonValue(pm.estimatedReach)
                                                : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("authors_with_followers"), pm.authorsWithFollowers},
        {QStringLiteral("peak_per_minute"), pm.peakPerMinute},
        {QStringLiteral("peak_minute"), isoOrNull(pm.peakMinute)},
        {QStringLiteral("onset"), isoOrNull(pm.onset)},
        {QStringLiteral("onset_basis"), pm.onsetBasis},
        {QStringLiteral("detected_at"), isoOrNull(pm.detected)},
        {QStringLiteral("detected_by"),
         pm.detected.isValid()
             ? QJsonValue(pm.detectedFromStore ? QStringLiteral("stored volume-spike alert")
                                               : QStringLiteral("alert rule replayed"))
             : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("end"), isoOrNull(pm.end)},
        {QStringLiteral("back_under_baseline"), pm.end.isValid()},
        {QStringLiteral("quiet_hours"), pm.quietHours},
        {QStringLiteral("baseline_per_minute"), pm.baselinePerMinute},
        {QStringLiteral("duration_seconds"), pm.durationSeconds()},
        {QStringLiteral("sentiment"), counts(pm.sentiment)},
        {QStringLiteral("bucket_minutes"), pm.bucketMinutes},
        {QStringLiteral("timeline"), array(pm.timeline,
                                           [](const TimeBucket &b) {
                                               QJsonObject o = counts(b.counts);
                                               o.insert(QStringLiteral("start"), iso(b.start));
                                               return o;
                                           })},
        {QStringLiteral("by_source"), array(pm.bySource,
                                            [](const KeyedCounts &k) {
                                                QJsonObject o = counts(k.counts);
                                                o.insert(QStringLiteral("source"), k.key);
                                                return o;
                                            })},
        {QStringLiteral("by_language"), array(pm.byLanguage, [](const KeyedCounts &k) {
             QJsonObject o = counts(k.counts);
             o.insert(QStringLiteral("language"), k.key);
             return o;
         })}};
    QJsonObject spark{
        {QStringLiteral("spark"), pm.spark ? QJsonValue(mention(*pm.spark)) : QJsonValue()},
        {QStringLiteral("earliest"), array(pm.earliest, mention)},
        {QStringLiteral("first_window_minutes"), pm.firstWindowMinutes},
        {QStringLiteral("amplifiers"), array(pm.amplifiers, author)}};
    QJsonObject answers{
        {QStringLiteral("needing_response"), pm.needingResponse},
        {QStringLiteral("answered"), pm.answered},
        {QStringLiteral("share_answered"), pm.shareAnswered()},
        {QStringLiteral("median_response_seconds"), secondsOrNull(pm.medianResponseSeconds)},
        {QStringLiteral("p90_response_seconds"), secondsOrNull(pm.p90ResponseSeconds)},
        {QStringLiteral("response_seconds"),
         array(pm.responseSeconds, [](double s) { return QJsonValue(s); })},
        {QStringLiteral("latencies"),
         array(pm.latencies,
               [](const StageLatency &l) {
                   return QJsonObject{
                       {QStringLiteral("stage"), l.stage},
                       {QStringLiteral("count"), l.count},
                       {QStringLiteral("median_seconds"), secondsOrNull(l.medianSeconds)},
                       {QStringLiteral("p90_seconds"), secondsOrNull(l.p90Seconds)}};
               })},
        {QStringLiteral("statements"), array(pm.statements, [](const Statement &s) {
             return QJsonObject{{QStringLiteral("at"), iso(s.at)},
                                {QStringLiteral("source"), s.source},
                                {QStringLiteral("handle"), s.handle},
                                {QStringLiteral("text"), s.text},
                                {QStringLiteral("hour_before"), counts(s.hourBefore)},
                                {QStringLiteral("hour_after"), counts(s.hourAfter)},
                                {QStringLiteral("replies"), counts(s.replies)}};
         })}};
    QJsonObject people{{QStringLiteral("journalists"), array(pm.journalists, author)},
                       {QStringLiteral("opinion_leaders"), array(pm.opinionLeaders, author)},
                       {QStringLiteral("critics"), array(pm.critics, author)},
                       {QStringLiteral("supporters"), array(pm.supporters, author)}};
    return {{QStringLiteral("report"), QStringLiteral("warroom post-mortem")},
            {QStringLiteral("incident_id"), pm.incidentId},
            {QStringLiteral("title"), pm.title},
            {QStringLiteral("from"), iso(pm.from)},
            {QStringLiteral("to"), iso(pm.to)},
            {QStringLiteral("generated_at"), iso(pm.generatedAt)},
            {QStringLiteral("empty"), pm.isEmpty()},
            {QStringLiteral("scale"), scale},
            {QStringLiteral("spark"), spark},
            {QStringLiteral("answers"), answers},
            {QStringLiteral("reception"), counts(pm.reception)},
            {QStringLiteral("people"), people},
            {QStringLiteral("lessons"), pm.lessons},
            {QStringLiteral("caveats"), QJsonArray::fromStringList(pm.caveats)}};
}

QByteArray toCsv(const PostMortem &pm) {
    const QJsonObject j = toJson(pm);
    QByteArray out = "section,item,field,value\r\n";
    for (const char *k : {"incident_id", "title", "from", "to", "generated_at", "lessons"})
        csvValue(out, QStringLiteral("report"), {}, QLatin1StringView(k),
                 j.value(QLatin1StringView(k)));
    // Figures first, then each table row by row.
    struct Table {
        const char *group;
        const char *name;
    };
    for (const char *group : {"scale", "answers"})
        csvObject(out, QLatin1StringView(group), {}, j.value(QLatin1StringView(group)).toObject());
    csvObject(out, QStringLiteral("reception"), {},
              j.value(QStringLiteral("reception")).toObject());
    const QJsonObject spark = j.value(QStringLiteral("spark")).toObject();
    if (spark.value(QStringLiteral("spark")).isObject())
        csvObject(out, QStringLiteral("spark"), {},
                  spark.value(QStringLiteral("spark")).toObject());
    for (const Table t :
         {Table{"scale", "timeline"}, Table{"scale", "by_source"}, Table{"scale", "by_language"},
          Table{"spark", "earliest"}, Table{"spark", "amplifiers"}, Table{"answers", "latencies"},
          Table{"answers", "statements"}, Table{"people", "journalists"},
          Table{"people", "opinion_leaders"}, Table{"people", "critics"},
          Table{"people", "supporters"}}) {
        const QJsonArray rows = j.value(QLatin1StringView(t.group))
                                    .toObject()
                                    .value(QLatin1StringView(t.name))
                                    .toArray();
        for (qsizetype i = 0; i < rows.size(); ++i)
            csvObject(out, QLatin1StringView(t.name), QString::number(i + 1),
                      rows.at(i).toObject());
    }
    for (qsizetype i = 0; i < pm.caveats.size(); ++i)
        csvValue(out, QStringLiteral("caveats"), QString::number(i + 1), QStringLiteral("text"),
                 pm.caveats.at(i));
    return out;
}

bool writeJson(const PostMortem &pm, const QString &path, QString *error) {
    return save(QJsonDocument(toJson(pm)).toJson(QJsonDocument::Indented), path, error);
}

bool writeCsv(const PostMortem &pm, const QString &path, QString *error) {
    return save(toCsv(pm), path, error);
}

} // namespace warroom::report
