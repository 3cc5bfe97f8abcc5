#include "clicommands.h"
#include "clicommon.h"

#include "store/store.h"
#include "workflow/operators.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

// warroom operator add NAME --role ROLE [--pin PIN] | operator list [--json]
namespace warroom::cli {

int runOperator(const QStringList &args) {
    const QString cmd = QStringLiteral("operator");
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral(
        "Operators of the war room and their roles (analyst, drafter, spokesperson, lead).\n"
        "  operator add NAME --role ROLE [--pin PIN]   (the PIN is stored salted and hashed)\n"
        "  operator list [--json]"));
    addStoreOption(p);
    p.addOption({QStringLiteral("role"), QStringLiteral("analyst|drafter|spokesperson|lead"),
                 QStringLiteral("ROLE")});
    p.addOption({QStringLiteral("pin"),
                 QStringLiteral("The approval PIN (4-64 characters; or env WARROOM_PIN)."),
                 QStringLiteral("PIN")});
    p.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    p.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("add | list"));
    int code = 0;
    if (!parse(p, cmd, args, &code))
        return code;
    const QStringList pos = p.positionalArguments();
    if (pos.isEmpty())
        return fail(cmd, QStringLiteral("say add or list (see warroom operator --help)"), 2);

    sql::Connection db;
    QString error;
    if (!Store::openWriter(db, storePath(p), &error))
        return fail(cmd, error);
    OperatorDirectory ops(db);

    if (pos.first() == u"add") {
        if (pos.size() != 2)
            return fail(cmd, QStringLiteral("operator add takes one NAME"), 2);
        bool ok = false;
        const Role role = roleFromName(p.value(QStringLiteral("role")), &ok);
        if (!ok)
            return fail(cmd,
                        QStringLiteral("--role must be analyst, drafter, spokesperson or lead"), 2);
        QString pin = p.value(QStringLiteral("pin"));
        if (pin.isEmpty())
            pin = qEnvironmentVariable("WARROOM_PIN");
        qint64 id = 0;
        if (const Outcome o = ops.add(pos.at(1), role, pin, &id); !o)
            return fail(cmd, o.error);
        out() << "operator " << id << " " << pos.at(1).trimmed() << " (" << roleName(role) << ")"
              << (pin.isEmpty() ? " without a PIN" : "") << Qt::endl;
        return 0;
    }
    if (pos.first() == u"list") {
        const QList<Operator> all = ops.list();
        if (p.isSet(QStringLiteral("json"))) {
            QJsonArray a;
            for (const Operator &o : all)
                a.append(QJsonObject{{QStringLiteral("id"), o.id},
                                     {QStringLiteral("name"), o.name},
                                     {QStringLiteral("role"), roleName(o.role)},
                                     {QStringLiteral("pin"), o.hasPin},
                                     {QStringLiteral("active"), o.active}});
            out() << QString::fromUtf8(QJsonDocument(a).toJson(QJsonDocument::Indented));
        } else {
            for (const Operator &o : all)
                out() << o.id << "\t" << o.name << "\t" << roleName(o.role) << "\t"
                      << (o.hasPin ? "pin" : "no-pin") << Qt::endl;
        }
        return 0;
    }
    return fail(cmd, QStringLiteral("unknown action \"%1\" (add or list)").arg(pos.first()), 2);
}

} // namespace warroom::cli
