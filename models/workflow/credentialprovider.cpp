#include "credentialprovider.h"

#include "common/credentials.h"

#include <QTimer>

#include <memory>

namespace warroom {

void StaticCredentials::fetch(const QString &channel, const PublishingAccount &, QObject *context,
                              Done done) const {
    const auto it = m_accounts.constFind(channel);
    const ChannelAccount account = it == m_accounts.constEnd() ? ChannelAccount() : *it;
    const QString error = it == m_accounts.constEnd()
                              ? QStringLiteral("no %1 account is set up").arg(channel)
                              : QString();
    QTimer::singleShot(0, context, [done, account, error] { done(account, error); });
}

// Carries keychain answers from the store's thread to each requester's thread through a queued
// signal: Qt drops the delivery by itself when the requester is gone, whichever thread it is on.
class KeychainCredentials::Relay final : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
Q_SIGNALS:
    void answered(quint64 request, const warroom::ChannelAccount &account, const QString &error);
};

KeychainCredentials::KeychainCredentials(CredentialStore *store)
    : m_relay(new Relay(store)) {
    qRegisterMetaType<warroom::ChannelAccount>();
}

KeychainCredentials::~KeychainCredentials() = default;

void KeychainCredentials::fetch(const QString &channel, const PublishingAccount &account,
                                QObject *context, Done done) const {
    if (!account.isValid() || account.channel != channel) {
        const QString why =
            account.channel == channel && !account.handle.isEmpty()
                ? QStringLiteral("the %1 account %2 is not usable: %3")
                      .arg(channel, account.label(), account.validate())
                : QStringLiteral("no %1 account is set up (Answer → Publishing accounts…)")
                      .arg(channel);
        QTimer::singleShot(0, context, [done, why] { done({}, why); });
        return;
    }
    Relay *relay = m_relay.data();
    if (!relay) {
        QTimer::singleShot(0, context, [done] {
            done({}, QStringLiteral("the keychain is closed (the app is shutting down)"));
        });
        return;
    }
    const quint64 request = ++m_next;
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(
        relay, &Relay::answered, context,
        [request, done, connection](quint64 id, const ChannelAccount &a, const QString &error) {
            if (id != request)
                return;
            QObject::disconnect(*connection);
            done(a, error);
        },
        Qt::QueuedConnection);
    const QString label = account.label();
    QMetaObject::invokeMethod(
        relay,
        [relay, request, account, label] {
            auto *store = qobject_cast<CredentialStore *>(relay->parent());
            store->read(
                account.keychainKey(), relay,
                [relay, request, account, label](const QString &secret, const QString &error) {
                    ChannelAccount a;
                    QString why;
                    if (!error.isEmpty()) {
                        why = QStringLiteral("no credentials for %1 %2: %3")
                                  .arg(account.channel, label, error);
                    } else if (secret.isEmpty()) {
                        why = QStringLiteral("no credentials for %1 %2: no %3 saved in "
                                             "the keychain (Answer → Publishing "
                                             "accounts…)")
                                  .arg(account.channel, label,
                                       account.channel == u"mastodon"
                                           ? QStringLiteral("access token")
                                           : QStringLiteral("app password"));
                    } else {
                        a.baseUrl = account.baseUrl;
                        if (account.channel == u"mastodon") {
                            a.token = secret;
                        } else {
                            a.identifier = account.handle;
                            a.appPassword = secret;
                        }
                    }
                    Q_EMIT relay->answered(request, a, why);
                });
        },
        Qt::QueuedConnection);
}

} // namespace warroom

#include "credentialprovider.moc"
