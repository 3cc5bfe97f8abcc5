// Store states (issue 9): the real `warroom` (CLI and GUI with --screenshot) on a store another
// `warroom` is writing works; on a locked, read-only, full or corrupt store it says why in one
// line, exits non-zero and leaves the file byte for byte as it was.
#include "reliability_support.h"
#include "store/sqlite.h"
#include "testdata.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QStorageInfo>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace warroom::test;

namespace {

// Lines of a failed command's stderr that are its verdict ("warroom import: ..."), leaving out
// progress ("file.csv: 34%") and Qt's own notes.
QStringList verdicts(const QString &err, const QString &prefix) {
    QStringList lines;
    for (const QString &line : err.split(u'\n', Qt::SkipEmptyParts))
        if (line.startsWith(prefix))
            lines << line;
    return lines;
}

// A picture the window saved: a PNG of some size.
bool isPng(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.size() > 10000 && f.read(8) == "\x89PNG\r\n\x1a\n";
}

} // namespace

class TestReliabilityStore : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_base;     // Tweets.csv imported: a real store, closed cleanly
    QString m_smallCsv; // 300 real rows to import
    bool m_root = false;

    // Root ignores file permissions: the commands that must meet them run as nobody.
    Run asUser(const QStringList &args, int timeoutMs = 120000) {
        const QProcessEnvironment env = childEnvironment(m_dir.filePath(QStringLiteral("home")));
        if (!m_root)
            return runWarroom(args, env, timeoutMs);
        return runProgram(
            QStringLiteral("setpriv"),
            QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                        QStringLiteral("--clear-groups"), QStringLiteral(WARROOM_BINARY)} +
                args,
            env, timeoutMs);
    }

    QString copyOfBase(const QString &dir, const QString &name = QStringLiteral("store.sqlite")) {
        QDir().mkpath(dir);
        const QString path = dir + u'/' + name;
        QFile::remove(path);
        QFile::copy(m_base, path);
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                        QFileDevice::ReadGroup | QFileDevice::ReadOther);
        return path;
    }

    static void chown(const QString &path) {
        QVERIFY(::chown(path.toLocal8Bit().constData(), 65534, 65534) == 0);
    }

    // `warroom import` refused: one verdict line with `words`, non-zero, the file unchanged.
    void expectImportRefused(const QString &store, const QString &words, bool asNobody) {
        const QByteArray before = sha256OfFile(store);
        const QStringList args{QStringLiteral("import"), m_smallCsv, QStringLiteral("--store"),
                               store};
        const Run r = asNobody ? asUser(args) : runWarroom(args);
        QVERIFY2(r.code == 1,
                 qPrintable(QStringLiteral("exit %1: %2%3").arg(r.code).arg(r.err, r.out)));
        const QStringList lines = verdicts(r.err, QStringLiteral("warroom import: "));
        QVERIFY2(lines.size() == 1, qPrintable(r.err));
        QVERIFY2(lines.first().contains(words, Qt::CaseInsensitive), qPrintable(lines.first()));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        QCOMPARE(sha256OfFile(store), before);
        qInfo("import: %s", qPrintable(lines.first()));
    }

    // The window on that store: one clear line and a non-zero exit, at once (not after the
    // 60 s wait for panels), the file unchanged.
    void expectWindowRefused(const QString &store, const QString &words, bool asNobody) {
        const QByteArray before = sha256OfFile(store);
        const QString png = m_dir.filePath(QStringLiteral("refused.png"));
        const QStringList args{QStringLiteral("--store"), store, QStringLiteral("--screenshot"),
                               png};
        const Run r = asNobody ? asUser(args, 90000) : runWarroom(args, childEnvironment(), 90000);
        QVERIFY2(r.code == 1, qPrintable(QStringLiteral("exit %1: %2").arg(r.code).arg(r.err)));
        QVERIFY2(!r.crashed, qPrintable(r.err));
        const QStringList lines = verdicts(r.err, QStringLiteral("warroom: screenshot failed: "));
        QVERIFY2(lines.size() == 1, qPrintable(r.err));
        QVERIFY2(lines.first().contains(words, Qt::CaseInsensitive), qPrintable(lines.first()));
        QVERIFY2(r.ms < 30000, qPrintable(QStringLiteral("took %1 ms").arg(r.ms)));
        QCOMPARE(sha256OfFile(store), before);
        qInfo("window: %s (%lld ms)", qPrintable(lines.first()), r.ms);
    }

    // The window on that store opens and pictures it.
    void expectWindowWorks(const QString &store, bool asNobody) {
        const QString png = m_dir.filePath(QStringLiteral("works.png"));
        QFile::remove(png);
        const QStringList args{QStringLiteral("--store"), store, QStringLiteral("--screenshot"),
                               png};
        const Run r = asNobody ? asUser(args, 90000) : runWarroom(args, childEnvironment(), 90000);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(isPng(png));
    }

    Run stats(const QString &store, bool asNobody) {
        const QStringList args{QStringLiteral("stats"), QStringLiteral("--store"), store};
        return asNobody ? asUser(args) : runWarroom(args);
    }

private Q_SLOTS:
    void initTestCase() {
        m_root = ::geteuid() == 0;
        QVERIFY(m_dir.isValid());
        // nobody must reach into the folder (QTemporaryDir makes it 0700).
        QFile::setPermissions(m_dir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                                QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                QFileDevice::ExeOther);
        const QString home = m_dir.filePath(QStringLiteral("home"));
        (void)childEnvironment(home);
        if (m_root) {
            for (const QString &d :
                 {home, home + QStringLiteral("/config"), home + QStringLiteral("/data"),
                  home + QStringLiteral("/cache"), home + QStringLiteral("/runtime")})
                chown(d);
        }
        const QString tweets = sharedData(QStringLiteral("airline-tweets/Tweets.csv"));
        m_base = m_dir.filePath(QStringLiteral("base.sqlite"));
        const Run r =
            runWarroom({QStringLiteral("import"), tweets, QStringLiteral("--store"), m_base});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(m_base + QStringLiteral("-wal"))); // closed cleanly
        // The first 300 rows of the same file (other ids are not needed: a refused store must
        // refuse before it looks at a row).
        QFile in(tweets);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QByteArray rows;
        for (int i = 0; i < 301 && !in.atEnd(); ++i)
            rows += in.readLine();
        m_smallCsv = m_dir.filePath(QStringLiteral("small.csv"));
        QFile out(m_smallCsv);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(rows);
        out.close();
        QFile::setPermissions(m_smallCsv, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ReadOther);
    }

    // A second warroom imports file after file while `stats`, `report --json` and the window
    // open the same store: every one of them works, the counts only grow, the writer never fails.
    void readersBesideAWriter() {
        const QString store = copyOfBase(m_dir.filePath(QStringLiteral("busy")));
        QStringList files;
        for (const char *f :
             {"pfizer-vaccine-tweets/vaccination_tweets.csv",
              "crisislex-t6/2012_Sandy_Hurricane/2012_Sandy_Hurricane-ontopic_offtopic.csv",
              "crisislex-t6/2013_Boston_Bombings/2013_Boston_Bombings-ontopic_offtopic.csv",
              "crisislex-t6/2013_Alberta_Floods/2013_Alberta_Floods-ontopic_offtopic.csv"})
            files << sharedData(QString::fromLatin1(f));
        QProcess writer;
        writer.setProcessEnvironment(childEnvironment());
        QString script = QStringLiteral("set -e; ");
        for (const QString &f : std::as_const(files))
            script += QStringLiteral("'%1' import '%2' --store '%3'; ")
                          .arg(QStringLiteral(WARROOM_BINARY), f, store);
        writer.start(QStringLiteral("sh"), {QStringLiteral("-c"), script});
        QVERIFY(writer.waitForStarted());

        qint64 last = 0;
        int statsRuns = 0;
        int reportRuns = 0;
        int windows = 0;
        int during = 0; // stats runs that began and ended while the import was still running
        const QString json = m_dir.filePath(QStringLiteral("busy-report.json"));
        const QString png = m_dir.filePath(QStringLiteral("busy.png"));
        while (writer.state() != QProcess::NotRunning || statsRuns == 0) {
            Run r = runWarroom({QStringLiteral("stats"), QStringLiteral("--store"), store});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            const qint64 n = QJsonDocument::fromJson(r.out.toUtf8())
                                 .object()
                                 .value(QStringLiteral("mentions"))
                                 .toInteger(-1);
            QVERIFY2(n >= last, qPrintable(QStringLiteral("%1 after %2").arg(n).arg(last)));
            last = n;
            ++statsRuns;
            if (writer.state() != QProcess::NotRunning)
                ++during;
            r = runWarroom({QStringLiteral("report"), QStringLiteral("--store"), store,
                            QStringLiteral("--from"), QStringLiteral("2012-01-01T00:00:00Z"),
                            QStringLiteral("--to"), QStringLiteral("2030-01-01T00:00:00Z"),
                            QStringLiteral("--json"), json});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QFile f(json);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY(QJsonDocument::fromJson(f.readAll()).isObject());
            ++reportRuns;
            if (windows < 2) {
                QFile::remove(png);
                r = runWarroom(
                    {QStringLiteral("--store"), store, QStringLiteral("--screenshot"), png},
                    childEnvironment(m_dir.filePath(QStringLiteral("guihome"))), 90000);
                QVERIFY2(r.code == 0, qPrintable(r.err));
                QVERIFY(isPng(png));
                ++windows;
            }
        }
        QVERIFY2(writer.exitStatus() == QProcess::NormalExit && writer.exitCode() == 0,
                 qPrintable(QString::fromUtf8(writer.readAllStandardError())));
        const StoreCheck c = checkStore(store);
        QCOMPARE(c.integrity, QStringLiteral("ok"));
        QVERIFY(c.mentions > 14485);
        QVERIFY2(during >= 2,
                 qPrintable(QStringLiteral("only %1 reads beside the writer").arg(during)));
        qInfo("beside the writer: %d stats (%d while it wrote), %d reports, %d windows; %lld → "
              "%lld mentions",
              statsRuns, during, reportRuns, windows, qint64(14485), c.mentions);
    }

    // Another program holds BEGIN EXCLUSIVE: writing waits for SQLite's busy timeout, then says
    // the store is locked; reading and the window still work.
    void lockedStore() {
        const QString store = copyOfBase(m_dir.filePath(QStringLiteral("locked")));
        {
            // Migrated (WAL) by one open, so the lock holder meets the store as the app left it.
            const Run r = runWarroom({QStringLiteral("stats"), QStringLiteral("--store"), store});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        // Another process holds the lock (in this one, any close() of the file, e.g. to hash
        // it, would drop this process's POSIX locks).
        QProcess holder;
        holder.start(QStringLiteral("python3"),
                     {QStringLiteral("-c"),
                      QStringLiteral("import sqlite3, sys\n"
                                     "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                                     "c.execute('BEGIN EXCLUSIVE')\n"
                                     "print('locked', flush=True)\n"
                                     "sys.stdin.read()\n"),
                      store});
        if (!holder.waitForStarted(10000))
            QSKIP("python3 is needed to hold the lock from another process");
        QVERIFY(QTest::qWaitFor([&] { return holder.canReadLine(); }, 20000));
        QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));
        expectImportRefused(store, QStringLiteral("locked"), false);
        const Run r = stats(store, false);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        expectWindowWorks(store, false);
        holder.closeWriteChannel();
        QVERIFY(holder.waitForFinished(10000));
        QCOMPARE(holder.exitCode(), 0);
    }

    // chmod 0444: writers refuse before they read a row; readers read it.
    void readOnlyFile() {
        const QString dir = m_dir.filePath(QStringLiteral("readonly-file"));
        const QString store = copyOfBase(dir);
        if (m_root)
            chown(dir); // the folder is nobody's: only the file is read-only
        QFile::setPermissions(store, QFileDevice::ReadOwner | QFileDevice::ReadGroup |
                                         QFileDevice::ReadOther);
        expectImportRefused(store, QStringLiteral("read-only"), true);
        const Run r = stats(store, true);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(u"\"mentions\": 14485"));
        expectWindowRefused(store, QStringLiteral("read-only"), true);
    }

    // A folder nobody may write: no -wal or -shm can be made beside the store.
    void readOnlyFolder() {
        const QString dir = m_dir.filePath(QStringLiteral("readonly-folder"));
        const QString store = copyOfBase(dir);
        if (m_root)
            chown(store); // the file is nobody's and writable; its folder is root's
        else
            QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner |
                                           QFileDevice::ReadOther | QFileDevice::ExeOther);
        expectImportRefused(store, QStringLiteral("folder"), true);
        const Run r = stats(store, true);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains(u"\"mentions\": 14485"));
        expectWindowRefused(store, QStringLiteral("folder"), true);
        QVERIFY(!QFileInfo::exists(store + QStringLiteral("-wal")));
    }

    // A full disk (a small tmpfs, filled up): one line naming the full disk, the store unchanged;
    // then a disk that fills during an import: non-zero, and what was committed is intact.
    void fullDisk() {
        if (!m_root)
            QSKIP("needs root to mount a small tmpfs (mount -t tmpfs -o size=16m)");
        const QString mnt = m_dir.filePath(QStringLiteral("full"));
        QDir().mkpath(mnt);
        const Run mount =
            runProgram(QStringLiteral("mount"),
                       {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                        QStringLiteral("size=16m"), QStringLiteral("tmpfs"), mnt});
        if (mount.code != 0)
            QSKIP(qPrintable(
                QStringLiteral("cannot mount a tmpfs here: %1").arg(mount.err.trimmed())));
        struct Unmount {
            QString at;
            ~Unmount() { runProgram(QStringLiteral("umount"), {QStringLiteral("-l"), at}); }
        } unmount{mnt};

        const QString store = copyOfBase(mnt);
        const QString filler = mnt + QStringLiteral("/filler");
        auto fill = [&](qint64 leaveFree) {
            QFile f(filler);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Append));
            const QByteArray block(64 * 1024, '\0');
            while (QStorageInfo(mnt).bytesAvailable() > leaveFree + block.size())
                if (f.write(block) != block.size())
                    break;
            const QByteArray page(4096, '\0');
            while (QStorageInfo(mnt).bytesAvailable() > leaveFree && f.write(page) == page.size())
                f.flush();
            f.close();
        };
        fill(0);
        QVERIFY(QStorageInfo(mnt).bytesAvailable() < 8192);
        expectImportRefused(store, QStringLiteral("full"), false);
        expectWindowRefused(store, QStringLiteral("full"), false);

        // Room for a batch or two, not for a 2 MB CSV: the import fails on the full disk.
        QVERIFY(QFile::remove(filler));
        fill(1536 * 1024);
        const Run r =
            runWarroom({QStringLiteral("import"),
                        sharedData(QStringLiteral("pfizer-vaccine-tweets/vaccination_tweets.csv")),
                        QStringLiteral("--store"), store});
        QCOMPARE(r.code, 1);
        const QStringList lines = verdicts(r.err, QStringLiteral("warroom import: "));
        QVERIFY2(lines.size() == 1, qPrintable(r.err));
        QVERIFY2(lines.first().contains(u"full"), qPrintable(lines.first()));
        qInfo("import onto a filling disk: %s", qPrintable(lines.first()));
        QVERIFY(QFile::remove(filler));
        const StoreCheck c = checkStore(store);
        QCOMPARE(c.integrity, QStringLiteral("ok"));
        QVERIFY(c.mentions >= 14485);
        QCOMPARE(c.minuteSum, c.mentions);
    }

    // Garbage over one page in the middle of a real store: refused by every writer and the
    // window, never written; readers that meet the damage say so and never crash.
    void corruptStore() {
        const QString store = copyOfBase(m_dir.filePath(QStringLiteral("corrupt")));
        const qint64 size = QFileInfo(store).size();
        {
            QFile f(store);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(size / 2 / 4096 * 4096));
            QByteArray junk(4096, Qt::Uninitialized);
            QRandomGenerator rng(20150224);
            for (char &c : junk)
                c = char(rng.bounded(256));
            QCOMPARE(f.write(junk), qint64(junk.size()));
        }
        {
            // The damage is real (SQLite's own check sees it).
            warroom::sql::Connection db;
            QString error;
            QVERIFY(db.open(store, warroom::sql::Connection::Mode::ReadOnly, &error));
            warroom::sql::Statement st = db.prepare("PRAGMA quick_check");
            QVERIFY(st.step() == SQLITE_ROW);
            QVERIFY(st.text(0) != u"ok");
        }
        expectImportRefused(store, QStringLiteral("damaged"), false);
        // Other writers: an operator, a collector.
        const QByteArray before = sha256OfFile(store);
        Run r = runWarroom({QStringLiteral("operator"), QStringLiteral("add"),
                            QStringLiteral("dana"), QStringLiteral("--role"),
                            QStringLiteral("drafter"), QStringLiteral("--store"), store});
        QCOMPARE(r.code, 1);
        QCOMPARE(verdicts(r.err, QStringLiteral("warroom operator: ")).size(), 1);
        r = runWarroom({QStringLiteral("collect"), QStringLiteral("--once"),
                        QStringLiteral("--replay"), sourceFileOrDrill(), QStringLiteral("--speed"),
                        QStringLiteral("1000"), QStringLiteral("--store"), store});
        QCOMPARE(r.code, 1);
        QCOMPARE(verdicts(r.err, QStringLiteral("warroom collect: ")).size(), 1);
        QVERIFY2(r.err.contains(u"damaged"), qPrintable(r.err));
        QCOMPARE(sha256OfFile(store), before);
        // Readers: what they can read, or one line; never a crash, never a write.
        for (const QStringList &args :
             {QStringList{QStringLiteral("stats")},
              QStringList{QStringLiteral("report"), QStringLiteral("--from"),
                          QStringLiteral("2015-02-16T00:00:00Z"), QStringLiteral("--to"),
                          QStringLiteral("2015-02-25T00:00:00Z"), QStringLiteral("--json"),
                          m_dir.filePath(QStringLiteral("corrupt.json"))},
              QStringList{QStringLiteral("export"), QStringLiteral("--format"),
                          QStringLiteral("jsonl"), QStringLiteral("--out"),
                          m_dir.filePath(QStringLiteral("corrupt.jsonl"))}}) {
            r = runWarroom(args + QStringList{QStringLiteral("--store"), store});
            QVERIFY2(!r.crashed, qPrintable(r.err));
            if (r.code != 0)
                QVERIFY2(verdicts(r.err, QStringLiteral("warroom ") + args.first() + u':').size() ==
                             1,
                         qPrintable(r.err));
            qInfo("%s on the damaged store: exit %d %s", qPrintable(args.first()), r.code,
                  qPrintable(verdicts(r.err, QStringLiteral("warroom ")).join(u' ')));
        }
        QCOMPARE(sha256OfFile(store), before);
        expectWindowRefused(store, QStringLiteral("damaged"), false);
    }

private:
    static QString sourceFileOrDrill() {
        return sourceFile(QStringLiteral("resources/drill/orrin_kettlegate.jsonl"));
    }
};

QTEST_GUILESS_MAIN(TestReliabilityStore)
#include "reliability_store.moc"
