#include "../core/workflow_fixture.h"
#include "fakesocialserver.h"

#include "composer/approvalpanel.h"
#include "composer/composerwidget.h"
#include "composer/operatorswitcher.h"
#include "composer/pausebanner.h"
#include "composer/replydiffview.h"
#include "workflow/workflowmodels.h"
#include "workflow/workflowservice.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QVBoxLayout>

using namespace warroom;
using warroom::test::FakeSocialServer;
using warroom::test::WorkflowFixture;

// The answering desk through its widgets (offscreen): a drafter writes a reply to a real
// complaint in the composer (channel from the mention, lengths counted, tone warnings listed),
// submits it; the spokesperson approves it with her PIN in the approval panel and publishes it
// to a local fake Mastodon; an edit after approval shows the word diff; the lead's pause shows
// the red banner.
class TestComposer : public QObject {
    Q_OBJECT

    template <typename T> static T *child(QWidget *w, const char *name) {
        T *c = w->findChild<T *>(QString::fromLatin1(name));
        if (!c)
            qWarning("no %s", name);
        return c;
    }

private Q_SLOTS:
    void draftSubmitApprovePublish() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        FakeSocialServer server;
        QVERIFY(server.listen());
        server.addMastodonStatus(QStringLiteral("109000000000000001"));
        auto creds = std::make_shared<StaticCredentials>();
        creds->set(QStringLiteral("mastodon"),
                   {server.baseUrl(), QString::fromLatin1(FakeSocialServer::kToken), {}, {}});
        WorkflowService service(f.store.path(), creds);
        service.setTickMs(100);
        const TemplateLibrary templates = TemplateLibrary::builtIn();
        const ToneGuard guard(templates);
        ApprovalQueueModel queue;

        QWidget window;
        auto *switcher = new OperatorSwitcher(&service, &window);
        auto *composer = new ComposerWidget(&service, &templates, &guard, &window);
        auto *approval = new ApprovalPanel(&service, &queue, &window);
        auto *banner = new PauseBanner(&service, &window);
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(banner);
        layout->addWidget(switcher);
        layout->addWidget(composer);
        layout->addWidget(approval);
        connect(switcher, &OperatorSwitcher::operatorChanged, composer,
                &ComposerWidget::setOperator);
        connect(switcher, &OperatorSwitcher::operatorChanged, approval,
                &ApprovalPanel::setOperator);
        connect(switcher, &OperatorSwitcher::operatorChanged, banner, &PauseBanner::setOperator);
        QList<NeedsReplyItem> needs;
        connect(&service, &WorkflowService::needsReplyChanged, &window,
                [&](const QList<NeedsReplyItem> &items, int) { needs = items; });
        window.resize(1000, 900);
        window.show();
        service.open();
        QCOMPARE(switcher->count(), 5);
        QVERIFY(!needs.isEmpty());

        // The drafter answers the lost-luggage complaint.
        switcher->selectByName(QStringLiteral("dana"));
        QCOMPARE(switcher->current().name, QStringLiteral("dana"));
        composer->setMention(needs.first());
        QCOMPARE(child<QComboBox>(composer, "composerChannel")->currentText(),
                 QStringLiteral("mastodon"));
        QVERIFY(child<QLabel>(composer, "composerMention")
                    ->text()
                    .contains(QStringLiteral("lost my luggage")));
        auto *editor = child<QPlainTextEdit>(composer, "composerEditor");
        auto *submit = child<QPushButton>(composer, "submitButton");
        auto *warnings = child<QListWidget>(composer, "toneWarnings");
        QTest::keyClicks(editor, QStringLiteral("Calm down."));
        QVERIFY(warnings->count() >= 1);
        QVERIFY(warnings->item(0)->text().contains(QStringLiteral("calm down")));
        QVERIFY(submit->isEnabled()); // warnings, not bans
        // Over the Mastodon limit: blocked.
        editor->setPlainText(QString(501, u'a'));
        QCOMPARE(child<QLabel>(composer, "mastodonCount")->text(),
                 QStringLiteral("Mastodon: 501/500"));
        QVERIFY(!submit->isEnabled());
        editor->clear();
        const QString text =
            QStringLiteral("Hi @snellbell, we are so sorry about your luggage on VX 112. "
                           "Please send us your file number and we will trace it today.");
        QTest::keyClicks(editor, text);
        QCOMPARE(warnings->count(), 0);
        QCOMPARE(child<QLabel>(composer, "mastodonCount")->text(),
                 QStringLiteral("Mastodon: %1/500").arg(text.size()));
        QSignalSpy submitted(composer, &ComposerWidget::submitted);
        QTest::mouseClick(submit, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return submitted.size() == 1; }, 5000));
        const qint64 id = submitted.first().at(0).toLongLong();
        QCOMPARE(f.wf->reply(id)->state, ReplyState::InReview);

        // The approval queue shows it beside the mention; the drafter cannot approve.
        QCOMPARE(queue.rowCount(), 1);
        QVERIFY(!child<QPushButton>(approval, "approveButton")->isEnabled());
        QVERIFY(child<QLabel>(approval, "approvalMention")
                    ->text()
                    .contains(QStringLiteral("@snellbell")));
        QCOMPARE(child<ReplyDiffView>(approval, "diffView")->toPlainText(), text);

        // The spokesperson approves with one key and her PIN.
        switcher->selectByName(QStringLiteral("sam"));
        QStringList askedPins;
        approval->setPinProvider([&](const QString &name) {
            askedPins.append(name);
            return std::optional<QString>(QStringLiteral("4321"));
        });
        auto *approve = child<QPushButton>(approval, "approveButton");
        QVERIFY(approve->isEnabled());
        // One keystroke on the queue (the shortcut lives on the panel only).
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *table = child<QTableView>(approval, "approvalTable");
        table->setFocus();
        QTest::keyClick(table, Qt::Key_A);
        QVERIFY(
            QTest::qWaitFor([&] { return f.wf->reply(id)->state == ReplyState::Approved; }, 5000));
        QCOMPARE(askedPins, QStringList{QStringLiteral("sam")});
        QCOMPARE(queue.rowCount(), 0);
        auto *ready = child<QListWidget>(approval, "readyList");
        QCOMPARE(ready->count(), 1);

        // Publish: one post on the fake Mastodon, in reply to the mention.
        QTest::mouseClick(child<QPushButton>(approval, "publishButton"), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return f.wf->reply(id)->state == ReplyState::Published; },
                                10000));
        QCOMPARE(server.statuses().size(), 1);
        QCOMPARE(server.statuses().first().value(QStringLiteral("content")).toString(), text);
        QCOMPARE(server.statuses().first().value(QStringLiteral("in_reply_to_id")).toString(),
                 QStringLiteral("109000000000000001"));
        QVERIFY(QTest::qWaitFor([&] { return ready->count() == 0; }, 2000));

        // The lead pauses: the red banner; resumes: gone.
        switcher->selectByName(QStringLiteral("lee"));
        banner->setReasonProvider(
            [] { return std::optional<QString>(QStringLiteral("CEO statement first")); });
        QTest::mouseClick(child<QPushButton>(banner, "pauseButton"), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return banner->isPaused(); }, 3000));
        QVERIFY(banner->isVisible());
        QVERIFY(banner->message().startsWith(QStringLiteral("PUBLISHING PAUSED by lee")));
        QVERIFY(banner->message().endsWith(QStringLiteral("CEO statement first")));
        QTest::mouseClick(child<QPushButton>(banner, "resumeButton"), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !banner->isPaused(); }, 3000));
    }

    void reReviewShowsTheWordDiff() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        const qint64 id = f.replyIn(ReplyState::Approved);
        const QString before = f.wf->reply(id)->text;
        QVERIFY(f.wf->edit(
            f.drafter, id,
            QString(before).replace(QStringLiteral("today"), QStringLiteral("tonight"))));
        WorkflowService service(f.store.path(), nullptr);
        ApprovalQueueModel queue;
        ApprovalPanel panel(&service, &queue);
        panel.show();
        service.open();
        QCOMPARE(queue.rowCount(), 1);
        auto *diff = child<ReplyDiffView>(&panel, "diffView");
        QVERIFY(diff->showsDiff());
        QVERIFY(diff->toHtml().contains(QStringLiteral("today")));
        QVERIFY(diff->toHtml().contains(QStringLiteral("tonight")));
        QVERIFY(diff->toPlainText().contains(QStringLiteral("todaytonight")));
        // Rejecting needs a reason and the PIN; the drafter sees the reason.
        panel.setOperator(*f.wf->operators().find(QStringLiteral("sam")));
        panel.setReasonProvider([](const QString &) {
            return std::optional<QString>(QStringLiteral("Keep \"today\": we promised it"));
        });
        panel.setPinProvider(
            [](const QString &) { return std::optional<QString>(QStringLiteral("4321")); });
        QTest::mouseClick(child<QPushButton>(&panel, "changesButton"), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor(
            [&] { return f.wf->reply(id)->state == ReplyState::ChangesRequested; }, 3000));
        QCOMPARE(f.wf->reply(id)->lastReason, QStringLiteral("Keep \"today\": we promised it"));
    }
};

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
