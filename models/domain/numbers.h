#pragma once

#include <QtGlobal>

#include <cmath>
#include <limits>

// Numbers from the network or a file (JSON numbers are doubles, CSV cells are text) turned into
// integers without undefined behaviour: a double outside qint64's range must never be cast.
namespace warroom {

// No post has a trillion reposts: a larger "count" is a hostile or broken value, capped so that
// summing a million of them (SQLite sum()) still cannot overflow.
inline constexpr qint64 kMaxCount = 1'000'000'000'000;

// d truncated toward zero and clamped to qint64; NaN gives ifNaN.
[[nodiscard]] inline qint64 clampToInt64(double d, qint64 ifNaN = 0) {
    if (std::isnan(d))
        return ifNaN;
    if (d >= 9.2e18)
        return std::numeric_limits<qint64>::max();
    if (d <= -9.2e18)
        return std::numeric_limits<qint64>::min();
    return qint64(d);
}

// A count (reposts, likes, followers): 0..kMaxCount; NaN and negatives are 0.
[[nodiscard]] inline qint64 countFromDouble(double d) {
    if (!(d > 0))
        return 0;
    return d >= double(kMaxCount) ? kMaxCount : qint64(d);
}

// The same for a value already read as an integer.
[[nodiscard]] inline qint64 clampCount(qint64 n) {
    return n < 0 ? 0 : (n > kMaxCount ? kMaxCount : n);
}

} // namespace warroom
