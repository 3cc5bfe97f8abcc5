#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <unistd.h>

// The Debian package as a user meets it: it installs, the program runs, it removes cleanly.
class TestPackage : public QObject {
    Q_OBJECT

    static QString run(const QString &program, const QStringList &args, int *code,
                       const QString &dir = {}) {
        QProcess p;
        if (!dir.isEmpty())
            p.setWorkingDirectory(dir);
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(program, args);
        if (!p.waitForFinished(600000)) {
            *code = -1;
            return QStringLiteral("timed out");
        }
        *code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        return QString::fromLocal8Bit(p.readAll());
    }

private Q_SLOTS:
    void installRunRemove() {
        if (geteuid() != 0)
            QSKIP("installing a .deb needs root (CI runs as root)");
        int code = 0;
        QString out = run(QStringLiteral("dpkg-query"),
                          {QStringLiteral("-W"), QStringLiteral("warroom")}, &code);
        if (code == 0)
            QSKIP("a warroom package is already installed on this machine; not touching it");

        const QString build = QStringLiteral(WARROOM_BUILD_DIR);
        out = run(QStringLiteral("cpack"), {QStringLiteral("-G"), QStringLiteral("DEB")}, &code,
                  build);
        QVERIFY2(code == 0, qPrintable(out));
        const QString deb = build + QStringLiteral("/warroom_" WARROOM_VERSION_STRING "_amd64.deb");
        QVERIFY2(QFile::exists(deb), qPrintable(out));

        out = run(QStringLiteral("dpkg"), {QStringLiteral("-i"), deb}, &code);
        QVERIFY2(code == 0, qPrintable(out));
        out = run(QStringLiteral("/usr/bin/warroom"), {QStringLiteral("--version")}, &code);
        const bool ran =
            code == 0 && out.startsWith(QStringLiteral("warroom " WARROOM_VERSION_STRING));
        QVERIFY(QFile::exists(
            QStringLiteral("/usr/share/applications/io.github.warroom.WarRoom.desktop")));
        QVERIFY(QFile::exists(
            QStringLiteral("/usr/share/metainfo/io.github.warroom.WarRoom.metainfo.xml")));

        const QString removed =
            run(QStringLiteral("dpkg"), {QStringLiteral("-r"), QStringLiteral("warroom")}, &code);
        QVERIFY2(code == 0, qPrintable(removed));
        QVERIFY2(ran, qPrintable(out));
        QVERIFY(!QFile::exists(QStringLiteral("/usr/bin/warroom")));
        QVERIFY(!QFile::exists(
            QStringLiteral("/usr/share/applications/io.github.warroom.WarRoom.desktop")));
        run(QStringLiteral("dpkg-query"), {QStringLiteral("-W"), QStringLiteral("warroom")}, &code);
        QVERIFY(code != 0 || run(QStringLiteral("dpkg-query"),
                                 {QStringLiteral("-W"), QStringLiteral("-f=${Status}"),
                                  QStringLiteral("warroom")},
                                 &code)
                                 .contains(QStringLiteral("deinstall")));
    }
};

QTEST_GUILESS_MAIN(TestPackage)
#include "tst_package.moc"
