// Bluesky JSON to Mention: postViews as searchPosts/getTimeline deliver them (blueskyPostView),
// Jetstream messages (parseJetstream), and keyword matching on the result.
#include "bluesky/blueskypost.h"
#include "fuzzcheck.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace warroom;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    fuzz::initQt(argc, argv);
    return 0;
}

static void checkPost(const Mention &m) {
    fuzz::checkMention(m);
    FUZZ_CHECK(m.source == u"bluesky");
    // The web link always points at bsky.app, whatever the handle or URI say.
    if (!m.url.isEmpty())
        FUZZ_CHECK(QUrl(m.url).host() == u"bsky.app");
    FUZZ_CHECK(!fuzz::hasBidiOrNul(m.text) && !fuzz::hasBidiOrNul(m.authorName));
    static const QStringList keywords{QStringLiteral("samsung"), QStringLiteral(" "),
                                      QStringLiteral("\u00e9")};
    static const QStringList handles{QStringLiteral("@bsky.app"), QStringLiteral("@")};
    (void)matchesKeywords(m, keywords, handles);
}

static void mapPostView(const QJsonValue &v, const QDateTime &ingest) {
    if (v.isObject())
        checkPost(blueskyPostView(v.toObject(), ingest));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const QDateTime ingest(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
    const QByteArray json = fuzz::bytes(data, size);
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    if (doc.isObject()) {
        const QJsonObject o = doc.object();
        for (const QJsonValue &p : o.value(u"posts").toArray())
            mapPostView(p, ingest);
        for (const QJsonValue &f : o.value(u"feed").toArray())
            mapPostView(f.toObject().value(u"post"), ingest);
        mapPostView(o.value(u"thread").toObject().value(u"post"), ingest);
        mapPostView(o, ingest);
    }
    const JetstreamEvent e = parseJetstream(json, ingest);
    if (e.kind == JetstreamEvent::Kind::Create || e.kind == JetstreamEvent::Kind::Update) {
        checkPost(e.mention);
        FUZZ_CHECK(e.mention.sourceId == e.atUri);
    }
    return 0;
}
