// The search box (SearchQuery::parse) and the SQL MentionReader::ids() builds from it, run
// against a real store: whatever is typed gives results or the parser's own message, never an
// SQL/FTS error, every result really contains a term of each group, and the first-page walk
// (firstIds) gives the head of the same answer.
#include "fuzzcheck.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "store/searchquery.h"
#include "store/textfold.h"

#include <QTemporaryDir>

using namespace warroom;

namespace {

QTemporaryDir *g_dir = nullptr;
MentionReader *g_reader = nullptr;

// Our own sample posts: several scripts, punctuation, emoji, quotes and FTS5 syntax characters.
const char *const kTexts[] = {
    "Flight UA 123 delayed again, lost luggage at ORD #united",
    "The café was closed; crème brûlée \"sold out\" - NOT happy (at all)",
    "Straße gesperrt: Überschwemmung in der Innenstadt!",
    "東京で地震が発生しました。電車は止まっています",
    "서울 지하철 운행 중단 소식",
    "รถไฟฟ้าหยุดให้บริการ",
    "انقطاع الكهرباء في المدينة منذ الصباح",
    "Пожар на складе, есть пострадавшие",
    "🔥🔥 the app is down again 😡 @support",
    "AND OR NOT NEAR(a b) \"quoted\" col:value * ^ + - ( ) { } [ ]",
    "price: $5.99 + tax = 6.50€ ... really?",
    "hello\u202Eevil\u202C world \u200Bzero\u200Dwidth",
    "e\u0301\u0301\u0301\u0301 combining marks",
    "line one\nline two\ttabbed",
    "'single' \"double\" “curly” 「corner」",
};

void createStore() {
    g_dir = new QTemporaryDir;
    const QString path = g_dir->filePath(QStringLiteral("fuzz.sqlite"));
    MentionWriter writer;
    QString error;
    FUZZ_CHECK(writer.open(path, &error));
    MentionBatch batch;
    int n = 0;
    const QDateTime t0(QDate(2024, 3, 1), QTime(8, 0), Qt::UTC);
    // Each text 10 times, at times that run against the ids and repeat (the first-page walk's
    // window is 64 rows for a page of 1: smaller than the store, with ties at its edge).
    for (int copy = 0; copy < 10; ++copy) {
        for (const char *text : kTexts) {
            Mention m;
            m.source = QStringLiteral("fuzz");
            m.sourceId = QString::number(++n);
            m.authorHandle = QStringLiteral("author%1").arg(n % 4);
            m.text = QString::fromUtf8(text);
            if (n % 3 == 0)
                m.title = QStringLiteral("Title %1 update").arg(n);
            m.createdAt = t0.addSecs(60 * ((n * 7) % 40));
            m.ingestedAt = m.createdAt;
            batch.append(m);
        }
    }
    const WriteResult r = writer.write(batch);
    FUZZ_CHECK(r.ok() && r.inserted == n);
    FUZZ_CHECK(writer.flushIndex(&error));
    g_reader = new MentionReader;
    FUZZ_CHECK(g_reader->open(path, &error));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
    fuzz::initQt(argc, argv);
    createStore();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QString typed = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const SearchQuery q = SearchQuery::parse(typed);
    FUZZ_CHECK(!q.problem().contains(u'\n'));

    MentionFilter filter;
    filter.search = typed;
    QVector<qint64> ids;
    QString error;
    const bool ok = g_reader->ids(filter, &ids, &error);
    if (!q.problem().isEmpty()) {
        FUZZ_CHECK(!ok && error == q.problem());
        return 0;
    }
    if (!ok) {
        std::fprintf(stderr, "search error: %s\n", qPrintable(error));
        FUZZ_CHECK(ok);
    }
    // The stream's first page (MentionReader::firstIds) is the head of the same answer.
    for (const int limit : {1, 4}) {
        for (const bool oldest : {false, true}) {
            QVector<qint64> first;
            const MentionReader::FirstIds r =
                g_reader->firstIds(filter, limit, oldest, 60000, &first, &error);
            FUZZ_CHECK(r == MentionReader::FirstIds::First || r == MentionReader::FirstIds::All);
            QVector<qint64> want = ids;
            if (oldest)
                std::reverse(want.begin(), want.end());
            FUZZ_CHECK(first == want.mid(0, limit));
            FUZZ_CHECK((r == MentionReader::FirstIds::All) == (ids.size() < limit));
        }
    }
    for (const Mention &m : g_reader->fetch(ids)) {
        const QString body = foldForSearch(m.title + u' ' + m.text);
        for (const SearchQuery::Group &g : q.include()) {
            bool any = false;
            for (const QString &term : g.terms)
                any = any || body.contains(foldForSearch(term));
            if (!any)
                std::fprintf(stderr, "result %lld has no term of [%s]\n", m.id,
                             qPrintable(g.terms.join(u'|')));
            FUZZ_CHECK(any);
        }
    }
    return 0;
}
