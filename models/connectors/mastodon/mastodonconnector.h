#pragma once

#include "common/connector.h"
#include "mastodon/sseparser.h"

#include <QHash>
#include <QJsonArray>
#include <QPointer>
#include <QStringList>

class QNetworkReply;

namespace warroom {

// One Mastodon instance for one source (the manager makes one per instance).
//  - Hashtag timelines, no token: GET /api/v1/timelines/tag/:tag?limit=40&min_id=<cursor>,
//    paging forward (Link rel="prev" min_id) up to kMaxPages per cycle; the first run takes the
//    latest page only.
//  - Keyword search, token: GET /api/v2/search?q=&type=statuses&limit=40&min_id=<cursor>.
//  - Streaming, token: SSE /api/v1/streaming/hashtag?tag= per tag: update → mention,
//    status.update → MentionChange Edited, delete → MentionChange Deleted (the local id is
//    mapped to the uri of a status seen since start), ':' heartbeats; lines are bounded.
// sourceId = status uri (global); a boost stores the original once, reposts = the original's
// reblogs_count (or the boosts seen, whichever is larger). Rate limits: X-RateLimit-* with an ISO
// Reset and no Retry-After, corrected with the server's Date.
// Id "mastodon:<host>#tag,tag[?keyword,keyword]"; cursors per tag/keyword in stateJson.
class MastodonConnector final : public Connector {
    Q_OBJECT
public:
    static constexpr int kPageLimit = 40;
    static constexpr int kMaxPages = 10;

    MastodonConnector(const SourceConfig &config, QString instanceBase, QNetworkAccessManager *nam,
                      QObject *parent = nullptr);
    ~MastodonConnector() override;
    void restoreCheckpoint(const ConnectorCheckpoint &checkpoint) override;
    [[nodiscard]] static QString makeId(const SourceConfig &config, const QString &instanceBase);
    [[nodiscard]] QString instance() const { return m_base; }

    // Stream events handled since start (tests and the tooltip).
    [[nodiscard]] int streamEvents() const { return m_streamEvents; }
    [[nodiscard]] int heartbeats() const;

protected:
    void runCycle() override;
    void openStream() override;
    void closeStream() override;

private:
    struct Job {
        bool search = false;
        QString term;
    };
    void nextJob();
    void fetchPage(const Job &job, int page);
    // Converts statuses (newest first) into mentions; returns how many were new.
    int ingest(const QJsonArray &statuses, MentionBatch *batch);
    void saveCursors();
    void openTagStream(const QString &tag);
    void onStreamData(const QString &tag);
    void flushStream();
    [[nodiscard]] QByteArray bearer() const;

    QString m_base;
    QString m_host;
    QList<Job> m_jobs;
    QHash<QString, QString> m_tagCursor;
    QHash<QString, QString> m_searchCursor;
    QHash<QString, QString> m_localToUri;
    QHash<QString, qint64> m_boostsSeen;
    int m_cycleNew = 0;
    bool m_cycleBehind = false;
    QStringList m_cycleErrors;
    HttpResult m_lastFailure;
    int m_jobsOk = 0;

    struct Stream {
        QPointer<QNetworkReply> reply;
        SseParser parser;
        bool live = false;
    };
    QHash<QString, Stream *> m_streams;
    MentionBatch m_streamBatch;
    QList<MentionChange> m_streamChanges;
    QTimer m_flushTimer;
    int m_streamEvents = 0;
};

} // namespace warroom
