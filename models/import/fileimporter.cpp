#include "fileimporter.h"

#include "csvreader.h"
#include "domain/numbers.h"
#include "timestamps.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

namespace warroom {

namespace {

enum Field {
    FSource,
    FSourceId,
    FUrl,
    FAuthorHandle,
    FAuthorName,
    FAuthorFollowers,
    FTitle,
    FText,
    FCreatedAt,
    FLang,
    FReposts,
    FLikes,
    FReplies,
    FInReplyTo,
    FSentimentLabel,
    FSentimentScore,
    FStatus,
    FieldCount
};

const char *const kFieldNames[FieldCount] = {
    "source",           "source_id", "url",     "author_handle", "author_name",
    "author_followers", "title",     "text",    "created_at",    "lang",
    "reposts",          "likes",     "replies", "in_reply_to",   "sentiment_label",
    "sentiment_score",  "status"};

// Column names of common exports, in order of preference. Headers are compared lower-cased,
// with spaces and dashes as underscores; JSONL nested objects appear as "user.screen_name".
const QHash<int, QStringList> &aliases() {
    static const QHash<int, QStringList> table = {
        {FSourceId, {"source_id", "id_str", "tweet_id", "id", "status_id", "post_id", "uri"}},
        {FText, {"text", "full_text", "tweet", "content", "body", "message", "record.text"}},
        {FCreatedAt,
         {"created_at", "tweet_created", "date", "created", "timestamp", "time", "published",
          "datetime", "indexed_at", "record.createdat"}},
        {FAuthorHandle,
         {"author_handle", "screen_name", "user_screen_name", "user.screen_name", "username",
          "user.username", "account.acct", "author.handle", "handle", "name", "user_name", "user",
          "author", "account"}},
        {FAuthorName,
         {"author_name", "display_name", "user_display_name", "user.name", "account.display_name",
          "author.display_name", "author.displayname"}},
        {FAuthorFollowers,
         {"author_followers", "user_followers", "followers_count", "user_followers_count",
          "followers", "user.followers_count", "account.followers_count", "author.followers_count",
          "author.followerscount"}},
        {FReposts,
         {"reposts", "retweet_count", "retweets", "reblogs_count", "shares", "repost_count",
          "public_metrics.retweet_count"}},
        {FLikes,
         {"likes", "favorite_count", "favorites", "favourites_count", "like_count",
          "public_metrics.like_count"}},
        {FReplies, {"replies", "reply_count", "replies_count", "public_metrics.reply_count"}},
        {FUrl, {"url", "link", "permalink", "tweet_url", "post_url"}},
        {FTitle, {"title", "headline"}},
        {FLang, {"lang", "language"}},
        {FInReplyTo,
         {"in_reply_to", "in_reply_to_status_id_str", "in_reply_to_status_id", "in_reply_to_id"}},
        // Only from our own exports (see recogniseOwnColumns): in other tools' files a
        // "source" column is often the posting client, a "sentiment" column someone's label.
        {FSource, {"platform", "network"}},
    };
    return table;
}

QString normaliseHeader(QStringView name) {
    QString n = name.trimmed().toString().toLower();
    n.replace(u' ', u'_');
    n.replace(u'-', u'_');
    return n;
}

struct Columns {
    int index[FieldCount];
    Columns() { std::fill(std::begin(index), std::end(index), -1); }
};

// Resolves fields to header positions; false + reason when the text column is missing.
bool resolveColumns(const QStringList &headers, const ImportOptions &options, Columns *cols,
                    QString *error) {
    QHash<QString, int> position;
    for (int i = 0; i < headers.size(); ++i) {
        const QString h = normaliseHeader(headers.at(i));
        if (!position.contains(h))
            position.insert(h, i);
    }
    for (auto it = aliases().cbegin(); it != aliases().cend(); ++it) {
        for (const QString &alias : it.value()) {
            if (position.contains(alias)) {
                cols->index[it.key()] = position.value(alias);
                break;
            }
        }
    }
    // Our own export names every field; honour its source/status/sentiment columns then.
    if (position.contains(QStringLiteral("source_id"))) {
        for (int f : {FSource, FStatus, FSentimentLabel, FSentimentScore}) {
            const QString name = QString::fromLatin1(kFieldNames[f]);
            if (position.contains(name))
                cols->index[f] = position.value(name);
        }
    }
    for (auto it = options.map.cbegin(); it != options.map.cend(); ++it) {
        int field = -1;
        for (int f = 0; f < FieldCount; ++f) {
            if (it.key() == QLatin1StringView(kFieldNames[f]))
                field = f;
        }
        if (field < 0) {
            *error = QStringLiteral("--map %1=%2: unknown field \"%1\" (fields: %3)")
                         .arg(it.key(), it.value(), FileImporter::fieldNames().join(u", "));
            return false;
        }
        const QString column = normaliseHeader(it.value());
        if (!position.contains(column)) {
            *error = QStringLiteral("--map %1=%2: the file has no column \"%2\"")
                         .arg(it.key(), it.value());
            return false;
        }
        cols->index[field] = position.value(column);
    }
    // A name column next to a handle column is the display name.
    if (cols->index[FAuthorName] < 0 && position.contains(QStringLiteral("name")) &&
        cols->index[FAuthorHandle] != position.value(QStringLiteral("name")))
        cols->index[FAuthorName] = position.value(QStringLiteral("name"));
    if (cols->index[FText] < 0) {
        *error = QStringLiteral("no text column (looked for %1); name it with --map text=COLUMN")
                     .arg(aliases().value(FText).join(u", "));
        return false;
    }
    return true;
}

QString decodeBasicEntities(QString text) {
    if (!text.contains(u'&'))
        return text;
    static const std::pair<QLatin1StringView, QLatin1StringView> entities[] = {
        {QLatin1StringView("&lt;"), QLatin1StringView("<")},
        {QLatin1StringView("&gt;"), QLatin1StringView(">")},
        {QLatin1StringView("&quot;"), QLatin1StringView("\"")},
        {QLatin1StringView("&#39;"), QLatin1StringView("'")},
        {QLatin1StringView("&apos;"), QLatin1StringView("'")},
        {QLatin1StringView("&amp;"), QLatin1StringView("&")}};
    for (const auto &[from, to] : entities)
        text.replace(from, to);
    return text;
}

qint64 toCount(const QString &value, bool *ok) {
    const QString v = value.trimmed();
    if (v.isEmpty()) {
        *ok = true;
        return 0;
    }
    qint64 n = v.toLongLong(ok);
    if (!*ok) {
        const double d = v.toDouble(ok); // "12.0" from spreadsheet round-trips
        *ok = *ok && std::isfinite(d);
        n = clampToInt64(d);
    }
    // Capped: a trillion-like count is broken data, and summing such values must not overflow.
    return n < 0 ? n : clampCount(n);
}

class RowMapper {
public:
    RowMapper(const Columns &cols, const ImportOptions &options, const QString &defaultSource,
              QDateTime ingest)
        : m_cols(cols)
        , m_options(options)
        , m_defaultSource(defaultSource)
        , m_ingest(std::move(ingest)) {}

    // values[i] = the row's value for header column i. False + reason → row rejected.
    bool map(const QStringList &values, Mention *m, QString *reason) {
        auto value = [&](int field) -> QString {
            const int i = m_cols.index[field];
            return (i >= 0 && i < values.size()) ? values.at(i) : QString();
        };
        m->text = decodeBasicEntities(value(FText));
        m->title = decodeBasicEntities(value(FTitle));
        if (m->text.trimmed().isEmpty() && m->title.trimmed().isEmpty()) {
            *reason = QStringLiteral("empty text");
            return false;
        }
        m->source = m_options.source.isEmpty() ? value(FSource).trimmed() : m_options.source;
        if (m->source.isEmpty())
            m->source = m_defaultSource;
        m->sourceId = value(FSourceId).trimmed();
        // CrisisLex wraps ids in single quotes: '325208201740029952'.
        if (m->sourceId.size() > 2 && m->sourceId.startsWith(u'\'') && m->sourceId.endsWith(u'\''))
            m->sourceId = m->sourceId.mid(1, m->sourceId.size() - 2);
        m->url = value(FUrl).trimmed();
        m->authorHandle = value(FAuthorHandle).trimmed();
        if (m->authorHandle.startsWith(u'@'))
            m->authorHandle.remove(0, 1);
        m->authorName = value(FAuthorName).trimmed();
        if (m->authorName.isEmpty())
            m->authorName = m->authorHandle;
        m->language = value(FLang).trimmed().toLower();
        m->inReplyTo = value(FInReplyTo).trimmed();
        m->ingestedAt = m_ingest;

        bool ok = true;
        const QString followers = value(FAuthorFollowers).trimmed();
        if (!followers.isEmpty()) {
            m->authorFollowers = toCount(followers, &ok);
            if (!ok || m->authorFollowers < 0) {
                *reason =
                    QStringLiteral("followers is not a number: \"%1\"").arg(followers.left(40));
                return false;
            }
        }
        const std::pair<int, qint64 *> counts[] = {
            {FReposts, &m->reposts}, {FLikes, &m->likes}, {FReplies, &m->replies}};
        for (const auto &[field, target] : counts) {
            *target = toCount(value(field), &ok);
            if (!ok || *target < 0) {
                *reason = QStringLiteral("%1 is not a number: \"%2\"")
                              .arg(QLatin1StringView(kFieldNames[field]), value(field).left(40));
                return false;
            }
        }

        const QString created = value(FCreatedAt);
        if (m_cols.index[FCreatedAt] >= 0 && !created.trimmed().isEmpty()) {
            m->createdAt = parseTimestamp(created);
            if (!m->createdAt.isValid()) {
                m->createdAt = timeFromSnowflake(m->sourceId);
                if (!m->createdAt.isValid()) {
                    *reason = QStringLiteral("unreadable date \"%1\"").arg(created.left(40));
                    return false;
                }
            }
        } else {
            m->createdAt = timeFromSnowflake(m->sourceId);
            if (m->createdAt.isValid()) {
                ++m_timesFromIds;
            } else {
                m->createdAt = m_ingest;
                m->timeEstimated = true;
                ++m_timesEstimated;
            }
        }

        if (m_cols.index[FSentimentLabel] >= 0) {
            m->sentiment = sentimentFromName(value(FSentimentLabel), &ok);
            m->sentimentScore = value(FSentimentScore).toDouble();
        }
        if (m_cols.index[FStatus] >= 0 && !value(FStatus).isEmpty())
            m->status = statusFromName(value(FStatus));

        if (m->sourceId.isEmpty()) {
            // No id: a stable one from what the row says, so re-importing adds nothing.
            QCryptographicHash hash(QCryptographicHash::Sha1);
            hash.addData(m->authorHandle.toUtf8());
            hash.addData(QByteArrayView("\x1f"));
            hash.addData(created.toUtf8());
            hash.addData(QByteArrayView("\x1f"));
            hash.addData(m->text.toUtf8());
            m->sourceId = QStringLiteral("sha1:") + QString::fromLatin1(hash.result().toHex());
        }
        return true;
    }

    qint64 m_timesFromIds = 0;
    qint64 m_timesEstimated = 0;

private:
    const Columns &m_cols;
    const ImportOptions &m_options;
    QString m_defaultSource;
    QDateTime m_ingest;
};

bool looksBinary(QByteArrayView head) {
    if (head.startsWith("\xFF\xFE") || head.startsWith("\xFE\xFF"))
        return false; // UTF-16, reported separately
    return head.first(std::min<qsizetype>(head.size(), 65536)).contains('\0');
}

// Fields → strings; false when a field is not valid UTF-8.
bool decodeFields(const QList<QByteArrayView> &fields, const QStringList &headers, QStringList *out,
                  QString *reason) {
    out->clear();
    out->reserve(fields.size());
    for (qsizetype i = 0; i < fields.size(); ++i) {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString s = decoder.decode(fields.at(i));
        if (decoder.hasError()) {
            *reason = QStringLiteral("invalid UTF-8 in column \"%1\"")
                          .arg(i < headers.size() ? headers.at(i) : QString::number(i + 1));
            return false;
        }
        out->append(s);
    }
    return true;
}

void flatten(const QJsonObject &object, const QString &prefix, int depth,
             QHash<QString, QString> *out) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = prefix + normaliseHeader(it.key());
        const QJsonValue v = it.value();
        if (v.isObject() && depth < 3) {
            flatten(v.toObject(), key + u'.', depth + 1, out);
        } else if (v.isString()) {
            out->insert(key, v.toString());
        } else if (v.isDouble()) {
            const double d = v.toDouble();
            // Whole numbers print as integers (ids, counts); never cast what may not fit.
            const bool whole = std::abs(d) < 9e15 && d == std::trunc(d);
            out->insert(key, whole ? QString::number(qint64(d)) : QString::number(d, 'g', 17));
        } else if (v.isBool()) {
            out->insert(key, v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        }
    }
}

QString guessSource(const QStringList &headers, const QString &path) {
    for (const QString &h : headers) {
        const QString n = normaliseHeader(h);
        if (n.contains(u"tweet") || n.contains(u"retweet"))
            return QStringLiteral("twitter");
    }
    Q_UNUSED(path);
    return QStringLiteral("import");
}

} // namespace

FileImporter::FileImporter(ImportOptions options)
    : m_options(std::move(options)) {
    if (m_options.analyse)
        m_pipeline = std::make_unique<IngestPipeline>();
}

FileImporter::~FileImporter() = default;

QStringList FileImporter::fieldNames() {
    QStringList names;
    for (const char *n : kFieldNames)
        names.append(QString::fromLatin1(n));
    return names;
}

ImportSummary FileImporter::run(const QString &path, const Sink &sink, const Progress &progress) {
    ImportSummary summary;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        summary.fatal = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return summary;
    }
    const qint64 size = file.size();
    if (size == 0) {
        summary.fatal = QStringLiteral("%1 is empty").arg(path);
        return summary;
    }
    uchar *mapped = file.map(0, size);
    QByteArray fallback;
    if (!mapped) {
        fallback = file.readAll();
        mapped = reinterpret_cast<uchar *>(fallback.data());
    }
    const QByteArrayView data(reinterpret_cast<const char *>(mapped), size);
    if (looksBinary(data)) {
        summary.fatal = QStringLiteral("%1 is not text (it contains NUL bytes): expected CSV or "
                                       "JSONL")
                            .arg(path);
        return summary;
    }
    if (data.startsWith("\xFF\xFE") || data.startsWith("\xFE\xFF")) {
        summary.fatal = QStringLiteral("%1 is UTF-16; save it as UTF-8 and import again").arg(path);
        return summary;
    }

    const QString suffix = QFileInfo(path).suffix().toLower();
    qsizetype firstChar = 0;
    while (firstChar < data.size() && QChar::isSpace(uchar(data.at(firstChar))))
        ++firstChar;
    if (data.startsWith("\xEF\xBB\xBF"))
        firstChar = 3;
    const bool jsonl = suffix == u"jsonl" || suffix == u"ndjson" ||
                       (suffix != u"csv" && suffix != u"tsv" && firstChar < data.size() &&
                        data.at(firstChar) == '{');

    const QDateTime ingest = QDateTime::currentDateTimeUtc();
    MentionBatch batch;
    batch.reserve(m_options.batchSize);
    auto flush = [&] {
        if (batch.isEmpty())
            return true;
        if (m_pipeline)
            m_pipeline->analyse(batch);
        const WriteResult r = sink(batch);
        batch.clear();
        if (!r.ok()) {
            summary.fatal = r.error;
            return false;
        }
        summary.inserted += r.inserted;
        summary.duplicates += r.duplicates;
        summary.rejected += r.rejected;
        return true;
    };
    auto reject = [&](qint64 line, const QString &reason) {
        ++summary.rejected;
        if (summary.rejects.size() < ImportSummary::kMaxRejectsKept)
            summary.rejects.append({line, reason});
    };

    if (!jsonl) {
        CsvReader reader(data, suffix == u"tsv" ? '\t' : CsvReader::sniffDelimiter(data));
        CsvReader::Record record;
        if (!reader.next(&record) || !record.error.isEmpty()) {
            summary.fatal = QStringLiteral("%1: no readable header line").arg(path);
            return summary;
        }
        QStringList headers;
        QString why;
        if (!decodeFields(record.fields, {}, &headers, &why)) {
            summary.fatal = QStringLiteral("%1: the header is not UTF-8").arg(path);
            return summary;
        }
        Columns cols;
        if (!resolveColumns(headers, m_options, &cols, &why)) {
            summary.fatal = QStringLiteral("%1: %2").arg(path, why);
            return summary;
        }
        RowMapper mapper(cols, m_options, guessSource(headers, path), ingest);
        QStringList values;
        while (reader.next(&record)) {
            ++summary.read;
            if (!record.error.isEmpty()) {
                reject(record.line, record.error);
                continue;
            }
            if (record.fields.size() != headers.size() && record.lines > 1) {
                // A stray quote ran into the following lines: lose this line only.
                reject(record.line, QStringLiteral("a quoted field never closes on its line "
                                                   "(%1 fields where the header has %2)")
                                        .arg(record.fields.size())
                                        .arg(headers.size()));
                reader.resumeAfterFirstLine(record);
                continue;
            }
            if (record.fields.size() != headers.size()) {
                reject(record.line, QStringLiteral("%1 fields where the header has %2")
                                        .arg(record.fields.size())
                                        .arg(headers.size()));
                continue;
            }
            if (!decodeFields(record.fields, headers, &values, &why)) {
                reject(record.line, why);
                continue;
            }
            Mention m;
            if (!mapper.map(values, &m, &why)) {
                reject(record.line, why);
                continue;
            }
            batch.append(std::move(m));
            if (batch.size() >= m_options.batchSize) {
                if (!flush())
                    return summary;
                if (progress)
                    progress(reader.position(), size);
            }
        }
        if (!flush())
            return summary;
        if (mapper.m_timesFromIds > 0)
            summary.notes.append(
                QStringLiteral("%1 times taken from tweet ids").arg(mapper.m_timesFromIds));
        if (mapper.m_timesEstimated > 0)
            summary.notes.append(QStringLiteral("%1 rows have no time: set to the import time")
                                     .arg(mapper.m_timesEstimated));
    } else {
        // JSONL: one object per line; the columns are the union of the keys seen.
        qint64 pos = data.startsWith("\xEF\xBB\xBF") ? 3 : 0;
        qint64 line = 0;
        QStringList headers;
        QHash<QString, int> headerIndex;
        Columns cols;
        bool resolved = false;
        std::unique_ptr<RowMapper> mapper;
        QString why;
        while (pos < size) {
            qsizetype nl = data.indexOf('\n', pos);
            if (nl < 0)
                nl = size;
            const QByteArrayView raw = data.sliced(pos, nl - pos);
            pos = nl + 1;
            ++line;
            if (raw.trimmed().isEmpty())
                continue;
            ++summary.read;
            QJsonParseError parseError;
            const QJsonDocument doc = QJsonDocument::fromJson(raw.toByteArray(), &parseError);
            if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
                reject(line, parseError.error != QJsonParseError::NoError
                                 ? QStringLiteral("invalid JSON: %1").arg(parseError.errorString())
                                 : QStringLiteral("not a JSON object"));
                continue;
            }
            QHash<QString, QString> flat;
            flatten(doc.object(), QString(), 0, &flat);
            if (!resolved) {
                // The first object's keys name the columns (later new keys are appended).
                for (auto it = flat.cbegin(); it != flat.cend(); ++it) {
                    headerIndex.insert(it.key(), int(headers.size()));
                    headers.append(it.key());
                }
                if (!resolveColumns(headers, m_options, &cols, &why)) {
                    summary.fatal = QStringLiteral("%1: %2").arg(path, why);
                    return summary;
                }
                mapper = std::make_unique<RowMapper>(cols, m_options, guessSource(headers, path),
                                                     ingest);
                resolved = true;
            }
            QStringList values(headers.size());
            for (auto it = flat.cbegin(); it != flat.cend(); ++it) {
                const int i = headerIndex.value(it.key(), -1);
                if (i >= 0)
                    values[i] = it.value();
            }
            Mention m;
            if (!mapper->map(values, &m, &why)) {
                reject(line, why);
                continue;
            }
            batch.append(std::move(m));
            if (batch.size() >= m_options.batchSize) {
                if (!flush())
                    return summary;
                if (progress)
                    progress(pos, size);
            }
        }
        if (!flush())
            return summary;
        if (!resolved && summary.read > 0 && summary.rejected == summary.read)
            summary.notes.append(QStringLiteral("no line of %1 was a JSON object").arg(path));
    }
    if (progress)
        progress(size, size);
    return summary;
}

} // namespace warroom
