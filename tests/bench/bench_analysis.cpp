// bench_analysis: mentions/s for what every mention gets on its way in — language (CLD2),
// sentiment (lexicons), and the incremental aggregates (authors, mention_minutes by language,
// author_hours) — on ONE core, over real texts cycled from ../shared/data (airline tweets,
// CrisisLex T6, UMSAB in 8 languages) so the languages are mixed. Prints figures and a final JSON
// line; asserts nothing.
//   bench_analysis [--mentions N] [--batch N] [--store-too] [--shared DIR]
// The aggregates are the writer's own code (MentionWriter::countInAggregates, committed per batch
// on a store file); --store-too also times the whole single-threaded write (mention rows, search
// index, aggregates) for comparison with bench_ingest, then `warroom rank`'s query on that store
// (6 h window, from author_hours) against the GROUP BY over raw rows it replaced.
#include "analysis/alertengine.h"
#include "analysis/ingestpipeline.h"
#include "analysis/languagedetector.h"
#include "analysis/riskscorer.h"
#include "import/fileimporter.h"
#include "store/mentionwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

using namespace warroom;

namespace {

void print(const QString &line) {
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

// CPU time of this thread: the cost on one core, whatever else the (shared) machine runs.
qint64 threadNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Wall and CPU nanoseconds of the stages.
struct Clock {
    qint64 wall = 0;
    qint64 cpu = 0;
};

class Stopwatch {
public:
    explicit Stopwatch(Clock &into)
        : m_into(into)
        , m_cpu(threadNs()) {
        m_wall.start();
    }
    ~Stopwatch() {
        m_into.wall += m_wall.nsecsElapsed();
        m_into.cpu += threadNs() - m_cpu;
    }

private:
    Clock &m_into;
    qint64 m_cpu;
    QElapsedTimer m_wall;
};

struct Template {
    QString text;
    QString handle;
    qint64 followers = -1;
    qint64 reposts = 0;
};

// A corpus file's texts (and handles where it has them) through the importer, not analysed.
QList<Template> importTexts(const QString &path) {
    QList<Template> out;
    ImportOptions options;
    options.analyse = false;
    FileImporter importer(options);
    importer.run(path, [&](const MentionBatch &batch) {
        for (const Mention &m : batch)
            if (!m.text.isEmpty())
                out.append({m.text, m.authorHandle, m.authorFollowers, m.reposts});
        WriteResult r;
        r.inserted = int(batch.size());
        return r;
    });
    return out;
}

QList<Template> lines(const QString &path) {
    QList<Template> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QString t = QString::fromUtf8(f.readLine()).trimmed();
        if (!t.isEmpty())
            out.append({t, {}, -1, 0});
    }
    return out;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOption({QStringLiteral("mentions"), QStringLiteral("How many mentions (default 200000)."),
                 QStringLiteral("N"), QStringLiteral("200000")});
    p.addOption({QStringLiteral("batch"), QStringLiteral("Mentions per batch (default 5000)."),
                 QStringLiteral("N"), QStringLiteral("5000")});
    p.addOption({QStringLiteral("store-too"),
                 QStringLiteral("Also time the whole write (rows, search index, aggregates).")});
    p.addOption({QStringLiteral("shared"), QStringLiteral("The shared/ folder."),
                 QStringLiteral("DIR"), QStringLiteral(WARROOM_BENCH_SHARED_DIR)});
    p.addHelpOption();
    p.process(app);
    const qint64 total = p.value(QStringLiteral("mentions")).toLongLong();
    const int batchSize = std::max(1, p.value(QStringLiteral("batch")).toInt());
    const QString data = p.value(QStringLiteral("shared")) + QStringLiteral("/data/");

    // The corpora, round-robin so every third mention is from each family (and UMSAB's eight
    // languages take turns).
    QElapsedTimer timer;
    timer.start();
    QList<QList<Template>> families(3);
    families[0] = importTexts(data + QStringLiteral("airline-tweets/Tweets.csv"));
    for (const QString &crisis : QDir(data + QStringLiteral("crisislex-t6"))
                                     .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name))
        families[1] += importTexts(
            data + QStringLiteral("crisislex-t6/%1/%1-ontopic_offtopic.csv").arg(crisis));
    QList<QList<Template>> umsab;
    for (const QString &language : QDir(data + QStringLiteral("umsab-multilingual-tweets"))
                                       .entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QList<Template> t;
        for (const char *split : {"train", "val", "test"})
            t += lines(data + QStringLiteral("umsab-multilingual-tweets/%1/%2_text.txt")
                                  .arg(language, QLatin1String(split)));
        if (!t.isEmpty())
            umsab.append(t);
    }
    for (qsizetype i = 0;; ++i) {
        bool any = false;
        for (const QList<Template> &l : umsab)
            if (i < l.size()) {
                families[2].append(l.at(i));
                any = true;
            }
        if (!any)
            break;
    }
    for (const QList<Template> &f : families)
        if (f.isEmpty()) {
            std::fprintf(stderr, "missing corpora under %s\n", qPrintable(data));
            return 2;
        }
    print(QStringLiteral("corpora: %1 airline, %2 CrisisLex T6, %3 UMSAB (%4 languages) texts, "
                         "loaded in %5 ms")
              .arg(families[0].size())
              .arg(families[1].size())
              .arg(families[2].size())
              .arg(umsab.size())
              .arg(timer.elapsed()));

    // The i-th mention: a text cycled from the corpora; its author from the corpus, else one of
    // 40k invented handles with a skewed activity; one mention every 86 ms (1M in a day).
    const qint64 start = 1773475200000; // 2026-03-14T08:00:00Z
    auto make = [&](qint64 i) {
        const QList<Template> &f = families[i % 3];
        const Template &t = f.at((i / 3) % f.size());
        Mention m;
        m.source = QStringLiteral("bench");
        m.sourceId = QString::number(i);
        m.text = t.text;
        const quint64 h = quint64(i) * 0x9E3779B97F4A7C15ULL;
        m.authorHandle = !t.handle.isEmpty()
                             ? t.handle
                             : QStringLiteral("user%1").arg((h >> 40) % ((h >> 20) % 40000 + 1));
        m.authorFollowers = t.followers >= 0 ? t.followers : qint64((h >> 8) % 50000);
        m.reposts = t.reposts;
        m.createdAt = QDateTime::fromMSecsSinceEpoch(start + i * 86, Qt::UTC);
        m.ingestedAt = m.createdAt;
        return m;
    };

    QTemporaryDir dir;
    MentionWriter aggregates;
    MentionWriter full;
    QString error;
    if (!aggregates.open(dir.filePath(QStringLiteral("aggregates.sqlite")), &error) ||
        (p.isSet(QStringLiteral("store-too")) &&
         !full.open(dir.filePath(QStringLiteral("full.sqlite")), &error))) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }

    const IngestPipeline pipeline;
    const LanguageDetector detector;
    Clock analyse;
    Clock language;
    Clock aggregate;
    Clock whole;
    qint64 languageSample = 0;
    QHash<QString, qint64> languages;
    QElapsedTimer wall;
    wall.start();
    for (qint64 done = 0; done < total;) {
        const qint64 n = std::min<qint64>(batchSize, total - done);
        MentionBatch batch;
        batch.reserve(n);
        for (qint64 i = 0; i < n; ++i)
            batch.append(make(done + i));

        // Language alone on the first 100k (the split of the analysis cost).
        if (done < 100000) {
            Stopwatch w(language);
            int reliable = 0;
            for (const Mention &m : batch)
                reliable += detector.detect(m.text, {}).reliable;
            languageSample += n;
            (void)reliable;
        }
        {
            Stopwatch w(analyse);
            pipeline.analyse(batch);
        }

        QList<const Mention *> pointers;
        pointers.reserve(n);
        for (const Mention &m : batch)
            pointers.append(&m);
        sql::Connection &db = aggregates.connection();
        bool ok = true;
        {
            Stopwatch w(aggregate);
            ok = db.exec("BEGIN IMMEDIATE", &error) &&
                 aggregates.countInAggregates(pointers, &error) && db.exec("COMMIT", &error);
        }
        if (!ok) {
            std::fprintf(stderr, "aggregates: %s\n", qPrintable(error));
            return 1;
        }

        if (full.isOpen()) {
            WriteResult r;
            {
                Stopwatch w(whole);
                r = full.write(batch);
            }
            if (!r.ok()) {
                std::fprintf(stderr, "write: %s\n", qPrintable(r.error));
                return 1;
            }
        }
        for (const Mention &m : batch)
            ++languages[m.language.isEmpty() ? QStringLiteral("?") : m.language];
        done += n;
        if (done % 100000 == 0 || done == total)
            std::fprintf(stderr, "%lld/%lld\n", done, total);
    }

    auto perSecond = [](qint64 n, qint64 ns) {
        return ns > 0 ? n / (ns / 1e9) : 0.0;
    };
    QList<std::pair<qint64, QString>> byCount;
    for (auto it = languages.cbegin(); it != languages.cend(); ++it)
        byCount.append({it.value(), it.key()});
    std::sort(byCount.begin(), byCount.end(), std::greater<>());
    QStringList top;
    for (qsizetype i = 0; i < byCount.size() && i < 12; ++i)
        top << QStringLiteral("%1 %2%")
                   .arg(byCount[i].second)
                   .arg(100.0 * byCount[i].first / total, 0, 'f', 1);
    sql::Connection &db = aggregates.connection();
    print(QStringLiteral("%1 mentions, %2 languages detected (%3)")
              .arg(total)
              .arg(languages.size())
              .arg(top.join(QStringLiteral(", "))));
    print(QStringLiteral("aggregate rows: %1 mention_minutes, %2 author_hours, %3 authors")
              .arg(db.scalar("SELECT count(*) FROM mention_minutes"))
              .arg(db.scalar("SELECT count(*) FROM author_hours"))
              .arg(db.scalar("SELECT count(*) FROM authors")));
    print(QStringLiteral("mentions/s on one core, by CPU time of the thread (wall time in "
                         "brackets; the machine may be shared):"));
    auto line = [&](const QString &what, qint64 n, const Clock &c) {
        print(QStringLiteral("  %1: %2 (%3)")
                  .arg(what, -58)
                  .arg(perSecond(n, c.cpu), 8, 'f', 0)
                  .arg(perSecond(n, c.wall), 0, 'f', 0));
    };
    const Clock combined{analyse.wall + aggregate.wall, analyse.cpu + aggregate.cpu};
    line(QStringLiteral("language alone (first %1)").arg(languageSample), languageSample, language);
    line(QStringLiteral("language + sentiment"), total, analyse);
    line(QStringLiteral("aggregates (authors, minutes, author-hours; commit / %1)").arg(batchSize),
         total, aggregate);
    line(QStringLiteral("language + sentiment + aggregates (target >= 50000)"), total, combined);
    QJsonObject json{
        {QStringLiteral("bench"), QStringLiteral("analysis")},
        {QStringLiteral("mentions"), double(total)},
        {QStringLiteral("languages"), double(languages.size())},
        {QStringLiteral("language_per_s"), qRound(perSecond(languageSample, language.cpu))},
        {QStringLiteral("analysis_per_s"), qRound(perSecond(total, analyse.cpu))},
        {QStringLiteral("aggregates_per_s"), qRound(perSecond(total, aggregate.cpu))},
        {QStringLiteral("mentions_per_s"), qRound(perSecond(total, combined.cpu))},
        {QStringLiteral("mentions_per_s_wall"), qRound(perSecond(total, combined.wall))},
        {QStringLiteral("target_per_s"), 50000},
        {QStringLiteral("wall_s"), wall.elapsed() / 1000.0}};
    if (full.isOpen()) {
        const Clock all{analyse.wall + whole.wall, analyse.cpu + whole.cpu};
        line(QStringLiteral("language + sentiment + whole write (rows, index, aggregates)"), total,
             all);
        json.insert(QStringLiteral("with_store_per_s"), qRound(perSecond(total, all.cpu)));

        // The ranking on the store just written: newest 6 h, top 50, median of 5 (warm), in
        // CPU ms of this thread (wall ms in brackets).
        auto median5 = [](const std::function<void()> &f) {
            QList<double> cpu;
            QList<double> wall;
            for (int i = 0; i < 5; ++i) {
                Clock c;
                {
                    Stopwatch w(c);
                    f();
                }
                cpu.append(c.cpu / 1e6);
                wall.append(c.wall / 1e6);
            }
            std::sort(cpu.begin(), cpu.end());
            std::sort(wall.begin(), wall.end());
            return std::pair<double, double>{cpu.at(2), wall.at(2)};
        };
        sql::Connection &store = full.connection();
        Ranking ranking;
        const auto [rankMs, rankWallMs] =
            median5([&] { RankingQuery(store).run(RankingOptions(), &ranking, &error); });
        const qint64 end = store.scalar("SELECT max(created_at) FROM mentions");
        // Before the aggregates, rank grouped the window's raw rows with the author joined and
        // scored (and explained) every author: the same here, for the comparison.
        qint64 rawRows = 0;
        const auto [rawMs, rawWallMs] = median5([&] {
            sql::Statement st = store.prepare(
                "SELECT m.source, m.author_handle, count(*), sum(m.reposts), sum(m.likes), "
                "sum(m.sentiment_label = 'negative'), sum(m.sentiment_label = 'neutral'), "
                "sum(m.sentiment_label = 'positive'), "
                "avg(CASE WHEN m.sentiment_label = 'negative' THEN abs(m.sentiment_score) END), "
                "max(m.created_at), a.followers, a.display_name FROM mentions m "
                "LEFT JOIN authors a ON a.source = m.source AND a.handle = m.author_handle "
                "WHERE m.created_at >= ?1 AND m.created_at <= ?2 AND m.deleted = 0 AND "
                "m.author_handle <> '' GROUP BY m.source, m.author_handle");
            st.bind(1, end - 6 * 3600 * 1000LL);
            st.bind(2, end);
            rawRows = 0;
            const RiskScorer scorer;
            const QDateTime windowEnd = QDateTime::fromMSecsSinceEpoch(end, Qt::UTC);
            QList<RiskAssessment> all;
            while (st.step() == SQLITE_ROW) {
                AuthorWindowStats a;
                a.source = st.text(0);
                a.handle = st.text(1);
                a.posts = int(st.int64(2));
                a.reposts = st.int64(3);
                a.likes = st.int64(4);
                a.negative = int(st.int64(5));
                a.neutral = int(st.int64(6));
                a.positive = int(st.int64(7));
                a.negativeIntensity = st.real(8);
                a.lastPost = QDateTime::fromMSecsSinceEpoch(st.int64(9), Qt::UTC);
                a.followers = st.isNull(10) ? -1 : st.int64(10);
                a.displayName = st.text(11);
                all.append(scorer.score(a, windowEnd, 6 * 3600));
                ++rawRows;
            }
            std::sort(all.begin(), all.end(), [](const RiskAssessment &x, const RiskAssessment &y) {
                return x.score > y.score;
            });
        });
        print(QStringLiteral("rank, newest 6 h (%1 authors, %2 mentions of %3): %4 ms (%5) from "
                             "author_hours; the GROUP BY over raw rows it replaced, scored as "
                             "before: %6 ms (%7)")
                  .arg(rawRows)
                  .arg(store.scalar("SELECT count(*) FROM mentions WHERE created_at >= "
                                    "(SELECT max(created_at) FROM mentions) - 21600000"))
                  .arg(total)
                  .arg(rankMs, 0, 'f', 1)
                  .arg(rankWallMs, 0, 'f', 1)
                  .arg(rawMs, 0, 'f', 1)
                  .arg(rawWallMs, 0, 'f', 1));
        json.insert(QStringLiteral("rank_6h_ms"), rankMs);

        // The alert engine's risk lookup after a batch (the app's after-commit hook): the last
        // batch's authors scored from author_hours and stored.
        MentionBatch last;
        for (qint64 i = std::max<qint64>(0, total - batchSize); i < total; ++i)
            last.append(make(i));
        QSet<QString> lastAuthors;
        for (const Mention &m : last)
            lastAuthors.insert(m.authorHandle);
        const auto [lookupMs, lookupWallMs] =
            median5([&] { (void)batchRiskLookup(store, last, &error); });
        print(QStringLiteral("risk lookup for the alert engine after a batch of %1 (%2 authors, "
                             "scored and stored): %3 ms (%4)")
                  .arg(last.size())
                  .arg(lastAuthors.size())
                  .arg(lookupMs, 0, 'f', 1)
                  .arg(lookupWallMs, 0, 'f', 1));
        json.insert(QStringLiteral("batch_risk_lookup_ms"), lookupMs);
        json.insert(QStringLiteral("raw_group_by_6h_ms"), rawMs);
    }
    print(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
    return 0;
}
