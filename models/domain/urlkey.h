#pragma once

#include <QString>
#include <QUrl>

namespace warroom {

// Unwraps redirect links (Google Alerts' https://www.google.com/url?...&url=<real>) so that the
// real article URL is what the user opens and what the store deduplicates on.
[[nodiscard]] QUrl unwrapRedirect(const QUrl &url);

// The key under which the same article from two feeds is one mention: redirect unwrapped,
// scheme/host lower-cased, "www." dropped, default port, fragment and utm_* / tracking
// parameters removed, trailing slash dropped. Empty for anything but http(s) URLs.
[[nodiscard]] QString articleUrlKey(const QString &url);

// True for http and https URLs only: the only links the product will ever open.
[[nodiscard]] bool isSafeWebUrl(const QUrl &url);

} // namespace warroom
