// The Bluesky connector against a local XRPC server serving the recorded atproto.dart payloads
// (bluesky/ in ../shared/data) and a local Jetstream (WebSocket) server.
#include "bluesky/blueskyconnector.h"
#include "bluesky/blueskypost.h"
#include "recordedserver.h"
#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace warroom;
using warroom::test::RecordedRequest;
using warroom::test::RecordedResponse;
using warroom::test::RecordedServer;
using warroom::test::RecordedWebSocketServer;

namespace {

QJsonObject recorded(const QString &relative) {
    QFile f(test::sharedData(QStringLiteral("bluesky/") + relative));
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

QByteArray compact(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

struct Sink {
    MentionBatch mentions;
    QList<MentionChange> changes;
    QList<ConnectorCheckpoint> checkpoints;
    void attach(Connector *c) {
        QObject::connect(c, &Connector::batchReady, c,
                         [this](const MentionBatch &b, const QList<MentionChange> &ch,
                                const ConnectorCheckpoint &cp) {
                             mentions += b;
                             changes += ch;
                             checkpoints << cp;
                         });
    }
};

SourceConfig source(const QString &service, const QStringList &keywords) {
    SourceConfig c;
    c.kind = QStringLiteral("bluesky");
    c.keywords = keywords;
    c.account = QStringLiteral("crisis.example.com");
    c.service = service;
    c.streamUrl = QStringLiteral("off");
    return c;
}

void serveSession(RecordedServer &server, int *created, int *refreshed) {
    server.route(
        "POST", QStringLiteral("/xrpc/com.atproto.server.createSession"),
        [created](const RecordedRequest &req) {
            ++*created;
            const QJsonObject body = QJsonDocument::fromJson(req.body).object();
            if (body.value(u"password").toString() != u"app-pass-1234")
                return RecordedResponse::json(R"({"error":"AuthenticationRequired"})", 401);
            return RecordedResponse::json(
                R"({"accessJwt":"access-1","refreshJwt":"refresh-1","did":"did:plc:crisis","handle":"crisis.example.com"})");
        });
    server.route(
        "POST", QStringLiteral("/xrpc/com.atproto.server.refreshSession"),
        [refreshed](const RecordedRequest &req) {
            ++*refreshed;
            if (req.headers.value("authorization") != "Bearer refresh-1")
                return RecordedResponse::json(R"({"error":"ExpiredToken"})", 400);
            return RecordedResponse::json(
                R"({"accessJwt":"access-2","refreshJwt":"refresh-2","did":"did:plc:crisis"})");
        });
}

bool runOnce(Connector *c, bool *ok = nullptr, QString *summary = nullptr) {
    QSignalSpy spy(c, &Connector::onceFinished);
    c->pollOnce();
    if (!spy.wait(15'000))
        return false;
    if (ok)
        *ok = spy.first().at(0).toBool();
    if (summary)
        *summary = spy.first().at(1).toString();
    return true;
}

} // namespace

class TstConnectorsBluesky : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordedSearchPostsAndProfiles() {
        RecordedServer server;
        QVERIFY(server.listen());
        int created = 0, refreshed = 0;
        serveSession(server, &created, &refreshed);
        const QJsonObject search = recorded(QStringLiteral("app/bsky/feed/searchPosts.json"));
        server.route("GET", QStringLiteral("/xrpc/app.bsky.feed.searchPosts"),
                     [search](const RecordedRequest &req) {
                         if (req.headers.value("authorization") != "Bearer access-1")
                             return RecordedResponse::json(R"({"error":"AuthMissing"})", 401);
                         return RecordedResponse::json(compact(search))
                             .header("RateLimit-Limit", "3000")
                             .header("RateLimit-Remaining", "2999")
                             .header("RateLimit-Reset",
                                     QByteArray::number(QDateTime::currentSecsSinceEpoch() + 300));
                     });
        // Recorded profile of another account: this author stays without a count.
        server.enqueue("GET", QStringLiteral("/xrpc/app.bsky.actor.getProfiles"),
                       {RecordedResponse::json(
                           compact(recorded(QStringLiteral("app/bsky/actor/getProfiles.json"))))});
        QNetworkAccessManager nam;
        BlueskyConnector c(source(server.base(), {QStringLiteral("samsung")}), &nam);
        c.setSecret(QStringLiteral("app-pass-1234"));
        Sink sink;
        sink.attach(&c);
        bool ok = false;
        QString summary;
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY2(ok, qPrintable(summary));
        QCOMPARE(sink.mentions.size(), 1);
        const Mention m = sink.mentions.first();
        QCOMPARE(m.sourceId,
                 QStringLiteral(
                     "at://did:plc:d3zpokjdspr22chfrc427eis/app.bsky.feed.post/3ju4p6u2i3a2g"));
        QCOMPARE(m.authorHandle, QStringLiteral("luy.gay"));
        QCOMPARE(m.url, QStringLiteral("https://bsky.app/profile/luy.gay/post/3ju4p6u2i3a2g"));
        QCOMPARE(m.createdAt, QDateTime::fromString(QStringLiteral("2023-04-24T13:50:20.078Z"),
                                                    Qt::ISODateWithMs));
        QVERIFY(m.text.startsWith(u"eu queria um fone de ouvido com fio"));
        QCOMPARE(created, 1);
        const auto req = server.requests(QStringLiteral("/xrpc/app.bsky.feed.searchPosts")).first();
        QCOMPARE(req.queryValue(QStringLiteral("sort")), QStringLiteral("latest"));
        QCOMPARE(req.queryValue(QStringLiteral("q")), QStringLiteral("samsung"));
        const auto prof = server.requests(QStringLiteral("/xrpc/app.bsky.actor.getProfiles"));
        QCOMPARE(prof.size(), 1);
        QCOMPARE(prof.first().queryValue(QStringLiteral("actors")),
                 QStringLiteral("did:plc:d3zpokjdspr22chfrc427eis"));
        // Next poll asks only for what is newer than the newest indexedAt.
        QVERIFY(runOnce(&c, &ok));
        const auto reqs = server.requests(QStringLiteral("/xrpc/app.bsky.feed.searchPosts"));
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs.at(1).queryValue(QStringLiteral("since")),
                 QStringLiteral("2023-04-24T13:50:20.078Z"));
        QCOMPARE(created, 1); // the session is kept
        QCOMPARE(sink.mentions.size(), 1);
    }

    void followerCountsFromGetProfilesInChunksOf25() {
        RecordedServer server;
        QVERIFY(server.listen());
        int created = 0, refreshed = 0;
        serveSession(server, &created, &refreshed);
        // Recorded author feed (25 real postViews, 3 authors) served as search results.
        QJsonArray posts;
        for (const QJsonValue &v :
             recorded(QStringLiteral("app/bsky/feed/getAuthorFeed.json")).value(u"feed").toArray())
            posts.append(v.toObject().value(u"post"));
        server.enqueue(
            "GET", QStringLiteral("/xrpc/app.bsky.feed.searchPosts"),
            {RecordedResponse::json(compact(QJsonObject{{QStringLiteral("posts"), posts}}))});
        server.enqueue("GET", QStringLiteral("/xrpc/app.bsky.actor.getProfiles"),
                       {RecordedResponse::json(
                           compact(recorded(QStringLiteral("app/bsky/actor/getProfiles.json"))))});
        QNetworkAccessManager nam;
        BlueskyConnector c(source(server.base(), {QStringLiteral("dart")}), &nam);
        c.setSecret(QStringLiteral("app-pass-1234"));
        Sink sink;
        sink.attach(&c);
        QVERIFY(runOnce(&c));
        QCOMPARE(sink.mentions.size(), 25);
        int withCount = 0;
        for (const Mention &m : sink.mentions)
            if (m.authorFollowers == 4945)
                ++withCount;
        QCOMPARE(withCount, 23); // shinyakato.dev's posts; recorded profile followersCount 4945
        const auto prof = server.requests(QStringLiteral("/xrpc/app.bsky.actor.getProfiles"));
        QCOMPARE(prof.size(), 1);
        QCOMPARE(QUrlQuery(prof.first().query).allQueryItemValues(QStringLiteral("actors")).size(),
                 3);
    }

    void expiredTokenRefreshesNeverRecreatesInALoop() {
        RecordedServer server;
        QVERIFY(server.listen());
        int created = 0, refreshed = 0;
        serveSession(server, &created, &refreshed);
        const QJsonObject search = recorded(QStringLiteral("app/bsky/feed/searchPosts.json"));
        server.route("GET", QStringLiteral("/xrpc/app.bsky.feed.searchPosts"),
                     [search](const RecordedRequest &req) {
                         if (req.headers.value("authorization") == "Bearer access-1")
                             return RecordedResponse::json(
                                 R"({"error":"ExpiredToken","message":"Token has expired"})", 400);
                         return RecordedResponse::json(compact(search));
                     });
        server.enqueue("GET", QStringLiteral("/xrpc/app.bsky.actor.getProfiles"),
                       {RecordedResponse::json(R"({"profiles":[]})")});
        QNetworkAccessManager nam;
        BlueskyConnector c(source(server.base(), {QStringLiteral("samsung")}), &nam);
        c.setSecret(QStringLiteral("app-pass-1234"));
        Sink sink;
        sink.attach(&c);
        bool ok = false;
        QString summary;
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY2(ok, qPrintable(summary));
        QCOMPARE(created, 1);
        QCOMPARE(refreshed, 1);
        QCOMPARE(sink.mentions.size(), 1);

        // A wrong app password: one createSession, then the connector fails and says why —
        // polling again does not sign in again within the minute.
        BlueskyConnector bad(source(server.base(), {QStringLiteral("samsung")}), &nam);
        bad.setSecret(QStringLiteral("wrong"));
        created = 0;
        QVERIFY(runOnce(&bad, &ok, &summary));
        QVERIFY(!ok);
        QVERIFY2(summary.contains(u"refused the handle or app password"), qPrintable(summary));
        QVERIFY(runOnce(&bad, &ok, &summary));
        QVERIFY(!ok);
        QCOMPARE(created, 1);
    }

    void noAppPasswordSaysWhy() {
        QNetworkAccessManager nam;
        BlueskyConnector c(source(QStringLiteral("http://127.0.0.1:9"), {QStringLiteral("x")}),
                           &nam);
        c.setSecret(QString(), QStringLiteral("No system keychain is available"));
        bool ok = true;
        QString summary;
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY(!ok);
        QVERIFY2(summary.contains(u"No system keychain"), qPrintable(summary));
    }

    void jetstreamMatchesKeywordsAndResumes() {
        // Recorded app.bsky.feed.post records (com.atproto.repo.listRecords), wrapped in the
        // Jetstream commit envelope (the wrapper is synthetic; the records are real).
        const QJsonArray records = recorded(QStringLiteral("com/atproto/repo/listRecords.json"))
                                       .value(u"records")
                                       .toArray();
        QCOMPARE(records.size(), 50);
        QList<QByteArray> messages;
        qint64 timeUs = 1'700'000'000'000'000;
        int expected = 0;
        QString firstMatch;
        for (const QJsonValue &v : records) {
            const QJsonObject r = v.toObject();
            const QStringList parts = r.value(u"uri").toString().mid(5).split(u'/');
            const QJsonObject msg{
                {QStringLiteral("did"), parts.at(0)},
                {QStringLiteral("time_us"), double(timeUs += 1000)},
                {QStringLiteral("kind"), QStringLiteral("commit")},
                {QStringLiteral("commit"),
                 QJsonObject{{QStringLiteral("operation"), QStringLiteral("create")},
                             {QStringLiteral("collection"), QStringLiteral("app.bsky.feed.post")},
                             {QStringLiteral("rkey"), parts.at(2)},
                             {QStringLiteral("cid"), r.value(u"cid")},
                             {QStringLiteral("record"), r.value(u"value")}}}};
            messages << compact(msg);
            if (r.value(u"value").toObject().value(u"text").toString().contains(
                    u"the", Qt::CaseInsensitive)) {
                ++expected;
                if (firstMatch.isEmpty())
                    firstMatch = r.value(u"uri").toString();
            }
        }
        QVERIFY(expected > 3 && expected < 50);
        // A delete of a matched post, and an identity event that is not a post.
        const QStringList fp = firstMatch.mid(5).split(u'/');
        messages << compact(QJsonObject{
            {QStringLiteral("did"), fp.at(0)},
            {QStringLiteral("time_us"), double(timeUs += 1000)},
            {QStringLiteral("kind"), QStringLiteral("commit")},
            {QStringLiteral("commit"),
             QJsonObject{{QStringLiteral("operation"), QStringLiteral("delete")},
                         {QStringLiteral("collection"), QStringLiteral("app.bsky.feed.post")},
                         {QStringLiteral("rkey"), fp.at(2)}}}});
        messages << QByteArray(
            R"({"did":"did:plc:x","time_us":1,"kind":"identity","identity":{}})");
        RecordedWebSocketServer ws;
        QVERIFY(ws.listen());
        ws.setMessages(messages, true);
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("bluesky");
        cfg.keywords = {QStringLiteral("the")};
        cfg.streamUrl = ws.url().toString();
        QVERIFY(cfg.validate().isEmpty()); // stream only: no account needed
        BlueskyConnector c(cfg, &nam);
        c.setBackoff({100, 300});
        Sink sink;
        sink.attach(&c);
        c.start();
        QTRY_COMPARE_WITH_TIMEOUT(sink.mentions.size(), expected, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(sink.changes.size(), 1, 5000);
        QCOMPARE(sink.changes.first().kind, MentionChange::Kind::Deleted);
        QCOMPARE(sink.changes.first().sourceId, firstMatch);
        QVERIFY(sink.mentions.first().sourceId.startsWith(u"at://did:plc:"));
        QCOMPARE(c.jetstreamCursor(), timeUs);
        QVERIFY(sink.checkpoints.last().stateJson.contains(QByteArray::number(timeUs)));
        // The server closed the socket: the connector reconnects from the cursor minus 5 s
        // and, although the same messages come again, hands on nothing twice.
        ws.setMessages(messages, false);
        QTRY_COMPARE_WITH_TIMEOUT(ws.connections().size(), 2, 10'000);
        const QUrlQuery q(ws.connections().at(1).query());
        QCOMPARE(q.queryItemValue(QStringLiteral("cursor")).toLongLong(),
                 timeUs - BlueskyConnector::kResumeOverlapUs);
        QCOMPARE(q.queryItemValue(QStringLiteral("wantedCollections")),
                 QStringLiteral("app.bsky.feed.post"));
        QTest::qWait(800);
        QCOMPARE(sink.mentions.size(), expected);
        c.stop();
    }
};

QTEST_GUILESS_MAIN(TstConnectorsBluesky)
#include "connectors_bluesky.moc"
