// Writes the fuzzers' seed corpora from the shared third-party data (../shared/data), small pieces
// of real feeds, API responses, streams and exports. Run at test time into the build folder: the
// data is never copied into the repository.
//   fuzz_seeds <shared/data> <out>   → <out>/{feedparser,mastodon,bluesky,sse,import,search}/
#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>

namespace {

QString g_data;
QString g_out;
int g_written = 0;

QByteArray readFile(const QString &relative) {
    QFile f(QDir(g_data).filePath(relative));
    if (!f.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "fuzz_seeds: cannot read %s\n", qPrintable(f.fileName()));
        return {};
    }
    return f.readAll();
}

void seed(const QString &target, const QByteArray &bytes) {
    if (bytes.isEmpty())
        return;
    const QDir dir(QDir(g_out).filePath(target));
    dir.mkpath(QStringLiteral("."));
    // Named by content, as libFuzzer names its own corpus files.
    const QString name = QString::fromLatin1(
        QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex().left(20));
    QFile f(dir.filePath(name));
    if (f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size())
        ++g_written;
}

QByteArray compact(const QJsonValue &v) {
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    if (v.isObject())
        return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    return {};
}

// The first `lines` physical lines of a text file.
QByteArray head(const QByteArray &text, int lines, qsizetype from = 0) {
    qsizetype end = from;
    for (int i = 0; i < lines && end >= 0 && end < text.size(); ++i) {
        end = text.indexOf('\n', end);
        if (end >= 0)
            ++end;
    }
    return text.mid(from, (end < 0 ? text.size() : end) - from);
}

void feeds() {
    for (const char *dir : {"feedparser-tests", "feedjira-sample-feeds"}) {
        QDirIterator it(QDir(g_data).filePath(QLatin1StringView(dir)), QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.endsWith(u".md") || path.endsWith(u".txt") || QFileInfo(path).size() > 65536)
                continue;
            QFile f(path);
            if (f.open(QIODevice::ReadOnly))
                seed(QStringLiteral("feedparser"), f.readAll());
        }
    }
}

void mastodon() {
    const QByteArray jsonl = readFile(QStringLiteral("mastodon/mastodon_py_interactions.jsonl"));
    int statuses = 0;
    for (const QByteArray &line : jsonl.split('\n')) {
        const QJsonValue body = QJsonDocument::fromJson(line).object().value(u"body");
        const bool statusList = body.isArray() && !body.toArray().isEmpty() &&
                                body.toArray().first().toObject().contains(u"content");
        const bool status = body.isObject() && body.toObject().contains(u"content");
        const bool search = body.isObject() && body.toObject().contains(u"statuses");
        if ((statusList || status || search) && statuses < 150) {
            seed(QStringLiteral("mastodon"), compact(body));
            ++statuses;
        }
    }
    const QByteArray events = readFile(QStringLiteral("mastodon/mastodon_streaming_events.jsonl"));
    for (const QByteArray &line : events.split('\n')) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.value(u"event").toString() == u"update")
            seed(QStringLiteral("mastodon"), compact(o.value(u"payload")));
    }
    // The stream on the wire: whole, and one event at a time.
    const QByteArray sse = readFile(QStringLiteral("mastodon/mastodon_streaming_events.sse"));
    seed(QStringLiteral("sse"), sse);
    qsizetype at = 0;
    while (at < sse.size()) {
        qsizetype end = sse.indexOf("\n\n", at);
        end = end < 0 ? sse.size() : end + 2;
        seed(QStringLiteral("sse"), sse.mid(at, end - at));
        at = end;
    }
    seed(QStringLiteral("sse"), ":thump\n\n:thump\r\nevent: delete\r\ndata: 1234\r\n\r\n");
}

void bluesky() {
    // Whole small responses, and big ones in slices of a few posts each.
    const char *files[] = {
        "app/bsky/feed/searchPosts.json",     "app/bsky/feed/getPosts.json",
        "app/bsky/feed/getTimeline.json",     "app/bsky/feed/getAuthorFeed.json",
        "app/bsky/feed/getListFeed.json",     "app/bsky/feed/getPostThread.json",
        "app/bsky/unspecced/getPopular.json", "app/bsky/notification/listNotifications.json"};
    for (const char *file : files) {
        const QByteArray bytes = readFile(QStringLiteral("bluesky/") + QLatin1StringView(file));
        if (bytes.size() <= 16384) {
            seed(QStringLiteral("bluesky"), bytes);
            continue;
        }
        const QJsonObject o = QJsonDocument::fromJson(bytes).object();
        for (const QString &key : {QStringLiteral("feed"), QStringLiteral("posts")}) {
            const QJsonArray items = o.value(key).toArray();
            for (qsizetype i = 0; i < std::min<qsizetype>(items.size(), 60); i += 3) {
                QJsonArray slice;
                for (qsizetype k = i; k < std::min(items.size(), i + 3); ++k)
                    slice.append(items.at(k));
                seed(QStringLiteral("bluesky"), compact(QJsonObject{{key, slice}}));
            }
        }
        if (o.contains(u"thread"))
            seed(QStringLiteral("bluesky"),
                 compact(
                     QJsonObject{{QStringLiteral("thread"),
                                  QJsonObject{{QStringLiteral("post"),
                                               o.value(u"thread").toObject().value(u"post")}}}}));
    }
    // Jetstream messages around real app.bsky.feed.post records.
    const QJsonArray records =
        QJsonDocument::fromJson(
            readFile(QStringLiteral("bluesky/com/atproto/repo/listRecords.json")))
            .object()
            .value(u"records")
            .toArray();
    qint64 timeUs = 1'694'000'000'000'000;
    for (qsizetype i = 0; i < std::min<qsizetype>(records.size(), 20); ++i) {
        const QJsonObject r = records.at(i).toObject();
        const QStringList uri = r.value(u"uri").toString().mid(5).split(u'/');
        if (uri.size() != 3)
            continue;
        const QJsonObject commit{{QStringLiteral("operation"),
                                  i % 5 == 4 ? QStringLiteral("delete") : QStringLiteral("create")},
                                 {QStringLiteral("collection"), uri.at(1)},
                                 {QStringLiteral("rkey"), uri.at(2)},
                                 {QStringLiteral("record"), r.value(u"value")}};
        seed(QStringLiteral("bluesky"),
             compact(QJsonObject{{QStringLiteral("did"), uri.at(0)},
                                 {QStringLiteral("time_us"), double(timeUs + i * 1000)},
                                 {QStringLiteral("kind"), QStringLiteral("commit")},
                                 {QStringLiteral("commit"), commit}}));
    }
}

void imports() {
    const char *csvs[] = {
        "airline-tweets/Tweets.csv", "pfizer-vaccine-tweets/vaccination_tweets.csv",
        "crisislex-t6/2013_Boston_Bombings/2013_Boston_Bombings-ontopic_offtopic.csv",
        "crisislex-t6/2013_West_Texas_Explosion/2013_West_Texas_Explosion-ontopic_offtopic.csv"};
    for (const char *file : csvs) {
        const QByteArray text = readFile(QLatin1StringView(file));
        const QByteArray header = head(text, 1);
        seed(QStringLiteral("import"), head(text, 25));
        // Later rows under the same header (multi-line quoted fields, odd characters).
        for (qsizetype from : {qsizetype(text.size() / 3), qsizetype(text.size() * 2 / 3)}) {
            const qsizetype line = text.indexOf('\n', from);
            if (line > 0)
                seed(QStringLiteral("import"), header + head(text, 15, line + 1));
        }
    }
    // JSONL as other tools export it: Mastodon statuses one per line (nested account.*).
    const QByteArray jsonl = readFile(QStringLiteral("mastodon/mastodon_py_interactions.jsonl"));
    QByteArray lines;
    int n = 0;
    for (const QByteArray &line : jsonl.split('\n')) {
        const QJsonValue body = QJsonDocument::fromJson(line).object().value(u"body");
        for (const QJsonValue &s : body.toArray()) {
            if (!s.toObject().contains(u"content"))
                continue;
            lines += compact(s) + '\n';
            if (++n % 8 == 0) {
                seed(QStringLiteral("import"), lines);
                lines.clear();
            }
        }
        if (n >= 64)
            break;
    }
}

void searches() {
    // Queries people type (our own), then words and phrases from real tweets in eight languages.
    const char *const typed[] = {"united",
                                 "lost luggage",
                                 "\"late flight\"",
                                 "delta OR united",
                                 "-spam refund",
                                 "NOT cancelled flight",
                                 "café",
                                 "東京",
                                 "지하철",
                                 "NEAR(a b)",
                                 "col:value",
                                 "\"unclosed",
                                 "a* ^b +c",
                                 "OR",
                                 "-",
                                 "“curly quotes”",
                                 "「東京」",
                                 "🔥",
                                 "e\u0301",
                                 "straße"};
    for (const char *q : typed)
        seed(QStringLiteral("search"), QByteArray(q));
    for (const char *lang :
         {"arabic", "english", "french", "german", "hindi", "italian", "portuguese", "spanish"}) {
        const QByteArray text =
            readFile(QStringLiteral("umsab-multilingual-tweets/%1/test_text.txt")
                         .arg(QLatin1StringView(lang)));
        const QList<QByteArray> lines = text.split('\n');
        for (qsizetype i = 0; i < std::min<qsizetype>(lines.size(), 8); ++i) {
            const QList<QByteArray> words = lines.at(i).split(' ');
            seed(QStringLiteral("search"), words.mid(0, 3).join(' '));
            if (words.size() > 4)
                seed(QStringLiteral("search"), '"' + words.mid(2, 2).join(' ') + '"');
        }
    }
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: fuzz_seeds <shared/data> <out-dir>\n");
        return 2;
    }
    g_data = args.at(1);
    g_out = args.at(2);
    feeds();
    mastodon();
    bluesky();
    imports();
    searches();
    std::printf("fuzz_seeds: %d seed files in %s\n", g_written, qPrintable(g_out));
    return g_written > 0 ? 0 : 1;
}
