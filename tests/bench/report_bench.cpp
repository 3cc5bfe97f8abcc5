// bench_report [--mentions N] [--store PATH] [--keep]: builds a store of N mentions (default
// 1,000,000) in one day with a six-hour crisis, with a seeded generator through MentionWriter in
// big batches, then times the post-mortem: figures, PDF, CSV and JSON. Prints figures and a final
// JSON line.
#include "report/pdfreport.h"
#include "report/postmortem.h"
#include "report/reportexport.h"
#include "store/mentionwriter.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTextStream>

#include <cmath>

#include <sys/resource.h>

using namespace warroom;

namespace {

// User + system CPU time of this process so far.
qint64 cpuMs() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (qint64(u.ru_utime.tv_sec) + u.ru_stime.tv_sec) * 1000 +
           (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000;
}

} // namespace

int main(int argc, char **argv) {
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QTextStream out(stdout);
    qint64 n = 1000000;
    QString path;
    const QStringList args = app.arguments();
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == u"--mentions" && i + 1 < args.size())
            n = args.at(++i).toLongLong();
        else if (args.at(i) == u"--store" && i + 1 < args.size())
            path = args.at(++i);
    }
    QTemporaryDir dir;
    if (path.isEmpty())
        path = dir.filePath(QStringLiteral("bench.sqlite"));

    const QDateTime day(QDate(2026, 5, 1), QTime(0, 0), Qt::UTC);
    QElapsedTimer t;
    if (!QFile::exists(path)) {
        t.start();
        MentionWriter w;
        QString error;
        if (!w.open(path, &error)) {
            out << "cannot open: " << error << Qt::endl;
            return 1;
        }
        QRandomGenerator rng(20260501);
        static const char *langs[] = {"en", "en", "en", "en", "sw", "hy", "zh", "tl", "fr", "es"};
        // Minute weights: quiet 1/6 of the crisis rate, crisis 10:00-16:00.
        std::vector<double> weight(1440);
        double sum = 0;
        for (int m = 0; m < 1440; ++m) {
            weight[m] =
                (m >= 600 && m < 960) ? 6.0 * std::exp(-std::pow((m - 700) / 120.0, 2)) + 0.4 : 0.4;
            sum += weight[m];
        }
        qint64 made = 0;
        MentionBatch batch;
        batch.reserve(50000);
        for (int minute = 0; minute < 1440 && made < n; ++minute) {
            const qint64 here =
                minute == 1439
                    ? n - made
                    : std::min<qint64>(n - made, qint64(std::llround(n * weight[minute] / sum)));
            for (qint64 k = 0; k < here; ++k) {
                Mention m;
                m.source = made % 10 == 0 ? QStringLiteral("rss") : QStringLiteral("bench");
                m.sourceId = QString::number(made);
                const quint32 author = quint32(std::pow(rng.generateDouble(), 3) * 200000);
                m.authorHandle = QStringLiteral("user%1").arg(author);
                m.authorFollowers =
                    qint64(std::pow(10.0, 1 + 5 * std::pow(rng.generateDouble(), 4)));
                m.text = QStringLiteral("kettle lid post %1").arg(made % 997);
                m.language = QString::fromLatin1(langs[rng.bounded(10)]);
                m.createdAt = day.addMSecs(qint64(minute) * 60000 + rng.bounded(60000));
                m.ingestedAt = m.createdAt;
                const bool crisis = minute >= 600 && minute < 960;
                const quint32 r = rng.bounded(100);
                m.sentiment = r < (crisis ? 65u : 20u) ? Sentiment::Negative
                              : r < 85                 ? Sentiment::Neutral
                                                       : Sentiment::Positive;
                m.reposts = rng.bounded(20) == 0 ? rng.bounded(500) : 0;
                if (made > 100 && rng.bounded(4) == 0)
                    m.inReplyTo = QString::number(made - 1 - rng.bounded(100));
                if (rng.bounded(2000) == 0) { // our account: statements and answers
                    m.authorHandle = QStringLiteral("OurBrand");
                    m.source = QStringLiteral("bench");
                }
                batch.append(m);
                ++made;
                if (batch.size() >= 50000) {
                    const WriteResult res = w.write(batch);
                    if (!res.ok()) {
                        out << "write failed: " << res.error << Qt::endl;
                        return 1;
                    }
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty())
            w.write(batch);
        w.connection().exec("UPDATE authors SET brand = 1 WHERE handle = 'OurBrand'");
        w.connection().exec(
            "UPDATE authors SET journalist = 1 WHERE handle IN ('user7', 'user70')");
        w.connection().exec("UPDATE mentions SET status = 'needs-reply' WHERE id % 5000 = 0");
        w.connection().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        out << "built " << made << " mentions in " << t.elapsed() << " ms" << Qt::endl;
    }

    t.restart();
    sql::Connection db;
    QString error;
    if (!Store::openReader(db, path, &error)) {
        out << error << Qt::endl;
        return 1;
    }
    // A store given with --store (e.g. bench_scale's crisisgen stores): its whole span, by day.
    QDateTime from = day;
    QDateTime to = day.addDays(1);
    if (const qint64 first = db.scalar("SELECT coalesce(min(created_at), 0) FROM mentions");
        first > 0 &&
        (first < day.toMSecsSinceEpoch() || first >= day.addDays(1).toMSecsSinceEpoch())) {
        from = QDateTime::fromMSecsSinceEpoch(first - first % 86400000, Qt::UTC);
        const qint64 last = db.scalar("SELECT max(created_at) FROM mentions");
        to = QDateTime::fromMSecsSinceEpoch(last - last % 86400000 + 86400000, Qt::UTC);
    }
    report::PostMortem pm;
    QElapsedTimer step;
    step.start();
    // Wall and CPU milliseconds of each step of the figures (a step runs from its progress call
    // to the next one). CPU time is what to compare on a machine others are loading too.
    QJsonObject steps;
    QJsonObject stepsCpu;
    QString current;
    qint64 last = 0;
    qint64 lastCpu = cpuMs();
    const qint64 cpuStart = lastCpu;
    report::BuildOptions options;
    options.progress = [&](int, const QString &name) {
        const qint64 cpu = cpuMs();
        if (!current.isEmpty()) {
            steps.insert(current, step.elapsed() - last);
            stepsCpu.insert(current, cpu - lastCpu);
        }
        current = name;
        last = step.elapsed();
        lastCpu = cpu;
    };
    if (!report::PostMortemBuilder::build(db, {0, from, to}, &pm, &error, options)) {
        out << error << Qt::endl;
        return 1;
    }
    const qint64 figuresMs = t.elapsed();
    const qint64 figuresCpu = cpuMs() - cpuStart;
    report::PdfOptions pdfOptions;
    pdfOptions.exportedBy = QStringLiteral("bench");
    if (!report::writePdf(pm, dir.filePath(QStringLiteral("r.pdf")), pdfOptions, &error)) {
        out << error << Qt::endl;
        return 1;
    }
    const qint64 pdfMs = t.elapsed() - figuresMs;
    const qint64 pdfCpu = cpuMs() - cpuStart - figuresCpu;
    report::writeCsv(pm, dir.filePath(QStringLiteral("r.csv")), &error);
    report::writeJson(pm, dir.filePath(QStringLiteral("r.json")), &error);
    const qint64 totalMs = t.elapsed();
    const qint64 totalCpu = cpuMs() - cpuStart;
    out << "mentions " << pm.totalMentions << ", authors " << pm.uniqueAuthors << ", peak "
        << pm.peakPerMinute << "/min at " << pm.peakMinute.toString(Qt::ISODate) << Qt::endl;
    out << "figures " << figuresMs << " ms, pdf " << pdfMs << " ms, export total " << totalMs
        << " ms (wall)" << Qt::endl;
    out << "figures " << figuresCpu << " ms, pdf " << pdfCpu << " ms, export total " << totalCpu
        << " ms (CPU)" << Qt::endl;
    out << "figures steps, wall ms: "
        << QString::fromUtf8(QJsonDocument(steps).toJson(QJsonDocument::Compact)) << Qt::endl;
    out << "figures steps, CPU ms: "
        << QString::fromUtf8(QJsonDocument(stepsCpu).toJson(QJsonDocument::Compact)) << Qt::endl;
    out << QString::fromUtf8(QJsonDocument(QJsonObject{{"bench", "report"},
                                                       {"mentions", pm.totalMentions},
                                                       {"figures_ms", figuresMs},
                                                       {"pdf_ms", pdfMs},
                                                       {"export_ms", totalMs},
                                                       {"export_cpu_ms", totalCpu}})
                                 .toJson(QJsonDocument::Compact))
        << Qt::endl;
    return 0;
}
