// Secrets and trust (issue 9): a Mastodon token is configured through the real credential path
// (CredentialStore / QtKeychain; in CI there is no keyring daemon, and it must refuse rather than
// fall back to a file), then used by `warroom collect` and `warroom reply publish` against local
// servers. The token's bytes are nowhere afterwards: not in the store (its -wal included), not
// in any settings or other file under HOME / XDG dirs, not in anything the commands printed.
// PINs are salted and hashed: no PIN text in the operators table, the same PIN hashes twice
// differently.
#include "common/credentials.h"
#include "common/sourceconfig.h"
#include "fakesocialserver.h"
#include "recordedserver.h"
#include "reliability_support.h"
#include "store/sqlite.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace warroom::test;

namespace {

constexpr const char *kPin = "pin-Zq7#Kv";

// Every form a careless write could take: UTF-8, UTF-16 (QSettings/QString dumps), base64.
QList<QByteArray> forms(const QString &secret) {
    const QByteArray utf8 = secret.toUtf8();
    return {utf8, QByteArray(reinterpret_cast<const char *>(secret.utf16()), secret.size() * 2),
            utf8.toBase64()};
}

} // namespace

class TestReliabilitySecrets : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_home;
    QString m_token;
    QString m_keychainOutcome;
    QStringList m_printed; // everything every command wrote to stdout/stderr

    QString store() const { return m_dir.filePath(QStringLiteral("store/warroom.sqlite")); }

    Run warroom(QStringList args, const QProcessEnvironment &env) {
        args << QStringLiteral("--store") << store();
        const Run r = runWarroom(args, env);
        m_printed << r.out << r.err;
        return r;
    }

    QProcessEnvironment env() const {
        QProcessEnvironment e = childEnvironment(m_home);
        // No session bus: the keychain is unavailable, as on a CI runner.
        e.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        return e;
    }

    // Files under the temporary root (store, HOME, XDG dirs, settings) holding the secret.
    QStringList leaks(const QString &secret) const {
        QStringList hits;
        for (const QByteArray &form : forms(secret))
            hits += filesContaining(m_dir.path(), form);
        hits.removeDuplicates();
        return hits;
    }

private Q_SLOTS:
    void initTestCase() {
        m_home = m_dir.filePath(QStringLiteral("home"));
        const QProcessEnvironment e = env();
        // This process too: the credential path below runs here, with the same HOME.
        for (const char *name :
             {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
            qputenv(name, e.value(QString::fromLatin1(name)).toLocal8Bit());
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        QDir().mkpath(m_dir.filePath(QStringLiteral("store")));
        m_token = QStringLiteral("wrtok-%1")
                      .arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    }

    // The Sources dialog's path: the token goes to the keychain. Without one it is refused
    // with the message the dialog shows; with one it is stored there. Never in a file.
    void tokenThroughTheCredentialStore() {
        warroom::CredentialStore credentials;
        QString writeError = QStringLiteral("(no answer)");
        bool answered = false;
        credentials.write(QStringLiteral("mastodon:127.0.0.1:brand"), m_token, this,
                          [&](const QString &error) {
                              writeError = error;
                              answered = true;
                          });
        QVERIFY(QTest::qWaitFor([&] { return answered; }, 30000));
        if (writeError.isEmpty()) {
            // A keyring is running here: the token is in it and reads back.
            QString back;
            answered = false;
            credentials.read(QStringLiteral("mastodon:127.0.0.1:brand"), this,
                             [&](const QString &secret, const QString &) {
                                 back = secret;
                                 answered = true;
                             });
            QVERIFY(QTest::qWaitFor([&] { return answered; }, 30000));
            QCOMPARE(back, m_token);
            m_keychainOutcome = QStringLiteral("stored in the running keyring");
            credentials.remove(QStringLiteral("mastodon:127.0.0.1:brand"), this,
                               [](const QString &) {});
        } else {
            QVERIFY2(writeError.contains(u"keychain", Qt::CaseInsensitive), qPrintable(writeError));
            m_keychainOutcome = QStringLiteral("refused: ") + writeError;
        }
        qInfo("credential store: %s", qPrintable(m_keychainOutcome));
        QVERIFY2(leaks(m_token).isEmpty(), qPrintable(leaks(m_token).join(u", ")));
        QVERIFY(!writeError.contains(m_token));
    }

    // The headless collector with the token (keychain, else WARROOM_MASTODON_TOKEN) against a
    // local instance, then publishing with a token: the tokens are used, and left nowhere.
    void collectAndPublishLeaveNoToken() {
        RecordedServer instance;
        QVERIFY(instance.listen());
        QVERIFY(serveRecordedHashtag(instance));
        FakeSocialServer social;
        QVERIFY(social.listen());
        const QString publishToken = QString::fromLatin1(FakeSocialServer::kToken);

        // While the commands run, this connection keeps the store's -wal file alive to be
        // scanned too (SQLite removes it when the last connection closes).
        warroom::sql::Connection holder;
        QString error;

        QProcessEnvironment e = env();
        e.insert(QStringLiteral("WARROOM_MASTODON_TOKEN"), m_token);
        Run r = warroom({QStringLiteral("collect"), QStringLiteral("--once"),
                         QStringLiteral("--mastodon"), instance.base(), QStringLiteral("--tag"),
                         QString::fromLatin1(kRecordedTag), QStringLiteral("--mastodon-account"),
                         QStringLiteral("brand")},
                        e);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY(holder.open(store(), warroom::sql::Connection::Mode::ReadWrite, &error));
        QVERIFY(holder.exec("PRAGMA journal_mode = WAL"));
        // The token was used: the instance saw it.
        const auto requests = instance.requests(QStringLiteral("/api/v1/timelines/tag/") +
                                                QLatin1String(kRecordedTag));
        QVERIFY(!requests.isEmpty());
        QCOMPARE(requests.first().headers.value("authorization"), "Bearer " + m_token.toUtf8());
        // A second run resumes (a write with the checkpoint while the -wal is held).
        r = warroom({QStringLiteral("collect"), QStringLiteral("--once"),
                     QStringLiteral("--mastodon"), instance.base(), QStringLiteral("--tag"),
                     QString::fromLatin1(kRecordedTag), QStringLiteral("--mastodon-account"),
                     QStringLiteral("brand")},
                    e);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));

        // Publish a reply to a collected post with a (different) token.
        QString mentionId;
        {
            // A post of another server (its uri): the posting instance finds it by search.
            warroom::sql::Statement st = holder.prepare(
                "SELECT source_id, url FROM mentions WHERE source = 'mastodon' LIMIT 1");
            QCOMPARE(st.step(), SQLITE_ROW);
            mentionId = st.text(0);
            social.addRemoteStatus(mentionId, st.text(1), QStringLiteral("109000000000000777"));
        }
        QProcessEnvironment p = env();
        p.insert(QStringLiteral("WARROOM_MASTODON_URL"), social.baseUrl().toString());
        p.insert(QStringLiteral("WARROOM_MASTODON_TOKEN"), publishToken);
        for (const char *who : {"dana", "sam", "kim"}) {
            r = warroom(
                {QStringLiteral("operator"), QStringLiteral("add"), QString::fromLatin1(who),
                 QStringLiteral("--role"),
                 QString::fromLatin1(qstrcmp(who, "dana") == 0 ? "drafter" : "spokesperson"),
                 QStringLiteral("--pin"), QString::fromLatin1(kPin)},
                p);
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        r = warroom({QStringLiteral("reply"), QStringLiteral("draft"), QStringLiteral("--as"),
                     QStringLiteral("dana"), QStringLiteral("--mention"), mentionId,
                     QStringLiteral("--source"), QStringLiteral("mastodon"),
                     QStringLiteral("--text"),
                     QStringLiteral("Thank you for flagging this; we are looking into it now.")},
                    p);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString id = r.out.trimmed();
        QCOMPARE(warroom({QStringLiteral("reply"), QStringLiteral("submit"), id,
                          QStringLiteral("--as"), QStringLiteral("dana")},
                         p)
                     .code,
                 0);
        r = warroom({QStringLiteral("reply"), QStringLiteral("approve"), id, QStringLiteral("--as"),
                     QStringLiteral("sam"), QStringLiteral("--pin"), QString::fromLatin1(kPin)},
                    p);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = warroom({QStringLiteral("reply"), QStringLiteral("publish"), id, QStringLiteral("--as"),
                     QStringLiteral("dana"), QStringLiteral("--channel"),
                     QStringLiteral("mastodon")},
                    p);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(social.statuses().size(), 1);
        QCOMPARE(social.requestsTo("/api/v1/statuses").first().headers.value("authorization"),
                 "Bearer " + publishToken.toUtf8());

        // The window on the same store and HOME, with the source the Sources dialog would have
        // saved (its token only in the keychain, here none): it writes its settings file and
        // asks the keychain for the token as it starts the source.
        warroom::SourceConfig source;
        source.kind = QStringLiteral("mastodon");
        source.instances = {instance.base()};
        source.hashtags = {QString::fromLatin1(kRecordedTag)};
        source.account = QStringLiteral("brand");
        const QString sources = m_home + QStringLiteral("/data/warroom/warroom/sources.json");
        QDir().mkpath(QFileInfo(sources).absolutePath());
        QFile file(sources);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(warroom::sourcesToJson({source}));
        file.close();
        r = warroom({QStringLiteral("--screenshot"), m_dir.filePath(QStringLiteral("shot.png"))},
                    env());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(QFileInfo::exists(m_home + QStringLiteral("/config/warroom/warroom.conf")),
                 "the window saved no settings file to scan");

        // The scan: the store with its -wal, HOME and XDG dirs (settings included), output.
        QVERIFY2(QFileInfo::exists(store() + QStringLiteral("-wal")),
                 "the -wal file should be there to be scanned");
        QStringList scanned;
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            scanned << QDir(m_dir.path()).relativeFilePath(it.next());
        qInfo("scanned %lld files: %s", qint64(scanned.size()), qPrintable(scanned.join(u", ")));
        for (const QString &secret : {m_token, publishToken}) {
            QVERIFY2(leaks(secret).isEmpty(),
                     qPrintable(secret + QStringLiteral(" found in ") + leaks(secret).join(u", ")));
            for (const QString &printed : std::as_const(m_printed))
                QVERIFY2(!printed.contains(secret), qPrintable(printed));
        }
    }

    // PINs: salted PBKDF2, never their text; the same PIN twice gives two different hashes.
    void pinsAreSaltedAndHashed() {
        warroom::sql::Connection db;
        QString error;
        QVERIFY(db.open(store(), warroom::sql::Connection::Mode::ReadOnly, &error));
        warroom::sql::Statement st = db.prepare("SELECT * FROM operators ORDER BY id");
        QList<QByteArray> salts, hashes;
        const int columns = sqlite3_column_count(st.handle());
        int rows = 0;
        while (st.step() == SQLITE_ROW) {
            ++rows;
            for (int c = 0; c < columns; ++c) {
                const QByteArray cell(
                    static_cast<const char *>(sqlite3_column_blob(st.handle(), c)),
                    sqlite3_column_bytes(st.handle(), c));
                QVERIFY2(!cell.contains(kPin), sqlite3_column_name(st.handle(), c));
                const QByteArray column = sqlite3_column_name(st.handle(), c);
                if (column == "pin_salt")
                    salts << cell;
                if (column == "pin_hash")
                    hashes << cell;
            }
        }
        QCOMPARE(rows, 3); // dana, sam, kim: the same PIN
        QCOMPARE(hashes.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(salts.at(i).size(), 16);
            QVERIFY2(hashes.at(i).startsWith("pbkdf2-sha256$"), hashes.at(i).constData());
            for (int j = i + 1; j < 3; ++j) {
                QVERIFY(salts.at(i) != salts.at(j));
                QVERIFY(hashes.at(i) != hashes.at(j));
            }
        }
        QVERIFY2(leaks(QString::fromLatin1(kPin)).isEmpty(),
                 qPrintable(leaks(QString::fromLatin1(kPin)).join(u", ")));
        qInfo("3 operators with one PIN: 3 salts, 3 different PBKDF2 hashes (%s...)",
              hashes.first().left(22).constData());
    }
};

QTEST_GUILESS_MAIN(TestReliabilitySecrets)
#include "reliability_secrets.moc"
