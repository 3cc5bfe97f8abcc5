// Issue 8: what the war room reads at start-up and on every refresh must not walk every mention.
// At 10M mentions one such scan costs seconds (the brand's statements joined from the time
// index: 4.3 s at 1M; the needs-reply count: 0.4 s at 1M). Each statement the KPI tiles, the
// timeline and a full-text search run is captured as it runs and its plan is checked: no full
// scan of the mentions table or of one of its indexes.
#include "itemmodels/aggregatequeries.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QDateTime>
#include <QSet>
#include <QTest>

#include <sqlite3.h>

using namespace warroom;

namespace {

int onStatement(unsigned, void *context, void *statement, void *) {
    auto *seen = static_cast<QSet<QByteArray> *>(context);
    if (const char *sql = sqlite3_sql(static_cast<sqlite3_stmt *>(statement)))
        seen->insert(QByteArray(sql));
    return 0;
}

// The plan lines of `sql` that read every row of mentions: a scan of the table or of a full
// index ("SCAN mentions", "SCAN m USING INDEX mentions_created"; a partial index holds only its
// few rows), or the time index open at one end ("created_at<?": every mention before now).
QStringList fullScans(sql::Connection &db, const QByteArray &sql) {
    QStringList scans;
    sql::Statement plan = db.prepare(("EXPLAIN QUERY PLAN " + sql).constData());
    while (plan.isValid() && plan.step() == SQLITE_ROW) {
        const QString detail = plan.text(3);
        const QStringList words = detail.split(u' ');
        if (words.value(1) != u"mentions" && words.value(1) != u"m")
            continue;
        if (words.value(0) == u"SCAN") {
            const qsizetype at = words.indexOf(QStringLiteral("INDEX"));
            sql::Statement index = db.prepare(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = ?1 AND "
                "sql LIKE '% WHERE %'");
            index.bind(1, words.value(at + 1));
            const bool partial = at > 0 && index.step() == SQLITE_ROW && index.int64(0) == 1;
            if (!partial)
                scans << detail;
        } else if (detail.contains(QStringLiteral("(created_at<?)")) ||
                   detail.contains(QStringLiteral("(created_at>?)"))) {
            scans << detail;
        }
    }
    return scans;
}

qint64 ms(const char *iso) {
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

} // namespace

class TestScalePlans : public QObject {
    Q_OBJECT
    test::TempStore m_store;
    MentionReader m_reader;
    QSet<QByteArray> m_seen;

private Q_SLOTS:
    void initTestCase() {
        const ImportSummary s = m_store.import(
            test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")));
        QVERIFY2(s.fatal.isEmpty(), qPrintable(s.fatal));
        {
            // Our own account and a post waiting for an answer, as an analyst marks them.
            MentionWriter w;
            QString error;
            QVERIFY2(w.open(m_store.path(), &error), qPrintable(error));
            QVERIFY(w.connection().exec(
                "UPDATE authors SET brand = 1 WHERE handle IN ('OrrinHome', 'OrrinCare')"));
            QVERIFY(w.connection().exec(
                "UPDATE mentions SET status = 'needs-reply' WHERE id IN (SELECT id FROM "
                "mentions WHERE author_handle NOT LIKE 'Orrin%' ORDER BY id LIMIT 3)"));
        }
        QString error;
        QVERIFY2(m_reader.open(m_store.path(), &error), qPrintable(error));
        sqlite3_trace_v2(m_reader.connection().handle(), SQLITE_TRACE_STMT, onStatement, &m_seen);
    }

    void kpisAndTimelineReadByIndex() {
        AggregateQueries q(m_reader.connection());
        const qint64 last = q.lastMentionMs();
        QVERIFY(last > ms("2026-03-14T08:00:00Z"));
        m_seen.clear();
        DashboardRequest request;
        request.nowMs = last;
        const DashboardData d = q.dashboard(request);
        // The answers are those of the marked store: three waiting, the brand's statements.
        QCOMPARE(d.kpis.unanswered, qint64(3));
        QVERIFY(d.kpis.oldestUnansweredMs > 0);
        QVERIFY2(!d.statements.isEmpty(), "the brand's posts are its statements");
        TimelineRequest t;
        t.fromMs = (last / 60000 + 1) * 60000 - 24 * 3600 * 1000LL;
        t.toMs = (last / 60000 + 1) * 60000;
        const TimelineData data = q.timeline(t);
        QVERIFY(data.totalMentions > 2000);
        bool statementMarker = false;
        for (const TimelineEvent &e : data.events)
            statementMarker = statementMarker || e.kind == TimelineEvent::Kind::Statement;
        QVERIFY2(statementMarker, "the brand's posts are marked on the timeline");
        QVERIFY(m_seen.size() > 8);
        for (const QByteArray &sql : std::as_const(m_seen)) {
            const QStringList scans = fullScans(m_reader.connection(), sql);
            QVERIFY2(scans.isEmpty(),
                     qPrintable(QString::fromUtf8(sql).simplified() + QStringLiteral(" -> ") +
                                scans.join(QStringLiteral("; "))));
        }
    }

    void searchReadsTheMatchesNotTheStore() {
        QVector<qint64> ids;
        QString error;
        MentionFilter filter;
        filter.search = QStringLiteral("kettle");
        m_seen.clear();
        QVERIFY2(m_reader.ids(filter, &ids, &error), qPrintable(error));
        QVERIFY(ids.size() > 50);
        // Newest first, as the stream shows them.
        const QList<Mention> rows = m_reader.fetch(ids);
        for (qsizetype i = 1; i < rows.size(); ++i)
            QVERIFY(rows.at(i - 1).createdAt >= rows.at(i).createdAt);
        for (const QByteArray &sql : std::as_const(m_seen)) {
            if (!sql.contains(" MATCH "))
                continue;
            const QStringList scans = fullScans(m_reader.connection(), sql);
            QVERIFY2(scans.isEmpty(),
                     qPrintable(QString::fromUtf8(sql).simplified() + QStringLiteral(" -> ") +
                                scans.join(QStringLiteral("; "))));
        }
    }
};

QTEST_GUILESS_MAIN(TestScalePlans)
#include "scale_plans.moc"
