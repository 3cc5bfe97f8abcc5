#include "workflow_fixture.h"

#include "workflow/workflowmodels.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace warroom;
using warroom::test::WorkflowFixture;

// The approval queue and the needs-reply queue as item models, fed with real snapshots, under
// QAbstractItemModelTester: incremental updates as replies move, ages against the target.
class TestWorkflowModels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void approvalQueue() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        ApprovalQueueModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setClock([&] { return f.clock; });
        const qint64 a = f.replyIn(ReplyState::InReview);
        f.clock = f.clock.addSecs(60);
        const qint64 b = f.replyIn(ReplyState::InReview);
        f.replyIn(ReplyState::Draft); // not waiting for anyone
        f.clock = f.clock.addSecs(600);
        model.setReplies(f.wf->replies());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.data(model.index(0, 0), ApprovalQueueModel::ReplyIdRole).toLongLong(),
                 a); // oldest first
        QCOMPARE(
            model.data(model.index(0, ApprovalQueueModel::Waiting), Qt::DisplayRole).toString(),
            QStringLiteral("11 min"));
        QVERIFY(model.data(model.index(0, ApprovalQueueModel::Mention), Qt::DisplayRole)
                    .toString()
                    .startsWith(QStringLiteral("@snellbell: @VirginAmerica lost my luggage")));
        // a approved: it leaves; b stays where it is.
        QVERIFY(f.wf->approve(f.spokes, QStringLiteral("4321"), a));
        model.setReplies(f.wf->replies());
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.replyAt(0)->id, b);
        // b approved then edited: it comes back as a re-review.
        QVERIFY(f.wf->approve(f.spokes, QStringLiteral("4321"), b));
        QVERIFY(f.wf->edit(f.drafter, b,
                           QStringLiteral("We are sorry. We will trace your bag within 2 hours.")));
        QVERIFY(f.wf->edit(f.drafter, a,
                           QStringLiteral("We are sorry. Flight VX 112 bags are at IAD.")));
        model.setReplies(f.wf->replies());
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.data(model.index(0, 0), ApprovalQueueModel::ReReviewRole).toBool());
        QCOMPARE(model.data(model.index(0, ApprovalQueueModel::State), Qt::DisplayRole).toString(),
                 QStringLiteral("re-review"));
        model.setReplies({});
        QCOMPARE(model.rowCount(), 0);
    }

    void needsReplyQueueOnRealTweets() {
        // The airline tweets, imported as a crisis feed; the negative ones about lost luggage need
        // an answer.
        WorkflowFixture f;
        QVERIFY(f.setUp());
        const ImportSummary s =
            f.store.import(warroom::test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")));
        QVERIFY(s.fatal.isEmpty());
        QVERIFY(f.db.exec("UPDATE mentions SET status = 'needs-reply' WHERE source = 'twitter' AND "
                          "sentiment_label = 'negative' AND text LIKE '%lost%bag%'"));
        const QList<NeedsReplyItem> items = f.wf->needsReply();
        QVERIFY2(items.size() > 20, qPrintable(QString::number(items.size())));
        NeedsReplyModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // "Now" is one hour after the oldest of them.
        const QDateTime now = items.first().createdAt.addSecs(3600);
        model.setClock([&] { return now; });
        model.setItems(items, 60);
        QCOMPARE(model.rowCount(), int(items.size()));
        for (int i = 1; i < model.rowCount(); ++i)
            QVERIFY(model.itemAt(i - 1)->createdAt <= model.itemAt(i)->createdAt); // oldest first
        QVERIFY(!model.data(model.index(0, 0), NeedsReplyModel::OverdueRole)
                     .toBool()); // exactly 60 min
        model.setItems(items, 30);
        QVERIFY(model.data(model.index(0, 0), NeedsReplyModel::OverdueRole).toBool());
        QCOMPARE(model.data(model.index(0, NeedsReplyModel::Age), Qt::DisplayRole).toString(),
                 QStringLiteral("1 h 00"));
        QVERIFY(model.overdueCount() >= 1);
        // Moved to a private channel: it leaves the queue, the rest stay.
        QVERIFY(f.wf->setMentionStatus(f.drafter, items.first().mentionId,
                                       MentionStatus::MovedPrivate));
        model.setItems(f.wf->needsReply(), 30);
        QCOMPARE(model.rowCount(), int(items.size()) - 1);
        QVERIFY(model.itemAt(0)->mentionId != items.first().mentionId);
    }
};

QTEST_GUILESS_MAIN(TestWorkflowModels)
#include "workflow_models.moc"
