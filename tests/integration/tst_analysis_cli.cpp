#include "testdata.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// `warroom label` and `warroom rank --json` on the drill, through the real binary.
class TestAnalysisCli : public QObject {
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
        p.waitForFinished(300000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
                QString::fromUtf8(p.readAllStandardOutput()),
                QString::fromUtf8(p.readAllStandardError())};
    }

    QString store() const { return m_dir.filePath(QStringLiteral("drill.sqlite")); }

private Q_SLOTS:
    void initTestCase() {
        const Run r = warroom(
            {QStringLiteral("import"),
             warroom::test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")),
             QStringLiteral("--store"), store()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("inserted 2719")), qPrintable(r.out));
    }

    // Corrections of Swahili posts (no lexicon), one unknown id reported with its line number;
    // the store then has Swahili sentiment it did not have, and the corrections stand.
    void label() {
        QFile drill(
            warroom::test::sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl")));
        QVERIFY(drill.open(QIODevice::ReadOnly));
        const QString path = m_dir.filePath(QStringLiteral("labels.jsonl"));
        QFile labels(path);
        QVERIFY(labels.open(QIODevice::WriteOnly));
        int n = 0;
        while (!drill.atEnd()) {
            const QJsonObject o = QJsonDocument::fromJson(drill.readLine()).object();
            if (o.value(QStringLiteral("lang")).toString() != u"sw" || n++ % 2)
                continue;
            const QString role = o.value(QStringLiteral("role")).toString();
            const QString sentiment = role == u"critic" || role == u"troll" ? "negative"
                                      : role == u"supporter"                ? "positive"
                                                                            : "neutral";
            labels.write(QJsonDocument(QJsonObject{{"source", "drill"},
                                                   {"source_id", o.value("source_id")},
                                                   {"sentiment", sentiment}})
                             .toJson(QJsonDocument::Compact) +
                         '\n');
            if (n == 3)
                labels.write("{\"source\":\"drill\",\"source_id\":\"okg-nope\",\"sentiment\":"
                             "\"negative\"}\n");
        }
        labels.close();
        const Run r = warroom({QStringLiteral("label"), QStringLiteral("--store"), store(), path});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("labels.jsonl:3: no mention drill/okg-nope")),
                 qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("corrections: applied 124")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("language models: sw")), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("decided by the learned model")));

        // Missing file: a one-line reason and a failure code.
        const Run bad = warroom({QStringLiteral("label"), QStringLiteral("--store"), store(),
                                 m_dir.filePath(QStringLiteral("missing.jsonl"))});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.startsWith(QStringLiteral("warroom label: cannot read")));
    }

    void rankJson() {
        const Run r =
            warroom({QStringLiteral("rank"), QStringLiteral("--store"), store(),
                     QStringLiteral("--window"), QStringLiteral("6h"), QStringLiteral("--limit"),
                     QStringLiteral("15"), QStringLiteral("--json")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray authors = o.value(QStringLiteral("authors")).toArray();
        QCOMPARE(authors.size(), 15);
        QStringList handles;
        double previous = 1000;
        for (const QJsonValue v : authors) {
            const QJsonObject a = v.toObject();
            handles << a.value(QStringLiteral("handle")).toString();
            const double score = a.value(QStringLiteral("score")).toDouble();
            QVERIFY(score <= previous);
            previous = score;
            QCOMPARE(a.value(QStringLiteral("components")).toObject().size(), 7);
            QVERIFY(a.value(QStringLiteral("mentions")).toInt() >= 1);
            QVERIFY(!a.value(QStringLiteral("stance")).toString().isEmpty());
            QVERIFY(a.value(QStringLiteral("flags")).isArray());
            QVERIFY(!a.value(QStringLiteral("explanation")).toString().isEmpty());
        }
        // Without any profile flags the reach and reposts alone bring the big spreaders up.
        for (const char *h : {"KitchenConfessions", "HomeSafetyWatch", "mira_castellan_rn"})
            QVERIFY2(handles.contains(QString::fromLatin1(h)), qPrintable(handles.join(u' ')));
        QCOMPARE(o.value(QStringLiteral("window_seconds")).toInt(), 6 * 3600);

        const Run bad = warroom({QStringLiteral("rank"), QStringLiteral("--store"), store(),
                                 QStringLiteral("--window"), QStringLiteral("soon")});
        QCOMPARE(bad.code, 2);
    }
};

QTEST_GUILESS_MAIN(TestAnalysisCli)
#include "tst_analysis_cli.moc"
