#include "testdata.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

// warroom report on the drill: PDF + CSV + JSON, progress on stderr, one-line errors.
class TestReportCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    struct Run {
        int code = -1;
        QString out;
        QString err;
    };

    Run warroom(const QStringList &args) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the CLI picks offscreen itself
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(WARROOM_BINARY), args);
        p.waitForFinished(180000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }
    QString store() const { return m_dir.filePath(QStringLiteral("drill.sqlite")); }
    QString file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

private Q_SLOTS:
    void initTestCase() {
        const Run r = warroom(
            {QStringLiteral("import"),
             warroom::test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")),
             QStringLiteral("--store"), store()});
        QCOMPARE(r.code, 0);
    }

    void reportRange() {
        const Run r = warroom({QStringLiteral("report"), QStringLiteral("--store"), store(),
                               QStringLiteral("--from"), QStringLiteral("2026-03-14T08:00:00Z"),
                               QStringLiteral("--to"), QStringLiteral("2026-03-14T14:00:00Z"),
                               QStringLiteral("--pdf"), file("r.pdf"), QStringLiteral("--csv"),
                               file("r.csv"), QStringLiteral("--json"), file("r.json"),
                               QStringLiteral("--by"), QStringLiteral("Ani")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("figures ready in")));
        QVERIFY(r.err.contains(QStringLiteral("pdf ")));
        QVERIFY(r.out.startsWith(QStringLiteral("report: 2719 mentions, 941 authors")));
        QFile pdf(file("r.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(5) == "%PDF-");
        QFile json(file("r.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(j.value("scale").toObject().value("total_mentions").toInt(), 2719);
        QCOMPARE(j.value("scale").toObject().value("peak_minute").toString(),
                 QStringLiteral("2026-03-14T11:19:00Z"));
        QCOMPARE(j.value("spark").toObject().value("spark").toObject().value("handle").toString(),
                 QStringLiteral("lenabakes_"));
        QFile csv(file("r.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QByteArray c = csv.readAll();
        QVERIFY(c.startsWith("section,item,field,value\r\n"));
        QVERIFY(c.contains("scale,,total_mentions,2719\r\n"));
        QVERIFY(c.contains("scale,,peak_per_minute,43\r\n"));
        if (!QStandardPaths::findExecutable(QStringLiteral("pdfinfo")).isEmpty()) {
            QProcess info;
            info.start(QStringLiteral("pdfinfo"), {file("r.pdf")});
            info.waitForFinished(30000);
            QVERIFY(QString::fromUtf8(info.readAllStandardOutput())
                        .contains(QStringLiteral("Post-mortem")));
        }
    }

    void errors() {
        Run r = warroom({QStringLiteral("report"), QStringLiteral("--store"), store(),
                         QStringLiteral("--incident"), QStringLiteral("99"),
                         QStringLiteral("--pdf"), file("x.pdf")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.trimmed().split(u'\n').last(),
                 QStringLiteral("warroom report: no incident 99 in this store"));
        QVERIFY(!QFile::exists(file("x.pdf")));

        r = warroom({QStringLiteral("report"), QStringLiteral("--store"), store(),
                     QStringLiteral("--from"), QStringLiteral("2020-01-01T00:00:00Z"),
                     QStringLiteral("--to"), QStringLiteral("2020-01-02T00:00:00Z"),
                     QStringLiteral("--pdf"), file("empty.pdf")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("no mentions between")));
        QVERIFY(!QFile::exists(file("empty.pdf")));

        r = warroom({QStringLiteral("report"), QStringLiteral("--store"), store(),
                     QStringLiteral("--pdf"), file("y.pdf")});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.count(QStringLiteral("warroom report: ")), 1);

        r = warroom({QStringLiteral("report"), QStringLiteral("--store"), file("missing.sqlite"),
                     QStringLiteral("--incident"), QStringLiteral("1"), QStringLiteral("--pdf"),
                     file("z.pdf")});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err.count(QStringLiteral("warroom report: ")), 1);
    }
};

QTEST_GUILESS_MAIN(TestReportCli)
#include "report_cli.moc"
