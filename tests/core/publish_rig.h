#pragma once

#include "fakesocialserver.h"
#include "workflow_fixture.h"

#include "workflow/publisher.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

// A workflow fixture, a local fake Mastodon/Bluesky and a Publisher with short waits; publish()
// feeds the result back like WorkflowService does. Test thread.
namespace warroom::test {

struct PublishRig {
    WorkflowFixture f;
    FakeSocialServer server;
    std::shared_ptr<StaticCredentials> creds = std::make_shared<StaticCredentials>();
    std::unique_ptr<Publisher> publisher;

    bool setUp() {
        if (!f.setUp() || !server.listen())
            return false;
        server.addMastodonStatus(QStringLiteral("109000000000000001"));
        server.addBlueskyPost(
            QStringLiteral("did:plc:gianagon"), QStringLiteral("3kabc"),
            QStringLiteral("@VirginAmerica everything was fine until you lost my bag"));
        creds->set(QStringLiteral("mastodon"),
                   {server.baseUrl(), QString::fromLatin1(FakeSocialServer::kToken), {}, {}});
        creds->set(QStringLiteral("bluesky"),
                   {server.baseUrl(),
                    {},
                    QString::fromLatin1(FakeSocialServer::kIdentifier),
                    QString::fromLatin1(FakeSocialServer::kAppPassword)});
        publisher = std::make_unique<Publisher>(creds);
        PublisherOptions o;
        o.baseBackoffMs = 50;
        o.requestTimeoutMs = 1500;
        o.maxAttempts = 4;
        publisher->setOptions(o);
        return true;
    }

    // Posts through `provider` from now on (same options).
    void setProvider(std::shared_ptr<const CredentialProvider> provider) {
        const PublisherOptions o = publisher->options();
        publisher = std::make_unique<Publisher>(std::move(provider));
        publisher->setOptions(o);
    }

    qint64 approved(const QString &text, qint64 mention) {
        const qint64 id = f.draft(text, mention);
        if (!f.wf->submit(f.drafter, id) || !f.wf->approve(f.spokes, QStringLiteral("4321"), id))
            return 0;
        return id;
    }

    // Publishes through a ticket and feeds the result back like WorkflowService does.
    bool publish(qint64 id, QString *error = nullptr) {
        QString why;
        std::optional<PublishTicket> t = f.wf->beginPublish(f.drafter, id, &why);
        if (!t) {
            if (error)
                *error = why;
            return false;
        }
        QSignalSpy ok(publisher.get(), &Publisher::published);
        QSignalSpy failed(publisher.get(), &Publisher::failed);
        publisher->publish(*t);
        if (!QTest::qWaitFor([&] { return ok.size() + failed.size() > 0; }, 20000))
            return false;
        if (!ok.isEmpty()) {
            return f.wf
                ->completePublish(*t, f.drafter, ok.first().at(1).toString(),
                                  ok.first().at(2).toString())
                .ok;
        }
        if (error)
            *error = failed.first().at(1).toString();
        (void)f.wf->failPublish(*t, failed.first().at(1).toString(),
                                failed.first().at(2).toDateTime());
        return false;
    }
};

} // namespace warroom::test
