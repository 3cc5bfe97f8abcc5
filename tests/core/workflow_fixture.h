#pragma once

#include "store/mentionwriter.h"
#include "store/store.h"
#include "tempstore.h"
#include "testdata.h"
#include "workflow/replyworkflow.h"

#include <QTest>

#include <memory>

// A store with operators and mentions, and a ReplyWorkflow on its own writer connection.
// The mentions are real complaints from ../shared/data/airline-tweets (Crowdflower, CC BY-NC-SA),
// re-homed on Mastodon and Bluesky so that replies have a channel to go to.
namespace warroom::test {

struct WorkflowFixture {
    TempStore store;
    sql::Connection db;
    std::unique_ptr<ReplyWorkflow> wf;
    qint64 drafter = 0;  // "dana", drafter, PIN 1111
    qint64 drafter2 = 0; // "dimitri", drafter, PIN 2222
    qint64 spokes = 0;   // "sam", spokesperson, PIN 4321
    qint64 lead = 0;     // "lee", lead, PIN 9876
    qint64 analyst = 0;  // "ana", analyst, PIN 5555
    qint64 mastodonMention = 0;
    qint64 blueskyMention = 0;
    qint64 twitterMention = 0;
    QDateTime clock = QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);

    static constexpr const char *kLostBag =
        "@VirginAmerica lost my luggage 4 days ago on flight VX 112 from LAX to IAD & I'm calling "
        "every day, no response.Please give me back my stuff";

    bool setUp() {
        MentionWriter writer;
        QString error;
        if (!writer.open(store.path(), &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        MentionBatch batch;
        auto mention = [&](const QString &source, const QString &id, const QString &author,
                           const QString &text) {
            Mention m;
            m.source = source;
            m.sourceId = id;
            m.authorHandle = author;
            m.text = text;
            m.language = QStringLiteral("en");
            m.createdAt = clock.addSecs(-3600);
            m.ingestedAt = clock.addSecs(-3590);
            m.sentiment = Sentiment::Negative;
            m.sentimentScore = -0.7;
            m.status = MentionStatus::NeedsReply;
            batch.append(m);
        };
        mention(QStringLiteral("mastodon"), QStringLiteral("109000000000000001"),
                QStringLiteral("snellbell"), QString::fromLatin1(kLostBag));
        mention(QStringLiteral("bluesky"),
                QStringLiteral("at://did:plc:gianagon/app.bsky.feed.post/3kabc"),
                QStringLiteral("gianagon.bsky.social"),
                QStringLiteral("@VirginAmerica everything was fine until you lost my bag"));
        mention(QStringLiteral("twitter"), QStringLiteral("570306133677760513"),
                QStringLiteral("cairdin"), QStringLiteral("@VirginAmerica What @dhepburn said."));
        const WriteResult w = writer.write(batch);
        if (!w.ok() || w.insertedIds.size() != 3) {
            qWarning("write: %s", qPrintable(w.error));
            return false;
        }
        mastodonMention = w.insertedIds.at(0);
        blueskyMention = w.insertedIds.at(1);
        twitterMention = w.insertedIds.at(2);
        if (!Store::openWriter(db, store.path(), &error)) {
            qWarning("%s", qPrintable(error));
            return false;
        }
        wf = std::make_unique<ReplyWorkflow>(db);
        wf->setClock([this] { return clock; });
        OperatorDirectory &ops = wf->operators();
        ops.setHashIterations(1000); // the app's 60000 cost ~0.3 s each; same code path
        return ops.add(QStringLiteral("dana"), Role::Drafter, QStringLiteral("1111"), &drafter) &&
               ops.add(QStringLiteral("dimitri"), Role::Drafter, QStringLiteral("2222"),
                       &drafter2) &&
               ops.add(QStringLiteral("sam"), Role::Spokesperson, QStringLiteral("4321"),
                       &spokes) &&
               ops.add(QStringLiteral("lee"), Role::Lead, QStringLiteral("9876"), &lead) &&
               ops.add(QStringLiteral("ana"), Role::Analyst, QStringLiteral("5555"), &analyst);
    }

    // One more mention, the way a live connector stores it (Mastodon: the global uri as id).
    qint64 addMention(const QString &source, const QString &sourceId, const QString &url,
                      const QString &author, const QString &text) {
        MentionWriter writer;
        QString error;
        if (!writer.open(store.path(), &error))
            return 0;
        Mention m;
        m.source = source;
        m.sourceId = sourceId;
        m.url = url;
        m.authorHandle = author;
        m.text = text;
        m.language = QStringLiteral("en");
        m.createdAt = clock.addSecs(-1800);
        m.ingestedAt = clock.addSecs(-1790);
        m.sentiment = Sentiment::Negative;
        m.status = MentionStatus::NeedsReply;
        const WriteResult w = writer.write({m});
        return w.ok() && w.insertedIds.size() == 1 ? w.insertedIds.first() : 0;
    }

    qint64 draft(const QString &text, qint64 mention = -1, qint64 author = -1) {
        DraftSpec spec;
        spec.mentionId = mention < 0 ? mastodonMention : mention;
        spec.text = text;
        qint64 id = 0;
        const Outcome o = wf->createDraft(author < 0 ? drafter : author, spec, &id);
        if (!o)
            qWarning("draft: %s", qPrintable(o.error));
        return id;
    }

    ReplyState state(qint64 id) const { return wf->reply(id)->state; }

    // Drives a fresh reply to `target` through the legal path.
    qint64 replyIn(ReplyState target) {
        const qint64 id =
            draft(QStringLiteral("Hi @snellbell, we are sorry about your bag. Please "
                                 "send us your file number and we will trace it today."));
        if (target == ReplyState::Draft)
            return id;
        if (target == ReplyState::Withdrawn) {
            (void)wf->withdraw(drafter, id, QStringLiteral("duplicate"));
            return id;
        }
        (void)wf->submit(drafter, id);
        if (target == ReplyState::InReview)
            return id;
        if (target == ReplyState::ChangesRequested) {
            (void)wf->requestChanges(spokes, QStringLiteral("4321"), id,
                                     QStringLiteral("name the flight"));
            return id;
        }
        if (target == ReplyState::Rejected) {
            (void)wf->reject(spokes, QStringLiteral("4321"), id, QStringLiteral("legal says no"));
            return id;
        }
        (void)wf->approve(spokes, QStringLiteral("4321"), id);
        if (target == ReplyState::Approved)
            return id;
        (void)wf->schedule(spokes, id, clock.addSecs(600));
        if (target == ReplyState::Scheduled)
            return id;
        // Published: by hand (the ticket path is tested with the fake server).
        (void)wf->reschedule(spokes, id, clock.addSecs(1));
        clock = clock.addSecs(2);
        (void)wf->markPosted(drafter, id, QStringLiteral("https://mastodon.example/@brand/1"));
        return id;
    }
};

} // namespace warroom::test
