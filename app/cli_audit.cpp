#include "clicommands.h"
#include "clicommon.h"

#include "store/store.h"
#include "workflow/auditlog.h"

#include <QCommandLineParser>

// warroom audit verify | audit show REPLY_ID
namespace warroom::cli {

int runAudit(const QStringList &args) {
    const QString cmd = QStringLiteral("audit");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "The append-only, hash-chained log of every reply transition.\n"
        "  audit verify          check the whole chain; exits 1 naming the first broken entry\n"
        "  audit show REPLY_ID   the reply's events"));
    addStoreOption(p);
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("verify | show"));
    int code = 0;
    if (!parse(p, cmd, args, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty())
        return fail(cmd, QStringLiteral("say verify or show (see warroom audit --help)"), 2);
    sql::Connection db;
    QString error;
    if (!Store::openReader(db, storePath(p), &error))
        return fail(cmd, error);
    if (pos.first() == u"verify") {
        const AuditReport r = AuditLog::verify(db);
        if (!r.ok)
            return fail(
                cmd, QStringLiteral("broken at entry %1: %2").arg(r.firstBrokenId).arg(r.problem));
        out() << "audit log intact: " << r.entries << " entries" << Qt::endl;
        return 0;
    }
    if (pos.first() == u"show" && pos.size() == 2) {
        bool ok = false;
        const qint64 id = pos.at(1).toLongLong(&ok);
        if (!ok)
            return fail(cmd, QStringLiteral("audit show takes a reply id"), 2);
        for (const AuditEvent &e : AuditLog::events(db, id))
            out() << e.id << "\t" << e.at.toString(Qt::ISODate) << "\t"
                  << (e.operatorName.isEmpty() ? QStringLiteral("system") : e.operatorName) << " ("
                  << e.role << ")\t" << e.action << "\t"
                  << (e.fromState.isEmpty() ? QStringLiteral("-") : e.fromState) << " -> "
                  << e.toState << "\t" << e.textHash.left(12)
                  << (e.reason.isEmpty() ? QString() : QStringLiteral("\t") + e.reason) << Qt::endl;
        return 0;
    }
    return fail(cmd, QStringLiteral("unknown action (verify, or show REPLY_ID)"), 2);
}

} // namespace warroom::cli
