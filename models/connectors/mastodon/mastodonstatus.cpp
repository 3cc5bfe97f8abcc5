#include "mastodon/mastodonstatus.h"

#include "domain/numbers.h"
#include "domain/urlkey.h"
#include "rss/feeddate.h"
#include "rss/htmltext.h"

#include <QUrl>

namespace warroom {

static bool isSafeUrl(const QString &url) {
    return isSafeWebUrl(QUrl(url));
}

static Mention toMention(const QJsonObject &s, const QString &host, const QDateTime &ingest) {
    Mention m;
    m.source = QStringLiteral("mastodon");
    m.sourceId = s.value(u"uri").toString();
    if (m.sourceId.isEmpty())
        m.sourceId = s.value(u"url").toString();
    const QString url = s.value(u"url").toString();
    m.url = isSafeUrl(url) ? url : (isSafeUrl(m.sourceId) ? m.sourceId : QString());
    const QJsonObject acc = s.value(u"account").toObject();
    QString acct = acc.value(u"acct").toString();
    if (!acct.isEmpty() && !acct.contains(u'@') && !host.isEmpty())
        acct += u'@' + host;
    m.authorHandle = acct;
    m.authorName = cleanPlainText(acc.value(u"display_name").toString(), 200);
    // Numbers from the network: never cast a double that may not fit (1e300 is valid JSON).
    if (const QJsonValue f = acc.value(u"followers_count"); f.isDouble())
        m.authorFollowers = countFromDouble(f.toDouble());
    const QString spoiler = cleanPlainText(s.value(u"spoiler_text").toString(), 2000);
    const QString body = htmlToPlainText(s.value(u"content").toString());
    m.text = spoiler.isEmpty() ? body : spoiler + u'\n' + body;
    m.language = s.value(u"language").toString();
    const QString created = s.value(u"created_at").toString();
    m.createdAt = parseFeedDate(created);
    m.ingestedAt = ingest;
    if (!m.createdAt.isValid()) {
        m.createdAt = ingest;
        m.timeEstimated = true;
    }
    m.reposts = countFromDouble(s.value(u"reblogs_count").toDouble());
    m.likes = countFromDouble(s.value(u"favourites_count").toDouble());
    m.replies = countFromDouble(s.value(u"replies_count").toDouble());
    m.inReplyTo = s.value(u"in_reply_to_id").toString();
    return m;
}

MastodonStatus mastodonStatus(const QJsonObject &status, const QString &instanceHost,
                              const QDateTime &ingestTime) {
    MastodonStatus out;
    out.localId = status.value(u"id").toString();
    const QJsonValue reblog = status.value(u"reblog");
    QJsonObject original = status;
    if (reblog.isObject()) {
        out.isBoost = true;
        original = reblog.toObject();
        out.boostedBy = status.value(u"account").toObject().value(u"acct").toString();
    }
    out.originalLocalId = original.value(u"id").toString();
    out.mention = toMention(original, instanceHost, ingestTime);
    out.valid = !out.mention.sourceId.isEmpty();
    return out;
}

} // namespace warroom
