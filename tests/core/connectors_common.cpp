// Shared connector machinery: rate-limit headers, backoff, SSE parsing of the recorded Mastodon
// stream, bounded HTTP (oversize, truncated, timeout, redirects), credentials without a keychain.
#include "common/backoff.h"
#include "common/connectormanager.h"
#include "common/credentials.h"
#include "common/httpfetch.h"
#include "common/ratelimit.h"
#include "common/sourceconfig.h"
#include "mastodon/sseparser.h"
#include "recordedserver.h"
#include "testdata.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;
using warroom::test::RecordedResponse;
using warroom::test::RecordedServer;

class TstConnectorsCommon : public QObject {
    Q_OBJECT

    HttpResult fetchNow(QNetworkAccessManager &nam, const HttpRequestSpec &spec,
                        const HttpLimits &limits = {}) {
        HttpResult out;
        bool done = false;
        httpFetch(&nam, spec, limits, this, [&](const HttpResult &r) {
            out = r;
            done = true;
        });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(done, 10'000);
        }();
        return out;
    }

private Q_SLOTS:
    void mastodonResetIsCorrectedWithServerDate() {
        // Recorded Mastodon headers: ISO Reset, no Retry-After. The server clock is 1 h behind.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime server = now.addSecs(-3600);
        QHash<QByteArray, QByteArray> h;
        h.insert("date",
                 server.toString(QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1());
        h.insert("x-ratelimit-limit", "300");
        h.insert("x-ratelimit-remaining", "0");
        h.insert(
            "x-ratelimit-reset",
            server.addSecs(120).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz123Z")).toLatin1());
        const RateLimitInfo info = parseRateLimit(h, now);
        QCOMPARE(info.limit, 300);
        QCOMPARE(info.remaining, 0);
        QVERIFY(!info.retryAt.isValid()); // Mastodon sends none
        // Without the Date correction this would be 58 minutes in the past.
        QVERIFY2(qAbs(now.secsTo(info.blockedUntil()) - 120) <= 1,
                 qPrintable(info.blockedUntil().toString(Qt::ISODate)));
    }

    void blueskyEpochResetAndRetryAfter() {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QHash<QByteArray, QByteArray> h;
        h.insert("ratelimit-limit", "3000");
        h.insert("ratelimit-remaining", "0");
        h.insert("ratelimit-reset", QByteArray::number(now.addSecs(300).toSecsSinceEpoch()));
        h.insert("retry-after", "30");
        const RateLimitInfo info = parseRateLimit(h, now);
        QCOMPARE(info.limit, 3000);
        QVERIFY(qAbs(now.secsTo(info.resetAt) - 300) <= 1);
        QCOMPARE(now.secsTo(info.retryAt), 30);
        QCOMPARE(info.blockedUntil(), info.resetAt); // nothing remaining: wait for the reset
        h.insert("ratelimit-remaining", "10");
        QCOMPARE(parseRateLimit(h, now).blockedUntil(), parseRateLimit(h, now).retryAt);
    }

    void backoffGrowsWithJitterAndCaps() {
        Backoff b{1000, 60'000};
        for (int i = 0; i < 50; ++i) {
            const qint64 d1 = b.delayMs(1), d3 = b.delayMs(3), d20 = b.delayMs(20);
            QVERIFY(d1 >= 500 && d1 <= 1000);
            QVERIFY(d3 >= 2000 && d3 <= 4000);
            QVERIFY(d20 >= 30'000 && d20 <= 60'000);
        }
        QSet<qint64> distinct;
        for (int i = 0; i < 20; ++i)
            distinct.insert(b.delayMs(5));
        QVERIFY2(distinct.size() > 1, "no jitter: every client would retry at the same instant");
    }

    void sseRecordedStreamWithHeartbeats() {
        QFile f(test::sharedData(QStringLiteral("mastodon/mastodon_streaming_events.sse")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        SseParser p;
        // Fed in awkward 7-byte pieces, with heartbeats between events.
        QByteArray wire = ":thump\n\n" + all;
        wire.replace("\n\nevent:", "\n\n:thump\n\nevent:");
        for (qsizetype i = 0; i < wire.size(); i += 7)
            QVERIFY(p.feed(wire.mid(i, 7)));
        QVERIFY(p.feed("\n\n"));
        QHash<QString, int> byType;
        for (const auto &e : p.takeEvents())
            ++byType[e.event];
        QCOMPARE(byType.value(QStringLiteral("update")), 7);
        QCOMPARE(byType.value(QStringLiteral("status.update")), 6);
        QCOMPARE(byType.value(QStringLiteral("delete")), 6);
        QCOMPARE(byType.value(QStringLiteral("notification")), 2);
        QCOMPARE(p.heartbeats(), 27); // the leading one + one before each of the 26 events
    }

    void sseLineWithoutEndIsAnError() {
        SseParser p(1024);
        QVERIFY(p.feed("event: update\ndata: "));
        const QByteArray endless(4096, 'x');
        QVERIFY(!p.feed(endless));
        QVERIFY(p.error().contains(u"without ending a line") || p.error().contains(u"exceeded"));
        QVERIFY(!p.feed("\n\n")); // stays failed
    }

    void httpOversizeTruncatedTimeoutAndRedirects() {
        RecordedServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        server.enqueue("GET", QStringLiteral("/big"),
                       {RecordedResponse::json(QByteArray(300'000, 'a'))});
        RecordedResponse cut = RecordedResponse::json("{\"posts\":[");
        cut.declaredLength = 5000;
        server.enqueue("GET", QStringLiteral("/cut"), {cut});
        RecordedResponse hang;
        hang.hang = true;
        server.enqueue("GET", QStringLiteral("/hang"), {hang});
        RecordedResponse away;
        away.status = 302;
        away.header("Location",
                    QStringLiteral("http://localhost:%1/landing").arg(server.port()).toLatin1());
        server.enqueue("GET", QStringLiteral("/away"), {away});
        RecordedResponse same;
        same.status = 301;
        same.header("Location", "/landing");
        server.enqueue("GET", QStringLiteral("/same"), {same});
        server.enqueue("GET", QStringLiteral("/landing"), {RecordedResponse::json("{}")});

        HttpLimits limits;
        limits.maxBodyBytes = 100'000;
        limits.timeoutMs = 700;
        HttpRequestSpec spec;
        spec.url = server.url(QStringLiteral("/big"));
        HttpResult r = fetchNow(nam, spec, limits);
        QCOMPARE(r.error, HttpResult::Error::Oversize);
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.retryable());

        spec.url = server.url(QStringLiteral("/cut"));
        r = fetchNow(nam, spec, limits);
        QCOMPARE(r.error, HttpResult::Error::Truncated);
        QVERIFY(r.retryable());

        QElapsedTimer t;
        t.start();
        spec.url = server.url(QStringLiteral("/hang"));
        r = fetchNow(nam, spec, limits);
        QCOMPARE(r.error, HttpResult::Error::Timeout);
        QVERIFY(r.retryable());
        QVERIFY(t.elapsed() < 5000);

        // Authorization goes to the same origin only: 127.0.0.1 -> localhost is another host.
        spec.url = server.url(QStringLiteral("/away"));
        spec.authorization = "Bearer secret-token";
        server.clearRequests();
        r = fetchNow(nam, spec, limits);
        QVERIFY(r.ok());
        QCOMPARE(server.requests().size(), 2);
        QCOMPARE(server.requests().at(0).headers.value("authorization"),
                 QByteArray("Bearer secret-token"));
        QVERIFY(!server.requests().at(1).headers.contains("authorization"));

        server.clearRequests();
        spec.url = server.url(QStringLiteral("/same"));
        r = fetchNow(nam, spec, limits);
        QVERIFY(r.ok());
        QCOMPARE(server.requests().at(1).headers.value("authorization"),
                 QByteArray("Bearer secret-token"));
    }

    void tlsErrorIsAnError() {
        // A plain-HTTP server spoken to with https: the handshake fails; never ignored.
        RecordedServer server;
        QVERIFY(server.listen());
        QNetworkAccessManager nam;
        HttpRequestSpec spec;
        spec.url = QUrl(QStringLiteral("https://127.0.0.1:%1/x").arg(server.port()));
        HttpLimits limits;
        limits.timeoutMs = 3000;
        const HttpResult r = fetchNow(nam, spec, limits);
        QVERIFY(!r.ok());
        QVERIFY2(r.error == HttpResult::Error::Tls || r.error == HttpResult::Error::Network ||
                     r.error == HttpResult::Error::Timeout,
                 qPrintable(r.message));
    }

    void noKeychainGivesAClearMessage() {
        CredentialStore store;
        store.setUnavailableForTesting(true);
        QString secret = QStringLiteral("x"), error;
        bool done = false;
        store.read(QStringLiteral("bluesky:someone.bsky.social"), this,
                   [&](const QString &s, const QString &e) {
                       secret = s;
                       error = e;
                       done = true;
                   });
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000);
        QVERIFY(secret.isEmpty());
        QVERIFY(error.contains(u"No system keychain is available"));
        QVERIFY(error.contains(u"WARROOM_BLUESKY_APP_PASSWORD"));
    }

    void realKeychainCallEndsWithAnAnswer() {
        // In this sandbox there is no Secret Service: the real QtKeychain call must still end,
        // with either a value/no-entry or a message, never hang.
        CredentialStore store;
        bool done = false;
        QString error;
        store.read(QStringLiteral("warroom-test:none"), this,
                   [&](const QString &, const QString &e) {
                       error = e;
                       done = true;
                   });
        QTRY_VERIFY_WITH_TIMEOUT(done, 30'000);
        if (!error.isEmpty())
            qInfo("keychain: %s", qPrintable(error));
    }

    void sourcesFileRoundTripAndRefusesSecrets() {
        SourceConfig m;
        m.kind = QStringLiteral("mastodon");
        m.instances = {QStringLiteral("mastodon.social"), QStringLiteral("https://fosstodon.org/")};
        m.hashtags = {QStringLiteral("orrin")};
        QString error;
        const QList<SourceConfig> back = sourcesFromJson(sourcesToJson({m}), &error);
        QVERIFY(error.isEmpty());
        QCOMPARE(back.size(), 1);
        QCOMPARE(back.first().instances, m.instances);
        QCOMPARE(normaliseInstance(QStringLiteral("https://fosstodon.org/")),
                 QStringLiteral("https://fosstodon.org"));
        QVERIFY(back.first().validate().isEmpty());
        const QByteArray withSecret =
            R"({"sources":[{"kind":"bluesky","keywords":["x"],"account":"a","password":"hunter2"}]})";
        QVERIFY(sourcesFromJson(withSecret, &error).isEmpty());
        QVERIFY(error.contains(u"keychain"));
        // Two instances: two connectors with distinct ids.
        QNetworkAccessManager nam;
        const auto list = ConnectorManager::createConnectors(back.first(), &nam, this);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0)->id(), QStringLiteral("mastodon:mastodon.social#orrin"));
        QCOMPARE(list.at(1)->id(), QStringLiteral("mastodon:fosstodon.org#orrin"));
        qDeleteAll(list);
    }
};

QTEST_GUILESS_MAIN(TstConnectorsCommon)
#include "connectors_common.moc"
