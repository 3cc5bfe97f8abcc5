#pragma once

#include "common/connector.h"

#include <QHash>
#include <QStringList>

namespace warroom {

// RSS / Atom / RDF / JSON Feed polling for many feeds (one source): conditional GET with the
// ETag / Last-Modified each feed sent last time (saved in the checkpoint's stateJson as
// {"feeds":{"<url>":{"etag":..,"lastModified":..}}}), 304 = nothing new, parsing on a worker
// thread, Google Alerts links unwrapped by the parser, mention.dedupeByUrl = true so the same
// article from two feeds is one mention. Id "rss:<first feed url>[+N]".
class RssConnector final : public Connector {
    Q_OBJECT
public:
    RssConnector(const SourceConfig &config, QNetworkAccessManager *nam, QObject *parent = nullptr);
    void restoreCheckpoint(const ConnectorCheckpoint &checkpoint) override;
    [[nodiscard]] static QString makeId(const SourceConfig &config);

protected:
    void runCycle() override;

private:
    struct FeedState {
        QString etag;
        QString lastModified;
    };
    void fetchNext();
    void saveState();

    QHash<QString, FeedState> m_feeds;
    QStringList m_queue;
    int m_okFeeds = 0;
    int m_notModified = 0;
    int m_newItems = 0;
    QStringList m_errors;
    HttpResult m_lastFailure;
};

} // namespace warroom
