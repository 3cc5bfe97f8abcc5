// Crashes lose nothing (issue 9): the real `warroom import` and `warroom collect` are killed with
// SIGKILL at random moments, again and again, on one store. After every kill the store passes
// PRAGMA integrity_check, its aggregates agree with its rows (same transaction), and the committed
// count never goes down; a final uninterrupted run then holds exactly the mentions a clean run
// into a fresh store holds.
#include "recordedserver.h"
#include "reliability_support.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace warroom::test;

namespace {

// At least this many kills per command (issue 9 asks for 50).
int killsWanted() {
    const int n = qEnvironmentVariableIntValue("WARROOM_CRASH_KILLS");
    return n > 0 ? n : 50;
}

// Feeds with no article in common (the same article in two feeds is one mention, so which feed
// wins would depend on timing and the sets could not be compared), plus one JSON Feed.
const char *const kFeeds[] = {"AmazonWebServicesBlog.xml",
                              "CRE.xml",
                              "FeedjiraBlog.xml",
                              "GiantRobotsSmashingIntoOtherGiantRobots.xml",
                              "HREFConsideredHarmful.xml",
                              "HuffPostCanada.xml",
                              "PaulDixExplainsNothing.xml",
                              "SamRuby.xml",
                              "TechCrunch.xml",
                              "TenderLovemaking.xml",
                              "TrotterCashionHome.xml",
                              "TypePadNews.xml",
                              "google_alerts_atom.xml",
                              "itunes.xml",
                              "pet_atom.xml",
                              "youtube_atom.xml",
                              "json_feed.json"};

} // namespace

class TestReliabilityCrash : public QObject {
    Q_OBJECT

    quint32 m_seed = 0;
    QRandomGenerator m_rng;
    RecordedServer m_server;
    QStringList m_collectSources;

    struct Loop {
        int kills = 0;
        int rounds = 0; // runs that ended on their own: the store was complete, a new one began
        QList<qint64> counts;
    };

    // Starts `args` (which write to `store`) again and again and kills each run after a random
    // delay in [0, spanMs]; checks the store after every run. A run that ends before its kill
    // must leave exactly `expected`; the next run then starts on a new store, so the kills keep
    // landing while there is something left to write.
    void killLoop(const QStringList &args, const QString &store, qint64 spanMs,
                  const QSet<QString> &expected, Loop *loop) {
        const int wanted = killsWanted();
        qint64 last = 0;
        for (int run = 0; loop->kills < wanted && run < wanted * 3; ++run) {
            QProcess p;
            startWarroom(p, args);
            QVERIFY2(p.waitForStarted(10000), qPrintable(p.errorString()));
            const int delay = int(m_rng.bounded(quint32(spanMs) + 1));
            (void)QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, delay);
            const bool finished = p.state() == QProcess::NotRunning;
            if (finished) {
                QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                         qPrintable(QString::fromUtf8(p.readAllStandardError())));
            } else {
                killHard(p);
                ++loop->kills;
            }
            if (!QFileInfo::exists(store))
                continue; // killed before it created the file
            const StoreCheck c = checkStore(store);
            QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
            QVERIFY2(c.integrity == u"ok",
                     qPrintable(QStringLiteral("run %1 (killed after %2 ms): integrity_check: %3")
                                    .arg(run)
                                    .arg(delay)
                                    .arg(c.integrity)));
            QVERIFY2(c.mentions >= last,
                     qPrintable(QStringLiteral("run %1 (killed after %2 ms): %3 mentions after %4")
                                    .arg(run)
                                    .arg(delay)
                                    .arg(c.mentions)
                                    .arg(last)));
            // mention_minutes is written in the same transaction as the rows it counts.
            QCOMPARE(c.minuteSum, c.mentions);
            last = c.mentions;
            loop->counts << c.mentions;
            if (finished) {
                // An uninterrupted run after kills: the whole set, nothing more.
                QVERIFY2(mentionKeys(store) == expected,
                         qPrintable(QStringLiteral("run %1 ended with %2 of %3 mentions")
                                        .arg(run)
                                        .arg(c.mentions)
                                        .arg(expected.size())));
                ++loop->rounds;
                for (const char *suffix : {"", "-wal", "-shm"})
                    QFile::remove(store + QLatin1String(suffix));
                last = 0;
                loop->counts << -1;
            }
        }
        QVERIFY2(loop->kills >= wanted, qPrintable(QStringLiteral("only %1 kills in %2 runs")
                                                       .arg(loop->kills)
                                                       .arg(loop->kills + loop->rounds)));
    }

    // "0 → 5000 → 10000 | 0 → ..." (a new store after each run that ended on its own).
    static QString progress(const QList<qint64> &counts) {
        QString s;
        qint64 prev = -2;
        for (qint64 n : counts) {
            if (n == -1)
                s += QStringLiteral(" |");
            else if (n != prev)
                s += (s.isEmpty() || s.endsWith(u'|') ? QStringLiteral(" ")
                                                      : QStringLiteral(" → ")) +
                     QString::number(n);
            prev = n;
        }
        return s.trimmed();
    }

private Q_SLOTS:
    void initTestCase() {
        bool ok = false;
        m_seed = qEnvironmentVariable("WARROOM_CRASH_SEED").toUInt(&ok);
        if (!ok)
            m_seed = QRandomGenerator::system()->generate();
        m_rng.seed(m_seed);
        qInfo("seed %u (rerun with WARROOM_CRASH_SEED=%u)", m_seed, m_seed);

        // The collector's sources: real feeds with ETags (a 304 once the client has them), and
        // a recorded Mastodon hashtag timeline that resumes from min_id.
        QVERIFY(m_server.listen());
        QStringList feedUrls;
        for (const char *name : kFeeds) {
            QFile f(
                sharedData(QStringLiteral("feedjira-sample-feeds/") + QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::ReadOnly));
            RecordedResponse feed;
            feed.body = f.readAll();
            const QByteArray etag =
                '"' + QCryptographicHash::hash(feed.body, QCryptographicHash::Sha1).toHex() + '"';
            feed.header("Content-Type", QByteArray(name).endsWith(".json") ? "application/feed+json"
                                                                           : "application/xml")
                .header("ETag", etag);
            const QString path = QStringLiteral("/feeds/") + QString::fromLatin1(name);
            m_server.route("GET", path, [feed, etag](const RecordedRequest &req) {
                if (req.headers.value("if-none-match") == etag) {
                    RecordedResponse notModified;
                    notModified.status = 304;
                    return notModified;
                }
                return feed;
            });
            feedUrls << m_server.url(path).toString();
        }
        QVERIFY(serveRecordedHashtag(m_server));
        for (const QString &url : std::as_const(feedUrls))
            m_collectSources << QStringLiteral("--feed") << url;
        m_collectSources << QStringLiteral("--mastodon") << m_server.base()
                         << QStringLiteral("--tag") << QString::fromLatin1(kRecordedTag);
    }

    void importSurvivesKills() {
        const QString csv = sharedData(QStringLiteral("airline-tweets/Tweets.csv"));
        QTemporaryDir dir;
        const QString clean = dir.filePath(QStringLiteral("clean.sqlite"));
        const Run reference =
            runWarroom({QStringLiteral("import"), csv, QStringLiteral("--store"), clean});
        QVERIFY2(reference.code == 0, qPrintable(reference.err));
        const QSet<QString> expected = mentionKeys(clean);
        QVERIFY(expected.size() > 14000);

        const QString store = dir.filePath(QStringLiteral("crashed.sqlite"));
        Loop loop;
        killLoop({QStringLiteral("import"), csv, QStringLiteral("--store"), store}, store,
                 reference.ms, expected, &loop);
        if (QTest::currentTestFailed())
            return;
        const Run last =
            runWarroom({QStringLiteral("import"), csv, QStringLiteral("--store"), store});
        QVERIFY2(last.code == 0, qPrintable(last.err));
        const QSet<QString> got = mentionKeys(store);
        QCOMPARE(got.size(), expected.size());
        QVERIFY(got == expected);
        QCOMPARE(checkStore(store).integrity, QStringLiteral("ok"));
        qInfo("import: %d kills survived (%d runs ended first, each then the exact set; a clean "
              "run takes %lld ms); committed: %s; final %lld mentions = clean import",
              loop.kills, loop.rounds, reference.ms, qPrintable(progress(loop.counts)),
              qint64(got.size()));
    }

    void collectSurvivesKills() {
        QTemporaryDir dir;
        const QString clean = dir.filePath(QStringLiteral("clean.sqlite"));
        const QStringList once = {QStringLiteral("collect"), QStringLiteral("--once")};
        const Run reference =
            runWarroom(once + m_collectSources + QStringList{QStringLiteral("--store"), clean});
        QVERIFY2(reference.code == 0, qPrintable(reference.err + reference.out));
        const QSet<QString> expected = mentionKeys(clean);
        QVERIFY2(expected.size() >= 150, qPrintable(reference.out));

        const QString store = dir.filePath(QStringLiteral("crashed.sqlite"));
        const QStringList args =
            once + m_collectSources + QStringList{QStringLiteral("--store"), store};
        Loop loop;
        killLoop(args, store, reference.ms, expected, &loop);
        if (QTest::currentTestFailed())
            return;
        const Run last = runWarroom(args);
        QVERIFY2(last.code == 0, qPrintable(last.err + last.out));
        const QSet<QString> got = mentionKeys(store);
        if (got != expected) {
            for (const QString &k : expected - got)
                qWarning("missing after the kills: %s", qPrintable(k));
            for (const QString &k : got - expected)
                qWarning("extra after the kills: %s", qPrintable(k));
        }
        QCOMPARE(got.size(), expected.size());
        QVERIFY(got == expected);
        qInfo("collect: %d kills survived (%d runs ended first, each then the exact set; a clean "
              "run takes %lld ms); committed: %s; final %lld mentions = clean collect",
              loop.kills, loop.rounds, reference.ms, qPrintable(progress(loop.counts)),
              qint64(got.size()));
    }
};

QTEST_GUILESS_MAIN(TestReliabilityCrash)
#include "reliability_crash.moc"
