#include "analysis/riskscorer.h"
#include "itemmodels/aggregatequeries.h"
#include "itemmodels/alerttablemodel.h"
#include "itemmodels/influencertablemodel.h"
#include "store/mentionreader.h"
#include "store/store.h"
#include "store/storewriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;

namespace {

qint64 ms(const char *iso) {
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

// Straight from the raw rows: what the aggregate-backed answers must equal.
QMap<qint64, qint64> rawPerMinute(sql::Connection &db, qint64 from, qint64 to) {
    QMap<qint64, qint64> out;
    sql::Statement st = db.prepare("SELECT created_at / 60000, count(*) FROM mentions WHERE "
                                   "created_at >= ?1 AND created_at < ?2 GROUP BY 1");
    st.bind(1, from);
    st.bind(2, to);
    while (st.step() == SQLITE_ROW)
        out.insert(st.int64(0), st.int64(1));
    return out;
}

qint64 scalar(sql::Connection &db, const char *sql, qint64 a = 0, qint64 b = 0) {
    sql::Statement st = db.prepare(sql);
    if (a || b) {
        st.bind(1, a);
        st.bind(2, b);
    }
    return st.step() == SQLITE_ROW ? st.int64(0) : -1;
}

} // namespace

class TestItemModelsDashboard : public QObject {
    Q_OBJECT
    test::TempStore m_store;
    MentionReader m_reader;

private Q_SLOTS:
    void initTestCase() {
        const ImportSummary s = m_store.import(
            test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")));
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
        QCOMPARE(s.inserted, 2719);
        QString error;
        QVERIFY2(m_reader.open(m_store.path(), &error), qPrintable(error));
    }

    void timelineEqualsRawCountsPerMinute() {
        AggregateQueries q(m_reader.connection());
        TimelineRequest r;
        r.fromMs = ms("2026-03-14T08:00:00Z");
        r.toMs = ms("2026-03-14T14:00:00Z");
        const TimelineData d = q.timeline(r);
        QCOMPARE(d.buckets.size(), 360);
        QCOMPARE(d.series, QStringList({"negative", "neutral", "positive", "unscored"}));
        const auto raw = rawPerMinute(m_reader.connection(), r.fromMs, r.toMs);
        qint64 total = 0;
        for (const TimelineBucket &b : d.buckets) {
            QCOMPARE(qint64(b.total), raw.value(b.startMs / 60000));
            total += qint64(b.total);
        }
        QCOMPARE(total, 2719);
        QCOMPARE(d.totalMentions, 2719);
        // The busiest minute of the script is 11:19 with 43 posts.
        const TimelineBucket &peak = d.buckets.at((ms("2026-03-14T11:19:00Z") - r.fromMs) / 60000);
        QCOMPARE(peak.total, 43.0);
        // The first spike is flagged as the wave rises after the spark (10:04), not in the quiet
        // morning (the early-warning post at 09:11 is one post, not a spike).
        int first = -1;
        for (int m = 0; m < d.buckets.size() && first < 0; ++m)
            if (d.buckets.at(m).spike)
                first = m;
        QVERIFY(first >= 0);
        const qint64 firstAt = d.buckets.at(first).startMs;
        QVERIFY2(
            firstAt >= ms("2026-03-14T10:04:00Z") && firstAt <= ms("2026-03-14T10:45:00Z"),
            qPrintable(QDateTime::fromMSecsSinceEpoch(firstAt, Qt::UTC).toString(Qt::ISODate)));
        QVERIFY(d.buckets.at(first).total > d.buckets.at(first).high);
        // Negative counts come from the aggregate's sentiment column.
        const qint64 negatives = scalar(m_reader.connection(),
                                        "SELECT count(*) FROM mentions WHERE sentiment_label = "
                                        "'negative' AND created_at >= ?1 AND created_at < ?2",
                                        r.fromMs, r.toMs);
        double neg = 0;
        for (const TimelineBucket &b : d.buckets)
            neg += b.counts.at(0);
        QCOMPARE(qint64(neg), negatives);
    }

    void bucketsAreRatesPerMinute() {
        AggregateQueries q(m_reader.connection());
        TimelineRequest r;
        r.fromMs = ms("2026-03-14T08:00:00Z");
        r.toMs = ms("2026-03-14T14:00:00Z");
        r.bucketMinutes = 10;
        const TimelineData d = q.timeline(r);
        QCOMPARE(d.buckets.size(), 36);
        double total = 0;
        for (const TimelineBucket &b : d.buckets)
            total += b.total * 10;
        QCOMPARE(qRound(total), 2719);
    }

    void breakdownsCoverEveryMention() {
        AggregateQueries q(m_reader.connection());
        for (auto breakdown :
             {TimelineRequest::Breakdown::Source, TimelineRequest::Breakdown::Language}) {
            TimelineRequest r;
            r.fromMs = ms("2026-03-14T08:00:00Z");
            r.toMs = ms("2026-03-14T14:00:00Z");
            r.breakdown = breakdown;
            const TimelineData d = q.timeline(r);
            double total = 0;
            for (const TimelineBucket &b : d.buckets)
                total += b.total;
            QCOMPARE(qRound(total), 2719);
            if (breakdown == TimelineRequest::Breakdown::Language) {
                QVERIFY(d.series.contains(QStringLiteral("en")));
                QVERIFY(d.series.size() <= 7);
                QVERIFY2(d.note.isEmpty(), qPrintable(d.note)); // from the aggregate, not raw rows
                // Per minute, each language as the raw rows count it.
                MentionReader raw;
                QString error;
                QVERIFY(raw.open(m_store.path(), &error));
                sql::Statement st = raw.connection().prepare(
                    "SELECT created_at / 60000, count(*) FROM mentions WHERE lang = 'en' "
                    "AND created_at >= ?1 AND created_at < ?2 GROUP BY 1");
                st.bind(1, r.fromMs);
                st.bind(2, r.toMs);
                QHash<qint64, double> en;
                while (st.step() == SQLITE_ROW)
                    en.insert(st.int64(0), double(st.int64(1)));
                const int s = int(d.series.indexOf(QStringLiteral("en")));
                for (const TimelineBucket &b : d.buckets)
                    QCOMPARE(b.counts.value(s), en.value(b.startMs / 60000));
            } else {
                QCOMPARE(d.series, QStringList{QStringLiteral("drill")});
            }
        }
    }

    void baselineBandIsMedianAndMad() {
        const QVector<double> v = {1, 2, 3, 4, 100, 0};
        const Band b = baselineBand(v, 5, 5, 3.0); // window 1, 2, 3, 4, 100
        QCOMPARE(b.median, 3.0);
        // MAD of |1-3|,|2-3|,0,1,97 = 1 → spread max(1.4826, 1) = 1.4826
        QVERIFY(qAbs(b.high - (3.0 + 3 * 1.4826)) < 1e-9);
        QVERIFY(qAbs(b.low - (3.0 - 3 * 1.4826)) < 1e-9 || b.low == 0.0);
        const Band flat = baselineBand(QVector<double>(10, 0.0), 9, 5, 3.0);
        QCOMPARE(flat.median, 0.0);
        QCOMPARE(flat.high, 3.0); // a silent baseline still needs more than one post to spike
    }

    void kpisMatchSql() {
        AggregateQueries q(m_reader.connection());
        DashboardRequest r;
        r.nowMs = ms("2026-03-14T11:20:30Z");
        r.windowMinutes = 15;
        const DashboardData d = q.dashboard(r);
        const qint64 from = ms("2026-03-14T11:06:00Z");
        const qint64 to = ms("2026-03-14T11:21:00Z");
        sql::Connection &db = m_reader.connection();
        QCOMPARE(d.kpis.windowMentions,
                 scalar(db,
                        "SELECT count(*) FROM mentions WHERE created_at >= ?1 AND created_at < ?2",
                        from, to));
        const qint64 neg = scalar(db,
                                  "SELECT count(*) FROM mentions WHERE created_at >= ?1 AND "
                                  "created_at < ?2 AND sentiment_label = 'negative'",
                                  from, to);
        const qint64 labelled = scalar(db,
                                       "SELECT count(*) FROM mentions WHERE created_at >= ?1 "
                                       "AND created_at < ?2 AND sentiment_label IS NOT NULL",
                                       from, to);
        QCOMPARE(d.kpis.labelled, labelled);
        QVERIFY(qAbs(d.kpis.negativeShare - double(neg) / labelled) < 1e-9);
        QCOMPARE(d.kpis.negativeReach,
                 scalar(db,
                        "SELECT sum(f) FROM (SELECT max(coalesce(author_followers, 0)) AS f "
                        "FROM mentions WHERE created_at >= ?1 AND created_at < ?2 AND "
                        "sentiment_label = 'negative' GROUP BY author_handle)",
                        from, to));
        // The peak is many times the normal morning volume (the two hours before the window).
        const qint64 before = scalar(db,
                                     "SELECT count(*) FROM mentions WHERE created_at >= ?1 "
                                     "AND created_at < ?2",
                                     from - 120 * 60000, from);
        QVERIFY(qAbs(d.kpis.baselinePerMinute - before / 120.0) < 1e-9);
        QVERIFY2(d.kpis.ratio > 5, qPrintable(QString::number(d.kpis.ratio)));
        QCOMPARE(d.kpis.unanswered, 0);
        QCOMPARE(d.kpis.approvalsWaiting, 0);
    }

    void influencersRankHostileReachFirst() {
        AggregateQueries q(m_reader.connection());
        InfluencerQuery iq;
        iq.fromMs = ms("2026-03-14T08:00:00Z");
        iq.toMs = ms("2026-03-14T14:00:01Z");
        const QList<InfluencerRow> rows = q.influencers(iq);
        QVERIFY(rows.size() > 400);
        for (qsizetype i = 1; i < rows.size(); ++i)
            QVERIFY(rows.at(i - 1).score >= rows.at(i).score);
        QStringList top;
        for (int i = 0; i < 15; ++i)
            top << rows.at(i).handle;
        // The drill's big amplifiers (README: KitchenConfessions 1.24M, HomeSafetyWatch 312k)
        // rank in the top 15; a bystander with a few followers does not.
        QVERIFY2(top.contains(QStringLiteral("KitchenConfessions")), qPrintable(top.join(',')));
        QVERIFY2(top.contains(QStringLiteral("HomeSafetyWatch")), qPrintable(top.join(',')));
        QVERIFY(!top.contains(QStringLiteral("dina_hollis")));
        for (const InfluencerRow &r : rows) {
            QVERIFY(r.explanation.contains(QStringLiteral("\nreach: ")));
            QVERIFY(r.score >= 0 && r.score <= 100);
        }
        // The panel shows what `warroom rank` ranks: the same authors, order, scores and
        // components for the same window (RankingQuery over author_hours).
        RankingOptions options;
        options.end = QDateTime::fromMSecsSinceEpoch(iq.toMs, Qt::UTC);
        options.windowSeconds = (iq.toMs - iq.fromMs) / 1000;
        options.limit = 25;
        Ranking ranking;
        QString error;
        QVERIFY2(RankingQuery(m_reader.connection()).run(options, &ranking, &error),
                 qPrintable(error));
        QCOMPARE(ranking.authors.size(), 25);
        {
            // A short list keeps the 20 riskiest, then at most 20 supporters beyond them (the
            // supporters view), and nothing else.
            InfluencerQuery shortList = iq;
            shortList.limit = 20;
            const QList<InfluencerRow> few = q.influencers(shortList);
            QVERIFY(few.size() > 20 && few.size() <= 40);
            for (int i = 0; i < 20; ++i)
                QCOMPARE(few.at(i).handle, rows.at(i).handle);
            for (qsizetype i = 20; i < few.size(); ++i)
                QVERIFY(few.at(i).supporter);
        }
        for (int i = 0; i < 25; ++i) {
            const RiskAssessment &a = ranking.authors.at(i);
            QCOMPARE(rows.at(i).handle, a.author.handle);
            QCOMPARE(rows.at(i).score, a.score);
            QCOMPARE(rows.at(i).reach, a.components.at(0).value);
            QCOMPARE(rows.at(i).recency, a.components.at(6).value);
            QCOMPARE(rows.at(i).mentions, a.author.posts);
            QVERIFY(rows.at(i).explanation.contains(a.explanation));
        }
        QVERIFY(std::any_of(rows.begin(), rows.end(),
                            [](const InfluencerRow &r) { return r.supporter; }));

        // The ranking thread keeps its ranking between refreshes (LiveRanking): refresh after
        // refresh as the clock moves, the panel's rows (top, supporters, watchlist) are those of
        // the ranking read anew (where the order differs, the scores tie).
        // From 3 h before the drill's end: rows leave the window at its start and enter at its
        // end.
        LiveRanking live;
        InfluencerQuery moving = iq;
        moving.fromMs -= 3 * 3600000;
        moving.toMs -= 3 * 3600000;
        for (int i = 0; i < 30; ++i) {
            const QList<InfluencerRow> kept = q.influencers(moving, &live);
            const QList<InfluencerRow> anew = q.influencers(moving);
            QCOMPARE(live.lastRefresh().full, i == 0);
            QCOMPARE(kept.size(), anew.size());
            QSet<QString> keptHandles, anewHandles;
            for (qsizetype k = 0; k < kept.size(); ++k) {
                QVERIFY(qAbs(kept.at(k).score - anew.at(k).score) < 1e-9);
                if (kept.at(k).handle == anew.at(k).handle)
                    QCOMPARE(kept.at(k).mentions, anew.at(k).mentions);
                keptHandles.insert(kept.at(k).source + u'/' + kept.at(k).handle);
                anewHandles.insert(anew.at(k).source + u'/' + anew.at(k).handle);
            }
            QCOMPARE(keptHandles, anewHandles);
            moving.fromMs += 7 * 60000;
            moving.toMs += 7 * 60000;
        }
    }

    void influencerModelsUnderTester() {
        AggregateQueries q(m_reader.connection());
        InfluencerQuery iq;
        iq.fromMs = ms("2026-03-14T08:00:00Z");
        iq.toMs = ms("2026-03-14T14:00:01Z");
        const QList<InfluencerRow> rows = q.influencers(iq);
        InfluencerTableModel model;
        InfluencerFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(rows);
        QCOMPARE(model.rowCount(), int(rows.size()));
        model.setRows(rows); // same keys: in place
        model.setRows(rows.mid(0, 20));
        QCOMPARE(model.rowCount(), 20);
        proxy.sort(InfluencerTableModel::RankColumn);
        QCOMPARE(proxy.index(0, InfluencerTableModel::AuthorColumn)
                     .data(InfluencerTableModel::HandleRole),
                 QVariant(rows.first().handle));
        // The tooltip escapes what came from the network.
        InfluencerRow evil = rows.first();
        evil.handle = QStringLiteral("<img src=x>");
        model.setRows({evil});
        QVERIFY(model.index(0, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("&lt;img src=x&gt;")));
        model.setRows(rows);
        // Stance as the ranking infers it from the posts (nobody is classified by hand yet).
        proxy.setStance(QStringLiteral("against"));
        const auto against = std::count_if(rows.begin(), rows.end(), [](const InfluencerRow &r) {
            return r.stance == QLatin1String("against");
        });
        QVERIFY(against > 0);
        QCOMPARE(proxy.rowCount(), int(against));
        proxy.setStance(QString());
        proxy.setSupportersOnly(true);
        QVERIFY(proxy.rowCount() > 0);
        for (int r = 0; r < proxy.rowCount(); ++r)
            QVERIFY(model.rowAt(proxy.mapToSource(proxy.index(r, 0)).row())->supporter);
        proxy.setSupportersOnly(false);
        proxy.setFlag(InfluencerFilterProxy::Flag::Watchlist);
        QCOMPARE(proxy.rowCount(), 0);
        model.updateLocally(rows.at(3).source, rows.at(3).handle,
                            [](InfluencerRow &r) { r.watchlist = true; });
        QCOMPARE(proxy.rowCount(), 1);
    }

    void influencerRefreshKeepsTheSelection() {
        // A live refresh re-ranks the authors: the view must keep the analyst's row (the one
        // about to be pinned or marked), through the proxy too, without a reset.
        AggregateQueries q(m_reader.connection());
        InfluencerQuery iq;
        iq.fromMs = ms("2026-03-14T08:00:00Z");
        iq.toMs = ms("2026-03-14T14:00:01Z");
        const QList<InfluencerRow> rows = q.influencers(iq);
        QVERIFY(rows.size() > 40);
        InfluencerTableModel model;
        InfluencerFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(InfluencerTableModel::RankColumn);
        QAbstractItemModelTester t1(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(rows.mid(0, 30));
        const QString handle = rows.at(7).handle;
        const QPersistentModelIndex inModel = model.index(7, InfluencerTableModel::AuthorColumn);
        const QPersistentModelIndex inProxy = proxy.mapFromSource(inModel);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // The next answer: two authors gone, three new ones, and the selected one up to rank 2.
        QList<InfluencerRow> next = rows.mid(0, 30);
        next.removeAt(20);
        next.removeAt(3);
        next << rows.at(30) << rows.at(31) << rows.at(32);
        const qsizetype at =
            std::find_if(next.begin(), next.end(),
                         [&](const InfluencerRow &r) { return r.handle == handle; }) -
            next.begin();
        next.move(at, 1);
        model.setRows(next);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.rowCount(), 31);
        for (int r = 0; r < model.rowCount(); ++r)
            QCOMPARE(model.rowAt(r)->handle, next.at(r).handle);
        QVERIFY(inModel.isValid());
        QCOMPARE(inModel.row(), 1);
        QCOMPARE(inModel.data(InfluencerTableModel::HandleRole).toString(), handle);
        QVERIFY(inProxy.isValid());
        QCOMPARE(inProxy.data(InfluencerTableModel::HandleRole).toString(), handle);
        QCOMPARE(proxy.index(1, 0).data(InfluencerTableModel::HandleRole).toString(), handle);
        // A list changed beyond recognition is a reset.
        model.setRows(rows.mid(100, 10));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.rowCount(), 10);
    }

    void alertModelUnderTester() {
        AlertTableModel model;
        QAbstractItemModelTester t(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const qint64 now = ms("2026-03-14T11:30:00Z");
        QList<AlertRow> alerts = {{2,
                                   QStringLiteral("watchword"),
                                   now - 5 * 60000,
                                   2,
                                   QStringLiteral("\"boycott\" ×14 in 10 min"),
                                   {},
                                   0},
                                  {1, QStringLiteral("volume-spike"), now - 65 * 60000, 3,
                                   QStringLiteral("31/min vs 0.4"), QStringLiteral("Ana"), now}};
        model.setAlerts(alerts, now);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.unacknowledged(), 1);
        QCOMPARE(model.index(0, AlertTableModel::AgeColumn).data().toString(),
                 QStringLiteral("5 min"));
        QCOMPARE(model.index(1, AlertTableModel::AgeColumn).data().toString(),
                 QStringLiteral("1 h 05"));
        QCOMPARE(model.index(1, AlertTableModel::OwnerColumn).data().toString(),
                 QStringLiteral("Ana"));
        alerts.prepend({3, QStringLiteral("high-risk-author"), now, 2, QStringLiteral("x"), {}, 0});
        model.setAlerts(alerts, now);
        QCOMPARE(model.rowCount(), 3);
        model.setAlerts({}, now);
        QCOMPARE(model.rowCount(), 0);
    }

    void writerAnalystSlots() {
        test::TempStore store;
        QVERIFY(
            store.import(test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")))
                .fatal.isEmpty());
        StoreWriter writer(store.path());
        QSignalSpy failed(&writer, &StoreWriter::failed);
        writer.open();
        MentionReader reader;
        QString readError;
        QVERIFY(reader.open(store.path(), &readError));
        sql::Connection &db = reader.connection();
        // Sentiment correction moves one count between aggregate cells.
        const qint64 id = scalar(db, "SELECT id FROM mentions WHERE sentiment_label = 'positive' "
                                     "ORDER BY id LIMIT 1");
        const qint64 minute =
            scalar(db, "SELECT created_at / 60000 FROM mentions WHERE id = ?1", id, 0);
        auto cell = [&](const char *sentiment) {
            sql::Statement st = db.prepare("SELECT coalesce(sum(n), 0) FROM mention_minutes WHERE "
                                           "minute = ?1 AND sentiment = ?2");
            st.bind(1, minute);
            st.bind(2, QString::fromLatin1(sentiment));
            return st.step() == SQLITE_ROW ? st.int64(0) : -1;
        };
        const qint64 pos = cell("positive"), neg = cell("negative");
        writer.correctSentiment({id}, Sentiment::Negative);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(cell("positive"), pos - 1);
        QCOMPARE(cell("negative"), neg + 1);
        QCOMPARE(scalar(db, "SELECT sentiment_by_analyst FROM mentions WHERE id = ?1", id, 0), 1);
        QCOMPARE(scalar(db, "SELECT sum(n) FROM mention_minutes"), 2719);

        AuthorUpdate u{QStringLiteral("drill"), QStringLiteral("lenabakes_")};
        u.watchlist = true;
        u.stance = QStringLiteral("against");
        writer.updateAuthor(u);
        QCOMPARE(scalar(db, "SELECT watchlist FROM authors WHERE handle = 'lenabakes_'"), 1);
        QCOMPARE(scalar(db, "SELECT stance = 'against' FROM authors WHERE handle = 'lenabakes_'"),
                 1);
        QCOMPARE(scalar(db, "SELECT journalist FROM authors WHERE handle = 'lenabakes_'"), 0);
        u = {QStringLiteral("drill"), QStringLiteral("nobody-here")};
        u.journalist = true;
        writer.updateAuthor(u);
        QCOMPARE(failed.count(), 1); // unknown author: refused, said

        writer.declareIncident(QStringLiteral("Kettlegate"),
                               QDateTime::fromMSecsSinceEpoch(ms("2026-03-14T10:04:00Z"), Qt::UTC),
                               QStringLiteral("lead"));
        QCOMPARE(scalar(db, "SELECT count(*) FROM incidents WHERE closed_at IS NULL"), 1);
        writer.declareIncident(QStringLiteral("Second"), QDateTime::currentDateTimeUtc(), {});
        QCOMPARE(failed.count(), 2); // one open incident at a time
        const qint64 incident = scalar(db, "SELECT id FROM incidents");
        writer.closeIncident(incident,
                             QDateTime::fromMSecsSinceEpoch(ms("2026-03-14T14:00:00Z"), Qt::UTC));
        QCOMPARE(scalar(db, "SELECT closed_at FROM incidents"), ms("2026-03-14T14:00:00Z"));

        QVERIFY(db.isOpen());
        sql::Connection w;
        QString error;
        QVERIFY(Store::openWriter(w, store.path(), &error));
        QVERIFY(w.exec(
            "INSERT INTO alerts(kind, fired_at, evidence) VALUES ('watchword', 1, 'boycott')"));
        w.close();
        writer.acknowledgeAlert(1, QStringLiteral("Ana"), QDateTime::fromMSecsSinceEpoch(5));
        writer.acknowledgeAlert(1, QStringLiteral("Ben"), QDateTime::fromMSecsSinceEpoch(9));
        sql::Statement st = db.prepare("SELECT acked_by, acked_at FROM alerts WHERE id = 1");
        QCOMPARE(st.step(), SQLITE_ROW);
        QCOMPARE(st.text(0), QStringLiteral("Ana")); // the first owner stays
        QCOMPARE(st.int64(1), 5);
    }
};

QTEST_GUILESS_MAIN(TestItemModelsDashboard)
#include "itemmodels_dashboard.moc"
