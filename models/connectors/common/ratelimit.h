#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>

namespace warroom {

// A source's rate-limit state as its response headers tell it, converted to the local clock.
struct RateLimitInfo {
    qint64 limit = -1;     // -1 = not sent
    qint64 remaining = -1; // -1 = not sent
    QDateTime resetAt;     // local clock (UTC); invalid = unknown
    QDateTime retryAt;     // Retry-After, local clock; invalid = not sent
    [[nodiscard]] bool known() const { return limit >= 0 || remaining >= 0 || resetAt.isValid(); }
    // When the next request may go out: retryAt, or resetAt when nothing remains; else invalid.
    [[nodiscard]] QDateTime blockedUntil() const;
};

// Reads (lower-case header names):
//  - Mastodon: x-ratelimit-limit / -remaining / -reset, Reset an ISO 8601 time; no Retry-After.
//  - Bluesky (and IETF draft): ratelimit-limit / -remaining / -reset, Reset epoch seconds (or,
//    when small, seconds from now), plus retry-after.
//  - retry-after: seconds or an HTTP date.
// Server times are corrected for clock skew with the `date` header: reset - serverDate + now.
[[nodiscard]] RateLimitInfo parseRateLimit(const QHash<QByteArray, QByteArray> &headers,
                                           const QDateTime &now);

// RFC 7231 IMF-fixdate (and RFC 850 / asctime) to UTC; invalid when unreadable.
[[nodiscard]] QDateTime parseHttpDate(const QByteArray &text);

} // namespace warroom
