#pragma once

#include <QDateTime>
#include <QStringView>

// Date strings found in feeds. Pure function, no thread affinity.
namespace warroom {

// Parses the date formats feeds use and returns the instant in UTC, or an invalid QDateTime when
// the text is not a date (the caller then uses the ingest time and marks the time as estimated).
//  - RFC 822 / 2822 (RSS pubDate): optional weekday, 2- or 4-digit year (RFC 2822 windowing:
//    < 50 is 20xx), optional seconds, numeric zones (+hhmm, +hh:mm), named zones (UT, UTC, GMT,
//    Z, EST, EDT, CST, CDT, MST, MDT, PST, PDT and a few other common ones) and RFC 822 military
//    letters (A = -1 ... M = -12, N = +1 ... Y = +12); no zone means UTC. asctime order
//    ("Sun Jan  4 16:29:06 2004") is accepted too.
//  - RFC 3339 / ISO 8601 / W3CDTF (Atom, dc:date): YYYY, YYYY-MM, YYYY-MM-DD, compact
//    YYYYMMDD, with "T" or a space before hh:mm[:ss[.fraction]], and Z or +hh[:mm]; no zone
//    means UTC.
[[nodiscard]] QDateTime parseFeedDate(QStringView text);

} // namespace warroom
