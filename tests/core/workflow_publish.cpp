#include "publish_rig.h"

#include "workflow/workflowservice.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;
using warroom::test::FakeSocialServer;
using warroom::test::PublishRig;
using warroom::test::WorkflowFixture;

// Publishing against a local fake Mastodon/Bluesky (127.0.0.1): the exact requests, one post
// even when the connection drops after the server stored it or the server goes silent, 429 and
// 500 handled with waits, 422 kept with the server's words, and the pause switch with gradual
// release through WorkflowService.
class TestWorkflowPublish : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void mastodonExactRequest() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        const qint64 id =
            rig.approved(QStringLiteral("Hi @snellbell, we are sorry about your bag. "
                                        "Please DM us the file number: https://example.com/bags"),
                         rig.f.mastodonMention);
        QVERIFY(id);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        const auto reqs = rig.server.requestsTo("/api/v1/statuses");
        QCOMPARE(reqs.size(), 1);
        const FakeSocialServer::Request &r = reqs.first();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.headers.value("authorization"), QByteArray("Bearer mastodon-test-token"));
        const Reply reply = *rig.f.wf->reply(id);
        QCOMPARE(QString::fromLatin1(r.headers.value("idempotency-key")), reply.idempotencyKey);
        QCOMPARE(reply.idempotencyKey.size(), 36); // a UUID, saved before sending
        const QJsonObject body = r.json();
        QCOMPARE(body.value(QStringLiteral("status")).toString(), reply.text);
        QCOMPARE(body.value(QStringLiteral("in_reply_to_id")).toString(),
                 QStringLiteral("109000000000000001"));
        QCOMPARE(body.value(QStringLiteral("language")).toString(), QStringLiteral("en"));
        QCOMPARE(reply.state, ReplyState::Published);
        QCOMPARE(reply.remoteId,
                 rig.server.statuses().first().value(QStringLiteral("id")).toString());
        QVERIFY(reply.publishedUrl.startsWith(rig.server.baseUrl().toString()));
        QCOMPARE(rig.server.statuses().size(), 1);
        // Published once: a second attempt is refused before any request.
        QString error;
        QVERIFY(!rig.publish(id, &error));
        QVERIFY(error.contains(QStringLiteral("published")));
        QCOMPARE(rig.server.requestsTo("/api/v1/statuses").size(), 1);
    }

    void unapprovedNeverReachesTheServer() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        const qint64 id = rig.f.draft(QStringLiteral("We are sorry, we will call you."));
        QVERIFY(rig.f.wf->submit(rig.f.drafter, id));
        QString error;
        QVERIFY(!rig.publish(id, &error));
        QVERIFY(error.contains(QStringLiteral("only an approved reply")));
        QVERIFY(rig.server.requests().isEmpty());
    }

    void droppedConnectionPostsExactlyOnce_data() {
        QTest::addColumn<int>("fault");
        QTest::newRow("dropped after the server stored it")
            << int(FakeSocialServer::Fault::DropAfterStoring);
        QTest::newRow("server silent until the client times out")
            << int(FakeSocialServer::Fault::Stall);
    }

    void droppedConnectionPostsExactlyOnce() {
        QFETCH(int, fault);
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.queueFault("/api/v1/statuses", FakeSocialServer::Fault(fault));
        const qint64 id =
            rig.approved(QStringLiteral("We are sorry about your bag; we will call you today."),
                         rig.f.mastodonMention);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        const auto reqs = rig.server.requestsTo("/api/v1/statuses");
        QVERIFY2(reqs.size() >= 2, "the client retried");
        for (const auto &r : reqs)
            QCOMPARE(r.headers.value("idempotency-key"),
                     reqs.first().headers.value("idempotency-key"));
        QCOMPARE(rig.server.statuses().size(), 1); // one post on the timeline
        const Reply reply = *rig.f.wf->reply(id);
        QCOMPARE(reply.state, ReplyState::Published);
        QCOMPARE(reply.remoteId,
                 rig.server.statuses().first().value(QStringLiteral("id")).toString());
    }

    void rateLimitedThenSuccess() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.setRateLimitWait(1);
        rig.server.queueFault("/api/v1/statuses", FakeSocialServer::Fault::Status429);
        const qint64 id = rig.approved(
            QStringLiteral("We are sorry; please DM us and we will help."), rig.f.mastodonMention);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        const auto reqs = rig.server.requestsTo("/api/v1/statuses");
        QCOMPARE(reqs.size(), 2);
        // Waited for the reset the server announced (1 s, at second resolution), not the 50 ms
        // backoff.
        QVERIFY2(reqs.at(0).at.msecsTo(reqs.at(1).at) >= 400,
                 qPrintable(QString::number(reqs.at(0).at.msecsTo(reqs.at(1).at))));
        QCOMPARE(rig.server.statuses().size(), 1);
    }

    void serverErrorThenSuccess() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.queueFault("/api/v1/statuses", FakeSocialServer::Fault::Status500);
        rig.server.queueFault("/api/v1/statuses", FakeSocialServer::Fault::Status500);
        const qint64 id = rig.approved(
            QStringLiteral("We are sorry; please DM us and we will help."), rig.f.mastodonMention);
        QSignalSpy retries(rig.publisher.get(), &Publisher::attemptFailed);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        QCOMPARE(retries.size(), 2);
        QVERIFY(retries.first().at(1).toString().contains(QStringLiteral("HTTP 500")));
        QCOMPARE(rig.server.requestsTo("/api/v1/statuses").size(), 3);
        QCOMPARE(rig.server.statuses().size(), 1);
    }

    void validationErrorIsKeptWithTheServersWords() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.queueFault("/api/v1/statuses", FakeSocialServer::Fault::Status422);
        const qint64 id = rig.approved(
            QStringLiteral("We are sorry about your bag. Please DM us the file number."),
            rig.f.mastodonMention);
        QString error;
        QVERIFY(!rig.publish(id, &error));
        QCOMPARE(error,
                 QStringLiteral("HTTP 422: Validation failed: Text has already been posted"));
        QCOMPARE(rig.server.requestsTo("/api/v1/statuses").size(), 1); // not retried
        const Reply r = *rig.f.wf->reply(id);
        QCOMPARE(r.state, ReplyState::Approved); // not lost, not published
        QVERIFY(r.lastError.contains(QStringLiteral("Validation failed")));
        QVERIFY(rig.f.wf->dueForRelease().isEmpty()); // a permanent error waits for a human
    }

    // The switch also stops a reply waiting between two tries: nothing is sent after it.
    void pauseStopsARetryInFlight() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.queueFault("/api/v1/statuses", FakeSocialServer::Fault::Status500);
        const qint64 id = rig.approved(
            QStringLiteral("We are sorry; please DM us and we will help."), rig.f.mastodonMention);
        rig.f.wf->setClock([] { return QDateTime::currentDateTimeUtc(); });
        WorkflowService service(rig.f.store.path(), rig.creds);
        PublisherOptions o;
        o.baseBackoffMs = 1200; // the retry waits 0.6-1.2 s
        service.setPublisherOptions(o);
        QSignalSpy failed(&service, &WorkflowService::publishFailed);
        service.open();
        service.publishNow(rig.f.spokes, id);
        QVERIFY(QTest::qWaitFor(
            [&] { return rig.server.requestsTo("/api/v1/statuses").size() == 1; }, 5000));
        QVERIFY(rig.f.wf->pause(rig.f.lead, QStringLiteral("legal checks every word")));
        QVERIFY(QTest::qWaitFor([&] { return failed.size() == 1; }, 5000));
        QCOMPARE(
            failed.first().at(1).toString(),
            QStringLiteral("not retried: publishing is paused by lee: legal checks every word"));
        QTest::qWait(300);
        QCOMPARE(rig.server.requestsTo("/api/v1/statuses").size(), 1);
        QVERIFY(rig.server.statuses().isEmpty());
        const Reply r = *rig.f.wf->reply(id);
        QCOMPARE(r.state, ReplyState::Approved);
        QVERIFY(r.lastError.startsWith(QStringLiteral("not retried: publishing is paused")));
        QVERIFY(rig.f.wf->dueForRelease().isEmpty()); // and nothing while paused
    }

    void blueskyReplyWithRkeyAndFacets() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.queueFault("/xrpc/com.atproto.repo.createRecord",
                              FakeSocialServer::Fault::DropAfterStoring);
        const QString text = QStringLiteral(
            "Pole sana 🙏 we are sorry. Track your bag: https://example.com/t #VX112");
        const qint64 id = rig.approved(text, rig.f.blueskyMention);
        QVERIFY(id);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        QCOMPARE(rig.server.requestsTo("/xrpc/com.atproto.server.createSession").size(), 1);
        const auto creates = rig.server.requestsTo("/xrpc/com.atproto.repo.createRecord");
        QCOMPARE(creates.size(), 2); // the drop, then a collision on our own rkey
        const Reply reply = *rig.f.wf->reply(id);
        QCOMPARE(reply.rkey.size(), 13);
        const QJsonObject body = creates.first().json();
        QCOMPARE(body.value(QStringLiteral("rkey")).toString(), reply.rkey);
        QCOMPARE(creates.at(1).json().value(QStringLiteral("rkey")).toString(), reply.rkey);
        QCOMPARE(body.value(QStringLiteral("repo")).toString(),
                 QString::fromLatin1(FakeSocialServer::kDid));
        const QJsonObject record = body.value(QStringLiteral("record")).toObject();
        QCOMPARE(record.value(QStringLiteral("text")).toString(), text);
        QCOMPARE(record.value(QStringLiteral("$type")).toString(),
                 QStringLiteral("app.bsky.feed.post"));
        const QJsonObject replyRef = record.value(QStringLiteral("reply")).toObject();
        QCOMPARE(replyRef.value(QStringLiteral("parent"))
                     .toObject()
                     .value(QStringLiteral("uri"))
                     .toString(),
                 QStringLiteral("at://did:plc:gianagon/app.bsky.feed.post/3kabc"));
        QCOMPARE(replyRef.value(QStringLiteral("parent"))
                     .toObject()
                     .value(QStringLiteral("cid"))
                     .toString(),
                 QStringLiteral("cid-3kabc"));
        QCOMPARE(replyRef.value(QStringLiteral("root")), replyRef.value(QStringLiteral("parent")));
        // Facets in UTF-8 bytes: the emoji before the link is 4 bytes, not 2 UTF-16 units.
        const QJsonArray facets = record.value(QStringLiteral("facets")).toArray();
        QCOMPARE(facets.size(), 2);
        const QJsonObject link = facets.at(0).toObject().value(QStringLiteral("index")).toObject();
        const QByteArray utf8 = text.toUtf8();
        const int start = link.value(QStringLiteral("byteStart")).toInt();
        const int end = link.value(QStringLiteral("byteEnd")).toInt();
        QCOMPARE(utf8.mid(start, end - start), QByteArray("https://example.com/t"));
        QCOMPARE(rig.server.blueskyPosts().size(), 1); // exactly one post
        QCOMPARE(reply.state, ReplyState::Published);
        QCOMPARE(reply.publishedUrl,
                 QStringLiteral("https://bsky.app/profile/%1/post/%2")
                     .arg(QLatin1StringView(FakeSocialServer::kDid), reply.rkey));
    }

    void pauseBlocksScheduledAndResumeReleasesGradually() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.f.wf->setClock([] { return QDateTime::currentDateTimeUtc(); });
        WorkflowService service(rig.f.store.path(), rig.creds);
        service.setReleaseIntervalMs(600);
        service.setTickMs(50);
        PublisherOptions o;
        o.baseBackoffMs = 50;
        service.setPublisherOptions(o);
        QSignalSpy opened(&service, &WorkflowService::opened);
        QSignalSpy published(&service, &WorkflowService::published);
        service.open();
        QCOMPARE(opened.size(), 1);
        QVERIFY(opened.first().at(0).toBool());

        // Three approved replies scheduled a moment from now, and the lead pauses before they go.
        QList<qint64> ids;
        for (int i = 0; i < 3; ++i) {
            const qint64 id = rig.approved(QStringLiteral("Update %1: we are sorry, bags are being "
                                                          "traced; DM us your file number.")
                                               .arg(i + 1),
                                           rig.f.mastodonMention);
            QVERIFY(rig.f.wf->schedule(rig.f.spokes, id,
                                       QDateTime::currentDateTimeUtc().addMSecs(300)));
            ids.append(id);
        }
        QVERIFY(rig.f.wf->pause(rig.f.lead, QStringLiteral("the CEO statement comes first")));
        QTest::qWait(1200); // all three came due while paused
        QVERIFY(rig.server.requests().isEmpty());
        QCOMPARE(published.size(), 0);

        // Resume: what came due is held, nothing is dumped.
        QSignalSpy held(&service, &WorkflowService::heldAfterPause);
        service.resumePublishing(rig.f.lead);
        QCOMPARE(held.size(), 1);
        QCOMPARE(held.first().at(0).value<QList<qint64>>().size(), 3);
        QTest::qWait(1000);
        QVERIFY(rig.server.requests().isEmpty());

        // Two are rescheduled to now: they go out one per release interval, not together.
        for (int i = 0; i < 2; ++i)
            QVERIFY(rig.f.wf->reschedule(rig.f.spokes, ids.at(i),
                                         QDateTime::currentDateTimeUtc().addMSecs(100)));
        QVERIFY(QTest::qWaitFor([&] { return published.size() == 2; }, 10000));
        const auto reqs = rig.server.requestsTo("/api/v1/statuses");
        QCOMPARE(reqs.size(), 2);
        const qint64 gap = reqs.at(0).at.msecsTo(reqs.at(1).at);
        QVERIFY2(gap >= 500, qPrintable(QStringLiteral("released %1 ms apart").arg(gap)));
        QCOMPARE(rig.f.wf->reply(ids.at(2))->state, ReplyState::Scheduled);
        QVERIFY(rig.f.wf->reply(ids.at(2))->held);
        QCOMPARE(rig.server.statuses().size(), 2);
        QVERIFY(rig.f.wf->verifyAudit().ok);
    }
};

QTEST_GUILESS_MAIN(TestWorkflowPublish)
#include "workflow_publish.moc"
