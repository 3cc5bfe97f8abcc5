#include "common/credentials.h"

#include <QPointer>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace warroom {

CredentialStore::CredentialStore(QObject *parent)
    : QObject(parent) {}

QString CredentialStore::noKeychainMessage(const QString &detail) {
    QString s = tr("No system keychain is available (no Secret Service or KWallet is running), so "
                   "tokens and app passwords cannot be stored or read. Start a keyring (e.g. "
                   "gnome-keyring) or, for the headless collector, set WARROOM_MASTODON_TOKEN / "
                   "WARROOM_BLUESKY_APP_PASSWORD.");
    if (!detail.isEmpty())
        s += QStringLiteral(" (%1)").arg(detail);
    return s;
}

static QString describe(QKeychain::Job *job) {
    switch (job->error()) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return CredentialStore::noKeychainMessage(job->errorString());
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return CredentialStore::tr("The keychain refused access: %1").arg(job->errorString());
    default:
        // libsecret without a D-Bus session reports OtherError; say it plainly.
        if (job->errorString().contains(u"DBus", Qt::CaseInsensitive) ||
            job->errorString().contains(u"D-Bus", Qt::CaseInsensitive) ||
            job->errorString().contains(u"secret", Qt::CaseInsensitive) ||
            job->errorString().contains(u"kwallet", Qt::CaseInsensitive))
            return CredentialStore::noKeychainMessage(job->errorString());
#ifdef Q_OS_LINUX
        // Neither libsecret nor a KWallet daemon answered (headless machine, CI): QtKeychain
        // 0.13 then says only "Unknown error".
        if (job->errorString() == u"Unknown error")
            return CredentialStore::noKeychainMessage(job->errorString());
#endif
        return CredentialStore::tr("Keychain error: %1").arg(job->errorString());
    }
}

void CredentialStore::read(const QString &key, QObject *context,
                           std::function<void(const QString &, const QString &)> done) {
    QPointer<QObject> ctx(context);
    if (m_forceUnavailable) {
        QTimer::singleShot(0, context, [done] { done({}, noKeychainMessage()); });
        return;
    }
    if (m_inMemory) {
        QTimer::singleShot(0, context, [done, secret = m_memory.value(key)] { done(secret, {}); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(QString::fromLatin1(kService), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [ctx, done](QKeychain::Job *j) {
        if (!ctx)
            return;
        if (j->error() == QKeychain::NoError)
            done(static_cast<QKeychain::ReadPasswordJob *>(j)->textData(), {});
        else if (j->error() == QKeychain::EntryNotFound)
            done({}, {});
        else
            done({}, describe(j));
    });
    job->start();
}

void CredentialStore::write(const QString &key, const QString &secret, QObject *context,
                            std::function<void(const QString &)> done) {
    QPointer<QObject> ctx(context);
    if (m_forceUnavailable) {
        QTimer::singleShot(0, context, [done] { done(noKeychainMessage()); });
        return;
    }
    if (m_inMemory) {
        m_memory.insert(key, secret);
        QTimer::singleShot(0, context, [done] { done({}); });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(QString::fromLatin1(kService), this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [ctx, done](QKeychain::Job *j) {
        if (ctx)
            done(j->error() == QKeychain::NoError ? QString() : describe(j));
    });
    job->start();
}

void CredentialStore::remove(const QString &key, QObject *context,
                             std::function<void(const QString &)> done) {
    QPointer<QObject> ctx(context);
    if (m_forceUnavailable) {
        QTimer::singleShot(0, context, [done] { done(noKeychainMessage()); });
        return;
    }
    if (m_inMemory) {
        m_memory.remove(key);
        QTimer::singleShot(0, context, [done] { done({}); });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(QString::fromLatin1(kService), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [ctx, done](QKeychain::Job *j) {
        if (ctx)
            done(j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound
                     ? QString()
                     : describe(j));
    });
    job->start();
}

} // namespace warroom
