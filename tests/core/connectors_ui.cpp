// The health strip and the sources dialog (ui/sources), offscreen.
#include "common/connectormanager.h"
#include "recordedserver.h"
#include "sources/healthstrip.h"
#include "sources/sourcesdialog.h"
#include "testdata.h"

#include <QApplication>
#include <QFile>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;
using warroom::test::RecordedResponse;
using warroom::test::RecordedServer;

class TstConnectorsUi : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chipsShowColourAndWordsAndATooltip() {
        HealthStrip strip;
        ConnectorHealth h;
        h.id = QStringLiteral("mastodon:mastodon.social#orrin");
        h.label = QStringLiteral("Mastodon #orrin");
        h.state = ConnectorState::BackingOff;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        h.lastItemAt = now.addSecs(-125);
        h.nextRetryAt = now.addSecs(40);
        h.lastError = QStringLiteral("HTTP 429 from mastodon.social (rate limited)");
        strip.updateHealth(h);
        QCOMPARE(strip.chipCount(), 1);
        QLabel *chip = strip.chip(h.id);
        QVERIFY(chip);
        QVERIFY(chip->text().contains(u"Mastodon #orrin"));
        QVERIFY(chip->text().contains(u"Backing off")); // words, not colour alone
        QVERIFY(chip->styleSheet().contains(
            HealthStrip::stateColour(ConnectorState::BackingOff).name()));
        const QString tip = HealthStrip::tooltipFor(h, now);
        QVERIFY2(tip.contains(u"lag 2 min"), qPrintable(tip));
        QVERIFY2(tip.contains(u"Next retry in 40 s"), qPrintable(tip));
        QVERIFY(tip.contains(u"HTTP 429"));
        h.state = ConnectorState::Live;
        h.lastError.clear();
        strip.updateHealth(h);
        QCOMPARE(strip.chipCount(), 1);
        QVERIFY(chip->text().contains(u"Live"));
        QVERIFY(HealthStrip::stateColour(ConnectorState::Live) !=
                HealthStrip::stateColour(ConnectorState::Failed));
        strip.removeConnector(h.id);
        QCOMPARE(strip.chipCount(), 0);
    }

    void dialogAddsTestsAndRemovesASource() {
        RecordedServer server;
        QVERIFY(server.listen());
        QFile f(test::sharedData(QStringLiteral("feedjira-sample-feeds/FeedjiraBlog.xml")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        RecordedResponse feed;
        feed.body = f.readAll();
        feed.header("Content-Type", "application/atom+xml");
        server.enqueue("GET", QStringLiteral("/feed"), {feed});
        server.enqueue("GET", QStringLiteral("/broken"), {RecordedResponse::json("{}", 500)});

        ConnectorManager manager(QString{});
        SourceConfig rss;
        rss.kind = QStringLiteral("rss");
        rss.feeds = {server.url(QStringLiteral("/feed")).toString()};
        SourcesDialog dialog({rss}, &manager);
        QCOMPARE(dialog.list()->count(), 1);
        QSignalSpy tested(&dialog, &SourcesDialog::testFinished);
        dialog.testCurrent();
        QVERIFY(tested.wait(15'000));
        QVERIFY(tested.first().at(0).toBool());
        QVERIFY2(dialog.testResult().contains(u"Works") &&
                     dialog.testResult().contains(u"new item"),
                 qPrintable(dialog.testResult()));

        dialog.addSource(QStringLiteral("hn"));
        QCOMPARE(dialog.list()->count(), 2);
        QCOMPARE(dialog.sources().last().kind, QStringLiteral("hn"));
        dialog.removeCurrent();
        QCOMPARE(dialog.sources().size(), 1);

        SourceConfig broken = rss;
        broken.feeds = {server.url(QStringLiteral("/broken")).toString()};
        SourcesDialog second({broken}, &manager);
        QSignalSpy tested2(&second, &SourcesDialog::testFinished);
        second.testCurrent();
        QVERIFY(tested2.wait(15'000));
        QVERIFY(!tested2.first().at(0).toBool());
        QVERIFY2(second.testResult().contains(u"Does not work") &&
                     second.testResult().contains(u"HTTP 500"),
                 qPrintable(second.testResult()));
    }
};

QTEST_MAIN(TstConnectorsUi)
#include "connectors_ui.moc"
