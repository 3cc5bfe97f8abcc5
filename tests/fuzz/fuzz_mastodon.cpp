// Mastodon Status JSON to Mention (mastodonStatus) on arbitrary bytes, as the REST timeline (an
// array), search (an object with "statuses") and the stream (one status) deliver it.
#include "fuzzcheck.h"
#include "mastodon/mastodonstatus.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace warroom;

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    fuzz::initQt(argc, argv);
    return 0;
}

static void mapStatus(const QJsonObject &o, const QDateTime &ingest) {
    const MastodonStatus s = mastodonStatus(o, QStringLiteral("mastodon.example"), ingest);
    if (!s.valid)
        return;
    const Mention &m = s.mention;
    fuzz::checkMention(m);
    FUZZ_CHECK(m.source == u"mastodon" && !m.sourceId.isEmpty());
    FUZZ_CHECK(m.authorName.size() <= 200);
    FUZZ_CHECK(!fuzz::hasBidiOrNul(m.text) && !fuzz::hasBidiOrNul(m.authorName));
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const QDateTime ingest(QDate(2024, 3, 1), QTime(12, 0), Qt::UTC);
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    if (doc.isArray()) {
        for (const QJsonValue &v : doc.array())
            mapStatus(v.toObject(), ingest);
    } else if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (o.value(u"statuses").isArray()) {
            for (const QJsonValue &v : o.value(u"statuses").toArray())
                mapStatus(v.toObject(), ingest);
        }
        // A recorded exchange ({..., body: ...}) or a bare status.
        if (o.value(u"body").isArray()) {
            for (const QJsonValue &v : o.value(u"body").toArray())
                mapStatus(v.toObject(), ingest);
        }
        mapStatus(o.value(u"body").toObject(), ingest);
        mapStatus(o, ingest);
    }
    return 0;
}
