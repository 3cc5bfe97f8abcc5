#include "publishingaccount.h"

#include "channellength.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace warroom {

bool PublishingAccount::isValid() const {
    return validate().isEmpty();
}

QString PublishingAccount::validate() const {
    if (channel != u"mastodon" && channel != u"bluesky")
        return QStringLiteral("we post only to mastodon and bluesky, not %1").arg(channel);
    if (!baseUrl.isValid() || baseUrl.host().isEmpty() ||
        (baseUrl.scheme() != u"https" && baseUrl.scheme() != u"http"))
        return channel == u"mastodon"
                   ? QStringLiteral("give the instance address, e.g. https://mastodon.social")
                   : QStringLiteral("give the PDS address, e.g. https://bsky.social");
    if (baseUrl.scheme() == u"http" && !QHostAddress(baseUrl.host()).isLoopback())
        return QStringLiteral("the token would travel in clear: use https://%1")
            .arg(baseUrl.host());
    if (handle.isEmpty())
        return channel == u"mastodon" ? QStringLiteral("give the brand's account name")
                                      : QStringLiteral("give the brand's handle or DID");
    if (handle.contains(QRegularExpression(QStringLiteral(R"([\s/:@])"))) &&
        !handle.startsWith(u"did:"))
        return QStringLiteral("\"%1\" is not an account name").arg(handle);
    return {};
}

QString PublishingAccount::label() const {
    if (channel == u"mastodon")
        return QStringLiteral("@%1@%2").arg(handle, baseUrl.host());
    return handle;
}

QString PublishingAccount::keychainKey() const {
    return QStringLiteral("publish:%1:%2:%3").arg(channel, baseUrl.authority(), handle);
}

int PublishingAccount::mastodonLimit() const {
    return maxCharacters > 0 ? maxCharacters : ChannelLength::kMastodonDefault;
}

QJsonObject PublishingAccount::toJson() const {
    QJsonObject o{{QStringLiteral("base_url"), baseUrl.toString()},
                  {QStringLiteral("handle"), handle}};
    if (maxCharacters > 0)
        o.insert(QStringLiteral("max_characters"), maxCharacters);
    return o;
}

PublishingAccount PublishingAccount::fromJson(const QString &channel, const QJsonObject &o) {
    PublishingAccount a;
    a.channel = channel;
    a.baseUrl = QUrl(o.value(QStringLiteral("base_url")).toString());
    a.handle = o.value(QStringLiteral("handle")).toString();
    a.maxCharacters = o.value(QStringLiteral("max_characters")).toInt();
    return a;
}

QUrl PublishingAccount::normaliseBase(const QString &text) {
    QString s = text.trimmed();
    if (s.isEmpty())
        return {};
    if (!s.contains(QStringLiteral("://")))
        s.prepend(QStringLiteral("https://"));
    QUrl u(s);
    if (!u.isValid())
        return {};
    u.setPath(QString());
    u.setQuery(QString());
    u.setFragment(QString());
    u.setUserInfo(QString());
    u.setHost(u.host().toLower());
    return u;
}

QString PublishingAccount::normaliseHandle(const QString &channel, const QString &text) {
    QString s = text.trimmed();
    if (s.startsWith(u'@'))
        s.remove(0, 1);
    if (channel == u"mastodon")
        s = s.section(u'@', 0, 0); // the domain is the instance's
    return s;
}

} // namespace warroom
