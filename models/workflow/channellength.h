#pragma once

#include <QString>

// How each channel counts a post's length (connectors.md): Mastodon counts grapheme clusters,
// every URL as 23 and a mention without its domain (default limit 500, per instance
// configurable); Bluesky counts graphemes (300) and also caps the UTF-8 bytes (3000).
// Pure functions, no thread affinity.
namespace warroom {

struct LengthCheck {
    int count = 0;     // in the channel's own unit
    int limit = 0;     // 0: the channel has no limit we know of
    int bytes = 0;     // UTF-8 bytes
    int byteLimit = 0; // 0: none
    [[nodiscard]] bool fits() const {
        return (limit == 0 || count <= limit) && (byteLimit == 0 || bytes <= byteLimit);
    }
    [[nodiscard]] int remaining() const { return limit == 0 ? 0 : limit - count; }
};

class ChannelLength final {
public:
    static constexpr int kMastodonDefault = 500;
    static constexpr int kMastodonUrl = 23;
    static constexpr int kBlueskyGraphemes = 300;
    static constexpr int kBlueskyBytes = 3000;

    [[nodiscard]] static int graphemes(const QString &text);
    [[nodiscard]] static int mastodonCount(const QString &text);
    // channel: "mastodon", "bluesky", anything else (manual, rss...) has no limit.
    [[nodiscard]] static LengthCheck check(const QString &text, const QString &channel,
                                           int mastodonLimit = kMastodonDefault);
    // Channels we can post to directly; others are copied and marked as posted by hand.
    [[nodiscard]] static bool isDirectChannel(const QString &channel);
};

} // namespace warroom
