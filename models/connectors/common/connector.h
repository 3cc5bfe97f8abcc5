#pragma once

#include "common/backoff.h"
#include "common/httpfetch.h"
#include "common/sourceconfig.h"
#include "domain/mention.h"
#include "store/mentionwriter.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>

#include <QNetworkAccessManager>

namespace warroom {

// Where a connector stands, as the health strip shows it.
enum class ConnectorState : int { Idle = 0, Connecting, Live, Lagging, BackingOff, Failed };
[[nodiscard]] QString connectorStateName(ConnectorState s);  // "idle", "connecting", "live", ...
[[nodiscard]] QString connectorStateLabel(ConnectorState s); // "Idle", "Backing off", ... (tr)

struct ConnectorHealth {
    QString id;    // Connector::id(), e.g. "mastodon:mastodon.social#orrin"
    QString kind;  // "rss", "mastodon", "bluesky", "hn", "replay"
    QString label; // what the user named the source (or a generated name)
    ConnectorState state = ConnectorState::Idle;
    QDateTime lastItemAt;    // newest item's own time (UTC)
    QDateTime lastSuccessAt; // last successful request/cycle
    QDateTime nextRetryAt;   // when the next attempt is due (backing off / polling)
    QString lastError;       // one line, empty when the last attempt worked
    qint64 itemsTotal = 0;   // mentions handed on since start
    int consecutiveFailures = 0;
    // How far behind the source the connector is; -1 when unknown.
    [[nodiscard]] qint64 lagSeconds(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
};

// Base of every live source. A QObject on the thread of its QNetworkAccessManager (the GUI thread
// is fine: all I/O is asynchronous, parsing of big bodies goes to a worker). Never blocks.
//
// Life: the manager restores the checkpoint (restoreCheckpoint), then start() (continuous) or
// pollOnce() (one cycle, `warroom collect --once`). Subclasses implement runCycle() and call
// cycleSucceeded()/cycleFailed(); the base schedules the next cycle, backs off exponentially with
// jitter on 429/5xx/timeouts/network errors, waits for rate-limit resets, and publishes health.
class Connector : public QObject {
    Q_OBJECT
public:
    Connector(SourceConfig config, QString id, QNetworkAccessManager *nam,
              QObject *parent = nullptr);
    ~Connector() override;

    [[nodiscard]] QString id() const { return m_id; }
    [[nodiscard]] const SourceConfig &config() const { return m_config; }
    [[nodiscard]] ConnectorHealth health() const { return m_health; }
    [[nodiscard]] ConnectorCheckpoint checkpoint() const { return m_checkpoint; }
    [[nodiscard]] bool isRunning() const { return m_running; }

    // Before start(): what the store saved last time (invalid = first run).
    virtual void restoreCheckpoint(const ConnectorCheckpoint &checkpoint);
    // The secret (Mastodon token, Bluesky app password) read from the keychain; never stored.
    // whyMissing: when the secret could not be read (no keychain service), the reason, shown as
    // the connector's error if it needs the secret.
    void setSecret(const QString &secret, const QString &whyMissing = {}) {
        m_secret = secret;
        m_secretProblem = whyMissing;
    }
    // Keychain entry holding this connector's secret; empty when it needs none.
    void setSecretKey(const QString &key) { m_secretKey = key; }
    [[nodiscard]] QString secretKey() const { return m_secretKey; }
    // Continuous collection: first cycle now, then every pollInterval (streams stay open).
    virtual void start();
    virtual void stop();
    // One cycle, then stop; emits onceFinished(ok, summary). Streams are read for at most
    // onceStreamMs (default 0: streaming connectors only poll in --once mode).
    virtual void pollOnce();

    // Tuning (tests shorten these).
    void setPollInterval(int ms) { m_pollMs = ms; }
    [[nodiscard]] int pollInterval() const { return m_pollMs; }
    void setBackoff(const Backoff &b) { m_backoff = b; }
    void setHttpLimits(const HttpLimits &limits) { m_limits = limits; }

Q_SIGNALS:
    // Mentions (not yet analysed), edits/deletions and where the connector stands, to be written
    // in one transaction. The checkpoint is always valid (connector == id()).
    void batchReady(const warroom::MentionBatch &batch,
                    const QList<warroom::MentionChange> &changes,
                    const warroom::ConnectorCheckpoint &checkpoint);
    void healthChanged(const warroom::ConnectorHealth &health);
    void onceFinished(bool ok, const QString &summary);

protected:
    // One poll cycle. Must end (possibly much later) with exactly one call to cycleSucceeded or
    // cycleFailed, unless stop() was called meanwhile (check isCurrent(generation)).
    virtual void runCycle() = 0;
    // Streaming connectors: open the stream after the first successful cycle (start() only).
    virtual void openStream() {}
    virtual void closeStream() {}

    // Hands on what was collected; updates lastItemAt and itemsTotal; always saves the checkpoint.
    void publish(MentionBatch batch, QList<MentionChange> changes = {});
    void cycleSucceeded(const QString &summary, bool behind = false);
    // error: one line for the user; retryAt: earliest next attempt (rate-limit reset), or invalid.
    void cycleFailed(const QString &error, bool retryable, const QDateTime &retryAt = {});
    void cycleFailed(const HttpResult &result);
    void setState(ConnectorState state);
    // Streams: report connected / dropped; a drop is a retryable failure.
    void streamLive();
    void streamFailed(const QString &error, const QDateTime &retryAt = {});

    // GET/POST with the connector's limits, rate-limit bookkeeping and redirect policy.
    void fetch(HttpRequestSpec spec, std::function<void(const HttpResult &)> done);
    // Remembers the source's rate limit; requests wait until reset when remaining == 0.
    void noteRateLimit(const RateLimitInfo &info);
    [[nodiscard]] QDateTime rateLimitedUntil() const;

    // In-memory dedupe of ids already handed on (bounded, oldest forgotten first).
    bool markSeen(const QString &sourceId);

    [[nodiscard]] QNetworkAccessManager *network() const { return m_nam; }
    [[nodiscard]] QString secret() const { return m_secret; }
    [[nodiscard]] QString secretProblem() const { return m_secretProblem; }
    [[nodiscard]] const HttpLimits &limits() const { return m_limits; }
    [[nodiscard]] const Backoff &backoff() const { return m_backoff; }
    // Changes whenever stop() is called: callbacks of an older generation are dropped.
    [[nodiscard]] quint64 generation() const { return m_generation; }
    [[nodiscard]] bool onceMode() const { return m_once; }
    ConnectorCheckpoint m_checkpoint;

private:
    void scheduleNext(int ms);
    void beginCycle();
    void emitHealth();

    SourceConfig m_config;
    QString m_id;
    QPointer<QNetworkAccessManager> m_nam;
    QString m_secret;
    QString m_secretProblem;
    QString m_secretKey;
    quint64 m_generation = 0;
    QTimer m_streamTimer;
    int m_streamFailures = 0;
    ConnectorHealth m_health;
    Backoff m_backoff;
    HttpLimits m_limits;
    RateLimitInfo m_rateLimit;
    QTimer m_timer;
    int m_pollMs = 60'000;
    bool m_running = false;
    bool m_once = false;
    bool m_inCycle = false;
    bool m_streamOpened = false;
    QSet<QString> m_seen;
    QList<QString> m_seenOrder;
    static constexpr qsizetype kMaxSeen = 50'000;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::ConnectorHealth)
