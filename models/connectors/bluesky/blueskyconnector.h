#pragma once

#include "common/connector.h"

#include <QHash>
#include <QPointer>
#include <QStringList>

class QWebSocket;

namespace warroom {

// Bluesky for one source:
//  - Search (needs the user's handle + app password): createSession once, keep the session,
//    refreshSession when the access token expires, re-create at most once per kMinCreateGapMs
//    (createSession is limited to 30 / 5 min); searchPosts?q=&sort=latest&since=<newest seen>
//    per keyword, paging back with cursor while pages are entirely new (≤ kMaxPages).
//  - Live: Jetstream WebSocket (no auth), keywords/handles matched client-side; resumes from the
//    saved time_us minus kResumeOverlapUs and dedupes; deletes/updates of matched posts become
//    MentionChanges.
//  - getProfiles (≤ 25 actors per call) fills follower counts (and handles for Jetstream posts).
// sourceId = at:// URI. Rate limits: RateLimit-* (epoch Reset) + Retry-After.
// Id "bluesky:<keywords>".
class BlueskyConnector final : public Connector {
    Q_OBJECT
public:
    static constexpr int kMaxPages = 5;
    static constexpr int kProfilesPerCall = 25;
    static constexpr qint64 kResumeOverlapUs = 5'000'000;
    static constexpr qint64 kMinCreateGapMs = 60'000;
    static constexpr const char *kDefaultService = "https://bsky.social";
    static constexpr const char *kDefaultJetstream =
        "wss://jetstream2.us-east.bsky.network/subscribe";

    BlueskyConnector(const SourceConfig &config, QNetworkAccessManager *nam,
                     QObject *parent = nullptr);
    ~BlueskyConnector() override;
    void restoreCheckpoint(const ConnectorCheckpoint &checkpoint) override;
    [[nodiscard]] static QString makeId(const SourceConfig &config);

    [[nodiscard]] int sessionsCreated() const { return m_sessionsCreated; }
    [[nodiscard]] int sessionsRefreshed() const { return m_sessionsRefreshed; }
    [[nodiscard]] qint64 jetstreamCursor() const { return m_timeUs; }

protected:
    void runCycle() override;
    void openStream() override;
    void closeStream() override;

private:
    void ensureSession(std::function<void(bool ok)> next);
    void createSession(std::function<void(bool ok)> next);
    void refreshSession(std::function<void(bool ok)> next);
    void nextQuery();
    void searchPage(const QString &query, const QString &cursor, int page, bool retried);
    void enrichThenPublish(MentionBatch batch, QList<MentionChange> changes,
                           std::function<void()> then);
    void saveState();
    void onJetstreamMessage(const QString &message);
    void flushStream();
    [[nodiscard]] QUrl xrpc(const QString &method) const;

    QString m_service;
    QString m_pds;
    QByteArray m_accessJwt;
    QByteArray m_refreshJwt;
    QString m_did;
    qint64 m_lastCreateMs = 0;
    int m_sessionsCreated = 0;
    int m_sessionsRefreshed = 0;

    QStringList m_queries;
    QHash<QString, QString> m_since; // query -> newest indexedAt seen (ISO)
    int m_cycleNew = 0;
    int m_queriesOk = 0;
    QStringList m_errors;
    HttpResult m_lastFailure;
    bool m_behind = false;

    QHash<QString, qint64> m_followers; // did/handle -> followers
    QHash<QString, QString> m_handles;  // did -> handle

    QPointer<QWebSocket> m_socket;
    qint64 m_timeUs = 0;
    MentionBatch m_streamBatch;
    QList<MentionChange> m_streamChanges;
    QTimer m_flushTimer;
    bool m_enriching = false;
};

} // namespace warroom
