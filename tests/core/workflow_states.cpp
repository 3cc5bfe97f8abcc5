#include "workflow_fixture.h"

#include "workflow/channellength.h"
#include "workflow/worddiff.h"

#include <QTest>

using namespace warroom;
using warroom::test::WorkflowFixture;

Q_DECLARE_METATYPE(warroom::ReplyState)

// The reply state machine through ReplyWorkflow, on a real store: every action from every state
// (allowed ones move and leave one audit event, forbidden ones change nothing), four eyes, PINs,
// roles, reasons, edits after approval, length limits, the pause switch.
class TestWorkflowStates : public QObject {
    Q_OBJECT

    enum Action {
        Edit,
        Submit,
        Approve,
        RequestChanges,
        Reject,
        Reopen,
        Withdraw,
        Schedule,
        Reschedule,
        Publish,
        MarkPosted,
        ActionCount
    };

    static const char *actionName(int a) {
        static const char *names[] = {"edit",       "submit",  "approve",    "request-changes",
                                      "reject",     "reopen",  "withdraw",   "schedule",
                                      "reschedule", "publish", "mark-posted"};
        return names[a];
    }

    // The expected state after `action` from `from`, or nullopt when it must be refused.
    static std::optional<ReplyState> expected(ReplyState from, int action) {
        using S = ReplyState;
        switch (action) {
        case Edit:
            switch (from) {
            case S::Draft:
                return S::Draft;
            case S::InReview:
                return S::InReview;
            case S::ChangesRequested:
                return S::Draft;
            case S::Approved:
            case S::Scheduled:
                return S::InReview;
            default:
                return std::nullopt;
            }
        case Submit:
            return from == S::Draft ? std::optional(S::InReview) : std::nullopt;
        case Approve:
            return from == S::InReview ? std::optional(S::Approved) : std::nullopt;
        case RequestChanges:
            return from == S::InReview ? std::optional(S::ChangesRequested) : std::nullopt;
        case Reject:
            return from == S::InReview ? std::optional(S::Rejected) : std::nullopt;
        case Reopen:
            return from == S::ChangesRequested ? std::optional(S::Draft) : std::nullopt;
        case Withdraw:
            return from == S::Published || from == S::Withdrawn ? std::nullopt
                                                                : std::optional(S::Withdrawn);
        case Schedule:
            return from == S::Approved ? std::optional(S::Scheduled) : std::nullopt;
        case Reschedule:
            return from == S::Scheduled ? std::optional(S::Scheduled) : std::nullopt;
        case Publish: // a ticket is handed out; the state moves when the server confirms
            return from == S::Approved ? std::optional(S::Approved) : std::nullopt;
        case MarkPosted:
            return from == S::Approved ? std::optional(S::Published) : std::nullopt;
        }
        return std::nullopt;
    }

private Q_SLOTS:
    void everyActionFromEveryState_data() {
        QTest::addColumn<ReplyState>("from");
        QTest::addColumn<int>("action");
        for (ReplyState s : allReplyStates()) {
            for (int a = 0; a < ActionCount; ++a)
                QTest::addRow("%s/%s", qPrintable(replyStateName(s)), actionName(a)) << s << a;
        }
    }

    void everyActionFromEveryState() {
        QFETCH(ReplyState, from);
        QFETCH(int, action);
        WorkflowFixture f;
        QVERIFY(f.setUp());
        const qint64 id = f.replyIn(from);
        QCOMPARE(f.state(id), from);
        const qsizetype eventsBefore = f.wf->events(id).size();
        const QString textBefore = f.wf->reply(id)->text;

        bool ok = false;
        QString error;
        switch (action) {
        case Edit: {
            const Outcome o =
                f.wf->edit(f.drafter, id, textBefore + QStringLiteral(" Flight VX 112."));
            ok = o.ok;
            error = o.error;
            break;
        }
        case Submit:
            ok = f.wf->submit(f.drafter, id).ok;
            break;
        case Approve:
            ok = f.wf->approve(f.spokes, QStringLiteral("4321"), id).ok;
            break;
        case RequestChanges:
            ok = f.wf->requestChanges(f.spokes, QStringLiteral("4321"), id,
                                      QStringLiteral("shorter"))
                     .ok;
            break;
        case Reject:
            ok = f.wf->reject(f.spokes, QStringLiteral("4321"), id, QStringLiteral("off message"))
                     .ok;
            break;
        case Reopen:
            ok = f.wf->reopen(f.drafter, id).ok;
            break;
        case Withdraw:
            ok = f.wf->withdraw(f.drafter, id, QStringLiteral("overtaken")).ok;
            break;
        case Schedule:
            ok = f.wf->schedule(f.spokes, id, f.clock.addSecs(3600)).ok;
            break;
        case Reschedule:
            ok = f.wf->reschedule(f.spokes, id, f.clock.addSecs(7200)).ok;
            break;
        case Publish:
            ok = f.wf->beginPublish(f.drafter, id, &error).has_value();
            break;
        case MarkPosted:
            ok =
                f.wf->markPosted(f.drafter, id, QStringLiteral("https://mastodon.example/@brand/9"))
                    .ok;
            break;
        }
        const std::optional<ReplyState> want = expected(from, action);
        QVERIFY2(ok == want.has_value(),
                 qPrintable(QStringLiteral("%1 from %2: ok=%3 (%4)")
                                .arg(QLatin1StringView(actionName(action)), replyStateName(from))
                                .arg(ok)
                                .arg(error)));
        const qsizetype eventsAfter = f.wf->events(id).size();
        if (want) {
            QCOMPARE(f.state(id), *want);
            QCOMPARE(eventsAfter, eventsBefore + (action == Publish ? 0 : 1));
            if (action != Publish)
                QCOMPARE(f.wf->events(id).last().action, QString::fromLatin1(actionName(action)));
        } else {
            QCOMPARE(f.state(id), from);
            QCOMPARE(eventsAfter, eventsBefore);
            QCOMPARE(f.wf->reply(id)->text, textBefore);
        }
        QVERIFY2(f.wf->verifyAudit().ok, qPrintable(f.wf->verifyAudit().problem));
    }

    void graphMatchesTheIssue() {
        using S = ReplyState;
        QVERIFY(isTransitionAllowed(S::Draft, S::InReview));
        QVERIFY(isTransitionAllowed(S::InReview, S::Approved));
        QVERIFY(isTransitionAllowed(S::Approved, S::Published));
        QVERIFY(isTransitionAllowed(S::Approved, S::Scheduled));
        QVERIFY(isTransitionAllowed(S::Scheduled, S::Published));
        QVERIFY(isTransitionAllowed(S::InReview, S::ChangesRequested));
        QVERIFY(isTransitionAllowed(S::ChangesRequested, S::Draft));
        QVERIFY(isTransitionAllowed(S::InReview, S::Rejected));
        QVERIFY(!isTransitionAllowed(S::Draft, S::Approved));
        QVERIFY(!isTransitionAllowed(S::Draft, S::Published));
        QVERIFY(!isTransitionAllowed(S::InReview, S::Published));
        QVERIFY(!isTransitionAllowed(S::Rejected, S::Draft));
        QVERIFY(!isTransitionAllowed(S::Published, S::Withdrawn));
        for (S s : allReplyStates())
            QCOMPARE(isTransitionAllowed(s, S::Withdrawn), s != S::Published && s != S::Withdrawn);
    }

    void fourEyes() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        // The spokesperson drafts: she may not approve her own words, however senior.
        const qint64 own =
            f.draft(QStringLiteral("We are sorry about your bag and will call you today."),
                    f.mastodonMention, f.spokes);
        QVERIFY(f.wf->submit(f.spokes, own));
        Outcome o = f.wf->approve(f.spokes, QStringLiteral("4321"), own);
        QVERIFY(!o);
        QVERIFY2(o.error.contains(QStringLiteral("four eyes")), qPrintable(o.error));
        QVERIFY(!f.wf->reject(f.spokes, QStringLiteral("4321"), own, QStringLiteral("hm")));
        QCOMPARE(f.state(own), ReplyState::InReview);
        // A lead who edited the text is an author too.
        QVERIFY(f.wf->edit(f.lead, own,
                           QStringLiteral("We are sorry about your bag; we will call you today.")));
        o = f.wf->approve(f.lead, QStringLiteral("9876"), own);
        QVERIFY(!o);
        QVERIFY2(o.error.contains(QStringLiteral("edited")), qPrintable(o.error));
        // A drafter is not a reviewer.
        QVERIFY(!f.wf->approve(f.drafter2, QStringLiteral("2222"), own));
        QCOMPARE(f.state(own), ReplyState::InReview);
        // Another spokesperson-level person: the lead who did not touch it, on a fresh reply.
        const qint64 other = f.replyIn(ReplyState::InReview);
        QVERIFY(f.wf->approve(f.lead, QStringLiteral("9876"), other));
        QCOMPARE(f.wf->reply(other)->approverName, QStringLiteral("lee"));
    }

    void pinIsCheckedAndNeverStoredPlain() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        const qint64 id = f.replyIn(ReplyState::InReview);
        Outcome o = f.wf->approve(f.spokes, QStringLiteral("1234"), id);
        QVERIFY(!o);
        QVERIFY(o.error.contains(QStringLiteral("wrong PIN")));
        QVERIFY(!f.wf->approve(f.spokes, QString(), id));
        QVERIFY(!f.wf->reject(f.spokes, QStringLiteral("0000"), id, QStringLiteral("no")));
        QCOMPARE(f.state(id), ReplyState::InReview);
        QVERIFY(f.wf->approve(f.spokes, QStringLiteral("4321"), id));

        // Stored as salted PBKDF2: never the PIN, and two equal PINs hash differently.
        qint64 twin = 0;
        QVERIFY(f.wf->operators().add(QStringLiteral("sam2"), Role::Spokesperson,
                                      QStringLiteral("4321"), &twin));
        sql::Statement st =
            f.db.prepare("SELECT pin_hash FROM operators WHERE name IN ('sam', 'sam2')");
        QStringList hashes;
        while (st.step() == SQLITE_ROW)
            hashes.append(st.text(0));
        QCOMPARE(hashes.size(), 2);
        QVERIFY(hashes.at(0).startsWith(QStringLiteral("pbkdf2-sha256$")));
        QVERIFY(!hashes.at(0).contains(QStringLiteral("4321")));
        QVERIFY(hashes.at(0) != hashes.at(1));
        // The app's cost (the fixture lowers it for speed; each hash records its own).
        QVERIFY(
            pin::hash(QStringLiteral("4321"), pin::newSalt()).startsWith("pbkdf2-sha256$60000$"));
        QVERIFY(pin::verify(QStringLiteral("4321"), "salt",
                            pin::hash(QStringLiteral("4321"), "salt", 60000)));
        // Someone without a PIN cannot approve at all.
        qint64 nopin = 0;
        QVERIFY(
            f.wf->operators().add(QStringLiteral("pat"), Role::Spokesperson, QString(), &nopin));
        const qint64 id2 = f.replyIn(ReplyState::InReview);
        o = f.wf->approve(nopin, QString(), id2);
        QVERIFY(!o);
        QVERIFY(o.error.contains(QStringLiteral("no PIN")));
    }

    void rolesAndReasons() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        DraftSpec spec;
        spec.mentionId = f.mastodonMention;
        spec.text = QStringLiteral("hello");
        qint64 id = 0;
        QVERIFY(!f.wf->createDraft(f.analyst, spec, &id)); // analysts do not write replies
        const qint64 r = f.replyIn(ReplyState::InReview);
        QVERIFY(!f.wf->reject(f.spokes, QStringLiteral("4321"), r, QStringLiteral("  ")));
        QVERIFY(!f.wf->requestChanges(f.spokes, QStringLiteral("4321"), r, QString()));
        QVERIFY(f.wf->requestChanges(f.spokes, QStringLiteral("4321"), r,
                                     QStringLiteral("Name the flight and give a time")));
        // The author sees why.
        QCOMPARE(f.wf->reply(r)->lastReason, QStringLiteral("Name the flight and give a time"));
        QCOMPARE(f.wf->events(r).last().reason, QStringLiteral("Name the flight and give a time"));
        // Someone else's draft is not dimitri's to submit or withdraw.
        QVERIFY(f.wf->reopen(f.drafter, r));
        QVERIFY(!f.wf->submit(f.drafter2, r));
        QVERIFY(!f.wf->withdraw(f.drafter2, r, QString()));
        // Only the lead pauses.
        QVERIFY(!f.wf->pause(f.spokes, QStringLiteral("legal review")));
        QVERIFY(!f.wf->pause(f.lead, QString()));
        QVERIFY(f.wf->pause(f.lead, QStringLiteral("legal review")));
    }

    void replyGoesToTheMentionsChannel() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        QCOMPARE(f.wf->reply(f.draft(QStringLiteral("a"), f.mastodonMention))->channel,
                 QStringLiteral("mastodon"));
        QCOMPARE(f.wf->reply(f.draft(QStringLiteral("b"), f.blueskyMention))->channel,
                 QStringLiteral("bluesky"));
        const qint64 tw =
            f.draft(QStringLiteral("We are sorry. Please DM us your booking."), f.twitterMention);
        QCOMPARE(f.wf->reply(tw)->channel, QStringLiteral("twitter"));
        // Twitter is not a channel we post to: approved, it is copied and marked as posted.
        QVERIFY(f.wf->submit(f.drafter, tw));
        QVERIFY(f.wf->approve(f.spokes, QStringLiteral("4321"), tw));
        QString error;
        QVERIFY(!f.wf->beginPublish(f.drafter, tw, &error));
        QVERIFY2(error.contains(QStringLiteral("mark it as posted")), qPrintable(error));
        QVERIFY(!f.wf->markPosted(f.drafter, tw, QStringLiteral("javascript:alert(1)")));
        QVERIFY(
            f.wf->markPosted(f.drafter, tw, QStringLiteral("https://twitter.com/brand/status/1")));
        const Reply r = *f.wf->reply(tw);
        QCOMPARE(r.state, ReplyState::Published);
        QCOMPARE(r.publishedUrl, QStringLiteral("https://twitter.com/brand/status/1"));
        // The mention is answered and the queue no longer lists it.
        for (const NeedsReplyItem &i : f.wf->needsReply())
            QVERIFY(i.mentionId != f.twitterMention);
        sql::Statement st = f.db.prepare("SELECT status FROM mentions WHERE id = ?");
        st.bind(1, f.twitterMention);
        QCOMPARE(st.step(), SQLITE_ROW);
        QCOMPARE(st.text(0), QStringLiteral("answered"));
        sql::Statement rt = f.db.prepare("SELECT response_ms FROM replies WHERE id = ?");
        rt.bind(1, tw);
        QCOMPARE(rt.step(), SQLITE_ROW);
        QCOMPARE(rt.int64(0), qint64(3600) * 1000); // mention an hour old at publication
    }

    void editAfterApprovalGoesBackToReviewWithADiff() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        const qint64 id = f.replyIn(ReplyState::Scheduled);
        const QString approved = f.wf->reply(id)->text;
        const QString edited =
            QString(approved).replace(QStringLiteral("today"), QStringLiteral("within 2 hours"));
        QVERIFY(f.wf->edit(f.drafter, id, edited));
        const Reply r = *f.wf->reply(id);
        QCOMPARE(r.state, ReplyState::InReview);
        QCOMPARE(r.approverId, 0);
        QVERIFY(!r.scheduledAt.isValid());
        QCOMPARE(r.baseText, approved);
        const QString diff = WordDiff::toPlain(WordDiff::diff(r.baseText, r.text));
        QVERIFY2(diff.contains(QStringLiteral("[-today-]{+within 2 hours+}")), qPrintable(diff));
        // Not publishable until approved again.
        QString error;
        QVERIFY(!f.wf->beginPublish(f.drafter, id, &error));
        QVERIFY(f.wf->approve(f.spokes, QStringLiteral("4321"), id));
        QVERIFY(f.wf->beginPublish(f.drafter, id, &error));
    }

    void overLengthBlocksSubmission() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        // 301 graphemes on Bluesky: ten family emoji (7 code points, 25 UTF-8 bytes each) and text.
        const QString family = QStringLiteral("👨‍👩‍👧‍👦");
        QString text = QStringLiteral("Sorry about this ");
        for (int i = 0; i < 10; ++i)
            text += family;
        while (ChannelLength::graphemes(text) < 301)
            text += u'x';
        const qint64 id = f.draft(text, f.blueskyMention);
        const Outcome o = f.wf->submit(f.drafter, id);
        QVERIFY(!o);
        QVERIFY2(o.error.contains(QStringLiteral("301 of 300")), qPrintable(o.error));
        text.chop(1);
        QVERIFY(f.wf->edit(f.drafter, id, text));
        QVERIFY(f.wf->submit(f.drafter, id)); // 300 fits
    }

    void pauseHoldsWhatCameDueAndReleasesNothingByItself() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        const qint64 a = f.replyIn(ReplyState::Scheduled); // due in 10 min
        const qint64 b = f.replyIn(ReplyState::Scheduled);
        QVERIFY(f.wf->reschedule(f.spokes, b, f.clock.addSecs(3 * 3600))); // due in 3 h
        const qint64 c = f.replyIn(ReplyState::Approved);
        QVERIFY(f.wf->pause(f.lead, QStringLiteral("the CEO speaks at noon")));
        QVERIFY(f.wf->pauseState().paused);
        QCOMPARE(f.wf->pauseState().by, QStringLiteral("lee"));
        f.clock = f.clock.addSecs(1800); // a came due during the pause
        QVERIFY(f.wf->dueForRelease().isEmpty());
        QString error;
        QVERIFY(!f.wf->beginPublish(0, a, &error));
        QVERIFY(error.contains(QStringLiteral("paused")));
        QVERIFY(!f.wf->beginPublish(f.drafter, c, &error)); // nothing goes out at all
        QList<qint64> held;
        QVERIFY(f.wf->resume(f.lead, &held));
        QCOMPARE(held, QList<qint64>{a});
        QVERIFY(f.wf->reply(a)->held);
        QVERIFY(!f.wf->reply(b)->held);
        // Held: not released, not publishable, until a human decides again.
        QVERIFY(f.wf->dueForRelease().isEmpty());
        QVERIFY(!f.wf->beginPublish(0, a, &error));
        QVERIFY(error.contains(QStringLiteral("re-approve")));
        QVERIFY(f.wf->approve(f.lead, QStringLiteral("9876"), a)); // re-approval, four eyes kept
        QCOMPARE(f.state(a), ReplyState::Approved);
        const std::optional<PublishTicket> t = f.wf->beginPublish(f.drafter, a, &error);
        QVERIFY(t);
        QVERIFY(f.wf->completePublish(*t, f.drafter, QStringLiteral("110"), QString()));
        f.clock = f.clock.addSecs(3 * 3600);
        QCOMPARE(f.wf->dueForRelease(), QList<qint64>{b});
        QVERIFY(f.wf->verifyAudit().ok);
    }

    // A scheduled reply whose try failed for good (e.g. 422) and was then given a new time goes
    // out at that time, not never.
    void rescheduleAfterAFailedTryReleasesAtTheNewTime() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        const qint64 id = f.replyIn(ReplyState::Scheduled);
        f.clock = f.clock.addSecs(601);
        QCOMPARE(f.wf->dueForRelease(), QList<qint64>{id});
        QString error;
        const std::optional<PublishTicket> t = f.wf->beginPublish(0, id, &error);
        QVERIFY(t);
        QVERIFY(f.wf->failPublish(*t, QStringLiteral("HTTP 422: Validation failed"), QDateTime()));
        QVERIFY(f.wf->dueForRelease().isEmpty()); // a human decides
        QVERIFY(f.wf->reschedule(f.spokes, id, f.clock.addSecs(300)));
        QVERIFY(f.wf->dueForRelease().isEmpty());
        f.clock = f.clock.addSecs(301);
        QCOMPARE(f.wf->dueForRelease(), QList<qint64>{id});
        QVERIFY(f.wf->beginPublish(0, id, &error));
    }

    void needsReplyQueueAndPrivateChannel() {
        WorkflowFixture f;
        QVERIFY(f.setUp());
        QCOMPARE(f.wf->needsReply().size(), 3);
        QCOMPARE(f.wf->responseTargetMinutes(), 60);
        QVERIFY(!f.wf->setResponseTargetMinutes(f.drafter, 30));
        QVERIFY(f.wf->setResponseTargetMinutes(f.lead, 30));
        QCOMPARE(f.wf->responseTargetMinutes(), 30);
        QVERIFY(f.wf->setMentionStatus(f.drafter, f.blueskyMention, MentionStatus::MovedPrivate));
        const QList<NeedsReplyItem> items = f.wf->needsReply();
        QCOMPARE(items.size(), 2);
        for (const NeedsReplyItem &i : items)
            QVERIFY(i.mentionId != f.blueskyMention);
        const qint64 d =
            f.draft(QStringLiteral("Sorry! We will look into it today."), f.mastodonMention);
        QVERIFY(d > 0);
        QCOMPARE(f.wf->needsReply().first().replyState, QStringLiteral("draft"));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowStates)
#include "workflow_states.moc"
