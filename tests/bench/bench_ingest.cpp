// Ingest and search at scale: `warroom import` (the full pipeline: parsing, dedupe, language,
// sentiment, authors, per-minute aggregates, full-text index) against sqlite3's own `.import` of
// the same CSV into a plain table, timed in the same run; then search latency p50/p99.
//   bench_ingest [--mentions N] [--authors N] [--dir DIR]
#include "crisisgen.h"
#include "store/mentionreader.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>

using namespace warroom;

namespace {

QTextStream out(stdout);

double runTimed(const QString &program, const QStringList &args, bool *ok) {
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    *ok = p.waitForFinished(-1) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    const double seconds = t.nsecsElapsed() / 1e9;
    if (!*ok)
        out << program << " failed: " << QString::fromLocal8Bit(p.readAllStandardOutput())
            << Qt::endl;
    return seconds;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[std::min(v.size() - 1, size_t(p * double(v.size())))];
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("mentions"), QStringLiteral("Rows."), QStringLiteral("N"),
                      QStringLiteral("200000")});
    parser.addOption({QStringLiteral("authors"), QStringLiteral("Authors."), QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("dir"), QStringLiteral("Work folder (kept)."), QStringLiteral("DIR")});
    parser.process(app);
    bench::CrisisSpec spec;
    spec.mentions = parser.value(QStringLiteral("mentions")).toLongLong();
    spec.authors = parser.isSet(QStringLiteral("authors"))
                       ? parser.value(QStringLiteral("authors")).toLongLong()
                       : std::max<qint64>(1000, spec.mentions / 5);
    QTemporaryDir temp;
    const QString dir =
        parser.isSet(QStringLiteral("dir")) ? parser.value(QStringLiteral("dir")) : temp.path();
    const QString csv = dir + QStringLiteral("/crisis.csv");
    QString error;
    QElapsedTimer t;
    t.start();
    if (!bench::writeCrisisCsv(spec, csv, &error)) {
        out << "cannot write " << csv << ": " << error << Qt::endl;
        return 1;
    }
    out << "generated " << spec.mentions << " mentions from " << spec.authors << " authors ("
        << QFileInfo(csv).size() / (1024 * 1024) << " MB CSV) in " << t.elapsed() << " ms"
        << Qt::endl;

    bool ok = false;
    const QString plain = dir + QStringLiteral("/plain.sqlite");
    QFile::remove(plain);
    const double sqliteSeconds =
        runTimed(QStringLiteral("sqlite3"),
                 {plain, QStringLiteral(".import --csv ") + csv + QStringLiteral(" t")}, &ok);
    if (!ok)
        return 1;
    const QString store = dir + QStringLiteral("/store.sqlite");
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(store + suffix);
    const double warroomSeconds =
        runTimed(QStringLiteral(WARROOM_BINARY),
                 {QStringLiteral("import"), csv, QStringLiteral("--store"), store}, &ok);
    if (!ok)
        return 1;
    const double ratio = warroomSeconds / sqliteSeconds;
    const double rate = spec.mentions / warroomSeconds;
    out << "sqlite3 .import (plain table):   " << QString::number(sqliteSeconds, 'f', 2) << " s"
        << Qt::endl;
    out << "warroom import (full pipeline):  " << QString::number(warroomSeconds, 'f', 2)
        << " s  = " << QString::number(ratio, 'f', 2) << "x sqlite3, " << qint64(rate)
        << " mentions/s" << Qt::endl;

    MentionReader reader;
    if (!reader.open(store, &error)) {
        out << error << Qt::endl;
        return 1;
    }
    const QStringList latin = {QStringLiteral("kettle"), QStringLiteral("boycott recall"),
                               QStringLiteral("\"batch B2550\""),
                               QStringLiteral("lawsuit OR rappel"), QStringLiteral("թեյնիկի")};
    const QStringList cjk = {QStringLiteral("品牌"), QStringLiteral("危機處理"),
                             QStringLiteral("水壺蓋子")};
    QJsonObject search;
    for (const auto &[name, queries] : {std::pair{QStringLiteral("latin_armenian"), latin},
                                        std::pair{QStringLiteral("cjk"), cjk}}) {
        std::vector<double> ms;
        qint64 hits = 0;
        for (int round = 0; round < 10; ++round) {
            for (const QString &q : queries) {
                MentionFilter f;
                f.search = q;
                QVector<qint64> ids;
                QElapsedTimer qt;
                qt.start();
                reader.ids(f, &ids, &error);
                ms.push_back(qt.nsecsElapsed() / 1e6);
                hits += ids.size();
            }
        }
        const double p50 = percentile(ms, 0.5), p99 = percentile(ms, 0.99);
        out << "search " << name << ": p50 " << QString::number(p50, 'f', 1) << " ms, p99 "
            << QString::number(p99, 'f', 1) << " ms (" << hits / 10 << " hits per round)"
            << Qt::endl;
        search.insert(
            name, QJsonObject{{QStringLiteral("p50_ms"), p50}, {QStringLiteral("p99_ms"), p99}});
    }
    const QJsonObject result{{QStringLiteral("bench"), QStringLiteral("ingest")},
                             {QStringLiteral("mentions"), double(spec.mentions)},
                             {QStringLiteral("sqlite_import_s"), sqliteSeconds},
                             {QStringLiteral("warroom_import_s"), warroomSeconds},
                             {QStringLiteral("ratio"), ratio},
                             {QStringLiteral("mentions_per_s"), rate},
                             {QStringLiteral("search"), search}};
    out << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
    return 0;
}
