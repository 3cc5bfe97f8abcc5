#pragma once

#include "replyworkflow.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace warroom {

// One account to post with. Mastodon: baseUrl + token (write:statuses). Bluesky: baseUrl of the
// PDS + identifier (handle or DID) + an app password.
struct ChannelAccount {
    QUrl baseUrl;
    QString token;
    QString identifier;
    QString appPassword;
};

// Where credentials come from (the keychain lives elsewhere). Called on the publisher's thread.
class CredentialProvider {
public:
    virtual ~CredentialProvider() = default;
    [[nodiscard]] virtual std::optional<ChannelAccount> account(const QString &channel) const = 0;
};

class StaticCredentials final : public CredentialProvider {
public:
    void set(const QString &channel, const ChannelAccount &account) {
        m_accounts.insert(channel, account);
    }
    [[nodiscard]] std::optional<ChannelAccount> account(const QString &channel) const override {
        const auto it = m_accounts.constFind(channel);
        return it == m_accounts.constEnd() ? std::nullopt : std::optional(*it);
    }

private:
    QHash<QString, ChannelAccount> m_accounts;
};

struct PublisherOptions {
    int maxAttempts = 6;      // per publish() call; the scheduler may call again later
    int baseBackoffMs = 2000; // doubled each try, with jitter
    int maxBackoffMs = 5 * 60 * 1000;
    int requestTimeoutMs = 20000; // a silent server counts as a dropped connection
    int maxRateLimitWaitMs = 15 * 60 * 1000;
};

// Sends approved replies to Mastodon (POST /api/v1/statuses with an Idempotency-Key) and
// Bluesky (com.atproto.repo.createRecord with our own rkey) without ever posting twice: a
// retry reuses the ticket's key, a Bluesky "already exists" is checked and taken as success.
// Retries 5xx, timeouts and dropped connections with exponential backoff + jitter; 429 waits
// for the server's reset time. Non-blocking (QNetworkAccessManager). Takes only PublishTickets,
// which ReplyWorkflow::beginPublish hands out after checking the state.
// Lives on the thread that created it (WorkflowService's thread in the app).
class Publisher final : public QObject {
    Q_OBJECT
public:
    explicit Publisher(std::shared_ptr<const CredentialProvider> credentials,
                       QObject *parent = nullptr);
    ~Publisher() override;

    void setOptions(const PublisherOptions &options) { m_options = options; }
    [[nodiscard]] const PublisherOptions &options() const { return m_options; }
    [[nodiscard]] bool isBusy(qint64 replyId) const { return m_jobs.contains(replyId); }
    [[nodiscard]] int inFlight() const { return int(m_jobs.size()); }

    // Ignored while the same reply is in flight.
    void publish(const PublishTicket &ticket);

Q_SIGNALS:
    void published(qint64 replyId, const QString &remoteId, const QString &url);
    // A try failed and another is planned at `retryAt`.
    void attemptFailed(qint64 replyId, const QString &error, const QDateTime &retryAt);
    // Gave up: a permanent refusal (422, 401...) or out of attempts; retryAt is when the
    // scheduler may try again (invalid: needs a human).
    void failed(qint64 replyId, const QString &error, const QDateTime &retryAt);

private:
    struct Job;
    void start(Job &job);
    void mastodonPost(Job &job);
    void blueskySession(Job &job);
    void blueskyParent(Job &job);
    void blueskyCreate(Job &job);
    void blueskyCheckExisting(Job &job, const QString &createError);
    void retryLater(Job &job, const QString &error, qint64 waitMs);
    void giveUp(Job &job, const QString &error, bool permanent);
    void succeed(Job &job, const QString &remoteId, const QString &url);
    QNetworkReply *send(Job &job, QNetworkRequest request, const QByteArray &verb,
                        const QByteArray &body);
    [[nodiscard]] qint64 backoffMs(int attempt) const;
    [[nodiscard]] static qint64 rateLimitWaitMs(QNetworkReply *reply);

    std::shared_ptr<const CredentialProvider> m_credentials;
    QNetworkAccessManager *m_nam;
    PublisherOptions m_options;
    QHash<qint64, std::shared_ptr<Job>> m_jobs;
    // Bluesky session per PDS + identifier.
    QHash<QString, QPair<QString, QString>> m_sessions; // key → (accessJwt, did)
};

} // namespace warroom
