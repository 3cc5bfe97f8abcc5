#include "itemmodels/mentionqueryworker.h"
#include "itemmodels/mentiontablemodel.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;

class TestMentionModel : public QObject {
    Q_OBJECT

    test::TempStore m_store;

    static Mention live(const QString &id, const QDateTime &when, const QString &text) {
        Mention m;
        m.source = QStringLiteral("mastodon");
        m.sourceId = id;
        m.authorHandle = QStringLiteral("live");
        m.text = text;
        m.createdAt = when;
        return m;
    }

private Q_SLOTS:
    void initTestCase() {
        const ImportSummary s =
            m_store.import(test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")));
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
    }

    void pagesSearchAndLiveRows() {
        ReaderThread reader(m_store.path());
        reader.start();
        MentionTableModel model(reader.worker());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&model, &MentionTableModel::queryFinished);

        model.reload();
        QVERIFY(finished.wait(10000));
        QCOMPARE(model.rowCount(), 14485);
        QCOMPARE(model.columnCount(), int(MentionTableModel::ColumnCount));

        // Rows arrive in pages as they are asked for; nothing is loaded up front.
        QCOMPARE(model.data(model.index(14000, 0), MentionTableModel::LoadedRole).toBool(), false);
        QTRY_VERIFY(model.mentionAt(14000) != nullptr);
        QTRY_VERIFY(model.mentionAt(0) != nullptr);
        QTRY_VERIFY(model.mentionAt(1) != nullptr);
        QVERIFY(model.mentionAt(0)->createdAt >= model.mentionAt(1)->createdAt); // newest first
        QCOMPARE(model.mentionAt(0)->createdAt,
                 QDateTime(QDate(2015, 2, 24), QTime(19, 53, 37), Qt::UTC));
        const QString text =
            model.data(model.index(0, MentionTableModel::TextColumn), Qt::DisplayRole).toString();
        QVERIFY(!text.isEmpty());
        // Tooltips escape what came from the network.
        const QString tip =
            model.data(model.index(0, MentionTableModel::TextColumn), Qt::ToolTipRole).toString();
        QVERIFY(tip.startsWith(QStringLiteral("<p")));

        // Oldest first on request.
        model.sort(MentionTableModel::TimeColumn, Qt::AscendingOrder);
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(model.mentionAt(0) != nullptr);
        QCOMPARE(model.mentionAt(0)->createdAt,
                 QDateTime(QDate(2015, 2, 17), QTime(7, 36, 5), Qt::UTC));
        model.sort(MentionTableModel::TimeColumn, Qt::DescendingOrder);
        QVERIFY(finished.wait(10000));

        // Search: the same count as the store gives.
        MentionReader direct;
        QString error;
        QVERIFY(direct.open(m_store.path(), &error));
        MentionFilter filter;
        filter.search = QStringLiteral("lost luggage");
        QVector<qint64> expected;
        QVERIFY(direct.ids(filter, &expected, &error));
        QVERIFY(expected.size() > 5);
        model.setFilter(filter);
        QVERIFY(finished.wait(10000));
        QCOMPARE(model.rowCount(), int(expected.size()));
        QTRY_VERIFY(model.mentionAt(0) != nullptr);
        QVERIFY(model.mentionAt(0)->text.contains(QStringLiteral("lost"), Qt::CaseInsensitive));
        QVERIFY(model.mentionAt(0)->text.contains(QStringLiteral("luggage"), Qt::CaseInsensitive));

        // A bad search is a message, and the table is empty rather than wrong.
        filter.search = QStringLiteral("\"\"");
        model.setFilter(filter);
        QVERIFY(finished.wait(10000));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!finished.last().at(1).toString().isEmpty());

        // Live rows land at the top, incrementally (no reset).
        filter.search.clear();
        model.setFilter(filter);
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(model.mentionAt(0) != nullptr);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        MentionWriter writer;
        QVERIFY(writer.open(m_store.path(), &error));
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(writer
                    .write({live(QStringLiteral("a"), now, QStringLiteral("live one")),
                            live(QStringLiteral("b"), now.addSecs(1), QStringLiteral("live two"))})
                    .ok());
        model.refreshNewer();
        QTRY_COMPARE(model.rowCount(), 14487);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(reset.size(), 0);
        QTRY_VERIFY(model.mentionAt(0) != nullptr);
        QCOMPARE(model.mentionAt(0)->text, QStringLiteral("live two"));

        // A backfilled old row is placed by time (a re-query), not at the top.
        QVERIFY(writer
                    .write({live(QStringLiteral("old"),
                                 QDateTime(QDate(2015, 2, 20), QTime(0, 0), Qt::UTC),
                                 QStringLiteral("backfill"))})
                    .ok());
        model.refreshNewer();
        QTRY_COMPARE(model.rowCount(), 14488);
        QTRY_VERIFY(model.mentionAt(0) != nullptr);
        QCOMPARE(model.mentionAt(0)->text, QStringLiteral("live two"));

        // Live rows arrive a little out of order (a post created half a second before the
        // newest one shown): it goes where it belongs, without a reset or a re-query, and the
        // row the analyst has selected stays selected.
        QTRY_VERIFY(model.mentionAt(1) != nullptr);
        QCOMPARE(model.mentionAt(1)->text, QStringLiteral("live one"));
        const QPersistentModelIndex selected = model.index(1, MentionTableModel::TextColumn);
        const qint64 selectedId = model.idAt(1);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        QSignalSpy finishedLate(&model, &MentionTableModel::queryFinished);
        reset.clear();
        QVERIFY(
            writer
                .write({live(QStringLiteral("late"), now.addMSecs(500), QStringLiteral("late")),
                        live(QStringLiteral("newest"), now.addSecs(2), QStringLiteral("newest"))})
                .ok());
        model.refreshNewer();
        QTRY_COMPARE(model.rowCount(), 14490);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(finishedLate.size(), 0); // no re-query
        QVERIFY(layout.size() >= 1);
        QTRY_VERIFY(model.mentionAt(0) && model.mentionAt(1) && model.mentionAt(2) &&
                    model.mentionAt(3));
        QStringList top;
        for (int r = 0; r < 4; ++r)
            top << model.mentionAt(r)->text;
        QCOMPARE(top, QStringList({QStringLiteral("newest"), QStringLiteral("live two"),
                                   QStringLiteral("late"), QStringLiteral("live one")}));
        QVERIFY(selected.isValid());
        QCOMPARE(selected.row(), 3);
        QCOMPARE(model.idAt(selected.row()), selectedId);
        // The same order as a fresh query of the store.
        QVector<qint64> fresh;
        QVERIFY(direct.ids(MentionFilter{}, &fresh, &error));
        QCOMPARE(fresh.size(), qsizetype(model.rowCount()));
        for (int r = 0; r < 50; ++r)
            QCOMPARE(model.idAt(r), fresh.at(r));
    }
};

QTEST_GUILESS_MAIN(TestMentionModel)
#include "tst_mentionmodel.moc"
