#include "import/timestamps.h"

#include <QTest>

using namespace warroom;

class TestTimestamps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formats_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("utc"); // expected, ISO with ms; empty = invalid
        QTest::newRow("airline") << "2015-02-24 11:35:52 -0800"
                                 << "2015-02-24T19:35:52.000Z";
        QTest::newRow("pfizer naive utc") << "2020-12-20 06:06:44"
                                          << "2020-12-20T06:06:44.000Z";
        QTest::newRow("iso z") << "2026-03-14T10:04:00Z"
                               << "2026-03-14T10:04:00.000Z";
        QTest::newRow("iso ms offset") << "2026-03-14T12:04:00.250+02:00"
                                       << "2026-03-14T10:04:00.250Z";
        QTest::newRow("iso micro") << "2026-03-14T10:04:00.123456Z"
                                   << "2026-03-14T10:04:00.123Z";
        QTest::newRow("date only") << "2026-03-14"
                                   << "2026-03-14T00:00:00.000Z";
        QTest::newRow("rfc822 gmt") << "Tue, 10 Jun 2003 04:00:00 GMT"
                                    << "2003-06-10T04:00:00.000Z";
        QTest::newRow("rfc822 pdt") << "Tue, 10 Jun 2003 04:00:00 PDT"
                                    << "2003-06-10T11:00:00.000Z";
        QTest::newRow("rfc822 est 2-digit") << "10 Jun 03 04:00 EST"
                                            << "2003-06-10T09:00:00.000Z";
        QTest::newRow("rfc822 numeric") << "Sat, 14 Mar 2026 10:04:00 +0100"
                                        << "2026-03-14T09:04:00.000Z";
        QTest::newRow("twitter api") << "Wed Oct 10 20:19:24 +0000 2018"
                                     << "2018-10-10T20:19:24.000Z";
        QTest::newRow("epoch s") << "1424807752"
                                 << "2015-02-24T19:55:52.000Z";
        QTest::newRow("epoch ms") << "1424807752123"
                                  << "2015-02-24T19:55:52.123Z";
        QTest::newRow("garbage") << "yesterday-ish"
                                 << "";
        QTest::newRow("bad month") << "2015-13-24 11:35:52"
                                   << "";
        QTest::newRow("bad zone") << "Tue, 10 Jun 2003 04:00:00 XYZ"
                                  << "";
        QTest::newRow("empty") << ""
                               << "";
    }

    void formats() {
        QFETCH(QString, input);
        QFETCH(QString, utc);
        const QDateTime t = parseTimestamp(input);
        if (utc.isEmpty()) {
            QVERIFY(!t.isValid());
            return;
        }
        QVERIFY2(t.isValid(), qPrintable(input));
        QCOMPARE(t.toUTC().toString(Qt::ISODateWithMs), utc);
    }

    void snowflakes() {
        // Boston Marathon, from CrisisLex T6: decoded with (id >> 22) + 1288834974657.
        const QDateTime t = timeFromSnowflake(u"325208201740029952");
        QVERIFY(t.isValid());
        QCOMPARE(t.date(), QDate(2013, 4, 19));
        QVERIFY(!timeFromSnowflake(u"12345").isValid()); // not a snowflake
        QVERIFY(!timeFromSnowflake(u"abc").isValid());
        QVERIFY(!timeFromSnowflake(u"18446744073709551615").isValid()); // the far future
    }
};

QTEST_GUILESS_MAIN(TestTimestamps)
#include "tst_timestamps.moc"
