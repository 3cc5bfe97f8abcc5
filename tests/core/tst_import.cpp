#include "import/exporter.h"
#include "import/fileimporter.h"
#include "store/mentionreader.h"
#include "tempstore.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace warroom;

namespace {

qint64 scalar(const QString &store, const char *sql) {
    MentionReader reader;
    QString error;
    if (!reader.open(store, &error))
        qFatal("%s", qPrintable(error));
    return reader.connection().scalar(sql, -1);
}

QString writeFile(const QString &dir, const QString &name, const QByteArray &bytes) {
    const QString path = dir + u'/' + name;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(bytes);
    return path;
}

} // namespace

class TestImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void airlineTweets() {
        test::TempStore store;
        const QString file = test::sharedData(QStringLiteral("airline-tweets/Tweets.csv"));
        ImportSummary s = store.import(file);
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
        QCOMPARE(s.read, 14640);
        QCOMPARE(s.inserted, 14485);
        QCOMPARE(s.duplicates, 155);
        QCOMPARE(s.rejected, 0);
        QCOMPARE(scalar(store.path(), "SELECT count(*) FROM authors"), 7701);
        QCOMPARE(scalar(store.path(), "SELECT count(DISTINCT source) FROM mentions"), 1);
        // Times: 2015-02-16 23:36:05 to 2015-02-24 11:53:37, -0800.
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(store.path(), &error));
        const StoreStats stats = reader.stats();
        QCOMPARE(stats.first, QDateTime(QDate(2015, 2, 17), QTime(7, 36, 5), Qt::UTC));
        QCOMPARE(stats.last, QDateTime(QDate(2015, 2, 24), QTime(19, 53, 37), Qt::UTC));
        // A row with an emoji and HTML entities decoded; the handle from the name column.
        const auto m =
            reader.mention(QStringLiteral("twitter"), QStringLiteral("570306133677760513"));
        QVERIFY(m.has_value());
        QCOMPARE(m->authorHandle, QStringLiteral("cairdin"));
        QCOMPARE(m->text, QStringLiteral("@VirginAmerica What @dhepburn said."));
        QCOMPARE(scalar(store.path(), "SELECT count(*) FROM mentions WHERE text LIKE '%&amp;%'"),
                 0);
        // Every row went through the ingest pipeline: language and our own sentiment.
        QVERIFY(scalar(store.path(), "SELECT count(*) FROM mentions WHERE lang = 'en'") > 14000);
        QVERIFY(scalar(store.path(),
                       "SELECT count(*) FROM mentions WHERE sentiment_label = 'negative'") > 5000);

        // Re-importing the same file inserts nothing.
        s = store.import(file);
        QCOMPARE(s.inserted, 0);
        QCOMPARE(s.duplicates, 14640);
        QCOMPARE(scalar(store.path(), "SELECT count(*) FROM mentions"), 14485);
    }

    void pfizerTweetsCarryFollowers() {
        test::TempStore store;
        const ImportSummary s = store.import(
            test::sharedData(QStringLiteral("pfizer-vaccine-tweets/vaccination_tweets.csv")));
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
        QCOMPARE(s.inserted, 5092);
        QCOMPARE(s.rejected, 0);
        QCOMPARE(
            scalar(store.path(), "SELECT count(*) FROM mentions WHERE author_followers IS NULL"),
            0);
        QCOMPARE(scalar(store.path(), "SELECT count(*) FROM authors"), 3425);
        QCOMPARE(scalar(store.path(), "SELECT max(followers) FROM authors"), 13714928);
        QCOMPARE(scalar(store.path(), "SELECT count(*) FROM authors WHERE followers IS NULL"), 0);
        // Its "source" column is the posting client, not the network.
        QCOMPARE(scalar(store.path(), "SELECT count(*) FROM mentions WHERE source <> 'twitter'"),
                 0);
        QCOMPARE(scalar(store.path(), "SELECT sum(reposts) > 0 AND sum(likes) > 0 FROM mentions"),
                 1);
    }

    void crisisLexTimesFromIds_data() {
        QTest::addColumn<QString>("crisis");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("unique");
        QTest::addColumn<QDate>("first");
        QTest::addColumn<QDate>("last");
        QTest::newRow("sandy") << "2012_Sandy_Hurricane" << 10008 << 10008 << QDate(2012, 10, 28)
                               << QDate(2012, 10, 30);
        QTest::newRow("alberta") << "2013_Alberta_Floods" << 10031 << 10029 << QDate(2013, 6, 21)
                                 << QDate(2013, 7, 1);
        QTest::newRow("boston") << "2013_Boston_Bombings" << 10012 << 10012 << QDate(2013, 4, 15)
                                << QDate(2013, 4, 19);
        QTest::newRow("oklahoma") << "2013_Oklahoma_Tornado" << 9992 << 9992 << QDate(2013, 5, 20)
                                  << QDate(2013, 5, 30);
        QTest::newRow("queensland") << "2013_Queensland_Floods" << 10033 << 10031
                                    << QDate(2013, 1, 27) << QDate(2013, 2, 1);
        QTest::newRow("west-texas") << "2013_West_Texas_Explosion" << 10006 << 10006
                                    << QDate(2013, 4, 17) << QDate(2013, 4, 27);
    }

    void crisisLexTimesFromIds() {
        QFETCH(QString, crisis);
        QFETCH(int, rows);
        QFETCH(int, unique);
        QFETCH(QDate, first);
        QFETCH(QDate, last);
        test::TempStore store;
        const ImportSummary s = store.import(test::sharedData(
            QStringLiteral("crisislex-t6/%1/%1-ontopic_offtopic.csv").arg(crisis)));
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
        QCOMPARE(s.read, rows);
        QCOMPARE(s.inserted, unique);
        QCOMPARE(s.rejected, 0);
        QVERIFY(!s.notes.isEmpty() && s.notes.first().contains(QStringLiteral("tweet ids")));
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(store.path(), &error));
        const StoreStats stats = reader.stats();
        QCOMPARE(stats.first.date(), first);
        QCOMPARE(stats.last.date(), last);
        QCOMPARE(
            reader.connection().scalar("SELECT count(*) FROM mentions WHERE time_estimated = 1"),
            0);
        // Ids lose CrisisLex's single quotes.
        QCOMPARE(
            reader.connection().scalar("SELECT count(*) FROM mentions WHERE source_id LIKE '''%'"),
            0);
    }

    void brokenCsvReportsAndContinues() {
        test::TempStore store;
        const QByteArray csv =
            "tweet_id,name,text,tweet_created\n"
            "1000000001,ana,\"fine row\",2015-02-24 11:35:52 -0800\n"          // line 2: ok
            "1000000002,bob,\"bad \xff\xfe utf8\",2015-02-24 11:35:52 -0800\n" // line 3: invalid
                                                                               // UTF-8
            "1000000003,cy,too few fields\n"                            // line 4: missing columns
            "1000000004,dee,\"never closed,2015-02-24 11:35:52 -0800\n" // line 5: bad quotes
            "1000000005,eve,\"after the broken one\",2015-02-24 11:36:00 -0800\n" // line 6: ok
            "1000000006,fay,\"bad date\",the day after tomorrow\n" // line 7: bad date
            "1000000007,gus,,2015-02-24 11:37:00 -0800\n"          // line 8: empty text
            "1000000008,hal,\"last, \"\"quoted\"\" row\",2015-02-24 11:38:00 -0800\n"; // line 9: ok
        const QString path = writeFile(store.dir(), QStringLiteral("broken.csv"), csv);
        const ImportSummary s = store.import(path);
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
        QCOMPARE(s.inserted, 3);
        QCOMPARE(s.rejected, 5);
        QHash<qint64, QString> byLine;
        for (const RejectedRow &r : s.rejects)
            byLine.insert(r.line, r.reason);
        QVERIFY2(byLine.value(3).contains(QStringLiteral("UTF-8")), qPrintable(byLine.value(3)));
        QVERIFY2(byLine.value(4).contains(QStringLiteral("fields")), qPrintable(byLine.value(4)));
        QVERIFY2(byLine.value(5).contains(QStringLiteral("quoted field never closes")),
                 qPrintable(byLine.value(5)));
        QVERIFY2(byLine.value(7).contains(QStringLiteral("date")), qPrintable(byLine.value(7)));
        QVERIFY2(byLine.value(8).contains(QStringLiteral("empty")), qPrintable(byLine.value(8)));
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(store.path(), &error));
        const auto last = reader.mention(QStringLiteral("twitter"), QStringLiteral("1000000008"));
        QVERIFY(last.has_value());
        QCOMPARE(last->text, QStringLiteral("last, \"quoted\" row"));
    }

    void unreadableFilesAreOneLineErrors() {
        test::TempStore store;
        ImportSummary s = store.import(writeFile(store.dir(), QStringLiteral("empty.csv"), {}));
        QVERIFY(s.fatal.contains(QStringLiteral("empty")));
        QByteArray binary(4096, '\0');
        for (int i = 0; i < binary.size(); ++i)
            binary[i] = char((i * 7919) % 256);
        s = store.import(writeFile(store.dir(), QStringLiteral("photo.csv"), binary));
        QVERIFY2(s.fatal.contains(QStringLiteral("not text")), qPrintable(s.fatal));
        s = store.import(
            writeFile(store.dir(), QStringLiteral("notext.csv"), "id,when\n1,2020-01-01\n"));
        QVERIFY2(s.fatal.contains(QStringLiteral("no text column")), qPrintable(s.fatal));
        s = store.import(store.dir() + QStringLiteral("/does-not-exist.csv"));
        QVERIFY(s.fatal.contains(QStringLiteral("cannot read")));
        QVERIFY(!s.fatal.contains(u'\n'));
        QCOMPARE(scalar(store.path(), "SELECT count(*) FROM mentions"), 0);
    }

    void columnMapping() {
        test::TempStore store;
        const QString path = writeFile(store.dir(), QStringLiteral("tool.csv"),
                                       "Post Key,Said,Who,Fans,When\n"
                                       "k1,hello world,@ana,12,2026-03-14T10:00:00Z\n");
        ImportOptions options;
        options.source = QStringLiteral("othertool");
        options.map = {{QStringLiteral("source_id"), QStringLiteral("Post Key")},
                       {QStringLiteral("text"), QStringLiteral("said")},
                       {QStringLiteral("author_handle"), QStringLiteral("Who")},
                       {QStringLiteral("author_followers"), QStringLiteral("Fans")},
                       {QStringLiteral("created_at"), QStringLiteral("When")}};
        const ImportSummary s = store.import(path, options);
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
        QCOMPARE(s.inserted, 1);
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(store.path(), &error));
        const auto m = reader.mention(QStringLiteral("othertool"), QStringLiteral("k1"));
        QVERIFY(m.has_value());
        QCOMPARE(m->authorHandle, QStringLiteral("ana"));
        QCOMPARE(m->authorFollowers, 12);
        options.map.insert(QStringLiteral("bogus"), QStringLiteral("Said"));
        QVERIFY(store.import(path, options).fatal.contains(QStringLiteral("unknown field")));
    }

    void jsonlWithNestedFieldsAndBadLines() {
        test::TempStore store;
        const QString path =
            writeFile(store.dir(), QStringLiteral("statuses.jsonl"),
                      "{\"id_str\":\"11\",\"full_text\":\"nested one\",\"created_at\":\"Wed Oct 10 "
                      "20:19:24 +0000 2018\","
                      "\"user\":{\"screen_name\":\"ana\",\"followers_count\":500}}\n"
                      "{not json}\n"
                      "[1,2,3]\n"
                      "\n"
                      "{\"id_str\":\"12\",\"full_text\":\"nested two ✓ Ճ "
                      "中\",\"created_at\":\"2018-10-10T20:20:00Z\","
                      "\"user\":{\"screen_name\":\"bo\",\"followers_count\":7}}\n");
        ImportOptions options;
        options.source = QStringLiteral("x");
        const ImportSummary s = store.import(path, options);
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
        QCOMPARE(s.inserted, 2);
        QCOMPARE(s.rejected, 2);
        QCOMPARE(s.rejects.at(0).line, 2);
        QCOMPARE(s.rejects.at(1).line, 3);
        QCOMPARE(scalar(store.path(), "SELECT sum(followers) FROM authors"), 507);
    }

    void exportThenImportLosesNothing() {
        test::TempStore a;
        const QString src =
            writeFile(a.dir(), QStringLiteral("mixed.csv"),
                      "tweet_id,name,text,tweet_created,retweet_count\n"
                      "1000000001,ana,\"multi\nline, \"\"quoted\"\"\",2015-02-24 11:35:52 -0800,3\n"
                      "1000000002,bob,Ճգնաժամ 危機 🔥,2015-02-24 11:36:52 -0800,0\n");
        QCOMPARE(a.import(src).inserted, 2);
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(a.path(), &error));
        for (const bool csv : {true, false}) {
            QByteArray out = csv ? MentionExporter::csvHeader() : QByteArray();
            QList<Mention> original;
            QVERIFY(reader.forEach(
                [&](const Mention &m) {
                    original << m;
                    out += csv ? MentionExporter::csvLine(m) : MentionExporter::jsonLine(m);
                    return true;
                },
                &error));
            test::TempStore b;
            const QString file =
                writeFile(b.dir(), csv ? QStringLiteral("e.csv") : QStringLiteral("e.jsonl"), out);
            const ImportSummary s = b.import(file);
            QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
            QCOMPARE(s.inserted, 2);
            MentionReader back;
            QVERIFY(back.open(b.path(), &error));
            for (const Mention &m : original) {
                const auto r = back.mention(m.source, m.sourceId);
                QVERIFY(r.has_value());
                QCOMPARE(r->text, m.text);
                QCOMPARE(r->authorHandle, m.authorHandle);
                QCOMPARE(r->createdAt, m.createdAt);
                QCOMPARE(r->reposts, m.reposts);
                QCOMPARE(r->status, m.status);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "tst_import.moc"
