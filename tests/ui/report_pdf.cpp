#include "../core/report_fixture.h"

#include "report/pdfreport.h"
#include "report/postmortem.h"
#include "report/reportview.h"

#include <QApplication>
#include <QDir>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace warroom;
using namespace warroom::report;

namespace {

struct Tool {
    int code = -1;
    QString out;
};

Tool tool(const QString &name, const QStringList &args) {
    QProcess p;
    p.start(name, args);
    if (!p.waitForFinished(60000))
        return {};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput())};
}

// pdffonts: every font row, as (name, type, emb).
struct FontRow {
    QString name;
    QString type;
    bool embedded = false;
};

QList<FontRow> pdfFonts(const QString &pdf) {
    const Tool t = tool(QStringLiteral("pdffonts"), {pdf});
    QList<FontRow> rows;
    const QStringList lines = t.out.split(u'\n', Qt::SkipEmptyParts);
    // name type encoding emb sub uni object ID — columns separated by spaces; the type may have
    // spaces ("CID TrueType"), so read emb/sub/uni from the right.
    for (int i = 2; i < lines.size(); ++i) {
        const QStringList f = lines.at(i).split(u' ', Qt::SkipEmptyParts);
        if (f.size() < 7)
            continue;
        FontRow r;
        r.name = f.at(0);
        r.type = f.mid(1, f.size() - 7).join(u' ');
        r.embedded = f.at(f.size() - 5) == u"yes";
        rows.append(r);
    }
    return rows;
}

int pdfPages(const QString &pdf) {
    const Tool t = tool(QStringLiteral("pdfinfo"), {pdf});
    const QRegularExpressionMatch m =
        QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(t.out);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QString pdfText(const QString &pdf, bool layout = false) {
    QStringList args{QStringLiteral("-enc"), QStringLiteral("UTF-8"), pdf, QStringLiteral("-")};
    if (layout)
        args.prepend(QStringLiteral("-layout"));
    return tool(QStringLiteral("pdftotext"), args).out;
}

bool build(const QString &path, const ReportScope &scope, PostMortem *pm) {
    sql::Connection db;
    QString error;
    return Store::openReader(db, path, &error) && PostMortemBuilder::build(db, scope, pm, &error);
}

} // namespace

class TestReportPdf : public QObject {
    Q_OBJECT

    test::TempStore m_drill;
    QTemporaryDir m_out;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(test::buildDrillStore(m_drill));
        for (const char *t : {"pdfinfo", "pdffonts", "pdftotext"})
            if (QStandardPaths::findExecutable(QString::fromLatin1(t)).isEmpty())
                QSKIP("poppler-utils (pdfinfo, pdffonts, pdftotext) is not installed");
    }

    // The drill as PDF: several pages, every font embedded, a CJK and an Armenian font, and the
    // Chinese and Armenian statements readable back from the text layer.
    void drillPdf() {
        PostMortem pm;
        QVERIFY(build(m_drill.path(), {0, test::drillFrom(), test::drillTo()}, &pm));
        pm.lessons = QStringLiteral("Answer in every language within 15 min (owner: Ani).");
        const QString pdf = m_out.filePath(QStringLiteral("drill.pdf"));
        PdfOptions o;
        o.exportedBy = QStringLiteral("Test Analyst");
        QList<int> progress;
        o.progress = [&](int pct, const QString &) {
            progress << pct;
        };
        QString error;
        QVERIFY2(writePdf(pm, pdf, o, &error), qPrintable(error));
        QVERIFY(!progress.isEmpty());
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));

        const int pages = pdfPages(pdf);
        QVERIFY2(pages >= 4, qPrintable(QString::number(pages)));
        const QList<FontRow> fonts = pdfFonts(pdf);
        QVERIFY(!fonts.isEmpty());
        bool cjk = false;
        bool armenian = false;
        for (const FontRow &f : fonts) {
            QVERIFY2(f.embedded, qPrintable(QStringLiteral("not embedded: ") + f.name));
            cjk |= f.name.contains(QStringLiteral("CJK"));
            armenian |= f.name.contains(QStringLiteral("Armenian"));
        }
        QVERIFY2(cjk, "no CJK font in the PDF");
        QVERIFY2(armenian, "no Armenian font in the PDF");

        const QString text = pdfText(pdf);
        QVERIFY(text.contains(QStringLiteral("Executive summary")));
        QVERIFY(text.contains(QStringLiteral("2,719")));
        QVERIFY(text.contains(QStringLiteral("lenabakes_")));
        QVERIFY(text.contains(QStringLiteral("Test Analyst")));
        QVERIFY(text.contains(QStringLiteral("Page 2 of %1").arg(pages)));
        // Armenian and Chinese words from the drill's posts in the tables.
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("[\\x{0531}-\\x{0587}]{4,}"))),
                 "no Armenian word in the text layer");
        QVERIFY2(text.contains(QRegularExpression(QStringLiteral("[\\x{4e00}-\\x{9fff}]{3,}"))),
                 "no Chinese text in the text layer");
        QVERIFY(text.contains(QStringLiteral("Orrin")));
        // Swahili has no lexicon: its row in the language table and its bar say "not scored",
        // never a 0% negative share (as does every language without a lexicon).
        const QString layout = pdfText(pdf, true);
        QVERIFY2(layout.contains(QRegularExpression(
                     QStringLiteral("(^|\\n) *sw +248 +9\\.1% +— +not scored *\\n"))),
                 "no \"sw 248 9.1% — not scored\" row");
        QVERIFY(
            layout.contains(QRegularExpression(QStringLiteral("(^|\\n) *sw +248 · not scored"))));
        QVERIFY(
            layout.contains(QRegularExpression(QStringLiteral("(^|\\n) *en +1,510 · 41% neg"))));
        // The tables that run over a page repeat their header.
        QVERIFY(text.count(QStringLiteral("Followers")) >= 4);
    }

    // Must hold on real data: the airline tweets imported alone.
    void airlinePdf() {
        test::TempStore store;
        const ImportSummary s =
            store.import(test::sharedData(QStringLiteral("airline-tweets/Tweets.csv")));
        QCOMPARE(s.inserted, 14485);
        const qint64 first = test::sqlScalar(store.path(), "SELECT min(created_at) FROM mentions");
        const qint64 last = test::sqlScalar(store.path(), "SELECT max(created_at) FROM mentions");
        PostMortem pm;
        QVERIFY(build(store.path(),
                      {0, QDateTime::fromMSecsSinceEpoch(first, Qt::UTC),
                       QDateTime::fromMSecsSinceEpoch(last + 1, Qt::UTC)},
                      &pm));
        const QString pdf = m_out.filePath(QStringLiteral("airline.pdf"));
        QString error;
        QVERIFY2(writePdf(pm, pdf, {}, &error), qPrintable(error));
        QVERIFY(pdfPages(pdf) >= 4);
        for (const FontRow &f : pdfFonts(pdf))
            QVERIFY2(f.embedded, qPrintable(f.name));
        QVERIFY(pdfText(pdf).contains(QStringLiteral("14,485 mentions")));
    }

    void emptyScopeIsRefused() {
        PostMortem pm;
        QVERIFY(build(m_drill.path(),
                      {0, QDateTime(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC),
                       QDateTime(QDate(2020, 1, 2), QTime(0, 0), Qt::UTC)},
                      &pm));
        QVERIFY(pm.isEmpty());
        const QString pdf = m_out.filePath(QStringLiteral("empty.pdf"));
        QString error;
        QVERIFY(!writePdf(pm, pdf, {}, &error));
        QVERIFY(error.startsWith(QStringLiteral("no mentions between")));
        QVERIFY(!QFile::exists(pdf));
    }

    void cancelledExportWritesNothing() {
        PostMortem pm;
        QVERIFY(build(m_drill.path(), {0, test::drillFrom(), test::drillTo()}, &pm));
        const QString pdf = m_out.filePath(QStringLiteral("cancelled.pdf"));
        PdfOptions o;
        o.cancelled = [] {
            return true;
        };
        QString error;
        QVERIFY(!writePdf(pm, pdf, o, &error));
        QCOMPARE(error, QStringLiteral("cancelled"));
        QVERIFY(!QFile::exists(pdf));
    }

    // The view: loads off the GUI thread, shows the figures, saves lessons, exports.
    void reportView() {
        {
            sql::Connection db;
            QString error;
            QVERIFY(Store::openWriter(db, m_drill.path(), &error));
            QVERIFY(db.exec("INSERT INTO incidents(id, name, started_at) VALUES (3, "
                            "'Kettlegate 抵制 բոյկոտ', 1773475200000)"));
        }
        ReportView view(m_drill.path(), {3, {}, {}});
        QSignalSpy loaded(&view, &ReportView::loaded);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(view.postMortem().totalMentions, 2719);
        QCOMPARE(view.postMortem().spark->handle, QStringLiteral("lenabakes_"));
        // The screen says which mentions could not be scored (no lexicon), never 0% for them.
        bool notScored = false;
        for (const QLabel *l : view.findChildren<QLabel *>())
            notScored |= l->text().contains(QStringLiteral("not scored"));
        QVERIFY(notScored);

        QSignalSpy saved(&view, &ReportView::lessonsSaved);
        view.findChild<QPlainTextEdit *>()->setPlainText(QStringLiteral("Lesson: հետկանչ sooner"));
        view.saveLessons();
        QVERIFY(saved.wait(30000));
        QCOMPARE(test::sqlScalar(m_drill.path(),
                                 "SELECT count(*) FROM incidents WHERE lessons = 'Lesson: "
                                 "հետկանչ sooner'"),
                 1);

        QSignalSpy exported(&view, &ReportView::exported);
        const QString pdf = m_out.filePath(QStringLiteral("view.pdf"));
        view.exportPdf(pdf);
        QVERIFY(view.isBusy());
        QVERIFY(exported.wait(60000));
        QVERIFY(pdfPages(pdf) >= 4);
        QVERIFY(pdfText(pdf).contains(QStringLiteral("հետկանչ")));
        const QString json = m_out.filePath(QStringLiteral("view.json"));
        view.exportJson(json);
        QVERIFY(exported.wait(30000));
        QVERIFY(QFile(json).size() > 1000);

        QSignalSpy watch(&view, &ReportView::watchlistAdded);
        view.addPeopleToWatchlist();
        QVERIFY(watch.wait(30000));
        QVERIFY(watch.first().first().toInt() >= 10);
        QVERIFY(test::sqlScalar(m_drill.path(), "SELECT count(*) FROM authors WHERE watchlist = 1 "
                                                "AND handle = 'priya_ramsden'") == 1);
    }
};

QTEST_MAIN(TestReportPdf)
#include "report_pdf.moc"
