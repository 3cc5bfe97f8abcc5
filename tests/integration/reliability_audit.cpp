// The reply audit chain is verified when the war room opens (issue 9): a store whose
// reply_events were altered or thinned out behind the append-only triggers' back shows a
// persistent red line in the main window naming the first broken entry; an intact chain shows
// none. The GUI (offscreen) on stores made by the real `warroom` CLI.
#include "reliability_support.h"
#include "store/sqlite.h"
#include "warroomapp.h"

#include "mainwindow.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

using namespace warroom;
using namespace warroom::test;

class TestReliabilityAudit : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_store;

    Run cli(QStringList args, const QString &store) {
        args << QStringLiteral("--store") << store;
        return runWarroom(args);
    }

    QString copy(const QString &name) {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        return QFile::copy(m_store, path) ? path : QString();
    }

    // Opens the war room on `store`; returns the warning label once the window has loaded and
    // the check had time to answer (nullptr: none shown).
    QLabel *openAndLook(WarRoomApp &app) {
        app.start();
        MainWindow *window = app.window();
        if (!QTest::qWaitForWindowExposed(window))
            return nullptr;
        QLabel *label = nullptr;
        // The check runs beside the panels loading; a few seconds is plenty for six entries.
        (void)QTest::qWaitFor(
            [&] {
                label = window->findChild<QLabel *>(QStringLiteral("auditWarning"));
                return label != nullptr;
            },
            8000);
        return label;
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_store = m_dir.filePath(QStringLiteral("replies.sqlite"));
        // Two complaints, two replies: one approved, one rejected (six audit entries).
        QFile f(m_dir.filePath(QStringLiteral("mentions.jsonl")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (const auto &[id, text] :
             {std::pair{"109000000000000001",
                        "@VirginAmerica lost my luggage 4 days ago on flight VX 112 and I am "
                        "calling every day, no response."},
              std::pair{"109000000000000002",
                        "@VirginAmerica everything was fine until you lost my bag"}}) {
            const QJsonObject o{
                {QStringLiteral("source"), QStringLiteral("mastodon")},
                {QStringLiteral("source_id"), QString::fromLatin1(id)},
                {QStringLiteral("author_handle"), QStringLiteral("snellbell")},
                {QStringLiteral("text"), QString::fromUtf8(text)},
                {QStringLiteral("created_at"), QStringLiteral("2015-02-20T16:38:54Z")},
                {QStringLiteral("lang"), QStringLiteral("en")}};
            f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        }
        f.close();
        QList<QStringList> steps = {
            {QStringLiteral("import"), f.fileName()},
            {QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("dana"),
             QStringLiteral("--role"), QStringLiteral("drafter"), QStringLiteral("--pin"),
             QStringLiteral("1111")},
            {QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("sam"),
             QStringLiteral("--role"), QStringLiteral("spokesperson"), QStringLiteral("--pin"),
             QStringLiteral("4321")},
            {QStringLiteral("reply"), QStringLiteral("draft"), QStringLiteral("--as"),
             QStringLiteral("dana"), QStringLiteral("--mention"),
             QStringLiteral("109000000000000001"), QStringLiteral("--text"),
             QStringLiteral("We are so sorry about your luggage. Please send us your file "
                            "number and we will trace it today.")},
            {QStringLiteral("reply"), QStringLiteral("submit"), QStringLiteral("1"),
             QStringLiteral("--as"), QStringLiteral("dana")},
            {QStringLiteral("reply"), QStringLiteral("approve"), QStringLiteral("1"),
             QStringLiteral("--as"), QStringLiteral("sam"), QStringLiteral("--pin"),
             QStringLiteral("4321")},
            {QStringLiteral("reply"), QStringLiteral("draft"), QStringLiteral("--as"),
             QStringLiteral("dana"), QStringLiteral("--mention"),
             QStringLiteral("109000000000000002"), QStringLiteral("--text"),
             QStringLiteral("Bags get lost sometimes.")},
            {QStringLiteral("reply"), QStringLiteral("submit"), QStringLiteral("2"),
             QStringLiteral("--as"), QStringLiteral("dana")},
            {QStringLiteral("reply"), QStringLiteral("reject"), QStringLiteral("2"),
             QStringLiteral("--as"), QStringLiteral("sam"), QStringLiteral("--pin"),
             QStringLiteral("4321"), QStringLiteral("--reason"),
             QStringLiteral("Apologise and give a next step.")}};
        for (const QStringList &step : std::as_const(steps)) {
            const Run r = cli(step, m_store);
            QVERIFY2(r.code == 0, qPrintable(step.join(u' ') + QStringLiteral(": ") + r.err));
        }
        const Run r = cli({QStringLiteral("audit"), QStringLiteral("verify")}, m_store);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(u"6 entries"), qPrintable(r.out));
    }

    void intactChainShowsNoWarning() {
        const QString store = copy(QStringLiteral("intact.sqlite"));
        QVERIFY(!store.isEmpty());
        WarRoomApp app({store, false});
        QLabel *label = openAndLook(app);
        QVERIFY2(!label, qPrintable(label ? label->text() : QString()));
        QVERIFY(!app.window()->findChild<QToolBar *>(QStringLiteral("auditWarningBar")));
    }

    void brokenChainIsShownAtStartUp_data() {
        QTest::addColumn<QByteArray>("tamper");
        QTest::addColumn<int>("entry");
        // The approval's reason rewritten: entry 3 no longer matches its hash.
        QTest::newRow("altered") << QByteArray("DROP TRIGGER reply_events_no_update; UPDATE "
                                               "reply_events SET reason = 'approved by phone' "
                                               "WHERE id = 3;")
                                 << 3;
        // The submission of the rejected reply removed: entry 6 follows entry 4.
        QTest::newRow("deleted") << QByteArray("DROP TRIGGER reply_events_no_delete; DELETE FROM "
                                               "reply_events WHERE id = 5;")
                                 << 6;
    }

    void brokenChainIsShownAtStartUp() {
        QFETCH(QByteArray, tamper);
        QFETCH(int, entry);
        const QString store = copy(QStringLiteral("tampered-%1.sqlite").arg(entry));
        {
            sql::Connection db;
            QString error;
            QVERIFY(db.open(store, sql::Connection::Mode::ReadWrite, &error));
            QVERIFY2(db.exec(tamper.constData(), &error), qPrintable(error));
        }
        // The CLI agrees on the entry.
        const Run verify = cli({QStringLiteral("audit"), QStringLiteral("verify")}, store);
        QCOMPARE(verify.code, 1);
        QVERIFY2(verify.err.contains(QStringLiteral("broken at entry %1").arg(entry)),
                 qPrintable(verify.err));

        WarRoomApp app({store, false});
        QLabel *label = openAndLook(app);
        QVERIFY2(label, "no audit warning in the window");
        QTRY_VERIFY(label->isVisible());
        QVERIFY(app.window()->isAncestorOf(label));
        QVERIFY2(label->text().contains(QStringLiteral("entry %1").arg(entry)),
                 qPrintable(label->text()));
        QVERIFY(label->text().contains(QStringLiteral("AUDIT LOG BROKEN")));
        QVERIFY(label->styleSheet().contains(QStringLiteral("#b00020")));
        // Persistent: later activity (the window's own messages) leaves it where it is.
        app.window()->showActivity(QStringLiteral("Ready."));
        QTest::qWait(300);
        QVERIFY(label->isVisible());
        qInfo("%s", qPrintable(label->text()));
    }
};

QTEST_MAIN(TestReliabilityAudit)
#include "reliability_audit.moc"
