#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace warroom::test {

// A local fake of the Mastodon and Bluesky write APIs on 127.0.0.1, for publishing tests. It
// keeps what was posted, honours Mastodon's Idempotency-Key and Bluesky's rkey the way the real
// servers do, validates like them (422 over length, 404 unknown parent, 401 bad token) and can
// be told to misbehave per path: a 500, a 429 with reset headers, a connection dropped after the
// post was stored, or no answer at all. GUI/test thread.
class FakeSocialServer final : public QObject {
    Q_OBJECT
public:
    enum class Fault {
        Status500,
        Status429,
        Status422,
        DropAfterStoring,
        DropBeforeStoring,
        Stall
    };
    // Which instance API tells max_characters: v2 (Mastodon ≥ 4), only v1 (older Mastodon:
    // configuration.statuses), only v1's max_toot_chars (Pleroma, Akkoma), or none (404s).
    enum class InstanceApi { V2, V1, V1MaxTootChars, None };

    struct Request {
        QByteArray method;
        QByteArray path;
        QByteArray query;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        QDateTime at;
        [[nodiscard]] QJsonObject json() const;
    };

    explicit FakeSocialServer(QObject *parent = nullptr);
    ~FakeSocialServer() override;
    bool listen();
    [[nodiscard]] QUrl baseUrl() const;

    // The next request to `path` gets this fault instead of the normal answer (FIFO).
    void queueFault(const QByteArray &path, Fault fault);
    // Seconds a 429 asks the client to wait.
    void setRateLimitWait(int seconds) { m_rateLimitWait = seconds; }
    // What the instance enforces (422 above it) and announces (GET /api/v2/instance).
    void setMaxCharacters(int n) { m_maxChars = n; }
    void setInstanceApi(InstanceApi api) { m_instanceApi = api; }

    // Known posts to reply to.
    void addMastodonStatus(const QString &id);
    // A post of another server this instance can fetch: GET /api/v2/search?q=<uri or url>
    // &resolve=true (with the token) finds it under `localId`.
    void addRemoteStatus(const QString &uri, const QString &url, const QString &localId);
    // Bluesky handle → DID for com.atproto.identity.resolveHandle.
    void addHandle(const QString &handle, const QString &did) { m_handles.insert(handle, did); }
    void addBlueskyPost(const QString &did, const QString &rkey, const QString &text,
                        const QString &rootUri = {});

    [[nodiscard]] const QList<Request> &requests() const { return m_requests; }
    [[nodiscard]] QList<Request> requestsTo(const QByteArray &path) const;
    [[nodiscard]] const QList<QJsonObject> &statuses() const {
        return m_statuses;
    }                                                      // Mastodon posts
    [[nodiscard]] QList<QJsonObject> blueskyPosts() const; // created by clients (not seeded)

    static constexpr const char *kToken = "mastodon-test-token";
    static constexpr const char *kIdentifier = "brand.example";
    static constexpr const char *kAppPassword = "abcd-efgh-ijkl-mnop";
    static constexpr const char *kDid = "did:plc:brandfake";

private:
    void onConnection();
    void onReadyRead(QTcpSocket *socket);
    void handle(QTcpSocket *socket, const Request &request);
    void respond(QTcpSocket *socket, int status, const QJsonObject &body,
                 const QList<QPair<QByteArray, QByteArray>> &headers = {});
    // Returns false when the socket was dropped/stalled (no answer to send).
    bool mastodonStatuses(QTcpSocket *socket, const Request &r, const QList<Fault> &faults);
    void blueskyCreate(QTcpSocket *socket, const Request &r, bool drop);
    void blueskyGet(QTcpSocket *socket, const Request &r);
    void mastodonSearch(QTcpSocket *socket, const Request &r);
    void mastodonInstance(QTcpSocket *socket, const Request &r);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QHash<QByteArray, QList<Fault>> m_faults;
    QList<Request> m_requests;
    QList<QJsonObject> m_statuses;
    QHash<QString, QJsonObject> m_byIdempotencyKey;
    QSet<QString> m_mastodonIds;
    QHash<QString, QJsonObject> m_records; // at-uri → {uri, cid, value}
    QSet<QString> m_seeded;
    QList<QJsonObject> m_remote; // {id, uri, url} the instance can resolve
    QHash<QString, QString> m_handles;
    InstanceApi m_instanceApi = InstanceApi::V2;
    QString m_accessJwt = QStringLiteral("jwt-1");
    int m_rateLimitWait = 1;
    int m_maxChars = 500;
    int m_nextId = 1000;
};

} // namespace warroom::test
