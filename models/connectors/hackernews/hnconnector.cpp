#include "hackernews/hnconnector.h"

#include "domain/numbers.h"
#include "domain/urlkey.h"
#include "rss/htmltext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace warroom {

Mention hnHitToMention(const QJsonObject &hit, const QDateTime &ingestTime) {
    Mention m;
    m.source = QStringLiteral("hn");
    m.sourceId = hit.value(u"objectID").toString();
    const QString item = QStringLiteral("https://news.ycombinator.com/item?id=%1").arg(m.sourceId);
    const QString storyUrl = hit.value(u"url").toString();
    m.url = item;
    m.title = cleanPlainText(hit.value(u"title").toString(), 1000);
    if (m.title.isEmpty())
        m.title = cleanPlainText(hit.value(u"story_title").toString(), 1000);
    QString html = hit.value(u"comment_text").toString();
    if (html.isEmpty())
        html = hit.value(u"story_text").toString();
    m.text = htmlToPlainText(html);
    if (m.text.isEmpty() && isSafeWebUrl(QUrl(storyUrl)))
        m.text = storyUrl; // a link story: its text is where it points
    m.authorHandle = hit.value(u"author").toString();
    const qint64 created = clampToInt64(hit.value(u"created_at_i").toDouble());
    m.ingestedAt = ingestTime;
    if (created > 0) {
        m.createdAt = QDateTime::fromSecsSinceEpoch(created, Qt::UTC);
    } else {
        m.createdAt = ingestTime;
        m.timeEstimated = true;
    }
    m.likes = countFromDouble(hit.value(u"points").toDouble());
    m.replies = countFromDouble(hit.value(u"num_comments").toDouble());
    const QJsonValue parent = hit.value(u"parent_id");
    if (!parent.isNull() && !parent.isUndefined())
        m.inReplyTo = parent.isString() ? parent.toString()
                                        : QString::number(clampToInt64(parent.toDouble()));
    m.language = QString(); // detected by the pipeline
    return m;
}

QString HnConnector::makeId(const SourceConfig &config) {
    return QStringLiteral("hn:%1").arg(config.keywords.join(u','));
}

HnConnector::HnConnector(const SourceConfig &config, QNetworkAccessManager *nam, QObject *parent)
    : Connector(config, makeId(config), nam, parent)
    , m_base(config.service.isEmpty() ? QString::fromLatin1(kDefaultBase) : config.service) {
    if (m_base.endsWith(u'/'))
        m_base.chop(1);
}

void HnConnector::restoreCheckpoint(const ConnectorCheckpoint &checkpoint) {
    Connector::restoreCheckpoint(checkpoint);
    const QJsonObject o =
        QJsonDocument::fromJson(checkpoint.stateJson).object().value(u"since").toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        m_cursor.insert(it.key(), clampToInt64(it.value().toDouble()));
}

void HnConnector::saveState() {
    QJsonObject since;
    for (auto it = m_cursor.cbegin(); it != m_cursor.cend(); ++it)
        since.insert(it.key(), double(it.value()));
    m_checkpoint.stateJson =
        QJsonDocument(QJsonObject{{QStringLiteral("since"), since}}).toJson(QJsonDocument::Compact);
    m_checkpoint.cursor = QString::number(m_cursor.value(config().keywords.value(0)));
}

void HnConnector::runCycle() {
    m_queries = config().keywords;
    m_new = m_ok = 0;
    m_errors.clear();
    m_lastFailure = {};
    m_behind = false;
    nextQuery();
}

void HnConnector::nextQuery() {
    if (m_queries.isEmpty()) {
        if (m_ok == 0 && !m_errors.isEmpty()) {
            if (m_lastFailure.error != HttpResult::Error::None)
                cycleFailed(m_lastFailure);
            else
                cycleFailed(m_errors.join(QStringLiteral("; ")), false);
            return;
        }
        QString summary = tr("%n new item(s)", nullptr, m_new);
        if (!m_errors.isEmpty())
            summary += QStringLiteral("; ") + m_errors.join(QStringLiteral("; "));
        cycleSucceeded(summary, m_behind);
        return;
    }
    fetchPage(m_queries.takeFirst(), 0);
}

void HnConnector::fetchPage(const QString &query, int page) {
    QUrl url(m_base + QStringLiteral("/api/v1/search_by_date"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("query"), query);
    q.addQueryItem(QStringLiteral("tags"), QStringLiteral("(story,comment)"));
    const qint64 since = m_cursor.value(query, 0);
    if (since > 0)
        q.addQueryItem(QStringLiteral("numericFilters"),
                       QStringLiteral("created_at_i>=%1").arg(since));
    q.addQueryItem(QStringLiteral("hitsPerPage"), QStringLiteral("100"));
    if (page > 0)
        q.addQueryItem(QStringLiteral("page"), QString::number(page));
    url.setQuery(q);
    HttpRequestSpec spec;
    spec.url = url;
    fetch(spec, [this, query, page, since](const HttpResult &r) {
        if (!r.ok()) {
            m_lastFailure = r;
            m_errors << QStringLiteral("\"%1\": %2").arg(query, describeHttpError(r));
            nextQuery();
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        if (!o.value(u"hits").isArray()) {
            m_errors << tr("\"%1\": Algolia sent invalid JSON").arg(query);
            nextQuery();
            return;
        }
        ++m_ok;
        const QJsonArray hits = o.value(u"hits").toArray();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        MentionBatch batch;
        qint64 newest = m_cursor.value(query, 0);
        for (qsizetype i = hits.size() - 1; i >= 0; --i) {
            const Mention m = hnHitToMention(hits.at(i).toObject(), now);
            if (m.sourceId.isEmpty())
                continue;
            if (!m.timeEstimated)
                newest = std::max(newest, m.createdAt.toSecsSinceEpoch());
            if (!markSeen(m.sourceId))
                continue;
            batch << m;
        }
        m_new += int(batch.size());
        // Only move the cursor after the last page, so a failure mid-way re-asks everything.
        const int pages = o.value(u"nbPages").toInt(1);
        const bool more = page + 1 < pages;
        if (!more || page + 1 >= kMaxPages) {
            if (newest > since)
                m_cursor.insert(query, newest);
            if (more)
                m_behind = true;
        }
        saveState();
        publish(batch);
        if (more && page + 1 < kMaxPages) {
            fetchPage(query, page + 1);
            return;
        }
        nextQuery();
    });
}

} // namespace warroom
