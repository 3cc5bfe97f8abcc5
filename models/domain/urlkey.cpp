#include "urlkey.h"

#include <QUrlQuery>

namespace warroom {

bool isSafeWebUrl(const QUrl &url) {
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty() && (scheme == u"http" || scheme == u"https");
}

QUrl unwrapRedirect(const QUrl &url) {
    QUrl current = url;
    // A redirect may wrap a redirect; three levels is plenty and bounds hostile input.
    for (int depth = 0; depth < 3; ++depth) {
        const QString host = current.host().toLower();
        const bool google = (host == u"www.google.com" || host == u"google.com" ||
                             host.startsWith(u"www.google.")) &&
                            current.path() == u"/url";
        if (!google)
            break;
        const QUrlQuery query(current);
        QString target = query.queryItemValue(QStringLiteral("url"), QUrl::FullyDecoded);
        if (target.isEmpty())
            target = query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded);
        const QUrl next(target);
        if (!isSafeWebUrl(next))
            break;
        current = next;
    }
    return current;
}

static bool isTrackingParameter(const QString &key) {
    const QString k = key.toLower();
    return k.startsWith(u"utm_") || k == u"fbclid" || k == u"gclid" || k == u"mc_cid" ||
           k == u"mc_eid" || k == u"ref_src" || k == u"igshid";
}

QString articleUrlKey(const QString &raw) {
    if (raw.trimmed().isEmpty())
        return {};
    QUrl url = unwrapRedirect(QUrl(raw.trimmed()));
    if (!isSafeWebUrl(url))
        return {};
    QString host = url.host().toLower();
    if (host.startsWith(u"www."))
        host = host.mid(4);
    QUrlQuery query(url);
    QList<QPair<QString, QString>> kept;
    for (const auto &item : query.queryItems(QUrl::FullyEncoded)) {
        if (!isTrackingParameter(item.first))
            kept.append(item);
    }
    std::sort(kept.begin(), kept.end());
    QUrlQuery cleaned;
    cleaned.setQueryItems(kept);
    QString path = url.path(QUrl::FullyEncoded);
    while (path.size() > 1 && path.endsWith(u'/'))
        path.chop(1);
    if (path == u"/")
        path.clear();
    QString key = host;
    const int port = url.port();
    if (port != -1 && !((port == 80 && url.scheme() == u"http") || (port == 443)))
        key += u':' + QString::number(port);
    key += path;
    if (!kept.isEmpty())
        key += u'?' + cleaned.query(QUrl::FullyEncoded);
    return key;
}

} // namespace warroom
