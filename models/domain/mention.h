#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

// Plain value types shared by connectors, analysis, the store and the item models.
// No thread affinity: copied freely between threads.
namespace warroom {

enum class Sentiment : int { Unknown = 0, Negative, Neutral, Positive };

[[nodiscard]] QString sentimentName(Sentiment s); // "negative" | "neutral" | "positive" | ""
[[nodiscard]] Sentiment sentimentFromName(QStringView name, bool *ok = nullptr);

// What the crisis cell has decided about a mention (product.md, scene 4).
enum class MentionStatus : int { New = 0, NeedsReply, Answered, Ignored, Escalated, MovedPrivate };

[[nodiscard]] QString statusName(MentionStatus s); // "new", "needs-reply", ...
[[nodiscard]] MentionStatus statusFromName(QStringView name, bool *ok = nullptr);
[[nodiscard]] QList<MentionStatus> allStatuses();

struct Mention {
    qint64 id = 0;               // store rowid; 0 until stored
    QString source;              // "twitter", "mastodon", "bluesky", "rss", "hn", "drill", ...
    QString sourceId;            // the source's own id (unique together with source)
    QString url;                 // link to the original
    QString authorHandle;        // without '@'
    QString authorName;          // display name
    qint64 authorFollowers = -1; // -1 = unknown
    QString title;               // feeds have one
    QString text;                // plain text, never HTML
    QString language;            // BCP-47-ish code ("en", "zh", "hy") or empty
    QDateTime createdAt;         // UTC
    QDateTime ingestedAt;        // UTC
    bool timeEstimated = false;  // createdAt was missing/broken and set from ingest time
    qint64 reposts = 0;
    qint64 likes = 0;
    qint64 replies = 0;
    Sentiment sentiment = Sentiment::Unknown;
    double sentimentScore = 0.0; // [-1, 1]
    bool sentimentByAnalyst = false;
    MentionStatus status = MentionStatus::New;
    bool deleted = false;
    QString inReplyTo; // source id of the parent, where the source links it
    // Feeds: the same article reached through two feeds (or a redirect) is one mention, so the
    // store also deduplicates on the normalised URL. Off for posts, whose URLs may be shared links.
    bool dedupeByUrl = false;
};

using MentionBatch = QList<Mention>;

} // namespace warroom

Q_DECLARE_METATYPE(warroom::Mention)
Q_DECLARE_METATYPE(warroom::MentionBatch)
