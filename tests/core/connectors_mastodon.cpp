// The Mastodon connector against a local server replaying recorded Mastodon.py cassettes and the
// recorded streaming events (mastodon/ in ../shared/data).
#include "common/connectormanager.h"
#include "mastodon/mastodonconnector.h"
#include "mastodon/mastodonstatus.h"
#include "recordedserver.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;
using warroom::test::RecordedRequest;
using warroom::test::RecordedResponse;
using warroom::test::RecordedServer;

namespace {

const QString kTag = QStringLiteral("fgiztsshwiaqqiztpmmjbtvmescsculuvmgjgopwoeidbcrixp");
const QString kTagPath = QStringLiteral("/api/v1/timelines/tag/") + kTag;

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

SourceConfig tagSource(const QString &instance, const QString &tag) {
    SourceConfig c;
    c.kind = QStringLiteral("mastodon");
    c.instances = {instance};
    c.hashtags = {tag};
    return c;
}

// The recorded tag timeline: no cursor -> the newest page (10 statuses, Link header);
// min_id=<its newest> -> the recorded empty answer.
void serveRecordedTag(RecordedServer &server) {
    const auto pages = RecordedServer::mastodonInteractions(
        QStringLiteral("test_pagination_iterator"), QStringLiteral("/timelines/tag/"));
    QVERIFY(pages.size() >= 5);
    const RecordedResponse newest = pages.at(0), empty = pages.at(4);
    server.route("GET", kTagPath, [newest, empty](const RecordedRequest &req) {
        return req.queryValue(QStringLiteral("min_id")).isEmpty() ? newest : empty;
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

class TstConnectorsMastodon : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hashtagTimelineRecordedPagesForward() {
        RecordedServer server;
        QVERIFY(server.listen());
        serveRecordedTag(server);
        QNetworkAccessManager nam;
        MastodonConnector c(tagSource(server.base(), kTag), server.base(), &nam);
        Sink sink;
        sink.attach(&c);
        bool ok = false;
        QString summary;
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY2(ok, qPrintable(summary));
        QCOMPARE(sink.mentions.size(), 10);
        QSet<QString> uris;
        for (const Mention &m : sink.mentions) {
            QCOMPARE(m.source, QStringLiteral("mastodon"));
            QVERIFY(m.sourceId.startsWith(u"http://localhost:3000/"));
            uris.insert(m.sourceId);
            QVERIFY(!m.text.isEmpty());
            QVERIFY(!m.text.contains(u'<'));
            QVERIFY(m.authorHandle.startsWith(u"mastodonpy_test"));
            QVERIFY(m.authorHandle.endsWith(u"@127.0.0.1")); // local account: instance added
            QVERIFY(m.createdAt.isValid() && !m.timeEstimated);
        }
        QCOMPARE(uris.size(), 10);
        // Oldest first inside the batch.
        QVERIFY(sink.mentions.first().createdAt <= sink.mentions.last().createdAt);
        // The cursor is the Link rel="prev" min_id of the recorded page.
        QVERIFY(sink.checkpoints.last().stateJson.contains("117020582251615632"));
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY(ok);
        QCOMPARE(sink.mentions.size(), 10);
        const auto reqs = server.requests(kTagPath);
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs.at(0).queryValue(QStringLiteral("limit")), QStringLiteral("40"));
        QVERIFY(reqs.at(0).queryValue(QStringLiteral("min_id")).isEmpty());
        QCOMPARE(reqs.at(1).queryValue(QStringLiteral("min_id")),
                 QStringLiteral("117020582251615632"));
        QVERIFY(!reqs.at(0).headers.contains("authorization")); // no token needed
    }

    void rateLimitWithoutRetryAfterWaitsForServerReset() {
        RecordedServer server;
        QVERIFY(server.listen());
        // The server's clock is an hour behind ours; the reset is 2 s after its "now".
        const QDateTime serverNow = QDateTime::currentDateTimeUtc().addSecs(-3600);
        RecordedResponse limited = RecordedResponse::json(R"({"error":"Too many requests"})", 429);
        limited
            .header(
                "Date",
                serverNow.toString(QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1())
            .header("X-RateLimit-Limit", "300")
            .header("X-RateLimit-Remaining", "0")
            .header("X-RateLimit-Reset",
                    serverNow.addSecs(2).toString(Qt::ISODateWithMs).toLatin1());
        const auto pages = RecordedServer::mastodonInteractions(
            QStringLiteral("test_pagination_iterator"), QStringLiteral("/timelines/tag/"));
        server.enqueue("GET", kTagPath, {limited, pages.at(0)});
        QNetworkAccessManager nam;
        MastodonConnector c(tagSource(server.base(), kTag), server.base(), &nam);
        c.setBackoff({50, 200}); // backoff alone would retry within 200 ms
        Sink sink;
        sink.attach(&c);
        c.start();
        QTRY_COMPARE_WITH_TIMEOUT(c.health().state, ConnectorState::BackingOff, 5000);
        const qint64 wait = QDateTime::currentDateTimeUtc().msecsTo(c.health().nextRetryAt);
        QVERIFY2(wait > 1200 && wait < 3000, qPrintable(QString::number(wait)));
        QVERIFY(c.health().lastError.contains(u"429"));
        // The rate-limit state is saved for a restart.
        QVERIFY(!sink.checkpoints.isEmpty() && sink.checkpoints.last().rateLimitReset > 0);
        QTRY_COMPARE_WITH_TIMEOUT(sink.mentions.size(), 10, 8000);
        QCOMPARE(server.requests(kTagPath).size(), 2);
        QCOMPARE(c.health().state, ConnectorState::Live);
        c.stop();
    }

    void sseStreamUpdatesEditsDeletesAndHeartbeats() {
        RecordedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", QStringLiteral("/api/v1/timelines/tag/orrin"),
                       {RecordedResponse::json("[]")});
        QFile f(test::sharedData(QStringLiteral("mastodon/mastodon_streaming_events.sse")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray wire = f.readAll();
        wire.replace("\n\nevent:", "\n\n:)\n\nevent:");
        RecordedResponse stream;
        stream.stream = true;
        stream.chunks << qMakePair(0, QByteArray(":)\n\n"));
        for (qsizetype i = 0; i < wire.size(); i += 1000)
            stream.chunks << qMakePair(5, wire.mid(i, 1000));
        stream.chunks << qMakePair(5, QByteArray("\n\n:)\n\n"));
        server.enqueue("GET", QStringLiteral("/api/v1/streaming/hashtag"), {stream});
        QNetworkAccessManager nam;
        SourceConfig cfg = tagSource(server.base(), QStringLiteral("orrin"));
        cfg.account = QStringLiteral("crisis-cell");
        MastodonConnector c(cfg, server.base(), &nam);
        c.setSecret(QStringLiteral("token-123"));
        Sink sink;
        sink.attach(&c);
        c.start();
        QTRY_COMPARE_WITH_TIMEOUT(c.streamEvents(), 26, 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(sink.changes.size() >= 10, 5000);
        const auto streamReqs = server.requests(QStringLiteral("/api/v1/streaming/hashtag"));
        QCOMPARE(streamReqs.size(), 1);
        QCOMPARE(streamReqs.first().queryValue(QStringLiteral("tag")), QStringLiteral("orrin"));
        QCOMPARE(streamReqs.first().headers.value("authorization"), QByteArray("Bearer token-123"));
        // 7 updates + 6 status.updates name 6 distinct statuses: each stored once.
        QCOMPARE(sink.mentions.size(), 6);
        int edits = 0, deletes = 0;
        QSet<QString> deleted;
        for (const MentionChange &ch : sink.changes) {
            if (ch.kind == MentionChange::Kind::Edited) {
                ++edits;
                QVERIFY(!ch.newText.contains(u'<'));
            } else {
                ++deletes;
                deleted.insert(ch.sourceId);
            }
        }
        QCOMPARE(edits, 6);
        // 6 deletes; 4 name a status seen on the stream (mapped from local id to uri), 2 an
        // unknown one (nothing stored to mark).
        QCOMPARE(deletes, 4);
        QCOMPARE(
            deleted,
            (QSet<QString>{
                QStringLiteral("https://mastodon.social/users/trwnh/statuses/108914398911648589"),
                QStringLiteral(
                    "https://mastodon.social/users/trwnh/statuses/108914430312582020")}));
        QCOMPARE(c.heartbeats(), 27); // leading + 25 between events + trailing
        QCOMPARE(c.health().state, ConnectorState::Live);
        c.stop();
    }

    void boostStoresTheOriginalOnce() {
        const auto reblogs = RecordedServer::mastodonInteractions(
            QStringLiteral("test_follow_with_notify_reblog"), QStringLiteral("/reblog"));
        QVERIFY(!reblogs.isEmpty());
        const QJsonObject wrapper = QJsonDocument::fromJson(reblogs.first().body).object();
        const QJsonObject original = wrapper.value(u"reblog").toObject();
        QVERIFY(!original.isEmpty());
        RecordedServer server;
        QVERIFY(server.listen());
        // Newest first: the boost, then the original itself.
        const QByteArray timeline =
            QJsonDocument(QJsonArray{wrapper, original}).toJson(QJsonDocument::Compact);
        server.enqueue("GET", QStringLiteral("/api/v1/timelines/tag/hoot"),
                       {RecordedResponse::json(timeline)});
        QNetworkAccessManager nam;
        MastodonConnector c(tagSource(server.base(), QStringLiteral("hoot")), server.base(), &nam);
        Sink sink;
        sink.attach(&c);
        QVERIFY(runOnce(&c));
        QCOMPARE(sink.mentions.size(), 1);
        QCOMPARE(sink.mentions.first().sourceId, original.value(u"uri").toString());
        QVERIFY(sink.mentions.first().reposts >= 1);
        const MastodonStatus s =
            mastodonStatus(wrapper, QStringLiteral("localhost"), QDateTime::currentDateTimeUtc());
        QVERIFY(s.isBoost);
        QCOMPARE(s.mention.sourceId, original.value(u"uri").toString());
    }

    void keywordSearchWithToken() {
        RecordedServer server;
        QVERIFY(server.listen());
        const auto search = RecordedServer::mastodonInteractions(
            QStringLiteral("test_entity_searchv2"), QStringLiteral("/api/v2/search"));
        QVERIFY(!search.isEmpty());
        server.enqueue("GET", QStringLiteral("/api/v2/search"), {search.first()});
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("mastodon");
        cfg.instances = {server.base()};
        cfg.keywords = {QStringLiteral("halcy")};
        cfg.account = QStringLiteral("crisis-cell");
        cfg.streaming = false;
        QVERIFY(cfg.validate().isEmpty());
        MastodonConnector c(cfg, server.base(), &nam);
        c.setSecret(QStringLiteral("tok"));
        Sink sink;
        sink.attach(&c);
        QVERIFY(runOnce(&c));
        QCOMPARE(sink.mentions.size(), 2);
        QCOMPARE(
            sink.mentions.last().sourceId,
            QStringLiteral("https://icosahedron.website/users/greg/statuses/116388148912635764"));
        const auto req = server.requests(QStringLiteral("/api/v2/search")).first();
        QCOMPARE(req.queryValue(QStringLiteral("type")), QStringLiteral("statuses"));
        QCOMPARE(req.queryValue(QStringLiteral("q")), QStringLiteral("halcy"));
        QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer tok"));
        QVERIFY(sink.mentions.first().authorFollowers >= 0); // real public accounts carry counts
    }

    void restartWithSqliteStoreHasNoDuplicates() {
        RecordedServer server;
        QVERIFY(server.listen());
        serveRecordedTag(server);
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY(writer.open(store.path(), &error));
        SourceConfig cfg = tagSource(server.base(), kTag);
        int inserted = 0, duplicates = 0;
        for (int run = 0; run < 2; ++run) {
            ConnectorManager manager(store.path());
            manager.setSources({cfg});
            connect(&manager, &ConnectorManager::batchAnalysed, this,
                    [&](const MentionBatch &b, const QList<MentionChange> &ch,
                        const ConnectorCheckpoint &cp) {
                        const WriteResult r = writer.write(b, ch, cp);
                        QVERIFY2(r.ok(), qPrintable(r.error));
                        inserted += r.inserted;
                        duplicates += r.duplicates;
                    });
            QSignalSpy done(&manager, &ConnectorManager::finished);
            manager.pollOnce();
            QVERIFY(done.wait(30'000));
        }
        QCOMPARE(inserted, 10);
        QCOMPARE(duplicates, 0);
        const auto reqs = server.requests(kTagPath);
        QCOMPARE(reqs.size(), 2);
        // The second process resumed from the cursor saved with the first batch.
        QCOMPARE(reqs.at(1).queryValue(QStringLiteral("min_id")),
                 QStringLiteral("117020582251615632"));
        MentionReader reader;
        QVERIFY(reader.open(store.path(), &error));
        QCOMPARE(reader.stats().sources.value(QStringLiteral("mastodon")), 10);
    }
};

QTEST_GUILESS_MAIN(TstConnectorsMastodon)
#include "connectors_mastodon.moc"
