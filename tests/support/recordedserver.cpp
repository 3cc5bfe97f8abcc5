#include "recordedserver.h"

#include "testdata.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QWebSocket>
#include <QWebSocketServer>

namespace warroom::test {

QString RecordedRequest::queryValue(const QString &key) const {
    return QUrlQuery(query).queryItemValue(key, QUrl::FullyDecoded);
}

RecordedResponse RecordedResponse::json(const QByteArray &body, int status) {
    RecordedResponse r;
    r.status = status;
    r.body = body;
    r.headers.append(
        qMakePair(QByteArray("Content-Type"), QByteArray("application/json; charset=utf-8")));
    return r;
}

RecordedServer::RecordedServer(QObject *parent)
    : QObject(parent) {
    connect(&m_server, &QTcpServer::newConnection, this, &RecordedServer::onConnection);
}

RecordedServer::~RecordedServer() {
    for (QTcpSocket *s : m_server.findChildren<QTcpSocket *>()) {
        s->disconnect(this);
        s->abort();
        delete s;
    }
}

bool RecordedServer::listen() {
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString RecordedServer::base() const {
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

QUrl RecordedServer::url(const QString &pathAndQuery) const {
    return QUrl(base() + pathAndQuery);
}

void RecordedServer::route(const QByteArray &method, const QString &path, Handler handler) {
    m_handlers.insert(QString::fromLatin1(method) + u' ' + path, std::move(handler));
}

void RecordedServer::enqueue(const QByteArray &method, const QString &path,
                             QList<RecordedResponse> responses) {
    m_queues.insert(QString::fromLatin1(method) + u' ' + path, std::move(responses));
}

void RecordedServer::clearRoutes() {
    m_handlers.clear();
    m_queues.clear();
}

QList<RecordedRequest> RecordedServer::requests(const QString &path) const {
    QList<RecordedRequest> out;
    for (const RecordedRequest &r : m_requests)
        if (r.path == path)
            out << r;
    return out;
}

void RecordedServer::dropConnections() {
    for (const auto &s : std::as_const(m_open))
        if (s)
            s->abort();
    m_open.clear();
}

void RecordedServer::onConnection() {
    while (QTcpSocket *s = m_server.nextPendingConnection()) {
        m_open.append(s);
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        connect(s, &QObject::destroyed, this, [this, s] { m_buffers.remove(s); });
    }
}

void RecordedServer::onData(QTcpSocket *socket) {
    QByteArray &buf = m_buffers[socket];
    buf += socket->readAll();
    for (;;) {
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        RecordedRequest req;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        req.method = first.value(0);
        const QByteArray target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray l = lines.at(i).trimmed();
            const qsizetype c = l.indexOf(':');
            if (c > 0)
                req.headers.insert(l.left(c).trimmed().toLower(), l.mid(c + 1).trimmed());
        }
        const qint64 len = req.headers.value("content-length").toLongLong();
        if (buf.size() < end + 4 + len)
            return;
        req.body = buf.mid(end + 4, len);
        buf.remove(0, end + 4 + len);
        req.url = QUrl::fromEncoded(target);
        req.path = req.url.path();
        req.query = req.url.query(QUrl::FullyEncoded);
        m_requests.append(req);
        respond(socket, req);
    }
}

void RecordedServer::respond(QPointer<QTcpSocket> socket, const RecordedRequest &req) {
    const QString key = QString::fromLatin1(req.method) + u' ' + req.path;
    RecordedResponse r;
    if (auto h = m_handlers.find(key); h != m_handlers.end()) {
        r = (*h)(req);
    } else if (auto q = m_queues.find(key); q != m_queues.end() && !q->isEmpty()) {
        r = q->size() > 1 ? q->takeFirst() : q->first();
    } else {
        r = RecordedResponse::json(R"({"error":"not found"})", 404);
    }
    if (r.hang)
        return;
    if (r.delayMs > 0)
        QTimer::singleShot(r.delayMs, this, [this, socket, r] { send(socket, r); });
    else
        send(socket, r);
}

static QByteArray reason(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

void RecordedServer::send(QPointer<QTcpSocket> socket, const RecordedResponse &r) {
    if (!socket)
        return;
    QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reason(r.status) + "\r\n";
    bool hasType = false;
    for (const auto &[n, v] : r.headers) {
        head += n + ": " + v + "\r\n";
        hasType = hasType || n.toLower() == "content-type";
    }
    if (r.stream) {
        if (!hasType)
            head += "Content-Type: text/event-stream\r\n";
        head += "Cache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n";
        socket->write(head);
        int at = 0;
        for (const auto &[delay, data] : r.chunks) {
            at += delay;
            QTimer::singleShot(at, this, [socket, data] {
                if (socket)
                    socket->write(data);
            });
        }
        if (!r.keepOpen)
            QTimer::singleShot(at + 10, this, [socket] {
                if (socket)
                    socket->disconnectFromHost();
            });
        return;
    }
    const qint64 length = r.declaredLength >= 0 ? r.declaredLength : r.body.size();
    if (r.status != 304)
        head += "Content-Length: " + QByteArray::number(length) + "\r\n";
    head += "Connection: keep-alive\r\n\r\n";
    socket->write(head);
    if (r.status != 304)
        socket->write(r.body);
    if (r.declaredLength > r.body.size()) {
        socket->flush();
        QTimer::singleShot(20, this, [socket] {
            if (socket)
                socket->disconnectFromHost();
        });
    }
}

QList<RecordedResponse> RecordedServer::mastodonInteractions(const QString &cassette,
                                                             const QString &uriContains) {
    QList<RecordedResponse> out;
    QFile f(sharedData(QStringLiteral("mastodon/mastodon_py_interactions.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine();
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        if (!o.value(u"cassette").toString().contains(cassette) ||
            !o.value(u"uri").toString().contains(uriContains))
            continue;
        RecordedResponse r = RecordedResponse::json(
            QJsonDocument::fromVariant(o.value(u"body").toVariant()).toJson(QJsonDocument::Compact),
            o.value(u"status").toInt(200));
        const QJsonObject h = o.value(u"headers").toObject();
        for (auto it = h.begin(); it != h.end(); ++it)
            if (it.key() != u"content-type" && it.key() != u"content-length" &&
                it.key() != u"transfer-encoding")
                r.header(it.key().toLatin1(), it.value().toString().toLatin1());
        out << r;
    }
    return out;
}

// --- WebSocket ---

RecordedWebSocketServer::RecordedWebSocketServer(QObject *parent)
    : QObject(parent)
    , m_server(
          new QWebSocketServer(QStringLiteral("recorded"), QWebSocketServer::NonSecureMode, this)) {
    connect(m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *ws = m_server->nextPendingConnection()) {
            m_clients.append(ws);
            m_connections.append(ws->requestUrl());
            connect(ws, &QWebSocket::disconnected, ws, &QObject::deleteLater);
            const QList<QByteArray> messages = m_messages;
            m_messages.clear();
            for (const QByteArray &m : messages)
                ws->sendTextMessage(QString::fromUtf8(m));
            ws->flush();
            if (m_closeAfter)
                QTimer::singleShot(50, ws, [ws] { ws->close(); });
        }
    });
}

RecordedWebSocketServer::~RecordedWebSocketServer() {
    dropClients();
}

bool RecordedWebSocketServer::listen() {
    return m_server->listen(QHostAddress::LocalHost, 0);
}

QUrl RecordedWebSocketServer::url(const QString &path) const {
    return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(path));
}

void RecordedWebSocketServer::setMessages(const QList<QByteArray> &messages, bool closeAfter) {
    m_messages = messages;
    m_closeAfter = closeAfter;
}

void RecordedWebSocketServer::dropClients() {
    for (const auto &c : std::as_const(m_clients))
        if (c)
            c->abort();
    m_clients.clear();
}

} // namespace warroom::test
