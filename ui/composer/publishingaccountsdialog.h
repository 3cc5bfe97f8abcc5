#pragma once

#include "workflow/operators.h"
#include "workflow/publishingaccount.h"

#include <QDialog>
#include <QList>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;

namespace warroom {

class CredentialStore;
class WorkflowService;

// "Answer → Publishing accounts…": the brand's Mastodon account (instance + account name +
// access token) and Bluesky account (PDS + handle + app password) that approved replies are
// posted with. The lead only. The token / app password goes to the system keychain (through
// the CredentialStore, asynchronously) and nowhere else; the store keeps the rest, so the CLI
// posts with the same account. "Test" signs in (with the typed secret, or the saved one) and
// says who we are and how long a Mastodon post may be. Save keeps the dialog open with the
// reason when the keychain refuses (no Secret Service running, say).
// GUI thread; talks to the WorkflowService through queued calls.
class PublishingAccountsDialog final : public QDialog {
    Q_OBJECT
public:
    PublishingAccountsDialog(WorkflowService *service, CredentialStore *keychain,
                             const Operator &op, QWidget *parent = nullptr);

    // The saved accounts (the service sends them on refresh; the dialog asks on open).
    void setAccounts(const QList<warroom::PublishingAccount> &accounts);
    [[nodiscard]] QString statusOf(const QString &channel) const; // the words under a form
    [[nodiscard]] QString message() const;                        // the words above the buttons

    void accept() override; // Save
    void test(const QString &channel);

Q_SIGNALS:
    void tested(const QString &channel, bool ok, const QString &message);
    // Save ended: accepted, or not (message() says why).
    void saveFinished(bool ok);

private:
    struct Form {
        QString channel;
        QLineEdit *base = nullptr;
        QLineEdit *handle = nullptr;
        QLineEdit *secret = nullptr;
        QLabel *status = nullptr;
        QPushButton *test = nullptr;
        PublishingAccount saved; // channel empty: none
    };
    Form *form(const QString &channel);
    [[nodiscard]] const Form *form(const QString &channel) const;
    [[nodiscard]] PublishingAccount typed(const Form &f) const;
    void buildForm(Form &f, const QString &title, const QString &baseHint,
                   const QString &handleHint, const QString &secretHint);
    void showSaved(Form &f);
    void finishOne(bool ok, const QString &error);
    void onActionDone(const QString &action, qint64 replyId, bool ok, const QString &error);

    QPointer<WorkflowService> m_service;
    QPointer<CredentialStore> m_keychain;
    Operator m_operator;
    Form m_mastodon;
    Form m_bluesky;
    QLabel *m_message;
    QPushButton *m_save;
    int m_pending = 0;
    bool m_failed = false;
};

} // namespace warroom
