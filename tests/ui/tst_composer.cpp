#include "../core/workflow_fixture.h"
#include "fakesocialserver.h"

#include "common/credentials.h"
#include "composer/approvalpanel.h"
#include "composer/composerwidget.h"
#include "composer/needsreplypanel.h"
#include "composer/operatorswitcher.h"
#include "composer/pausebanner.h"
#include "composer/publishingaccountsdialog.h"
#include "composer/replydiffview.h"
#include "workflow/workflowmodels.h"
#include "workflow/workflowservice.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QVBoxLayout>

using namespace warroom;
using warroom::test::FakeSocialServer;
using warroom::test::WorkflowFixture;

// The answering desk through its widgets (offscreen): the lead sets the brand's Mastodon
// account in the accounts dialog (token to the keychain, the instance's limit to the composer);
// a drafter writes a reply to a real complaint in the composer (channel from the mention,
// lengths counted against the instance's limit, tone warnings listed), submits it; the
// spokesperson approves it with her PIN in the approval panel and publishes it to a local fake
// Mastodon with the keychain's token; an edit after approval shows the word diff; the lead's
// pause shows the red banner; the needs-reply queue marks a conversation moved to private.
// WARROOM_SCREENSHOTS=dir saves PNGs of the composer desk and the accounts dialog.
class TestComposer : public QObject {
    Q_OBJECT

    template <typename T> static T *child(QWidget *w, const char *name) {
        T *c = w->findChild<T *>(QString::fromLatin1(name));
        if (!c)
            qWarning("no %s", name);
        return c;
    }

    static void screenshot(QWidget *w, const QString &name) {
        const QString dir = qEnvironmentVariable("WARROOM_SCREENSHOTS");
        if (dir.isEmpty())
            return;
        QDir().mkpath(dir);
        QTest::qWait(50); // pending layout requests first: the picture shows what a user sees
        QVERIFY(w->grab().save(dir + u'/' + name + QStringLiteral(".png")));
    }

    static void fill(QWidget *dialog, const char *name, const QString &text) {
        auto *edit = child<QLineEdit>(dialog, name);
        QVERIFY(edit);
        edit->clear();
        QTest::keyClicks(edit, text);
    }

private Q_SLOTS:
    void draftSubmitApprovePublish() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        FakeSocialServer server;
        QVERIFY(server.listen());
        server.addMastodonStatus(QStringLiteral("109000000000000001"));
        server.setMaxCharacters(300); // this instance allows less than Mastodon's 500
        CredentialStore keychain;
        keychain.setInMemoryForTesting(true); // no Secret Service here: same async contract
        WorkflowService service(f.store.path(), std::make_shared<KeychainCredentials>(&keychain));
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

        // The lead sets the brand's Mastodon account; "Test" signs in with the typed token.
        switcher->selectByName(QStringLiteral("lee"));
        {
            PublishingAccountsDialog dialog(&service, &keychain, switcher->current(), &window);
            QSignalSpy tested(&dialog, &PublishingAccountsDialog::tested);
            QSignalSpy saved(&dialog, &PublishingAccountsDialog::saveFinished);
            dialog.show();
            fill(&dialog, "mastodonBase", server.baseUrl().toString());
            fill(&dialog, "mastodonHandle", QStringLiteral("@brand"));
            fill(&dialog, "mastodonSecret", QString::fromLatin1(FakeSocialServer::kToken));
            QTest::mouseClick(child<QPushButton>(&dialog, "mastodonTest"), Qt::LeftButton);
            QVERIFY(QTest::qWaitFor([&] { return tested.size() == 1; }, 5000));
            QCOMPARE(dialog.statusOf(QStringLiteral("mastodon")),
                     QStringLiteral("✓ signed in as @brand@127.0.0.1; 300 characters per post"));
            screenshot(&dialog, QStringLiteral("publishing-accounts"));
            QTest::mouseClick(child<QPushButton>(&dialog, "saveAccountsButton"), Qt::LeftButton);
            QVERIFY(QTest::qWaitFor([&] { return saved.size() == 1; }, 5000));
            QVERIFY(saved.first().at(0).toBool());
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
            QVERIFY(child<QLineEdit>(&dialog, "mastodonSecret")->text().isEmpty());
        }
        QCOMPARE(f.wf->publishingAccount(QStringLiteral("mastodon")).label(),
                 QStringLiteral("@brand@127.0.0.1"));
        // The composer counts against the instance's own limit once the service learned it.
        QVERIFY(QTest::qWaitFor([&] { return composer->mastodonLimit() == 300; }, 5000));

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
        editor->setPlainText(QString(301, u'a'));
        QCOMPARE(child<QLabel>(composer, "mastodonCount")->text(),
                 QStringLiteral("Mastodon: 301/300"));
        QVERIFY(!submit->isEnabled());
        editor->clear();
        const QString text =
            QStringLiteral("Hi @snellbell, we are so sorry about your luggage on VX 112. "
                           "Please send us your file number and we will trace it today.");
        QTest::keyClicks(editor, text);
        QCOMPARE(warnings->count(), 0);
        QCOMPARE(child<QLabel>(composer, "mastodonCount")->text(),
                 QStringLiteral("Mastodon: %1/300").arg(text.size()));
        screenshot(&window, QStringLiteral("composer-desk"));
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
        QCOMPARE(server.requestsTo("/api/v1/statuses").first().headers.value("authorization"),
                 QByteArray("Bearer mastodon-test-token")); // the keychain's token
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

    // No keyring (CI, no Secret Service): Save says why in one line, the dialog stays open and
    // the store keeps no account; an operator who is not the lead cannot change anything.
    void accountsDialogWithoutKeychainKeepsNothing() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        CredentialStore keychain;
        keychain.setUnavailableForTesting(true);
        WorkflowService service(f.store.path(), std::make_shared<KeychainCredentials>(&keychain));
        service.open();
        {
            PublishingAccountsDialog dialog(&service, &keychain,
                                            *f.wf->operators().find(QStringLiteral("sam")));
            dialog.show();
            QVERIFY(!child<QLineEdit>(&dialog, "mastodonSecret")->isEnabled());
            QVERIFY(!child<QPushButton>(&dialog, "saveAccountsButton")->isEnabled());
            QVERIFY(dialog.message().startsWith(QStringLiteral("Only the crisis lead")));
        }
        PublishingAccountsDialog dialog(&service, &keychain,
                                        *f.wf->operators().find(QStringLiteral("lee")));
        QSignalSpy saved(&dialog, &PublishingAccountsDialog::saveFinished);
        dialog.show();
        // A Bluesky account without an app password is refused before anything is written.
        fill(&dialog, "blueskyHandle", QStringLiteral("brand.bsky.social"));
        QTest::mouseClick(child<QPushButton>(&dialog, "saveAccountsButton"), Qt::LeftButton);
        QCOMPARE(dialog.statusOf(QStringLiteral("bluesky")),
                 QStringLiteral("✕ enter the app password: it is saved with the account"));
        fill(&dialog, "blueskySecret", QStringLiteral("abcd-efgh-ijkl-mnop"));
        QTest::mouseClick(child<QPushButton>(&dialog, "saveAccountsButton"), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return saved.size() == 1; }, 3000));
        QVERIFY(!saved.first().at(0).toBool());
        QVERIFY2(dialog.statusOf(QStringLiteral("bluesky"))
                     .startsWith(QStringLiteral("✕ Not saved: No system keychain is available")),
                 qPrintable(dialog.statusOf(QStringLiteral("bluesky"))));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QTest::qWait(100);
        QVERIFY(f.wf->publishingAccounts().isEmpty());
    }

    void needsReplyQueueThroughTheWidgets() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        WorkflowService service(f.store.path(), nullptr);
        NeedsReplyModel model;
        NeedsReplyPanel panel(&service, &model);
        connect(&service, &WorkflowService::needsReplyChanged, &model, &NeedsReplyModel::setItems);
        panel.resize(700, 300);
        panel.show();
        service.open();
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(panel.summary(), QStringLiteral("3 waiting, 3 over the 60 min target"));
        screenshot(&panel, QStringLiteral("needs-reply"));
        panel.setOperator(*f.wf->operators().find(QStringLiteral("dana")));
        QVERIFY(!child<QSpinBox>(&panel, "responseTarget")->isEnabled()); // the lead's
        QVERIFY(QTest::qWaitForWindowActive(&panel));
        panel.view()->setFocus();
        panel.view()->setCurrentIndex(model.index(1, 0)); // the Bluesky complaint
        const qint64 bluesky = model.itemAt(1)->mentionId;
        QCOMPARE(bluesky, f.blueskyMention);
        // P: the conversation moved to a private channel, out of the queue.
        QTest::keyClick(panel.view(), Qt::Key_P);
        QVERIFY(QTest::qWaitFor([&] { return model.rowCount() == 2; }, 3000));
        QCOMPARE(f.wf->needsReply().size(), 2);
        {
            sql::Statement st = f.db.prepare("SELECT status FROM mentions WHERE id = ?");
            st.bind(1, bluesky);
            QCOMPARE(st.step(), SQLITE_ROW);
            QCOMPARE(st.text(0), QStringLiteral("moved-private"));
        } // a live statement would keep its read snapshot
        // Enter: answer the current one in the composer.
        QSignalSpy reply(&panel, &NeedsReplyPanel::replyRequested);
        panel.view()->setCurrentIndex(model.index(0, 0));
        QTest::keyClick(panel.view(), Qt::Key_Return);
        QCOMPARE(reply.size(), 1);
        QCOMPARE(reply.first().at(0).value<NeedsReplyItem>().mentionId, f.mastodonMention);
        // The lead moves the target.
        panel.setOperator(*f.wf->operators().find(QStringLiteral("lee")));
        auto *target = child<QSpinBox>(&panel, "responseTarget");
        QVERIFY(target->isEnabled());
        target->setValue(30);
        Q_EMIT target->editingFinished();
        QVERIFY(QTest::qWaitFor([&] { return model.targetMinutes() == 30; }, 3000));
        QCOMPARE(f.wf->responseTargetMinutes(), 30);
        QCOMPARE(panel.summary(), QStringLiteral("2 waiting, 2 over the 30 min target"));
    }

    void scheduleAndRetimeThroughTheApprovalPanel() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        f.wf->setClock([] { return QDateTime::currentDateTimeUtc(); });
        const qint64 later = f.replyIn(ReplyState::Approved);
        const qint64 due = f.replyIn(ReplyState::Approved);
        WorkflowService service(f.store.path(), nullptr);
        ApprovalQueueModel queue;
        ApprovalPanel panel(&service, &queue);
        panel.show();
        service.open();
        panel.setOperator(*f.wf->operators().find(QStringLiteral("sam")));
        auto *ready = child<QListWidget>(&panel, "readyList");
        QCOMPARE(ready->count(), 2);
        // Schedule the first for later: it stays in the list with its time; publish is off.
        const QDateTime at = QDateTime::currentDateTimeUtc().addSecs(3600);
        panel.setTimeProvider([&](const QString &) { return std::optional<QDateTime>(at); });
        for (int i = 0; i < ready->count(); ++i) {
            if (ready->item(i)->data(Qt::UserRole).toLongLong() == later)
                ready->setCurrentRow(i);
        }
        QTest::mouseClick(child<QPushButton>(&panel, "scheduleButton"), Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return f.wf->reply(later)->state == ReplyState::Scheduled; },
                                3000));
        QCOMPARE(f.wf->reply(later)->scheduledAt.toSecsSinceEpoch(), at.toSecsSinceEpoch());
        QVERIFY(QTest::qWaitFor(
            [&] { return ready->currentItem() && ready->currentItem()->text().contains(u" (at "); },
            3000));
        QVERIFY(!child<QPushButton>(&panel, "publishButton")->isEnabled());
        QCOMPARE(child<QPushButton>(&panel, "scheduleButton")->text(),
                 QStringLiteral("Re&schedule…"));

        // The other comes due during a pause: held in the queue until it gets a new time.
        QVERIFY(f.wf->schedule(f.spokes, due, QDateTime::currentDateTimeUtc().addMSecs(100)));
        QVERIFY(f.wf->pause(f.lead, QStringLiteral("legal review")));
        QTest::qWait(200);
        QList<qint64> held;
        QVERIFY(f.wf->resume(f.lead, &held));
        QCOMPARE(held, QList<qint64>{due});
        QMetaObject::invokeMethod(&service, &WorkflowService::refresh);
        QVERIFY(QTest::qWaitFor([&] { return queue.rowCount() == 1; }, 3000));
        auto *retime = child<QPushButton>(&panel, "rescheduleButton");
        QVERIFY(retime->isVisible() && retime->isEnabled());
        panel.resize(900, 600);
        screenshot(&panel, QStringLiteral("approval-held"));
        QVERIFY(child<QLabel>(&panel, "approvalWarnings")
                    ->text()
                    .startsWith(QStringLiteral("Came due during the publishing pause")));
        QTest::mouseClick(retime, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return !f.wf->reply(due)->held; }, 3000));
        QCOMPARE(f.wf->reply(due)->state, ReplyState::Scheduled);
        QCOMPARE(f.wf->reply(due)->scheduledAt.toSecsSinceEpoch(), at.toSecsSinceEpoch());
        QVERIFY(QTest::qWaitFor([&] { return queue.rowCount() == 0; }, 3000));
        QVERIFY(f.wf->verifyAudit().ok);
    }
};

QTEST_MAIN(TestComposer)
#include "tst_composer.moc"
