#include "publish_rig.h"

#include "common/credentials.h"
#include "workflow/workflowservice.h"

#include <QFile>
#include <QJsonArray>
#include <QThread>
#include <QUrlQuery>

using namespace warroom;
using warroom::test::FakeSocialServer;
using warroom::test::PublishRig;

// Posting with the brand's own accounts against the local fake server (127.0.0.1):
// - the instance's max_characters (v2, v1, max_toot_chars, none) refuses an over-length reply
//   before any post, and is asked once per instance;
// - a mention read on another instance is found on the brand's instance by its uri/url
//   (GET /api/v2/search?resolve=true) and answered with the local id; a decoy search hit is
//   never answered; not found, 429 and a token without read:search say so;
// - the secret comes from the keychain (CredentialStore on the GUI thread, the publisher on
//   the workflow thread); no keychain: one clear line, nothing sent, nothing marked published;
// - Bluesky mentions become facets with the resolved DID at UTF-8 byte offsets.
class TestWorkflowAccounts : public QObject {
    Q_OBJECT

    static constexpr const char *kLong =
        "We are so sorry about your bag. Please send us the file number and we trace it today.";

    static QString query(const FakeSocialServer::Request &r, const char *key) {
        for (const QByteArray &pair : r.query.split('&')) {
            if (pair.startsWith(QByteArray(key) + '='))
                return QUrl::fromPercentEncoding(pair.mid(qsizetype(qstrlen(key)) + 1));
        }
        return {};
    }

    static QByteArrayList paths(const FakeSocialServer &server) {
        QByteArrayList out;
        for (const auto &r : server.requests())
            out.append(r.method + ' ' + r.path);
        return out;
    }

    // A mention read on another instance, the way the live connector stores it.
    static qint64 foreignMention(PublishRig &rig) {
        return rig.f.addMention(
            QStringLiteral("mastodon"),
            QStringLiteral("https://other.example/users/snellbell/statuses/1101"),
            QStringLiteral("https://other.example/@snellbell/1101"),
            QStringLiteral("snellbell@other.example"),
            QStringLiteral("@brand you lost my bag, again"));
    }

private Q_SLOTS:
    void instanceLimitRefusesBeforeAnyPost_data() {
        QTest::addColumn<int>("api");
        QTest::addColumn<QByteArrayList>("asked");
        const QByteArrayList v2{"GET /api/v2/instance"};
        const QByteArrayList v1{"GET /api/v2/instance", "GET /api/v1/instance"};
        QTest::newRow("Mastodon 4: v2") << int(FakeSocialServer::InstanceApi::V2) << v2;
        QTest::newRow("older Mastodon: v1") << int(FakeSocialServer::InstanceApi::V1) << v1;
        QTest::newRow("Pleroma: max_toot_chars")
            << int(FakeSocialServer::InstanceApi::V1MaxTootChars) << v1;
    }

    void instanceLimitRefusesBeforeAnyPost() {
        QFETCH(int, api);
        QFETCH(QByteArrayList, asked);
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.setInstanceApi(FakeSocialServer::InstanceApi(api));
        rig.server.setMaxCharacters(60); // stricter than Mastodon's 500
        QSignalSpy learned(rig.publisher.get(), &Publisher::instanceLimitLearned);
        const qint64 id = rig.approved(QString::fromLatin1(kLong), rig.f.mastodonMention);
        QVERIFY(id);
        QString error;
        QVERIFY(!rig.publish(id, &error));
        QCOMPARE(error,
                 QStringLiteral("the reply is 85 characters; 127.0.0.1 allows 60: shorten it"));
        QCOMPARE(paths(rig.server), asked); // asked, and never posted
        QCOMPARE(learned.size(), 1);
        QCOMPARE(learned.first().at(1).toInt(), 60);
        const Reply r = *rig.f.wf->reply(id);
        QCOMPARE(r.state, ReplyState::Approved); // not lost, not published
        QCOMPARE(r.lastError, error);

        // Asked once: a short reply goes straight to the post.
        const qint64 ok = rig.approved(QStringLiteral("We are sorry: DM us the file number."),
                                       rig.f.mastodonMention);
        QVERIFY(rig.publish(ok));
        QCOMPARE(paths(rig.server), asked + QByteArrayList{"POST /api/v1/statuses"});
    }

    void noInstanceLimitMeans500() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.setInstanceApi(FakeSocialServer::InstanceApi::None);
        const qint64 id = rig.approved(QString::fromLatin1(kLong), rig.f.mastodonMention);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        QCOMPARE(paths(rig.server), (QByteArrayList{"GET /api/v2/instance", "GET /api/v1/instance",
                                                    "POST /api/v1/statuses"}));
    }

    void theAccountsLimitHoldsInEveryDoor() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        PublishingAccount a;
        a.channel = QStringLiteral("mastodon");
        a.baseUrl = rig.server.baseUrl();
        a.handle = QStringLiteral("brand");
        QVERIFY(rig.f.wf->setPublishingAccount(rig.f.lead, a));
        QVERIFY(rig.f.wf->setInstanceLimit(rig.server.baseUrl(), 60));
        QCOMPARE(rig.f.wf->publishingAccount(QStringLiteral("mastodon")).maxCharacters, 60);
        // Submission counts against the instance's own limit.
        const qint64 id = rig.f.draft(QString::fromLatin1(kLong));
        const Outcome o = rig.f.wf->submit(rig.f.drafter, id);
        QVERIFY(!o);
        QCOMPARE(o.error,
                 QStringLiteral("reply %1 is too long for mastodon: 85 of 60 characters").arg(id));
        // Another instance's limit does not touch the account.
        QVERIFY(rig.f.wf->setInstanceLimit(QUrl(QStringLiteral("https://elsewhere.example")), 9));
        QCOMPARE(rig.f.wf->publishingAccount(QStringLiteral("mastodon")).maxCharacters, 60);
    }

    void accountsAreTheLeadsAndHoldNoSecret() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        PublishingAccount a;
        a.channel = QStringLiteral("mastodon");
        a.baseUrl = PublishingAccount::normaliseBase(QStringLiteral("Mastodon.Social/"));
        a.handle =
            PublishingAccount::normaliseHandle(a.channel, QStringLiteral("@brand@mastodon.social"));
        QCOMPARE(a.baseUrl, QUrl(QStringLiteral("https://mastodon.social")));
        QCOMPARE(a.handle, QStringLiteral("brand"));
        QCOMPARE(a.label(), QStringLiteral("@brand@mastodon.social"));
        QCOMPARE(a.keychainKey(), QStringLiteral("publish:mastodon:mastodon.social:brand"));
        const Outcome drafter = rig.f.wf->setPublishingAccount(rig.f.spokes, a);
        QVERIFY(!drafter);
        QCOMPARE(drafter.error,
                 QStringLiteral("only the crisis lead sets the accounts we post with"));
        QVERIFY(rig.f.wf->setPublishingAccount(rig.f.lead, a));
        PublishingAccount clear = a;
        clear.baseUrl = QUrl(QStringLiteral("http://mastodon.social"));
        const Outcome o = rig.f.wf->setPublishingAccount(rig.f.lead, clear);
        QVERIFY(!o);
        QVERIFY(o.error.contains(QStringLiteral("in clear")));
        QCOMPARE(rig.f.wf->publishingAccounts(), QList<PublishingAccount>{a});
        QVERIFY(rig.f.wf->removePublishingAccount(rig.f.lead, QStringLiteral("mastodon")));
        QVERIFY(rig.f.wf->publishingAccounts().isEmpty());
    }

    void foreignMentionIsResolvedOnTheBrandsInstance() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        const qint64 mention = foreignMention(rig);
        QVERIFY(mention);
        rig.server.addRemoteStatus(
            QStringLiteral("https://other.example/users/snellbell/statuses/1101"),
            QStringLiteral("https://other.example/@snellbell/1101"),
            QStringLiteral("109000000000000777"));
        const qint64 id =
            rig.approved(QStringLiteral("We are sorry: DM us the file number."), mention);
        QVERIFY(id);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        const auto searches = rig.server.requestsTo("/api/v2/search");
        QCOMPARE(searches.size(), 1);
        const auto &s = searches.first();
        QCOMPARE(s.method, QByteArray("GET"));
        QCOMPARE(s.headers.value("authorization"), QByteArray("Bearer mastodon-test-token"));
        QCOMPARE(query(s, "q"),
                 QStringLiteral("https://other.example/users/snellbell/statuses/1101"));
        QCOMPARE(query(s, "resolve"), QStringLiteral("true"));
        QCOMPARE(query(s, "type"), QStringLiteral("statuses"));
        // The search also returned a post quoting the URL (id 999): not the one we answer.
        const auto posts = rig.server.requestsTo("/api/v1/statuses");
        QCOMPARE(posts.size(), 1);
        QCOMPARE(posts.first().json().value(QStringLiteral("in_reply_to_id")).toString(),
                 QStringLiteral("109000000000000777"));
        QCOMPARE(rig.f.wf->reply(id)->state, ReplyState::Published);
    }

    void foreignMentionFoundByItsWebUrl() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        const qint64 mention = foreignMention(rig);
        // This instance knows the post only under its web address.
        rig.server.addRemoteStatus(QStringLiteral("https://other.example/objects/x"),
                                   QStringLiteral("https://other.example/@snellbell/1101"),
                                   QStringLiteral("109000000000000778"));
        const qint64 id =
            rig.approved(QStringLiteral("We are sorry: DM us the file number."), mention);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        const auto searches = rig.server.requestsTo("/api/v2/search");
        QCOMPARE(searches.size(), 2);
        QCOMPARE(query(searches.at(1), "q"),
                 QStringLiteral("https://other.example/@snellbell/1101"));
        QCOMPARE(rig.server.statuses().first().value(QStringLiteral("in_reply_to_id")).toString(),
                 QStringLiteral("109000000000000778"));
    }

    void foreignMentionNotFoundIsRefusedWithoutPosting() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        const qint64 id = rig.approved(QStringLiteral("We are sorry: DM us the file number."),
                                       foreignMention(rig));
        QString error;
        QVERIFY(!rig.publish(id, &error));
        QCOMPARE(error, QStringLiteral("cannot find the post we answer on 127.0.0.1: "
                                       "https://other.example/users/snellbell/statuses/1101 "
                                       "(deleted, private, or 127.0.0.1 cannot fetch it from its "
                                       "server)"));
        QCOMPARE(rig.server.requestsTo("/api/v2/search").size(), 2); // uri, url: bounded
        QVERIFY(rig.server.requestsTo("/api/v1/statuses").isEmpty());
        QCOMPARE(rig.f.wf->reply(id)->state, ReplyState::Approved);
    }

    void searchRateLimitedWaitsForTheReset() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        const qint64 mention = foreignMention(rig);
        rig.server.addRemoteStatus(
            QStringLiteral("https://other.example/users/snellbell/statuses/1101"), QString(),
            QStringLiteral("109000000000000777"));
        rig.server.setRateLimitWait(1);
        rig.server.queueFault("/api/v2/search", FakeSocialServer::Fault::Status429);
        const qint64 id =
            rig.approved(QStringLiteral("We are sorry: DM us the file number."), mention);
        QSignalSpy retries(rig.publisher.get(), &Publisher::attemptFailed);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        const auto searches = rig.server.requestsTo("/api/v2/search");
        QCOMPARE(searches.size(), 2);
        QVERIFY2(searches.at(0).at.msecsTo(searches.at(1).at) >= 400,
                 qPrintable(QString::number(searches.at(0).at.msecsTo(searches.at(1).at))));
        QCOMPARE(retries.size(), 1);
        QVERIFY(retries.first().at(1).toString().startsWith(QStringLiteral("HTTP 429")));
        QCOMPARE(rig.server.statuses().size(), 1);
    }

    void searchRefusedNamesTheScope() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        auto wrong = std::make_shared<StaticCredentials>();
        wrong->set(QStringLiteral("mastodon"),
                   {rig.server.baseUrl(), QStringLiteral("write-only-token"), {}, {}});
        rig.setProvider(wrong);
        const qint64 id = rig.approved(QStringLiteral("We are sorry: DM us the file number."),
                                       foreignMention(rig));
        QString error;
        QVERIFY(!rig.publish(id, &error));
        QVERIFY2(error.startsWith(QStringLiteral("127.0.0.1 refused to look up the post we answer "
                                                 "(the token needs the read:search scope): "
                                                 "HTTP 401")),
                 qPrintable(error));
        QVERIFY(rig.server.requestsTo("/api/v1/statuses").isEmpty());
    }

    void statusOfTheBrandsOwnInstanceNeedsNoSearch() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        const QString base = rig.server.baseUrl().toString();
        const qint64 mention =
            rig.f.addMention(QStringLiteral("mastodon"),
                             base + QStringLiteral("/users/snellbell/statuses/109000000000000001"),
                             base + QStringLiteral("/@snellbell/109000000000000001"),
                             QStringLiteral("snellbell"), QStringLiteral("@brand where is my bag"));
        const qint64 id =
            rig.approved(QStringLiteral("We are sorry: DM us the file number."), mention);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        QVERIFY(rig.server.requestsTo("/api/v2/search").isEmpty());
        QCOMPARE(rig.server.statuses().first().value(QStringLiteral("in_reply_to_id")).toString(),
                 QStringLiteral("109000000000000001"));
        QCOMPARE(Publisher::localStatusId(QStringLiteral("https://a.example/@x/12"),
                                          QUrl(QStringLiteral("https://b.example"))),
                 QString());
    }

    // The app's arrangement: the keychain's CredentialStore on this (GUI) thread, the publisher
    // inside WorkflowService on its own thread; the account comes from the store.
    void keychainAccountPostsFromTheWorkflowThread() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        CredentialStore keychain;
        keychain.setInMemoryForTesting(true);
        PublishingAccount a;
        a.channel = QStringLiteral("mastodon");
        a.baseUrl = rig.server.baseUrl();
        a.handle = QStringLiteral("brand");
        QVERIFY(rig.f.wf->setPublishingAccount(rig.f.lead, a));
        bool saved = false;
        keychain.write(a.keychainKey(), QString::fromLatin1(FakeSocialServer::kToken), &keychain,
                       [&](const QString &error) { saved = error.isEmpty(); });
        QVERIFY(QTest::qWaitFor([&] { return saved; }, 2000));

        const qint64 id = rig.approved(QStringLiteral("We are sorry: DM us the file number."),
                                       rig.f.mastodonMention);
        QThread thread;
        auto *service = new WorkflowService(rig.f.store.path(),
                                            std::make_shared<KeychainCredentials>(&keychain));
        service->moveToThread(&thread);
        connect(&thread, &QThread::started, service, &WorkflowService::open);
        connect(&thread, &QThread::finished, service, &QObject::deleteLater);
        QSignalSpy published(service, &WorkflowService::published);
        QSignalSpy accounts(service, &WorkflowService::accountsChanged);
        thread.start();
        QVERIFY(QTest::qWaitFor([&] { return accounts.size() > 0; }, 5000));
        const qint64 actor = rig.f.spokes;
        QMetaObject::invokeMethod(service,
                                  [service, actor, id] { service->publishNow(actor, id); });
        QVERIFY(QTest::qWaitFor([&] { return published.size() == 1; }, 10000));
        thread.quit();
        thread.wait();
        const auto posts = rig.server.requestsTo("/api/v1/statuses");
        QCOMPARE(posts.size(), 1);
        QCOMPARE(posts.first().headers.value("authorization"),
                 QByteArray("Bearer mastodon-test-token"));
        QCOMPARE(rig.f.wf->reply(id)->state, ReplyState::Published);
        // The instance's limit was learned at open() and kept on the account.
        QCOMPARE(rig.f.wf->publishingAccount(QStringLiteral("mastodon")).maxCharacters, 500);
        // The secret is nowhere in the store file.
        QFile file(rig.f.store.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(FakeSocialServer::kToken));
    }

    void noKeychainIsOneClearLineAndNothingIsSent() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        CredentialStore keychain;
        keychain.setUnavailableForTesting(true);
        rig.setProvider(std::make_shared<KeychainCredentials>(&keychain));
        PublishingAccount a;
        a.channel = QStringLiteral("mastodon");
        a.baseUrl = rig.server.baseUrl();
        a.handle = QStringLiteral("brand");
        QVERIFY(rig.f.wf->setPublishingAccount(rig.f.lead, a));
        const qint64 id = rig.approved(QStringLiteral("We are sorry: DM us the file number."),
                                       rig.f.mastodonMention);
        QString error;
        QVERIFY(!rig.publish(id, &error));
        QVERIFY2(error.startsWith(QStringLiteral("no credentials for mastodon @brand@127.0.0.1: "
                                                 "No system keychain is available")),
                 qPrintable(error));
        QVERIFY(!error.contains(u'\n'));
        QVERIFY(rig.server.requests().isEmpty());
        const Reply r = *rig.f.wf->reply(id);
        QCOMPARE(r.state, ReplyState::Approved);
        QCOMPARE(r.lastError, error);
        QVERIFY(rig.f.wf->dueForRelease().isEmpty()); // waits for a human, not retried blindly
    }

    void noAccountSetUpSaysWhereToSetIt() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        CredentialStore keychain;
        keychain.setInMemoryForTesting(true);
        rig.setProvider(std::make_shared<KeychainCredentials>(&keychain));
        const qint64 id =
            rig.approved(QStringLiteral("We are sorry about your bag."), rig.f.blueskyMention);
        QString error;
        QVERIFY(!rig.publish(id, &error));
        QCOMPARE(error,
                 QStringLiteral("no bluesky account is set up (Answer → Publishing accounts…)"));
        // An account without a saved secret.
        PublishingAccount a;
        a.channel = QStringLiteral("bluesky");
        a.baseUrl = rig.server.baseUrl();
        a.handle = QString::fromLatin1(FakeSocialServer::kIdentifier);
        QVERIFY(rig.f.wf->setPublishingAccount(rig.f.lead, a));
        QVERIFY(!rig.publish(id, &error));
        QCOMPARE(error, QStringLiteral("no credentials for bluesky brand.example: no app password "
                                       "saved in the keychain (Answer → Publishing accounts…)"));
        QVERIFY(rig.server.requests().isEmpty());
        // Saved: it goes out.
        bool saved = false;
        keychain.write(a.keychainKey(), QString::fromLatin1(FakeSocialServer::kAppPassword),
                       &keychain, [&](const QString &e) { saved = e.isEmpty(); });
        QVERIFY(QTest::qWaitFor([&] { return saved; }, 2000));
        QVERIFY(rig.publish(id, &error));
        QCOMPARE(rig.server.blueskyPosts().size(), 1);
    }

    void blueskyMentionsBecomeFacetsWithTheirDid() {
        PublishRig rig;
        QVERIFY(rig.setUp());
        rig.server.addHandle(QStringLiteral("gianagon.bsky.social"),
                             QStringLiteral("did:plc:gianagon"));
        const QString text = QStringLiteral(
            "@gianagon.bsky.social 🙏 sorry! Ask @nobody.example or see https://example.com/t "
            "#VX112 (@Gianagon.bsky.social.)");
        const qint64 id = rig.approved(text, rig.f.blueskyMention);
        QVERIFY(id);
        QString why;
        QVERIFY2(rig.publish(id, &why), qPrintable(why));
        const auto resolves = rig.server.requestsTo("/xrpc/com.atproto.identity.resolveHandle");
        QCOMPARE(resolves.size(), 2); // each handle once, whatever its case
        QCOMPARE(query(resolves.at(0), "handle"), QStringLiteral("gianagon.bsky.social"));
        QCOMPARE(query(resolves.at(1), "handle"), QStringLiteral("nobody.example"));
        const QJsonObject record = rig.server.requestsTo("/xrpc/com.atproto.repo.createRecord")
                                       .first()
                                       .json()
                                       .value(QStringLiteral("record"))
                                       .toObject();
        const QByteArray utf8 = text.toUtf8();
        QStringList seen;
        for (const QJsonValue &v : record.value(QStringLiteral("facets")).toArray()) {
            const QJsonObject f = v.toObject();
            const QJsonObject index = f.value(QStringLiteral("index")).toObject();
            const int start = index.value(QStringLiteral("byteStart")).toInt();
            const int end = index.value(QStringLiteral("byteEnd")).toInt();
            const QJsonObject feature =
                f.value(QStringLiteral("features")).toArray().first().toObject();
            const QString type = feature.value(QStringLiteral("$type")).toString();
            seen.append(type.section(u'#', 1) + u'=' +
                        QString::fromUtf8(utf8.mid(start, end - start)));
            if (type.endsWith(u"#mention"))
                QCOMPARE(feature.value(QStringLiteral("did")).toString(),
                         QStringLiteral("did:plc:gianagon"));
        }
        // The unknown handle is left as text; the trailing "." is not part of the handle.
        QCOMPARE(seen, (QStringList{QStringLiteral("mention=@gianagon.bsky.social"),
                                    QStringLiteral("mention=@Gianagon.bsky.social"),
                                    QStringLiteral("link=https://example.com/t"),
                                    QStringLiteral("tag=#VX112")}));
        QCOMPARE(rig.server.blueskyPosts().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestWorkflowAccounts)
#include "workflow_accounts.moc"
