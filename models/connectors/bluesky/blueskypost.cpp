#include "bluesky/blueskypost.h"

#include "domain/numbers.h"
#include "rss/feeddate.h"
#include "rss/htmltext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace warroom {

QString blueskyWebUrl(const QString &atUri, const QString &handleOrDid) {
    // at://did:plc:xyz/app.bsky.feed.post/3k...
    const QStringList parts = atUri.mid(5).split(u'/');
    if (!atUri.startsWith(u"at://") || parts.size() != 3)
        return {};
    return QStringLiteral("https://bsky.app/profile/%1/post/%2")
        .arg(handleOrDid.isEmpty() ? parts.at(0) : handleOrDid, parts.at(2));
}

static QString firstLang(const QJsonObject &record) {
    const QJsonArray langs = record.value(u"langs").toArray();
    return langs.isEmpty() ? QString() : langs.first().toString().section(u'-', 0, 0).toLower();
}

Mention blueskyPostView(const QJsonObject &post, const QDateTime &ingestTime) {
    Mention m;
    m.source = QStringLiteral("bluesky");
    m.sourceId = post.value(u"uri").toString();
    const QJsonObject author = post.value(u"author").toObject();
    m.authorHandle = author.value(u"handle").toString();
    m.authorName = cleanPlainText(author.value(u"displayName").toString(), 200);
    // Numbers from the network: never cast a double that may not fit (1e300 is valid JSON).
    if (const QJsonValue f = author.value(u"followersCount"); f.isDouble())
        m.authorFollowers = countFromDouble(f.toDouble());
    const QJsonObject record = post.value(u"record").toObject();
    m.text = cleanPlainText(record.value(u"text").toString());
    m.language = firstLang(record);
    m.createdAt = parseFeedDate(post.value(u"indexedAt").toString());
    if (!m.createdAt.isValid())
        m.createdAt = parseFeedDate(record.value(u"createdAt").toString());
    m.ingestedAt = ingestTime;
    if (!m.createdAt.isValid()) {
        m.createdAt = ingestTime;
        m.timeEstimated = true;
    }
    m.reposts = countFromDouble(post.value(u"repostCount").toDouble()) +
                countFromDouble(post.value(u"quoteCount").toDouble());
    m.likes = countFromDouble(post.value(u"likeCount").toDouble());
    m.replies = countFromDouble(post.value(u"replyCount").toDouble());
    m.inReplyTo =
        record.value(u"reply").toObject().value(u"parent").toObject().value(u"uri").toString();
    m.url = blueskyWebUrl(m.sourceId, m.authorHandle);
    return m;
}

JetstreamEvent parseJetstream(const QByteArray &json, const QDateTime &ingestTime) {
    JetstreamEvent e;
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    e.timeUs = clampToInt64(o.value(u"time_us").toDouble());
    if (o.value(u"kind").toString() != u"commit")
        return e;
    const QJsonObject commit = o.value(u"commit").toObject();
    if (commit.value(u"collection").toString() != u"app.bsky.feed.post")
        return e;
    const QString did = o.value(u"did").toString();
    const QString rkey = commit.value(u"rkey").toString();
    if (did.isEmpty() || rkey.isEmpty())
        return e;
    e.atUri = QStringLiteral("at://%1/app.bsky.feed.post/%2").arg(did, rkey);
    const QString op = commit.value(u"operation").toString();
    if (op == u"delete") {
        e.kind = JetstreamEvent::Kind::Delete;
        return e;
    }
    if (op != u"create" && op != u"update")
        return e;
    e.kind = op == u"create" ? JetstreamEvent::Kind::Create : JetstreamEvent::Kind::Update;
    const QJsonObject record = commit.value(u"record").toObject();
    Mention &m = e.mention;
    m.source = QStringLiteral("bluesky");
    m.sourceId = e.atUri;
    m.authorHandle = did;
    m.text = cleanPlainText(record.value(u"text").toString());
    m.language = firstLang(record);
    // time_us is when the relay saw it: trusted over the client's createdAt.
    m.createdAt = e.timeUs > 0 ? QDateTime::fromMSecsSinceEpoch(e.timeUs / 1000, Qt::UTC)
                               : parseFeedDate(record.value(u"createdAt").toString());
    m.ingestedAt = ingestTime;
    if (!m.createdAt.isValid()) {
        m.createdAt = ingestTime;
        m.timeEstimated = true;
    }
    m.inReplyTo =
        record.value(u"reply").toObject().value(u"parent").toObject().value(u"uri").toString();
    m.url = blueskyWebUrl(e.atUri, did);
    return e;
}

bool matchesKeywords(const Mention &m, const QStringList &keywords, const QStringList &handles) {
    for (const QString &k : keywords)
        if (!k.trimmed().isEmpty() && m.text.contains(k.trimmed(), Qt::CaseInsensitive))
            return true;
    for (const QString &h : handles) {
        QString handle = h.trimmed();
        if (handle.startsWith(u'@'))
            handle.remove(0, 1);
        if (handle.isEmpty())
            continue;
        if (m.authorHandle.compare(handle, Qt::CaseInsensitive) == 0 ||
            m.text.contains(u'@' + handle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace warroom
