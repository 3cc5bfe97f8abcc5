// The Hacker News connector against a local Algolia stand-in. No recorded Algolia payload exists
// in ../shared/data, so the hits below are synthetic, in the documented search_by_date shape.
#include "hackernews/hnconnector.h"
#include "recordedserver.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;
using warroom::test::RecordedRequest;
using warroom::test::RecordedResponse;
using warroom::test::RecordedServer;

static const QByteArray kPage1 =
    "{\"hits\":[\n"
    "{\"objectID\":\"43000002\",\"created_at_i\":1773490000,\"author\":\"pg_fan\",\"comment_text\":"
    "\"<p>The Orrin lid <script>alert(1)</script>is a known hinge issue. <a "
    "href=\\\"javascript:alert(2)\\\">see</a> <a "
    "href=\\\"https://orrin.example/recall\\\">recall</a></p>\",\"story_title\":\"Orrin recalls "
    "kettle\",\"points\":null,\"num_comments\":null,\"parent_id\":43000001},\n"
    "{\"objectID\":\"43000001\",\"created_at_i\":1773489000,\"author\":\"newsbot\",\"title\":"
    "\"Orrin recalls Aurora "
    "kettle\",\"url\":\"https://news.example/"
    "orrin-recall\",\"story_text\":null,\"points\":42,\"num_comments\":17}\n"
    "],\"nbPages\":1,\"page\":0}\n";

class TstConnectorsHn : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void searchByDateForwardAndInertHtml() {
        RecordedServer server;
        QVERIFY(server.listen());
        server.route("GET", QStringLiteral("/api/v1/search_by_date"),
                     [](const RecordedRequest &req) {
                         if (req.queryValue(QStringLiteral("numericFilters")).isEmpty())
                             return RecordedResponse::json(kPage1);
                         return RecordedResponse::json(R"({"hits":[],"nbPages":0,"page":0})");
                     });
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("hn");
        cfg.keywords = {QStringLiteral("orrin")};
        cfg.service = server.base();
        HnConnector c(cfg, &nam);
        MentionBatch got;
        connect(&c, &Connector::batchReady, this,
                [&got](const MentionBatch &b, const QList<MentionChange> &,
                       const ConnectorCheckpoint &) { got += b; });
        QSignalSpy spy(&c, &Connector::onceFinished);
        c.pollOnce();
        QVERIFY(spy.wait(10'000));
        QVERIFY(spy.first().at(0).toBool());
        QCOMPARE(got.size(), 2);
        const Mention story = got.at(0), comment = got.at(1); // oldest first
        QCOMPARE(story.sourceId, QStringLiteral("43000001"));
        QCOMPARE(story.source, QStringLiteral("hn"));
        QCOMPARE(story.title, QStringLiteral("Orrin recalls Aurora kettle"));
        QCOMPARE(story.likes, 42);
        QCOMPARE(story.replies, 17);
        QCOMPARE(story.url, QStringLiteral("https://news.ycombinator.com/item?id=43000001"));
        QCOMPARE(comment.createdAt, QDateTime::fromSecsSinceEpoch(1773490000, Qt::UTC));
        QCOMPARE(comment.inReplyTo, QStringLiteral("43000001"));
        QVERIFY(comment.text.contains(u"is a known hinge issue"));
        QVERIFY(!comment.text.contains(u"alert"));
        QVERIFY(!comment.text.contains(u'<'));
        QVERIFY(!comment.text.contains(u"javascript:"));

        spy.clear();
        c.pollOnce();
        QVERIFY(spy.wait(10'000));
        const auto reqs = server.requests(QStringLiteral("/api/v1/search_by_date"));
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs.at(0).queryValue(QStringLiteral("tags")), QStringLiteral("(story,comment)"));
        QCOMPARE(reqs.at(1).queryValue(QStringLiteral("numericFilters")),
                 QStringLiteral("created_at_i>=1773490000"));
        QCOMPARE(got.size(), 2);
    }

    void tooManyRequestsBacksOff() {
        RecordedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", QStringLiteral("/api/v1/search_by_date"),
                       {RecordedResponse::json("{}", 429).header("Retry-After", "1"),
                        RecordedResponse::json(kPage1)});
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("hn");
        cfg.keywords = {QStringLiteral("orrin")};
        cfg.service = server.base();
        HnConnector c(cfg, &nam);
        c.setBackoff({20, 50});
        MentionBatch got;
        connect(&c, &Connector::batchReady, this,
                [&got](const MentionBatch &b, const QList<MentionChange> &,
                       const ConnectorCheckpoint &) { got += b; });
        QElapsedTimer t;
        t.start();
        c.start();
        QTRY_COMPARE_WITH_TIMEOUT(c.health().state, ConnectorState::BackingOff, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(got.size(), 2, 5000);
        QVERIFY2(t.elapsed() >= 900, "Retry-After: 1 was not respected");
        c.stop();
    }
};

QTEST_GUILESS_MAIN(TstConnectorsHn)
#include "connectors_hn.moc"
