#pragma once

#include "auditlog.h"
#include "channellength.h"
#include "domain/mention.h"
#include "operators.h"
#include "publishingaccount.h"
#include "replystate.h"
#include "store/sqlite.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace warroom {

struct Reply {
    qint64 id = 0;
    qint64 mentionId = 0; // 0: a standalone statement
    qint64 incidentId = 0;
    QString channel; // "mastodon", "bluesky", or another source (published by hand)
    QString language;
    QString text;
    QString baseText; // the text the reviewer saw before the last edit (empty: first review)
    ReplyState state = ReplyState::Draft;
    qint64 authorId = 0;
    QString authorName;
    qint64 approverId = 0;
    QString approverName;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime scheduledAt;
    QDateTime publishedAt;
    QString publishedUrl;
    QString remoteId;
    QString idempotencyKey;
    QString rkey;
    QString lastReason;       // why it was rejected / sent back; the author sees it
    QString lastError;        // the server's words on the last failed attempt
    QStringList toneWarnings; // the warnings the author overrode when submitting
    bool held = false;        // came due during a pause: needs re-approval or a new time
    int attempts = 0;
    // The mention answered (empty for statements).
    QString mentionSource;
    QString mentionSourceId;
    QString mentionAuthor;
    QString mentionText;
    QString mentionUrl;
    QString mentionLanguage;
    Sentiment mentionSentiment = Sentiment::Unknown;
    QDateTime mentionCreatedAt;
};

struct DraftSpec {
    qint64 mentionId = 0; // or 0 with incidentId for a standalone statement
    qint64 incidentId = 0;
    QString channel;  // empty: the mention's own source (reply where the crisis started)
    QString language; // empty: the mention's language
    QString text;
};

// The right to send one reply, handed out only by ReplyWorkflow::beginPublish after it checked
// the state in the store (approved, or scheduled, due, not held, not paused) and saved the
// idempotency key / rkey. The publisher takes nothing else: no ticket, no post.
class PublishTicket {
public:
    qint64 replyId = 0;
    QString channel;
    QString text;
    QString language;
    QString idempotencyKey; // Mastodon Idempotency-Key, the same on every retry
    QString rkey;           // Bluesky record key, chosen before the first try
    // Mastodon: the mention's status id when it is a bare id (an import), else its global uri
    // and web url, resolved on the posting instance by the publisher. All empty: a new post.
    QString inReplyToId;
    QString inReplyToUri;
    QString inReplyToUrl;
    QString parentUri; // Bluesky at:// URI of the mention (empty: a new post)
    // The brand's account for the channel as the store has it (invalid: none set up); the
    // secret is fetched by the publisher's CredentialProvider.
    PublishingAccount account;
    int attempt = 0;

private:
    friend class ReplyWorkflow;
    PublishTicket() = default;
};

struct PauseState {
    bool paused = false;
    QDateTime since;
    QString by;
    QString reason;
};

struct NeedsReplyItem {
    qint64 mentionId = 0;
    QString source;
    QString authorHandle;
    QString text;
    QString url;
    QString language;
    Sentiment sentiment = Sentiment::Unknown;
    QDateTime createdAt;
    QString replyState; // latest reply's state, empty when nobody drafted yet
};

// The rules for every reply, whichever door it comes through (GUI, CLI, a remote seat): roles,
// four eyes with the approver's PIN, the state graph, length per channel, the audit log,
// the publishing pause. Synchronous, over one writer connection; every change runs in its own
// transaction together with its audit event. Lives on the thread that owns the connection
// (the CLI's main thread, or WorkflowService's thread).
class ReplyWorkflow final {
public:
    explicit ReplyWorkflow(sql::Connection &db);

    // Tests move time; defaults to the wall clock (UTC).
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }
    [[nodiscard]] QDateTime now() const { return m_clock(); }
    [[nodiscard]] OperatorDirectory &operators() { return m_operators; }
    [[nodiscard]] sql::Connection &connection() { return m_db; }

    Outcome createDraft(qint64 actorId, const DraftSpec &spec, qint64 *replyId);
    // Draft / changes-requested: stays a draft. In review: stays in review. Approved or
    // scheduled: back to review, the previous text kept for the reviewer's word diff.
    Outcome edit(qint64 actorId, qint64 replyId, const QString &text);
    // Refused when the text is over the channel's length. overriddenWarnings: the tone guard's
    // warnings the author saw and chose to ignore (kept on the reply and in the audit log).
    Outcome submit(qint64 actorId, qint64 replyId, const QStringList &overriddenWarnings = {});
    // Spokesperson or lead, never the author nor an editor of the text, with their PIN.
    // Also re-approves a scheduled reply held after a pause.
    Outcome approve(qint64 actorId, const QString &pin, qint64 replyId);
    Outcome requestChanges(qint64 actorId, const QString &pin, qint64 replyId,
                           const QString &reason);
    Outcome reject(qint64 actorId, const QString &pin, qint64 replyId, const QString &reason);
    Outcome reopen(qint64 actorId, qint64 replyId); // changes-requested → draft
    Outcome withdraw(qint64 actorId, qint64 replyId, const QString &reason);
    Outcome schedule(qint64 actorId, qint64 replyId, const QDateTime &at);
    Outcome reschedule(qint64 actorId, qint64 replyId, const QDateTime &at); // also lifts a hold

    // actorId 0: the scheduler. Refuses unless approved, or scheduled + due + not held, and
    // publishing is not paused; `channel` must be the reply's own channel.
    [[nodiscard]] std::optional<PublishTicket> beginPublish(qint64 actorId, qint64 replyId,
                                                            QString *error);
    Outcome completePublish(const PublishTicket &ticket, qint64 actorId, const QString &remoteId,
                            const QString &url);
    // Kept on the reply; nextAttempt invalid = permanent (needs a human).
    Outcome failPublish(const PublishTicket &ticket, const QString &error,
                        const QDateTime &nextAttempt);
    // Other channels: the text was copied and posted by hand; url is where it lives now.
    Outcome markPosted(qint64 actorId, qint64 replyId, const QString &url);

    // The pause switch (lead only, with a reason). Resume holds every scheduled reply that came
    // due during the pause: each needs re-approval or a new time (returned in heldIds).
    Outcome pause(qint64 actorId, const QString &reason);
    Outcome resume(qint64 actorId, QList<qint64> *heldIds = nullptr);
    [[nodiscard]] PauseState pauseState() const;

    // Replies the scheduler may send now: scheduled + due + not held, and approved replies with
    // an interrupted attempt whose retry is due. Oldest first. Empty while paused.
    [[nodiscard]] QList<qint64> dueForRelease() const;

    [[nodiscard]] std::optional<Reply> reply(qint64 id) const;
    // states empty: all. Newest first.
    [[nodiscard]] QList<Reply> replies(const QList<ReplyState> &states = {}) const;
    [[nodiscard]] QList<AuditEvent> events(qint64 replyId) const;
    [[nodiscard]] AuditReport verifyAudit() const;

    // The queue of mentions that need an answer, oldest first.
    [[nodiscard]] QList<NeedsReplyItem> needsReply() const;
    Outcome setMentionStatus(qint64 actorId, qint64 mentionId, MentionStatus status);
    [[nodiscard]] int responseTargetMinutes() const; // default 60
    Outcome setResponseTargetMinutes(qint64 actorId, int minutes);

    // The brand's publishing accounts (no secrets; those are in the keychain). Lead only.
    [[nodiscard]] QList<PublishingAccount> publishingAccounts() const;
    [[nodiscard]] PublishingAccount publishingAccount(const QString &channel) const;
    Outcome setPublishingAccount(qint64 actorId, const PublishingAccount &account);
    Outcome removePublishingAccount(qint64 actorId, const QString &channel);
    // What the instance told the publisher (GET /api/v2/instance); kept on the account at
    // that instance, so the composer and the checks here count against it.
    Outcome setInstanceLimit(const QUrl &instance, int maxCharacters);
    // The length rule for `channel`, with the Mastodon account's own limit.
    [[nodiscard]] LengthCheck lengthCheck(const QString &text, const QString &channel) const;

private:
    std::optional<Operator> actor(qint64 id, QString *error) const;
    Outcome move(const Operator *op, const Reply &r, ReplyState to, ReplyAction action,
                 const QString &reason, const std::function<bool()> &extra = {});
    Outcome reviewerCheck(const Operator &op, const QString &pin, const Reply &r) const;
    // The acting operator and the reply, or why not.
    Outcome load(qint64 actorId, qint64 replyId, std::optional<Operator> *op,
                 std::optional<Reply> *r) const;
    // Published by us or by hand: times, the response time, the mention answered.
    bool recordPublished(const Reply &r, qint64 atMs, const QString &url, const QString &remoteId);
    Outcome setSetting(const QString &key, const QString &value);
    Outcome leadOnly(qint64 actorId, const QString &refusal, std::optional<Operator> *op) const;
    // Why the reply may not go out now (empty: it may): approved, or scheduled + due + not held.
    [[nodiscard]] QString notReleasable(const Reply &r) const;
    [[nodiscard]] static QString tooLong(const Reply &r, const LengthCheck &len);
    Outcome decide(qint64 actorId, const QString &pin, qint64 replyId, const QString &reason,
                   ReplyState to, ReplyAction action);
    Outcome setTime(qint64 actorId, qint64 replyId, const QDateTime &at, ReplyAction action);
    bool appendEvent(const Operator *op, qint64 replyId, const QString &from, ReplyState to,
                     ReplyAction action, const QString &text, const QString &reason,
                     QString *error);

    sql::Connection &m_db;
    OperatorDirectory m_operators;
    std::function<QDateTime()> m_clock;
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::Reply)
Q_DECLARE_METATYPE(warroom::PauseState)
Q_DECLARE_METATYPE(warroom::NeedsReplyItem)
