// Ingest and search at scale: `warroom import` (the full pipeline: parsing, dedupe, language,
// sentiment, authors, per-minute aggregates, full-text index) against sqlite3's own `.import` of
// the same CSV into a plain table, timed in the same run (wall and CPU: the machine is shared, so
// the CPU ratio is the steadier figure); the search index's lag behind the committed mentions,
// sampled from a reader while the import runs; then search latency p50/p99 (Latin and CJK).
//   bench_ingest [--mentions N] [--authors N] [--dir DIR]
#include "crisisgen.h"
#include "store/mentionreader.h"
#include "store/sqlite.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <sys/resource.h>

#include <algorithm>
#include <functional>

using namespace warroom;

namespace {

QTextStream out(stdout);

// CPU seconds (user + system) of the children waited for so far.
double childrenCpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// Runs a program to its end: wall seconds; its CPU seconds in *cpu. `poll`, when given, is
// called every 50 ms while it runs.
double runTimed(const QString &program, const QStringList &args, bool *ok, double *cpu,
                const std::function<void(qint64 ms)> &poll = {}) {
    QProcess p;
    QElapsedTimer t;
    const double cpuBefore = childrenCpuSeconds();
    t.start();
    p.start(program, args);
    while (p.state() != QProcess::NotRunning && !p.waitForFinished(50)) {
        if (poll)
            poll(t.elapsed());
    }
    *ok = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    const double seconds = t.nsecsElapsed() / 1e9;
    *cpu = childrenCpuSeconds() - cpuBefore;
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
    double sqliteCpu = 0;
    const double sqliteSeconds = runTimed(
        QStringLiteral("sqlite3"),
        {plain, QStringLiteral(".import --csv ") + csv + QStringLiteral(" t")}, &ok, &sqliteCpu);
    if (!ok)
        return 1;
    const QString store = dir + QStringLiteral("/store.sqlite");
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(store + suffix);
    // Index lag: how long committed mentions wait for the search index (they are found by the
    // reader's scan meanwhile), sampled from a reader connection while the import runs.
    sql::Connection probe;
    std::vector<std::pair<qint64, qint64>> firstSeen; // (max id committed, first seen at ms)
    std::vector<double> lagMs;
    qint64 maxRowsBehind = 0;
    auto poll = [&](qint64 ms) {
        if (!probe.isOpen() && !probe.open(store, sql::Connection::Mode::ReadOnly, nullptr))
            return;
        const qint64 committed = probe.scalar("SELECT max(id) FROM mentions", -1);
        const qint64 mark = probe.scalar("SELECT indexed_upto FROM search_index_state", -1);
        if (committed < 0 || mark < 0)
            return;
        if (firstSeen.empty() || firstSeen.back().first < committed)
            firstSeen.emplace_back(committed, ms);
        maxRowsBehind = std::max(maxRowsBehind, committed - mark);
        // The oldest mention not indexed yet was first seen committed at...
        const auto oldest = std::find_if(firstSeen.begin(), firstSeen.end(),
                                         [&](const auto &s) { return s.first > mark; });
        lagMs.push_back(oldest == firstSeen.end() ? 0.0 : double(ms - oldest->second));
    };
    double warroomCpu = 0;
    const double warroomSeconds = runTimed(
        QStringLiteral(WARROOM_BINARY),
        {QStringLiteral("import"), csv, QStringLiteral("--store"), store}, &ok, &warroomCpu, poll);
    probe.close();
    if (!ok)
        return 1;
    const double ratio = warroomSeconds / sqliteSeconds;
    const double cpuRatio = warroomCpu / std::max(sqliteCpu, 1e-3);
    const double rate = spec.mentions / warroomSeconds;
    const double cpuRate = spec.mentions / std::max(warroomCpu, 1e-3);
    const double lagP50 = percentile(lagMs, 0.5), lagP99 = percentile(lagMs, 0.99);
    const double lagMax = lagMs.empty() ? 0 : *std::max_element(lagMs.begin(), lagMs.end());
    out << "sqlite3 .import (plain table):   " << QString::number(sqliteSeconds, 'f', 2)
        << " s wall, " << QString::number(sqliteCpu, 'f', 2) << " s CPU" << Qt::endl;
    out << "warroom import (full pipeline):  " << QString::number(warroomSeconds, 'f', 2)
        << " s wall = " << QString::number(ratio, 'f', 2) << "x sqlite3, " << qint64(rate)
        << " mentions/s; " << QString::number(warroomCpu, 'f', 2)
        << " s CPU = " << QString::number(cpuRatio, 'f', 2) << "x sqlite3, " << qint64(cpuRate)
        << " mentions per CPU-second" << Qt::endl;
    out << "index lag during import: p50 " << qint64(lagP50) << " ms, p99 " << qint64(lagP99)
        << " ms, max " << qint64(lagMax) << " ms, at most " << maxRowsBehind << " mentions behind ("
        << lagMs.size() << " samples; found by scan meanwhile)" << Qt::endl;

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
    const QJsonObject result{
        {QStringLiteral("bench"), QStringLiteral("ingest")},
        {QStringLiteral("mentions"), double(spec.mentions)},
        {QStringLiteral("sqlite_import_s"), sqliteSeconds},
        {QStringLiteral("warroom_import_s"), warroomSeconds},
        {QStringLiteral("ratio"), ratio},
        {QStringLiteral("mentions_per_s"), rate},
        {QStringLiteral("sqlite_import_cpu_s"), sqliteCpu},
        {QStringLiteral("warroom_import_cpu_s"), warroomCpu},
        {QStringLiteral("cpu_ratio"), cpuRatio},
        {QStringLiteral("mentions_per_cpu_s"), cpuRate},
        {QStringLiteral("index_lag_ms"),
         QJsonObject{{QStringLiteral("p50"), lagP50},
                     {QStringLiteral("p99"), lagP99},
                     {QStringLiteral("max"), lagMax},
                     {QStringLiteral("max_rows_behind"), double(maxRowsBehind)}}},
        {QStringLiteral("search"), search}};
    out << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
    return 0;
}
