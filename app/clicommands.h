#pragma once

#include <QStringList>

// The subcommands that live in their own files (app/cli_<name>.cpp). Each returns the exit code.
namespace warroom::cli {

int runLabel(const QStringList &args); // cli_label.cpp
int runRank(const QStringList &args);  // cli_rank.cpp
int runEval(const QStringList &args);  // cli_eval.cpp

int runOperator(const QStringList &args); // cli_operator.cpp
int runAudit(const QStringList &args);    // cli_audit.cpp
int runReply(const QStringList &args);    // cli_reply.cpp
int runReport(const QStringList &args);   // cli_report.cpp

int runCollect(const QStringList &args); // cli_collect.cpp

} // namespace warroom::cli
