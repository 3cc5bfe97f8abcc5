#pragma once

#include "postmortem.h"

#include <QJsonObject>
#include <QString>

// The post-mortem as machine-readable files. Pure functions of the data plus file I/O: call them
// from a worker thread or a CLI, never the GUI thread.
namespace warroom::report {

// Every figure and table. Times ISO-8601 UTC, shares 0..1, durations in seconds.
[[nodiscard]] QJsonObject toJson(const PostMortem &pm);

// One tidy CSV (RFC 4180, UTF-8): header "section,item,field,value", one row per figure or table
// cell, e.g. "scale,,total_mentions,2719" or "critics,3,handle,mira_castellan_rn".
[[nodiscard]] QByteArray toCsv(const PostMortem &pm);

// Writes atomically (QSaveFile). False with a one-line reason.
bool writeJson(const PostMortem &pm, const QString &path, QString *error);
bool writeCsv(const PostMortem &pm, const QString &path, QString *error);

// "4 min 12 s", "1 h 05 min", "—" for negative.
[[nodiscard]] QString formatDuration(double seconds);

} // namespace warroom::report
