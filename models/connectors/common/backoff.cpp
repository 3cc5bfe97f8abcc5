#include "common/backoff.h"

#include <QRandomGenerator>

#include <algorithm>

namespace warroom {

qint64 Backoff::delayMs(int attempt) const {
    const int n = std::clamp(attempt, 1, 31);
    qint64 d = qint64(std::max(1, baseMs));
    for (int i = 1; i < n && d < maxMs; ++i)
        d *= 2;
    d = std::min<qint64>(d, std::max(1, maxMs));
    const qint64 half = d / 2;
    return half + qint64(QRandomGenerator::global()->bounded(quint64(d - half + 1)));
}

} // namespace warroom
