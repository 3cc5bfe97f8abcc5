#include "fakesocialserver.h"
#include "store/sqlite.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

using warroom::test::FakeSocialServer;

// The answering workflow through the real `warroom` binary: operators, draft → submit →
// approve (four eyes, PIN) → publish to a local fake Mastodon, rejection with a reason, the
// pause switch, and `audit verify` on an intact store and on a tampered copy.
class TestWorkflowCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeSocialServer m_server;

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };

    // Non-blocking wait: the fake server answers on this thread's event loop.
    Run warroom(QStringList args, const QString &store = {}) {
        args << QStringLiteral("--store") << (store.isEmpty() ? this->store() : store);
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("WARROOM_MASTODON_URL"), m_server.baseUrl().toString());
        env.insert(QStringLiteral("WARROOM_MASTODON_TOKEN"),
                   QString::fromLatin1(FakeSocialServer::kToken));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(WARROOM_BINARY), args);
        if (!p.waitForStarted(10000))
            return {};
        if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 120000))
            p.kill();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QString store() const { return m_dir.filePath(QStringLiteral("cli.sqlite")); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_server.listen());
        m_server.addMastodonStatus(QStringLiteral("109000000000000001"));
        // Two real complaints from the airline tweets, as they would arrive from Mastodon.
        QFile f(m_dir.filePath(QStringLiteral("mentions.jsonl")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        auto line = [&](const char *id, const char *author, const char *text, const char *at) {
            const QJsonObject o{{QStringLiteral("source"), QStringLiteral("mastodon")},
                                {QStringLiteral("source_id"), QString::fromLatin1(id)},
                                {QStringLiteral("author_handle"), QString::fromLatin1(author)},
                                {QStringLiteral("text"), QString::fromUtf8(text)},
                                {QStringLiteral("created_at"), QString::fromLatin1(at)},
                                {QStringLiteral("lang"), QStringLiteral("en")}};
            f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        };
        line("109000000000000001", "snellbell",
             "@VirginAmerica lost my luggage 4 days ago on flight VX 112 from LAX to IAD and I am "
             "calling every day, no response.",
             "2015-02-20T16:38:54Z");
        line("109000000000000002", "gianagon",
             "@VirginAmerica everything was fine until you lost my bag", "2015-02-23T21:08:21Z");
        f.close();
        Run r = warroom({QStringLiteral("import"), f.fileName()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void operators() {
        Run r = warroom({QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("dana"),
                         QStringLiteral("--role"), QStringLiteral("drafter"),
                         QStringLiteral("--pin"), QStringLiteral("1111")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("dana (drafter)")));
        QCOMPARE(warroom({QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("sam"),
                          QStringLiteral("--role"), QStringLiteral("spokesperson"),
                          QStringLiteral("--pin"), QStringLiteral("4321")})
                     .code,
                 0);
        QCOMPARE(warroom({QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("lee"),
                          QStringLiteral("--role"), QStringLiteral("lead"), QStringLiteral("--pin"),
                          QStringLiteral("9876")})
                     .code,
                 0);
        r = warroom({QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("bob"),
                     QStringLiteral("--role"), QStringLiteral("intern")});
        QCOMPARE(r.code, 2);
        r = warroom({QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("sam"),
                     QStringLiteral("--role"), QStringLiteral("lead")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("exists")));
        r = warroom({QStringLiteral("operator"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonArray ops = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(ops.size(), 3);
        QVERIFY(!r.out.contains(QStringLiteral("4321")));
    }

    void draftApprovePublish() {
        Run r = warroom(
            {QStringLiteral("reply"), QStringLiteral("draft"), QStringLiteral("--as"),
             QStringLiteral("dana"), QStringLiteral("--mention"),
             QStringLiteral("109000000000000001"), QStringLiteral("--text"),
             QStringLiteral("Hi @snellbell, we are so sorry about your luggage on VX 112. Please "
                            "send us your file number and we will trace it today.")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString id = r.out.trimmed();
        QCOMPARE(id, QStringLiteral("1"));
        // Publishing a draft: refused before any request.
        r = warroom({QStringLiteral("reply"), QStringLiteral("publish"), id, QStringLiteral("--as"),
                     QStringLiteral("dana"), QStringLiteral("--channel"),
                     QStringLiteral("mastodon")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("only an approved reply")));
        QVERIFY(m_server.requests().isEmpty());

        QCOMPARE(warroom({QStringLiteral("reply"), QStringLiteral("submit"), id,
                          QStringLiteral("--as"), QStringLiteral("dana")})
                     .code,
                 0);
        // The author cannot approve, a wrong PIN cannot approve.
        r = warroom({QStringLiteral("reply"), QStringLiteral("approve"), id, QStringLiteral("--as"),
                     QStringLiteral("dana"), QStringLiteral("--pin"), QStringLiteral("1111")});
        QCOMPARE(r.code, 1);
        r = warroom({QStringLiteral("reply"), QStringLiteral("approve"), id, QStringLiteral("--as"),
                     QStringLiteral("sam"), QStringLiteral("--pin"), QStringLiteral("0000")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("wrong PIN for sam")), qPrintable(r.err));
        r = warroom({QStringLiteral("reply"), QStringLiteral("approve"), id, QStringLiteral("--as"),
                     QStringLiteral("sam"), QStringLiteral("--pin"), QStringLiteral("4321")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("approved")));

        r = warroom({QStringLiteral("reply"), QStringLiteral("publish"), id, QStringLiteral("--as"),
                     QStringLiteral("dana"), QStringLiteral("--channel"),
                     QStringLiteral("mastodon")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(m_server.statuses().size(), 1);
        QCOMPARE(m_server.statuses().first().value(QStringLiteral("in_reply_to_id")).toString(),
                 QStringLiteral("109000000000000001"));
        QVERIFY(r.out.contains(m_server.baseUrl().toString()));
        // Never twice.
        r = warroom({QStringLiteral("reply"), QStringLiteral("publish"), id, QStringLiteral("--as"),
                     QStringLiteral("dana"), QStringLiteral("--channel"),
                     QStringLiteral("mastodon")});
        QCOMPARE(r.code, 1);
        QCOMPARE(m_server.statuses().size(), 1);

        r = warroom({QStringLiteral("reply"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonObject reply =
            QJsonDocument::fromJson(r.out.toUtf8()).array().first().toObject();
        QCOMPARE(reply.value(QStringLiteral("state")).toString(), QStringLiteral("published"));
        QCOMPARE(reply.value(QStringLiteral("approver")).toString(), QStringLiteral("sam"));
    }

    void rejectionCarriesItsReason() {
        Run r = warroom({QStringLiteral("reply"), QStringLiteral("draft"), QStringLiteral("--as"),
                         QStringLiteral("dana"), QStringLiteral("--mention"),
                         QStringLiteral("109000000000000002"), QStringLiteral("--text"),
                         QStringLiteral("Calm down, as we already said bags get lost sometimes.")});
        QCOMPARE(r.code, 0);
        const QString id = r.out.trimmed();
        r = warroom({QStringLiteral("reply"), QStringLiteral("submit"), id, QStringLiteral("--as"),
                     QStringLiteral("dana")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("warning: defensive")),
                 qPrintable(r.err)); // warned, not blocked
        r = warroom({QStringLiteral("reply"), QStringLiteral("reject"), id, QStringLiteral("--as"),
                     QStringLiteral("sam"), QStringLiteral("--pin"), QStringLiteral("4321")});
        QCOMPARE(r.code, 1); // no reason
        r = warroom({QStringLiteral("reply"), QStringLiteral("reject"), id, QStringLiteral("--as"),
                     QStringLiteral("sam"), QStringLiteral("--pin"), QStringLiteral("4321"),
                     QStringLiteral("--reason"),
                     QStringLiteral(
                         "Never tell a customer to calm down; apologise and give a next step.")});
        QCOMPARE(r.code, 0);
        r = warroom({QStringLiteral("reply"), QStringLiteral("show"), id});
        QVERIFY(r.out.contains(QStringLiteral("[rejected]")));
        QVERIFY(r.out.contains(QStringLiteral("reason: Never tell a customer to calm down")));
        QVERIFY(r.out.contains(QStringLiteral("tone warnings overridden: defensive")));
    }

    void pauseSwitch() {
        Run r =
            warroom({QStringLiteral("reply"), QStringLiteral("pause"), QStringLiteral("--as"),
                     QStringLiteral("sam"), QStringLiteral("--reason"), QStringLiteral("legal")});
        QCOMPARE(r.code, 1);
        r = warroom({QStringLiteral("reply"), QStringLiteral("pause"), QStringLiteral("--as"),
                     QStringLiteral("lee"), QStringLiteral("--reason"),
                     QStringLiteral("legal review of every statement")});
        QCOMPARE(r.code, 0);
        r = warroom({QStringLiteral("reply"), QStringLiteral("list")});
        QVERIFY(r.err.contains(QStringLiteral("publishing is PAUSED by lee")));
        r = warroom({QStringLiteral("reply"), QStringLiteral("resume"), QStringLiteral("--as"),
                     QStringLiteral("lee")});
        QCOMPARE(r.code, 0);
        r = warroom({QStringLiteral("reply"), QStringLiteral("list")});
        QVERIFY(!r.err.contains(QStringLiteral("PAUSED")));
    }

    void auditVerifyAndTamper() {
        Run r = warroom({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("audit log intact: 7 entries")));
        r = warroom({QStringLiteral("audit"), QStringLiteral("show"), QStringLiteral("1")});
        QVERIFY(
            r.out.contains(QStringLiteral("sam (spokesperson)\tapprove\tin-review -> approved")));

        // Someone edits the file directly: drops the triggers and rewrites who approved.
        const QString copy = m_dir.filePath(QStringLiteral("tampered.sqlite"));
        QVERIFY(QFile::copy(store(), copy));
        {
            warroom::sql::Connection db;
            QString error;
            QVERIFY(db.open(copy, warroom::sql::Connection::Mode::ReadWrite, &error));
            QVERIFY(db.exec("DROP TRIGGER reply_events_no_update", &error));
            QVERIFY(db.exec("UPDATE reply_events SET operator_id = (SELECT id FROM operators WHERE "
                            "name = 'lee'), role = 'lead' WHERE id = 3",
                            &error));
        }
        r = warroom({QStringLiteral("audit"), QStringLiteral("verify")}, copy);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QStringLiteral("broken at entry 3")), qPrintable(r.err));
        // The original is untouched.
        QCOMPARE(warroom({QStringLiteral("audit"), QStringLiteral("verify")}).code, 0);
    }
};

QTEST_GUILESS_MAIN(TestWorkflowCli)
#include "tst_workflow_cli.moc"
