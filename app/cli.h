#pragma once

#include <QStringList>

namespace warroom::cli {

// True when argv names a headless subcommand (import, export, stats, ...).
[[nodiscard]] bool isSubcommand(const QStringList &args);

// Runs a subcommand; returns the process exit code (0 ok, 1 failure, 2 usage).
int run(const QStringList &args);

[[nodiscard]] QString usage();

} // namespace warroom::cli
