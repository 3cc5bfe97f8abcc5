// Scale: the war room on a big store (issue 8). Cold open to every panel populated and the peak
// memory of the app, then the influencer ranking and the timeline refresh, each timed against the
// equivalent GROUP BY over raw rows in sqlite3's own CLI in the same run (ratio).
//   bench_scale [--store PATH] [--mentions N] [--authors N] [--dir DIR] [--runs N] [--skip-open]
// Without --store it generates a seeded crisis (crisisgen) and imports it with `warroom import`.
#include "analysis/riskscorer.h"
#include "crisisgen.h"
#include "itemmodels/aggregatequeries.h"
#include "itemmodels/aggregatequeryworker.h"
#include "itemmodels/mentionqueryworker.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "store/store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <vector>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace warroom;

namespace {

QTextStream out(stdout);

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Runs the app once with --screenshot (offscreen) and returns the ms it reported from process
// start to every panel populated, the wall time to exit and the peak RSS (wait4's ru_maxrss).
struct OpenRun {
    bool ok = false;
    double populatedMs = -1;
    double firstAnswersMs = -1; // every panel answered once (the ranking maybe still empty)
    double exitMs = 0;
    double peakRssMb = 0;
    QString error;
};

OpenRun openOnce(const QString &store, const QString &png) {
    OpenRun run;
    const QString errPath = png + QStringLiteral(".stderr");
    const QByteArray bin = QByteArrayLiteral(WARROOM_BINARY);
    const QByteArray storeArg = QFile::encodeName(store);
    const QByteArray pngArg = QFile::encodeName(png);
    const QByteArray errFile = QFile::encodeName(errPath);
    QElapsedTimer t;
    t.start();
    const pid_t pid = fork();
    if (pid == 0) {
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
        setenv("WARROOM_OPEN_TIMING", "1", 1); // "populated" includes the influencer ranking
        const int fd = ::open(errFile.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 2);
            dup2(fd, 1);
        }
        execl(bin.constData(), bin.constData(), "--store", storeArg.constData(), "--screenshot",
              pngArg.constData(), "--size", "1920x1080", static_cast<char *>(nullptr));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (pid < 0 || wait4(pid, &status, 0, &usage) != pid) {
        run.error = QStringLiteral("cannot start %1").arg(QString::fromLocal8Bit(bin));
        return run;
    }
    run.exitMs = t.nsecsElapsed() / 1e6;
    run.peakRssMb = usage.ru_maxrss / 1024.0;
    QFile err(errPath);
    const QString log =
        err.open(QIODevice::ReadOnly) ? QString::fromUtf8(err.readAll()) : QString();
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("panels populated (\\d+) ms")).match(log);
    if (m.hasMatch())
        run.populatedMs = m.captured(1).toDouble();
    const QRegularExpressionMatch first =
        QRegularExpression(QStringLiteral("first answer in every panel (\\d+) ms")).match(log);
    if (first.hasMatch())
        run.firstAnswersMs = first.captured(1).toDouble();
    run.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 && m.hasMatch();
    if (!run.ok)
        run.error = log.trimmed().section(u'\n', -1);
    return run;
}

// Best effort: with root, drop the page cache so the first open reads the store from disk.
bool dropCaches() {
    sync();
    QFile f(QStringLiteral("/proc/sys/vm/drop_caches"));
    return f.open(QIODevice::WriteOnly) && f.write("3\n") == 2;
}

// sqlite3's CLI timing of one statement (".timer on" prints "Run Time: real S ...").
double sqliteCliMs(const QString &store, const QString &sql, QString *error) {
    QProcess p;
    // Through stdin: sqlite3 3.40 prints no timer for statements given as arguments.
    p.start(QStringLiteral("sqlite3"), {QStringLiteral("-readonly"), store});
    p.write(".timer on\n" + sql.toUtf8() + "\n");
    p.closeWriteChannel();
    if (!p.waitForFinished(-1) || p.exitCode() != 0) {
        *error = QString::fromLocal8Bit(p.readAllStandardError()).trimmed();
        return -1;
    }
    const QString text = QString::fromLocal8Bit(p.readAllStandardOutput());
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("Run Time: real ([0-9.]+)")).match(text);
    return m.hasMatch() ? m.captured(1).toDouble() * 1000.0 : -1;
}

template <typename F> double timedMs(int runs, F &&f) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        ms.push_back(t.nsecsElapsed() / 1e6);
    }
    return median(ms);
}

// The q-quantile (0..1) of the samples, nearest rank.
double quantile(std::vector<double> v, double q) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t rank = size_t(std::ceil(q * double(v.size())));
    return v[std::min(v.size() - 1, rank > 0 ? rank - 1 : 0)];
}

// Full-text search as the mention stream runs it (MentionQueryWorker::query): the first page by
// the time index (MentionReader::firstIds, within the worker's budget), then every matching id,
// newest first (MentionReader::ids). Each term `runs` times after one untimed warm-up. "first" is
// the time until the first 100 rows are read, "all" until every match is listed.
struct SearchFigures {
    double firstP50 = 0;
    double firstP99 = 0;
    double p50 = 0; // all matches
    double p99 = 0;
    qint64 hits = 0; // matches of all terms, once
};

SearchFigures searchFigures(MentionReader &reader, const QStringList &terms, int runs,
                            QTextStream &log) {
    SearchFigures f;
    std::vector<double> firstMs, allMs;
    for (const QString &term : terms) {
        MentionFilter filter;
        filter.search = term;
        QVector<qint64> ids;
        QString error;
        for (int i = 0; i <= runs; ++i) {
            QElapsedTimer t;
            t.start();
            const MentionReader::FirstIds first =
                reader.firstIds(filter, MentionQueryWorker::kPreviewRows, false,
                                MentionQueryWorker::kPreviewBudgetMs, &ids, &error);
            double firstPage = -1;
            if (first == MentionReader::FirstIds::First || first == MentionReader::FirstIds::All) {
                (void)reader.fetch(ids.mid(0, 100));
                firstPage = t.nsecsElapsed() / 1e6;
            }
            if (first != MentionReader::FirstIds::All && !reader.ids(filter, &ids, &error)) {
                log << "  search " << term << " failed: " << error << Qt::endl;
                break;
            }
            if (firstPage < 0) {
                (void)reader.fetch(ids.mid(0, 100));
                firstPage = t.nsecsElapsed() / 1e6;
            }
            const double all = t.nsecsElapsed() / 1e6;
            if (i > 0) {
                firstMs.push_back(firstPage);
                allMs.push_back(all);
            } else {
                log << "  search " << term << ": " << ids.size() << " hits, first page "
                    << QString::number(firstPage, 'f', 1) << " ms"
                    << (first == MentionReader::FirstIds::GaveUp ? " (by the full list)" : "")
                    << ", all " << QString::number(all, 'f', 1) << " ms" << Qt::endl;
            }
        }
        f.hits += ids.size();
    }
    f.firstP50 = quantile(firstMs, 0.5);
    f.firstP99 = quantile(firstMs, 0.99);
    f.p50 = quantile(allMs, 0.5);
    f.p99 = quantile(allMs, 0.99);
    return f;
}

QString fmt(double v, int digits = 1) {
    return QString::number(v, 'f', digits);
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption(
        {QStringLiteral("store"), QStringLiteral("Existing store."), QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("mentions"), QStringLiteral("Rows to generate."),
                      QStringLiteral("N"), QStringLiteral("200000")});
    parser.addOption({QStringLiteral("authors"), QStringLiteral("Authors."), QStringLiteral("N")});
    parser.addOption(
        {QStringLiteral("dir"), QStringLiteral("Work folder (kept)."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Timed runs per query."),
                      QStringLiteral("N"), QStringLiteral("7")});
    parser.addOption({QStringLiteral("live-writes"),
                      QStringLiteral("New mentions written before each live ranking refresh (the "
                                     "store is written; default 2000 for a generated store, 0 "
                                     "for --store)."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("skip-open"),
                      QStringLiteral("Skip the app's open runs (queries and search only).")});
    parser.process(app);
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    QTemporaryDir temp;
    const QString dir =
        parser.isSet(QStringLiteral("dir")) ? parser.value(QStringLiteral("dir")) : temp.path();
    QDir().mkpath(dir);
    QString error;

    QString store = parser.value(QStringLiteral("store"));
    if (store.isEmpty()) {
        bench::CrisisSpec spec;
        spec.mentions = parser.value(QStringLiteral("mentions")).toLongLong();
        spec.authors = parser.isSet(QStringLiteral("authors"))
                           ? parser.value(QStringLiteral("authors")).toLongLong()
                           : std::max<qint64>(1000, spec.mentions / 5);
        const QString csv = dir + QStringLiteral("/crisis.csv");
        store = dir + QStringLiteral("/scale.sqlite");
        if (!bench::writeCrisisCsv(spec, csv, &error)) {
            out << "cannot write " << csv << ": " << error << Qt::endl;
            return 1;
        }
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(store + suffix);
        QProcess imp;
        imp.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        imp.start(QStringLiteral(WARROOM_BINARY),
                  {QStringLiteral("import"), csv, QStringLiteral("--store"), store});
        if (!imp.waitForFinished(-1) || imp.exitCode() != 0) {
            out << "warroom import failed" << Qt::endl;
            return 1;
        }
        QFile::remove(csv);
    }
    {
        // A store written by an older build: migrated once here, not inside the timed opens.
        QElapsedTimer t;
        t.start();
        sql::Connection writer;
        if (!Store::openWriter(writer, store, &error)) {
            out << error << Qt::endl;
            return 1;
        }
        out << "store opened for writing (checks, migrations) in " << t.elapsed() << " ms"
            << Qt::endl;
    }
    sql::Connection db;
    if (!Store::openReader(db, store, &error)) {
        out << error << Qt::endl;
        return 1;
    }
    const qint64 mentions = db.scalar("SELECT count(*) FROM mentions", 0);
    const qint64 authors = db.scalar("SELECT count(*) FROM authors", 0);
    const double storeMb = QFileInfo(store).size() / (1024.0 * 1024.0);
    out << "store " << store << ": " << mentions << " mentions, " << authors << " authors, "
        << fmt(storeMb, 0) << " MB" << Qt::endl;

    // 1. Open: cold (page cache dropped when we may) then warm runs.
    const bool cold = dropCaches();
    const QString png = dir + QStringLiteral("/open.png");
    std::vector<OpenRun> opens;
    if (parser.isSet(QStringLiteral("skip-open")))
        opens.push_back(OpenRun{true, -1, 0, 0, {}}); // nothing measured
    for (int i = 0; i < (parser.isSet(QStringLiteral("skip-open")) ? 0 : 3); ++i) {
        opens.push_back(openOnce(store, png));
        if (!opens.back().ok) {
            out << "open failed: " << opens.back().error << Qt::endl;
            return 1;
        }
    }
    double peakRss = 0;
    std::vector<double> warm;
    for (size_t i = 1; i < opens.size(); ++i)
        warm.push_back(opens[i].populatedMs);
    for (const OpenRun &r : opens)
        peakRss = std::max(peakRss, r.peakRssMb);
    out << "open to every panel populated: " << (cold ? "cold " : "first ")
        << fmt(opens.front().populatedMs, 0) << " ms, warm " << fmt(median(warm), 0)
        << " ms (process exit incl. PNG " << fmt(opens.front().exitMs, 0) << " ms); peak RSS "
        << fmt(peakRss, 0) << " MB" << (cold ? "" : "  [page cache could not be dropped]")
        << Qt::endl;
    out << "  of which the first answer in every panel (KPIs, timeline, alerts; the "
           "ranking maybe still empty; the stream's id list not waited for): "
        << fmt(opens.front().firstAnswersMs, 0) << " ms" << Qt::endl;

    // 2. Ranking and timeline over the newest 6 h / 24 h, as the panels ask for them.
    AggregateQueries q(db);
    const qint64 last = q.lastMentionMs();
    const qint64 toMs = (last / 60000 + 1) * 60000;
    const qint64 from6h = toMs - 6 * 3600 * 1000LL;
    const qint64 from24h = toMs - 24 * 3600 * 1000LL;

    Ranking ranking;
    RankingOptions ro; // newest mention, 6 h, top 50
    const double rankMs = timedMs(runs, [&] { RankingQuery(db).run(ro, &ranking, &error); });
    InfluencerQuery iq{from6h, toMs, 500};
    int panelRows = 0;
    const double panelMs = timedMs(runs, [&] { panelRows = int(q.influencers(iq).size()); });
    TimelineRequest tr;
    tr.fromMs = from24h;
    tr.toMs = toMs;
    int buckets = 0;
    const double timelineMs = timedMs(runs, [&] { buckets = int(q.timeline(tr).buckets.size()); });

    // The KPIs' answer while the ranking refreshes: both asked at once, as a refresh does, on
    // one aggregate thread (the ranking first) and with the ranking on a thread of its own (the
    // app's way, WarRoomApp::m_ranking). Median of `runs` each, alternating.
    std::vector<double> kpisShared, kpisOwn;
    {
        AggregateReaderThread kpisThread(store), rankingThread(store);
        kpisThread.start();
        rankingThread.start();
        DashboardRequest dr;
        dr.nowMs = last;
        const InfluencerQuery wq = influencerWindow(last);
        for (int i = 0; i <= runs; ++i) {
            for (const bool own : {false, true}) {
                AggregateQueryWorker *rankWorker =
                    own ? rankingThread.worker() : kpisThread.worker();
                QEventLoop loop;
                int pending = 2;
                QElapsedTimer t;
                double kpisMs = 0;
                const auto c1 =
                    QObject::connect(kpisThread.worker(), &AggregateQueryWorker::dashboardReady,
                                     &loop, [&](int, const DashboardData &) {
                                         kpisMs = t.nsecsElapsed() / 1e6;
                                         if (--pending == 0)
                                             loop.quit();
                                     });
                const auto c2 =
                    QObject::connect(rankWorker, &AggregateQueryWorker::influencersReady, &loop,
                                     [&](int, const QList<InfluencerRow> &) {
                                         if (--pending == 0)
                                             loop.quit();
                                     });
                t.start();
                QMetaObject::invokeMethod(rankWorker,
                                          [rankWorker, wq] { rankWorker->influencers(1, wq); });
                QMetaObject::invokeMethod(kpisThread.worker(),
                                          [w = kpisThread.worker(), dr] { w->dashboard(1, dr); });
                loop.exec();
                QObject::disconnect(c1);
                QObject::disconnect(c2);
                if (i > 0)
                    (own ? kpisOwn : kpisShared).push_back(kpisMs);
            }
        }
    }
    out << "KPIs answer while the ranking refreshes: " << fmt(median(kpisShared), 0)
        << " ms on one shared aggregate thread, " << fmt(median(kpisOwn), 0)
        << " ms with the ranking on its own thread" << Qt::endl;

    // 2b. The influencer ranking kept between refreshes (LiveRanking, the ranking thread's), as
    // the panel refreshes it, against the same panel query with the ranking read anew at the same
    // point, in the same run:
    //   - the clock moves 1 s a refresh, 10 min before the newest mention (rows leave the window
    //     at its start and enter at its end);
    //   - with live writes, N new mentions (copies of the newest, new ids, 1 s of the live rate)
    //     are written before each refresh at the newest end.
    LiveRanking live;
    InfluencerQuery tick{from6h - 600000, toMs - 600000, 500};
    (void)q.influencers(tick, &live); // the first run reads the window
    const double liveFirstMs = live.lastRefresh().ms;
    std::vector<double> tickMs;
    int tickReads = 0;
    for (int i = 0; i < 20; ++i) {
        tick.fromMs += 1000;
        tick.toMs += 1000;
        QElapsedTimer t;
        t.start();
        (void)q.influencers(tick, &live);
        tickMs.push_back(t.nsecsElapsed() / 1e6);
        tickReads += live.lastRefresh().full ? 1 : 0;
    }
    const double tickAnewMs = timedMs(runs, [&] { (void)q.influencers(tick); });
    out << "influencer panel, ranking kept (LiveRanking), clock +1 s a refresh: "
        << fmt(median(tickMs)) << " ms median of " << tickMs.size() << " (max "
        << fmt(*std::max_element(tickMs.begin(), tickMs.end())) << ", " << tickReads << " read anew"
        << (tickReads ? QStringLiteral(": ") + live.lastRefresh().why : QString())
        << "); read anew " << fmt(tickAnewMs)
        << " ms = " << fmt(tickAnewMs / std::max(0.01, median(tickMs)), 1) << "x; first run "
        << fmt(liveFirstMs) << " ms, " << live.lastRefresh().authors << " authors kept" << Qt::endl;

    const int liveWrites = parser.isSet(QStringLiteral("live-writes"))
                               ? parser.value(QStringLiteral("live-writes")).toInt()
                               : (parser.isSet(QStringLiteral("store")) ? 0 : 2000);
    std::vector<double> writeTickMs, writeAnewMs;
    int writeReads = 0;
    if (liveWrites > 0) {
        MentionWriter writer;
        if (!writer.open(store, &error)) {
            out << error << Qt::endl;
            return 1;
        }
        // The newest mentions as they are stored, as templates for the new ones.
        MentionReader stored;
        if (!stored.open(store, &error)) {
            out << error << Qt::endl;
            return 1;
        }
        QVector<qint64> ids;
        for (qint64 id = stored.maxId(); id > 0 && ids.size() < liveWrites; --id)
            ids.append(id);
        const MentionBatch templates = stored.fetch(ids);
        LiveRanking liveW;
        qint64 newest = last;
        (void)q.influencers(influencerWindow(newest), &liveW);
        const qint64 stamp = QDateTime::currentMSecsSinceEpoch();
        for (int k = 0; k < 10; ++k) {
            MentionBatch batch = templates;
            for (qsizetype i = 0; i < batch.size(); ++i) {
                batch[i].id = 0;
                batch[i].sourceId = QStringLiteral("bench-live-%1-%2-%3").arg(stamp).arg(k).arg(i);
                batch[i].createdAt = QDateTime::fromMSecsSinceEpoch(
                    newest + 1 + i * 1000 / std::max<qsizetype>(1, batch.size()), Qt::UTC);
                batch[i].ingestedAt = batch[i].createdAt;
            }
            newest += 1000;
            const WriteResult r = writer.write(batch);
            if (!r.ok()) {
                out << "live write failed: " << r.error << Qt::endl;
                return 1;
            }
            QElapsedTimer w;
            w.start();
            (void)q.influencers(influencerWindow(newest), &liveW);
            writeTickMs.push_back(w.nsecsElapsed() / 1e6);
            writeReads += liveW.lastRefresh().full ? 1 : 0;
            w.start();
            (void)q.influencers(influencerWindow(newest));
            writeAnewMs.push_back(w.nsecsElapsed() / 1e6);
        }
        out << "influencer panel, ranking kept, " << liveWrites
            << " new mentions before each refresh (store written): " << fmt(median(writeTickMs))
            << " ms median of " << writeTickMs.size() << " (max "
            << fmt(*std::max_element(writeTickMs.begin(), writeTickMs.end())) << ", " << writeReads
            << " read anew); read anew " << fmt(median(writeAnewMs))
            << " ms = " << fmt(median(writeAnewMs) / std::max(0.01, median(writeTickMs)), 1) << "x"
            << Qt::endl;
    }

    const QString range6h =
        QStringLiteral("created_at >= %1 AND created_at < %2").arg(from6h).arg(toMs);
    const QString range24h =
        QStringLiteral("created_at >= %1 AND created_at < %2").arg(from24h).arg(toMs);
    const double sqlRankMs = sqliteCliMs(
        store,
        QStringLiteral("SELECT source, author_handle, count(*) AS n, "
                       "sum(sentiment_label = 'negative'), sum(reposts), max(created_at) FROM "
                       "mentions WHERE %1 GROUP BY source, author_handle ORDER BY n DESC LIMIT 50;")
            .arg(range6h),
        &error);
    const double sqlTimelineMs = sqliteCliMs(
        store,
        QStringLiteral("SELECT created_at / 60000, sentiment_label, count(*) FROM mentions WHERE "
                       "%1 GROUP BY 1, 2;")
            .arg(range24h),
        &error);
    out << "rank (6 h, top 50): " << fmt(rankMs) << " ms; influencer panel query (6 h, "
        << panelRows << " rows): " << fmt(panelMs) << " ms; sqlite3 GROUP BY: " << fmt(sqlRankMs)
        << " ms  = " << fmt(sqlRankMs / std::max(0.01, rankMs), 2) << "x faster (rank), "
        << fmt(sqlRankMs / std::max(0.01, panelMs), 2) << "x (panel)" << Qt::endl;
    if (!writeTickMs.empty())
        out << "influencer panel refresh with the ranking kept and " << liveWrites
            << " new mentions: " << fmt(median(writeTickMs)) << " ms vs sqlite3 GROUP BY "
            << fmt(sqlRankMs) << " ms = " << fmt(sqlRankMs / std::max(0.01, median(writeTickMs)), 1)
            << "x faster" << Qt::endl;
    out << "influencer panel refresh with the ranking kept, clock +1 s: " << fmt(median(tickMs))
        << " ms vs sqlite3 GROUP BY " << fmt(sqlRankMs)
        << " ms = " << fmt(sqlRankMs / std::max(0.01, median(tickMs)), 1) << "x faster" << Qt::endl;
    out << "timeline (24 h per minute): " << fmt(timelineMs)
        << " ms; sqlite3 GROUP BY: " << fmt(sqlTimelineMs)
        << " ms  = " << fmt(sqlTimelineMs / std::max(0.01, timelineMs), 2) << "x faster"
        << Qt::endl;

    // 3. Search, Latin-script words and phrases (word index) and CJK (trigram index; one or two
    // Han characters are scanned among the CJK rows).
    MentionReader reader;
    if (!reader.open(store, &error)) {
        out << error << Qt::endl;
        return 1;
    }
    const QStringList latin{QStringLiteral("lawsuit"), QStringLiteral("bouilloire"),
                            QStringLiteral("\"batch B2527\""), QStringLiteral("watoto karibu"),
                            QStringLiteral("recall -boycott")};
    const QStringList cjk{QStringLiteral("水壺蓋子"), QStringLiteral("品牌危機"),
                          QStringLiteral("批次 B2527"), QStringLiteral("彈開")};
    const SearchFigures sLatin = searchFigures(reader, latin, runs, out);
    const SearchFigures sCjk = searchFigures(reader, cjk, runs, out);
    out << "search Latin (" << latin.size() << " terms x " << runs << "): first page p50 "
        << fmt(sLatin.firstP50) << " ms, p99 " << fmt(sLatin.firstP99) << " ms; all matches p50 "
        << fmt(sLatin.p50) << " ms, p99 " << fmt(sLatin.p99) << " ms" << Qt::endl;
    out << "search CJK (" << cjk.size() << " terms x " << runs << "): first page p50 "
        << fmt(sCjk.firstP50) << " ms, p99 " << fmt(sCjk.firstP99) << " ms; all matches p50 "
        << fmt(sCjk.p50) << " ms, p99 " << fmt(sCjk.p99) << " ms" << Qt::endl;

    const QJsonObject result{
        {QStringLiteral("bench"), QStringLiteral("scale")},
        {QStringLiteral("kpis_during_ranking_shared_ms"), median(kpisShared)},
        {QStringLiteral("kpis_during_ranking_own_thread_ms"), median(kpisOwn)},
        {QStringLiteral("search_latin_first_page_p50_ms"), sLatin.firstP50},
        {QStringLiteral("search_latin_first_page_p99_ms"), sLatin.firstP99},
        {QStringLiteral("search_cjk_first_page_p50_ms"), sCjk.firstP50},
        {QStringLiteral("search_cjk_first_page_p99_ms"), sCjk.firstP99},
        {QStringLiteral("search_latin_p50_ms"), sLatin.p50},
        {QStringLiteral("search_latin_p99_ms"), sLatin.p99},
        {QStringLiteral("search_cjk_p50_ms"), sCjk.p50},
        {QStringLiteral("search_cjk_p99_ms"), sCjk.p99},
        {QStringLiteral("mentions"), double(mentions)},
        {QStringLiteral("authors"), double(authors)},
        {QStringLiteral("store_mb"), storeMb},
        {QStringLiteral("open_populated_ms"), opens.front().populatedMs},
        {QStringLiteral("open_cold"), cold},
        {QStringLiteral("open_warm_ms"), median(warm)},
        {QStringLiteral("open_first_answers_ms"), opens.front().firstAnswersMs},
        {QStringLiteral("peak_rss_mb"), peakRss},
        {QStringLiteral("rank_ms"), rankMs},
        {QStringLiteral("influencer_panel_ms"), panelMs},
        {QStringLiteral("live_panel_tick_ms"), median(tickMs)},
        {QStringLiteral("live_panel_tick_anew_ms"), tickAnewMs},
        {QStringLiteral("live_panel_first_ms"), liveFirstMs},
        {QStringLiteral("live_panel_writes"), liveWrites},
        {QStringLiteral("live_panel_writes_ms"), median(writeTickMs)},
        {QStringLiteral("live_panel_writes_anew_ms"), median(writeAnewMs)},
        {QStringLiteral("sqlite_rank_ms"), sqlRankMs},
        {QStringLiteral("timeline_ms"), timelineMs},
        {QStringLiteral("sqlite_timeline_ms"), sqlTimelineMs}};
    out << QJsonDocument(result).toJson(QJsonDocument::Compact) << Qt::endl;
    return 0;
}
