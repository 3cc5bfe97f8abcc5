// The search index follows the mentions (kSearchLagMigration): mentions are committed first and
// indexed after, in transactions of their own. These tests prove what a user relies on:
// - a mention is found the moment it is committed (the reader scans the unindexed tail), and on
//   the live path (WriterThread, as the GUI and `warroom collect` use it) it is in the index
//   within 2 s of arrival;
// - edits of mentions not indexed yet, and of indexed ones, leave an index equal to a rebuild;
// - `warroom import` killed at random moments, again and again: after every kill search still
//   finds every committed mention, and once the writer reopens, the index equals a full rebuild
//   of it (nothing indexed twice, nothing skipped) and passes FTS5's integrity-check.
#include "crisisgen.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "store/schema.h"
#include "store/storewriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;

namespace {

Mention post(const QString &id, const QString &text, qint64 minute = 0) {
    Mention m;
    m.source = QStringLiteral("test");
    m.sourceId = id;
    m.authorHandle = QStringLiteral("author") + QString::number(id.size() % 3);
    m.text = text;
    m.createdAt = QDateTime::fromMSecsSinceEpoch(1773475200000 + minute * 60000, Qt::UTC);
    return m;
}

QVector<qint64> search(MentionReader &reader, const QString &query) {
    MentionFilter f;
    f.search = query;
    QVector<qint64> ids;
    QString error;
    if (!reader.ids(f, &ids, &error))
        qWarning() << "search failed:" << error;
    std::sort(ids.begin(), ids.end());
    return ids;
}

qint64 scalar(const QString &store, const char *sql) {
    sql::Connection db;
    QString error;
    if (!db.open(store, sql::Connection::Mode::ReadOnly, &error))
        return -1;
    return db.scalar(sql, -1);
}

// Differences between the stored index and a full rebuild of it from the mentions (terms with
// a different document count, both ways, in both indexes), plus FTS5's own integrity-check.
// Empty: equal. Runs on a connection of its own (temporary tables only).
QString indexVersusRebuild(const QString &store) {
    sql::Connection db;
    QString error;
    if (!db.open(store, sql::Connection::Mode::ReadWrite, &error) ||
        !configureConnection(db, false, &error))
        return error;
    const char *body = "CASE WHEN coalesce(title, '') = '' THEN text ELSE title || ' ' || text END";
    const QByteArray setup =
        QByteArray("CREATE VIRTUAL TABLE temp.rebuilt_words USING fts5(body, tokenize = "
                   "'unicode61 remove_diacritics 2', detail = none, content = '', columnsize = 0);"
                   "CREATE VIRTUAL TABLE temp.rebuilt_cjk USING fts5(body, tokenize = 'trigram', "
                   "detail = none, content = '', columnsize = 0);"
                   "INSERT INTO temp.rebuilt_words(rowid, body) SELECT id, ") +
        body + " FROM mentions; INSERT INTO temp.rebuilt_cjk(rowid, body) SELECT id, " + body +
        " FROM mentions WHERE cjk = 1;"
        "CREATE VIRTUAL TABLE temp.v_words USING fts5vocab(main, mentions_words, row);"
        "CREATE VIRTUAL TABLE temp.v_cjk USING fts5vocab(main, mentions_cjk, row);"
        "CREATE VIRTUAL TABLE temp.r_words USING fts5vocab(temp, rebuilt_words, row);"
        "CREATE VIRTUAL TABLE temp.r_cjk USING fts5vocab(temp, rebuilt_cjk, row);";
    if (!db.exec(setup.constData(), &error))
        return error;
    QStringList problems;
    for (const char *check :
         {"INSERT INTO mentions_words(mentions_words, rank) VALUES ('integrity-check', 0)",
          "INSERT INTO mentions_cjk(mentions_cjk, rank) VALUES ('integrity-check', 0)"}) {
        if (!db.exec(check, &error))
            problems << QStringLiteral("integrity-check: %1").arg(error);
    }
    for (const char *diff : {"SELECT count(*) FROM (SELECT term, doc FROM v_words EXCEPT "
                             "SELECT term, doc FROM r_words)",
                             "SELECT count(*) FROM (SELECT term, doc FROM r_words EXCEPT "
                             "SELECT term, doc FROM v_words)",
                             "SELECT count(*) FROM (SELECT term, doc FROM v_cjk EXCEPT "
                             "SELECT term, doc FROM r_cjk)",
                             "SELECT count(*) FROM (SELECT term, doc FROM r_cjk EXCEPT "
                             "SELECT term, doc FROM v_cjk)"}) {
        const qint64 n = db.scalar(diff, -1);
        if (n != 0)
            problems << QStringLiteral("%1 terms differ: %2").arg(n).arg(QLatin1StringView(diff));
    }
    if (db.scalar("SELECT count(*) FROM r_words", 0) == 0)
        problems << QStringLiteral("the rebuilt index is empty: nothing was compared");
    return problems.join(u"; ");
}

} // namespace

class TestIngestIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A damaged full-text index (its blocks overwritten) costs the room neither its search nor a
    // store-is-broken message: the terms are scanned and the answer says so; `warroom reindex`
    // rebuilds the index, after which every search gives what it gave before the damage.
    void damagedIndexIsScannedThenRebuilt() {
        QTemporaryDir dir;
        const QString store = dir.filePath(QStringLiteral("airline.sqlite"));
        QProcess p;
        p.start(QStringLiteral(WARROOM_BINARY),
                {QStringLiteral("import"),
                 test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")),
                 QStringLiteral("--store"), store});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 0);
        const QStringList terms{QStringLiteral("luggage"), QStringLiteral("lost luggage"),
                                QStringLiteral("delayed -united"), QStringLiteral("😡")};
        QList<QVector<qint64>> before;
        {
            MentionReader reader;
            QString error;
            QVERIFY2(reader.open(store, &error), qPrintable(error));
            for (const QString &t : terms) {
                before << search(reader, t);
                QVERIFY(reader.warning().isEmpty());
                QVERIFY2(!before.last().isEmpty(), qPrintable(t));
            }
        }
        {
            sql::Connection db;
            QString error;
            QVERIFY2(db.open(store, sql::Connection::Mode::ReadWrite, &error), qPrintable(error));
            QVERIFY(db.exec("UPDATE mentions_words_data SET block = randomblob(length(block)) "
                            "WHERE id > 10",
                            &error));
        }
        {
            MentionReader reader;
            QString error;
            QVERIFY2(reader.open(store, &error), qPrintable(error));
            // The index really is damaged: a bare MATCH fails.
            sql::Statement bare = reader.connection().prepare(
                "SELECT count(*) FROM mentions_words WHERE mentions_words MATCH 'luggage*'");
            QVERIFY(bare.step() != SQLITE_ROW);
            for (qsizetype i = 0; i < terms.size(); ++i) {
                MentionFilter f;
                f.search = terms.at(i);
                QVector<qint64> ids;
                error.clear();
                QVERIFY2(reader.ids(f, &ids, &error), qPrintable(terms.at(i) + u' ' + error));
                QVERIFY(error.isEmpty());
                // (An emoji is scanned anyway: nothing to say about it.)
                QCOMPARE(reader.warning().contains(QStringLiteral("warroom reindex")),
                         terms.at(i) != QStringLiteral("😡"));
                // A scan finds a word inside longer words too: never fewer than the index did.
                std::sort(ids.begin(), ids.end());
                for (qint64 id : before.at(i))
                    QVERIFY2(std::binary_search(ids.cbegin(), ids.cend(), id),
                             qPrintable(terms.at(i)));
                // The first-page walk leaves a damaged index to ids().
                QVector<qint64> first;
                QVERIFY(reader.firstIds(f, 50, false, 60000, &first, &error) !=
                        MentionReader::FirstIds::Failed);
            }
        }
        QProcess re;
        re.start(QStringLiteral(WARROOM_BINARY),
                 {QStringLiteral("reindex"), QStringLiteral("--store"), store});
        QVERIFY(re.waitForFinished(300000));
        const QString said = QString::fromUtf8(re.readAllStandardOutput());
        QCOMPARE(re.exitCode(), 0);
        QVERIFY2(said.contains(QStringLiteral("search index rebuilt: 14485 mentions")),
                 qPrintable(said));
        QCOMPARE(indexVersusRebuild(store), QString());
        MentionReader reader;
        QString error;
        QVERIFY2(reader.open(store, &error), qPrintable(error));
        for (qsizetype i = 0; i < terms.size(); ++i) {
            QCOMPARE(search(reader, terms.at(i)), before.at(i));
            QVERIFY(reader.warning().isEmpty());
        }
    }

    void committedMentionsAreFoundBeforeTheyAreIndexed() {
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY2(writer.open(store.path(), &error), qPrintable(error));
        writer.setIndexLag(1000LL * 3600, 1 << 30); // nothing indexed until asked
        const MentionBatch batch = {
            post(QStringLiteral("1"), QStringLiteral("The Aurora kettle lid flew open, Café")),
            post(QStringLiteral("2"), QStringLiteral("Orrin 水壺蓋子突然彈開，品牌危機處理得很差")),
            post(QStringLiteral("3"), QStringLiteral("Boycott until recall #KettleGate")),
        };
        const WriteResult r = writer.write(batch);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.inserted, 3);
        QVERIFY(writer.hasPendingIndex());
        QCOMPARE(scalar(store.path(), "SELECT indexed_upto FROM search_index_state"), 0);

        MentionReader reader;
        QVERIFY2(reader.open(store.path(), &error), qPrintable(error));
        auto expectations = [&] {
            // Words match as prefixes (KettleGate), through the index and the scan alike.
            QCOMPARE(search(reader, QStringLiteral("kettle")), (QVector<qint64>{1, 3}));
            QCOMPARE(search(reader, QStringLiteral("cafe")), (QVector<qint64>{1}));
            QCOMPARE(search(reader, QStringLiteral("\"lid flew\"")), (QVector<qint64>{1}));
            QCOMPARE(search(reader, QStringLiteral("危機處理")), (QVector<qint64>{2}));
            QCOMPARE(search(reader, QStringLiteral("kettlegate OR 品牌")), (QVector<qint64>{2, 3}));
            QCOMPARE(search(reader, QStringLiteral("recall -kettlegate")), QVector<qint64>{});
            QCOMPARE(search(reader, QStringLiteral("nowhere")), QVector<qint64>{});
        };
        expectations(); // from the scan of the unindexed tail
        QVERIFY(!QTest::currentTestFailed());

        QCOMPARE(writer.indexPending(2, &error), 2); // a chunk: the mark moves to 2
        QCOMPARE(scalar(store.path(), "SELECT indexed_upto FROM search_index_state"), 2);
        expectations(); // half from the index, half from the scan: each found once
        QVERIFY(!QTest::currentTestFailed());
        QVERIFY2(writer.flushIndex(&error), qPrintable(error));
        QVERIFY(!writer.hasPendingIndex());
        QCOMPARE(scalar(store.path(), "SELECT indexed_upto FROM search_index_state"), 3);
        expectations(); // all from the index
        QVERIFY(!QTest::currentTestFailed());
        QCOMPARE(indexVersusRebuild(store.path()), QString());
    }

    void editsBeforeAndAfterIndexingKeepTheIndexExact() {
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY2(writer.open(store.path(), &error), qPrintable(error));
        writer.setIndexLag(1000LL * 3600, 1 << 30);
        QVERIFY(writer
                    .write({post(QStringLiteral("a"), QStringLiteral("first draft kettle")),
                            post(QStringLiteral("b"), QStringLiteral("品牌危機 second"))})
                    .ok());
        // An edit of a mention not indexed yet: the indexer indexes the new text, only it.
        MentionChange edit;
        edit.kind = MentionChange::Kind::Edited;
        edit.source = QStringLiteral("test");
        edit.sourceId = QStringLiteral("a");
        edit.newText = QStringLiteral("final version teapot");
        edit.at = QDateTime::currentDateTimeUtc();
        QVERIFY(writer.write({}, {edit}).ok());
        MentionReader reader;
        QVERIFY2(reader.open(store.path(), &error), qPrintable(error));
        QCOMPARE(search(reader, QStringLiteral("draft")), QVector<qint64>{});
        QCOMPARE(search(reader, QStringLiteral("teapot")), (QVector<qint64>{1}));
        QVERIFY2(writer.flushIndex(&error), qPrintable(error));
        QCOMPARE(search(reader, QStringLiteral("draft")), QVector<qint64>{});
        QCOMPARE(search(reader, QStringLiteral("teapot")), (QVector<qint64>{1}));
        QCOMPARE(indexVersusRebuild(store.path()), QString());
        // An edit of an indexed one (also from Latin to CJK): out with the old, in with the new.
        edit.sourceId = QStringLiteral("b");
        edit.newText = QStringLiteral("水壺蓋子 third");
        QVERIFY(writer.write({}, {edit}).ok());
        QCOMPARE(search(reader, QStringLiteral("second")), QVector<qint64>{});
        QCOMPARE(search(reader, QStringLiteral("水壺蓋")), (QVector<qint64>{2}));
        QCOMPARE(indexVersusRebuild(store.path()), QString());
    }

    void liveMentionsAreIndexedWithinTwoSeconds() {
        // The live path: batches through the WriterThread as connectors and the GUI send them,
        // a reader polling as the mention table does. Each batch's own word must be found, and
        // be in the index itself (not only the scan), within 2 s of being handed to the writer.
        test::TempStore store;
        WriterThread thread(store.path());
        QSignalSpy opened(thread.writer(), &StoreWriter::opened);
        QSignalSpy committed(thread.writer(), &StoreWriter::committed);
        thread.start();
        QVERIFY(opened.wait(10000));
        QVERIFY2(opened.first().at(0).toBool(), qPrintable(opened.first().at(1).toString()));
        MentionReader reader;
        QString error;
        QVERIFY2(reader.open(store.path(), &error), qPrintable(error));
        const QStringList words = {QStringLiteral("alphakettle"), QStringLiteral("bravokettle"),
                                   QStringLiteral("charliekettle"), QStringLiteral("deltakettle"),
                                   QStringLiteral("echokettle")};
        qint64 worstFoundMs = 0;
        qint64 worstIndexedMs = 0;
        qint64 nextId = 0;
        for (int b = 0; b < words.size(); ++b) {
            MentionBatch batch;
            for (int i = 0; i < 2000; ++i, ++nextId)
                batch.append(post(QString::number(nextId),
                                  (i % 50 == 0 ? words.at(b) + u' ' : QString()) +
                                      QStringLiteral("Orrin %1 品牌危機 post %2").arg(b).arg(i),
                                  nextId / 100));
            const qint64 lastId = nextId;
            QElapsedTimer t;
            t.start();
            thread.submit(batch);
            qint64 foundMs = -1;
            qint64 indexedMs = -1;
            while (t.elapsed() < 5000 && indexedMs < 0) {
                if (foundMs < 0 && search(reader, words.at(b)).size() == 40)
                    foundMs = t.elapsed();
                if (foundMs >= 0 &&
                    scalar(store.path(), "SELECT indexed_upto FROM search_index_state") >= lastId)
                    indexedMs = t.elapsed();
                QTest::qWait(20);
            }
            QVERIFY2(foundMs >= 0, qPrintable(words.at(b)));
            QVERIFY2(indexedMs >= 0, qPrintable(words.at(b)));
            worstFoundMs = std::max(worstFoundMs, foundMs);
            worstIndexedMs = std::max(worstIndexedMs, indexedMs);
            // Found through the index alone once indexed: the same 40 rows.
            QCOMPARE(search(reader, words.at(b)).size(), 40);
            QTest::qWait(200 * (b % 3)); // batches close together and apart
        }
        qInfo("worst: found %lld ms, indexed %lld ms after submit", worstFoundMs, worstIndexedMs);
        QVERIFY2(worstFoundMs <= 2000, qPrintable(QString::number(worstFoundMs)));
        QVERIFY2(worstIndexedMs <= 2000, qPrintable(QString::number(worstIndexedMs)));
        QCOMPARE(indexVersusRebuild(store.path()), QString());
    }

    void killedImportsLeaveAnIndexEqualToARebuild() {
        // `warroom import` (batches of 20,000, indexing about once a second) killed at random
        // moments on one store; the file is a generated crisis in several scripts.
        QTemporaryDir dir;
        const QString csv = dir.filePath(QStringLiteral("crisis.csv"));
        bench::CrisisSpec spec;
        spec.mentions = 150000;
        spec.authors = 15000;
        QString error;
        QVERIFY2(bench::writeCrisisCsv(spec, csv, &error), qPrintable(error));
        QRandomGenerator rng(20261126);
        int kills = 0;
        int killedWithTail = 0;
        QString store;
        auto import = [&](const QString &file, int killAfterMs) {
            QProcess p;
            p.start(QStringLiteral(WARROOM_BINARY),
                    {QStringLiteral("import"), file, QStringLiteral("--store"), store});
            if (!p.waitForStarted())
                return false;
            if (!p.waitForFinished(killAfterMs)) {
                p.kill();
                p.waitForFinished();
                return false;
            }
            return p.exitCode() == 0;
        };
        // How long a whole import takes on this machine right now: the kills land between 30%
        // and 95% of it (fixed times made a fast machine finish before most kills).
        store = dir.filePath(QStringLiteral("reference.sqlite"));
        QElapsedTimer whole;
        whole.start();
        QVERIFY(import(csv, 300000));
        const int wholeMs = std::max(1000, int(whole.elapsed()));
        for (int round = 0; round < 8; ++round) {
            // A fresh store each round: every kill lands among new rows, not re-read duplicates.
            store = dir.filePath(QStringLiteral("store%1.sqlite").arg(round));
            if (import(csv, int(rng.bounded(wholeMs * 3 / 10, wholeMs * 95 / 100))))
                continue; // done before the kill
            ++kills;
            const qint64 rows = scalar(store, "SELECT count(*) FROM mentions");
            const qint64 mark = scalar(store, "SELECT indexed_upto FROM search_index_state");
            if (rows <= 0 || mark < 0)
                continue; // killed before the first commit
            QVERIFY(mark <= rows);
            killedWithTail += mark < rows;
            // Found right after the kill, indexed or not: index + tail = every mention.
            {
                MentionReader reader;
                QVERIFY2(reader.open(store, &error), qPrintable(error));
                const qint64 expected = scalar(
                    store, "SELECT count(*) FROM mentions WHERE instr(lower(text), 'kettlegate')");
                QVERIFY(expected > 0);
                QCOMPARE(qint64(search(reader, QStringLiteral("kettlegate")).size()), expected);
            }
            // Whatever was committed and not indexed is indexed when a writer opens the store.
            {
                MentionWriter writer;
                QVERIFY2(writer.open(store, &error), qPrintable(error));
                QVERIFY(!writer.hasPendingIndex());
            }
            QCOMPARE(scalar(store, "SELECT indexed_upto FROM search_index_state"), rows);
            QCOMPARE(indexVersusRebuild(store), QString());
        }
        // Then the rest of the crisis and real tweets, uninterrupted, on the last store.
        QVERIFY(import(csv, 300000));
        QVERIFY(import(test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")), 300000));
        QCOMPARE(scalar(store, "SELECT count(*) FROM mentions"),
                 spec.mentions + scalar(store, "SELECT count(*) FROM mentions WHERE source <> "
                                               "(SELECT source FROM mentions WHERE id = 1)"));
        QCOMPARE(scalar(store, "SELECT indexed_upto FROM search_index_state"),
                 scalar(store, "SELECT max(id) FROM mentions"));
        {
            sql::Connection db;
            QVERIFY2(db.open(store, sql::Connection::Mode::ReadOnly, &error), qPrintable(error));
            sql::Statement check = db.prepare("PRAGMA integrity_check");
            QCOMPARE(check.step(), SQLITE_ROW);
            QCOMPARE(check.text(0), QStringLiteral("ok"));
        }
        QCOMPARE(indexVersusRebuild(store), QString());
        qInfo("whole import %d ms; %d kills, %d of them with mentions not indexed yet", wholeMs,
              kills, killedWithTail);
        QVERIFY(kills >= 3);
        QVERIFY2(killedWithTail >= 1, "no kill left an unindexed tail: the test proved nothing");
    }
};

QTEST_GUILESS_MAIN(TestIngestIndex)
#include "tst_ingest_index.moc"
