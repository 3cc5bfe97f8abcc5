#pragma once

#include "common/ratelimit.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace warroom {

struct HttpLimits {
    qint64 maxBodyBytes = 16 * 1024 * 1024; // larger bodies are aborted (oversize error)
    int timeoutMs = 30'000;                 // no byte for this long = timeout
    // The whole exchange, redirects included: a server that drips a byte now and then never
    // trips timeoutMs, so this one ends it.
    int totalTimeoutMs = 120'000;
    int maxRedirects = 5;
};

struct HttpRequestSpec {
    QUrl url;
    QByteArray method = "GET";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray authorization; // sent only to the original scheme+host+port, never after a
                              // redirect to another origin
};

struct HttpResult {
    enum class Error { None, Timeout, Network, Tls, Oversize, Truncated, Http, Redirect, Aborted };
    Error error = Error::None;
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QUrl finalUrl;
    QString message; // one line, empty when ok
    RateLimitInfo rateLimit;

    [[nodiscard]] bool ok() const { return error == Error::None && status >= 200 && status < 300; }
    [[nodiscard]] bool notModified() const { return error == Error::None && status == 304; }
    // 429, 5xx, timeouts, dropped connections and truncated bodies are worth retrying.
    [[nodiscard]] bool retryable() const;
    [[nodiscard]] QByteArray header(const QByteArray &lowerName) const {
        return headers.value(lowerName);
    }
};

// One HTTP exchange with bounded memory and time: the body is capped (oversize aborts), the
// transfer times out when stalled or when it takes longer than totalTimeoutMs in all, redirects
// are followed by hand (Authorization is dropped on a change of origin, a request with a body is
// never redirected to another origin, https→http is refused), a body shorter than its
// Content-Length is an error,
// TLS errors are errors (never ignored). The callback runs once, on the thread of `nam`, unless the
// context object is destroyed first.
void httpFetch(QNetworkAccessManager *nam, const HttpRequestSpec &spec, const HttpLimits &limits,
               QObject *context, std::function<void(const HttpResult &)> done);

// "HTTP 503 from example.org" and friends: one line for the user.
[[nodiscard]] QString describeHttpError(const HttpResult &result);

} // namespace warroom
