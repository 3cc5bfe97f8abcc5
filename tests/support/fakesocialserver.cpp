#include "fakesocialserver.h"

#include "workflow/channellength.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace warroom::test {

QJsonObject FakeSocialServer::Request::json() const {
    return QJsonDocument::fromJson(body).object();
}

FakeSocialServer::FakeSocialServer(QObject *parent)
    : QObject(parent) {
    connect(&m_server, &QTcpServer::newConnection, this, &FakeSocialServer::onConnection);
}

FakeSocialServer::~FakeSocialServer() {
    // The sockets are the server's children: silence them before the members they touch go.
    const QList<QTcpSocket *> sockets = m_server.findChildren<QTcpSocket *>();
    for (QTcpSocket *s : sockets) {
        s->disconnect(this);
        delete s;
    }
}

bool FakeSocialServer::listen() {
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeSocialServer::baseUrl() const {
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_server.serverPort());
    return u;
}

void FakeSocialServer::queueFault(const QByteArray &path, Fault fault) {
    m_faults[path].append(fault);
}

void FakeSocialServer::addMastodonStatus(const QString &id) {
    m_mastodonIds.insert(id);
}

void FakeSocialServer::addRemoteStatus(const QString &uri, const QString &url,
                                       const QString &localId) {
    m_remote.append(QJsonObject{{QStringLiteral("id"), localId},
                                {QStringLiteral("uri"), uri},
                                {QStringLiteral("url"), url}});
    m_mastodonIds.insert(localId);
}

void FakeSocialServer::addBlueskyPost(const QString &did, const QString &rkey, const QString &text,
                                      const QString &rootUri) {
    const QString uri = QStringLiteral("at://%1/app.bsky.feed.post/%2").arg(did, rkey);
    QJsonObject value{{QStringLiteral("text"), text}};
    if (!rootUri.isEmpty()) {
        const QJsonObject root{{QStringLiteral("uri"), rootUri},
                               {QStringLiteral("cid"), QStringLiteral("cid-root")}};
        value.insert(QStringLiteral("reply"),
                     QJsonObject{{QStringLiteral("root"), root}, {QStringLiteral("parent"), root}});
    }
    m_records.insert(uri, QJsonObject{{QStringLiteral("uri"), uri},
                                      {QStringLiteral("cid"), QStringLiteral("cid-") + rkey},
                                      {QStringLiteral("value"), value}});
    m_seeded.insert(uri);
}

QList<FakeSocialServer::Request> FakeSocialServer::requestsTo(const QByteArray &path) const {
    QList<Request> out;
    for (const Request &r : m_requests) {
        if (r.path == path)
            out.append(r);
    }
    return out;
}

QList<QJsonObject> FakeSocialServer::blueskyPosts() const {
    QList<QJsonObject> out;
    for (auto it = m_records.cbegin(); it != m_records.cend(); ++it) {
        if (!m_seeded.contains(it.key()))
            out.append(it.value());
    }
    return out;
}

void FakeSocialServer::onConnection() {
    while (QTcpSocket *s = m_server.nextPendingConnection()) {
        connect(s, &QTcpSocket::readyRead, this, [this, s] { onReadyRead(s); });
        connect(s, &QTcpSocket::disconnected, this, [this, s] {
            m_buffers.remove(s);
            s->deleteLater();
        });
    }
}

void FakeSocialServer::onReadyRead(QTcpSocket *socket) {
    QByteArray &buf = m_buffers[socket];
    buf += socket->readAll();
    while (true) {
        const qsizetype headerEnd = buf.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buf.left(headerEnd).split('\n');
        Request r;
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        const QByteArray target = first.value(1);
        const qsizetype q = target.indexOf('?');
        r.path = q < 0 ? target : target.left(q);
        r.query = q < 0 ? QByteArray() : target.mid(q + 1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                r.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                 lines.at(i).mid(colon + 1).trimmed());
        }
        const qsizetype length = r.headers.value("content-length", "0").toLongLong();
        if (buf.size() < headerEnd + 4 + length)
            return;
        r.body = buf.mid(headerEnd + 4, length);
        buf.remove(0, headerEnd + 4 + length);
        r.at = QDateTime::currentDateTimeUtc();
        m_requests.append(r);
        handle(socket, r);
        if (!m_buffers.contains(socket) || socket->state() != QAbstractSocket::ConnectedState)
            return;
    }
}

void FakeSocialServer::respond(QTcpSocket *socket, int status, const QJsonObject &body,
                               const QList<QPair<QByteArray, QByteArray>> &headers) {
    const QByteArray payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " X\r\n";
    out +=
        "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(payload.size()) +
        "\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n" + payload;
    socket->write(out);
    socket->flush();
}

void FakeSocialServer::handle(QTcpSocket *socket, const Request &r) {
    QList<Fault> faults;
    Fault fault{};
    bool faulted = false;
    if (auto it = m_faults.find(r.path); it != m_faults.end() && !it->isEmpty()) {
        fault = it->takeFirst();
        faulted = true;
    }
    if (faulted) {
        switch (fault) {
        case Fault::Status500:
            return respond(socket, 500,
                           {{QStringLiteral("error"), QStringLiteral("Internal error")}});
        case Fault::Status422:
            return respond(socket, 422,
                           {{QStringLiteral("error"),
                             QStringLiteral("Validation failed: Text has already been posted")}});
        case Fault::Status429: {
            const QDateTime now = QDateTime::currentDateTimeUtc();
            return respond(socket, 429,
                           {{QStringLiteral("error"), QStringLiteral("Too many requests")}},
                           {{"Date", now.toString(Qt::RFC2822Date).toLatin1()},
                            {"X-RateLimit-Limit", "300"},
                            {"X-RateLimit-Remaining", "0"},
                            {"X-RateLimit-Reset",
                             now.addSecs(m_rateLimitWait).toString(Qt::ISODateWithMs).toLatin1()},
                            {"RateLimit-Reset",
                             QByteArray::number(now.addSecs(m_rateLimitWait).toSecsSinceEpoch())}});
        }
        case Fault::DropBeforeStoring:
            socket->abort();
            return;
        case Fault::DropAfterStoring:
        case Fault::Stall:
            faults.append(fault);
            break;
        }
    }
    if (r.path == "/api/v1/statuses" && r.method == "POST") {
        mastodonStatuses(socket, r, faults);
        return;
    }
    if (r.path == "/xrpc/com.atproto.server.createSession") {
        const QJsonObject o = r.json();
        if (o.value(QStringLiteral("identifier")).toString() != QLatin1StringView(kIdentifier) ||
            o.value(QStringLiteral("password")).toString() != QLatin1StringView(kAppPassword))
            return respond(
                socket, 401,
                {{QStringLiteral("error"), QStringLiteral("AuthenticationRequired")},
                 {QStringLiteral("message"), QStringLiteral("Invalid identifier or password")}});
        return respond(socket, 200,
                       {{QStringLiteral("accessJwt"), m_accessJwt},
                        {QStringLiteral("refreshJwt"), QStringLiteral("refresh")},
                        {QStringLiteral("did"), QString::fromLatin1(kDid)},
                        {QStringLiteral("handle"), QString::fromLatin1(kIdentifier)}});
    }
    if (r.path == "/xrpc/com.atproto.repo.createRecord") {
        if (!faults.isEmpty() && faults.first() == Fault::Stall) {
            blueskyCreate(nullptr, r, false);
            return; // never answers
        }
        return blueskyCreate(socket, r, !faults.isEmpty());
    }
    if (r.path == "/xrpc/com.atproto.repo.getRecord")
        return blueskyGet(socket, r);
    if (r.path == "/xrpc/com.atproto.identity.resolveHandle") {
        const QString handle = QUrlQuery(QString::fromUtf8(r.query))
                                   .queryItemValue(QStringLiteral("handle"), QUrl::FullyDecoded);
        if (!m_handles.contains(handle))
            return respond(
                socket, 400,
                {{QStringLiteral("error"), QStringLiteral("InvalidRequest")},
                 {QStringLiteral("message"), QStringLiteral("Unable to resolve handle")}});
        return respond(socket, 200, {{QStringLiteral("did"), m_handles.value(handle)}});
    }
    if (r.path == "/api/v2/search")
        return mastodonSearch(socket, r);
    if (r.path == "/api/v2/instance" || r.path == "/api/v1/instance")
        return mastodonInstance(socket, r);
    if (r.path == "/api/v1/accounts/verify_credentials") {
        if (r.headers.value("authorization") != QByteArray("Bearer ") + kToken)
            return respond(
                socket, 401,
                {{QStringLiteral("error"), QStringLiteral("The access token is invalid")}});
        return respond(socket, 200,
                       {{QStringLiteral("id"), QStringLiteral("1")},
                        {QStringLiteral("acct"), QStringLiteral("brand")}});
    }
    respond(socket, 404, {{QStringLiteral("error"), QStringLiteral("Not found")}});
}

bool FakeSocialServer::mastodonStatuses(QTcpSocket *socket, const Request &r,
                                        const QList<Fault> &faults) {
    if (r.headers.value("authorization") != QByteArray("Bearer ") + kToken) {
        respond(socket, 401,
                {{QStringLiteral("error"), QStringLiteral("The access token is invalid")}});
        return true;
    }
    const QString key = QString::fromLatin1(r.headers.value("idempotency-key"));
    QJsonObject status;
    if (!key.isEmpty() && m_byIdempotencyKey.contains(key)) {
        status = m_byIdempotencyKey.value(key); // what Mastodon does: the same status again
    } else {
        const QJsonObject o = r.json();
        const QString text = o.value(QStringLiteral("status")).toString();
        if (ChannelLength::mastodonCount(text) > m_maxChars) {
            respond(socket, 422,
                    {{QStringLiteral("error"),
                      QStringLiteral("Validation failed: Text character limit of %1 exceeded")
                          .arg(m_maxChars)}});
            return true;
        }
        const QString parent = o.value(QStringLiteral("in_reply_to_id")).toString();
        if (!parent.isEmpty() && !m_mastodonIds.contains(parent)) {
            respond(socket, 404, {{QStringLiteral("error"), QStringLiteral("Record not found")}});
            return true;
        }
        const QString id = QString::number(++m_nextId);
        status = QJsonObject{
            {QStringLiteral("id"), id},
            {QStringLiteral("url"), baseUrl().toString() + QStringLiteral("/@brand/") + id},
            {QStringLiteral("content"), text},
            {QStringLiteral("in_reply_to_id"),
             parent.isEmpty() ? QJsonValue() : QJsonValue(parent)},
            {QStringLiteral("language"), o.value(QStringLiteral("language"))}};
        m_statuses.append(status);
        m_mastodonIds.insert(id);
        if (!key.isEmpty())
            m_byIdempotencyKey.insert(key, status);
    }
    if (!faults.isEmpty()) {
        if (faults.first() == Fault::DropAfterStoring)
            socket->abort();
        return false; // stored, but the client never hears about it
    }
    respond(socket, 200, status);
    return true;
}

void FakeSocialServer::blueskyCreate(QTcpSocket *socket, const Request &r, bool drop) {
    auto answer = [&](int status, const QJsonObject &body) {
        if (socket)
            respond(socket, status, body);
    };
    if (r.headers.value("authorization") != "Bearer " + m_accessJwt.toLatin1())
        return answer(401, {{QStringLiteral("error"), QStringLiteral("ExpiredToken")}});
    const QJsonObject o = r.json();
    const QString repo = o.value(QStringLiteral("repo")).toString();
    const QString rkey = o.value(QStringLiteral("rkey")).toString();
    const QJsonObject record = o.value(QStringLiteral("record")).toObject();
    if (repo != QLatin1StringView(kDid))
        return answer(400, {{QStringLiteral("error"), QStringLiteral("InvalidRequest")},
                            {QStringLiteral("message"), QStringLiteral("repo is not yours")}});
    if (ChannelLength::graphemes(record.value(QStringLiteral("text")).toString()) > 300)
        return answer(400, {{QStringLiteral("error"), QStringLiteral("InvalidRequest")},
                            {QStringLiteral("message"),
                             QStringLiteral("Record/text must not be longer than 300 graphemes")}});
    const QString uri = QStringLiteral("at://%1/app.bsky.feed.post/%2").arg(repo, rkey);
    if (m_records.contains(uri))
        return answer(400, {{QStringLiteral("error"), QStringLiteral("InvalidRequest")},
                            {QStringLiteral("message"), QStringLiteral("Record already exists")}});
    const QString cid = QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(record).toJson(), QCryptographicHash::Sha256)
            .toHex()
            .left(20));
    m_records.insert(uri, QJsonObject{{QStringLiteral("uri"), uri},
                                      {QStringLiteral("cid"), cid},
                                      {QStringLiteral("value"), record}});
    if (drop) {
        if (socket)
            socket->abort();
        return;
    }
    answer(200, {{QStringLiteral("uri"), uri}, {QStringLiteral("cid"), cid}});
}

void FakeSocialServer::mastodonSearch(QTcpSocket *socket, const Request &r) {
    if (r.headers.value("authorization") != QByteArray("Bearer ") + kToken)
        return respond(socket, 401,
                       {{QStringLiteral("error"), QStringLiteral("The access token is invalid")}});
    // The value exactly as sent: fully percent-encoded, '+' is a plus.
    QString q;
    bool resolve = false;
    for (const QByteArray &pair : r.query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        const QByteArray key = pair.left(eq);
        const QString value = QUrl::fromPercentEncoding(pair.mid(eq + 1));
        if (key == "q")
            q = value;
        else if (key == "resolve")
            resolve = value == u"true";
    }
    QJsonArray found;
    for (const QJsonObject &s : std::as_const(m_remote)) {
        if (resolve && (s.value(QStringLiteral("uri")).toString() == q ||
                        s.value(QStringLiteral("url")).toString() == q))
            found.append(s);
    }
    // Like a real instance's full-text search: a post that only quotes the URL comes back too.
    if (!q.isEmpty())
        found.append(QJsonObject{
            {QStringLiteral("id"), QStringLiteral("999")},
            {QStringLiteral("uri"), baseUrl().toString() + QStringLiteral("/users/x/statuses/999")},
            {QStringLiteral("url"), baseUrl().toString() + QStringLiteral("/@x/999")},
            {QStringLiteral("content"), QStringLiteral("look at ") + q}});
    respond(socket, 200,
            {{QStringLiteral("accounts"), QJsonArray()},
             {QStringLiteral("statuses"), found},
             {QStringLiteral("hashtags"), QJsonArray()}});
}

void FakeSocialServer::mastodonInstance(QTcpSocket *socket, const Request &r) {
    const QJsonObject configuration{
        {QStringLiteral("statuses"), QJsonObject{{QStringLiteral("max_characters"), m_maxChars}}}};
    const bool v2 = r.path == "/api/v2/instance";
    switch (m_instanceApi) {
    case InstanceApi::V2:
        return respond(socket, 200, {{QStringLiteral("configuration"), configuration}});
    case InstanceApi::V1:
        if (!v2)
            return respond(socket, 200, {{QStringLiteral("configuration"), configuration}});
        break;
    case InstanceApi::V1MaxTootChars:
        if (!v2)
            return respond(socket, 200, {{QStringLiteral("max_toot_chars"), m_maxChars}});
        break;
    case InstanceApi::None:
        break;
    }
    respond(socket, 404, {{QStringLiteral("error"), QStringLiteral("Not found")}});
}

void FakeSocialServer::blueskyGet(QTcpSocket *socket, const Request &r) {
    const QUrlQuery q(QString::fromUtf8(r.query));
    const QString uri = QStringLiteral("at://%1/%2/%3")
                            .arg(q.queryItemValue(QStringLiteral("repo"), QUrl::FullyDecoded),
                                 q.queryItemValue(QStringLiteral("collection"), QUrl::FullyDecoded),
                                 q.queryItemValue(QStringLiteral("rkey"), QUrl::FullyDecoded));
    if (!m_records.contains(uri))
        return respond(
            socket, 400,
            {{QStringLiteral("error"), QStringLiteral("RecordNotFound")},
             {QStringLiteral("message"), QStringLiteral("Could not locate record: ") + uri}});
    respond(socket, 200, m_records.value(uri));
}

} // namespace warroom::test
