#pragma once

#include "domain/mention.h"
#include "store/mentionwriter.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// Bluesky JSON to Mention. Pure functions, no thread affinity.
namespace warroom {

// app.bsky.feed.defs#postView (searchPosts, timelines): sourceId = at:// URI, createdAt from
// indexedAt (trusted over the client's createdAt), web link bsky.app/profile/<handle>/post/<rkey>.
[[nodiscard]] Mention blueskyPostView(const QJsonObject &post, const QDateTime &ingestTime);

// The web link of an at://<did>/app.bsky.feed.post/<rkey> post.
[[nodiscard]] QString blueskyWebUrl(const QString &atUri, const QString &handleOrDid);

struct JetstreamEvent {
    enum class Kind { Other, Create, Update, Delete };
    Kind kind = Kind::Other;
    qint64 timeUs = 0;
    Mention mention; // Create/Update: the post (author handle = did until enriched)
    QString atUri;
};
// A Jetstream message {did, time_us, kind:"commit", commit:{operation, collection, rkey,
// record}}; Other for anything that is not an app.bsky.feed.post commit.
[[nodiscard]] JetstreamEvent parseJetstream(const QByteArray &json, const QDateTime &ingestTime);

// Case-insensitive whole-text match of any keyword (or "@handle") in the post.
[[nodiscard]] bool matchesKeywords(const Mention &m, const QStringList &keywords,
                                   const QStringList &handles);

} // namespace warroom
