// FeedParser::parse on arbitrary bytes (RSS, RDF, Atom, CDF, JSON Feed): no crash, leak or UB, and
// whatever comes out is bounded and safe to show and open.
#include "fuzzcheck.h"
#include "rss/feedparser.h"

using namespace warroom;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    fuzz::initQt(argc, argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const QUrl feedUrl(QStringLiteral("https://news.example.org/feeds/all.xml"));
    static const QDateTime ingest(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
    // The Content-Type a server may send, chosen by the input so a crash reproduces.
    static const QByteArrayView contentTypes[] = {{},
                                                  "application/rss+xml",
                                                  "text/xml; charset=windows-1252",
                                                  "application/feed+json",
                                                  "text/html; charset=big5"};
    const QByteArrayView contentType = contentTypes[size % std::size(contentTypes)];

    const FeedParseResult r =
        FeedParser::parse(fuzz::bytes(data, size), feedUrl, ingest, contentType);
    FUZZ_CHECK(r.items.size() <= FeedParser::kMaxItems);
    FUZZ_CHECK(r.title.size() <= FeedParser::kMaxTitleChars);
    FUZZ_CHECK(r.link.isEmpty() || isSafeWebUrl(QUrl(r.link)));
    FUZZ_CHECK(!r.error.contains(u'\n'));
    for (const FeedItem &item : r.items) {
        const Mention &m = item.mention;
        fuzz::checkMention(m);
        FUZZ_CHECK(m.source == u"rss");
        FUZZ_CHECK(!m.sourceId.isEmpty() && m.sourceId.size() <= FeedParser::kMaxUrlChars);
        FUZZ_CHECK(m.title.size() <= FeedParser::kMaxTitleChars);
        FUZZ_CHECK(m.text.size() <= FeedParser::kMaxTextChars);
        FUZZ_CHECK(m.url.size() <= FeedParser::kMaxUrlChars);
        FUZZ_CHECK(m.createdAt <= ingest.addDays(1));
        FUZZ_CHECK(!fuzz::hasBidiOrNul(m.text) && !fuzz::hasBidiOrNul(m.title) &&
                   !fuzz::hasBidiOrNul(m.authorName));
        FUZZ_CHECK(item.links.size() <= FeedParser::kMaxLinksPerItem);
        for (const QUrl &link : item.links)
            FUZZ_CHECK(isSafeWebUrl(link));
    }
    return 0;
}
