#pragma once

#include "workflow/replyworkflow.h"
#include "workflow/templatelibrary.h"
#include "workflow/toneguard.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace warroom {

class WorkflowService;

// Drafts a reply to a mention (or a statement): channel defaults to the mention's source,
// per-channel previews count the length the channel's way, templates fill their slots, the tone
// guard lists its warnings before submission (the author may proceed; what they overrode goes to
// the approver). Over-length blocks the submit button; the rule itself lives in ReplyWorkflow.
// GUI thread; talks to the WorkflowService (on its own thread) through queued calls only.
class ComposerWidget final : public QWidget {
    Q_OBJECT
public:
    // templates and toneGuard must outlive the widget (create the guard off the GUI thread).
    ComposerWidget(WorkflowService *service, const TemplateLibrary *templates,
                   const ToneGuard *toneGuard, QWidget *parent = nullptr);

    void setOperator(const Operator &op);
    // The mention to answer; an empty item (mentionId 0) writes a standalone statement.
    void setMention(const NeedsReplyItem &mention);
    [[nodiscard]] QString text() const;
    void setText(const QString &text);
    [[nodiscard]] QString channel() const;
    [[nodiscard]] QList<ToneWarning> warnings() const { return m_warnings; }
    // The brand's Mastodon instance's limit (500 until the instance told us).
    [[nodiscard]] int mastodonLimit() const { return m_mastodonLimit; }

public Q_SLOTS:
    void applyTemplate(int index);
    void setAccounts(const QList<warroom::PublishingAccount> &accounts);
    void submit();

Q_SIGNALS:
    void submitted(qint64 replyId);
    void submitFailed(const QString &error);

private:
    void recheck();
    void onActionDone(const QString &action, qint64 replyId, bool ok, const QString &error);

    WorkflowService *m_service;
    const TemplateLibrary *m_templates;
    const ToneGuard *m_guard;
    Operator m_operator;
    NeedsReplyItem m_mention;
    QList<ToneWarning> m_warnings;
    bool m_waiting = false;
    int m_mastodonLimit = 500;

    QLabel *m_mentionLabel;
    QComboBox *m_channel;
    QComboBox *m_language;
    QComboBox *m_template;
    QPlainTextEdit *m_editor;
    QLabel *m_mastodonCount;
    QLabel *m_blueskyCount;
    QListWidget *m_warningList;
    QLabel *m_status;
    QPushButton *m_submit;
};

} // namespace warroom
