#include "cli.h"
#include "store/store.h"
#include "warroomapp.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

void setIdentity() {
    QCoreApplication::setOrganizationName(QStringLiteral("warroom"));
    QCoreApplication::setApplicationName(QStringLiteral("warroom"));
    QCoreApplication::setApplicationVersion(QStringLiteral(WARROOM_VERSION));
}

} // namespace

int main(int argc, char **argv) {
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    if (args.contains(QStringLiteral("--version")) || args.contains(QStringLiteral("-v"))) {
        std::fputs("warroom " WARROOM_VERSION "\n", stdout);
        return 0;
    }
    if (warroom::cli::isSubcommand(args)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return warroom::cli::run(app.arguments());
    }
    if (args.size() > 1 && !args.at(1).startsWith(u'-')) {
        QTextStream(stderr) << "warroom: unknown command \"" << args.at(1) << "\"\n"
                            << warroom::cli::usage();
        return 2;
    }

    QApplication app(argc, argv);
    setIdentity();
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Crisis War Room\n") + warroom::cli::usage());
    parser.addHelpOption();
    parser.addOption(
        {QStringLiteral("store"), QStringLiteral("The store file."), QStringLiteral("PATH")});
    parser.addOption(
        {QStringLiteral("no-drill"),
         QStringLiteral("Do not load the bundled drill into an empty default store.")});
    parser.process(app);

    warroom::WarRoomApp::Options options;
    options.storePath = parser.isSet(QStringLiteral("store"))
                            ? parser.value(QStringLiteral("store"))
                            : warroom::Store::defaultPath();
    // The embedded default comes alive with the drill; a store the user named stays as it is.
    options.loadDrillWhenEmpty =
        !parser.isSet(QStringLiteral("store")) && !parser.isSet(QStringLiteral("no-drill"));
    warroom::WarRoomApp warRoom(options);
    warRoom.start();
    return app.exec();
}
