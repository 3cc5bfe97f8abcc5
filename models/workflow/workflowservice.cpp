#include "workflowservice.h"

#include "store/store.h"

#include <QElapsedTimer>

namespace warroom {

WorkflowService::WorkflowService(QString storePath,
                                 std::shared_ptr<const CredentialProvider> credentials,
                                 QObject *parent)
    : QObject(parent)
    , m_path(std::move(storePath))
    , m_credentials(std::move(credentials)) {
    qRegisterMetaType<warroom::Reply>();
    qRegisterMetaType<QList<warroom::Reply>>();
    qRegisterMetaType<warroom::NeedsReplyItem>();
    qRegisterMetaType<QList<warroom::NeedsReplyItem>>();
    qRegisterMetaType<warroom::Operator>();
    qRegisterMetaType<QList<warroom::Operator>>();
    qRegisterMetaType<warroom::PauseState>();
    qRegisterMetaType<warroom::PublishingAccount>();
    qRegisterMetaType<QList<warroom::PublishingAccount>>();
}

WorkflowService::~WorkflowService() = default;

void WorkflowService::open() {
    QString error;
    if (!Store::openWriter(m_db, m_path, &error)) {
        Q_EMIT opened(false, error);
        return;
    }
    m_workflow = std::make_unique<ReplyWorkflow>(m_db);
    m_publisher = new Publisher(m_credentials, this);
    m_publisher->setOptions(m_publisherOptions);
    // A retry waits seconds to minutes: the switch or a withdrawal in between stops it.
    m_publisher->setGate([this](const PublishTicket &t) -> QString {
        const PauseState pause = m_workflow->pauseState();
        if (pause.paused)
            return QStringLiteral("not retried: publishing is paused by %1: %2")
                .arg(pause.by, pause.reason);
        const std::optional<Reply> r = m_workflow->reply(t.replyId);
        if (!r || (r->state != ReplyState::Approved && r->state != ReplyState::Scheduled))
            return QStringLiteral("not retried: reply %1 is %2 now")
                .arg(t.replyId)
                .arg(r ? replyStateName(r->state) : QStringLiteral("gone"));
        return {};
    });
    connect(m_publisher, &Publisher::published, this,
            [this](qint64 replyId, const QString &remoteId, const QString &url) {
                const auto it = m_inFlight.find(replyId);
                if (it == m_inFlight.end())
                    return;
                const PublishTicket ticket = it->second;
                m_inFlight.erase(it);
                const Outcome o = m_workflow->completePublish(ticket, m_publishActor.take(replyId),
                                                              remoteId, url);
                done(QStringLiteral("publish"), replyId, o);
                if (o)
                    Q_EMIT published(replyId, url);
            });
    connect(m_publisher, &Publisher::attemptFailed, this,
            [this](qint64 replyId, const QString &error, const QDateTime &retryAt) {
                // The next try is planned by the publisher; the store says so too, so a restart
                // picks it up without trying earlier.
                const auto it = m_inFlight.find(replyId);
                if (it != m_inFlight.end())
                    m_workflow->failPublish(it->second, error, retryAt.addSecs(60));
                refresh();
            });
    connect(m_publisher, &Publisher::failed, this,
            [this](qint64 replyId, const QString &error, const QDateTime &retryAt) {
                const auto it = m_inFlight.find(replyId);
                if (it != m_inFlight.end()) {
                    m_workflow->failPublish(it->second, error, retryAt);
                    m_inFlight.erase(it);
                }
                m_publishActor.remove(replyId);
                Q_EMIT publishFailed(replyId, error);
                done(QStringLiteral("publish"), replyId, Outcome::failure(error));
            });
    connect(m_publisher, &Publisher::instanceLimitLearned, this,
            [this](const QUrl &instance, int maxCharacters) {
                const int before =
                    m_workflow->publishingAccount(QStringLiteral("mastodon")).maxCharacters;
                (void)m_workflow->setInstanceLimit(instance, maxCharacters);
                if (m_workflow->publishingAccount(QStringLiteral("mastodon")).maxCharacters !=
                    before)
                    Q_EMIT accountsChanged(m_workflow->publishingAccounts());
            });
    m_timer = new QTimer(this);
    m_timer->setInterval(m_tickMs);
    connect(m_timer, &QTimer::timeout, this, &WorkflowService::releaseDue);
    m_timer->start();
    m_refreshSoon = new QTimer(this);
    m_refreshSoon->setSingleShot(true);
    m_refreshSoon->setInterval(500);
    connect(m_refreshSoon, &QTimer::timeout, this, &WorkflowService::refresh);
    m_wasPaused = m_workflow->pauseState().paused;
    Q_EMIT opened(true, QString());
    refresh();
    // The instance's limit, once, while we do not know it.
    const PublishingAccount mastodon = m_workflow->publishingAccount(QStringLiteral("mastodon"));
    if (mastodon.isValid() && mastodon.maxCharacters <= 0)
        m_publisher->fetchInstanceLimit(mastodon.baseUrl);
}

void WorkflowService::refreshSoon() {
    if (m_refreshSoon && !m_refreshSoon->isActive())
        m_refreshSoon->start();
}

void WorkflowService::setPublishingAccount(qint64 actorId, const PublishingAccount &account) {
    if (!m_workflow)
        return;
    const Outcome o = m_workflow->setPublishingAccount(actorId, account);
    done(QStringLiteral("account"), 0, o);
    const PublishingAccount stored = m_workflow->publishingAccount(account.channel);
    if (o && stored.channel == u"mastodon" && stored.maxCharacters <= 0)
        m_publisher->fetchInstanceLimit(stored.baseUrl);
}

void WorkflowService::removePublishingAccount(qint64 actorId, const QString &channel) {
    if (m_workflow)
        done(QStringLiteral("account"), 0, m_workflow->removePublishingAccount(actorId, channel));
}

void WorkflowService::checkAccount(const PublishingAccount &account, const QString &secret) {
    if (!m_publisher)
        return;
    m_publisher->checkAccount(account, secret,
                              [this, channel = account.channel](bool ok, const QString &message) {
                                  Q_EMIT accountChecked(channel, ok, message);
                              });
}

void WorkflowService::refresh() {
    if (!m_workflow)
        return;
    Q_EMIT repliesChanged(m_workflow->replies());
    Q_EMIT needsReplyChanged(m_workflow->needsReply(), m_workflow->responseTargetMinutes());
    Q_EMIT operatorsChanged(m_workflow->operators().list());
    Q_EMIT pauseChanged(m_workflow->pauseState());
    Q_EMIT accountsChanged(m_workflow->publishingAccounts());
}

void WorkflowService::done(const QString &action, qint64 replyId, const Outcome &o) {
    Q_EMIT actionDone(action, replyId, o.ok, o.error);
    refresh();
}

void WorkflowService::createDraft(qint64 actorId, qint64 mentionId, const QString &channel,
                                  const QString &language, const QString &text) {
    if (!m_workflow)
        return;
    qint64 id = 0;
    const Outcome o =
        m_workflow->createDraft(actorId, DraftSpec{mentionId, 0, channel, language, text}, &id);
    done(QStringLiteral("draft"), id, o);
}

void WorkflowService::draftAndSubmit(qint64 actorId, qint64 mentionId, const QString &channel,
                                     const QString &language, const QString &text,
                                     const QStringList &overriddenWarnings) {
    if (!m_workflow)
        return;
    qint64 id = 0;
    Outcome o =
        m_workflow->createDraft(actorId, DraftSpec{mentionId, 0, channel, language, text}, &id);
    if (o)
        o = m_workflow->submit(actorId, id, overriddenWarnings);
    done(QStringLiteral("submit"), id, o);
}

void WorkflowService::edit(qint64 actorId, qint64 replyId, const QString &text) {
    if (m_workflow)
        done(QStringLiteral("edit"), replyId, m_workflow->edit(actorId, replyId, text));
}

void WorkflowService::submit(qint64 actorId, qint64 replyId, const QStringList &overridden) {
    if (m_workflow)
        done(QStringLiteral("submit"), replyId, m_workflow->submit(actorId, replyId, overridden));
}

void WorkflowService::approve(qint64 actorId, const QString &pin, qint64 replyId) {
    if (m_workflow)
        done(QStringLiteral("approve"), replyId, m_workflow->approve(actorId, pin, replyId));
}

void WorkflowService::requestChanges(qint64 actorId, const QString &pin, qint64 replyId,
                                     const QString &reason) {
    if (m_workflow)
        done(QStringLiteral("request-changes"), replyId,
             m_workflow->requestChanges(actorId, pin, replyId, reason));
}

void WorkflowService::reject(qint64 actorId, const QString &pin, qint64 replyId,
                             const QString &reason) {
    if (m_workflow)
        done(QStringLiteral("reject"), replyId, m_workflow->reject(actorId, pin, replyId, reason));
}

void WorkflowService::reopen(qint64 actorId, qint64 replyId) {
    if (m_workflow)
        done(QStringLiteral("reopen"), replyId, m_workflow->reopen(actorId, replyId));
}

void WorkflowService::withdraw(qint64 actorId, qint64 replyId, const QString &reason) {
    if (m_workflow)
        done(QStringLiteral("withdraw"), replyId, m_workflow->withdraw(actorId, replyId, reason));
}

void WorkflowService::schedule(qint64 actorId, qint64 replyId, const QDateTime &at) {
    if (m_workflow)
        done(QStringLiteral("schedule"), replyId, m_workflow->schedule(actorId, replyId, at));
}

void WorkflowService::reschedule(qint64 actorId, qint64 replyId, const QDateTime &at) {
    if (m_workflow)
        done(QStringLiteral("reschedule"), replyId, m_workflow->reschedule(actorId, replyId, at));
}

void WorkflowService::startPublish(qint64 actorId, qint64 replyId, const QString &action) {
    if (m_publisher->isBusy(replyId))
        return done(action, replyId, Outcome::failure(QStringLiteral("already being posted")));
    QString error;
    std::optional<PublishTicket> ticket = m_workflow->beginPublish(actorId, replyId, &error);
    if (!ticket)
        return done(action, replyId, Outcome::failure(error));
    m_inFlight.insert_or_assign(replyId, *ticket);
    m_publishActor.insert(replyId, actorId);
    m_publisher->publish(*ticket);
    refresh();
}

void WorkflowService::publishNow(qint64 actorId, qint64 replyId) {
    if (m_workflow)
        startPublish(actorId, replyId, QStringLiteral("publish"));
}

void WorkflowService::markPosted(qint64 actorId, qint64 replyId, const QString &url) {
    if (m_workflow)
        done(QStringLiteral("mark-posted"), replyId, m_workflow->markPosted(actorId, replyId, url));
}

void WorkflowService::pausePublishing(qint64 actorId, const QString &reason) {
    if (!m_workflow)
        return;
    const Outcome o = m_workflow->pause(actorId, reason);
    m_wasPaused = m_workflow->pauseState().paused;
    done(QStringLiteral("pause"), 0, o);
}

void WorkflowService::resumePublishing(qint64 actorId) {
    if (!m_workflow)
        return;
    QList<qint64> held;
    const Outcome o = m_workflow->resume(actorId, &held);
    m_wasPaused = m_workflow->pauseState().paused;
    // Even what is released later waits one interval: no burst right after a resume.
    m_lastReleaseMs = QDateTime::currentMSecsSinceEpoch();
    if (o && !held.isEmpty())
        Q_EMIT heldAfterPause(held);
    done(QStringLiteral("resume"), 0, o);
}

void WorkflowService::setMentionStatus(qint64 actorId, qint64 mentionId, int status) {
    if (m_workflow)
        done(QStringLiteral("mention-status"), 0,
             m_workflow->setMentionStatus(actorId, mentionId, MentionStatus(status)));
}

void WorkflowService::setResponseTarget(qint64 actorId, int minutes) {
    if (m_workflow)
        done(QStringLiteral("response-target"), 0,
             m_workflow->setResponseTargetMinutes(actorId, minutes));
}

void WorkflowService::releaseDue() {
    if (!m_workflow)
        return;
    // Another seat (or the CLI) may pause or resume: follow the store, not our memory.
    const bool paused = m_workflow->pauseState().paused;
    if (paused != m_wasPaused) {
        m_wasPaused = paused;
        m_lastReleaseMs = QDateTime::currentMSecsSinceEpoch();
        refresh();
    }
    if (paused)
        return;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (m_lastReleaseMs > 0 && nowMs - m_lastReleaseMs < m_releaseIntervalMs)
        return;
    for (qint64 id : m_workflow->dueForRelease()) {
        if (m_publisher->isBusy(id))
            continue;
        m_lastReleaseMs = nowMs;
        startPublish(0, id, QStringLiteral("release"));
        return; // one per interval
    }
}

} // namespace warroom
