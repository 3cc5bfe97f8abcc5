// The headless collector, run as a user would: the real `warroom collect` binary against a local
// server serving recorded feeds and Mastodon pages.
#include "recordedserver.h"
#include "store/mentionreader.h"
#include "tempstore.h"
#include "testdata.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace warroom;
using warroom::test::RecordedRequest;
using warroom::test::RecordedResponse;
using warroom::test::RecordedServer;

namespace {

struct Run {
    int code = -1;
    QString out;
    QString err;
};

// Runs the binary without blocking this thread's event loop (the server answers from it).
Run collect(const QStringList &args) {
    QProcess proc;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    proc.setProcessEnvironment(env);
    QSignalSpy finished(&proc, &QProcess::finished);
    proc.start(QStringLiteral(WARROOM_BINARY), QStringList{QStringLiteral("collect")} + args);
    Run r;
    if (!finished.wait(60'000)) {
        proc.kill();
        proc.waitForFinished(5000);
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.code = proc.exitCode();
    r.out = QString::fromUtf8(proc.readAllStandardOutput());
    r.err = QString::fromUtf8(proc.readAllStandardError());
    return r;
}

QByteArray feedFile(const QString &name) {
    QFile f(test::sharedData(QStringLiteral("feedjira-sample-feeds/") + name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TstCollect : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void onceWithFeedsAndMastodonThenResume() {
        RecordedServer server;
        QVERIFY(server.listen());
        RecordedResponse alerts;
        alerts.body = feedFile(QStringLiteral("google_alerts_atom.xml"));
        alerts.header("Content-Type", "application/atom+xml").header("ETag", "\"ga1\"");
        server.route("GET", QStringLiteral("/alerts"), [alerts](const RecordedRequest &req) {
            if (req.headers.value("if-none-match") == "\"ga1\"") {
                RecordedResponse r;
                r.status = 304;
                return r;
            }
            return alerts;
        });
        const auto pages = RecordedServer::mastodonInteractions(
            QStringLiteral("test_pagination_iterator"), QStringLiteral("/timelines/tag/"));
        const QString tag = QStringLiteral("fgiztsshwiaqqiztpmmjbtvmescsculuvmgjgopwoeidbcrixp");
        server.route("GET", QStringLiteral("/api/v1/timelines/tag/") + tag,
                     [pages](const RecordedRequest &req) {
                         return req.queryValue(QStringLiteral("min_id")).isEmpty() ? pages.at(0)
                                                                                   : pages.at(4);
                     });
        test::TempStore store;
        const QStringList args{QStringLiteral("--store"),
                               store.path(),
                               QStringLiteral("--once"),
                               QStringLiteral("--feed"),
                               server.url(QStringLiteral("/alerts")).toString(),
                               QStringLiteral("--mastodon"),
                               server.base(),
                               QStringLiteral("--tag"),
                               tag};
        Run r = collect(args);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(QStringLiteral("ok, 20 new")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("ok, 10 new")), qPrintable(r.out));
        QCOMPARE(r.out.count(u'\n'), 2); // one line per source

        // Second run: the feed answers 304, Mastodon resumes from the saved min_id.
        r = collect(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("ok, 0 new, 0 duplicate(s)")), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"304"), qPrintable(r.out));
        const auto tagReqs = server.requests(QStringLiteral("/api/v1/timelines/tag/") + tag);
        QCOMPARE(tagReqs.size(), 2);
        QCOMPARE(tagReqs.at(1).queryValue(QStringLiteral("min_id")),
                 QStringLiteral("117020582251615632"));
        MentionReader reader;
        QString error;
        QVERIFY(reader.open(store.path(), &error));
        const StoreStats s = reader.stats();
        QCOMPARE(s.sources.value(QStringLiteral("rss")), 20);
        QCOMPARE(s.sources.value(QStringLiteral("mastodon")), 10);
    }

    void everySourceFailedIsNonZero() {
        RecordedServer server;
        QVERIFY(server.listen());
        server.enqueue("GET", QStringLiteral("/down"), {RecordedResponse::json("{}", 503)});
        test::TempStore store;
        const Run r =
            collect({QStringLiteral("--store"), store.path(), QStringLiteral("--once"),
                     QStringLiteral("--feed"), server.url(QStringLiteral("/down")).toString(),
                     QStringLiteral("--hn-query"), QStringLiteral("orrin"),
                     QStringLiteral("--hn-base"), server.base()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(u"failed: HTTP 503"), qPrintable(r.out));
        QVERIFY2(r.out.contains(u"hn:orrin: failed: HTTP 404"), qPrintable(r.out));
        QVERIFY2(r.err.contains(u"every source failed"), qPrintable(r.err));
    }

    void replayDrillOnceAtThousand() {
        test::TempStore store;
        const Run r =
            collect({QStringLiteral("--store"), store.path(), QStringLiteral("--once"),
                     QStringLiteral("--replay"),
                     test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")),
                     QStringLiteral("--speed"), QStringLiteral("1000")});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(r.out.contains(u"ok, 2719 new"), qPrintable(r.out));
    }

    void usageErrors() {
        Run r = collect({QStringLiteral("--once")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"no source given"));
        QCOMPARE(r.err.count(u'\n'), 1);
        r = collect({QStringLiteral("--replay"), QStringLiteral("x.jsonl"),
                     QStringLiteral("--speed"), QStringLiteral("5000")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(u"--speed"));
    }
};

QTEST_GUILESS_MAIN(TstCollect)
#include "tst_collect.moc"
