#pragma once

#include <QDateTime>
#include <QStringView>

namespace warroom {

// Parses the timestamps real exports carry, into UTC. Invalid QDateTime when unreadable.
//   2015-02-24T11:35:52Z, 2015-02-24T11:35:52.123+01:00, 2015-02-24 11:35:52 -0800,
//   2020-12-20 06:06:44 (taken as UTC), Wed Oct 10 20:19:24 +0000 2018 (Twitter API),
//   Tue, 10 Jun 2003 04:00:00 GMT (RFC 822 with named zones), 1424807752 / 1424807752123 (epoch)
[[nodiscard]] QDateTime parseTimestamp(QStringView text);

// Twitter/X snowflake ids carry their creation time: (id >> 22) + 1288834974657 ms.
// Invalid unless the id is a plausible snowflake (after Nov 2010, not in the future).
[[nodiscard]] QDateTime timeFromSnowflake(QStringView id);

} // namespace warroom
