#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

namespace warroom {

// Secrets (Mastodon tokens, Bluesky app passwords) in the OS keychain through QtKeychain
// (Secret Service / KWallet on Linux, Keychain on macOS, Credential Manager on Windows). Never in
// the store, settings or logs. Asynchronous; callbacks run on the calling thread.
// Where no keychain service exists (headless Linux without a Secret Service), every call fails
// with a message saying so; `warroom collect` then falls back to environment variables.
class CredentialStore final : public QObject {
    Q_OBJECT
public:
    explicit CredentialStore(QObject *parent = nullptr);
    static constexpr const char *kService = "warroom";

    // secret empty + error empty: no entry. error non-empty: the keychain could not be read.
    void read(const QString &key, QObject *context,
              std::function<void(const QString &secret, const QString &error)> done);
    void write(const QString &key, const QString &secret, QObject *context,
               std::function<void(const QString &error)> done);
    void remove(const QString &key, QObject *context,
                std::function<void(const QString &error)> done);

    // For tests: pretend no keychain service exists.
    void setUnavailableForTesting(bool unavailable) { m_forceUnavailable = unavailable; }
    // For tests: keep secrets in this object's memory instead of the keychain (same async
    // contract), so the paths that need a working keychain are tested where none runs.
    void setInMemoryForTesting(bool inMemory) { m_inMemory = inMemory; }
    // The message shown when no keychain service exists.
    [[nodiscard]] static QString noKeychainMessage(const QString &detail = {});

private:
    bool m_forceUnavailable = false;
    bool m_inMemory = false;
    QHash<QString, QString> m_memory;
};

} // namespace warroom
