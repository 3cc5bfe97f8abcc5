#pragma once

#include "domain/mention.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

// Mastodon Status JSON to Mention. Pure functions, no thread affinity.
namespace warroom {

struct MastodonStatus {
    Mention mention; // source "mastodon", sourceId = the ORIGINAL status' uri
    QString localId; // the status' id on the instance that served it (deletes refer to it)
    QString originalLocalId;
    bool isBoost = false; // the JSON was a reblog wrapping mention's status
    QString boostedBy;    // acct of the booster
    bool valid = false;
};

// A boost (reblog) wraps the original: the mention is the original (stored once under its uri),
// its reposts the original's reblogs_count. HTML content becomes plain text (spoiler_text first);
// remote accounts keep their domain ("alice@example.org"), local ones get the instance's host.
[[nodiscard]] MastodonStatus mastodonStatus(const QJsonObject &status, const QString &instanceHost,
                                            const QDateTime &ingestTime);

} // namespace warroom
