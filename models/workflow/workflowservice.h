#pragma once

#include "operators.h"
#include "publisher.h"
#include "replyworkflow.h"
#include "store/sqlite.h"

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <map>
#include <memory>

namespace warroom {

// The reply workflow as a service for the GUI: owns its own write connection to the store
// (SQLite serialises it with the mention writer; busy timeout 5 s), the ReplyWorkflow, the
// Publisher and the release scheduler. Lives on a worker thread (move it there before open());
// the GUI calls its slots through queued connections / QMetaObject::invokeMethod and gets
// snapshots back through signals, never touching SQLite.
//
// Scheduled replies are released one at a time, at most one per releaseInterval, so resuming
// after a pause (or a restart after an outage) never dumps a backlog at once.
class WorkflowService final : public QObject {
    Q_OBJECT
public:
    explicit WorkflowService(QString storePath,
                             std::shared_ptr<const CredentialProvider> credentials,
                             QObject *parent = nullptr);
    ~WorkflowService() override;

    // Before open(): tests shorten the intervals.
    void setReleaseIntervalMs(int ms) { m_releaseIntervalMs = ms; }
    void setTickMs(int ms) { m_tickMs = ms; }
    void setPublisherOptions(const PublisherOptions &options) { m_publisherOptions = options; }
    // Only valid on the service's thread after open().
    [[nodiscard]] ReplyWorkflow *workflow() { return m_workflow.get(); }

public Q_SLOTS:
    void open();
    void refresh();
    void createDraft(qint64 actorId, qint64 mentionId, const QString &channel,
                     const QString &language, const QString &text);
    // The composer's one step: a new draft, submitted at once with the warnings overridden.
    void draftAndSubmit(qint64 actorId, qint64 mentionId, const QString &channel,
                        const QString &language, const QString &text,
                        const QStringList &overriddenWarnings);
    void edit(qint64 actorId, qint64 replyId, const QString &text);
    void submit(qint64 actorId, qint64 replyId, const QStringList &overriddenWarnings);
    void approve(qint64 actorId, const QString &pin, qint64 replyId);
    void requestChanges(qint64 actorId, const QString &pin, qint64 replyId, const QString &reason);
    void reject(qint64 actorId, const QString &pin, qint64 replyId, const QString &reason);
    void reopen(qint64 actorId, qint64 replyId);
    void withdraw(qint64 actorId, qint64 replyId, const QString &reason);
    void schedule(qint64 actorId, qint64 replyId, const QDateTime &at);
    void reschedule(qint64 actorId, qint64 replyId, const QDateTime &at);
    // Approved replies to Mastodon/Bluesky, now (not rate-limited: a human pressed the button).
    void publishNow(qint64 actorId, qint64 replyId);
    void markPosted(qint64 actorId, qint64 replyId, const QString &url);
    void pausePublishing(qint64 actorId, const QString &reason);
    void resumePublishing(qint64 actorId);
    void setMentionStatus(qint64 actorId, qint64 mentionId, int status);
    void setResponseTarget(qint64 actorId, int minutes); // lead only
    void releaseDue(); // one due reply at most; called by the timer
    // Coalesced refresh (the mention writer committed: the needs-reply queue may have moved).
    void refreshSoon();
    // The brand's accounts (lead only). A Mastodon account's max_characters is fetched from
    // its instance at once (and at open() while unknown).
    void setPublishingAccount(qint64 actorId, const warroom::PublishingAccount &account);
    void removePublishingAccount(qint64 actorId, const QString &channel);
    // Signs in with `secret` (kept in memory only for the request): accountChecked.
    void checkAccount(const warroom::PublishingAccount &account, const QString &secret);

Q_SIGNALS:
    void opened(bool ok, const QString &error);
    // action: "draft", "submit", "approve", ...; replyId of the reply concerned (new for drafts).
    void actionDone(const QString &action, qint64 replyId, bool ok, const QString &error);
    void repliesChanged(const QList<warroom::Reply> &replies);
    void needsReplyChanged(const QList<warroom::NeedsReplyItem> &items, int targetMinutes);
    void operatorsChanged(const QList<warroom::Operator> &operators);
    void pauseChanged(const warroom::PauseState &state);
    void heldAfterPause(const QList<qint64> &replyIds);
    void published(qint64 replyId, const QString &url);
    void publishFailed(qint64 replyId, const QString &error);
    void accountsChanged(const QList<warroom::PublishingAccount> &accounts);
    void accountChecked(const QString &channel, bool ok, const QString &message);

private:
    void done(const QString &action, qint64 replyId, const Outcome &o);
    void startPublish(qint64 actorId, qint64 replyId, const QString &action);

    QString m_path;
    std::shared_ptr<const CredentialProvider> m_credentials;
    sql::Connection m_db;
    std::unique_ptr<ReplyWorkflow> m_workflow;
    Publisher *m_publisher = nullptr;
    QTimer *m_timer = nullptr;
    QTimer *m_refreshSoon = nullptr;
    PublisherOptions m_publisherOptions;
    int m_releaseIntervalMs = 30000;
    int m_tickMs = 1000;
    qint64 m_lastReleaseMs = 0;
    bool m_wasPaused = false;
    std::map<qint64, PublishTicket> m_inFlight;
    QHash<qint64, qint64> m_publishActor;
};

} // namespace warroom
