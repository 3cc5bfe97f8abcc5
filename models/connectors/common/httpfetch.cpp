#include "common/httpfetch.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslError>
#include <QTimer>

#include <memory>

namespace warroom {

bool HttpResult::retryable() const {
    switch (error) {
    case Error::Timeout:
    case Error::Network:
    case Error::Truncated:
        return true;
    case Error::Http:
        return status == 429 || status == 408 || status >= 500;
    default:
        return false;
    }
}

QString describeHttpError(const HttpResult &r) {
    if (!r.message.isEmpty())
        return r.message;
    if (r.status)
        return QStringLiteral("HTTP %1 from %2").arg(r.status).arg(r.finalUrl.host());
    return QStringLiteral("request to %1 failed").arg(r.finalUrl.host());
}

namespace {

bool sameOrigin(const QUrl &a, const QUrl &b) {
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == u"https" ? 443 : 80) == b.port(b.scheme() == u"https" ? 443 : 80);
}

struct Exchange {
    HttpRequestSpec spec;
    QUrl originalUrl;
    HttpLimits limits;
    QPointer<QObject> context;
    std::function<void(const HttpResult &)> done;
    int redirects = 0;
    QElapsedTimer started; // the whole exchange, for limits.totalTimeoutMs
};

void start(QNetworkAccessManager *nam, std::shared_ptr<Exchange> ex);

void finish(const std::shared_ptr<Exchange> &ex, HttpResult result) {
    if (!ex->context || !ex->done)
        return;
    if (result.error != HttpResult::Error::None && result.message.isEmpty())
        result.message = describeHttpError(result);
    auto done = std::move(ex->done);
    ex->done = nullptr;
    done(result);
}

void start(QNetworkAccessManager *nam, std::shared_ptr<Exchange> ex) {
    QNetworkRequest req(ex->spec.url);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                     QNetworkRequest::ManualRedirectPolicy);
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setTransferTimeout(ex->limits.timeoutMs);
    req.setHeader(QNetworkRequest::UserAgentHeader,
                  QByteArray("warroom/" WARROOM_VERSION " (+crisis war room collector)"));
    for (const auto &[name, value] : ex->spec.headers)
        req.setRawHeader(name, value);
    if (!ex->spec.authorization.isEmpty() && sameOrigin(ex->spec.url, ex->originalUrl))
        req.setRawHeader("Authorization", ex->spec.authorization);

    QNetworkReply *reply = nullptr;
    if (ex->spec.method == "GET")
        reply = nam->get(req);
    else
        reply = nam->sendCustomRequest(req, ex->spec.method, ex->spec.body);

    struct State {
        QByteArray body;
        bool oversize = false;
        bool tlsError = false;
        bool tooSlow = false;
        QString tlsMessage;
    };
    auto st = std::make_shared<State>();
    const qint64 cap = ex->limits.maxBodyBytes;

    // The overall deadline: what is left of it for this request (after redirects).
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    QObject::connect(deadline, &QTimer::timeout, reply, [reply, st] {
        st->tooSlow = true;
        reply->abort();
    });
    deadline->start(int(std::max<qint64>(ex->limits.totalTimeoutMs - ex->started.elapsed(), 0)));

    QObject::connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, st, cap] {
        const QVariant len = reply->header(QNetworkRequest::ContentLengthHeader);
        if (len.isValid() && len.toLongLong() > cap) {
            st->oversize = true;
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, st, cap] {
        if (st->oversize || !reply->isOpen())
            return;
        st->body += reply->read(cap + 1 - st->body.size());
        if (st->body.size() > cap) {
            st->oversize = true;
            st->body.clear();
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [st](const QList<QSslError> &errors) {
        st->tlsError = true;
        if (!errors.isEmpty())
            st->tlsMessage = errors.first().errorString();
    });
    QObject::connect(reply, &QNetworkReply::finished, reply, [nam, reply, st, ex] {
        reply->deleteLater();
        if (!st->oversize && reply->isOpen())
            st->body += reply->readAll();
        HttpResult r;
        r.finalUrl = ex->spec.url;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        for (const auto &pair : reply->rawHeaderPairs())
            r.headers.insert(pair.first.toLower(), pair.second);
        r.rateLimit = parseRateLimit(r.headers, QDateTime::currentDateTimeUtc());
        const QString host = ex->spec.url.host();
        const auto err = reply->error();

        if (st->oversize || (st->body.size() > ex->limits.maxBodyBytes)) {
            r.error = HttpResult::Error::Oversize;
            r.message = QStringLiteral("response from %1 is larger than %2 MB: refused")
                            .arg(host)
                            .arg(double(ex->limits.maxBodyBytes) / (1024 * 1024), 0, 'g', 3);
            finish(ex, r);
            return;
        }
        if (st->tlsError || (err >= QNetworkReply::SslHandshakeFailedError &&
                             err <= QNetworkReply::SslHandshakeFailedError)) {
            r.error = HttpResult::Error::Tls;
            r.message =
                QStringLiteral("TLS error with %1: %2")
                    .arg(host, st->tlsMessage.isEmpty() ? reply->errorString() : st->tlsMessage);
            finish(ex, r);
            return;
        }
        if (st->tooSlow) {
            r.error = HttpResult::Error::Timeout;
            r.message = QStringLiteral("%1 did not finish within %2 s (it sends too slowly)")
                            .arg(host)
                            .arg(ex->limits.totalTimeoutMs / 1000.0, 0, 'g', 3);
            finish(ex, r);
            return;
        }
        if (err == QNetworkReply::OperationCanceledError || err == QNetworkReply::TimeoutError) {
            r.error = HttpResult::Error::Timeout;
            r.message = QStringLiteral("%1 did not answer within %2 s")
                            .arg(host)
                            .arg(ex->limits.timeoutMs / 1000.0, 0, 'g', 3);
            finish(ex, r);
            return;
        }
        // Redirects, by hand.
        if (r.status >= 300 && r.status < 400 && r.status != 304) {
            const QByteArray location = r.headers.value("location");
            if (location.isEmpty()) {
                r.error = HttpResult::Error::Redirect;
                r.message =
                    QStringLiteral("HTTP %1 from %2 without a Location").arg(r.status).arg(host);
                finish(ex, r);
                return;
            }
            const QUrl next = ex->spec.url.resolved(QUrl::fromEncoded(location));
            if (++ex->redirects > ex->limits.maxRedirects) {
                r.error = HttpResult::Error::Redirect;
                r.message = QStringLiteral("too many redirects from %1").arg(host);
                finish(ex, r);
                return;
            }
            if (next.scheme() != u"https" && next.scheme() != u"http") {
                r.error = HttpResult::Error::Redirect;
                r.message = QStringLiteral("%1 redirected to a non-web address: refused").arg(host);
                finish(ex, r);
                return;
            }
            if (ex->spec.url.scheme() == u"https" && next.scheme() == u"http") {
                r.error = HttpResult::Error::Redirect;
                r.message = QStringLiteral("%1 redirected from https to http: refused").arg(host);
                finish(ex, r);
                return;
            }
            if (r.status == 303) {
                ex->spec.method = "GET";
                ex->spec.body.clear();
            }
            // A request with a body (a sign-in with a password, a post) goes to the origin it
            // was meant for, never on to another one.
            if (!ex->spec.body.isEmpty() && !sameOrigin(next, ex->originalUrl)) {
                r.error = HttpResult::Error::Redirect;
                r.message = QStringLiteral("%1 redirected a %2 to another host (%3): refused")
                                .arg(host, QString::fromLatin1(ex->spec.method), next.host());
                finish(ex, r);
                return;
            }
            ex->spec.url = next;
            start(nam, ex);
            return;
        }
        const QVariant len = reply->header(QNetworkRequest::ContentLengthHeader);
        const bool shortBody = len.isValid() && st->body.size() < len.toLongLong() &&
                               ex->spec.method != "HEAD" && r.status != 304;
        if (shortBody || (err == QNetworkReply::RemoteHostClosedError && r.status > 0)) {
            r.error = HttpResult::Error::Truncated;
            r.message = QStringLiteral("the response from %1 was cut off (%2 of %3 bytes)")
                            .arg(host)
                            .arg(st->body.size())
                            .arg(len.isValid() ? len.toString() : QStringLiteral("?"));
            finish(ex, r);
            return;
        }
        // An error after a 2xx status (a body that cannot be decompressed, a gzip bomb Qt's
        // safety check stopped, a protocol error) leaves a partial body: never a success.
        if (r.status == 0 || (err != QNetworkReply::NoError && r.status < 400)) {
            r.error = HttpResult::Error::Network;
            QString why = reply->errorString().trimmed();
            while (why.endsWith(u':'))
                why.chop(1);
            r.message =
                r.status > 0
                    ? QStringLiteral("the response from %1 could not be read: %2").arg(host, why)
                    : QStringLiteral("cannot reach %1: %2").arg(host, why);
            finish(ex, r);
            return;
        }
        r.body = std::move(st->body);
        if (r.status >= 400) {
            r.error = HttpResult::Error::Http;
            QString detail;
            if (r.status == 429)
                detail = QStringLiteral(" (rate limited)");
            r.message = QStringLiteral("HTTP %1 from %2%3").arg(r.status).arg(host, detail);
        }
        finish(ex, r);
    });
}

} // namespace

void httpFetch(QNetworkAccessManager *nam, const HttpRequestSpec &spec, const HttpLimits &limits,
               QObject *context, std::function<void(const HttpResult &)> done) {
    auto ex = std::make_shared<Exchange>();
    ex->spec = spec;
    ex->originalUrl = spec.url;
    ex->limits = limits;
    ex->context = context;
    ex->done = std::move(done);
    ex->started.start();
    if (!spec.url.isValid() || (spec.url.scheme() != u"http" && spec.url.scheme() != u"https")) {
        HttpResult r;
        r.error = HttpResult::Error::Network;
        r.finalUrl = spec.url;
        r.message = QStringLiteral("not a web address: %1").arg(spec.url.toDisplayString());
        QTimer::singleShot(0, context, [ex, r] { finish(ex, r); });
        return;
    }
    start(nam, std::move(ex));
}

} // namespace warroom
