// `warroom collect`: the headless collector (issue 3). Runs the live connectors on this thread's
// event loop and writes every analysed batch with its checkpoint in one transaction.
#include "clicommands.h"
#include "clicommon.h"

#include "common/connectormanager.h"
#include "common/sourceconfig.h"
#include "store/mentionwriter.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QHash>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace warroom::cli {

namespace {

int g_signalFd[2] = {-1, -1};

void onSignal(int) {
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFd[0], &c, 1);
}

struct Totals {
    int inserted = 0;
    int duplicates = 0;
    int changed = 0;
};

} // namespace

int runCollect(const QStringList &args) {
    const QString cmd = QStringLiteral("collect");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Collect mentions from live sources into the store (headless). Secrets come from the "
        "system keychain, or from WARROOM_MASTODON_TOKEN / WARROOM_BLUESKY_APP_PASSWORD when no "
        "keychain is available; they are never written anywhere."));
    addStoreOption(p);
    p.addOption({QStringLiteral("once"), QStringLiteral("Poll every source once, then exit.")});
    p.addOption({QStringLiteral("feed"), QStringLiteral("An RSS/Atom/JSON feed URL (repeatable)."),
                 QStringLiteral("URL")});
    p.addOption({QStringLiteral("mastodon"), QStringLiteral("A Mastodon instance (repeatable)."),
                 QStringLiteral("INSTANCE")});
    p.addOption({QStringLiteral("tag"),
                 QStringLiteral("A hashtag to follow on every --mastodon instance (repeatable)."),
                 QStringLiteral("TAG")});
    p.addOption(
        {QStringLiteral("mastodon-account"),
         QStringLiteral("Account label of the Mastodon token (enables streaming and search)."),
         QStringLiteral("NAME")});
    p.addOption({QStringLiteral("bluesky-query"),
                 QStringLiteral("A Bluesky search query (repeatable)."), QStringLiteral("Q")});
    p.addOption(
        {QStringLiteral("bluesky-handle"),
         QStringLiteral("Your Bluesky handle (the app password is read from the keychain)."),
         QStringLiteral("HANDLE")});
    p.addOption({QStringLiteral("bluesky-service"),
                 QStringLiteral("Bluesky PDS (default https://bsky.social)."),
                 QStringLiteral("URL")});
    p.addOption({QStringLiteral("hn-query"), QStringLiteral("A Hacker News query (repeatable)."),
                 QStringLiteral("Q")});
    p.addOption({QStringLiteral("hn-base"),
                 QStringLiteral("Algolia API base (default https://hn.algolia.com)."),
                 QStringLiteral("URL")});
    p.addOption({QStringLiteral("replay"),
                 QStringLiteral("Replay a CSV/JSONL file (or \"drill\" for the bundled drill)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("speed"),
                 QStringLiteral("Replay speed, real time × N (1–1000, default 1)."),
                 QStringLiteral("N")});
    p.addOption({QStringLiteral("config"),
                 QStringLiteral("A sources file ({\"sources\":[...]}, no secrets)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("timeout"),
                 QStringLiteral("Per-request timeout in seconds (default 30)."),
                 QStringLiteral("S")});
    int code = 0;
    if (!parse(p, cmd, args, &code))
        return code;

    QList<SourceConfig> sources;
    if (p.isSet(QStringLiteral("config"))) {
        QFile f(p.value(QStringLiteral("config")));
        if (!f.open(QIODevice::ReadOnly))
            return fail(cmd,
                        QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
        QString error;
        sources = sourcesFromJson(f.readAll(), &error);
        if (!error.isEmpty())
            return fail(cmd, QStringLiteral("%1: %2").arg(f.fileName(), error));
    }
    if (p.isSet(QStringLiteral("feed"))) {
        SourceConfig s;
        s.kind = QStringLiteral("rss");
        s.feeds = p.values(QStringLiteral("feed"));
        sources << s;
    }
    if (p.isSet(QStringLiteral("mastodon"))) {
        SourceConfig s;
        s.kind = QStringLiteral("mastodon");
        s.instances = p.values(QStringLiteral("mastodon"));
        for (const QString &t : p.values(QStringLiteral("tag")))
            s.hashtags << (t.startsWith(u'#') ? t.mid(1) : t);
        s.account = p.value(QStringLiteral("mastodon-account"));
        sources << s;
    } else if (p.isSet(QStringLiteral("tag"))) {
        return fail(cmd, QStringLiteral("--tag needs at least one --mastodon INSTANCE"), 2);
    }
    if (p.isSet(QStringLiteral("bluesky-query"))) {
        SourceConfig s;
        s.kind = QStringLiteral("bluesky");
        s.keywords = p.values(QStringLiteral("bluesky-query"));
        s.account = p.value(QStringLiteral("bluesky-handle"));
        if (s.account.isEmpty())
            s.account = qEnvironmentVariable("WARROOM_BLUESKY_HANDLE");
        s.service = p.value(QStringLiteral("bluesky-service"));
        s.streaming = !p.isSet(QStringLiteral("once"));
        sources << s;
    }
    if (p.isSet(QStringLiteral("hn-query"))) {
        SourceConfig s;
        s.kind = QStringLiteral("hn");
        s.keywords = p.values(QStringLiteral("hn-query"));
        s.service = p.value(QStringLiteral("hn-base"));
        sources << s;
    }
    if (p.isSet(QStringLiteral("replay"))) {
        SourceConfig s;
        s.kind = QStringLiteral("replay");
        s.file = p.value(QStringLiteral("replay"));
        if (s.file == u"drill")
            s.file = QStringLiteral(":/drill/scenario.jsonl");
        bool ok = true;
        s.speed =
            p.isSet(QStringLiteral("speed")) ? p.value(QStringLiteral("speed")).toDouble(&ok) : 1.0;
        if (!ok || s.speed < 1 || s.speed > 1000)
            return fail(cmd, QStringLiteral("--speed must be a number from 1 to 1000"), 2);
        sources << s;
    }
    if (sources.isEmpty())
        return fail(
            cmd,
            QStringLiteral("no source given (use --feed, --mastodon/--tag, --bluesky-query, "
                           "--hn-query, --replay or --config; see warroom collect --help)"),
            2);
    for (const SourceConfig &s : std::as_const(sources))
        if (const QString why = s.validate(); !why.isEmpty() && s.enabled)
            return fail(cmd, QStringLiteral("%1: %2").arg(s.displayName(), why), 2);

    const QString path = storePath(p);
    MentionWriter writer;
    QString error;
    if (!writer.open(path, &error))
        return fail(cmd, QStringLiteral("cannot open the store %1: %2").arg(path, error));

    ConnectorManager manager(path);
    if (p.isSet(QStringLiteral("timeout"))) {
        HttpLimits limits;
        limits.timeoutMs = std::max(1, p.value(QStringLiteral("timeout")).toInt()) * 1000;
        manager.setTuning(0, Backoff{}, limits);
    }
    manager.setSecretFallback([](const SourceConfig &s, const QString &) {
        return s.kind == u"bluesky" ? qEnvironmentVariable("WARROOM_BLUESKY_APP_PASSWORD")
                                    : qEnvironmentVariable("WARROOM_MASTODON_TOKEN");
    });
    QHash<QString, Totals> totals;
    bool writeFailed = false;
    QObject::connect(&manager, &ConnectorManager::batchAnalysed, &manager,
                     [&](const MentionBatch &batch, const QList<MentionChange> &changes,
                         const ConnectorCheckpoint &checkpoint) {
                         const WriteResult r = writer.write(batch, changes, checkpoint);
                         if (!r.ok()) {
                             err() << "warroom collect: " << checkpoint.connector
                                   << ": could not save: " << r.error << Qt::endl;
                             writeFailed = true;
                             return;
                         }
                         Totals &t = totals[checkpoint.connector];
                         t.inserted += r.inserted;
                         t.duplicates += r.duplicates;
                         t.changed += r.changed;
                         if (!p.isSet(QStringLiteral("once")) && (r.inserted || r.changed))
                             err() << checkpoint.connector << ": +" << r.inserted << " new, "
                                   << r.changed << " changed" << Qt::endl;
                     });
    manager.setSources(sources);
    if (manager.connectors().isEmpty())
        return fail(cmd, QStringLiteral("no usable source"), 2);

    QEventLoop loop;
    int exitCode = 0;
    if (p.isSet(QStringLiteral("once"))) {
        QObject::connect(&manager, &ConnectorManager::finished, &loop,
                         [&](bool anyOk, const QHash<QString, QPair<bool, QString>> &results) {
                             for (Connector *c : manager.connectors()) {
                                 const auto r = results.value(c->id());
                                 const Totals t = totals.value(c->id());
                                 if (r.first)
                                     out() << c->id() << ": ok, " << t.inserted << " new, "
                                           << t.duplicates << " duplicate(s), " << t.changed
                                           << " changed (" << r.second << ")" << Qt::endl;
                                 else
                                     out() << c->id() << ": failed: " << r.second << Qt::endl;
                             }
                             exitCode = (anyOk && !writeFailed) ? 0 : 1;
                             if (!anyOk)
                                 err() << "warroom collect: every source failed" << Qt::endl;
                             loop.quit();
                         });
        manager.pollOnce();
    } else {
        // Ctrl-C / SIGTERM end the loop cleanly (the current batch is committed first).
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) == 0) {
            auto *notifier = new QSocketNotifier(g_signalFd[1], QSocketNotifier::Read, &manager);
            QObject::connect(notifier, &QSocketNotifier::activated, &loop,
                             [&loop] { loop.quit(); });
            std::signal(SIGINT, onSignal);
            std::signal(SIGTERM, onSignal);
        }
        QObject::connect(
            &manager, &ConnectorManager::healthChanged, &manager, [](const ConnectorHealth &h) {
                if (h.state == ConnectorState::BackingOff || h.state == ConnectorState::Failed)
                    err() << h.id << ": " << connectorStateName(h.state) << ": " << h.lastError
                          << Qt::endl;
            });
        err() << "collecting from " << manager.connectors().size() << " source(s); Ctrl-C to stop"
              << Qt::endl;
        manager.start();
    }
    loop.exec();
    manager.stop();
    return exitCode;
}

} // namespace warroom::cli
