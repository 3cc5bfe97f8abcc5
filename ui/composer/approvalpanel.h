#pragma once

#include "workflow/operators.h"
#include "workflow/replyworkflow.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QListWidget;
class QPushButton;
class QTableView;

namespace warroom {

class ApprovalQueueModel;
class ReplyDiffView;
class WorkflowService;

// The spokesperson's desk: the queue of replies waiting for approval with the original mention
// beside the reply (or the word diff on a re-review) and the tone warnings the author overrode;
// one key to approve (A, asks the PIN), one to request changes (C) or reject (R) with a reason.
// Below, the approved replies ready to go: Publish sends Mastodon/Bluesky ones through the
// service; other channels are copied to the clipboard and marked as posted with their URL.
// GUI thread; the rules are enforced again by ReplyWorkflow whatever this panel allows.
class ApprovalPanel final : public QWidget {
    Q_OBJECT
public:
    ApprovalPanel(WorkflowService *service, ApprovalQueueModel *queue, QWidget *parent = nullptr);

    void setOperator(const Operator &op);
    // Prompts (defaults: dialogs); tests replace them.
    void setPinProvider(std::function<std::optional<QString>(const QString &operatorName)> p) {
        m_pinProvider = std::move(p);
    }
    void setReasonProvider(std::function<std::optional<QString>(const QString &title)> p) {
        m_reasonProvider = std::move(p);
    }
    void setUrlProvider(std::function<std::optional<QString>()> p) { m_urlProvider = std::move(p); }
    void setTimeProvider(std::function<std::optional<QDateTime>(const QString &title)> p) {
        m_timeProvider = std::move(p);
    }
    [[nodiscard]] qint64 currentReplyId() const;
    [[nodiscard]] QString lastMessage() const;

public Q_SLOTS:
    void setReplies(const QList<warroom::Reply> &all); // feeds the ready-to-publish list
    void approveCurrent();
    void requestChangesCurrent();
    void rejectCurrent();
    void publishSelected();
    // The selected ready reply: approved → scheduled, or a scheduled one → a new time.
    void scheduleSelected();
    // The current queue row held after a pause → a new time (releases the hold).
    void rescheduleCurrent();

private:
    void showCurrent();
    void decideCurrent(bool reject);
    void askTime(qint64 replyId, bool reschedule);
    // Asks the operator's PIN, then runs `call` on the service's thread.
    void sendWithPin(std::function<void(WorkflowService *, qint64 actor, const QString &pin)> call);
    void updateReadyButtons();
    [[nodiscard]] const Reply *selectedReady() const;
    void onActionDone(const QString &action, qint64 replyId, bool ok, const QString &error);

    WorkflowService *m_service;
    ApprovalQueueModel *m_queue;
    Operator m_operator;
    QList<Reply> m_ready;
    std::function<std::optional<QString>(const QString &)> m_pinProvider;
    std::function<std::optional<QString>(const QString &)> m_reasonProvider;
    std::function<std::optional<QString>()> m_urlProvider;
    std::function<std::optional<QDateTime>(const QString &)> m_timeProvider;

    QTableView *m_table;
    QLabel *m_mention;
    ReplyDiffView *m_diff;
    QLabel *m_warnings;
    QLabel *m_message;
    QPushButton *m_approve;
    QPushButton *m_changes;
    QPushButton *m_reject;
    QPushButton *m_retime;
    QListWidget *m_readyList;
    QPushButton *m_publish;
    QPushButton *m_schedule;
};

} // namespace warroom
