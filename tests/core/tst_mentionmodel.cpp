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

    // MentionReader::firstIds: the first rows of ids()'s answer, the same rows in the same
    // order, for every kind of filter, both orders and page sizes that make the time-index
    // window grow. The airline export lists its tweets newest first, so the store's ids run
    // against time: the window's id bound (rowid >= lowest) is exercised.
    void firstPageEqualsTheFullAnswer() {
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(m_store.path(), &error));
        QList<MentionFilter> filters;
        filters << MentionFilter{};
        for (const char *search : {"united", "lost luggage", "\"late flight\"", "luggage -united",
                                   "flight -flight", "zzqqxx", "😡", "@americanair thanks"}) {
            MentionFilter f;
            f.search = QString::fromUtf8(search);
            filters << f;
        }
        MentionFilter negative;
        negative.sentiment = Sentiment::Negative;
        negative.search = QStringLiteral("delayed");
        filters << negative;
        MentionFilter english;
        english.language = QStringLiteral("en");
        filters << english;
        MentionFilter newOnes;
        newOnes.status = MentionStatus::New;
        newOnes.search = QStringLiteral("cancelled");
        filters << newOnes;
        int first = 0, all = 0;
        for (const MentionFilter &f : std::as_const(filters)) {
            QVector<qint64> expected;
            QVERIFY2(reader.ids(f, &expected, &error), qPrintable(error));
            for (bool oldest : {false, true}) {
                QVector<qint64> want = expected;
                if (oldest)
                    std::reverse(want.begin(), want.end());
                for (int limit : {1, 7, 50, 1000}) {
                    QVector<qint64> got;
                    const MentionReader::FirstIds r =
                        reader.firstIds(f, limit, oldest, 60000, &got, &error);
                    const QByteArray what =
                        (f.search + u' ' + QString::number(limit) + (oldest ? u'^' : u'v'))
                            .toUtf8();
                    QVERIFY2(r == MentionReader::FirstIds::First ||
                                 r == MentionReader::FirstIds::All,
                             what.constData());
                    QCOMPARE(r == MentionReader::FirstIds::All, expected.size() < limit);
                    QVERIFY2(got == want.mid(0, limit), what.constData());
                    (r == MentionReader::FirstIds::First ? first : all)++;
                }
            }
        }
        QVERIFY(first > 40 && all > 5); // both answers were exercised

        // A search whose walk outlasts its budget gives up without an error: ids() answers.
        MentionFilter rare;
        rare.search = QStringLiteral("zzqqxx");
        QVector<qint64> got{1, 2};
        error.clear();
        QCOMPARE(reader.firstIds(rare, 1000, false, 0, &got, &error),
                 MentionReader::FirstIds::GaveUp);
        QVERIFY(got.isEmpty());
        QVERIFY(error.isEmpty());
        // And the connection is left without a budget: the full answer still runs.
        QVERIFY(reader.ids(rare, &got, &error));
        // A broken search is an error, as in ids().
        rare.search = QStringLiteral("\"\"");
        QCOMPARE(reader.firstIds(rare, 10, false, 60000, &got, &error),
                 MentionReader::FirstIds::Failed);
        QVERIFY(!error.isEmpty());
    }

    // Many mentions at the same instant, stored in no order of time: the window's edge falls
    // inside a run of equal times, and the rows of that run on both sides of it must count.
    void firstPageAcrossEqualTimes() {
        // 600 rows over 6 instants, once interleaved (ids run across time both ways) and once in
        // time order (the window's edge instant continues below it, at smaller ids).
        for (bool interleaved : {true, false}) {
            test::TempStore store;
            MentionWriter writer;
            QString error;
            QVERIFY(writer.open(store.path(), &error));
            const QDateTime t0(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC);
            QList<Mention> batch;
            for (int i = 0; i < 600; ++i) {
                const int slot = interleaved ? (i * 7) % 6 : i / 100;
                QString text = QStringLiteral("other %1").arg(i);
                if (i % 37 == 0)
                    text = QStringLiteral("kettle lid %1").arg(i);
                else if (i % 5 == 0)
                    text = QStringLiteral("kettle %1").arg(i);
                batch << live(QStringLiteral("s%1").arg(i), t0.addSecs(slot), text);
            }
            QVERIFY(writer.write(batch).ok());
            MentionReader reader;
            QVERIFY(reader.open(store.path(), &error));
            for (const QString &search :
                 {QString(), QStringLiteral("kettle"), QStringLiteral("lid"),
                  QStringLiteral("kettle -lid"), QStringLiteral("other -kettle")}) {
                MentionFilter f;
                f.search = search;
                QVector<qint64> expected;
                QVERIFY(reader.ids(f, &expected, &error));
                for (bool oldest : {false, true}) {
                    QVector<qint64> want = expected;
                    if (oldest)
                        std::reverse(want.begin(), want.end());
                    for (int limit : {1, 2, 3, 5, 150, 250}) {
                        QVector<qint64> got;
                        QVERIFY(reader.firstIds(f, limit, oldest, 60000, &got, &error) !=
                                MentionReader::FirstIds::Failed);
                        QVERIFY2(got == want.mid(0, limit),
                                 qPrintable(search + u' ' + QString::number(limit)));
                    }
                }
            }
        }
    }

    // The stream shows a long search's first rows, then appends the rest below them: one reset,
    // the rows loaded stay, and the final list is the store's answer.
    void streamShowsTheFirstPageFirst() {
        ReaderThread reader(m_store.path());
        reader.worker()->setPreview(100, 60000);
        reader.start();
        MentionTableModel model(reader.worker());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy firstRows(&model, &MentionTableModel::firstRowsShown);
        QSignalSpy finished(&model, &MentionTableModel::queryFinished);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        MentionFilter filter;
        filter.search = QStringLiteral("united");
        model.setFilter(filter);
        QVERIFY(finished.wait(10000));
        QCOMPARE(firstRows.size(), 1);
        QCOMPARE(firstRows.first().at(0).toInt(), 100);
        QCOMPARE(reset.size(), 1);
        QCOMPARE(inserted.size(), 1);
        MentionReader direct;
        QString error;
        QVERIFY(direct.open(m_store.path(), &error));
        QVector<qint64> expected;
        QVERIFY(direct.ids(filter, &expected, &error));
        QVERIFY(expected.size() > 1000);
        QCOMPARE(model.rowCount(), int(expected.size()));
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.idAt(r), expected.at(r));
        QTRY_VERIFY(model.mentionAt(0) != nullptr);
        QVERIFY(model.mentionAt(0)->text.contains(QStringLiteral("united"), Qt::CaseInsensitive));

        // A search with fewer matches than a page is answered by the walk alone.
        firstRows.clear();
        filter.search = QStringLiteral("bouilloire");
        model.setFilter(filter);
        QVERIFY(finished.wait(10000));
        QCOMPARE(firstRows.size(), 0);
        QCOMPARE(model.rowCount(), 0);
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
