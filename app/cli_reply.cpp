#include "clicommands.h"
#include "clicommon.h"

#include "common/credentials.h"
#include "store/store.h"
#include "workflow/channellength.h"
#include "workflow/publisher.h"
#include "workflow/replyworkflow.h"
#include "workflow/templatelibrary.h"
#include "workflow/toneguard.h"
#include "workflow/worddiff.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

// warroom reply draft|edit|submit|approve|request-changes|reject|reopen|withdraw|schedule|
//               reschedule|publish|list|show|pause|resume — the same rules as the GUI: they live
// in ReplyWorkflow, this file only parses and prints.
namespace warroom::cli {

namespace {

const QString kCmd = QStringLiteral("reply");

// Credentials for direct publishing: the brand's accounts set up in the app (Answer →
// Publishing accounts…) with their secrets in the keychain; or, for headless machines without a
// keychain, the environment: WARROOM_MASTODON_URL + WARROOM_MASTODON_TOKEN, WARROOM_BLUESKY_PDS +
// WARROOM_BLUESKY_HANDLE + WARROOM_BLUESKY_APP_PASSWORD.
std::shared_ptr<const CredentialProvider> credentials(CredentialStore *keychain) {
    if (!qEnvironmentVariableIsSet("WARROOM_MASTODON_URL") &&
        !qEnvironmentVariableIsSet("WARROOM_BLUESKY_PDS"))
        return std::make_shared<KeychainCredentials>(keychain);
    auto creds = std::make_shared<StaticCredentials>();
    if (qEnvironmentVariableIsSet("WARROOM_MASTODON_URL"))
        creds->set(QStringLiteral("mastodon"), {QUrl(qEnvironmentVariable("WARROOM_MASTODON_URL")),
                                                qEnvironmentVariable("WARROOM_MASTODON_TOKEN"),
                                                {},
                                                {}});
    if (qEnvironmentVariableIsSet("WARROOM_BLUESKY_PDS"))
        creds->set(QStringLiteral("bluesky"),
                   {QUrl(qEnvironmentVariable("WARROOM_BLUESKY_PDS")),
                    {},
                    qEnvironmentVariable("WARROOM_BLUESKY_HANDLE"),
                    qEnvironmentVariable("WARROOM_BLUESKY_APP_PASSWORD")});
    return creds;
}

QJsonObject toJson(const Reply &r) {
    return QJsonObject{
        {QStringLiteral("id"), r.id},
        {QStringLiteral("state"), replyStateName(r.state)},
        {QStringLiteral("channel"), r.channel},
        {QStringLiteral("author"), r.authorName},
        {QStringLiteral("approver"), r.approverName},
        {QStringLiteral("mention_id"), r.mentionId},
        {QStringLiteral("mention_source_id"), r.mentionSourceId},
        {QStringLiteral("text"), r.text},
        {QStringLiteral("held"), r.held},
        {QStringLiteral("reason"), r.lastReason},
        {QStringLiteral("error"), r.lastError},
        {QStringLiteral("url"), r.publishedUrl},
        {QStringLiteral("remote_id"), r.remoteId},
        {QStringLiteral("tone_warnings"), QJsonArray::fromStringList(r.toneWarnings)}};
}

int publishDirect(ReplyWorkflow &wf, qint64 actorId, qint64 id) {
    QString error;
    std::optional<PublishTicket> ticket = wf.beginPublish(actorId, id, &error);
    if (!ticket)
        return fail(kCmd, error);
    CredentialStore keychain;
    Publisher publisher(credentials(&keychain));
    QEventLoop loop;
    int code = 1;
    QObject::connect(&publisher, &Publisher::instanceLimitLearned, &loop,
                     [&wf](const QUrl &instance, int limit) {
                         (void)wf.setInstanceLimit(instance, limit); // the composer's count too
                     });
    QObject::connect(&publisher, &Publisher::attemptFailed, &loop,
                     [&](qint64, const QString &why, const QDateTime &at) {
                         (void)wf.failPublish(*ticket, why, at.addSecs(60));
                         err() << "warroom reply: attempt failed (" << why << "), retrying at "
                               << at.toLocalTime().toString(Qt::ISODate) << Qt::endl;
                     });
    QObject::connect(&publisher, &Publisher::published, &loop,
                     [&](qint64, const QString &remoteId, const QString &url) {
                         const Outcome o = wf.completePublish(*ticket, actorId, remoteId, url);
                         if (o) {
                             out() << "published reply " << id << " " << url << Qt::endl;
                             code = 0;
                         } else {
                             code = fail(kCmd, o.error);
                         }
                         loop.quit();
                     });
    QObject::connect(&publisher, &Publisher::failed, &loop,
                     [&](qint64, const QString &why, const QDateTime &retryAt) {
                         (void)wf.failPublish(*ticket, why, retryAt);
                         code = fail(kCmd,
                                     QStringLiteral("reply %1 not published: %2").arg(id).arg(why));
                         loop.quit();
                     });
    publisher.publish(*ticket);
    if (code == 1 && publisher.isBusy(id))
        loop.exec();
    return code;
}

} // namespace

int runReply(const QStringList &args) {
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Replies and their approval (four eyes: the approver is never the author).\n"
        "  reply draft --as NAME --mention SOURCE_ID [--source S] --text T [--channel C]\n"
        "  reply edit ID --as NAME --text T\n"
        "  reply submit ID --as NAME            (tone warnings are printed and recorded)\n"
        "  reply approve ID --as NAME --pin P\n"
        "  reply request-changes ID --as NAME --pin P --reason R\n"
        "  reply reject ID --as NAME --pin P --reason R\n"
        "  reply reopen|withdraw ID --as NAME [--reason R]\n"
        "  reply schedule|reschedule ID --as NAME --at ISO-TIME\n"
        "  reply publish ID --as NAME --channel mastodon|bluesky|manual [--url U]\n"
        "  reply list [--state S] [--json]      reply show ID\n"
        "  reply pause --as NAME --reason R     reply resume --as NAME   (lead only)\n"
        "Direct publishing posts with the accounts set up in the app (secrets in the keychain),\n"
        "or with WARROOM_MASTODON_URL/_TOKEN and WARROOM_BLUESKY_PDS/_HANDLE/_APP_PASSWORD."));
    addStoreOption(p);
    for (const auto &[name, desc, value] :
         {std::tuple{"as", "The operator acting.", "NAME"},
          std::tuple{"mention", "The mention's source id.", "SOURCE_ID"},
          std::tuple{"source", "The mention's source, when the id is ambiguous.", "SOURCE"},
          std::tuple{"text", "The reply text.", "TEXT"},
          std::tuple{"channel", "mastodon | bluesky | manual | another source name.", "CHANNEL"},
          std::tuple{"pin", "The approver's PIN (or env WARROOM_PIN).", "PIN"},
          std::tuple{"reason", "Why (the author sees it).", "REASON"},
          std::tuple{"url", "Where the post lives (manual channel).", "URL"},
          std::tuple{"at", "When (ISO 8601, UTC unless an offset is given).", "TIME"},
          std::tuple{"state", "Only replies in this state.", "STATE"}})
        p.addOption(
            {QString::fromLatin1(name), QString::fromLatin1(desc), QString::fromLatin1(value)});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("see above"));
    int code = 0;
    if (!parse(p, kCmd, args, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty())
        return fail(kCmd, QStringLiteral("say what to do (see warroom reply --help)"), 2);
    const QString action = pos.first();

    sql::Connection db;
    QString error;
    if (!Store::openWriter(db, storePath(p), &error))
        return fail(kCmd, error);
    ReplyWorkflow wf(db);

    auto needId = [&](qint64 *id) {
        bool ok = false;
        *id = pos.value(1).toLongLong(&ok);
        return ok && *id > 0;
    };
    qint64 actorId = 0;
    auto needActor = [&]() -> bool {
        const QString name = p.value(QStringLiteral("as"));
        if (name.isEmpty()) {
            error = QStringLiteral("say who acts: --as NAME");
            return false;
        }
        const std::optional<Operator> op = wf.operators().find(name);
        if (!op) {
            error = QStringLiteral("no operator named \"%1\" (warroom operator add)").arg(name);
            return false;
        }
        actorId = op->id;
        return true;
    };
    const QString pin = p.isSet(QStringLiteral("pin")) ? p.value(QStringLiteral("pin"))
                                                       : qEnvironmentVariable("WARROOM_PIN");
    const QString reason = p.value(QStringLiteral("reason"));

    if (action == u"list") {
        QList<ReplyState> states;
        if (p.isSet(QStringLiteral("state"))) {
            bool ok = false;
            states.append(replyStateFromName(p.value(QStringLiteral("state")), &ok));
            if (!ok)
                return fail(
                    kCmd,
                    QStringLiteral("unknown state \"%1\"").arg(p.value(QStringLiteral("state"))),
                    2);
        }
        const QList<Reply> all = wf.replies(states);
        if (p.isSet(QStringLiteral("json"))) {
            QJsonArray a;
            for (const Reply &r : all)
                a.append(toJson(r));
            out() << QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Indented));
        } else {
            for (const Reply &r : all)
                out() << r.id << "\t" << replyStateName(r.state) << (r.held ? " (held)" : "")
                      << "\t" << r.channel << "\t" << r.authorName << "\t"
                      << r.text.simplified().left(60) << Qt::endl;
        }
        const PauseState pause = wf.pauseState();
        if (pause.paused)
            err() << "publishing is PAUSED by " << pause.by << " since "
                  << pause.since.toLocalTime().toString(Qt::ISODate) << ": " << pause.reason
                  << Qt::endl;
        return 0;
    }
    if (action == u"pause" || action == u"resume") {
        if (!needActor())
            return fail(kCmd, error, 2);
        if (action == u"pause") {
            if (const Outcome o = wf.pause(actorId, reason); !o)
                return fail(kCmd, o.error);
            out() << "publishing paused" << Qt::endl;
            return 0;
        }
        QList<qint64> held;
        if (const Outcome o = wf.resume(actorId, &held); !o)
            return fail(kCmd, o.error);
        out() << "publishing resumed";
        if (!held.isEmpty()) {
            QStringList ids;
            for (qint64 id : held)
                ids.append(QString::number(id));
            out() << "; came due during the pause and held until re-approved or rescheduled: "
                  << ids.join(u", ");
        }
        out() << Qt::endl;
        return 0;
    }
    if (action == u"draft") {
        if (!needActor())
            return fail(kCmd, error, 2);
        DraftSpec spec;
        spec.text = p.value(QStringLiteral("text"));
        spec.channel = p.value(QStringLiteral("channel"));
        const QString sourceId = p.value(QStringLiteral("mention"));
        if (sourceId.isEmpty() && spec.channel.isEmpty())
            return fail(
                kCmd,
                QStringLiteral(
                    "say which mention (--mention SOURCE_ID) or, for a statement, --channel"),
                2);
        if (!sourceId.isEmpty()) {
            sql::Statement st = db.prepare(
                "SELECT id FROM mentions WHERE source_id = ? AND (? IS NULL OR source = ?)");
            st.bind(1, sourceId);
            const QString source = p.value(QStringLiteral("source"));
            st.bind(2, source.isEmpty() ? QString() : source);
            st.bind(3, source.isEmpty() ? QString() : source);
            QList<qint64> found;
            while (st.step() == SQLITE_ROW)
                found.append(st.int64(0));
            if (found.isEmpty())
                return fail(kCmd, QStringLiteral("no mention with source id %1").arg(sourceId));
            if (found.size() > 1)
                return fail(kCmd,
                            QStringLiteral("%1 mentions have source id %2: add --source")
                                .arg(found.size())
                                .arg(sourceId),
                            2);
            spec.mentionId = found.first();
        }
        qint64 id = 0;
        if (const Outcome o = wf.createDraft(actorId, spec, &id); !o)
            return fail(kCmd, o.error);
        out() << id << Qt::endl;
        const Reply r = *wf.reply(id);
        const LengthCheck len = wf.lengthCheck(r.text, r.channel);
        if (!len.fits())
            err() << "warroom reply: too long for " << r.channel << " (" << len.count << " of "
                  << len.limit << "): shorten it before submitting" << Qt::endl;
        return 0;
    }

    qint64 id = 0;
    if (!needId(&id))
        return fail(kCmd,
                    QStringLiteral("%1 takes a reply id (warroom reply %1 ID ...)").arg(action), 2);
    if (action == u"show") {
        const std::optional<Reply> r = wf.reply(id);
        if (!r)
            return fail(kCmd, QStringLiteral("no reply #%1").arg(id));
        if (p.isSet(QStringLiteral("json"))) {
            out() << QString::fromUtf8(QJsonDocument(toJson(*r)).toJson(QJsonDocument::Indented));
            return 0;
        }
        out() << "reply " << r->id << " [" << replyStateName(r->state) << (r->held ? ", held" : "")
              << "] on " << r->channel << " by " << r->authorName << Qt::endl;
        if (r->mentionId)
            out() << "answers @" << r->mentionAuthor << ": " << r->mentionText.simplified()
                  << Qt::endl;
        out() << "text: " << r->text << Qt::endl;
        if (!r->baseText.isEmpty() && r->baseText != r->text)
            out() << "changed since approval: "
                  << WordDiff::toPlain(WordDiff::diff(r->baseText, r->text)) << Qt::endl;
        if (!r->toneWarnings.isEmpty())
            out() << "tone warnings overridden: " << r->toneWarnings.join(QStringLiteral("; "))
                  << Qt::endl;
        if (!r->lastReason.isEmpty())
            out() << "reason: " << r->lastReason << Qt::endl;
        if (!r->lastError.isEmpty())
            out() << "last error: " << r->lastError << Qt::endl;
        if (!r->publishedUrl.isEmpty())
            out() << "url: " << r->publishedUrl << Qt::endl;
        return 0;
    }
    if (!needActor())
        return fail(kCmd, error, 2);
    Outcome o;
    if (action == u"edit") {
        o = wf.edit(actorId, id, p.value(QStringLiteral("text")));
    } else if (action == u"submit") {
        const std::optional<Reply> r = wf.reply(id);
        if (!r)
            return fail(kCmd, QStringLiteral("no reply #%1").arg(id));
        const ToneGuard guard(TemplateLibrary::builtIn());
        ToneContext ctx;
        ctx.language = r->language;
        ctx.mentionText = r->mentionText;
        ctx.mentionAuthor = r->mentionAuthor;
        ctx.complaint = r->mentionSentiment == Sentiment::Negative;
        const QStringList warnings = ToneGuard::summary(guard.check(r->text, ctx));
        for (const QString &w : warnings)
            err() << "warning: " << w << Qt::endl;
        o = wf.submit(actorId, id, warnings);
    } else if (action == u"approve") {
        o = wf.approve(actorId, pin, id);
    } else if (action == u"request-changes") {
        o = wf.requestChanges(actorId, pin, id, reason);
    } else if (action == u"reject") {
        o = wf.reject(actorId, pin, id, reason);
    } else if (action == u"reopen") {
        o = wf.reopen(actorId, id);
    } else if (action == u"withdraw") {
        o = wf.withdraw(actorId, id, reason);
    } else if (action == u"schedule" || action == u"reschedule") {
        QDateTime at = QDateTime::fromString(p.value(QStringLiteral("at")), Qt::ISODate);
        if (!at.isValid())
            return fail(kCmd, QStringLiteral("--at takes an ISO 8601 time"), 2);
        if (at.timeSpec() == Qt::LocalTime)
            at.setTimeSpec(Qt::UTC);
        o = action == u"schedule" ? wf.schedule(actorId, id, at) : wf.reschedule(actorId, id, at);
    } else if (action == u"publish") {
        const QString channel = p.value(QStringLiteral("channel"));
        if (channel == u"manual") {
            o = wf.markPosted(actorId, id, p.value(QStringLiteral("url")));
        } else if (channel == u"mastodon" || channel == u"bluesky") {
            const std::optional<Reply> r = wf.reply(id);
            if (!r)
                return fail(kCmd, QStringLiteral("no reply #%1").arg(id));
            if (r->channel != channel)
                return fail(kCmd, QStringLiteral("reply %1 was written for %2, not %3")
                                      .arg(id)
                                      .arg(r->channel, channel));
            return publishDirect(wf, actorId, id);
        } else {
            return fail(kCmd, QStringLiteral("--channel must be mastodon, bluesky or manual"), 2);
        }
    } else {
        return fail(kCmd,
                    QStringLiteral("unknown action \"%1\" (see warroom reply --help)").arg(action),
                    2);
    }
    if (!o)
        return fail(kCmd, o.error);
    const Reply r = *wf.reply(id);
    out() << "reply " << id << " " << replyStateName(r.state) << (r.held ? " (held)" : "")
          << Qt::endl;
    return 0;
}

} // namespace warroom::cli
