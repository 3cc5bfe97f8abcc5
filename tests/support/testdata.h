#pragma once

#include <QString>

// Paths to the shared third-party data and to the project's own files, for tests and benchmarks.
namespace warroom::test {

// ../shared/data/<relative>; fails the calling test (QFAIL-style message) when it is missing.
[[nodiscard]] QString sharedData(const QString &relative);
// ../shared/seeds
[[nodiscard]] QString seedsDir();
// The checkout's own tree (resources/, ...).
[[nodiscard]] QString sourceFile(const QString &relative);

} // namespace warroom::test
