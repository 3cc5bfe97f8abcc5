#pragma once

#include "common/connector.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>

namespace warroom {

// Hacker News through Algolia: GET <base>/api/v1/search_by_date?query=<kw>&tags=(story,comment)
// &numericFilters=created_at_i>=<cursor>&hitsPerPage=100 per keyword, paging (≤ kMaxPages) while
// the result has more pages. The cursor per keyword (newest created_at_i seen) is in stateJson;
// the boundary second is asked again and deduplicated (store + memory). Read only.
// Id "hn:<keywords>".
class HnConnector final : public Connector {
    Q_OBJECT
public:
    static constexpr int kMaxPages = 5;
    static constexpr const char *kDefaultBase = "https://hn.algolia.com";
    HnConnector(const SourceConfig &config, QNetworkAccessManager *nam, QObject *parent = nullptr);
    void restoreCheckpoint(const ConnectorCheckpoint &checkpoint) override;
    [[nodiscard]] static QString makeId(const SourceConfig &config);

protected:
    void runCycle() override;

private:
    void nextQuery();
    void fetchPage(const QString &query, int page);
    void saveState();

    QString m_base;
    QHash<QString, qint64> m_cursor;
    QStringList m_queries;
    int m_new = 0;
    int m_ok = 0;
    QStringList m_errors;
    HttpResult m_lastFailure;
    bool m_behind = false;
};

// One Algolia hit to a Mention (source "hn"); invalid sourceId when unusable.
[[nodiscard]] Mention hnHitToMention(const QJsonObject &hit, const QDateTime &ingestTime);

} // namespace warroom
