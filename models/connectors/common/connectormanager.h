#pragma once

#include "common/connector.h"
#include "common/sourceconfig.h"
#include "domain/mention.h"
#include "store/mentionwriter.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QThreadPool;

namespace warroom {

class CredentialStore;
class IngestPipeline;

// Owns the live connectors of a war room. Lives on the GUI thread (or a CLI's main thread);
// never blocks it: checkpoints are read from the store on a worker, and every batch goes through
// IngestPipeline (language + sentiment) on a single-thread pool, so batches leave in the order
// they were collected and a connector's checkpoints are saved in order.
//
// GUI wiring (composition root):
//   auto *sources = new ConnectorManager(storePath, this);
//   connect(sources, &ConnectorManager::batchAnalysed, writerThread->writer(),
//           &StoreWriter::submitFrom, Qt::QueuedConnection);
//   connect(sources, &ConnectorManager::healthChanged, healthStrip, &HealthStrip::updateHealth);
//   connect(sources, &ConnectorManager::removed, healthStrip, &HealthStrip::removeConnector);
//   sources->setSources(SourcesFile::load(...));  sources->start();
class ConnectorManager final : public QObject {
    Q_OBJECT
public:
    explicit ConnectorManager(QString storePath, QObject *parent = nullptr);
    ~ConnectorManager() override;

    // Replaces the configured sources: connectors whose id is unchanged keep running, others are
    // stopped and removed, new ones are created (and started when the manager is running).
    void setSources(const QList<SourceConfig> &sources);
    [[nodiscard]] QList<SourceConfig> sources() const { return m_sources; }
    // Adds a connector built elsewhere (tests); the manager takes ownership.
    void addConnector(Connector *connector);
    [[nodiscard]] QList<Connector *> connectors() const;
    [[nodiscard]] Connector *connector(const QString &id) const;
    [[nodiscard]] QList<ConnectorHealth> health() const;

    // Reads checkpoints (worker thread), reads secrets (keychain), then starts every connector.
    void start();
    // One cycle of every connector; emits finished() when all are done and every batch was
    // analysed and handed on.
    void pollOnce();
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }

    // Secrets: by default from the keychain; the CLI adds an environment fallback.
    using SecretLookup = std::function<QString(const SourceConfig &, const QString &key)>;
    void setSecretFallback(SecretLookup lookup) { m_secretFallback = std::move(lookup); }
    [[nodiscard]] CredentialStore *credentials() const { return m_credentials; }
    [[nodiscard]] QNetworkAccessManager *network() const { return m_nam; }

    // Analysis off by default? No: on. Tests may turn it off to check raw connector output.
    void setAnalyse(bool on) { m_analyse = on; }
    // Tests: shorter intervals/backoff for every connector created from now on.
    void setTuning(int pollMs, const Backoff &backoff, const HttpLimits &limits);

    // "Test connection" in the sources dialog: one cycle of a throwaway connector, nothing
    // written; the callback gets ok and a sentence for the user.
    void testSource(const SourceConfig &config, const QString &secret, QObject *context,
                    std::function<void(bool ok, const QString &message)> done);

    // Creates the connectors for one configured source (one per Mastodon instance).
    [[nodiscard]] static QList<Connector *>
    createConnectors(const SourceConfig &config, QNetworkAccessManager *nam, QObject *parent);

Q_SIGNALS:
    // Analysed mentions + edits/deletes + checkpoint: write them in one transaction
    // (StoreWriter::submitFrom / MentionWriter::write).
    void batchAnalysed(const warroom::MentionBatch &batch,
                       const QList<warroom::MentionChange> &changes,
                       const warroom::ConnectorCheckpoint &checkpoint);
    void healthChanged(const warroom::ConnectorHealth &health);
    void removed(const QString &connectorId);
    void started();
    // pollOnce(): every connector finished its cycle and every batch was handed on.
    // results: connector id -> (ok, one-line summary).
    void finished(bool anyOk, const QHash<QString, QPair<bool, QString>> &results);
    void message(const QString &line); // a line for the status bar / stderr

private:
    void adopt(Connector *c);
    void onBatch(const MentionBatch &batch, const QList<MentionChange> &changes,
                 const ConnectorCheckpoint &checkpoint);
    void restoreThen(std::function<void()> next);
    void loadSecretsThen(std::function<void()> next);
    void checkOnceDone();

    QString m_storePath;
    QNetworkAccessManager *m_nam;
    CredentialStore *m_credentials;
    std::unique_ptr<QThreadPool> m_pool;
    std::shared_ptr<const IngestPipeline> m_pipeline;
    QList<SourceConfig> m_sources;
    QList<QPointer<Connector>> m_connectors;
    SecretLookup m_secretFallback;
    bool m_running = false;
    bool m_once = false;
    bool m_analyse = true;
    int m_pending = 0; // batches in analysis
    QHash<QString, QPair<bool, QString>> m_onceResults;
    int m_tunePollMs = 0;
    Backoff m_tuneBackoff;
    HttpLimits m_tuneLimits;
    bool m_tuned = false;
};

} // namespace warroom
