// The feed connector against a local server serving the recorded feedjira sample feeds.
#include "common/connectormanager.h"
#include "recordedserver.h"
#include "rss/feedparser.h"
#include "rss/rssconnector.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "tempstore.h"
#include "testdata.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;
using warroom::test::RecordedRequest;
using warroom::test::RecordedResponse;
using warroom::test::RecordedServer;

namespace {

QByteArray feedFile(const QString &name) {
    QFile f(test::sharedData(QStringLiteral("feedjira-sample-feeds/") + name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

RecordedResponse feed(const QByteArray &body, const QByteArray &etag = {}) {
    RecordedResponse r;
    r.body = body;
    r.header("Content-Type", "application/atom+xml; charset=utf-8");
    if (!etag.isEmpty())
        r.header("ETag", etag).header("Last-Modified", "Sat, 14 Mar 2026 08:00:00 GMT");
    return r;
}

struct Sink {
    MentionBatch mentions;
    QList<ConnectorCheckpoint> checkpoints;
    void attach(Connector *c) {
        QObject::connect(c, &Connector::batchReady, c,
                         [this](const MentionBatch &b, const QList<MentionChange> &,
                                const ConnectorCheckpoint &cp) {
                             mentions += b;
                             checkpoints << cp;
                         });
    }
};

SourceConfig rssSource(const QStringList &feeds) {
    SourceConfig c;
    c.kind = QStringLiteral("rss");
    c.feeds = feeds;
    return c;
}

bool runOnce(Connector *c, bool *ok = nullptr, QString *summary = nullptr) {
    QSignalSpy spy(c, &Connector::onceFinished);
    c->pollOnce();
    if (!spy.wait(15'000))
        return false;
    if (ok)
        *ok = spy.first().at(0).toBool();
    if (summary)
        *summary = spy.first().at(1).toString();
    return true;
}

} // namespace

class TstConnectorsRss : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void googleAlertsAndTechCrunchExactly() {
        RecordedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", QStringLiteral("/alerts"),
                       {feed(feedFile(QStringLiteral("google_alerts_atom.xml")))});
        RecordedResponse tc = feed(feedFile(QStringLiteral("TechCrunch.xml")));
        tc.headers = {{"Content-Type", "text/xml; charset=UTF-8"}};
        server.enqueue("GET", QStringLiteral("/techcrunch"), {tc});
        QNetworkAccessManager nam;
        RssConnector c(rssSource({server.url(QStringLiteral("/alerts")).toString(),
                                  server.url(QStringLiteral("/techcrunch")).toString()}),
                       &nam);
        Sink sink;
        sink.attach(&c);
        bool ok = false;
        QString summary;
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY2(ok, qPrintable(summary));
        int alerts = 0, techcrunch = 0;
        for (const Mention &m : sink.mentions) {
            QCOMPARE(m.source, QStringLiteral("rss"));
            QVERIFY(m.dedupeByUrl);
            QVERIFY(!m.text.contains(u'<'));
            QVERIFY(!m.url.contains(u"google.com/url")); // Alerts redirect unwrapped
            if (m.url.contains(u"feedproxy.google.com/~r/Techcrunch"))
                ++techcrunch;
            else
                ++alerts;
        }
        QCOMPARE(techcrunch, 20); // 20 <item>s in the recorded TechCrunch feed
        QCOMPARE(alerts, 20);     // 20 <entry>s in the recorded Google Alert
        auto it = std::find_if(sink.mentions.cbegin(), sink.mentions.cend(), [](const Mention &m) {
            return m.url == u"https://investorplace.com/2019/07/slack-stock-truly-compelling/";
        });
        QVERIFY(it != sink.mentions.cend());
        QCOMPARE(c.health().state, ConnectorState::Live);
    }

    void conditionalGetGives304() {
        RecordedServer server;
        QVERIFY(server.listen());
        const QByteArray body = feedFile(QStringLiteral("FeedjiraBlog.xml"));
        server.route("GET", QStringLiteral("/feed"), [body](const RecordedRequest &req) {
            if (req.headers.value("if-none-match") == "\"v1\"") {
                RecordedResponse r;
                r.status = 304;
                return r;
            }
            return feed(body, "\"v1\"");
        });
        QNetworkAccessManager nam;
        RssConnector c(rssSource({server.url(QStringLiteral("/feed")).toString()}), &nam);
        Sink sink;
        sink.attach(&c);
        bool ok = false;
        QString summary;
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY(ok);
        const qsizetype first = sink.mentions.size();
        QVERIFY(first > 0);
        QCOMPARE(sink.checkpoints.last().etag, QStringLiteral("\"v1\""));
        QCOMPARE(sink.checkpoints.last().lastModified,
                 QStringLiteral("Sat, 14 Mar 2026 08:00:00 GMT"));
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY(ok);
        QVERIFY2(summary.contains(u"304"), qPrintable(summary));
        QCOMPARE(sink.mentions.size(), first);
        const auto reqs = server.requests(QStringLiteral("/feed"));
        QCOMPARE(reqs.size(), 2);
        QCOMPARE(reqs.at(1).headers.value("if-none-match"), QByteArray("\"v1\""));
        QCOMPARE(reqs.at(1).headers.value("if-modified-since"),
                 QByteArray("Sat, 14 Mar 2026 08:00:00 GMT"));
    }

    void serverErrorThenRecovery() {
        RecordedServer server;
        QVERIFY(server.listen());
        RecordedResponse err = RecordedResponse::json("oops", 500);
        server.enqueue("GET", QStringLiteral("/feed"),
                       {err, err, feed(feedFile(QStringLiteral("FeedjiraBlog.xml")))});
        QNetworkAccessManager nam;
        SourceConfig cfg = rssSource({server.url(QStringLiteral("/feed")).toString()});
        RssConnector c(cfg, &nam);
        c.setBackoff({50, 400});
        c.setPollInterval(60'000);
        Sink sink;
        sink.attach(&c);
        QList<ConnectorState> states;
        connect(&c, &Connector::healthChanged, this,
                [&states](const ConnectorHealth &h) { states << h.state; });
        c.start();
        QTRY_VERIFY_WITH_TIMEOUT(!sink.mentions.isEmpty(), 10'000);
        QVERIFY(states.contains(ConnectorState::BackingOff));
        QCOMPARE(c.health().state, ConnectorState::Live);
        QVERIFY(c.health().lastError.isEmpty());
        QCOMPARE(c.health().consecutiveFailures, 0);
        QCOMPARE(server.requests(QStringLiteral("/feed")).size(), 3);
        // Next poll is a full interval away, not a retry.
        QVERIFY(QDateTime::currentDateTimeUtc().secsTo(c.health().nextRetryAt) > 50);
        c.stop();
    }

    void hostileHtmlEndsAsInertText() {
        RecordedServer server;
        QVERIFY(server.listen());
        const QByteArray hostile =
            "<?xml version=\"1.0\"?>\n"
            "<rss version=\"2.0\"><channel><title>t</title><link>https://news.example/</link>\n"
            "<item><title>Orrin &lt;script&gt;alert(1)&lt;/script&gt;kettle</title>\n"
            "<link>javascript:alert(document.cookie)</link><guid isPermaLink=\"false\">h-1</guid>\n"
            "<description><![CDATA[<p>Lid <script>steal()</script>flies off <a "
            "href=\"javascript:alert(1)\">click</a>\n"
            "<img src=x onerror=\"alert(2)\"> <a "
            "href=\"https://orrin.example/recall\">recall</a></p>]]></description>\n"
            "<pubDate>Sat, 14 Mar 2026 10:04:17 GMT</pubDate></item></channel></rss>\n";
        server.enqueue("GET", QStringLiteral("/hostile"), {feed(hostile)});
        QNetworkAccessManager nam;
        RssConnector c(rssSource({server.url(QStringLiteral("/hostile")).toString()}), &nam);
        Sink sink;
        sink.attach(&c);
        QVERIFY(runOnce(&c));
        QCOMPARE(sink.mentions.size(), 1);
        const Mention m = sink.mentions.first();
        QVERIFY(!m.text.contains(u"steal()"));
        QVERIFY(!m.text.contains(u"<"));
        QVERIFY(!m.title.contains(u"<script"));
        QVERIFY(!m.url.startsWith(u"javascript:"));
        QVERIFY(m.text.contains(u"flies off"));
        QCOMPARE(m.createdAt, QDateTime(QDate(2026, 3, 14), QTime(10, 4, 17), Qt::UTC));
    }

    void oversizeFeedIsAnErrorNotACrash() {
        RecordedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", QStringLiteral("/huge"), {feed(QByteArray(2'000'000, ' '))});
        QNetworkAccessManager nam;
        RssConnector c(rssSource({server.url(QStringLiteral("/huge")).toString()}), &nam);
        HttpLimits limits;
        limits.maxBodyBytes = 1'000'000;
        c.setHttpLimits(limits);
        bool ok = true;
        QString summary;
        QVERIFY(runOnce(&c, &ok, &summary));
        QVERIFY(!ok);
        QVERIFY2(summary.contains(u"larger than"), qPrintable(summary));
        QCOMPARE(c.health().state, ConnectorState::Failed);
    }

    void restartResumesFromCheckpointWithoutDuplicates() {
        RecordedServer server;
        QVERIFY(server.listen());
        const QByteArray body = feedFile(QStringLiteral("TenderLovemaking.xml"));
        server.route("GET", QStringLiteral("/feed"), [body](const RecordedRequest &req) {
            if (req.headers.value("if-none-match") == "\"tl\"") {
                RecordedResponse r;
                r.status = 304;
                return r;
            }
            return feed(body, "\"tl\"");
        });
        // A second feed carrying the same article under a Google redirect link: one mention.
        test::TempStore store;
        MentionWriter writer;
        QString error;
        QVERIFY(writer.open(store.path(), &error));
        SourceConfig cfg = rssSource({server.url(QStringLiteral("/feed")).toString()});
        int inserted = 0, duplicates = 0;
        for (int run = 0; run < 2; ++run) {
            ConnectorManager manager(store.path());
            manager.setSources({cfg});
            connect(&manager, &ConnectorManager::batchAnalysed, this,
                    [&](const MentionBatch &b, const QList<MentionChange> &ch,
                        const ConnectorCheckpoint &cp) {
                        const WriteResult r = writer.write(b, ch, cp);
                        QVERIFY(r.ok());
                        inserted += r.inserted;
                        duplicates += r.duplicates;
                    });
            QSignalSpy done(&manager, &ConnectorManager::finished);
            manager.pollOnce();
            QVERIFY(done.wait(30'000));
            QVERIFY(done.first().at(0).toBool());
        }
        const auto reqs = server.requests(QStringLiteral("/feed"));
        QCOMPARE(reqs.size(), 2);
        // The second process sent the ETag restored from the store and got a 304.
        QCOMPARE(reqs.at(1).headers.value("if-none-match"), QByteArray("\"tl\""));
        QCOMPARE(duplicates, 0);
        MentionReader reader;
        QVERIFY(reader.open(store.path(), &error));
        QCOMPARE(reader.stats().mentions, qint64(inserted));
        QVERIFY(inserted > 0);
        const ConnectorCheckpoint cp = reader.checkpoint(RssConnector::makeId(cfg));
        QCOMPARE(cp.etag, QStringLiteral("\"tl\""));
        // Analysis ran before the writer: every stored mention has a sentiment.
        QVector<qint64> ids;
        QVERIFY(reader.ids({}, &ids, &error));
        for (const Mention &m : reader.fetch(ids))
            QVERIFY(m.sentiment != Sentiment::Unknown);
    }
};

QTEST_GUILESS_MAIN(TstConnectorsRss)
#include "connectors_rss.moc"
