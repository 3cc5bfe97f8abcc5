#pragma once

#include "publishingaccount.h"

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <atomic>
#include <functional>

namespace warroom {

class CredentialStore;

// One account to post with, secret included; lives only in memory, on the publisher's thread.
// Mastodon: baseUrl + token (write:statuses). Bluesky: baseUrl of the PDS + identifier (handle
// or DID) + an app password.
struct ChannelAccount {
    QUrl baseUrl;
    QString token;
    QString identifier;
    QString appPassword;
};

// Where the publisher's secrets come from. Asynchronous (a keychain answers later): `done` runs
// on `context`'s thread, never inside fetch() itself, and not at all once `context` is gone.
// `account` is what the store says the brand's account is (may be invalid: none set up).
class CredentialProvider {
public:
    using Done = std::function<void(const ChannelAccount &account, const QString &error)>;
    virtual ~CredentialProvider() = default;
    virtual void fetch(const QString &channel, const PublishingAccount &account, QObject *context,
                       Done done) const = 0;
};

// Fixed accounts per channel (tests, and the CLI's WARROOM_MASTODON_URL/... variables). Ignores
// the store's account: the caller said which server to use.
class StaticCredentials final : public CredentialProvider {
public:
    void set(const QString &channel, const ChannelAccount &account) {
        m_accounts.insert(channel, account);
    }
    void fetch(const QString &channel, const PublishingAccount &account, QObject *context,
               Done done) const override;

private:
    QHash<QString, ChannelAccount> m_accounts;
};

// The brand's accounts from the store, their secrets from the OS keychain through a
// CredentialStore that lives on another thread (the GUI's); fetch() may be called from any
// thread with a context on that thread. Without a keychain (CI, no Secret Service), fetch
// answers "no credentials for mastodon @brand@host: <why>" and nothing is posted.
// Construct on the CredentialStore's thread; the store must outlive every fetch's answer
// (the app stops the workflow thread before it deletes the store).
class KeychainCredentials final : public CredentialProvider {
public:
    explicit KeychainCredentials(CredentialStore *store);
    ~KeychainCredentials() override;
    void fetch(const QString &channel, const PublishingAccount &account, QObject *context,
               Done done) const override;

    class Relay;

private:
    QPointer<Relay> m_relay; // on the store's thread, a child of the store
    mutable std::atomic<quint64> m_next{0};
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::ChannelAccount)
