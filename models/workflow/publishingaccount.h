#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUrl>

// The brand's accounts we post replies with, one per direct channel (Mastodon, Bluesky). Only
// what is not secret: where (instance / PDS), who (handle) and what the instance allows. The
// token or app password lives in the OS keychain under keychainKey(); it is never in the store,
// the settings or a log. Kept in the store (workflow_settings), so every door (GUI, CLI) posts
// with the same account. Value type, no thread affinity.
namespace warroom {

struct PublishingAccount {
    QString channel; // "mastodon" | "bluesky"
    QUrl baseUrl;    // Mastodon instance, Bluesky PDS (https://bsky.social)
    QString handle;  // Mastodon "brand" (no @, no domain); Bluesky "brand.bsky.social" or a DID
    int maxCharacters = 0; // Mastodon: configuration.statuses.max_characters; 0 = not fetched yet

    [[nodiscard]] bool isValid() const;
    // Empty when usable; else one line saying what is wrong.
    [[nodiscard]] QString validate() const;
    // "@brand@mastodon.social", "brand.bsky.social"
    [[nodiscard]] QString label() const;
    // "publish:mastodon:mastodon.social:brand", "publish:bluesky:bsky.social:brand.bsky.social".
    // Its own namespace: a read token saved for a source is never taken for posting.
    [[nodiscard]] QString keychainKey() const;
    // The limit the composer and the publisher check against (500 until fetched).
    [[nodiscard]] int mastodonLimit() const;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static PublishingAccount fromJson(const QString &channel, const QJsonObject &o);
    // "https://mastodon.social/" / "mastodon.social" → https://mastodon.social (http kept only
    // for loopback addresses, for local test servers).
    [[nodiscard]] static QUrl normaliseBase(const QString &text);
    // "@brand@mastodon.social" → "brand"; "@brand.bsky.social" → "brand.bsky.social".
    [[nodiscard]] static QString normaliseHandle(const QString &channel, const QString &text);
    bool operator==(const PublishingAccount &) const = default;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::PublishingAccount)
