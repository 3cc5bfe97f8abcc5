#include "clicommands.h"
#include "clicommon.h"

#include "import/timestamps.h"
#include "report/pdfreport.h"
#include "report/postmortem.h"
#include "report/reportexport.h"
#include "store/store.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>

// warroom report: the post-mortem of an incident or a time range as PDF (+ CSV, JSON).
namespace warroom::cli {

int runReport(const QStringList &args) {
    const QString cmd = QStringLiteral("report");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Write the post-mortem of an incident (or of a time range) as a PDF, and optionally its "
        "figures and tables as CSV and JSON."));
    addStoreOption(p);
    p.addOption(
        {QStringLiteral("incident"), QStringLiteral("The incident's id."), QStringLiteral("ID")});
    p.addOption({QStringLiteral("from"),
                 QStringLiteral("Start of the range (e.g. 2026-03-14T08:00Z)."),
                 QStringLiteral("T")});
    p.addOption({QStringLiteral("to"), QStringLiteral("End of the range (exclusive)."),
                 QStringLiteral("T")});
    p.addOption(
        {QStringLiteral("pdf"), QStringLiteral("The PDF to write."), QStringLiteral("FILE")});
    p.addOption({QStringLiteral("csv"), QStringLiteral("Also write the figures and tables as CSV."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Also write everything as JSON."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("by"), QStringLiteral("Who exports it (default: $USER)."),
                 QStringLiteral("NAME")});
    int code = 0;
    if (!parse(p, cmd, args, &code))
        return code;

    report::ReportScope scope;
    if (p.isSet(QStringLiteral("incident"))) {
        bool ok = false;
        scope.incidentId = p.value(QStringLiteral("incident")).toLongLong(&ok);
        if (!ok || scope.incidentId <= 0)
            return fail(cmd, QStringLiteral("--incident wants a positive number"), 2);
        if (p.isSet(QStringLiteral("from")) || p.isSet(QStringLiteral("to")))
            return fail(cmd, QStringLiteral("give --incident or --from/--to, not both"), 2);
    } else if (p.isSet(QStringLiteral("from")) && p.isSet(QStringLiteral("to"))) {
        scope.from = parseTimestamp(p.value(QStringLiteral("from")));
        scope.to = parseTimestamp(p.value(QStringLiteral("to")));
        if (!scope.from.isValid() || !scope.to.isValid())
            return fail(cmd, QStringLiteral("cannot read the time in --from/--to"), 2);
        if (scope.to <= scope.from)
            return fail(cmd, QStringLiteral("--to must be after --from"), 2);
    } else {
        return fail(cmd, QStringLiteral("give --incident ID or --from T --to T"), 2);
    }
    const QString pdf = p.value(QStringLiteral("pdf"));
    const QString csv = p.value(QStringLiteral("csv"));
    const QString json = p.value(QStringLiteral("json"));
    if (pdf.isEmpty() && csv.isEmpty() && json.isEmpty())
        return fail(cmd, QStringLiteral("give --pdf FILE (and/or --csv, --json)"), 2);
    if (!pdf.isEmpty() && !qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return fail(cmd, QStringLiteral("the PDF needs a GUI application for fonts"));

    QElapsedTimer timer;
    timer.start();
    sql::Connection db;
    QString error;
    if (!Store::openReader(db, storePath(p), &error))
        return fail(cmd, error);
    report::PostMortem pm;
    report::BuildOptions build;
    int lastShown = -1;
    build.progress = [&](int pct, const QString &step) {
        if (pct / 10 != lastShown) {
            lastShown = pct / 10;
            err() << "figures " << pct << "% " << step << Qt::endl;
        }
    };
    if (!report::PostMortemBuilder::build(db, scope, &pm, &error, build))
        return fail(cmd, error);
    if (pm.isEmpty())
        return fail(cmd, QStringLiteral("no mentions between %1 and %2: nothing to report")
                             .arg(pm.from.toString(Qt::ISODate), pm.to.toString(Qt::ISODate)));
    err() << "figures ready in " << timer.elapsed() << " ms: " << pm.totalMentions << " mentions"
          << Qt::endl;

    if (!pdf.isEmpty()) {
        report::PdfOptions options;
        options.exportedBy = p.isSet(QStringLiteral("by"))
                                 ? p.value(QStringLiteral("by"))
                                 : qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
        options.page = report::defaultPageSize();
        int shown = -1;
        options.progress = [&](int pct, const QString &step) {
            if (pct / 25 != shown) {
                shown = pct / 25;
                err() << "pdf " << pct << "% " << step << Qt::endl;
            }
        };
        if (!report::writePdf(pm, pdf, options, &error))
            return fail(cmd, error);
    }
    if (!csv.isEmpty() && !report::writeCsv(pm, csv, &error))
        return fail(cmd, error);
    if (!json.isEmpty() && !report::writeJson(pm, json, &error))
        return fail(cmd, error);
    err() << "report written in " << timer.elapsed() << " ms" << Qt::endl;
    out() << "report: " << pm.totalMentions << " mentions, " << pm.uniqueAuthors << " authors";
    for (const QString &f : {pdf, csv, json})
        if (!f.isEmpty())
            out() << ", " << f;
    out() << Qt::endl;
    return 0;
}

} // namespace warroom::cli
