#pragma once

#include "postmortem.h"

#include <QJsonObject>
#include <QString>

// The post-mortem as machine-readable files. Pure functions of the data plus file I/O: call them
// from a worker thread or a CLI, never the GUI thread.
namespace warroom::report {

// Every figure and table. Times ISO-8601 UTC, shares 0..1, durations in seconds. Sentiment
// counts carry "scored" and "unscored"; their "negative_share" is null when nothing is scored.
[[nodiscard]] QJsonObject toJson(const PostMortem &pm);

// One tidy CSV (RFC 4180, UTF-8): header "section,item,field,value", one row per figure or table
// cell, e.g. "scale,,total_mentions,2719" or "critics,3,handle,mira_castellan_rn".
[[nodiscard]] QByteArray toCsv(const PostMortem &pm);

// Writes atomically (QSaveFile). False with a one-line reason.
bool writeJson(const PostMortem &pm, const QString &path, QString *error);
bool writeCsv(const PostMortem &pm, const QString &path, QString *error);

// "4 min 12 s", "1 h 05 min", "—" for negative.
[[nodiscard]] QString formatDuration(double seconds);

// The negative share of the labelled mentions ("12.3%"), "not scored" when none of them has a
// sentiment (a language we hold no lexicon for): never "0%" for what nobody could read; "—" when
// there are none. The same words on screen, in the PDF and the CSV, and in the JSON null with
// "scored": false.
[[nodiscard]] QString negativeShareText(const SentimentCounts &counts, int decimals = 1);

} // namespace warroom::report
