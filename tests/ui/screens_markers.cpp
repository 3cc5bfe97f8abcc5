// The timeline of a live store (offscreen): our own actions as labelled markers on the same axis
// as the mentions, as the crisis cell sees them — the publishing pause switch here.
#include "charts/timelinechart.h"
#include "composer/operatorswitcher.h"
#include "composer/pausebanner.h"
#include "itemmodels/liveclock.h"
#include "mainwindow.h"
#include "panels/timelinepanel.h"
#include "store/mentionwriter.h"
#include "store/store.h"
#include "tempstore.h"
#include "wall/wallwindow.h"
#include "warroomapp.h"
#include "workflow/replyworkflow.h"

#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace warroom;

namespace {

// Real complaints from ../shared/data/airline-tweets (Crowdflower, CC BY-NC-SA), re-timed to
// the last hour so that the store is live.
const char *const kTweets[] = {
    "@VirginAmerica lost my luggage 4 days ago on flight VX 112 and no response",
    "@united your customer service is a joke, 2 hours on hold",
    "@SouthwestAir thank you for getting me home on time!",
    "@AmericanAir flight cancelled again, no rebooking, no hotel",
    "@JetBlue the crew on 1042 was wonderful, thanks",
    "@USAirways where is my bag? Third day without clothes",
};

bool visibleTextStartsWith(const QStringList &texts, const QString &prefix) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const QString &t) { return t.startsWith(prefix); });
}

} // namespace

class TestTimelineMarkers : public QObject {
    Q_OBJECT
    test::TempStore m_temp;
    std::unique_ptr<WarRoomApp> m_app;

    MainWindow *window() const { return m_app->window(); }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        {
            MentionWriter writer;
            QString error;
            QVERIFY2(writer.open(m_temp.path(), &error), qPrintable(error));
            MentionBatch batch;
            const QDateTime now = QDateTime::currentDateTimeUtc();
            for (int i = 0; i < 240; ++i) {
                Mention m;
                m.source = QStringLiteral("mastodon");
                m.sourceId = QString::number(1000 + i);
                m.authorHandle = QStringLiteral("traveller%1").arg(i % 37);
                m.text = QString::fromLatin1(kTweets[i % 6]);
                m.language = QStringLiteral("en");
                m.createdAt = now.addSecs(-3600 + i * 15);
                m.ingestedAt = m.createdAt;
                m.sentiment = i % 6 == 2 || i % 6 == 4 ? Sentiment::Positive : Sentiment::Negative;
                batch << m;
            }
            QVERIFY(writer.write(batch).ok());
            // The crisis lead, who alone may pause publishing.
            sql::Connection db;
            QVERIFY(Store::openWriter(db, m_temp.path(), &error));
            ReplyWorkflow wf(db);
            wf.operators().setHashIterations(1000);
            qint64 lead = 0;
            QVERIFY(wf.operators().add(QStringLiteral("lee"), Role::Lead, QStringLiteral("9876"),
                                       &lead));
        }
        m_app = std::make_unique<WarRoomApp>(WarRoomApp::Options{m_temp.path(), false});
        m_app->start();
        QVERIFY(QTest::qWaitForWindowExposed(window()));
        QTRY_VERIFY_WITH_TIMEOUT(window()->panelsLoaded(), 20000);
        QVERIFY(!m_app->clock()->isHistorical()); // a live store: now is now
    }

    void pauseAndResumeAreMarkedOnTheTimeline() {
        TimelinePanel *timeline = window()->timelinePanel();
        timeline->setRange(TimelinePanel::Range::Hour1);
        QTRY_VERIFY(timeline->data().totalMentions == 240);

        // The lead sits down at the console and pauses all publishing, with a reason.
        auto *switcher =
            window()->findChild<OperatorSwitcher *>(QStringLiteral("operatorSwitcher"));
        QVERIFY(switcher);
        QTRY_VERIFY_WITH_TIMEOUT(switcher->count() > 0, 10000);
        switcher->selectByName(QStringLiteral("lee"));
        auto *banner = window()->findChild<PauseBanner *>(QStringLiteral("pauseBanner"));
        QVERIFY(banner);
        banner->setReasonProvider(
            [] { return std::optional<QString>(QStringLiteral("legal review of the recall")); });
        auto *pause = banner->findChild<QPushButton *>(QStringLiteral("pauseButton"));
        QTRY_VERIFY(pause->isVisible());
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(banner->isPaused(), 10000);

        // Without waiting for a new mention, the timeline shows it: a labelled marker at the
        // time it happened, among the mentions of the last hour.
        QTRY_VERIFY_WITH_TIMEOUT(timeline->chart()->visibleEventTexts().contains(QStringLiteral(
                                     "Publishing paused by lee: legal review of the recall")),
                                 10000);
        const QList<TimelineEvent> &events = timeline->data().events;
        const auto paused = std::find_if(events.begin(), events.end(), [](const TimelineEvent &e) {
            return e.kind == TimelineEvent::Kind::PublishingPaused;
        });
        QVERIFY(paused != events.end());
        QVERIFY(paused->atMs >= before - 1000 &&
                paused->atMs <= QDateTime::currentMSecsSinceEpoch());
        QVERIFY(paused->atMs >= timeline->data().request.fromMs &&
                paused->atMs < timeline->data().request.toMs);

        // Resumed: a second marker; the span in between is shaded.
        auto *resume = banner->findChild<QPushButton *>(QStringLiteral("resumeButton"));
        QTRY_VERIFY(resume->isVisible());
        QTest::mouseClick(resume, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isPaused(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(visibleTextStartsWith(timeline->chart()->visibleEventTexts(),
                                                       QStringLiteral("Publishing resumed by lee")),
                                 10000);
        QVERIFY(timeline->chart()->visibleEventTexts().contains(
            QStringLiteral("Publishing paused by lee: legal review of the recall")));

        // The wall, read from across the room, says it in one word with the time.
        // A 1080p wall (a window of that size: the offscreen screen is smaller than the room's).
        window()->wall()->resize(1920, 1080);
        window()->wall()->show();
        QTRY_VERIFY_WITH_TIMEOUT(
            visibleTextStartsWith(window()->wall()->chart()->visibleEventTexts(),
                                  QStringLiteral("PAUSED ")) &&
                visibleTextStartsWith(window()->wall()->chart()->visibleEventTexts(),
                                      QStringLiteral("RESUMED ")),
            10000);
        window()->wall()->hide();
    }

    void cleanupTestCase() { m_app.reset(); }
};

QTEST_MAIN(TestTimelineMarkers)
#include "screens_markers.moc"
