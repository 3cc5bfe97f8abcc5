#include "itemmodels/mentiontablemodel.h"
#include "mainwindow.h"
#include "panels/mentionstreampanel.h"
#include "store/mentionreader.h"
#include "tempstore.h"
#include "testdata.h"
#include "warroomapp.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

using namespace warroom;

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void drillImportFiresAlerts();
    void correctionsInTheStreamTeachTheModel();

    void opensAnImportedStoreAndSearches() {
        test::TempStore store;
        QVERIFY(store.import(test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")))
                    .fatal.isEmpty());

        WarRoomApp app({store.path(), false});
        app.start();
        MainWindow *window = app.window();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        auto *table = window->findChild<QTableView *>(QStringLiteral("mentionTable"));
        auto *search = window->findChild<QLineEdit *>(QStringLiteral("searchBox"));
        auto *message = window->findChild<QLabel *>(QStringLiteral("searchMessage"));
        auto *counts = window->findChild<QLabel *>(QStringLiteral("countsLabel"));
        QVERIFY(table && search && message && counts);

        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 14485, 10000);
        QTRY_VERIFY(counts->text().contains(QStringLiteral("14,485 mentions")));
        QTRY_VERIFY(counts->text().contains(QStringLiteral("7,701 authors")));
        QTRY_VERIFY(!table->model()
                         ->index(0, MentionTableModel::TextColumn)
                         .data()
                         .toString()
                         .startsWith(QStringLiteral("loading")));

        // What the store says the search should find.
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(store.path(), &error));
        MentionFilter filter;
        filter.search = QStringLiteral("\"lost luggage\"");
        QVector<qint64> expected;
        QVERIFY(reader.ids(filter, &expected, &error));
        QVERIFY(!expected.isEmpty());

        search->setFocus();
        QTest::keyClicks(search, filter.search);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), int(expected.size()), 10000);
        QTRY_VERIFY(message->text().contains(QStringLiteral("match")));
        QTRY_VERIFY(table->model()
                        ->index(0, MentionTableModel::TextColumn)
                        .data()
                        .toString()
                        .contains(QStringLiteral("lost luggage"), Qt::CaseInsensitive));

        // A search with nothing in it says so instead of failing.
        search->clear();
        QTest::keyClicks(search, QStringLiteral("\"\""));
        QTRY_VERIFY(message->text().contains(QStringLiteral("Nothing to search for")));
        QCOMPARE(table->model()->rowCount(), 0);

        search->clear();
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 14485, 10000);
        table->selectRow(0);
        QTRY_VERIFY(window->findChild<QWidget *>(QStringLiteral("mentionText")) != nullptr);

        const QString shot = qEnvironmentVariable("WARROOM_SCREENSHOT");
        if (!shot.isEmpty()) {
            QTest::qWait(300);
            window->grab().save(shot);
        }
    }
};

void TestMainWindow::drillImportFiresAlerts() {
    // The alert engine runs after each committed batch: the drill's wave must raise a volume
    // spike after the spark (10:04 UTC) and watch words ("boycott", "recall"), none before it.
    test::TempStore store;
    WarRoomApp app({store.path(), false});
    QSignalSpy done(&app, &WarRoomApp::importFinished);
    app.start();
    QVERIFY(QTest::qWaitForWindowExposed(app.window()));
    QTest::qWait(500);
    app.loadDrill();
    QVERIFY(done.wait(60000));
    QVERIFY2(done.first().at(1).toBool(), qPrintable(done.first().at(0).toString()));
    MentionReader reader;
    QString error;
    QVERIFY(reader.open(store.path(), &error));
    QTRY_VERIFY(
        reader.connection().scalar("SELECT count(*) FROM alerts WHERE kind = 'volume-spike'") > 0);
    QVERIFY(reader.connection().scalar("SELECT count(*) FROM alerts WHERE kind LIKE '%watch%'") >
            0);
    const qint64 spark = QDateTime(QDate(2026, 3, 14), QTime(10, 4), Qt::UTC).toMSecsSinceEpoch();
    QCOMPARE(
        reader.connection().scalar(
            QByteArray("SELECT count(*) FROM alerts WHERE kind = 'volume-spike' AND fired_at < ")
                .append(QByteArray::number(spark))
                .constData()),
        0);
}

void TestMainWindow::correctionsInTheStreamTeachTheModel() {
    // No lexicon reads Swahili: its posts start unscored. An analyst corrects 80 of them in the
    // stream; in the background the model learns and scores the other Swahili posts.
    test::TempStore store;
    WarRoomApp app({store.path(), false});
    QSignalSpy done(&app, &WarRoomApp::importFinished);
    app.start();
    QVERIFY(QTest::qWaitForWindowExposed(app.window()));
    QTest::qWait(500);
    app.loadDrill();
    QVERIFY(done.wait(60000));
    MentionReader reader;
    QString error;
    QVERIFY(reader.open(store.path(), &error));
    auto &db = reader.connection();
    const char *unscored = "SELECT count(*) FROM mentions WHERE lang = 'sw' AND "
                           "sentiment_label IS NULL AND sentiment_by_analyst = 0";
    const qint64 before = db.scalar(unscored);
    QVERIFY(before > 150);
    QList<qint64> ids;
    sql::Statement st =
        db.prepare("SELECT id FROM mentions WHERE lang = 'sw' ORDER BY id LIMIT 80");
    while (st.step() == SQLITE_ROW)
        ids << st.int64(0);
    QCOMPARE(ids.size(), 80);
    Q_EMIT app.window()->streamPanel()->sentimentCorrectionRequested(ids.mid(0, 40),
                                                                     Sentiment::Negative);
    Q_EMIT app.window()->streamPanel()->sentimentCorrectionRequested(ids.mid(40),
                                                                     Sentiment::Positive);
    QTRY_COMPARE_WITH_TIMEOUT(
        db.scalar("SELECT count(*) FROM mentions WHERE sentiment_by_analyst = 1"), 80, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(db.scalar(unscored) < before - 80, 60000);
    // The analyst's own labels stay as they set them.
    QCOMPARE(
        db.scalar(QByteArray("SELECT count(*) FROM mentions WHERE sentiment_by_analyst = 1 AND "
                             "sentiment_label = 'negative' AND id <= ")
                      .append(QByteArray::number(ids.at(39)))
                      .constData()),
        40);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
