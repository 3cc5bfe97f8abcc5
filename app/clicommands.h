#pragma once

#include <QStringList>

// The subcommands that live in their own files (app/cli_<name>.cpp). Each returns the exit code.
namespace warroom::cli {

} // namespace warroom::cli
