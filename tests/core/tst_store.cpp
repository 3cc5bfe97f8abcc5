#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "store/schema.h"
#include "store/store.h"
#include "tempstore.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QtConcurrent>

using namespace warroom;

namespace {

Mention makeMention(const QString &source, const QString &id, const QString &text,
                    const QString &author = QStringLiteral("someone"), qint64 followers = 10) {
    Mention m;
    m.source = source;
    m.sourceId = id;
    m.text = text;
    m.authorHandle = author;
    m.authorName = author.toUpper();
    m.authorFollowers = followers;
    m.createdAt = QDateTime(QDate(2026, 3, 14), QTime(10, 4), Qt::UTC);
    return m;
}

QByteArray fileHash(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

QVector<qint64> search(MentionReader &reader, const QString &q, QString *error = nullptr) {
    MentionFilter filter;
    filter.search = q;
    QVector<qint64> ids;
    QString why;
    if (!reader.ids(filter, &ids, &why) && error)
        *error = why;
    return ids;
}

// A paragraph of a seed document that contains `needle`.
QString seedParagraph(const QString &fileStart, const QString &needle) {
    QDir dir(test::seedsDir());
    const QStringList files = dir.entryList({fileStart + QStringLiteral("*")});
    if (files.isEmpty())
        return {};
    QFile f(dir.filePath(files.first()));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(f.readAll());
    for (const QString &para : text.split(QRegularExpression(QStringLiteral("\\n\\s*\\n")))) {
        if (para.contains(needle))
            return para.trimmed();
    }
    return {};
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void freshStoreHasLatestSchemaInWal() {
        test::TempStore store;
        sql::Connection db;
        QString error;
        QVERIFY2(Store::openWriter(db, store.path(), &error), qPrintable(error));
        QCOMPARE(Schema::currentVersion(db), Schema::latestVersion());
        sql::Statement mode = db.prepare("PRAGMA journal_mode");
        QCOMPARE(mode.step(), SQLITE_ROW);
        QCOMPARE(mode.text(0), QStringLiteral("wal"));
        for (const char *table : {"mentions", "authors", "incidents", "connector_state", "replies",
                                  "reply_events", "alerts", "operators", "mention_minutes",
                                  "mentions_words", "mentions_cjk", "mention_edits"}) {
            sql::Statement st = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = ?1");
            st.bind(1, QString::fromLatin1(table));
            QCOMPARE(st.step(), SQLITE_ROW);
            QVERIFY2(st.int64(0) == 1, table);
        }
        // Opening again is a no-op: migrations are applied once.
        db.close();
        QVERIFY(Store::openWriter(db, store.path(), &error));
        QCOMPARE(Schema::currentVersion(db), Schema::latestVersion());
    }

    void upgradeFromVersionOneBackfillsTimeline() {
        test::TempStore store;
        {
            sql::Connection db;
            QString error;
            QVERIFY(db.open(store.path(), sql::Connection::Mode::ReadWrite, &error));
            QVERIFY(configureConnection(db, true, &error));
            QVERIFY2(Schema::migrate(db, &error, 1), qPrintable(error));
            QCOMPARE(Schema::currentVersion(db), 1);
            QVERIFY(db.exec("INSERT INTO mentions(source, source_id, text, created_at, ingested_at,"
                            " sentiment_label) VALUES ('rss', 'a', 'one', 60000, 0, 'negative'),"
                            " ('rss', 'b', 'two', 61000, 0, 'negative'),"
                            " ('rss', 'c', 'three', 125000, 0, NULL),"
                            " ('rss', 'd', '品牌危機處理', 126000, 0, NULL)"));
        }
        sql::Connection db;
        QString error;
        QVERIFY2(Store::openWriter(db, store.path(), &error), qPrintable(error));
        QCOMPARE(Schema::currentVersion(db), Schema::latestVersion());
        QCOMPARE(db.scalar("SELECT count(*) FROM mentions"), 4);
        QCOMPARE(
            db.scalar("SELECT n FROM mention_minutes WHERE minute = 1 AND sentiment = 'negative'"),
            2);
        QCOMPARE(db.scalar("SELECT n FROM mention_minutes WHERE minute = 2 AND sentiment = ''"), 2);
        // Rows written under the old index are found through the new one.
        MentionReader reader;
        QVERIFY2(reader.open(store.path(), &error), qPrintable(error));
        QCOMPARE(search(reader, QStringLiteral("THREE")), (QVector<qint64>{3}));
        QCOMPARE(search(reader, QStringLiteral("危機處")), (QVector<qint64>{4}));
        QCOMPARE(search(reader, QStringLiteral("危機")), (QVector<qint64>{4}));
    }

    void twoConnectionsUpgradingAtOnceBothSucceed() {
        // The GUI opens the store writer and the workflow's connection together: on an old store
        // both see pending migrations; each must be applied exactly once.
        for (int round = 0; round < 5; ++round) {
            test::TempStore store;
            {
                sql::Connection db;
                QString error;
                QVERIFY(db.open(store.path(), sql::Connection::Mode::ReadWrite, &error));
                QVERIFY(configureConnection(db, true, &error));
                QVERIFY2(Schema::migrate(db, &error, 1), qPrintable(error));
                QVERIFY(db.exec("INSERT INTO mentions(source, source_id, text, created_at, "
                                "ingested_at) VALUES ('rss', 'a', 'old row', 60000, 0)"));
            }
            auto open = [path = store.path()] {
                sql::Connection db;
                QString error;
                return Store::openWriter(db, path, &error) ? QString() : error;
            };
            QFuture<QString> a = QtConcurrent::run(open);
            QFuture<QString> b = QtConcurrent::run(open);
            QCOMPARE(a.result(), QString());
            QCOMPARE(b.result(), QString());
            MentionReader reader;
            QString error;
            QVERIFY2(reader.open(store.path(), &error), qPrintable(error));
            QCOMPARE(search(reader, QStringLiteral("old")), (QVector<qint64>{1}));
        }
    }

    void newerSchemaIsRefusedUntouched() {
        test::TempStore store;
        {
            sql::Connection db;
            QString error;
            QVERIFY(Store::openWriter(db, store.path(), &error));
            QVERIFY(db.exec("PRAGMA user_version = 99"));
            QVERIFY(db.exec("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
        const QByteArray before = fileHash(store.path());
        sql::Connection db;
        QString error;
        QVERIFY(!Store::openWriter(db, store.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QVERIFY(!Store::openReader(db, store.path(), &error));
        QCOMPARE(fileHash(store.path()), before);
    }

    void corruptFileIsRefusedUntouched() {
        test::TempStore store;
        QFile f(store.path());
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            QByteArray("this is not a database, it is a note that must survive\n").repeated(100));
        f.close();
        const QByteArray before = fileHash(store.path());
        sql::Connection db;
        QString error;
        QVERIFY(!Store::openWriter(db, store.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("not a usable warroom store")), qPrintable(error));
        QCOMPARE(fileHash(store.path()), before);
    }

    void duplicatesNeverEnterTwice() {
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY(writer.open(store.path(), &error));
        MentionBatch batch{
            makeMention(QStringLiteral("mastodon"), QStringLiteral("1"), QStringLiteral("first")),
            makeMention(QStringLiteral("mastodon"), QStringLiteral("1"), QStringLiteral("again")),
            makeMention(QStringLiteral("bluesky"), QStringLiteral("1"),
                        QStringLiteral("other source"))};
        // The same article through two feeds (one a Google Alerts redirect with utm_*) is one.
        Mention a = makeMention(QStringLiteral("rss"), QStringLiteral("feed1-guid"),
                                QStringLiteral("article"));
        a.url = QStringLiteral("https://news.example.com/story/42?utm_source=x");
        a.dedupeByUrl = true;
        Mention b = makeMention(QStringLiteral("rss"), QStringLiteral("alerts-tag-123"),
                                QStringLiteral("article"));
        b.url = QStringLiteral("https://www.google.com/url?rct=j&sa=t&url=https://"
                               "www.news.example.com/story/42/&ct=ga");
        b.dedupeByUrl = true;
        batch << a << b;
        WriteResult r = writer.write(batch);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.inserted, 3);
        QCOMPARE(r.duplicates, 2);
        r = writer.write(batch);
        QCOMPARE(r.inserted, 0);
        QCOMPARE(r.duplicates, 5);
        QCOMPARE(writer.connection().scalar("SELECT count(*) FROM mentions"), 3);
        QCOMPARE(writer.connection().scalar("SELECT sum(n) FROM mention_minutes"), 3);
    }

    void authorsAggregatePerSourceAndHandle() {
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY(writer.open(store.path(), &error));
        Mention early = makeMention(QStringLiteral("mastodon"), QStringLiteral("1"),
                                    QStringLiteral("x"), QStringLiteral("ana"), 100);
        Mention late = makeMention(QStringLiteral("mastodon"), QStringLiteral("2"),
                                   QStringLiteral("y"), QStringLiteral("ana"), 150);
        late.createdAt = early.createdAt.addSecs(600);
        Mention elsewhere = makeMention(QStringLiteral("bluesky"), QStringLiteral("3"),
                                        QStringLiteral("z"), QStringLiteral("ana"), 5);
        QVERIFY(writer.write({late}).ok());
        QVERIFY(writer.write({early, elsewhere}).ok()); // out of order: the newest count wins
        sql::Statement st = writer.connection().prepare(
            "SELECT mention_count, followers, first_seen, last_seen FROM authors "
            "WHERE source = 'mastodon' AND handle = 'ana'");
        QCOMPARE(st.step(), SQLITE_ROW);
        QCOMPARE(st.int64(0), 2);
        QCOMPARE(st.int64(1), 150);
        QCOMPARE(st.int64(2), early.createdAt.toMSecsSinceEpoch());
        QCOMPARE(st.int64(3), late.createdAt.toMSecsSinceEpoch());
        QCOMPARE(writer.connection().scalar("SELECT count(*) FROM authors"), 2);
    }

    void editsAndDeletionsKeepHistory() {
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY(writer.open(store.path(), &error));
        QVERIFY(writer
                    .write({makeMention(QStringLiteral("mastodon"), QStringLiteral("u1"),
                                        QStringLiteral("the lid exploded")),
                            makeMention(QStringLiteral("mastodon"), QStringLiteral("u2"),
                                        QStringLiteral("bad kettle 壞水壺品質"))})
                    .ok());
        MentionChange edit{MentionChange::Kind::Edited,
                           QStringLiteral("mastodon"),
                           QStringLiteral("u1"),
                           QStringLiteral("the lid popped open"),
                           {}};
        MentionChange gone{
            MentionChange::Kind::Deleted, QStringLiteral("mastodon"), QStringLiteral("u2"), {}, {}};
        const WriteResult r = writer.write({}, {edit, gone});
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.changed, 2);
        MentionReader reader;
        QVERIFY(reader.open(store.path(), &error));
        QCOMPARE(search(reader, QStringLiteral("popped")), (QVector<qint64>{1}));
        QCOMPARE(search(reader, QStringLiteral("exploded")), (QVector<qint64>{}));
        QCOMPARE(reader.connection().scalar("SELECT count(*) FROM mention_edits WHERE old_text = "
                                            "'the lid exploded'"),
                 1);
        // Deleted at the source: marked, still there, still searchable for the record.
        QCOMPARE(reader.fetch({2}).value(0).deleted, true);
        QCOMPARE(search(reader, QStringLiteral("水壺品")), (QVector<qint64>{2}));
    }

    void readerSeesCommittedRowsBesideTheWriter() {
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY(writer.open(store.path(), &error));
        MentionReader reader;
        QVERIFY2(reader.open(store.path(), &error), qPrintable(error));
        QCOMPARE(reader.stats().mentions, 0);
        QVERIFY(writer
                    .write({makeMention(QStringLiteral("hn"), QStringLiteral("9"),
                                        QStringLiteral("hello"))})
                    .ok());
        QCOMPARE(reader.stats().mentions, 1);
        QVERIFY(writer.setStatus({1}, MentionStatus::NeedsReply, &error));
        QCOMPARE(reader.fetch({1}).value(0).status, MentionStatus::NeedsReply);
        // A read-only connection cannot write.
        QVERIFY(!reader.connection().exec("DELETE FROM mentions"));
    }

    void fullTextFindsEveryScriptOfTheSeeds_data() {
        QTest::addColumn<QString>("seed");
        QTest::addColumn<QString>("word");
        QTest::newRow("swahili") << "000"
                                 << "mitandao ya kijamii";
        QTest::newRow("swahili-2") << "001"
                                   << "Boston";
        QTest::newRow("armenian") << "002"
                                  << "ճգնաժամային";
        QTest::newRow("chinese-2-chars") << "003"
                                         << "品牌";
        QTest::newRow("chinese-2-chars-b") << "003"
                                           << "危機";
        QTest::newRow("tagalog") << "004"
                                 << "kumonekta";
    }

    void fullTextFindsEveryScriptOfTheSeeds() {
        QFETCH(QString, seed);
        QFETCH(QString, word);
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY(writer.open(store.path(), &error));
        MentionBatch batch;
        int n = 0;
        for (const QString &s :
             {QStringLiteral("000"), QStringLiteral("001"), QStringLiteral("002"),
              QStringLiteral("003"), QStringLiteral("004")}) {
            // One mention per seed: a paragraph holding the word for the seed under test,
            // the first paragraph of every other seed as noise.
            QString para = s == seed ? seedParagraph(s, word) : seedParagraph(s, QString());
            QVERIFY2(!para.isEmpty(), qPrintable(s));
            if (s != seed && para.contains(word))
                para = QStringLiteral("unrelated");
            batch << makeMention(QStringLiteral("seed"), QString::number(++n), para);
        }
        QVERIFY(writer.write(batch).ok());
        MentionReader reader;
        QVERIFY(reader.open(store.path(), &error));
        const QVector<qint64> ids = search(reader, word, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(ids.size(), 1);
        const Mention found = reader.fetch(ids).value(0);
        QVERIFY(found.text.contains(word));
        // Case does not matter for Latin script.
        if (word.at(0).isLetter() && word.at(0).unicode() < 0x250) {
            QCOMPARE(search(reader, word.toUpper()).size(), 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
