#include "reliability_support.h"

#include "recordedserver.h"

#include "store/sqlite.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTest>

namespace warroom::test {

QProcessEnvironment childEnvironment(const QString &home) {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    if (!home.isEmpty()) {
        QDir().mkpath(home + QStringLiteral("/config"));
        QDir().mkpath(home + QStringLiteral("/data"));
        QDir().mkpath(home + QStringLiteral("/cache"));
        QDir().mkpath(home + QStringLiteral("/runtime"));
        QFile::setPermissions(home + QStringLiteral("/runtime"), QFileDevice::ReadOwner |
                                                                     QFileDevice::WriteOwner |
                                                                     QFileDevice::ExeOwner);
        env.insert(QStringLiteral("HOME"), home);
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
        env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), home + QStringLiteral("/cache"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/runtime"));
    }
    return env;
}

void startWarroom(QProcess &p, const QStringList &args, const QProcessEnvironment &env) {
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(WARROOM_BINARY), args);
}

void killHard(QProcess &p) {
    if (p.state() != QProcess::NotRunning) {
        p.kill(); // SIGKILL on Unix
        p.waitForFinished(10000);
    }
}

Run runProgram(const QString &program, const QStringList &args, const QProcessEnvironment &env,
               int timeoutMs) {
    QProcess p;
    p.setProcessEnvironment(env);
    QElapsedTimer timer;
    timer.start();
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.err = QStringLiteral("cannot start %1: %2").arg(program, p.errorString());
        return r;
    }
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) {
        killHard(p);
        r.err = QStringLiteral("timed out after %1 ms; ").arg(timeoutMs);
    }
    r.ms = timer.elapsed();
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.code = r.crashed ? -1 : p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err += QString::fromUtf8(p.readAllStandardError());
    return r;
}

Run runWarroom(const QStringList &args, const QProcessEnvironment &env, int timeoutMs) {
    return runProgram(QStringLiteral(WARROOM_BINARY), args, env, timeoutMs);
}

StoreCheck checkStore(const QString &path) {
    StoreCheck c;
    sql::Connection db;
    if (!db.open(path, sql::Connection::Mode::ReadWrite, &c.error))
        return c;
    sql::Statement st = db.prepare("PRAGMA integrity_check", &c.error);
    QStringList lines;
    while (st.isValid() && st.step() == SQLITE_ROW)
        lines << st.text(0);
    c.integrity = lines.join(u"; ");
    // Killed before the first migration committed: an empty store, nothing lost.
    const bool schema =
        db.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'mention_minutes'", 0) > 0;
    c.mentions = schema ? db.scalar("SELECT count(*) FROM mentions", -1) : 0;
    c.minuteSum = schema ? db.scalar("SELECT coalesce(sum(n), 0) FROM mention_minutes", -1) : 0;
    return c;
}

QSet<QString> mentionKeys(const QString &path) {
    QSet<QString> keys;
    sql::Connection db;
    QString error;
    if (!db.open(path, sql::Connection::Mode::ReadOnly, &error))
        return keys;
    sql::Statement st = db.prepare("SELECT source, source_id FROM mentions");
    while (st.step() == SQLITE_ROW)
        keys.insert(st.text(0) + u'\x1f' + st.text(1));
    return keys;
}

bool serveRecordedHashtag(RecordedServer &server) {
    const auto pages = RecordedServer::mastodonInteractions(
        QStringLiteral("test_pagination_iterator"), QStringLiteral("/timelines/tag/"));
    if (pages.size() < 5)
        return false;
    server.route("GET", QStringLiteral("/api/v1/timelines/tag/") + QLatin1String(kRecordedTag),
                 [pages](const RecordedRequest &req) {
                     return req.queryValue(QStringLiteral("min_id")).isEmpty() ? pages.at(0)
                                                                               : pages.at(4);
                 });
    return true;
}

QByteArray sha256OfFile(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

QStringList filesContaining(const QString &dir, const QByteArray &needle) {
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        QFile f(file);
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle))
            hits << file;
    }
    return hits;
}

} // namespace warroom::test
