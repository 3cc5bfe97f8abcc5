#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace warroom {

// One source as the user configures it (sources dialog, `warroom collect --config`). Holds no
// secret: tokens and app passwords live in the OS keychain under credentialKey().
struct SourceConfig {
    QString kind; // "rss" | "mastodon" | "bluesky" | "hn" | "replay"
    QString name; // what the health strip shows; generated when empty
    bool enabled = true;
    QStringList feeds;     // rss: feed URLs
    QStringList instances; // mastodon: instance base URLs ("mastodon.social" or https://...)
    QStringList hashtags;  // mastodon: tags without '#'
    QStringList keywords;  // mastodon search (token), bluesky search + Jetstream match, hn query
    QStringList handles;   // accounts to watch (matched client-side on streams)
    QString account;       // mastodon: account label for the token; bluesky: handle/identifier
    QString service;       // bluesky PDS (default https://bsky.social), hn API base
    QString streamUrl;     // bluesky: Jetstream URL; empty = default; "off" disables
    bool streaming = true; // mastodon: SSE when a token exists; bluesky: Jetstream
    QString file;          // replay: CSV/JSONL path, or ":/drill/scenario.jsonl"
    double speed = 1.0;    // replay: real time × speed (1–1000)
    int pollSeconds = 60;

    [[nodiscard]] QString displayName() const;
    // Keychain entry for the secret: "mastodon:<instance>:<account>" / "bluesky:<account>".
    [[nodiscard]] QString credentialKey(const QString &instance = {}) const;
    [[nodiscard]] bool needsSecret() const; // bluesky always; mastodon only for search/streams
    // Empty when usable; else one line saying what is missing.
    [[nodiscard]] QString validate() const;

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static SourceConfig fromJson(const QJsonObject &o);
};

// {"sources":[...]} files (sources dialog persistence, `warroom collect --config`).
[[nodiscard]] QList<SourceConfig> sourcesFromJson(const QByteArray &json, QString *error);
[[nodiscard]] QByteArray sourcesToJson(const QList<SourceConfig> &sources);

// Normalises "mastodon.social" / "https://mastodon.social/" to "https://mastodon.social".
[[nodiscard]] QString normaliseInstance(const QString &instance);

} // namespace warroom
