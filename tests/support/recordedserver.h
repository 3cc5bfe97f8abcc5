#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QString>
#include <QTcpServer>
#include <QUrl>

#include <functional>

class QTcpSocket;
class QWebSocket;
class QWebSocketServer;

namespace warroom::test {

// One HTTP request as the server saw it.
struct RecordedRequest {
    QByteArray method;
    QString path;                          // without the query
    QString query;                         // raw, percent-encoded
    QUrl url;                              // path + query, relative
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    [[nodiscard]] QString queryValue(const QString &key) const;
};

// What the server answers. By default a complete HTTP/1.1 response with Content-Length.
struct RecordedResponse {
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int delayMs = 0;   // wait before sending anything
    bool hang = false; // never answer (timeouts)
    qint64 declaredLength =
        -1; // Content-Length to claim (truncation: larger than body, then close)
    // Streaming (SSE): no Content-Length, the chunks are sent with their delays, then the
    // connection stays open (keepOpen) or is closed.
    bool stream = false;
    QList<QPair<int, QByteArray>> chunks;
    bool keepOpen = true;

    static RecordedResponse json(const QByteArray &body, int status = 200);
    RecordedResponse &header(const QByteArray &name, const QByteArray &value) {
        headers.append(qMakePair(name, value));
        return *this;
    }
};

// A local HTTP server on 127.0.0.1 serving recorded payloads, for connector tests: routes by
// method + path; a route is a handler, or a queue of responses (the last one repeats). Unrouted
// requests get 404. Every request is recorded. QTcpServer-based for exact control of slow
// drips, streams, truncation and hanging.
class RecordedServer final : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<RecordedResponse(const RecordedRequest &)>;
    explicit RecordedServer(QObject *parent = nullptr);
    ~RecordedServer() override;

    bool listen();
    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] QUrl url(const QString &pathAndQuery = {}) const;
    [[nodiscard]] QString base() const; // "http://127.0.0.1:<port>"

    void route(const QByteArray &method, const QString &path, Handler handler);
    void enqueue(const QByteArray &method, const QString &path, QList<RecordedResponse> responses);
    void clearRoutes();

    [[nodiscard]] QList<RecordedRequest> requests() const { return m_requests; }
    [[nodiscard]] QList<RecordedRequest> requests(const QString &path) const;
    void clearRequests() { m_requests.clear(); }
    // Closes every open (streaming / hanging) connection.
    void dropConnections();

    // Mastodon.py cassettes (mastodon/mastodon_py_interactions.jsonl): the recorded exchanges of
    // one cassette whose URI contains `uriContains`, as responses (body + the recorded headers
    // link, date, x-ratelimit-*).
    [[nodiscard]] static QList<RecordedResponse> mastodonInteractions(const QString &cassette,
                                                                      const QString &uriContains);

private:
    void onConnection();
    void onData(QTcpSocket *socket);
    void respond(QPointer<QTcpSocket> socket, const RecordedRequest &req);
    void send(QPointer<QTcpSocket> socket, const RecordedResponse &r);

    QTcpServer m_server;
    QHash<QString, Handler> m_handlers;
    QHash<QString, QList<RecordedResponse>> m_queues;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<QPointer<QTcpSocket>> m_open;
};

// A local WebSocket server (Jetstream stand-in): sends the given messages to each client, in order,
// then keeps the connection open; records the request URL of every connection.
class RecordedWebSocketServer final : public QObject {
    Q_OBJECT
public:
    explicit RecordedWebSocketServer(QObject *parent = nullptr);
    ~RecordedWebSocketServer() override;
    bool listen();
    [[nodiscard]] QUrl url(const QString &path = QStringLiteral("/subscribe")) const;
    // Messages sent to the next client to connect (then cleared).
    void setMessages(const QList<QByteArray> &messages, bool closeAfter = false);
    [[nodiscard]] QList<QUrl> connections() const { return m_connections; }
    void dropClients();

private:
    QWebSocketServer *m_server;
    QList<QByteArray> m_messages;
    bool m_closeAfter = false;
    QList<QUrl> m_connections;
    QList<QPointer<QWebSocket>> m_clients;
};

} // namespace warroom::test
