#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QSet>
#include <QString>
#include <QStringList>

class QProcess;

namespace warroom::test {
class RecordedServer;
}

// Shared by the reliability tests (tests/integration/reliability.cmake): running the real
// `warroom` binary without blocking the test's event loop (local servers answer from it),
// killing it, and looking at the SQLite file it leaves behind.
namespace warroom::test {

struct Run {
    int code = -1;        // exit code; -1 when it crashed, was killed or timed out
    bool crashed = false; // killed by a signal (or by us)
    QString out;
    QString err;
    qint64 ms = 0;
};

// The environment every child gets: offscreen, and HOME / XDG dirs under `home` when given so
// nothing lands in the real user's settings.
[[nodiscard]] QProcessEnvironment childEnvironment(const QString &home = {});

// Runs `warroom args...` to the end (the event loop keeps turning while it runs).
Run runWarroom(const QStringList &args, const QProcessEnvironment &env = childEnvironment(),
               int timeoutMs = 120000);
// The same for any program (setpriv, sh ...).
Run runProgram(const QString &program, const QStringList &args,
               const QProcessEnvironment &env = childEnvironment(), int timeoutMs = 120000);

// Starts `warroom args...`; the caller kills or waits.
void startWarroom(QProcess &p, const QStringList &args,
                  const QProcessEnvironment &env = childEnvironment());
// SIGKILL and reap.
void killHard(QProcess &p);

// What a store file holds after a crash, read through a fresh read-write connection (SQLite
// recovers the WAL the way the next warroom would).
struct StoreCheck {
    QString integrity; // "ok" when PRAGMA integrity_check is clean
    qint64 mentions = -1;
    qint64 minuteSum = -1; // sum of mention_minutes.n: must equal mentions (same transaction)
    QString error;
};
[[nodiscard]] StoreCheck checkStore(const QString &path);
// Every (source, source_id) as "source\x1fsource_id".
[[nodiscard]] QSet<QString> mentionKeys(const QString &path);

// A recorded Mastodon hashtag timeline (Mastodon.py's pagination cassette) served at
// /api/v1/timelines/tag/<kRecordedTag>: the first page, then the empty newer page once the
// client asks with min_id. False when the cassette is missing.
inline constexpr const char *kRecordedTag = "fgiztsshwiaqqiztpmmjbtvmescsculuvmgjgopwoeidbcrixp";
bool serveRecordedHashtag(RecordedServer &server);

[[nodiscard]] QByteArray sha256OfFile(const QString &path);
// Every byte of the files in `dir` (recursively) that contain `needle`: their paths.
[[nodiscard]] QStringList filesContaining(const QString &dir, const QByteArray &needle);

} // namespace warroom::test
