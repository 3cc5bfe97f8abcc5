#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "store/searchquery.h"
#include "tempstore.h"

#include <QTest>

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
        MentionWriter writer;
        QString error;
        QVERIFY(writer.open(m_store.path(), &error));
        MentionBatch batch;
        for (int i = 0; i < texts.size(); ++i) {
            Mention m;
            m.source = QStringLiteral("test");
            m.sourceId = QString::number(i + 1);
            m.text = texts.at(i);
            m.createdAt = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC).addSecs(i * 60);
            batch << m;
        }
        QVERIFY(writer.write(batch).ok());
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
