#pragma once

#include "domain/mention.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

// RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0, CDF and JSON Feed 1.0/1.1 documents to Mentions.
// Pure parsing, no network, no thread affinity: call it from a worker thread for big feeds.
namespace warroom {

enum class FeedFormat : int { Unknown = 0, Rss, Rdf, Atom, Cdf, JsonFeed };

struct FeedItem {
    Mention mention;                  // source "rss", sourceId = identity (see FeedParser)
    bool dateMissingOrBroken = false; // no usable date: mention.createdAt is the ingest time
    QString brokenDate;               // first date text that did not parse (even if another did)
    bool idFromFeed = false;          // sourceId is the feed's own id/guid/rdf:about
    QDateTime published;              // UTC; invalid when the feed gives none
    QDateTime updated;                // UTC; invalid when the feed gives none
    QList<QUrl> links;                // http(s) links found in the content, in order
};

struct FeedParseResult {
    FeedFormat format = FeedFormat::Unknown;
    QString version;   // "2.0", "1.0", "0.3", "https://jsonfeed.org/version/1.1", ...
    QString title;     // plain text
    QString link;      // the site's http(s) home page, or empty
    QString id;        // Atom feed id, or empty
    QString language;  // primary language subtag ("en"), or empty
    QDateTime updated; // UTC, or invalid
    QDateTime published;
    QString encoding; // how the body was decoded: "utf-8", "windows-1252", "big5", ...
    QList<FeedItem> items;
    bool truncated = false; // more than FeedParser::kMaxItems items; the rest were dropped
    QString error;          // one line; empty when the document was read cleanly. Items read
                            // before an error are still returned.

    [[nodiscard]] bool ok() const { return error.isEmpty(); }
};

class FeedParser final {
public:
    static constexpr qsizetype kMaxItems = 5000;
    static constexpr qsizetype kMaxTitleChars = 1000;
    static constexpr qsizetype kMaxTextChars = 100'000;
    static constexpr qsizetype kMaxUrlChars = 4096;
    static constexpr qsizetype kMaxIdChars = 1024; // longer ids are replaced by their hash
    static constexpr qsizetype kMaxLinksPerItem = 50;

    // body: the HTTP response body (or file contents); feedUrl: the URL it came from (the base
    // for relative links; use the Content-Location if the server sent one); ingestTime: used as
    // createdAt for items without a usable date, and as the limit for dates in the future (more
    // than a day ahead counts as broken); contentType: the HTTP Content-Type header, whose charset
    // wins over the XML declaration (a byte-order mark wins over both).
    //
    // Item identity (mention.sourceId): Atom id, RSS guid, RDF rdf:about, JSON Feed id; else
    // the item link; else "sha256:" + a hash of title and date text. Links are resolved against
    // xml:base and feedUrl, Google redirect links unwrapped, and only http(s) links kept.
    [[nodiscard]] static FeedParseResult parse(const QByteArray &body, const QUrl &feedUrl,
                                               const QDateTime &ingestTime,
                                               QByteArrayView contentType = {});
};

} // namespace warroom
