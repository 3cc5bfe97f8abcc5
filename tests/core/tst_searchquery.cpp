#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "store/searchquery.h"
#include "store/textfold.h"
#include "tempstore.h"
#include "testdata.h"

#include <QFile>

#include <QRegularExpression>
#include <QTest>

#include <sqlite3.h>

using namespace warroom;

class TestSearchQuery : public QObject {
    Q_OBJECT

    test::TempStore m_store;
    MentionReader m_reader;

    QVector<qint64> run(const QString &q, bool *ok = nullptr, QString *error = nullptr) {
        MentionFilter f;
        f.search = q;
        QVector<qint64> ids;
        QString why;
        const bool good = m_reader.ids(f, &ids, &why);
        if (ok)
            *ok = good;
        if (error)
            *error = why;
        return ids;
    }

    // One mention a text, ids 1, 2, ... in order, a minute apart.
    static bool writePosts(const QString &path, const QStringList &texts) {
        MentionWriter writer;
        QString error;
        if (!writer.open(path, &error))
            return false;
        MentionBatch batch;
        for (int i = 0; i < texts.size(); ++i) {
            Mention m;
            m.source = QStringLiteral("test");
            m.sourceId = QString::number(i + 1);
            m.text = texts.at(i);
            m.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(i * 60);
            batch << m;
        }
        return writer.write(batch).ok();
    }

private Q_SLOTS:
    void initTestCase() {
        const QStringList texts = {
            QStringLiteral("The kettle lid flew open, total recall needed"),     // 1
            QStringLiteral("Boycott this brand until they answer"),              // 2
            QStringLiteral("I love my kettle, best purchase"),                   // 3
            QStringLiteral("品牌危機處理得很差"),                                // 4
            QStringLiteral("Ապրանքանիշի ճգնաժամը շարունակվում է"),               // 5
            QStringLiteral("lawsuit incoming 🔥🔥 \"quoted\" text; DROP TABLE x"), // 6
            QStringLiteral("Mitandao ya kijamii inawaka moto"),                  // 7
        };
        QVERIFY(writePosts(m_store.path(), texts));
        QString error;
        QVERIFY(m_reader.open(m_store.path(), &error));
    }

    void semantics() {
        QCOMPARE(run(QStringLiteral("kettle")), (QVector<qint64>{3, 1}));      // newest first
        QCOMPARE(run(QStringLiteral("KETTLE recall")), (QVector<qint64>{1}));  // AND, any case
        QCOMPARE(run(QStringLiteral("kettle -recall")), (QVector<qint64>{3})); // NOT
        QCOMPARE(run(QStringLiteral("kettle NOT recall")), (QVector<qint64>{3}));
        QCOMPARE(run(QStringLiteral("boycott OR lawsuit")), (QVector<qint64>{6, 2}));
        QCOMPARE(run(QStringLiteral("\"lid flew\"")), (QVector<qint64>{1})); // phrase
        QCOMPARE(run(QStringLiteral("\"flew lid\"")), (QVector<qint64>{}));
        QCOMPARE(run(QStringLiteral("危機")), (QVector<qint64>{4}));   // 2 chars: scan
        QCOMPARE(run(QStringLiteral("處理得")), (QVector<qint64>{4})); // 3 chars: index
        QCOMPARE(run(QStringLiteral("ճգնաժամը")), (QVector<qint64>{5}));
        QCOMPARE(run(QStringLiteral("kijamii")), (QVector<qint64>{7}));
        QCOMPARE(run(QStringLiteral("🔥")), (QVector<qint64>{6}));
        QCOMPARE(run(QStringLiteral("-kettle")).size(), 5);
    }

    void hostileInputNeverBreaks_data() {
        QTest::addColumn<QString>("input");
        for (const char *s : {"\"",
                              "\"unterminated phrase",
                              "AND",
                              "OR",
                              "NOT",
                              "OR OR OR",
                              "kettle OR",
                              "*",
                              "kettle*",
                              "NEAR(kettle recall)",
                              "title:kettle",
                              "^kettle",
                              "(kettle",
                              "kettle)",
                              "'; DROP TABLE mentions; --",
                              "\" OR 1=1 --",
                              "a\"b\"c",
                              "--",
                              "-",
                              "- -",
                              "\\",
                              "%",
                              "_",
                              "{col}: x",
                              "\"\"",
                              "\"\"\"\"",
                              "::",
                              "k",
                              "🔥🔥🔥",
                              "\xe2\x80\xae"
                              "bidi",
                              "x AND AND y",
                              "NOT NOT"}) {
            QTest::newRow(s) << QString::fromUtf8(s);
        }
        QTest::newRow("long") << QStringLiteral("kettle ").repeated(500);
        QTest::newRow("nul") << QString(QChar(0)) + QStringLiteral("abc");
    }

    void hostileInputNeverBreaks() {
        QFETCH(QString, input);
        bool ok = false;
        QString error;
        const QVector<qint64> ids = run(input, &ok, &error);
        if (!ok) {
            // A clear line for the user, never the database's own complaint.
            QVERIFY(!error.isEmpty());
            QVERIFY2(!error.contains(QStringLiteral("fts5"), Qt::CaseInsensitive) &&
                         !error.contains(QStringLiteral("SQL"), Qt::CaseSensitive) &&
                         !error.contains(QStringLiteral("syntax")),
                     qPrintable(error));
        }
        QCOMPARE(m_reader.stats().mentions, 7); // and nothing was dropped
    }

    // Real posts in scripts whose words carry marks (Devanagari virama and vowel signs, Armenian
    // ligature, a Javanese pangkon), CJK, Thai letters and emoji: every term finds its post, and
    // every word of every post finds that post. Before the search index's own tokenizer was used,
    // a word with a spacing mark answered "fts5: phrase queries are not supported (detail!=full)"
    // and "և" found nothing (it was folded to "եւ", which the index never holds).
    void multilingualTermsFindTheirPosts() {
        struct Source {
            QString file;
            QString marker; // the first line containing it is the post
        };
        const QList<Source> sources = {
            {test::seedsDir() + QStringLiteral("/002_062cf37853dfe7c4.txt"),
             QStringLiteral("շփման և ապրանքներն")},
            {test::seedsDir() + QStringLiteral("/002_062cf37853dfe7c4.txt"),
             QStringLiteral("Ճգնաժամային կառավարումը")},
            {test::seedsDir() + QStringLiteral("/003_7a49d6a11e3a9604.txt"),
             QStringLiteral("小家電知名品牌而言")},
            {test::sharedData(QStringLiteral("umsab-multilingual-tweets/hindi/train_text.txt")),
             QStringLiteral("#घंटाबजट")},
            {test::sharedData(QStringLiteral("pfizer-vaccine-tweets/vaccination_tweets.csv")),
             QStringLiteral("(जन प्रतिनिधि)")},
            {test::sharedData(QStringLiteral("pfizer-vaccine-tweets/vaccination_tweets.csv")),
             QStringLiteral("खोजी पत्रकार")},
            {test::sharedData(QStringLiteral("pfizer-vaccine-tweets/vaccination_tweets.csv")),
             QStringLiteral("รђ๏๏lเภ #SaveKonark")},
            {test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")),
             QStringLiteral("😡 I want free internet")},
        };
        QStringList posts;
        for (const Source &src : sources) {
            QFile f(src.file);
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(src.file));
            QString found;
            while (found.isEmpty() && !f.atEnd()) {
                const QString line = QString::fromUtf8(f.readLine()).trimmed();
                if (line.contains(src.marker))
                    found = line;
            }
            QVERIFY2(!found.isEmpty(), qPrintable(src.marker));
            posts << found;
        }
        // The fuzzer's reproducer (tests/fuzz/regressions/search/) in a Javanese post.
        posts << QStringLiteral("ꦲꦏ꧀ꦱꦫ ꦗꦮ ab\uA9C0cd");

        test::TempStore store;
        QVERIFY(writePosts(store.path(), posts));
        QString error;
        MentionReader reader;
        QVERIFY(reader.open(store.path(), &error));
        auto search = [&](const QString &q) {
            MentionFilter f;
            f.search = q;
            QVector<qint64> ids;
            QString why;
            if (!reader.ids(f, &ids, &why))
                qWarning("search %s failed: %s", qPrintable(q), qPrintable(why));
            return ids;
        };

        const struct {
            const char *term;
            QList<qint64> posts; // ids (1-based, in `posts` order) that must be found
        } expected[] = {
            {"և", {1}},
            {"ճգնաժամային", {1, 2}},
            {"ՃԳՆԱԺԱՄԱՅԻՆ", {1, 2}},
            {"小家電知名品牌", {3}},
            {"小家電", {3}},
            {"घंटाबजट", {4}},
            {"प्रतिनिधि", {5}},
            {"पत्रकार", {6}},
            {"\"खोजी पत्रकार\"", {6}},
            {"रђ๏๏lเภ", {}}, // not in any post (a Devanagari "र", not the Thai "ร")
            {"รђ๏๏lเภ", {7}},
            {"😡", {8}},
            {"ab\xea\xa7\x80"
             "cd",
             {9}},
            {"ꦗꦮ", {9}},
        };
        for (const auto &e : expected) {
            const QString term = QString::fromUtf8(e.term);
            const QVector<qint64> ids = search(term);
            for (qint64 id : e.posts)
                QVERIFY2(ids.contains(id), qPrintable(term));
            if (e.posts.isEmpty())
                QVERIFY2(ids.isEmpty(), qPrintable(term));
        }
        // Every word of every post, typed as it is written, finds its post.
        int words = 0;
        for (int i = 0; i < posts.size(); ++i) {
            const QStringList split =
                posts.at(i).split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
            for (const QString &w : split) {
                if (w.contains(u'"') || w.contains(u'\u201C') || w.contains(u'\u300C'))
                    continue;
                const QString typed = u'"' + w + u'"';
                QVERIFY2(search(typed).contains(i + 1), qPrintable(typed));
                ++words;
            }
        }
        qInfo("%d words of real posts each found their post", words);
        QVERIFY(words > 150);
    }

    // wordIndexTokens() against a real FTS5 table made like mentions_words: every quoted token
    // is one token (a prefix query the detail=none index accepts) and finds the text it came
    // from. The Qt-category split the search used before kept spacing marks (Mc) inside a word,
    // which unicode61 splits at.
    void wordTokensAgreeWithFts5() {
        QCOMPARE(wordIndexTokens(QStringLiteral("ab\uA9C0cd")),
                 (QStringList{QStringLiteral("ab"), QStringLiteral("cd")}));
        QCOMPARE(wordIndexTokens(QStringLiteral("Café, crème!")),
                 (QStringList{QStringLiteral("Café"), QStringLiteral("crème")}));
        // A Latin combining accent continues its word; a Devanagari vowel sign (Mc) and virama
        // (Mn) do not, for unicode61.
        QCOMPARE(wordIndexTokens(QStringLiteral("e\u0301te")).size(), 1);
        QVERIFY(wordIndexTokens(QStringLiteral("पत्रकार")).size() > 1);
        QVERIFY(wordIndexTokens(QStringLiteral("🔥 ...")).isEmpty());

        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(":memory:", &db), SQLITE_OK);
        auto exec = [&](const char *sql, const QString &bind = {}) {
            sqlite3_stmt *st = nullptr;
            int rc = sqlite3_prepare_v2(db, sql, -1, &st, nullptr);
            QByteArray utf8 = bind.toUtf8();
            if (rc == SQLITE_OK && !bind.isNull())
                sqlite3_bind_text(st, 1, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
            int rows = 0;
            if (rc == SQLITE_OK) {
                while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                    ++rows;
            }
            sqlite3_finalize(st);
            return rc == SQLITE_DONE ? rows : -1;
        };
        QCOMPARE(exec("CREATE VIRTUAL TABLE w USING fts5(body, tokenize = 'unicode61 "
                      "remove_diacritics 2', detail = none, content = '', columnsize = 0)"),
                 0);
        const QStringList texts = {
            QStringLiteral("Javanese ꦲꦏ꧀ꦱꦫ ꦗꦮ ab\uA9C0cd"),
            QStringLiteral("Hindi जन प्रतिनिधि खोजी पत्रकार #घंटाबजट"),
            QStringLiteral("Armenian ճգնաժամային և Ճգնաժամերի"),
            QStringLiteral("Arabic الصحفي التحقيقي كَتَبَ"),
            QStringLiteral("Latin crème brûlée Straße ﬁle"),
            QStringLiteral("Tamil தமிழ் Bengali বাংলা Khmer-free Georgian ქართული"),
        };
        for (const QString &t : texts) // contentless: the rowid is given
            QCOMPARE(exec(QByteArray("INSERT INTO w(rowid, body) VALUES (" +
                                     QByteArray::number(texts.indexOf(t) + 1) + ", ?1)")
                              .constData(),
                          t),
                     0);
        int checked = 0;
        for (const QString &t : texts) {
            for (const QString &word : t.split(u' ')) {
                const QStringList tokens = wordIndexTokens(word);
                QVERIFY2(!tokens.isEmpty(), qPrintable(word));
                QStringList match;
                for (const QString &tok : tokens) {
                    // Each token alone is one token: a prefix query, never a phrase.
                    QVERIFY2(exec("SELECT rowid FROM w WHERE w MATCH ?1",
                                  u'"' + tok + QStringLiteral("\"*")) >= 1,
                             qPrintable(tok));
                    match << u'"' + tok + QStringLiteral("\"*");
                }
                QVERIFY2(exec("SELECT rowid FROM w WHERE w MATCH ?1",
                              match.join(QStringLiteral(" AND "))) >= 1,
                         qPrintable(word));
                ++checked;
            }
        }
        QVERIFY(checked >= 25);
        // Why the raw term is tokenized, not the folded one: the fold decomposes the Armenian
        // ligature "և" into "եւ", which the index (unicode61 keeps "և") never holds.
        QCOMPARE(exec("SELECT rowid FROM w WHERE w MATCH ?1",
                      u'"' + foldForSearch(QStringLiteral("և")) + QStringLiteral("\"*")),
                 0);
        QCOMPARE(exec("SELECT rowid FROM w WHERE w MATCH ?1",
                      u'"' + wordIndexTokens(QStringLiteral("և")).value(0) + QStringLiteral("\"*")),
                 1);
        // What is not a valid expression for that index is reported as such, not run.
        QVERIFY(!isValidMatch(FtsIndex::Words, QStringLiteral("\"ab cd\"")));
        QVERIFY(isValidMatch(FtsIndex::Words, QStringLiteral("\"ab\"* AND \"cd\"*")));
        QVERIFY(!isValidMatch(FtsIndex::Words, QStringLiteral("NEAR(")));
        sqlite3_close(db);
    }

    void onlyOperatorsGiveAClearMessage() {
        bool ok = true;
        QString error;
        run(QStringLiteral("\"\""), &ok, &error);
        QVERIFY(!ok);
        QVERIFY(error.contains(QStringLiteral("Nothing to search for")));
    }
};

QTEST_GUILESS_MAIN(TestSearchQuery)
#include "tst_searchquery.moc"
