// Hostile network: what a broken or malicious server (or something between us and it) can do to
// the collectors, against local servers on 127.0.0.1 only. Slow-drip responses end in one clear
// timeout; a stream that never ends a line is cut at the parser's limit; a gzip bomb is stopped
// with bounded memory; a redirect to another host never carries the token or the app password;
// TLS errors are errors (never ignored, never retried over plain http).
#include "bluesky/blueskyconnector.h"
#include "common/httpfetch.h"
#include "mastodon/mastodonconnector.h"
#include "mastodon/sseparser.h"
#include "recordedserver.h"
#include "rss/rssconnector.h"

#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#ifdef WARROOM_HAVE_ZLIB
#include <zlib.h>
#endif

#include <functional>

using namespace warroom;
using warroom::test::RecordedRequest;
using warroom::test::RecordedResponse;
using warroom::test::RecordedServer;

namespace {

// A TCP server that hands each complete HTTP request (head + Content-Length body) to a handler
// that may do anything with the socket: drip, stall, send garbage. Plain or TLS; it also tells
// whether a client ever spoke plain HTTP to a TLS port.
class RawServer final : public QTcpServer {
public:
    using Handler = std::function<void(QTcpSocket *socket, const QByteArray &request)>;
    Handler handler;
    QList<QByteArray> requests;
    int plainHellos = 0; // connections whose first bytes were not a TLS ClientHello
    int tlsHellos = 0;
    QStringList tlsServerErrors;

    bool listenPlain() { return listen(QHostAddress::LocalHost); }
    bool listenTls(const QSslCertificate &cert, const QSslKey &key) {
        m_tls = true;
        m_cert = cert;
        m_key = key;
        return listen(QHostAddress::LocalHost);
    }
    [[nodiscard]] QString base(const char *scheme = "http") const {
        return QStringLiteral("%1://127.0.0.1:%2").arg(QLatin1StringView(scheme)).arg(serverPort());
    }

protected:
    void incomingConnection(qintptr descriptor) override {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        m_sockets << socket;
        if (m_tls) {
            socket->setLocalCertificate(m_cert);
            socket->setPrivateKey(m_key);
            connect(socket, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
                for (const QSslError &e : errors)
                    tlsServerErrors << e.errorString();
            });
        }
        auto buffer = std::make_shared<QByteArray>();
        auto first = std::make_shared<bool>(true);
        connect(socket, &QSslSocket::readyRead, this, [this, socket, buffer, first] {
            if (*first && m_tls && !socket->isEncrypted()) {
                *first = false;
                if (socket->peek(1) == QByteArray("\x16")) {
                    ++tlsHellos;
                    socket->startServerEncryption();
                } else {
                    ++plainHellos;
                    socket->abort();
                }
                return;
            }
            *first = false;
            *buffer += socket->readAll();
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            qint64 length = 0;
            for (const QByteArray &line : buffer->left(end).split('\n'))
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            const QByteArray request = buffer->left(end + 4 + length);
            buffer->remove(0, end + 4 + length);
            requests << request;
            if (handler)
                handler(socket, request);
        });
    }

private:
    bool m_tls = false;
    QSslCertificate m_cert;
    QSslKey m_key;
    QList<QPointer<QSslSocket>> m_sockets;
};

// A handler that sends `head` at once, then `byte` every `everyMs` ms, forever: a slow drip.
RawServer::Handler dripping(const QByteArray &head, const QByteArray &byte, int everyMs) {
    return [head, byte, everyMs](QTcpSocket *socket, const QByteArray &) {
        socket->write(head);
        auto *drip = new QTimer(socket);
        QObject::connect(drip, &QTimer::timeout, socket, [socket, byte] { socket->write(byte); });
        drip->start(everyMs);
    };
}

QByteArray headerOf(const QByteArray &request, const QByteArray &lowerName) {
    for (const QByteArray &line : request.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().toLower() == lowerName)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

// Peak resident memory of this process, in MB (VmHWM).
qint64 peakRssMb() {
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() / 1024;
    return -1;
}

// One line of text for the user: not empty, no line break, no raw HTML from the server.
bool isOneClearLine(const QString &s) {
    return !s.trimmed().isEmpty() && !s.contains(u'\n') && s.size() < 400;
}

#ifdef WARROOM_HAVE_ZLIB
// `mib` MiB of zeros as one valid gzip member, built in milliseconds: after a full flush deflate
// starts afresh, so every further MiB compresses to the same bytes; the trailer (CRC-32, size) is
// computed for the whole.
QByteArray gzipZeros(int mib) {
    z_stream z{};
    if (deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    const QByteArray zeros(1 << 20, '\0');
    QByteArray out(1 << 20, '\0');
    auto run = [&](int flush, const QByteArray &in) {
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
        z.avail_in = uInt(in.size());
        z.next_out = reinterpret_cast<Bytef *>(out.data());
        z.avail_out = uInt(out.size());
        deflate(&z, flush);
        return out.left(out.size() - z.avail_out);
    };
    QByteArray gz = run(Z_FULL_FLUSH, zeros); // gzip header + the first MiB
    const QByteArray block = run(Z_FULL_FLUSH, zeros);
    if (run(Z_FULL_FLUSH, zeros) != block)
        return {};
    QByteArray tail = run(Z_FINISH, QByteArray());
    deflateEnd(&z);
    const uLong blockCrc =
        crc32(0L, reinterpret_cast<const Bytef *>(zeros.constData()), uInt(zeros.size()));
    uLong crc = blockCrc;
    for (int i = 1; i < mib; ++i)
        crc = crc32_combine(crc, blockCrc, zeros.size());
    const quint32 size = quint32(quint64(mib) << 20);
    tail.chop(8);
    for (int i = 0; i < 4; ++i)
        tail += char((crc >> (8 * i)) & 0xff);
    for (int i = 0; i < 4; ++i)
        tail += char((size >> (8 * i)) & 0xff);
    gz.reserve(gz.size() + block.size() * mib + tail.size());
    for (int i = 1; i < mib; ++i)
        gz += block;
    return gz + tail;
}
#endif

struct Once {
    int calls = 0;
    HttpResult result;
};

} // namespace

class TstConnectorsHostile : public QObject {
    Q_OBJECT

    // Runs one fetch; counts how often the callback runs (must be exactly once).
    std::shared_ptr<Once> fetch(QNetworkAccessManager &nam, const HttpRequestSpec &spec,
                                const HttpLimits &limits, int waitMs = 15'000) {
        auto once = std::make_shared<Once>();
        httpFetch(&nam, spec, limits, this, [once](const HttpResult &r) {
            ++once->calls;
            once->result = r;
        });
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(once->calls > 0, waitMs);
        }();
        return once;
    }

private Q_SLOTS:
    // ── Slow drip ────────────────────────────────────────────────────────────────────────

    void slowDripEndsInOneTimeout() {
        // A byte every 200 ms never leaves the connection idle long enough for the idle timeout
        // (1 s): only the overall deadline (3 s) ends it, with one answer. Once in the body
        // (headers at once, a 100 kB body) and once in the headers (one that never ends).
        for (const QByteArray &head :
             {QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                         "Content-Length: 100000\r\n\r\n"),
              QByteArray("HTTP/1.1 200 OK\r\nX-Slow: ")}) {
            RawServer server;
            QVERIFY(server.listenPlain());
            server.handler = dripping(head, "x", 200);
            QNetworkAccessManager nam;
            HttpRequestSpec spec;
            spec.url = QUrl(server.base() + QStringLiteral("/feed"));
            HttpLimits limits;
            limits.timeoutMs = 1000;
            limits.totalTimeoutMs = 3000;
            QElapsedTimer t;
            t.start();
            const auto once = fetch(nam, spec, limits);
            const qint64 took = t.elapsed();
            QCOMPARE(once->result.error, HttpResult::Error::Timeout);
            // (Qt's idle timer does not count header bytes: the header drip may end sooner.)
            const bool inBody = head.contains("Content-Length");
            QVERIFY2(took < 6000 && (!inBody || took >= 2500), qPrintable(QString::number(took)));
            const QString &message = once->result.message;
            QVERIFY2(isOneClearLine(message) && message.contains(u"127.0.0.1"),
                     qPrintable(message));
            QVERIFY(once->result.body.isEmpty());
            QVERIFY(once->result.retryable());
            QTest::qWait(1000); // and never a second answer
            QCOMPARE(once->calls, 1);
        }
    }

    void slowDripFeedFailsTheCycleNotTheApp() {
        // The RSS connector on a dripping feed: one failed cycle with the timeout as its error,
        // within the deadline, and the connector backs off instead of hanging.
        RawServer server;
        QVERIFY(server.listenPlain());
        server.handler = dripping("HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                                  "Content-Length: 50000\r\n\r\n<?xml version=\"1.0\"?><rss>",
                                  " ", 150);
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("rss");
        cfg.feeds = {server.base() + QStringLiteral("/feed.xml")};
        RssConnector c(cfg, &nam);
        HttpLimits limits;
        limits.timeoutMs = 1000;
        limits.totalTimeoutMs = 2000;
        c.setHttpLimits(limits);
        QSignalSpy finished(&c, &Connector::onceFinished);
        QElapsedTimer t;
        t.start();
        c.pollOnce();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);
        QVERIFY(t.elapsed() < 6000);
        QCOMPARE(finished.first().at(0).toBool(), false);
        const QString summary = finished.first().at(1).toString();
        QVERIFY2(isOneClearLine(summary), qPrintable(summary));
        QVERIFY2(summary.contains(u"127.0.0.1"), qPrintable(summary));
        QVERIFY2(!c.health().lastError.isEmpty(), "the health strip shows no error");
    }

    // ── Endless stream lines ───────────────────────────────────────────────────────────────

    void sseParserMemoryStaysBounded() {
        // 64 MB without a line end, in 64 kB pieces: refused at the limit, and it stays refused.
        SseParser p(256 * 1024);
        QVERIFY(p.feed("event: update\n"));
        const QByteArray piece(64 * 1024, 'x');
        qint64 accepted = 0;
        int pieces = 0;
        for (; pieces < 1024; ++pieces) {
            if (!p.feed(piece))
                break;
            accepted += piece.size();
        }
        QVERIFY2(pieces < 1024, "a 64 MB line was accepted");
        QVERIFY(accepted <= 256 * 1024);
        QVERIFY2(p.error().contains(u"without ending a line"), qPrintable(p.error()));
        QVERIFY(!p.feed("\n\ndata: {}\n\n"));
        QVERIFY(p.takeEvents().isEmpty());
        // Many short data: lines make one huge event: refused too (4 × the line limit).
        SseParser q(1024);
        const QByteArray line = "data: " + QByteArray(1000, 'y') + '\n';
        bool ok = true;
        for (int i = 0; i < 100 && ok; ++i)
            ok = q.feed(line);
        QVERIFY(!ok);
        QVERIFY2(q.error().contains(u"event exceeded"), qPrintable(q.error()));
    }

    void endlessStreamLineBreaksTheStreamWithAClearError() {
        // The Mastodon hashtag stream sends "data: xxxx..." for 1 MB and never a newline.
        RecordedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", QStringLiteral("/api/v1/timelines/tag/orrin"),
                       {RecordedResponse::json("[]")});
        RecordedResponse stream;
        stream.stream = true;
        stream.chunks << qMakePair(0, QByteArray(":)\n\nevent: update\ndata: "));
        for (int i = 0; i < 128; ++i)
            stream.chunks << qMakePair(2, QByteArray(8192, 'x'));
        server.enqueue("GET", QStringLiteral("/api/v1/streaming/hashtag"), {stream});
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("mastodon");
        cfg.instances = {server.base()};
        cfg.hashtags = {QStringLiteral("orrin")};
        MastodonConnector c(cfg, server.base(), &nam);
        c.setSecret(QStringLiteral("token-123"));
        c.start();
        QTRY_VERIFY_WITH_TIMEOUT(c.health().lastError.contains(u"without ending a line") ||
                                     c.health().lastError.contains(u"exceeded"),
                                 10'000);
        QVERIFY2(isOneClearLine(c.health().lastError), qPrintable(c.health().lastError));
        QVERIFY(c.health().lastError.contains(u"orrin"));
        QCOMPARE(c.streamEvents(), 0);
        c.stop();
    }

    // ── Gzip bombs ───────────────────────────────────────────────────────────────────────

    void gzipBombIsStoppedWithBoundedMemory() {
#ifndef WARROOM_HAVE_ZLIB
        QSKIP("zlib headers (zlib1g-dev) are not installed: no way to make the bomb");
#else
        // 2 GiB of zeros in about 2 MB of valid gzip: 1 MiB blocks ended with a full flush are
        // identical, so one is compressed and repeated; the trailer carries the real CRC/size.
        const QByteArray bomb = gzipZeros(2048);
        QVERIFY2(bomb.size() < 4 * 1024 * 1024, qPrintable(QString::number(bomb.size())));
        RecordedServer server;
        QVERIFY(server.listen());
        RecordedResponse r = RecordedResponse::json(bomb);
        r.header("Content-Encoding", "gzip");
        server.enqueue("GET", QStringLiteral("/bomb.json"), {r});
        QNetworkAccessManager nam;
        HttpRequestSpec spec;
        spec.url = server.url(QStringLiteral("/bomb.json"));
        const qint64 before = peakRssMb();
        QElapsedTimer t;
        t.start();
        const auto once = fetch(nam, spec, HttpLimits{}, 60'000); // the default 16 MB cap
        const qint64 grew = peakRssMb() - before;
        qInfo("gzip bomb: %lld bytes on the wire, %lld bytes read, '%s' after %lld ms, peak "
              "memory +%lld MB",
              qint64(bomb.size()), qint64(once->result.body.size()),
              qPrintable(once->result.message), t.elapsed(), grew);
        QVERIFY(!once->result.ok());
        QVERIFY2(once->result.error == HttpResult::Error::Oversize ||
                     once->result.error == HttpResult::Error::Network,
                 qPrintable(once->result.message));
        QVERIFY(once->result.body.isEmpty());
        QVERIFY2(isOneClearLine(once->result.message), qPrintable(once->result.message));
        QVERIFY2(grew < 200, qPrintable(QStringLiteral("peak memory grew by %1 MB").arg(grew)));
        QVERIFY(t.elapsed() < 30'000);
        QCOMPARE(once->calls, 1);

        // Below Qt's own check (10 MB decompressed) our cap still counts decompressed bytes:
        // 8 MiB from 9 kB against a 1 MB limit is refused as too large.
        const QByteArray small = gzipZeros(8);
        QVERIFY(!small.isEmpty() && small.size() < 64 * 1024);
        RecordedResponse s8 = RecordedResponse::json(small);
        s8.header("Content-Encoding", "gzip");
        server.enqueue("GET", QStringLiteral("/small.json"), {s8});
        spec.url = server.url(QStringLiteral("/small.json"));
        HttpLimits tight;
        tight.maxBodyBytes = 1024 * 1024;
        const auto capped = fetch(nam, spec, tight);
        QCOMPARE(capped->result.error, HttpResult::Error::Oversize);
        QVERIFY(capped->result.body.isEmpty());
        QVERIFY2(isOneClearLine(capped->result.message), qPrintable(capped->result.message));
        // And the same body within the limit is read whole: the bomb check is not a false alarm.
        server.enqueue("GET", QStringLiteral("/small.json"), {s8});
        HttpLimits roomy;
        roomy.maxBodyBytes = 9 * 1024 * 1024;
        const auto whole = fetch(nam, spec, roomy);
        QVERIFY2(whole->result.ok(), qPrintable(whole->result.message));
        QCOMPARE(whole->result.body.size(), 8 << 20);
#endif
    }

    // ── Redirects and credentials ────────────────────────────────────────────────────────

    void redirectToAnotherOriginDropsTheToken() {
        // Two servers: A (the instance) and B (somewhere else: another port, and "localhost"
        // instead of 127.0.0.1). B must never see the token.
        RecordedServer a, b;
        QVERIFY(a.listen());
        QVERIFY(b.listen());
        const QString otherHost = QStringLiteral("http://localhost:%1").arg(b.port());
        const QString otherPort = QStringLiteral("http://127.0.0.1:%1").arg(b.port());
        for (const auto &[path, status, target] :
             {std::tuple{QStringLiteral("/r302"), 302, otherHost + QStringLiteral("/land")},
              std::tuple{QStringLiteral("/r307"), 307, otherPort + QStringLiteral("/land")},
              std::tuple{QStringLiteral("/r308"), 308, otherHost + QStringLiteral("/land")},
              std::tuple{QStringLiteral("/r301"), 301, otherPort + QStringLiteral("/land")}}) {
            RecordedResponse away;
            away.status = status;
            away.header("Location", target.toLatin1());
            a.enqueue("GET", path, {away});
        }
        // B sends the client back to A: back home the token may go again, B still never sees it.
        RecordedResponse back;
        back.status = 302;
        back.header("Location", (a.base() + QStringLiteral("/home")).toLatin1());
        b.enqueue("GET", QStringLiteral("/bounce"), {back});
        RecordedResponse viaB;
        viaB.status = 302;
        viaB.header("Location", (otherHost + QStringLiteral("/bounce")).toLatin1());
        a.enqueue("GET", QStringLiteral("/viaB"), {viaB});
        a.enqueue("GET", QStringLiteral("/home"), {RecordedResponse::json("{\"home\":1}")});
        b.enqueue("GET", QStringLiteral("/land"), {RecordedResponse::json("{\"landed\":1}")});

        QNetworkAccessManager nam;
        HttpRequestSpec spec;
        spec.authorization = "Bearer secret-token-a";
        for (const char *path : {"/r302", "/r307", "/r308", "/r301", "/viaB"}) {
            spec.url = a.url(QString::fromLatin1(path));
            const auto once = fetch(nam, spec, HttpLimits{});
            QVERIFY2(once->result.ok(),
                     qPrintable(QString::fromLatin1(path) + u' ' + once->result.message));
            QCOMPARE(once->calls, 1);
        }
        QCOMPARE(b.requests().size(), 5);
        for (const RecordedRequest &req : b.requests()) {
            QVERIFY2(!req.headers.contains("authorization"), qPrintable(req.path));
            QVERIFY(!req.headers.value("cookie").contains("secret"));
        }
        // A saw the token on every first request (and on /home, its own origin).
        for (const RecordedRequest &req : a.requests())
            QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer secret-token-a"));
    }

    void redirectedPostNeverCarriesItsBodyElsewhere() {
        // A sign-in POST (Bluesky's createSession carries the app password in its body)
        // redirected with 307/308 to another host would resend the password there: refused.
        RecordedServer a, b;
        QVERIFY(a.listen());
        QVERIFY(b.listen());
        for (int status : {307, 308, 302, 301}) {
            RecordedResponse away;
            away.status = status;
            away.header("Location",
                        QStringLiteral("http://localhost:%1/xrpc/steal").arg(b.port()).toLatin1());
            a.enqueue("POST", QStringLiteral("/login%1").arg(status), {away});
        }
        b.route("POST", QStringLiteral("/xrpc/steal"),
                [](const RecordedRequest &) { return RecordedResponse::json("{}"); });
        b.route("GET", QStringLiteral("/xrpc/steal"),
                [](const RecordedRequest &) { return RecordedResponse::json("{}"); });
        QNetworkAccessManager nam;
        for (int status : {307, 308, 302, 301}) {
            HttpRequestSpec spec;
            spec.method = "POST";
            spec.url = a.url(QStringLiteral("/login%1").arg(status));
            spec.headers << qMakePair(QByteArray("Content-Type"), QByteArray("application/json"));
            spec.body = R"({"identifier":"cell.example","password":"app-pass-1234"})";
            const auto once = fetch(nam, spec, HttpLimits{});
            QVERIFY2(!once->result.ok(), qPrintable(QString::number(status)));
            QCOMPARE(once->result.error, HttpResult::Error::Redirect);
            QVERIFY2(isOneClearLine(once->result.message), qPrintable(once->result.message));
        }
        for (const RecordedRequest &req : b.requests())
            QVERIFY2(!req.body.contains("app-pass-1234"), req.method.constData());
        QCOMPARE(b.requests().size(), 0);
    }

    void blueskySignInRedirectedElsewhereLeaksNothing() {
        // The whole connector: its PDS answers createSession with a 307 to another host.
        RecordedServer pds, thief;
        QVERIFY(pds.listen());
        QVERIFY(thief.listen());
        RecordedResponse away;
        away.status = 307;
        away.header("Location",
                    QStringLiteral("http://localhost:%1/xrpc/com.atproto.server.createSession")
                        .arg(thief.port())
                        .toLatin1());
        pds.enqueue("POST", QStringLiteral("/xrpc/com.atproto.server.createSession"), {away});
        thief.route("POST", QStringLiteral("/xrpc/com.atproto.server.createSession"),
                    [](const RecordedRequest &) {
                        return RecordedResponse::json(
                            R"({"accessJwt":"a","refreshJwt":"r","did":"did:plc:x"})");
                    });
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("bluesky");
        cfg.account = QStringLiteral("cell.example");
        cfg.keywords = {QStringLiteral("orrin")};
        cfg.service = pds.base();
        cfg.streamUrl = QStringLiteral("off");
        BlueskyConnector c(cfg, &nam);
        c.setSecret(QStringLiteral("app-pass-1234"));
        QSignalSpy finished(&c, &Connector::onceFinished);
        c.pollOnce();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);
        QCOMPARE(finished.first().at(0).toBool(), false);
        const QString summary = finished.first().at(1).toString();
        QVERIFY2(isOneClearLine(summary) && summary.contains(u"redirect"), qPrintable(summary));
        QCOMPARE(thief.requests().size(), 0);
        QCOMPARE(pds.requests().size(), 1);
        QVERIFY(pds.requests().first().body.contains("app-pass-1234")); // it went to its PDS only
    }

    void mastodonTokenStaysWithItsInstance() {
        // The tag timeline redirects to another host, and so does the stream: neither gets the
        // token; the stream is not followed at all.
        RecordedServer instance, elsewhere;
        QVERIFY(instance.listen());
        QVERIFY(elsewhere.listen());
        const QByteArray away = QStringLiteral("http://localhost:%1/api/v1/timelines/tag/orrin")
                                    .arg(elsewhere.port())
                                    .toLatin1();
        RecordedResponse timeline;
        timeline.status = 302;
        timeline.header("Location", away);
        instance.enqueue("GET", QStringLiteral("/api/v1/timelines/tag/orrin"), {timeline});
        RecordedResponse stream;
        stream.status = 302;
        stream.header("Location",
                      QStringLiteral("http://localhost:%1/api/v1/streaming/hashtag?tag=orrin")
                          .arg(elsewhere.port())
                          .toLatin1());
        instance.enqueue("GET", QStringLiteral("/api/v1/streaming/hashtag"), {stream});
        elsewhere.enqueue("GET", QStringLiteral("/api/v1/timelines/tag/orrin"),
                          {RecordedResponse::json("[]")});
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("mastodon");
        cfg.instances = {instance.base()};
        cfg.hashtags = {QStringLiteral("orrin")};
        MastodonConnector c(cfg, instance.base(), &nam);
        c.setSecret(QStringLiteral("token-xyz"));
        c.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            !instance.requests(QStringLiteral("/api/v1/streaming/hashtag")).isEmpty(), 10'000);
        QTRY_VERIFY_WITH_TIMEOUT(c.health().lastError.contains(u"302"), 10'000);
        c.stop();
        QCOMPARE(elsewhere.requests(QStringLiteral("/api/v1/streaming/hashtag")).size(), 0);
        QVERIFY(!elsewhere.requests().isEmpty()); // the timeline redirect was followed...
        for (const RecordedRequest &req : elsewhere.requests())
            QVERIFY2(!req.headers.contains("authorization"), qPrintable(req.path)); // ...bare
        for (const RecordedRequest &req : instance.requests())
            QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer token-xyz"));
    }

    // ── TLS ──────────────────────────────────────────────────────────────────────────────

    void tlsErrorsAreClearAndNeverDowngraded() {
        // A real TLS server with a self-signed certificate (made with openssl for this test).
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            QSKIP("openssl is not installed: no certificate for the TLS server");
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        QTemporaryDir dir;
        QProcess p;
        p.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                          QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                          QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                          QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                          QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
                          QStringLiteral("subjectAltName=IP:127.0.0.1"), QStringLiteral("-keyout"),
                          dir.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
                          dir.filePath(QStringLiteral("cert.pem"))});
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 0);
        QFile certFile(dir.filePath(QStringLiteral("cert.pem")));
        QFile keyFile(dir.filePath(QStringLiteral("key.pem")));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        const QSslCertificate cert(certFile.readAll());
        const QSslKey key(keyFile.readAll(), QSsl::Ec);
        QVERIFY(!cert.isNull() && !key.isNull());

        RawServer server;
        QVERIFY(server.listenTls(cert, key));
        server.handler = [](QTcpSocket *socket, const QByteArray &) {
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n[]");
        };
        QNetworkAccessManager nam;
        HttpRequestSpec spec;
        spec.url = QUrl(server.base("https") + QStringLiteral("/api/v1/timelines/tag/orrin"));
        spec.authorization = "Bearer tls-token";
        const auto once = fetch(nam, spec, HttpLimits{});
        QCOMPARE(once->result.error, HttpResult::Error::Tls);
        QVERIFY2(isOneClearLine(once->result.message), qPrintable(once->result.message));
        QVERIFY2(once->result.message.contains(u"TLS") &&
                     once->result.message.contains(u"127.0.0.1") &&
                     once->result.message.contains(QRegularExpression(
                         QStringLiteral("self.signed"), QRegularExpression::CaseInsensitiveOption)),
                 qPrintable(once->result.message));
        QVERIFY(!once->result.retryable());
        QCOMPARE(once->calls, 1);
        QVERIFY(server.tlsHellos >= 1);
        QCOMPARE(server.plainHellos, 0);    // never retried over plain http
        QVERIFY(server.requests.isEmpty()); // nothing (no token) got through

        // A connector on that instance: one failed cycle saying why; still never plain http.
        SourceConfig cfg;
        cfg.kind = QStringLiteral("mastodon");
        cfg.instances = {server.base("https")};
        cfg.hashtags = {QStringLiteral("orrin")};
        MastodonConnector c(cfg, server.base("https"), &nam);
        c.setSecret(QStringLiteral("tls-token"));
        QSignalSpy finished(&c, &Connector::onceFinished);
        c.pollOnce();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15'000);
        QCOMPARE(finished.first().at(0).toBool(), false);
        const QString summary = finished.first().at(1).toString();
        QVERIFY2(isOneClearLine(summary) && summary.contains(u"TLS"), qPrintable(summary));
        QCOMPARE(server.plainHellos, 0);
        QVERIFY(server.requests.isEmpty());

        // And an https feed that redirects to http is refused, not followed in the clear.
        RecordedServer plain;
        QVERIFY(plain.listen());
        server.handler = [&plain](QTcpSocket *socket, const QByteArray &) {
            socket->write("HTTP/1.1 302 Found\r\nLocation: " + plain.base().toLatin1() +
                          "/feed\r\nContent-Length: 0\r\n\r\n");
        };
        const QSslConfiguration original = QSslConfiguration::defaultConfiguration();
        QSslConfiguration trusting = original;
        trusting.addCaCertificate(cert); // this one exchange trusts the certificate
        QSslConfiguration::setDefaultConfiguration(trusting);
        QNetworkAccessManager trustingNam;
        spec.url = QUrl(server.base("https") + QStringLiteral("/feed"));
        const auto down = fetch(trustingNam, spec, HttpLimits{});
        QSslConfiguration::setDefaultConfiguration(original);
        QCOMPARE(down->result.error, HttpResult::Error::Redirect);
        QVERIFY2(down->result.message.contains(u"https to http"), qPrintable(down->result.message));
        QVERIFY(plain.requests().isEmpty());
        QCOMPARE(server.requests.size(), 1);
        QCOMPARE(headerOf(server.requests.first(), "authorization"),
                 QByteArray("Bearer tls-token"));
    }
};

QTEST_GUILESS_MAIN(TstConnectorsHostile)
#include "connectors_hostile.moc"
