#pragma once

#include <QtGlobal>

namespace warroom {

// Exponential backoff with jitter: attempt n (1-based) waits a random time in
// [d/2, d] where d = min(maxMs, baseMs * 2^(n-1)). Value type, no thread affinity.
struct Backoff {
    int baseMs = 2'000;
    int maxMs = 15 * 60'000;
    [[nodiscard]] qint64 delayMs(int attempt) const;
};

} // namespace warroom
