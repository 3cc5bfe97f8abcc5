#include "clicommands.h"
#include "clicommon.h"

#include "analysis/riskscorer.h"
#include "import/exporter.h"
#include "store/store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace warroom::cli {

namespace {

QJsonObject assessmentJson(const RiskAssessment &a) {
    QJsonObject components;
    QJsonObject points;
    for (const RiskComponent &c : a.components) {
        components.insert(c.name, c.value);
        points.insert(c.name, c.points());
    }
    QJsonArray flags;
    const AuthorFlags &f = a.author.flags;
    if (f.journalist)
        flags.append(QStringLiteral("journalist"));
    if (f.opinionLeader)
        flags.append(QStringLiteral("opinion_leader"));
    if (f.verified)
        flags.append(QStringLiteral("verified"));
    if (f.brand)
        flags.append(QStringLiteral("brand"));
    if (f.watchlist)
        flags.append(QStringLiteral("watchlist"));
    return {{QStringLiteral("handle"), a.author.handle},
            {QStringLiteral("source"), a.author.source},
            {QStringLiteral("name"), a.author.displayName},
            {QStringLiteral("score"), std::round(a.score * 100) / 100},
            {QStringLiteral("components"), components},
            {QStringLiteral("points"), points},
            {QStringLiteral("stance"), stanceName(a.author.stance)},
            {QStringLiteral("stance_by_analyst"), a.author.stanceByAnalyst},
            {QStringLiteral("flags"), flags},
            {QStringLiteral("mentions"), a.author.posts},
            {QStringLiteral("total_mentions"), double(a.author.totalMentions)},
            {QStringLiteral("followers"), double(a.author.followers)},
            {QStringLiteral("reposts"), double(a.author.reposts)},
            {QStringLiteral("negative"), a.author.negative},
            {QStringLiteral("explanation"), a.explanation}};
}

} // namespace

// warroom rank [--store PATH] [--window 6h] [--limit N] [--at TIME] [--source S] --json
int runRank(const QStringList &args) {
    const QString command = QStringLiteral("rank");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Authors by risk within a time window (reach, amplification, velocity, negativity, "
        "stance, flags, recency), each with its components and a one-line explanation. The "
        "window ends at the newest mention in the store unless --at is given."));
    addStoreOption(p);
    p.addOption({QStringLiteral("window"),
                 QStringLiteral("Window length: 30m, 6h, 2d (default 6h)."),
                 QStringLiteral("DURATION"), QStringLiteral("6h")});
    p.addOption({QStringLiteral("limit"), QStringLiteral("How many authors (default 20, 0 = all)."),
                 QStringLiteral("N"), QStringLiteral("20")});
    p.addOption({QStringLiteral("at"), QStringLiteral("End of the window, ISO 8601 UTC."),
                 QStringLiteral("TIME")});
    p.addOption(
        {QStringLiteral("source"), QStringLiteral("Only this source."), QStringLiteral("NAME")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    p.addOption({QStringLiteral("no-save"),
                 QStringLiteral("Do not store the assessments (the store is not written).")});
    int code = 0;
    if (!parse(p, command, args, &code))
        return code;
    RankingOptions options;
    options.windowSeconds = parseDuration(p.value(QStringLiteral("window")));
    if (options.windowSeconds < 60)
        return fail(
            command,
            QStringLiteral("--window takes a duration of at least a minute, like 6h or 90m"), 2);
    bool ok = false;
    options.limit = p.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || options.limit < 0)
        return fail(command, QStringLiteral("--limit takes a number >= 0"), 2);
    if (p.isSet(QStringLiteral("at"))) {
        options.end = QDateTime::fromString(p.value(QStringLiteral("at")), Qt::ISODateWithMs);
        if (!options.end.isValid())
            return fail(command,
                        QStringLiteral("--at takes an ISO 8601 time, like 2026-03-14T12:00:00Z"),
                        2);
        options.end = options.end.toUTC();
    }
    options.source = p.value(QStringLiteral("source"));

    // The assessments listed are stored (author_risk: score, components, explanation, window)
    // for the app to show, so rank opens the store as a writer; a store it may not write is
    // ranked read-only, with a note.
    const bool save = !p.isSet(QStringLiteral("no-save"));
    sql::Connection db;
    QString error;
    bool writable = save && Store::openWriter(db, storePath(p), &error);
    if (!writable) {
        if (save)
            err() << "warroom rank: the assessments are not stored: " << error << Qt::endl;
        error.clear();
        if (!Store::openReader(db, storePath(p), &error))
            return fail(command, error);
    }
    Ranking ranking;
    if (!RankingQuery(db).run(options, &ranking, &error))
        return fail(command, error);
    if (writable && !RiskStore(db).save(ranking.authors, &error))
        err() << "warroom rank: the assessments are not stored: " << error << Qt::endl;

    if (p.isSet(QStringLiteral("json"))) {
        QJsonArray authors;
        for (const RiskAssessment &a : ranking.authors)
            authors.append(assessmentJson(a));
        const QJsonObject o{
            {QStringLiteral("window_start"), MentionExporter::isoUtc(ranking.windowStart)},
            {QStringLiteral("window_end"), MentionExporter::isoUtc(ranking.windowEnd)},
            {QStringLiteral("window_seconds"), double(options.windowSeconds)},
            {QStringLiteral("authors"), authors}};
        out() << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
        out().flush();
        return 0;
    }
    out() << "window " << MentionExporter::isoUtc(ranking.windowStart) << " .. "
          << MentionExporter::isoUtc(ranking.windowEnd) << Qt::endl;
    int rank = 0;
    for (const RiskAssessment &a : ranking.authors)
        out() << QStringLiteral("%1. %2 @%3 [%4] %5")
                     .arg(++rank, 3)
                     .arg(a.score, 5, 'f', 1)
                     .arg(a.author.handle, stanceName(a.author.stance), a.explanation)
              << Qt::endl;
    return 0;
}

} // namespace warroom::cli
