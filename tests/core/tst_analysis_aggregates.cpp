// The incremental aggregates (issue 4): mention_minutes by source, sentiment and language and
// author_hours per author and hour equal a full recount of the mentions after every kind of
// change a store sees; the ranking read from them equals the GROUP BY over raw rows it replaced;
// the stored risk assessments; the high-risk-author alert fed from them.
#include "analysis_drill.h"

#include "analysis/alertengine.h"
#include "analysis/analysiswriter.h"
#include "analysis/ingestpipeline.h"
#include "analysis/relabeler.h"
#include "analysis/riskscorer.h"
#include "import/fileimporter.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/storewriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>

#include <cmath>

using namespace warroom;

namespace {

// A table as key -> values, for a row-by-row comparison.
using Table = QMap<QString, QList<double>>;

Table readTable(sql::Connection &db, const char *sql, int keyColumns, int valueColumns) {
    Table t;
    sql::Statement st = db.prepare(sql);
    if (!st.isValid())
        qFatal("bad SQL: %s", sql);
    while (st.step() == SQLITE_ROW) {
        QStringList key;
        for (int c = 0; c < keyColumns; ++c)
            key << st.text(c);
        QList<double> values;
        for (int c = 0; c < valueColumns; ++c)
            values << st.real(keyColumns + c);
        t.insert(key.join(u'|'), values);
    }
    return t;
}

// Differences between a maintained table and its recount (empty: equal row for row).
QStringList differences(const QString &what, const Table &kept, const Table &recount) {
    QStringList out;
    for (auto it = recount.cbegin(); it != recount.cend(); ++it) {
        if (!kept.contains(it.key())) {
            out << QStringLiteral("%1: missing row %2").arg(what, it.key());
            continue;
        }
        const QList<double> &k = kept[it.key()];
        for (qsizetype c = 0; c < it->size(); ++c)
            if (std::abs(k.at(c) - it->at(c)) > 1e-6)
                out << QStringLiteral("%1: row %2 column %3 is %4, recount %5")
                           .arg(what, it.key())
                           .arg(c)
                           .arg(k.at(c))
                           .arg(it->at(c));
    }
    for (auto it = kept.cbegin(); it != kept.cend(); ++it)
        if (!recount.contains(it.key()))
            out << QStringLiteral("%1: extra row %2").arg(what, it.key());
    return out;
}

QStringList aggregateDifferences(sql::Connection &db, int *rows = nullptr) {
    const Table minutes =
        readTable(db, "SELECT minute, source, sentiment, lang, n FROM mention_minutes", 4, 1);
    const Table minutesRecount =
        readTable(db,
                  "SELECT created_at / 60000, source, coalesce(sentiment_label, ''), "
                  "coalesce(lang, ''), count(*) FROM mentions GROUP BY 1, 2, 3, 4",
                  4, 1);
    const Table hours = readTable(db,
                                  "SELECT hour, author_id, posts, negative, neutral, positive, "
                                  "neg_intensity, reposts, likes, last_post FROM author_hours",
                                  2, 8);
    const Table hoursRecount = readTable(
        db,
        "SELECT m.created_at / 3600000, a.id, count(*), sum(m.sentiment_label = 'negative'), "
        "sum(m.sentiment_label = 'neutral'), sum(m.sentiment_label = 'positive'), "
        "total(CASE WHEN m.sentiment_label = 'negative' THEN abs(m.sentiment_score) END), "
        "sum(m.reposts), sum(m.likes), max(m.created_at) FROM mentions m JOIN authors a "
        "ON a.source = m.source AND a.handle = m.author_handle "
        "WHERE m.deleted = 0 AND m.author_handle <> '' GROUP BY 1, 2",
        2, 8);
    // The per-author totals the writer kept before these aggregates (every post, deleted too).
    const Table authors = readTable(
        db, "SELECT source, handle, mention_count, first_seen, last_seen FROM authors", 2, 3);
    const Table authorsRecount =
        readTable(db,
                  "SELECT source, author_handle, count(*), min(created_at), max(created_at) "
                  "FROM mentions WHERE author_handle <> '' GROUP BY 1, 2",
                  2, 3);
    if (rows)
        *rows = int(minutes.size() + hours.size() + authors.size());
    return differences(QStringLiteral("mention_minutes"), minutes, minutesRecount) +
           differences(QStringLiteral("author_hours"), hours, hoursRecount) +
           differences(QStringLiteral("authors"), authors, authorsRecount);
}

#define VERIFY_AGGREGATES(db)                                                                      \
    do {                                                                                           \
        const QStringList diff = aggregateDifferences(db);                                         \
        QVERIFY2(diff.isEmpty(), qPrintable(diff.mid(0, 8).join(u'\n')));                          \
    } while (false)

// The airline tweets as the importer batches them (language and sentiment analysed).
QList<MentionBatch> airlineBatches(int batchSize) {
    QList<MentionBatch> batches;
    ImportOptions options;
    options.batchSize = batchSize;
    FileImporter importer(options);
    importer.run(test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")),
                 [&](const MentionBatch &b) {
                     batches.append(b);
                     WriteResult r;
                     r.inserted = int(b.size());
                     return r;
                 });
    return batches;
}

// A connector's deletions and edits of earlier posts, riding along with a batch: every
// `everyDeleted`-th post of `old` deleted a minute after it was posted, every `everyEdited`-th
// (from the fifth) edited.
QList<MentionChange> deletionsAndEdits(const MentionBatch &old, const QString &source,
                                       int everyDeleted, int everyEdited) {
    QList<MentionChange> changes;
    for (qsizetype k = 0; k < old.size(); k += everyDeleted)
        changes.append({MentionChange::Kind::Deleted,
                        source,
                        old.at(k).sourceId,
                        {},
                        old.at(k).createdAt.addSecs(60)});
    for (qsizetype k = 5; k < old.size(); k += everyEdited)
        changes.append({MentionChange::Kind::Edited, source, old.at(k).sourceId,
                        old.at(k).text + QStringLiteral(" (edited)"),
                        old.at(k).createdAt.addSecs(90)});
    return changes;
}

// Analyst corrections as `warroom label` applies them: every `everyPost`-th post of every
// `everyBatch`-th batch, cycling through the labels, and the first `twice` of them again.
QList<SentimentCorrection> analystCorrections(const QList<MentionBatch> &batches,
                                              const QString &source, int everyBatch, int everyPost,
                                              int twice) {
    QList<SentimentCorrection> corrections;
    const Sentiment cycle[] = {Sentiment::Negative, Sentiment::Positive, Sentiment::Neutral};
    for (qsizetype i = 0; i < batches.size(); i += everyBatch)
        for (qsizetype k = 3; k < batches.at(i).size(); k += everyPost)
            corrections.append({source, batches.at(i).at(k).sourceId, cycle[(i + k) % 3], 0});
    corrections += corrections.mid(0, twice);
    return corrections;
}

// UMSAB test tweets in several languages as mentions (no authors in the corpus: a handful of
// invented handles so they repeat), spread over the airline tweets' days.
MentionBatch umsabBatch(const QString &language, const QDateTime &from, int limit) {
    MentionBatch batch;
    QFile f(test::sharedData(QStringLiteral("umsab-multilingual-tweets/") + language +
                             QStringLiteral("/test_text.txt")));
    if (!f.open(QIODevice::ReadOnly))
        return batch;
    int i = 0;
    while (!f.atEnd() && i < limit) {
        Mention m;
        m.source = QStringLiteral("umsab");
        m.sourceId = language + u'-' + QString::number(i);
        m.text = QString::fromUtf8(f.readLine()).trimmed();
        m.authorHandle = language + QStringLiteral("_author") + QString::number(i % 37);
        m.createdAt = from.addSecs(qint64(i) * 173);
        m.reposts = i % 5;
        m.likes = i % 11;
        batch.append(m);
        ++i;
    }
    IngestPipeline().analyse(batch);
    return batch;
}

// The ranking's window as it was computed before the aggregates: GROUP BY over raw rows.
struct RawStats {
    qint64 posts = 0, reposts = 0, likes = 0, negative = 0, neutral = 0, positive = 0;
    double intensity = 0;
    qint64 lastPost = 0;
};

QHash<QString, RawStats> rawWindow(sql::Connection &db, qint64 start, qint64 endInclusive) {
    QHash<QString, RawStats> out;
    sql::Statement st = db.prepare(
        "SELECT m.source, m.author_handle, count(*), sum(m.reposts), sum(m.likes), "
        "sum(m.sentiment_label = 'negative'), sum(m.sentiment_label = 'neutral'), "
        "sum(m.sentiment_label = 'positive'), "
        "avg(CASE WHEN m.sentiment_label = 'negative' THEN abs(m.sentiment_score) END), "
        "max(m.created_at) FROM mentions m WHERE m.created_at >= ?1 AND m.created_at < ?2 "
        "AND m.deleted = 0 AND m.author_handle <> '' GROUP BY m.source, m.author_handle");
    st.bind(1, start);
    st.bind(2, endInclusive + 1);
    while (st.step() == SQLITE_ROW) {
        RawStats s;
        s.posts = st.int64(2);
        s.reposts = st.int64(3);
        s.likes = st.int64(4);
        s.negative = st.int64(5);
        s.neutral = st.int64(6);
        s.positive = st.int64(7);
        s.intensity = st.isNull(8) ? 0.0 : st.real(8);
        s.lastPost = st.int64(9);
        out.insert(st.text(0) + u'/' + st.text(1), s);
    }
    return out;
}

// subset: r holds some of the raw window's authors (RankingQuery::assess).
QString compareWithRaw(const Ranking &r, const QHash<QString, RawStats> &raw, bool subset = false) {
    if (!subset && r.authors.size() != raw.size())
        return QStringLiteral("%1 authors, raw %2").arg(r.authors.size()).arg(raw.size());
    for (const RiskAssessment &a : r.authors) {
        const QString key = a.author.source + u'/' + a.author.handle;
        if (!raw.contains(key))
            return QStringLiteral("%1 is not in the raw window").arg(key);
        const RawStats &s = raw[key];
        const AuthorWindowStats &w = a.author;
        if (w.posts != s.posts || w.reposts != s.reposts || w.likes != s.likes ||
            w.negative != s.negative || w.neutral != s.neutral || w.positive != s.positive ||
            w.lastPost.toMSecsSinceEpoch() != s.lastPost ||
            std::abs(w.negativeIntensity - s.intensity) > 1e-9)
            return QStringLiteral("%1: posts %2/%3 reposts %4/%5 negative %6/%7 last %8/%9 "
                                  "intensity %10/%11")
                .arg(key)
                .arg(w.posts)
                .arg(s.posts)
                .arg(w.reposts)
                .arg(s.reposts)
                .arg(w.negative)
                .arg(s.negative)
                .arg(w.lastPost.toMSecsSinceEpoch())
                .arg(s.lastPost)
                .arg(w.negativeIntensity)
                .arg(s.intensity);
    }
    return {};
}

// A live ranking's answer against a ranking read anew (empty: the same). Every author of the
// list: the same counts, numbers and texts; scores within 1e-9 (the live counts add and subtract
// the sentiment intensities in another order); where the order differs, the scores tie.
QString compareRankings(const Ranking &live, const Ranking &full) {
    if (live.windowEnd != full.windowEnd || live.windowStart != full.windowStart)
        return QStringLiteral("windows differ");
    if (live.authors.size() != full.authors.size())
        return QStringLiteral("%1 authors, read anew %2")
            .arg(live.authors.size())
            .arg(full.authors.size());
    QHash<QString, const RiskAssessment *> byKey;
    for (const RiskAssessment &a : full.authors)
        byKey.insert(a.author.source + u'/' + a.author.handle, &a);
    for (qsizetype i = 0; i < live.authors.size(); ++i) {
        const RiskAssessment &l = live.authors.at(i);
        const QString key = l.author.source + u'/' + l.author.handle;
        const RiskAssessment *f = byKey.value(key);
        if (!f)
            return QStringLiteral("%1 is not in the ranking read anew").arg(key);
        const AuthorWindowStats &a = l.author;
        const AuthorWindowStats &b = f->author;
        if (a.posts != b.posts || a.reposts != b.reposts || a.likes != b.likes ||
            a.negative != b.negative || a.neutral != b.neutral || a.positive != b.positive ||
            a.lastPost != b.lastPost || a.followers != b.followers ||
            a.totalMentions != b.totalMentions || a.stance != b.stance || !(a.flags == b.flags) ||
            a.displayName != b.displayName ||
            std::abs(a.negativeIntensity - b.negativeIntensity) > 1e-9 ||
            std::abs(l.score - f->score) > 1e-9)
            return QStringLiteral("%1: posts %2/%3 negative %4/%5 last %6/%7 followers %8/%9 "
                                  "score %10/%11")
                .arg(key)
                .arg(a.posts)
                .arg(b.posts)
                .arg(a.negative)
                .arg(b.negative)
                .arg(a.lastPost.toMSecsSinceEpoch())
                .arg(b.lastPost.toMSecsSinceEpoch())
                .arg(a.followers)
                .arg(b.followers)
                .arg(l.score)
                .arg(f->score);
        const RiskAssessment &same = full.authors.at(i);
        if (same.author.handle != a.handle && std::abs(same.score - l.score) > 1e-9)
            return QStringLiteral("place %1: %2, read anew %3").arg(i).arg(key, same.author.handle);
    }
    return {};
}

using test::DrillStore;

Mention post(const QString &handle, const QString &id, const QDateTime &at, const QString &text) {
    Mention m;
    m.source = QStringLiteral("drill");
    m.sourceId = id;
    m.authorHandle = handle;
    m.text = text;
    m.createdAt = at;
    m.language = QStringLiteral("en");
    m.sentiment = Sentiment::Negative;
    m.sentimentScore = -0.7;
    return m;
}

} // namespace

class TestAnalysisAggregates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A realistic life of a store, checked after every step against a from-scratch GROUP BY:
    // imported batches (and the same batches again), several languages, posts that arrive
    // deleted, deletions (of new, old, unknown and already deleted posts), edits, analyst
    // corrections from `warroom label` and from the stream's key press, and the learned model
    // re-scoring everything else.
    void incrementalEqualsRecompute() {
        const QList<MentionBatch> batches = airlineBatches(500);
        QVERIFY(batches.size() >= 25);
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY2(writer.open(store.path(), &error), qPrintable(error));
        sql::Connection &db = writer.connection();
        const QString source = batches.first().first().source;

        // 1. Half the airline tweets, then a batch again: duplicates move nothing.
        const qsizetype half = batches.size() / 2;
        for (qsizetype i = 0; i < half; ++i)
            QVERIFY(writer.write(batches.at(i)).ok());
        const WriteResult again = writer.write(batches.at(2));
        QCOMPARE(again.inserted, 0);
        QCOMPARE(again.duplicates, int(batches.at(2).size()));
        VERIFY_AGGREGATES(db);

        // 2. Four more languages, and a batch whose posts arrive already deleted.
        const QDateTime day = batches.first().first().createdAt;
        for (const char *language : {"french", "arabic", "hindi", "german"})
            QVERIFY(writer.write(umsabBatch(QString::fromLatin1(language), day, 400)).ok());
        MentionBatch gone = umsabBatch(QStringLiteral("spanish"), day, 120);
        for (qsizetype i = 0; i < gone.size(); i += 2)
            gone[i].deleted = true;
        QVERIFY(writer.write(gone).ok());
        QVERIFY(db.scalar("SELECT count(DISTINCT lang) FROM mention_minutes") >= 5);
        VERIFY_AGGREGATES(db);

        // 3. The rest with deletions and edits riding along, as a connector reports them.
        int deletions = 0;
        int edits = 0;
        for (qsizetype i = half; i < batches.size(); ++i) {
            const MentionBatch &b = batches.at(i);
            QList<MentionChange> changes;
            const MentionBatch &old = batches.at(i - half);
            changes += deletionsAndEdits(old, source, 23, 41);
            changes.append({MentionChange::Kind::Deleted, source, b.last().sourceId, {}, {}});
            changes.append({MentionChange::Kind::Deleted, source, old.first().sourceId, {}, {}});
            changes.append(
                {MentionChange::Kind::Deleted, source, QStringLiteral("no-such"), {}, {}});
            changes.append({MentionChange::Kind::Deleted,
                            QStringLiteral("umsab"),
                            QStringLiteral("french-%1").arg(i),
                            {},
                            {}});
            const WriteResult r = writer.write(b, changes);
            QVERIFY2(r.ok(), qPrintable(r.error));
            for (const MentionChange &c : changes)
                (c.kind == MentionChange::Kind::Deleted ? deletions : edits) += 1;
        }
        QVERIFY(db.scalar("SELECT count(*) FROM mentions WHERE deleted = 1") > 400);
        QVERIFY(db.scalar("SELECT count(*) FROM mention_edits") > 100);
        VERIFY_AGGREGATES(db);

        // 4. `warroom label`: analyst corrections, some on deleted posts, some twice.
        const QList<SentimentCorrection> corrections =
            analystCorrections(batches, source, 2, 19, 40);
        CorrectionReport report;
        AnalysisWriter analysis(writer);
        QVERIFY2(analysis.applyCorrections(corrections, QStringLiteral("ana"), &report, &error),
                 qPrintable(error));
        QVERIFY(report.changed > 100);
        VERIFY_AGGREGATES(db);

        // 5. The stream's key press (StoreWriter on its own write connection).
        {
            StoreWriter gui(store.path());
            gui.open();
            QList<qint64> ids;
            sql::Statement st = db.prepare("SELECT id FROM mentions WHERE id % 97 = 0");
            while (st.step() == SQLITE_ROW)
                ids.append(st.int64(0));
            ids.append(99999999);
            gui.correctSentiment(ids, Sentiment::Negative);
            gui.correctSentiment(ids.mid(0, 20), Sentiment::Positive);
            QCOMPARE(db.scalar("SELECT count(*) FROM mentions WHERE id % 97 = 0 AND "
                               "sentiment_by_analyst = 1"),
                     qint64(ids.size() - 1));
        }
        VERIFY_AGGREGATES(db);

        // 6. The model learns from the analysts and re-scores everything else.
        const RelabelStats stats = Relabeler::run(writer);
        QVERIFY2(stats.ok(), qPrintable(stats.error));
        qInfo("relabel: %d examples, %lld re-scored, %lld moved", stats.trainingExamples,
              stats.scored, stats.changed);
        QVERIFY(stats.changed > 100);
        VERIFY_AGGREGATES(db);

        // 7. Everything again: all duplicates, nothing moves.
        for (const MentionBatch &b : batches)
            QCOMPARE(writer.write(b).inserted, 0);
        int rows = 0;
        QVERIFY2(aggregateDifferences(db, &rows).isEmpty(), "after the duplicates");
        qInfo("%d aggregate rows equal their recount; %d deletions and %d edits applied", rows,
              deletions, edits);

        // The comparison sees a change that bypasses the writer (it can fail).
        QVERIFY(db.exec("UPDATE mentions SET sentiment_label = CASE sentiment_label WHEN "
                        "'negative' THEN 'positive' ELSE 'negative' END WHERE id = (SELECT min(id) "
                        "FROM mentions WHERE deleted = 0 AND author_handle <> '')"));
        const QStringList diff = aggregateDifferences(db);
        QVERIFY(diff.filter(QStringLiteral("mention_minutes")).size() >= 2);
        QVERIFY(diff.filter(QStringLiteral("author_hours")).size() >= 1);
    }

    // A store from before the aggregates migration is upgraded: both tables are backfilled from
    // the mentions (by language; deleted posts out of author_hours).
    void migrationBackfills() {
        test::TempStore store;
        int before = 0;
        {
            // The version just before this migration (found, not assumed).
            for (int v = 1; v <= Schema::latestVersion() && before == 0; ++v) {
                test::TempStore probe;
                sql::Connection db;
                QString error;
                QVERIFY(db.open(probe.path(), sql::Connection::Mode::ReadWrite, &error));
                QVERIFY(configureConnection(db, true, &error));
                QVERIFY2(Schema::migrate(db, &error, v), qPrintable(error));
                if (db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'author_hours'"))
                    before = v - 1;
            }
            QVERIFY(before > 1);
            sql::Connection db;
            QString error;
            QVERIFY(db.open(store.path(), sql::Connection::Mode::ReadWrite, &error));
            QVERIFY(configureConnection(db, true, &error));
            QVERIFY2(Schema::migrate(db, &error, before), qPrintable(error));
            QVERIFY(db.exec(
                "INSERT INTO authors(source, handle, followers, mention_count, first_seen, "
                "last_seen) VALUES ('drill', 'ana', 10, 3, 3600000, 3720000), "
                "('drill', 'ben', 20, 1, 7300000, 7300000);"
                "INSERT INTO mentions(source, source_id, author_handle, text, lang, created_at, "
                "ingested_at, sentiment_label, sentiment_score, reposts, likes, deleted) VALUES "
                "('drill', '1', 'ana', 'a', 'en', 3600000, 0, 'negative', -0.5, 2, 1, 0),"
                "('drill', '2', 'ana', 'b', 'fr', 3660000, 0, 'negative', -0.25, 3, 0, 0),"
                "('drill', '3', 'ana', 'c', NULL, 3720000, 0, NULL, NULL, 0, 0, 1),"
                "('drill', '4', 'ben', 'd', 'en', 7300000, 0, 'positive', 0.5, 0, 4, 0),"
                "('drill', '5', '', 'e', 'en', 7300000, 0, 'neutral', 0, 0, 0, 0)"));
        }
        MentionWriter writer;
        QString error;
        QVERIFY2(writer.open(store.path(), &error), qPrintable(error));
        sql::Connection &db = writer.connection();
        QCOMPARE(db.scalar("SELECT count(*) FROM mention_minutes"), 5);
        QCOMPARE(db.scalar("SELECT n FROM mention_minutes WHERE minute = 61 AND lang = 'fr'"), 1);
        QCOMPARE(db.scalar("SELECT n FROM mention_minutes WHERE minute = 62 AND lang = '' AND "
                           "sentiment = ''"),
                 1);
        QCOMPARE(db.scalar("SELECT posts FROM author_hours WHERE hour = 1 AND author_id = 1"), 2);
        QCOMPARE(db.scalar("SELECT last_post FROM author_hours WHERE hour = 1"), 3660000);
        QCOMPARE(db.scalar("SELECT count(*) FROM author_hours"), 2);
        VERIFY_AGGREGATES(db);
    }

    // A LiveRanking kept across a store's life (the influencer panel's reader thread) gives the
    // answer of a ranking read anew after every step: new batches, posts that arrive deleted,
    // deletions and edits riding along, a window that slides, analyst corrections, author flags
    // and stances, the learned model re-scoring everything, a row deleted behind warroom's back;
    // for the `warroom rank` options (newest mention, all authors) and the panel's (a clock end,
    // top 50 with supporters and the watchlist). Most steps are applied as deltas.
    void liveRankingEqualsFullRanking() {
        const QList<MentionBatch> batches = airlineBatches(400);
        QVERIFY(batches.size() >= 20);
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY2(writer.open(store.path(), &error), qPrintable(error));
        sql::Connection &db = writer.connection();
        MentionReader reader; // the ranking thread's own read connection
        QVERIFY2(reader.open(store.path(), &error), qPrintable(error));
        sql::Connection &rdb = reader.connection();
        const QString source = batches.first().first().source;

        LiveRanking rank, panel, slide;
        int deltas = 0;
        int reads = 0;
        int checks = 0;
        auto check = [&](LiveRanking &live, const RankingOptions &o, const QString &step) {
            Ranking l, f;
            QString why;
            if (!live.run(rdb, o, &l, &why))
                return QStringLiteral("%1: live: %2").arg(step, why);
            if (!RankingQuery(rdb).run(o, &f, &why))
                return QStringLiteral("%1: anew: %2").arg(step, why);
            (live.lastRefresh().full ? reads : deltas) += 1;
            ++checks;
            const QString diff = compareRankings(l, f);
            return diff.isEmpty()
                       ? diff
                       : QStringLiteral("%1 (%2): %3")
                             .arg(step,
                                  live.lastRefresh().full
                                      ? QStringLiteral("read anew: ") + live.lastRefresh().why
                                      : QStringLiteral("delta"),
                                  diff);
        };
        RankingOptions all; // `warroom rank`: the newest mention's 6 h, every author
        all.limit = 0;
        auto panelOptions = [&] {
            // The panel's: a clock end, top 50, supporters and the watchlist beyond.
            RankingOptions o;
            o.end = QDateTime::fromMSecsSinceEpoch(
                db.scalar("SELECT max(created_at) FROM mentions") + 1, Qt::UTC);
            o.limit = 50;
            o.keepWatchlist = true;
            o.supporters = 50;
            return o;
        };
#define CHECK_LIVE(live, options, step)                                                            \
    do {                                                                                           \
        const QString diff = check(live, options, step);                                           \
        QVERIFY2(diff.isEmpty(), qPrintable(diff));                                                \
    } while (false)

        // 1. Half the tweets, batch by batch, with deletions and edits of earlier posts riding
        //    along and posts that arrive deleted.
        const qsizetype half = batches.size() / 2;
        for (qsizetype i = 0; i < half; ++i) {
            MentionBatch b = batches.at(i);
            for (qsizetype k = 0; k < b.size(); k += 29)
                b[k].deleted = true;
            QList<MentionChange> changes;
            if (i > 0)
                changes += deletionsAndEdits(batches.at(i - 1), source, 17, 31);
            const WriteResult r = writer.write(b, changes);
            QVERIFY2(r.ok(), qPrintable(r.error));
            CHECK_LIVE(rank, all, QStringLiteral("batch %1").arg(i));
            CHECK_LIVE(panel, panelOptions(), QStringLiteral("batch %1, panel").arg(i));
        }

        // 2. A 6 h window sliding over the day by 7 minutes, with the rest of the tweets
        //    arriving meanwhile (an end before the newest mention: rows enter at the end too).
        const qint64 first = db.scalar("SELECT min(created_at) FROM mentions");
        const qint64 last = db.scalar("SELECT max(created_at) FROM mentions");
        RankingOptions sliding;
        sliding.limit = 20;
        sliding.supporters = 10;
        qsizetype next = half;
        for (qint64 end = first + 6 * 3600000LL; end <= last; end += 7 * 60000) {
            sliding.end = QDateTime::fromMSecsSinceEpoch(end, Qt::UTC);
            if (next < batches.size() && (end / 60000) % 5 == 0)
                QVERIFY(writer.write(batches.at(next++)).ok());
            CHECK_LIVE(slide, sliding, QStringLiteral("sliding to %1").arg(end));
        }
        while (next < batches.size())
            QVERIFY(writer.write(batches.at(next++)).ok());
        CHECK_LIVE(rank, all, QStringLiteral("all tweets"));

        // 3. Analyst corrections (`warroom label`), some twice.
        const QList<SentimentCorrection> corrections =
            analystCorrections(batches, source, 3, 37, 20);
        CorrectionReport report;
        AnalysisWriter analysis(writer);
        QVERIFY2(analysis.applyCorrections(corrections, QStringLiteral("ana"), &report, &error),
                 qPrintable(error));
        QVERIFY(report.changed > 50);
        CHECK_LIVE(rank, all, QStringLiteral("corrections"));
        CHECK_LIVE(panel, panelOptions(), QStringLiteral("corrections, panel"));
        QVERIFY2(!rank.lastRefresh().full, qPrintable(rank.lastRefresh().why));

        // 4. Author flags and stances set by analysts (StoreWriter's path), on the top authors.
        Ranking now;
        QVERIFY(RankingQuery(rdb).run(all, &now, &error));
        QVERIFY(now.authors.size() > 40);
        QVERIFY(db.exec("BEGIN IMMEDIATE"));
        for (int i = 0; i < 40; i += 4) {
            AuthorUpdate u;
            u.source = now.authors.at(i).author.source;
            u.handle = now.authors.at(i).author.handle;
            if (i % 8 == 0)
                u.watchlist = true;
            else
                u.journalist = true;
            u.stance = QStringLiteral("for");
            QVERIFY2(applyAuthorUpdate(db, u, &error), qPrintable(error));
        }
        QVERIFY(db.exec("COMMIT"));
        CHECK_LIVE(rank, all, QStringLiteral("author flags"));
        CHECK_LIVE(panel, panelOptions(), QStringLiteral("author flags, panel"));
        QVERIFY2(!rank.lastRefresh().full, qPrintable(rank.lastRefresh().why));

        // 5. The model re-scores everything else (thousands of changes at once).
        const RelabelStats stats = Relabeler::run(writer);
        QVERIFY2(stats.ok(), qPrintable(stats.error));
        CHECK_LIVE(rank, all, QStringLiteral("relabel"));
        qInfo("relabel: %lld re-scored, %lld moved; live ranking: %s", stats.scored, stats.changed,
              rank.lastRefresh().full ? qPrintable(rank.lastRefresh().why) : "delta");
        CHECK_LIVE(panel, panelOptions(), QStringLiteral("relabel, panel"));

        // 6. A row deleted behind warroom's back: the log says reset.
        QVERIFY(db.exec("DELETE FROM mentions WHERE id = (SELECT max(id) FROM mentions)"));
        CHECK_LIVE(rank, all, QStringLiteral("row deleted"));
        QVERIFY(rank.lastRefresh().full);
        qInfo("%d live rankings equal to a ranking read anew: %d as deltas, %d read anew", checks,
              deltas, reads);
        QVERIFY(deltas > 3 * reads);

        // The comparison sees a change the log does not (it can fail).
        CHECK_LIVE(rank, all, QStringLiteral("again"));
        QVERIFY(db.exec("DROP TRIGGER authors_ranking_au"));
        QVERIFY(db.exec("UPDATE authors SET journalist = 1 - journalist WHERE id IN (SELECT a.id "
                        "FROM authors a JOIN mentions m ON m.source = a.source AND m.author_handle "
                        "= a.handle WHERE m.created_at >= (SELECT max(created_at) FROM mentions) "
                        "- 3600000)"));
        QVERIFY(!check(rank, all, QStringLiteral("unlogged")).isEmpty());
        QVERIFY(!rank.lastRefresh().full);
#undef CHECK_LIVE
    }

    // A big store's first ranking starts read-ahead threads (120,000 authors, each on its own
    // connection walking part of the authors and author_hours): they only warm the cache, the
    // answer is the store's, and the same LiveRanking's next refresh does without them.
    void bigStoreFirstReadReadsAhead() {
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY2(writer.open(store.path(), &error), qPrintable(error));
        sql::Connection &db = writer.connection();
        const qint64 hour = 3600000;
        const qint64 h = 492000;
        const QByteArray fill =
            QStringLiteral(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120000) "
                "INSERT INTO authors(id, source, handle, followers, mention_count, first_seen, "
                "last_seen) SELECT i, 'bench', 'a' || i, i * 7, 1 + i % 5, %1, %1 FROM n; "
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120000) "
                "INSERT INTO author_hours(hour, author_id, posts, negative, neutral, positive, "
                "neg_intensity, reposts, likes, last_post) SELECT %2 + i % 4, i, 1 + i % 5, "
                "CASE WHEN i % 3 = 0 THEN 1 + i % 5 ELSE 0 END, 0, CASE WHEN i % 3 = 0 THEN 0 "
                "ELSE 1 + i % 5 END, CASE WHEN i % 3 = 0 THEN 0.5 * (1 + i % 5) ELSE 0 END, i % "
                "11, "
                "i % 13, (%2 + i % 4) * 3600000 + i % 3600000 FROM n;")
                .arg(h * hour)
                .arg(h)
                .toUtf8();
        QVERIFY(db.exec("BEGIN"));
        QVERIFY2(db.exec(fill.constData(), &error), qPrintable(error));
        QVERIFY(db.exec("COMMIT"));
        MentionReader reader;
        QVERIFY2(reader.open(store.path(), &error), qPrintable(error));
        RankingOptions o;
        o.end = QDateTime::fromMSecsSinceEpoch((h + 4) * hour - 1, Qt::UTC);
        o.limit = 0;
        LiveRanking live;
        Ranking r;
        QVERIFY2(live.run(reader.connection(), o, &r, &error), qPrintable(error));
        QVERIFY(live.lastRefresh().full);
        QVERIFY(live.lastRefresh().readAhead);
        QCOMPARE(r.authors.size(), 120000);
        qint64 posts = 0;
        for (const RiskAssessment &a : r.authors) {
            const qint64 i = a.author.handle.mid(1).toLongLong();
            QCOMPARE(a.author.posts, int(1 + i % 5));
            QCOMPARE(a.author.followers, i * 7);
            posts += a.author.posts;
        }
        QCOMPARE(posts, db.scalar("SELECT sum(posts) FROM author_hours"));
        Ranking again;
        QVERIFY2(live.run(reader.connection(), o, &again, &error), qPrintable(error));
        QVERIFY(!live.lastRefresh().full);
        QVERIFY(!live.lastRefresh().readAhead);
        QCOMPARE(compareRankings(again, r), QString());
    }

    // The ranking read from author_hours plus raw edges equals the GROUP BY over raw rows it
    // replaced, for windows that start and end anywhere in an hour, on an hour, inside one hour,
    // with posts after the window's end and deleted posts.
    void rankingEqualsRawWindows() {
        DrillStore d;
        QVERIFY(d.ok);
        sql::Connection &db = d.writer.connection();
        // Deletions, so the aggregate and the raw rows must agree on them too.
        QList<MentionChange> deletions;
        sql::Statement st = db.prepare("SELECT source_id FROM mentions WHERE id % 13 = 0");
        while (st.step() == SQLITE_ROW)
            deletions.append(
                {MentionChange::Kind::Deleted, QStringLiteral("drill"), st.text(0), {}, {}});
        QVERIFY(d.writer.write({}, deletions).ok());
        const qint64 newest = db.scalar("SELECT max(created_at) FROM mentions WHERE deleted = 0");
        const qint64 hour = 3600000;
        const qint64 firstHour = db.scalar("SELECT min(created_at) FROM mentions") / hour * hour;

        struct Case {
            qint64 end; // 0: default (newest mention)
            qint64 seconds;
        };
        QList<Case> cases = {{0, 6 * 3600},
                             {0, 1800},
                             {0, 90 * 60},
                             {0, 2 * 86400},
                             {0, 3 * 3600 + 60},
                             {firstHour + 5 * hour, 3 * 3600},
                             {firstHour + 5 * hour - 1, 3 * 3600}};
        // Ends inside busy hours (posts after the end in the same hour), starts in the first and
        // in the second half of an hour.
        for (qint64 minute : {7, 23, 31, 44, 59})
            for (qint64 seconds : {3600 + 17 * 60, 2 * 3600 + 45 * 60, 4 * 3600 + 5 * 60})
                cases.append({firstHour + 3 * hour + minute * 60000 + 1234, seconds});
        // Short windows, across an hour boundary or not: few authors, looked up one by one.
        for (qint64 at : {1, 2, 4})
            for (qint64 minute : {7, 31})
                for (qint64 seconds : {600, 2400})
                    cases.append({firstHour + at * hour + minute * 60000 + 77, seconds});
        int compared = 0;
        for (const Case &c : cases) {
            RankingOptions o;
            o.limit = 0;
            o.windowSeconds = c.seconds;
            if (c.end)
                o.end = QDateTime::fromMSecsSinceEpoch(c.end, Qt::UTC);
            Ranking r;
            QString error;
            QVERIFY2(RankingQuery(db).run(o, &r, &error), qPrintable(error));
            const qint64 end = c.end ? c.end : newest;
            const QString diff = compareWithRaw(r, rawWindow(db, end - c.seconds * 1000, end));
            QVERIFY2(
                diff.isEmpty(),
                qPrintable(QStringLiteral("end %1, %2 s: %3").arg(end).arg(c.seconds).arg(diff)));
            compared += int(r.authors.size());

            // The per-author path (the alert engine's) agrees with the full ranking.
            QList<QPair<QString, QString>> some;
            for (qsizetype i = 0; i < r.authors.size(); i += 7)
                some.append({r.authors.at(i).author.source, r.authors.at(i).author.handle});
            some.append({QStringLiteral("drill"), QStringLiteral("nobody-like-this")});
            Ranking few;
            QVERIFY2(RankingQuery(db).assess(some, o, &few, &error), qPrintable(error));
            QCOMPARE(few.authors.size(), some.size() - 1);
            const QString fewDiff =
                compareWithRaw(few, rawWindow(db, end - c.seconds * 1000, end), true);
            QVERIFY2(fewDiff.isEmpty(), qPrintable(fewDiff));
            QHash<QString, double> scores;
            for (const RiskAssessment &a : r.authors)
                scores.insert(a.author.handle, a.score);
            for (const RiskAssessment &a : few.authors)
                QCOMPARE(a.score, scores.value(a.author.handle));
        }
        qInfo("%d window authors compared with the raw GROUP BY", compared);
        QVERIFY(compared > 3000);
    }

    // `warroom rank` and RiskStore keep the latest assessment per author: score, the seven
    // components with their weights, the explanation and the window.
    void assessmentsAreStored() {
        DrillStore d;
        QVERIFY(d.ok);
        sql::Connection &db = d.writer.connection();
        RankingOptions o;
        o.limit = 30;
        Ranking r;
        QString error;
        QVERIFY(RankingQuery(db).run(o, &r, &error));
        QCOMPARE(r.authors.size(), 30);
        QVERIFY2(RiskStore(db).save(r.authors, &error), qPrintable(error));
        QCOMPARE(db.scalar("SELECT count(*) FROM author_risk"), 30);
        QList<StoredRisk> top;
        QVERIFY(RiskStore(db).top(5, &top, &error));
        QCOMPARE(top.size(), 5);
        for (int i = 0; i < 5; ++i) {
            const RiskAssessment &want = r.authors.at(i);
            const RiskAssessment &got = top.at(i).assessment;
            QCOMPARE(got.author.handle, want.author.handle);
            QCOMPARE(got.score, want.score);
            QCOMPARE(got.explanation, want.explanation);
            QCOMPARE(got.author.posts, want.author.posts);
            QCOMPARE(got.windowEnd, r.windowEnd);
            QCOMPARE(got.windowStart, r.windowStart);
            QCOMPARE(got.components.size(), 7);
            for (int c = 0; c < 7; ++c) {
                QCOMPARE(got.components.at(c).name, want.components.at(c).name);
                QCOMPARE(got.components.at(c).value, want.components.at(c).value);
                QCOMPARE(got.components.at(c).weight, want.components.at(c).weight);
            }
        }
        // A newer assessment replaces the old one.
        o.end = r.windowEnd.addSecs(-3600);
        o.limit = 0;
        Ranking earlier;
        QVERIFY(RankingQuery(db).run(o, &earlier, &error));
        QSet<QString> saved;
        for (const RiskAssessment &a : r.authors)
            saved.insert(a.author.handle);
        const RiskAssessment *again = nullptr;
        for (const RiskAssessment &a : earlier.authors)
            if (!again && saved.contains(a.author.handle))
                again = &a;
        QVERIFY(again);
        QVERIFY(RiskStore(db).save({*again}, &error));
        StoredRisk stored;
        QVERIFY(RiskStore(db).load(QStringLiteral("drill"), again->author.handle, &stored, &error));
        QCOMPARE(stored.assessment.score, again->score);
        QCOMPARE(stored.assessment.windowEnd, earlier.windowEnd);
        QCOMPARE(db.scalar("SELECT count(*) FROM author_risk"), 30);
        QVERIFY(!RiskStore(db).load(QStringLiteral("drill"), QStringLiteral("nobody"), &stored,
                                    &error));
    }

    // After each committed batch (the app's after-commit hook on the writer thread) the batch's
    // authors are scored from author_hours: a high-risk author's posts raise exactly one alert
    // within the cool-down and another after it; a low-risk author's none; the high scores are
    // stored.
    void highRiskAuthorAlertsOnce() {
        DrillStore d;
        QVERIFY(d.ok);
        const QString path = d.store.path();
        const QDateTime end = QDateTime::fromMSecsSinceEpoch(
            d.writer.connection().scalar("SELECT max(created_at) FROM mentions"), Qt::UTC);
        struct State {
            AlertEngine engine;
            QList<Alert> alerts;
            QString error;
        };
        auto state = std::make_shared<State>();
        StoreWriter writer(path);
        writer.open();
        writer.setAfterCommit([state](sql::Connection &db, const MentionBatch &batch) {
            QList<Alert> fired =
                state->engine.onMentions(batch, batchRiskLookup(db, batch, &state->error));
            AlertStore(db).save(fired, &state->error);
            state->alerts += fired;
        });
        const QString priya = QStringLiteral("priya_ramsden");
        const QString calm = QStringLiteral("OrrinCare"); // the brand's own account
        // Three posts by Priya in two batches within 40 minutes, and the brand answering.
        writer.submit({post(priya, QStringLiteral("t1"), end.addSecs(60),
                            QStringLiteral("Still no answer from Orrin about the kettle fire.")),
                       post(calm, QStringLiteral("t2"), end.addSecs(90),
                            QStringLiteral("We are looking into it, DM us please."))});
        writer.submit({post(priya, QStringLiteral("t3"), end.addSecs(20 * 60),
                            QStringLiteral("Another melted base sent to me today.")),
                       post(priya, QStringLiteral("t4"), end.addSecs(40 * 60),
                            QStringLiteral("Orrin, recall these kettles.")),
                       post(calm, QStringLiteral("t5"), end.addSecs(41 * 60),
                            QStringLiteral("Update on the kettle issue.")),
                       post(calm, QStringLiteral("t6"), end.addSecs(42 * 60),
                            QStringLiteral("Please contact support."))});
        QVERIFY2(state->error.isEmpty(), qPrintable(state->error));
        auto highRisk = [&] {
            QList<Alert> out;
            for (const Alert &a : state->alerts)
                if (a.kind == AlertKind::HighRiskAuthor)
                    out.append(a);
            return out;
        };
        QCOMPARE(highRisk().size(), 1);
        const Alert first = highRisk().first();
        QCOMPARE(first.subject, QStringLiteral("drill/") + priya);
        QCOMPARE(first.firedAt, end.addSecs(60));
        QVERIFY(first.evidence.value(QStringLiteral("score")).toDouble() >= 50);
        qInfo("%s", qPrintable(first.summary));

        // Her score is stored with its components and explanation.
        sql::Connection db;
        QString error;
        QVERIFY(Store::openReader(db, path, &error));
        StoredRisk stored;
        QVERIFY(RiskStore(db).load(QStringLiteral("drill"), priya, &stored, &error));
        QVERIFY(stored.assessment.score >= 50);
        QCOMPARE(stored.assessment.components.size(), 7);
        QCOMPARE(stored.assessment.windowEnd, end.addSecs(42 * 60)); // the batch's newest post
        QVERIFY(stored.assessment.explanation.contains(QStringLiteral("followers")));
        // The brand's own account is far below the threshold: scored, not kept.
        QVERIFY(!RiskStore(db).load(QStringLiteral("drill"), calm, &stored, &error));

        // After the hour of cool-down she alerts again; the alerts are in the store.
        writer.submit({post(priya, QStringLiteral("t7"), end.addSecs(65 * 60),
                            QStringLiteral("Orrin still silent. Boycott."))});
        QCOMPARE(highRisk().size(), 2);
        QCOMPARE(highRisk().last().firedAt, end.addSecs(65 * 60));
        QCOMPARE(db.scalar("SELECT count(*) FROM alerts WHERE kind = 'high-risk-author'"), 2);
    }
};

QTEST_GUILESS_MAIN(TestAnalysisAggregates)
#include "tst_analysis_aggregates.moc"
