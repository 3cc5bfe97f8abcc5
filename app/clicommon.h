#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

// Shared by every subcommand file (app/cli*.cpp): output streams, --store, parsing, failure.
namespace warroom::cli {

[[nodiscard]] QTextStream &out();
[[nodiscard]] QTextStream &err();
// Prints "warroom COMMAND: reason" on stderr and returns code (1 failure, 2 usage).
int fail(const QString &command, const QString &reason, int code = 1);
void addStoreOption(QCommandLineParser &p);
[[nodiscard]] QString storePath(const QCommandLineParser &p);
// Adds --help, parses; false when the caller should return *code (usage error or --help).
bool parse(QCommandLineParser &p, const QString &command, const QStringList &args, int *code);

} // namespace warroom::cli
