#include "common/ratelimit.h"

#include "domain/numbers.h"
#include "rss/feeddate.h"

#include <QRegularExpression>

namespace warroom {

QDateTime RateLimitInfo::blockedUntil() const {
    QDateTime until;
    if (retryAt.isValid())
        until = retryAt;
    if (remaining == 0 && resetAt.isValid() && (!until.isValid() || resetAt > until))
        until = resetAt;
    return until;
}

QDateTime parseHttpDate(const QByteArray &text) {
    if (text.trimmed().isEmpty())
        return {};
    return parseFeedDate(QString::fromLatin1(text.trimmed()));
}

static QDateTime parseIso(const QByteArray &raw) {
    // Mastodon sends microseconds ("2026-08-01T13:55:00.976542Z"): keep milliseconds.
    QString s = QString::fromLatin1(raw.trimmed());
    static const QRegularExpression frac(QStringLiteral(R"(\.(\d{3})\d+)"));
    s.replace(frac, QStringLiteral(".\\1"));
    QDateTime t = QDateTime::fromString(s, Qt::ISODateWithMs);
    if (!t.isValid())
        t = parseFeedDate(s);
    return t.isValid() ? t.toUTC() : QDateTime();
}

RateLimitInfo parseRateLimit(const QHash<QByteArray, QByteArray> &headers, const QDateTime &now) {
    RateLimitInfo info;
    const QDateTime serverNow = parseHttpDate(headers.value("date"));
    // Local = server + skew.
    const qint64 skewMs = serverNow.isValid() ? serverNow.msecsTo(now) : 0;
    const QDateTime base = serverNow.isValid() ? serverNow : now;
    auto toLocal = [&](const QDateTime &server) {
        return server.addMSecs(skewMs);
    };

    auto number = [&](const QByteArray &name, qint64 *out) {
        const QByteArray v = headers.value(name).trimmed();
        if (v.isEmpty())
            return false;
        bool ok = false;
        const double d = v.toDouble(&ok);
        if (!ok)
            return false;
        *out = clampToInt64(d);
        return true;
    };

    qint64 n = 0;
    if (number("x-ratelimit-limit", &n) || number("ratelimit-limit", &n))
        info.limit = n;
    if (number("x-ratelimit-remaining", &n) || number("ratelimit-remaining", &n))
        info.remaining = n;

    const QByteArray mastodonReset = headers.value("x-ratelimit-reset").trimmed();
    const QByteArray ietfReset = headers.value("ratelimit-reset").trimmed();
    if (!mastodonReset.isEmpty()) {
        bool numeric = false;
        const qint64 v = mastodonReset.toLongLong(&numeric);
        if (numeric)
            info.resetAt = v > 1'000'000'000 ? toLocal(QDateTime::fromSecsSinceEpoch(v, Qt::UTC))
                                             : now.addSecs(v);
        else if (const QDateTime t = parseIso(mastodonReset); t.isValid())
            info.resetAt = toLocal(t);
    } else if (!ietfReset.isEmpty()) {
        bool numeric = false;
        const qint64 v = ietfReset.toLongLong(&numeric);
        if (numeric)
            info.resetAt = v > 1'000'000'000 ? toLocal(QDateTime::fromSecsSinceEpoch(v, Qt::UTC))
                                             : now.addSecs(v);
        else if (const QDateTime t = parseIso(ietfReset); t.isValid())
            info.resetAt = toLocal(t);
    }
    const QByteArray retry = headers.value("retry-after").trimmed();
    if (!retry.isEmpty()) {
        bool numeric = false;
        const qint64 v = retry.toLongLong(&numeric);
        if (numeric)
            info.retryAt = now.addSecs(std::max<qint64>(0, v));
        else if (const QDateTime t = parseHttpDate(retry); t.isValid())
            info.retryAt = toLocal(t);
    }
    Q_UNUSED(base)
    return info;
}

} // namespace warroom
