#include "cli.h"
#include "authorprofiles.h"
#include "clicommands.h"
#include "clicommon.h"

#include "import/exporter.h"
#include "import/fileimporter.h"
#include "store/asyncwriter.h"
#include "store/mentionreader.h"
#include "store/mentionwriter.h"
#include "store/store.h"
#include "store/storewriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace warroom::cli {

QTextStream &err() {
    static QTextStream s(stderr);
    return s;
}

QTextStream &out() {
    static QTextStream s(stdout);
    return s;
}

int fail(const QString &command, const QString &reason, int code) {
    err() << "warroom " << command << ": " << reason << Qt::endl;
    return code;
}

void addStoreOption(QCommandLineParser &p) {
    p.addOption({QStringLiteral("store"),
                 QStringLiteral("The store file (default: %1).").arg(Store::defaultPath()),
                 QStringLiteral("PATH")});
}

QString storePath(const QCommandLineParser &p) {
    return p.isSet(QStringLiteral("store")) ? p.value(QStringLiteral("store"))
                                            : Store::defaultPath();
}

// Parses; on a usage error prints one line and returns false.
bool parse(QCommandLineParser &p, const QString &command, const QStringList &args, int *code) {
    p.addHelpOption();
    if (!p.parse(args)) {
        *code = fail(command,
                     p.errorText() + QStringLiteral(" (see warroom %1 --help)").arg(command), 2);
        return false;
    }
    if (p.isSet(QStringLiteral("help"))) {
        out() << p.helpText();
        *code = 0;
        return false;
    }
    return true;
}

namespace {

// The authors' profiles on the writer connection, in one transaction.
bool applyProfiles(const QString &store, const QList<AuthorUpdate> &profiles, QString *error) {
    sql::Connection db;
    if (!Store::openWriter(db, store, error) || !db.exec("BEGIN IMMEDIATE", error))
        return false;
    for (const AuthorUpdate &u : profiles) {
        if (!applyAuthorUpdate(db, u, error)) {
            db.exec("ROLLBACK");
            return false;
        }
    }
    return db.exec("COMMIT", error);
}

int runImport(const QStringList &args) {
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral(
            "Import CSV or JSONL exports of other tools into the store. Columns are recognised by "
            "name; name others with --map FIELD=COLUMN. Fields: %1")
            .arg(FileImporter::fieldNames().join(u", ")));
    addStoreOption(p);
    p.addOption({QStringLiteral("source"), QStringLiteral("Source name for every row."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("map"), QStringLiteral("Map a field to a column (repeatable)."),
                 QStringLiteral("FIELD=COLUMN")});
    p.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("CSV or JSONL files."),
                            QStringLiteral("FILE..."));
    int code = 0;
    if (!parse(p, QStringLiteral("import"), args, &code))
        return code;
    const QStringList files = p.positionalArguments();
    if (files.isEmpty())
        return fail(QStringLiteral("import"),
                    QStringLiteral("no file given (warroom import FILE...)"), 2);

    ImportOptions options;
    options.source = p.value(QStringLiteral("source"));
    // No global memory statistics (a mutex around every allocation); ignored (SQLITE_MISUSE)
    // when SQLite has started already. Nothing else runs SQLite yet in this process.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    for (const QString &m : p.values(QStringLiteral("map"))) {
        const qsizetype eq = m.indexOf(u'=');
        if (eq <= 0 || eq == m.size() - 1)
            return fail(QStringLiteral("import"),
                        QStringLiteral("--map takes FIELD=COLUMN, not \"%1\"").arg(m), 2);
        options.map.insert(m.left(eq).trimmed(), m.mid(eq + 1).trimmed());
    }

    QString error;
    {
        // Opened once up front: a store that cannot be opened is one line, before any file.
        MentionWriter probe;
        if (!probe.open(storePath(p), &error))
            return fail(QStringLiteral("import"), error);
    }

    const bool tty = isatty(fileno(stderr));
    int exitCode = 0;
    ImportSummary total;
    for (const QString &file : files) {
        QElapsedTimer timer;
        timer.start();
        // The profiles an export of ours (or the drill) carries go in before its posts, as the
        // app's import does: the brand's own account is known to the alerts from its first post.
        const QList<AuthorUpdate> profiles = authorProfiles(file);
        if (!profiles.isEmpty() && !applyProfiles(storePath(p), profiles, &error))
            return fail(QStringLiteral("import"),
                        QFileInfo(file).fileName() + QStringLiteral(": ") + error);
        // Big files in fewer, larger commits (-12% CPU at 200k rows; the queue holds two).
        options.batchSize = QFileInfo(file).size() > 16 * 1024 * 1024 ? 20000 : 5000;
        FileImporter importer(options);
        int lastPercent = -1;
        const QString name = QFileInfo(file).fileName();
        // Parsing and analysis on this thread, commits on the writer's: two stages, two cores.
        AsyncMentionWriter writer;
        if (!writer.open(storePath(p), &error))
            return fail(QStringLiteral("import"), error);
        ImportSummary s = importer.run(
            file,
            [&](const MentionBatch &batch) {
                WriteResult queued;
                if (!writer.submit(batch))
                    queued.error = writer.error();
                return queued;
            },
            [&](qint64 done, qint64 size) {
                if (size < 1024 * 1024)
                    return;
                const int percent = int(done * 100 / size);
                if (tty) {
                    err() << "\r" << name << ": " << percent << "%" << Qt::flush;
                } else if (percent / 10 != lastPercent / 10) {
                    err() << name << ": " << percent << "%" << Qt::endl;
                }
                lastPercent = percent;
            });
        if (tty && lastPercent >= 0)
            err() << "\r";
        const WriteResult committed = writer.finish();
        s.inserted = committed.inserted;
        s.duplicates = committed.duplicates;
        s.rejected += committed.rejected;
        if (s.fatal.isEmpty() && !committed.ok())
            s.fatal = committed.error;
        if (!s.fatal.isEmpty()) {
            fail(QStringLiteral("import"), s.fatal);
            exitCode = 1;
            continue;
        }
        for (const RejectedRow &r : s.rejects)
            err() << name << ":" << r.line << ": rejected: " << r.reason << Qt::endl;
        if (s.rejected > s.rejects.size())
            err() << name << ": " << (s.rejected - s.rejects.size())
                  << " more rejected rows not listed" << Qt::endl;
        const double seconds = std::max(timer.elapsed(), qint64(1)) / 1000.0;
        out() << name << ": read " << s.read << ", inserted " << s.inserted << ", duplicates "
              << s.duplicates << ", rejected " << s.rejected;
        for (const QString &note : s.notes)
            out() << "; " << note;
        out() << " (" << QString::number(seconds, 'f', 2) << " s)" << Qt::endl;
        total.read += s.read;
        total.inserted += s.inserted;
        total.duplicates += s.duplicates;
        total.rejected += s.rejected;
    }
    if (files.size() > 1)
        out() << "total: read " << total.read << ", inserted " << total.inserted << ", duplicates "
              << total.duplicates << ", rejected " << total.rejected << Qt::endl;
    return exitCode;
}

int runExport(const QStringList &args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Export every mention with all its fields."));
    addStoreOption(p);
    p.addOption(
        {QStringLiteral("format"), QStringLiteral("jsonl or csv."), QStringLiteral("FORMAT")});
    p.addOption({QStringLiteral("out"), QStringLiteral("Output file (default: standard output)."),
                 QStringLiteral("FILE")});
    int code = 0;
    if (!parse(p, QStringLiteral("export"), args, &code))
        return code;
    const QString format = p.value(QStringLiteral("format")).toLower();
    if (format != u"jsonl" && format != u"csv")
        return fail(QStringLiteral("export"), QStringLiteral("--format must be jsonl or csv"), 2);

    MentionReader reader;
    QString error;
    if (!reader.open(storePath(p), &error))
        return fail(QStringLiteral("export"), error);

    QFile file;
    const QString outPath = p.value(QStringLiteral("out"));
    const bool toFile = !outPath.isEmpty() && outPath != u"-";
    QString tempPath;
    if (toFile) {
        // Written beside the target and renamed at the end: a failed export leaves no half file.
        tempPath = outPath + QStringLiteral(".part");
        file.setFileName(tempPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(QStringLiteral("export"),
                        QStringLiteral("cannot write %1: %2").arg(outPath, file.errorString()));
    } else if (!file.open(stdout, QIODevice::WriteOnly)) {
        return fail(QStringLiteral("export"), QStringLiteral("cannot write to standard output"));
    }
    const bool csv = format == u"csv";
    bool writeOk = true;
    if (csv)
        writeOk = file.write(MentionExporter::csvHeader()) >= 0;
    qint64 count = 0;
    const bool ok = reader.forEach(
        [&](const Mention &m) {
            writeOk =
                file.write(csv ? MentionExporter::csvLine(m) : MentionExporter::jsonLine(m)) >= 0;
            ++count;
            return writeOk;
        },
        &error);
    file.flush();
    if (!ok || !writeOk) {
        if (toFile) {
            file.close();
            QFile::remove(tempPath);
        }
        return fail(QStringLiteral("export"),
                    ok ? QStringLiteral("write failed: %1").arg(file.errorString()) : error);
    }
    if (toFile) {
        file.close();
        QFile::remove(outPath);
        if (!QFile::rename(tempPath, outPath))
            return fail(QStringLiteral("export"),
                        QStringLiteral("cannot move %1 into place").arg(tempPath));
        err() << "exported " << count << " mentions to " << outPath << Qt::endl;
    }
    return 0;
}

int runStats(const QStringList &args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Counts of what the store holds."));
    addStoreOption(p);
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON (the default).")});
    int code = 0;
    if (!parse(p, QStringLiteral("stats"), args, &code))
        return code;
    MentionReader reader;
    QString error;
    if (!reader.open(storePath(p), &error))
        return fail(QStringLiteral("stats"), error);
    const StoreStats s = reader.stats();
    QJsonObject sources;
    for (auto it = s.sources.cbegin(); it != s.sources.cend(); ++it)
        sources.insert(it.key(), double(it.value()));
    QJsonObject o{
        {QStringLiteral("store"), storePath(p)},
        {QStringLiteral("mentions"), double(s.mentions)},
        {QStringLiteral("authors"), double(s.authors)},
        {QStringLiteral("sources"), sources},
        {QStringLiteral("first"), s.first.isValid() ? QJsonValue(MentionExporter::isoUtc(s.first))
                                                    : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("last"), s.last.isValid() ? QJsonValue(MentionExporter::isoUtc(s.last))
                                                  : QJsonValue(QJsonValue::Null)}};
    out() << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    out().flush();
    return 0;
}

// warroom reindex: rebuilds the full-text indexes (the search box says when they are damaged).
int runReindex(const QStringList &args) {
    const QString cmd = QStringLiteral("reindex");
    QCommandLineParser p;
    p.setApplicationDescription(
        QStringLiteral("Rebuilds the search index from the stored mentions (nothing else is "
                       "touched). Searches keep working meanwhile, by scan."));
    addStoreOption(p);
    int code = 0;
    if (!parse(p, cmd, args, &code))
        return code;
    MentionWriter writer;
    QString error;
    if (!writer.open(storePath(p), &error))
        return fail(cmd, error);
    QElapsedTimer clock;
    clock.start();
    qint64 indexed = 0;
    if (!writer.rebuildSearchIndex(&indexed, &error))
        return fail(cmd, error);
    out() << "search index rebuilt: " << indexed << " mentions in "
          << QString::number(clock.elapsed() / 1000.0, 'f', 1) << " s" << Qt::endl;
    return 0;
}

} // namespace

QString usage() {
    return QStringLiteral(
        "usage: warroom [--store PATH] [--wall]          start the war room (GUI)\n"
        "       warroom import FILE... [--store PATH] [--source NAME] [--map FIELD=COLUMN]...\n"
        "       warroom export [--store PATH] --format jsonl|csv [--out FILE]\n"
        "       warroom stats [--store PATH] --json\n"
        "       warroom collect [--store PATH] [--once] [--feed URL]... [--mastodon INSTANCE --tag "
        "TAG]...\n"
        "               [--bluesky-query Q]... [--hn-query Q]... [--replay FILE|drill --speed N] "
        "[--config FILE]\n"
        "       warroom label [--store PATH] FILE.jsonl\n"
        "       warroom rank [--store PATH] [--window 6h] [--limit N] [--no-save] [--json]\n"
        "       warroom eval [--data DIR]\n"
        "       warroom operator add NAME --role ROLE [--pin PIN] | operator list\n"
        "       warroom reply draft|submit|approve|reject|publish|list ... (see reply --help)\n"
        "       warroom audit verify | audit show REPLY_ID\n"
        "       warroom reindex [--store PATH]\n"
        "       warroom report [--store PATH] [--incident ID | --from T --to T] --pdf FILE [--csv "
        "FILE] [--json FILE]\n"
        "       warroom --version\n"
        "Each subcommand takes --help.\n");
}

namespace {

struct Command {
    const char *name;
    int (*run)(const QStringList &args);
};

// Every headless subcommand: a thin shell over models/. Add new ones here (one line each).
const Command kCommands[] = {
    {"import", runImport}, {"export", runExport}, {"stats", runStats},   {"collect", runCollect},
    {"label", runLabel},   {"rank", runRank},     {"eval", runEval},     {"operator", runOperator},
    {"audit", runAudit},   {"reply", runReply},   {"report", runReport}, {"reindex", runReindex},
};

} // namespace

bool isSubcommand(const QStringList &args) {
    if (args.size() < 2)
        return false;
    if (args.at(1) == u"help")
        return true;
    for (const Command &c : kCommands) {
        if (args.at(1) == QLatin1StringView(c.name))
            return true;
    }
    return false;
}

int run(const QStringList &args) {
    const QString command = args.at(1);
    QStringList rest = args;
    rest.removeAt(1);
    rest[0] = QStringLiteral("warroom ") + command;
    for (const Command &c : kCommands) {
        if (command == QLatin1StringView(c.name))
            return c.run(rest);
    }
    out() << usage();
    return 0;
}

} // namespace warroom::cli
