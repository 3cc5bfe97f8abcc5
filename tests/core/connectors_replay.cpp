// Replays of the bundled drill (resources/drill/orrin_kettlegate.jsonl) at ×1000 with
// pause/resume, ids prefixed per run.
#include "replay/replayconnector.h"
#include "replay/replayfile.h"
#include "testdata.h"

#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;

class TstConnectorsReplay : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsEveryDrillRow() {
        const ReplayRows r = readReplayRows(
            test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")));
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.rows.size(), 2719);
        QCOMPARE(r.rejected, 0);
        QCOMPARE(r.rows.first().sourceId, QStringLiteral("okg-00001"));
    }

    void playsAtThousandTimesInOrderWithPauseResume() {
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("replay");
        cfg.file = test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl"));
        cfg.speed = 1000;
        QVERIFY(cfg.validate().isEmpty());
        ReplayConnector c(cfg, &nam);
        c.setRunId(QStringLiteral("run1-"));
        MentionBatch got;
        connect(&c, &Connector::batchReady, this,
                [&got](const MentionBatch &b, const QList<MentionChange> &,
                       const ConnectorCheckpoint &) { got += b; });
        QSignalSpy finished(&c, &ReplayConnector::finishedPlaying);
        const QDateTime started = QDateTime::currentDateTimeUtc();
        QElapsedTimer t;
        t.start();
        c.start();
        // Six hours at ×1000 is 21.6 s; pause once the spark (10:04, T+2:04 = 7.4 s) is out.
        QTRY_VERIFY_WITH_TIMEOUT(got.size() > 100, 15'000);
        c.pause();
        QVERIFY(c.isPaused());
        const qsizetype atPause = got.size();
        QTest::qWait(1000);
        QCOMPARE(got.size(), atPause); // nothing while paused
        c.resume();
        QVERIFY(finished.wait(40'000));
        const qint64 elapsed = t.elapsed();
        QCOMPARE(got.size(), 2719);
        QCOMPARE(finished.first().at(0).toLongLong(), 2719);
        // Real time ×1000 plus the 1 s pause: about 22.6 s.
        QVERIFY2(elapsed > 20'000 && elapsed < 35'000, qPrintable(QString::number(elapsed)));
        for (qsizetype i = 1; i < got.size(); ++i)
            QVERIFY(got.at(i - 1).createdAt <= got.at(i).createdAt);
        QCOMPARE(got.first().sourceId, QStringLiteral("run1-okg-00001"));
        QCOMPARE(got.first().source, QStringLiteral("drill"));
        // Times shifted to now: the first post at the start, the last about 21.6 s + pause later.
        QVERIFY(qAbs(started.msecsTo(got.first().createdAt)) < 2000);
        QVERIFY(qAbs(got.first().createdAt.msecsTo(got.last().createdAt) - 22'600) < 3000);
        // Replies point at this run's ids.
        for (const Mention &m : got)
            if (!m.inReplyTo.isEmpty())
                QVERIFY(m.inReplyTo.startsWith(u"run1-"));
        QVERIFY(c.isFinished());
    }

    void speedIsClamped() {
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("replay");
        cfg.file = QStringLiteral("x.jsonl");
        cfg.speed = 5000;
        QVERIFY(!cfg.validate().isEmpty());
        ReplayConnector c(cfg, &nam);
        QCOMPARE(c.speed(), 1000.0);
        c.setSpeed(0.1);
        QCOMPARE(c.speed(), 1.0);
    }

    void missingFileFailsWithAReason() {
        QNetworkAccessManager nam;
        SourceConfig cfg;
        cfg.kind = QStringLiteral("replay");
        cfg.file = QStringLiteral("/nonexistent/drill.jsonl");
        ReplayConnector c(cfg, &nam);
        QSignalSpy spy(&c, &Connector::onceFinished);
        c.pollOnce();
        QVERIFY(spy.wait(5000));
        QVERIFY(!spy.first().at(0).toBool());
        QVERIFY(spy.first().at(1).toString().contains(u"cannot read"));
        QCOMPARE(c.health().state, ConnectorState::Failed);
    }
};

QTEST_GUILESS_MAIN(TstConnectorsReplay)
#include "connectors_replay.moc"
