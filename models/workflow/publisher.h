#pragma once

#include "credentialprovider.h"
#include "replyworkflow.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace warroom {

struct PublisherOptions {
    int maxAttempts = 6;      // per publish() call; the scheduler may call again later
    int baseBackoffMs = 2000; // doubled each try, with jitter
    int maxBackoffMs = 5 * 60 * 1000;
    int requestTimeoutMs = 20000; // a silent server counts as a dropped connection
    int maxRateLimitWaitMs = 15 * 60 * 1000;
    int maxMentionFacets = 8; // Bluesky handles resolved to DIDs per post
};

// Sends approved replies to Mastodon (POST /api/v1/statuses with an Idempotency-Key) and
// Bluesky (com.atproto.repo.createRecord with our own rkey) without ever posting twice: a
// retry reuses the ticket's key, a Bluesky "already exists" is checked and taken as success.
// Before the post:
// - the secret comes from the CredentialProvider (asynchronously; none: a clear refusal);
// - Mastodon: the instance's max_characters (GET /api/v2/instance, else /api/v1/instance, else
//   500; once per instance) and the length check: an over-length reply never leaves;
// - Mastodon: a mention read on another instance is resolved to the posting instance's own
//   status id (GET /api/v2/search?q=<uri>&resolve=true&type=statuses), at most two queries
//   (uri, then url), the match checked before we answer it;
// - Bluesky: the parent's cid and thread root, and @handles resolved to DIDs for mention
//   facets (links, tags and mentions indexed in UTF-8 bytes).
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
    // Asked before every retry: a non-empty reason stops the job (the pause switch was thrown,
    // the reply was withdrawn or edited back to review while we waited).
    void setGate(std::function<QString(const PublishTicket &)> gate) { m_gate = std::move(gate); }

    // The instance's max_characters (no token needed): instanceLimitLearned, or
    // instanceLimitFailed when the instance could not be asked (the caller keeps 500).
    void fetchInstanceLimit(const QUrl &instance);

    // "Test" in the accounts dialog: signs in with the secret and says who we are.
    // Mastodon: GET /api/v1/accounts/verify_credentials (and the limit); Bluesky: createSession.
    void checkAccount(const PublishingAccount &account, const QString &secret,
                      std::function<void(bool ok, const QString &message)> done);

    // Bluesky facets for `text`: links, #tags and the @handles found in `dids`, with UTF-8 byte
    // offsets. Public for tests.
    [[nodiscard]] static QJsonArray facetsFor(const QString &text,
                                              const QHash<QString, QString> &dids = {});
    // The @handles in `text` that Bluesky would link (a dot, a TLD), in order, deduplicated.
    [[nodiscard]] static QStringList blueskyHandles(const QString &text);
    // The status id when `url` is a status on `instance` itself (no search needed), else empty.
    [[nodiscard]] static QString localStatusId(const QString &url, const QUrl &instance);

Q_SIGNALS:
    void published(qint64 replyId, const QString &remoteId, const QString &url);
    // A try failed and another is planned at `retryAt`.
    void attemptFailed(qint64 replyId, const QString &error, const QDateTime &retryAt);
    // Gave up: a permanent refusal (422, 401, too long, no credentials...) or out of attempts;
    // retryAt is when the scheduler may try again (invalid: needs a human).
    void failed(qint64 replyId, const QString &error, const QDateTime &retryAt);
    void instanceLimitLearned(const QUrl &instance, int maxCharacters);
    void instanceLimitFailed(const QUrl &instance, const QString &error);

private:
    struct Job;
    struct Response;
    using Handler = std::function<void(Job &, const Response &)>;

    void start(Job &job);
    void mastodonStep(Job &job);
    void mastodonLimit(Job &job);
    void mastodonResolve(Job &job);
    void mastodonPost(Job &job);
    void blueskyStep(Job &job);
    void blueskySession(Job &job);
    void blueskyParent(Job &job);
    void blueskyResolveHandle(Job &job, const QString &handle);
    void blueskyCreate(Job &job);
    void blueskyCheckExisting(Job &job, const QString &createError);

    // One HTTP exchange; `handler` gets the answer (never for an aborted publisher).
    QNetworkReply *call(QNetworkRequest request, const QByteArray &verb, const QByteArray &body,
                        std::function<void(const Response &)> handler);
    // The same for a job: the handler runs only while the job is still there.
    void step(Job &job, const QNetworkRequest &request, const QByteArray &verb,
              const QByteArray &body, Handler handler);
    // 429 (wait for the reset), 5xx/408/dropped (backoff): planned again, returns true.
    bool retryIfTransient(Job &job, const Response &r);
    void retryLater(Job &job, const QString &error, qint64 waitMs);
    void giveUp(Job &job, const QString &error, bool permanent);
    void succeed(Job &job, const QString &remoteId, const QString &url);
    void requestInstanceLimit(const QUrl &instance, const QString &token,
                              std::function<void(const Response &, int limit)> done,
                              bool v1 = false);
    [[nodiscard]] QString sessionKey(const Job &job) const;
    [[nodiscard]] qint64 backoffMs(int attempt) const;
    [[nodiscard]] static qint64 rateLimitWaitMs(QNetworkReply *reply);

    std::shared_ptr<const CredentialProvider> m_credentials;
    QNetworkAccessManager *m_nam;
    PublisherOptions m_options;
    std::function<QString(const PublishTicket &)> m_gate;
    QHash<qint64, std::shared_ptr<Job>> m_jobs;
    // Bluesky session per PDS + identifier.
    QHash<QString, QPair<QString, QString>> m_sessions; // key → (accessJwt, did)
    // Mastodon max_characters per instance, fetched once.
    QHash<QString, int> m_limits;
};

} // namespace warroom
