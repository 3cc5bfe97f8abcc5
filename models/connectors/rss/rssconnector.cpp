#include "rss/rssconnector.h"

#include "rss/feedparser.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtConcurrent>

namespace warroom {

QString RssConnector::makeId(const SourceConfig &config) {
    const QString first = config.feeds.isEmpty() ? QString() : config.feeds.first().trimmed();
    return config.feeds.size() > 1
               ? QStringLiteral("rss:%1+%2").arg(first).arg(config.feeds.size() - 1)
               : QStringLiteral("rss:%1").arg(first);
}

RssConnector::RssConnector(const SourceConfig &config, QNetworkAccessManager *nam, QObject *parent)
    : Connector(config, makeId(config), nam, parent) {}

void RssConnector::restoreCheckpoint(const ConnectorCheckpoint &checkpoint) {
    Connector::restoreCheckpoint(checkpoint);
    const QJsonObject feeds =
        QJsonDocument::fromJson(checkpoint.stateJson).object().value(u"feeds").toObject();
    for (auto it = feeds.begin(); it != feeds.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        m_feeds.insert(it.key(),
                       {o.value(u"etag").toString(), o.value(u"lastModified").toString()});
    }
}

void RssConnector::saveState() {
    QJsonObject feeds;
    for (auto it = m_feeds.cbegin(); it != m_feeds.cend(); ++it) {
        QJsonObject o;
        if (!it->etag.isEmpty())
            o.insert(QStringLiteral("etag"), it->etag);
        if (!it->lastModified.isEmpty())
            o.insert(QStringLiteral("lastModified"), it->lastModified);
        feeds.insert(it.key(), o);
    }
    m_checkpoint.stateJson =
        QJsonDocument(QJsonObject{{QStringLiteral("feeds"), feeds}}).toJson(QJsonDocument::Compact);
    if (config().feeds.size() == 1) {
        const FeedState s = m_feeds.value(config().feeds.first().trimmed());
        m_checkpoint.etag = s.etag;
        m_checkpoint.lastModified = s.lastModified;
    }
}

void RssConnector::runCycle() {
    m_queue.clear();
    for (const QString &f : config().feeds)
        if (!f.trimmed().isEmpty())
            m_queue << f.trimmed();
    m_okFeeds = m_notModified = m_newItems = 0;
    m_errors.clear();
    m_lastFailure = {};
    fetchNext();
}

void RssConnector::fetchNext() {
    if (m_queue.isEmpty()) {
        const int total = int(config().feeds.size());
        if (m_okFeeds + m_notModified == 0 && !m_errors.isEmpty()) {
            if (m_lastFailure.error != HttpResult::Error::None && total == 1)
                cycleFailed(m_lastFailure);
            else
                cycleFailed(m_errors.join(QStringLiteral("; ")), m_lastFailure.retryable());
            return;
        }
        QString summary = tr("%n new item(s)", nullptr, m_newItems);
        if (m_notModified)
            summary += tr(", %n feed(s) unchanged (304)", nullptr, m_notModified);
        if (!m_errors.isEmpty())
            summary += tr(", %n feed(s) failed: %1", nullptr, int(m_errors.size()))
                           .arg(m_errors.join(QStringLiteral("; ")));
        cycleSucceeded(summary);
        return;
    }
    const QString url = m_queue.takeFirst();
    HttpRequestSpec spec;
    spec.url = QUrl(url);
    spec.headers << qMakePair(QByteArray("Accept"),
                              QByteArray("application/atom+xml, application/rss+xml, "
                                         "application/feed+json, application/xml;q=0.9, "
                                         "text/xml;q=0.9, */*;q=0.5"));
    const FeedState st = m_feeds.value(url);
    if (!st.etag.isEmpty())
        spec.headers << qMakePair(QByteArray("If-None-Match"), st.etag.toLatin1());
    if (!st.lastModified.isEmpty())
        spec.headers << qMakePair(QByteArray("If-Modified-Since"), st.lastModified.toLatin1());
    fetch(spec, [this, url](const HttpResult &r) {
        if (r.notModified()) {
            ++m_notModified;
            fetchNext();
            return;
        }
        if (!r.ok()) {
            m_errors << QStringLiteral("%1: %2").arg(QUrl(url).host(), describeHttpError(r));
            m_lastFailure = r;
            fetchNext();
            return;
        }
        FeedState next;
        next.etag = QString::fromLatin1(r.header("etag"));
        next.lastModified = QString::fromLatin1(r.header("last-modified"));
        const QByteArray contentType = r.header("content-type");
        const QByteArray body = r.body;
        const QUrl base = r.finalUrl;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const quint64 gen = generation();
        auto *watcher = new QFutureWatcher<FeedParseResult>(this);
        connect(watcher, &QFutureWatcher<FeedParseResult>::finished, this,
                [this, watcher, url, next, gen] {
                    const FeedParseResult parsed = watcher->result();
                    watcher->deleteLater();
                    if (gen != generation())
                        return;
                    if (parsed.format == FeedFormat::Unknown) {
                        m_errors << QStringLiteral("%1: not a feed (%2)")
                                        .arg(QUrl(url).host(), parsed.error);
                        fetchNext();
                        return;
                    }
                    m_feeds.insert(url, next);
                    ++m_okFeeds;
                    MentionBatch batch;
                    for (const FeedItem &item : parsed.items) {
                        if (!markSeen(item.mention.sourceId))
                            continue;
                        Mention m = item.mention;
                        m.dedupeByUrl = true;
                        batch << m;
                    }
                    m_newItems += int(batch.size());
                    saveState();
                    publish(batch);
                    fetchNext();
                });
        watcher->setFuture(QtConcurrent::run([body, base, now, contentType] {
            return FeedParser::parse(body, base, now, contentType);
        }));
    });
}

} // namespace warroom
