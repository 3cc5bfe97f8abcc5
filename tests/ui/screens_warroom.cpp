#include "charts/timelinechart.h"
#include "itemmodels/alerttablemodel.h"
#include "itemmodels/dashboardfeed.h"
#include "itemmodels/influencertablemodel.h"
#include "itemmodels/liveclock.h"
#include "itemmodels/mentiontablemodel.h"
#include "mainwindow.h"
#include "panels/alertspanel.h"
#include "panels/incidentbar.h"
#include "panels/influencerpanel.h"
#include "panels/kpipanel.h"
#include "panels/mentionstreampanel.h"
#include "panels/timelinepanel.h"
#include "store/mentionreader.h"
#include "store/store.h"
#include "tempstore.h"
#include "testdata.h"
#include "wall/wallwindow.h"
#include "warroomapp.h"

#include <QComboBox>
#include <QDockWidget>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using namespace warroom;

namespace {

qint64 ms(const char *iso) {
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}

qint64 scalar(const QString &store, const char *sql, const QString &text = {}) {
    MentionReader reader;
    QString error;
    if (!reader.open(store, &error))
        return -2;
    sql::Statement st = reader.connection().prepare(sql);
    if (!text.isNull())
        st.bind(1, text);
    return st.step() == SQLITE_ROW ? st.int64(0) : -1;
}

QString drill() {
    return test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl"));
}

} // namespace

class TestScreens : public QObject {
    Q_OBJECT
    QString m_store;
    test::TempStore m_temp;
    std::unique_ptr<WarRoomApp> m_app;

    MainWindow *window() const { return m_app->window(); }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        m_store = m_temp.path();
        // An alert as issue 4's engine would write it, before the app opens the store.
        {
            sql::Connection db;
            QString error;
            QVERIFY(Store::openWriter(db, m_store, &error));
            QVERIFY(db.exec("INSERT INTO alerts(kind, fired_at, severity, evidence) VALUES "
                            "('watchword', 1773488100000, 2, '\"boycott\" 14× in 10 min')"));
        }
        m_app = std::make_unique<WarRoomApp>(WarRoomApp::Options{m_store, false});
        m_app->start();
        QVERIFY(QTest::qWaitForWindowExposed(window()));
        // The drill through the app (as File ▸ Load the drill does): mentions and profiles.
        QSignalSpy done(m_app.get(), &WarRoomApp::importFinished);
        QTRY_VERIFY(!m_app->isImporting() || true);
        QTest::qWait(200);
        m_app->importFiles({drill()});
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
        QVERIFY2(done.first().at(1).toBool(), qPrintable(done.first().at(0).toString()));
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(m_store, "SELECT count(*) FROM authors WHERE journalist = 1"), 3, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(window()->panelsLoaded(), 20000);
        // Recorded data: the war room shows it as at its end (14:00 UTC on 14 March 2026).
        QTRY_VERIFY(m_app->clock()->isHistorical());
        QCOMPARE(m_app->clock()->nowMs() / 60000, ms("2026-03-14T13:58:00Z") / 60000);
    }

    void timelineShowsTheAggregatePerMinute() {
        TimelinePanel *timeline = window()->timelinePanel();
        timeline->setRange(TimelinePanel::Range::All);
        QTRY_VERIFY_WITH_TIMEOUT(timeline->data().request.fromMs <= ms("2026-03-14T08:02:00Z") &&
                                     timeline->data().totalMentions == 2719,
                                 10000);
        const TimelineData &d = timeline->data();
        QCOMPARE(d.request.bucketMinutes, 1);
        // Per minute, what the chart stacks equals a count of the raw rows.
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(m_store, &error));
        sql::Statement st = reader.connection().prepare(
            "SELECT created_at / 60000, count(*) FROM mentions GROUP BY 1");
        QHash<qint64, qint64> raw;
        while (st.step() == SQLITE_ROW)
            raw.insert(st.int64(0), st.int64(1));
        int checked = 0;
        for (const TimelineBucket &b : d.buckets) {
            double stacked = 0;
            for (double c : b.counts)
                stacked += c;
            QCOMPARE(qint64(stacked), raw.value(b.startMs / 60000));
            ++checked;
        }
        QVERIFY(checked >= 355);
        // Our own statements (@OrrinHome is flagged brand by the drill's profiles) are on the axis.
        QVERIFY(std::any_of(d.events.begin(), d.events.end(), [](const TimelineEvent &e) {
            return e.kind == TimelineEvent::Kind::Statement &&
                   e.label.startsWith(QStringLiteral("@OrrinHome")) &&
                   e.atMs / 60000 == ms("2026-03-14T10:30:00Z") / 60000; // the holding statement
        }));
        QVERIFY(timeline->chart()->visibleEventLabels() > 0);
        // The alerts on the axis are the volume ones (spikes, surges): the dozens of watch-word
        // and high-risk-author alerts of a crisis stay in their panel, not over the chart.
        QVERIFY(scalar(m_store, "SELECT count(*) FROM alerts WHERE kind = 'watch-word'") > 10);
        const qint64 volumeAlerts = scalar(
            m_store,
            "SELECT count(*) FROM alerts WHERE kind IN ('volume-spike', 'negativity-surge')");
        QVERIFY(volumeAlerts > 0);
        QCOMPARE(std::count_if(d.events.begin(), d.events.end(),
                               [](const TimelineEvent &e) {
                                   return e.kind == TimelineEvent::Kind::AlertFired;
                               }),
                 volumeAlerts);
        // 15-minute range: 15 buckets ending at the store's last minute.
        timeline->setRange(TimelinePanel::Range::Minutes15);
        QTRY_COMPARE(timeline->data().buckets.size(), 16);
        // Per language, on demand, from the per-minute aggregate (no note about raw rows): the
        // top languages and "other", and what they stack to is what the store holds per language.
        timeline->setRange(TimelinePanel::Range::All);
        timeline->setBreakdown(TimelineRequest::Breakdown::Language);
        QTRY_VERIFY(timeline->data().series.contains(QStringLiteral("en")) &&
                    timeline->data().totalMentions == 2719);
        {
            const TimelineData &byLang = timeline->data();
            QVERIFY2(byLang.note.isEmpty(), qPrintable(byLang.note));
            QVERIFY(byLang.series.size() <= 7);
            QCOMPARE(byLang.series.first(), QStringLiteral("en")); // the most, at the bottom
            const int en = int(byLang.series.indexOf(QStringLiteral("en")));
            double stackedEn = 0;
            for (const TimelineBucket &b : byLang.buckets)
                stackedEn += b.counts.value(en) * byLang.request.bucketMinutes;
            QCOMPARE(qRound64(stackedEn),
                     scalar(m_store, "SELECT count(*) FROM mentions WHERE lang = 'en'"));
            QCOMPARE(TimelineChartView::seriesLabel(TimelineRequest::Breakdown::Language,
                                                    QStringLiteral("en")),
                     QStringLiteral("English (en)"));
        }
        timeline->setRange(TimelinePanel::Range::Minutes15);
        timeline->setBreakdown(TimelineRequest::Breakdown::Sentiment);
        timeline->setRange(TimelinePanel::Range::Hours6);
        QTRY_VERIFY(timeline->data().series.contains(QStringLiteral("negative")));
    }

    void drillAlertsSpareOurOwnAccounts() {
        // The drill's profiles go in before its posts: the alerts raised during the import
        // already know @OrrinHome and @OrrinCare are ours, while real high-risk authors do fire.
        QCOMPARE(scalar(m_store, "SELECT count(*) FROM authors WHERE brand = 1"), 2);
        QVERIFY(scalar(m_store,
                       "SELECT count(*) FROM alerts WHERE kind = 'high-risk-author'") > 0);
        QCOMPARE(scalar(m_store, "SELECT count(*) FROM alerts a JOIN authors b ON b.brand = 1 "
                                 "AND a.subject = b.source || '/' || b.handle"),
                 0);
        // The profiles created ahead of their posts still count every post once.
        QCOMPARE(scalar(m_store, "SELECT sum(mention_count) FROM authors"),
                 scalar(m_store, "SELECT count(*) FROM mentions WHERE author_handle <> ''"));
        QCOMPARE(scalar(m_store, "SELECT count(*) FROM authors WHERE first_seen IS NULL OR "
                                 "first_seen > last_seen"),
                 0);
    }

    void kpiTilesMatchSql() {
        KpiPanel *kpis = window()->kpiPanel();
        const DashboardData &d = m_app->feed()->data();
        // The window is the last 15 minutes of the store (13:44–13:58).
        const qint64 nowMin = d.nowMs / 60000;
        const qint64 inWindow = scalar(
            m_store, qPrintable(QStringLiteral("SELECT count(*) FROM mentions WHERE created_at / "
                                               "60000 BETWEEN %1 AND %2")
                                    .arg(nowMin - 14)
                                    .arg(nowMin)));
        QCOMPARE(d.kpis.windowMentions, inWindow);
        const qint64 negatives = scalar(
            m_store, qPrintable(QStringLiteral("SELECT count(*) FROM mentions WHERE created_at / "
                                               "60000 BETWEEN %1 AND %2 AND sentiment_label = "
                                               "'negative'")
                                    .arg(nowMin - 14)
                                    .arg(nowMin)));
        const qint64 labelled = scalar(
            m_store,
            qPrintable(QStringLiteral("SELECT count(*) FROM mentions WHERE created_at / "
                                      "60000 BETWEEN %1 AND %2 AND sentiment_label IS NOT NULL")
                           .arg(nowMin - 14)
                           .arg(nowMin)));
        QCOMPARE(kpis->tile(QStringLiteral("negative"))->value(),
                 QStringLiteral("%1%").arg(qRound(100.0 * negatives / labelled)));
        QCOMPARE(kpis->tile(QStringLiteral("unanswered"))->value(),
                 QString::number(scalar(
                     m_store, "SELECT count(*) FROM mentions WHERE status = 'needs-reply'")));
        QCOMPARE(kpis->tile(QStringLiteral("approvals"))->value(), QStringLiteral("0"));
        QVERIFY(kpis->tile(QStringLiteral("volume"))->value().startsWith(u'×'));
    }

    void influencerListIsRankedAndActs() {
        InfluencerPanel *panel = window()->influencerPanel();
        QTableView *table = panel->table();
        QTRY_VERIFY(table->model()->rowCount() > 100);
        // Shown order = score order; our own accounts are not in the risk list.
        double previous = 101;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            const double score = table->model()
                                     ->index(r, InfluencerTableModel::ScoreColumn)
                                     .data(InfluencerTableModel::SortRole)
                                     .toDouble();
            QVERIFY(score <= previous);
            previous = score;
            QVERIFY(table->model()->index(r, 0).data(InfluencerTableModel::HandleRole).toString() !=
                    QStringLiteral("OrrinHome"));
        }
        QStringList top;
        for (int r = 0; r < 10; ++r)
            top << table->model()->index(r, 0).data(InfluencerTableModel::HandleRole).toString();
        QVERIFY2(top.contains(QStringLiteral("KitchenConfessions")), qPrintable(top.join(u',')));
        QVERIFY(table->model()
                    ->index(0, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("reach: ")));

        // Pin the top author with the keyboard (W): persisted in the watchlist.
        const QString handle = top.first();
        table->setFocus();
        table->selectRow(0);
        QTest::keyClick(table, Qt::Key_W);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(m_store, "SELECT watchlist FROM authors WHERE handle = ?1", handle), 1, 5000);
        // Stance against (1), then filter by stance: only them.
        QTest::keyClick(table, Qt::Key_1);
        QTRY_COMPARE(
            scalar(m_store, "SELECT stance = 'against' FROM authors WHERE handle = ?1", handle), 1);
        // Only authors against us are left (the analyst's and the inferred), them among them.
        panel->setStanceFilter(QStringLiteral("against"));
        const auto shownHandles = [table] {
            QStringList handles;
            for (int r = 0; r < table->model()->rowCount(); ++r)
                handles << table->model()
                               ->index(r, 0)
                               .data(InfluencerTableModel::HandleRole)
                               .toString();
            return handles;
        };
        QTRY_VERIFY(shownHandles().contains(handle));
        for (int r = 0; r < table->model()->rowCount(); ++r)
            QCOMPARE(table->model()->index(r, InfluencerTableModel::StanceColumn).data().toString(),
                     QStringLiteral("against"));
        panel->setStanceFilter(QString());
        // Supporters view: people defending the brand.
        panel->setSupportersView(true);
        QTRY_VERIFY(table->model()->rowCount() > 0);
        panel->setSupportersView(false);

        // Click through to their mentions in the stream.
        table->selectRow(0);
        QTRY_COMPARE(table->model()->index(0, 0).data(InfluencerTableModel::HandleRole).toString(),
                     handle);
        panel->showMentions();
        QTableView *stream = window()->streamPanel()->table();
        const qint64 theirs =
            scalar(m_store, "SELECT count(*) FROM mentions WHERE author_handle = ?1", handle);
        QTRY_COMPARE_WITH_TIMEOUT(stream->model()->rowCount(), int(theirs), 10000);
        window()->streamPanel()->authorBox()->clear();
        QTest::keyClick(window()->streamPanel()->authorBox(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(stream->model()->rowCount(), 2719, 10000);
    }

    void keyboardTriagePersists() {
        MentionStreamPanel *panel = window()->streamPanel();
        QTableView *table = panel->table();
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2719, 10000);
        QTRY_VERIFY(table->model()->index(0, 0).data(MentionTableModel::LoadedRole).toBool());
        table->setFocus();
        table->selectRow(0);
        const qint64 first =
            table->model()->index(0, 0).data(MentionTableModel::IdRole).toLongLong();
        QTest::keyClick(table, Qt::Key_R);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(m_store,
                   qPrintable(
                       QStringLiteral("SELECT status = 'needs-reply' FROM mentions WHERE id = %1")
                           .arg(first))),
            1, 5000);
        // The selection moved on to the next row; E escalates that one.
        const qint64 second =
            table->model()->index(1, 0).data(MentionTableModel::IdRole).toLongLong();
        QTRY_COMPARE(table->currentIndex().row(), 1);
        QTest::keyClick(table, Qt::Key_E);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(
                m_store,
                qPrintable(QStringLiteral("SELECT status = 'escalated' FROM mentions WHERE id = %1")
                               .arg(second))),
            1, 5000);
        // Sentiment correction: 3 = positive, marked as the analyst's.
        QTRY_COMPARE(table->currentIndex().row(), 2);
        const qint64 third =
            table->model()->index(2, 0).data(MentionTableModel::IdRole).toLongLong();
        QTest::keyClick(table, Qt::Key_3);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(m_store,
                   qPrintable(QStringLiteral("SELECT sentiment_label = 'positive' AND "
                                             "sentiment_by_analyst = 1 FROM mentions WHERE id = %1")
                                  .arg(third))),
            1, 5000);
        QCOMPARE(scalar(m_store, "SELECT sum(n) FROM mention_minutes"), 2719);
        // The KPI tile counts the mention that needs a reply.
        QTRY_COMPARE_WITH_TIMEOUT(window()->kpiPanel()->tile(QStringLiteral("unanswered"))->value(),
                                  QStringLiteral("1"), 5000);
        // Filter on status: what the store holds.
        auto *status = window()->findChild<QComboBox *>(QStringLiteral("statusFilter"));
        QVERIFY(status);
        status->setCurrentIndex(status->findData(int(MentionStatus::Escalated)));
        Q_EMIT status->activated(status->currentIndex());
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 5000);
        status->setCurrentIndex(0);
        Q_EMIT status->activated(0);
        auto *sentiment = window()->findChild<QComboBox *>(QStringLiteral("sentimentFilter"));
        sentiment->setCurrentIndex(sentiment->findData(int(Sentiment::Negative)));
        Q_EMIT sentiment->activated(sentiment->currentIndex());
        QTRY_COMPARE_WITH_TIMEOUT(
            table->model()->rowCount(),
            int(scalar(m_store,
                       "SELECT count(*) FROM mentions WHERE sentiment_label = 'negative'")),
            5000);
        sentiment->setCurrentIndex(0);
        Q_EMIT sentiment->activated(0);
    }

    void alertIsAcknowledgedWithOwner() {
        AlertsPanel *panel = window()->alertsPanel();
        // The one written before the app opened, and what the engine raised during the import.
        QVERIFY(scalar(m_store, "SELECT count(*) FROM alerts WHERE kind = 'volume-spike'") > 0);
        QTRY_COMPARE(panel->model()->rowCount(),
                     int(scalar(m_store, "SELECT count(*) FROM alerts")));
        // Evidence as a person reads it (the engine's summary), never its JSON.
        for (int r = 0; r < panel->model()->rowCount(); ++r) {
            const QString evidence =
                panel->model()->index(r, AlertTableModel::EvidenceColumn).data().toString();
            QVERIFY2(!evidence.isEmpty() && !evidence.startsWith(u'{'), qPrintable(evidence));
        }
        auto *banner = panel->findChild<QLabel *>(QStringLiteral("alertBanner"));
        QVERIFY(banner->text().contains(QStringLiteral("need an owner")));
        panel->table()->selectRow(0);
        panel->ownerBox()->clear();
        panel->acknowledgeSelected(); // no owner: nothing written, the box asks
        QTest::qWait(300);
        QCOMPARE(scalar(m_store, "SELECT count(*) FROM alerts WHERE acked_at IS NOT NULL"), 0);
        QTest::keyClicks(panel->ownerBox(), QStringLiteral("Ana (lead)"));
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("alertAcknowledge")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(m_store, "SELECT count(*) FROM alerts WHERE acked_by = 'Ana (lead)'"), 1, 5000);
        QCOMPARE(scalar(m_store, "SELECT count(*) FROM alerts WHERE acked_at IS NOT NULL"), 1);
        QTRY_COMPARE(panel->model()->index(0, 4).data().toString(), QStringLiteral("Ana (lead)"));
    }

    void incidentDeclaredShowsTheCrisisClock() {
        IncidentBar *bar = window()->incidentBar();
        QCOMPARE(bar->findChild<QLabel *>(QStringLiteral("incidentName"))->text(),
                 QStringLiteral("No incident declared"));
        Q_EMIT bar->declareRequested(
            QStringLiteral("Aurora kettle lid"),
            QDateTime::fromMSecsSinceEpoch(ms("2026-03-14T10:04:00Z"), Qt::UTC));
        QTRY_COMPARE_WITH_TIMEOUT(bar->findChild<QLabel *>(QStringLiteral("incidentName"))->text(),
                                  QStringLiteral("INCIDENT: Aurora kettle lid"), 5000);
        // Now is the store's end, 13:58: T+03:54.
        QCOMPARE(bar->clockText(), QStringLiteral("T+03:54"));
        QVERIFY(!bar->findChild<QPushButton *>(QStringLiteral("declareIncident"))->isEnabled());
        // The baseline of the volume KPI is now the two hours before the incident.
        QTRY_VERIFY(m_app->feed()->data().incident.isOpen());
        const double normal = scalar(m_store, "SELECT count(*) FROM mentions WHERE created_at >= "
                                              "1773475440000 AND created_at < 1773482640000") /
                              120.0;
        QTRY_VERIFY(qAbs(m_app->feed()->data().kpis.baselinePerMinute - normal) < 1e-9);
        window()->timelinePanel()->setRange(TimelinePanel::Range::Incident);
        QTRY_VERIFY(window()->timelinePanel()->data().request.fromMs == ms("2026-03-14T09:49:00Z"));
        QVERIFY(std::any_of(window()->timelinePanel()->data().events.begin(),
                            window()->timelinePanel()->data().events.end(),
                            [](const TimelineEvent &e) {
                                return e.kind == TimelineEvent::Kind::IncidentDeclared;
                            }));
    }

    void wallMasksPrivateHandlesOnly() {
        window()->setMaskPrivateOnWall(true);
        window()->setWallMode(true);
        WallWindow *wall = window()->wall();
        QTRY_VERIFY(wall->isVisible());
        QVERIFY(window()->isWallMode());
        const QList<InfluencerRow> &rows = m_app->influencers()->rows();
        QTRY_VERIFY(!rows.isEmpty());
        QTRY_VERIFY(wall->visibleTexts().join(u'\n').contains(QStringLiteral("WHO")));
        // Journalists and opinion leaders must be ranked to check both cases.
        const QString all = wall->visibleTexts().join(u'\n');
        int privateShown = 0, publicShown = 0;
        int shown = 0;
        for (const InfluencerRow &r : rows) {
            if (r.brand)
                continue;
            if (shown++ >= WallWindow::kWhoRows)
                break;
            if (r.isPublicFigure()) {
                QVERIFY2(all.contains(u'@' + r.handle), qPrintable(r.handle));
                ++publicShown;
            } else {
                QVERIFY2(!all.contains(u'@' + r.handle), qPrintable(r.handle));
                QVERIFY(all.contains(WallWindow::displayHandle(r, true)));
                ++privateShown;
            }
        }
        QVERIFY(publicShown > 0);
        // The console still shows everyone in full.
        const InfluencerRow *anyPrivate = nullptr;
        for (const InfluencerRow &r : rows)
            if (!r.isPublicFigure() && !r.brand) {
                anyPrivate = &r;
                break;
            }
        QVERIFY(anyPrivate);
        QVERIFY(m_app->influencers()
                    ->index(m_app->influencers()->rowOf(anyPrivate->source, anyPrivate->handle), 1)
                    .data()
                    .toString()
                    .contains(u'@' + anyPrivate->handle));
        // Unmasked, the wall names them.
        // Unmasked, the wall names the private individuals it ranks.
        QStringList privateHandles;
        shown = 0;
        for (const InfluencerRow &r : rows) {
            if (r.brand)
                continue;
            if (shown++ >= WallWindow::kWhoRows)
                break;
            if (!r.isPublicFigure())
                privateHandles << u'@' + r.handle;
        }
        QCOMPARE(int(privateHandles.size()), privateShown);
        window()->setMaskPrivateOnWall(false);
        for (const QString &h : std::as_const(privateHandles))
            QVERIFY2(wall->visibleTexts().join(u'\n').contains(h), qPrintable(h));
        // Who they are, in words: follower counts say "followers" (and nothing when unknown).
        QVERIFY(wall->findChild<QLabel *>(QStringLiteral("wallWho0"))
                    ->text()
                    .contains(QStringLiteral(" followers")));
        // The chart says what we did; the alerts are counted in the header, not drawn over it.
        QTRY_VERIFY(!wall->chart()->data().buckets.isEmpty());
        QVERIFY(std::none_of(wall->chart()->data().events.begin(),
                             wall->chart()->data().events.end(), [](const TimelineEvent &e) {
                                 return e.kind == TimelineEvent::Kind::AlertFired ||
                                        e.kind == TimelineEvent::Kind::AlertAcknowledged;
                             }));
        // What we said: @OrrinHome's statements (brand) are on the wall.
        QTRY_VERIFY(wall->visibleTexts().join(u'\n').contains(QStringLiteral("@OrrinHome")));
        // F11 on the wall goes back to the console.
        QTest::keyClick(wall, Qt::Key_F11);
        QTRY_VERIFY(!wall->isVisible());
        window()->setMaskPrivateOnWall(true);
    }

    void layoutIsRememberedWithDetachedPanels() {
        auto *dock = window()->findChild<QDockWidget *>(QStringLiteral("influencerDock"));
        QVERIFY(dock);
        dock->setFloating(true);
        dock->move(300, 200);
        window()->saveLayout();
        dock->setFloating(false);
        window()->restoreLayout();
        QTRY_VERIFY(dock->isFloating());
        dock->setFloating(false);
        // Hidden panels do not query; shown again, they catch up.
        auto *timelineDock = window()->findChild<QDockWidget *>(QStringLiteral("timelineDock"));
        timelineDock->hide();
        window()->refreshLive();
        QVERIFY(window()->timelinePanel()->isDirty());
        timelineDock->show();
        QTRY_VERIFY(!window()->timelinePanel()->isDirty());
        // Minimised, nobody sees the panels: they wait, and catch up when the window is back.
        window()->setWindowState(Qt::WindowMinimized);
        QTRY_VERIFY(window()->isMinimized());
        window()->refreshLive();
        QVERIFY(window()->timelinePanel()->isDirty());
        QVERIFY(window()->kpiPanel()->isDirty());
        window()->setWindowState(Qt::WindowNoState);
        QTRY_VERIFY(!window()->timelinePanel()->isDirty());
        QTRY_VERIFY(!window()->kpiPanel()->isDirty());
    }

    void screenshotsAtTheRequestedSize() {
        for (bool wall : {false, true}) {
            const QString png = m_temp.dir() + (wall ? QStringLiteral("/wall.png")
                                                     : QStringLiteral("/console.png"));
            WarRoomApp::Options o{m_store, false};
            o.wall = wall;
            o.screenshotPath = png;
            o.screenshotSize = QSize(1920, 1080);
            WarRoomApp shot(o);
            QSignalSpy done(&shot, &WarRoomApp::screenshotDone);
            shot.start();
            QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 30000);
            QVERIFY2(done.first().at(0).toBool(), qPrintable(done.first().at(1).toString()));
            const QImage image(png);
            QCOMPARE(image.size(), QSize(1920, 1080));
            // Not a blank picture: the wall is dark, the console light, both with content.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 9)
                for (int x = 0; x < image.width(); x += 9)
                    colours.insert(image.pixel(x, y));
            QVERIFY(colours.size() > 20);
            const QString out = qEnvironmentVariable("WARROOM_SCREENSHOT_DIR");
            if (!out.isEmpty())
                image.save(out +
                           (wall ? QStringLiteral("/wall.png") : QStringLiteral("/console.png")));
        }
    }

    void cleanupTestCase() { m_app.reset(); }
};

QTEST_MAIN(TestScreens)
#include "screens_warroom.moc"
