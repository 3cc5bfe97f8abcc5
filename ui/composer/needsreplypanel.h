#pragma once

#include "workflow/operators.h"
#include "workflow/replyworkflow.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace warroom {

class NeedsReplyModel;
class WorkflowService;

// The queue of mentions that need an answer, oldest first, each with its age against the
// response-time target (overdue ages in red). One key each, while the queue has focus:
// Enter answers the mention in the composer (replyRequested), P marks the conversation as
// moved to a private channel, I says no reply is needed. The lead sets the target (minutes).
// GUI thread; the changes go through the WorkflowService.
class NeedsReplyPanel final : public QWidget {
    Q_OBJECT
public:
    NeedsReplyPanel(WorkflowService *service, NeedsReplyModel *model, QWidget *parent = nullptr);

    void setOperator(const Operator &op);
    [[nodiscard]] QTableView *view() const { return m_view; }
    [[nodiscard]] QString summary() const; // "3 waiting, 1 over the 60 min target"

public Q_SLOTS:
    void replyToCurrent();
    void markMovedPrivate();
    void markNoReplyNeeded();

Q_SIGNALS:
    void replyRequested(const warroom::NeedsReplyItem &item);

private:
    void setCurrentStatus(MentionStatus status);
    void updateState();

    WorkflowService *m_service;
    NeedsReplyModel *m_model;
    Operator m_operator;
    QTableView *m_view;
    QLabel *m_summary;
    QSpinBox *m_target;
    QPushButton *m_reply;
    QPushButton *m_private;
    QPushButton *m_ignore;
};

} // namespace warroom
