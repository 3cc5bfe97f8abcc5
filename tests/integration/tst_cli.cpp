#include "testdata.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// The headless subcommands, run as a user runs them: the real binary, real files, exit codes.
class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };

    Run warroom(const QStringList &args) {
        QProcess p;
        p.start(QStringLiteral(WARROOM_BINARY), args);
        p.waitForFinished(120000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QString store() const { return m_dir.filePath(QStringLiteral("cli.sqlite")); }

private Q_SLOTS:
    void version() {
        const Run r = warroom({QStringLiteral("--version")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("warroom ")));
    }

    void importStatsExport() {
        const QString tweets =
            warroom::test::sharedData(QStringLiteral("airline-tweets/Tweets.csv"));
        Run r = warroom({QStringLiteral("import"), tweets, QStringLiteral("--store"), store()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(
                     QStringLiteral("read 14640, inserted 14485, duplicates 155, rejected 0")),
                 qPrintable(r.out));
        r = warroom({QStringLiteral("import"), tweets, QStringLiteral("--store"), store()});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("inserted 0, duplicates 14640")));

        r = warroom({QStringLiteral("stats"), QStringLiteral("--store"), store(),
                     QStringLiteral("--json")});
        QCOMPARE(r.code, 0);
        const QJsonObject stats = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(stats.value(QStringLiteral("mentions")).toInt(), 14485);
        QCOMPARE(stats.value(QStringLiteral("authors")).toInt(), 7701);
        QCOMPARE(stats.value(QStringLiteral("sources"))
                     .toObject()
                     .value(QStringLiteral("twitter"))
                     .toInt(),
                 14485);
        QCOMPARE(stats.value(QStringLiteral("first")).toString(),
                 QStringLiteral("2015-02-17T07:36:05.000Z"));

        const QString jsonl = m_dir.filePath(QStringLiteral("all.jsonl"));
        r = warroom({QStringLiteral("export"), QStringLiteral("--store"), store(),
                     QStringLiteral("--format"), QStringLiteral("jsonl"), QStringLiteral("--out"),
                     jsonl});
        QCOMPARE(r.code, 0);
        QFile f(jsonl);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), 14486); // 14485 lines and the final newline
        const QJsonObject first = QJsonDocument::fromJson(lines.first()).object();
        for (const char *key :
             {"source", "source_id", "url", "author_handle", "author_name", "author_followers",
              "title", "text", "created_at", "lang", "sentiment_label", "sentiment_score", "status",
              "reposts", "likes", "replies", "deleted"})
            QVERIFY2(first.contains(QLatin1StringView(key)), key);
        QVERIFY(first.value(QStringLiteral("created_at")).toString().endsWith(u'Z'));

        // The export imports back into a new store as the same mentions.
        const QString copy = m_dir.filePath(QStringLiteral("copy.sqlite"));
        r = warroom({QStringLiteral("import"), jsonl, QStringLiteral("--store"), copy});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("inserted 14485, duplicates 0, rejected 0")),
                 qPrintable(r.out));

        const QString csv = m_dir.filePath(QStringLiteral("all.csv"));
        r = warroom({QStringLiteral("export"), QStringLiteral("--store"), store(),
                     QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--out"),
                     csv});
        QCOMPARE(r.code, 0);
        r = warroom({QStringLiteral("import"), csv, QStringLiteral("--store"), copy});
        QVERIFY2(r.out.contains(QStringLiteral("inserted 0, duplicates 14485, rejected 0")),
                 qPrintable(r.out));
    }

    void failuresAreOneLineAndNonZero() {
        Run r = warroom({QStringLiteral("import"), m_dir.filePath(QStringLiteral("missing.csv")),
                         QStringLiteral("--store"), store()});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.trimmed().count(u'\n'), 0);
        QVERIFY(r.err.startsWith(QStringLiteral("warroom import: cannot read")));

        r = warroom({QStringLiteral("export"), QStringLiteral("--store"), store(),
                     QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(r.code, 2);
        r = warroom({QStringLiteral("stats"), QStringLiteral("--store"),
                     m_dir.filePath(QStringLiteral("none.sqlite"))});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("no store")));
        r = warroom({QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 2);

        // A rejected row is listed with its line and does not fail the run.
        const QString bad = m_dir.filePath(QStringLiteral("bad.csv"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id,text,created_at\n9001,ok,2026-01-01T00:00:00Z\n9002,\"bad "
                "\xff\",2026-01-01T00:00:00Z\n");
        f.close();
        r = warroom({QStringLiteral("import"), bad, QStringLiteral("--store"), store()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.contains(QStringLiteral("bad.csv:3: rejected: invalid UTF-8")),
                 qPrintable(r.err));
        QVERIFY(r.out.contains(QStringLiteral("inserted 1")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
