#include "publishingaccountsdialog.h"

#include "common/credentials.h"
#include "workflow/workflowservice.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace warroom {

namespace {
const QString kMastodon = QStringLiteral("mastodon");
const QString kBluesky = QStringLiteral("bluesky");
} // namespace

PublishingAccountsDialog::PublishingAccountsDialog(WorkflowService *service,
                                                   CredentialStore *keychain, const Operator &op,
                                                   QWidget *parent)
    : QDialog(parent)
    , m_service(service)
    , m_keychain(keychain)
    , m_operator(op)
    , m_message(new QLabel(this))
    , m_save(nullptr) {
    setObjectName(QStringLiteral("publishingAccountsDialog"));
    setWindowTitle(tr("Publishing accounts"));
    setMinimumWidth(560);
    m_mastodon.channel = kMastodon;
    m_bluesky.channel = kBluesky;
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The brand's accounts that approved replies are posted with. "
                                "Tokens and app passwords go to the system keychain only: never "
                                "into the store, the settings or a log."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    buildForm(m_mastodon, tr("Mastodon"), QStringLiteral("https://mastodon.social"),
              QStringLiteral("brand"),
              tr("access token (scopes write:statuses read:search read:accounts)"));
    buildForm(m_bluesky, tr("Bluesky"), QStringLiteral("https://bsky.social"),
              QStringLiteral("brand.bsky.social"), tr("app password (Settings → App passwords)"));
    m_bluesky.base->setText(QStringLiteral("https://bsky.social"));
    m_message->setObjectName(QStringLiteral("accountsMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("saveAccountsButton"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &PublishingAccountsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PublishingAccountsDialog::reject);

    const bool lead = m_operator.id > 0 && m_operator.role == Role::Lead;
    if (!lead) {
        for (Form *f : {&m_mastodon, &m_bluesky}) {
            for (QWidget *w : {static_cast<QWidget *>(f->base), static_cast<QWidget *>(f->handle),
                               static_cast<QWidget *>(f->secret), static_cast<QWidget *>(f->test)})
                w->setEnabled(false);
        }
        m_save->setEnabled(false);
        m_message->setText(tr("Only the crisis lead sets the accounts we post with: switch the "
                              "operator to the lead."));
    }
    if (m_service) {
        connect(m_service, &WorkflowService::accountsChanged, this,
                &PublishingAccountsDialog::setAccounts);
        connect(m_service, &WorkflowService::actionDone, this,
                &PublishingAccountsDialog::onActionDone);
        connect(m_service, &WorkflowService::accountChecked, this,
                [this](const QString &channel, bool ok, const QString &message) {
                    if (Form *f = form(channel)) {
                        f->status->setText(ok ? tr("✓ %1").arg(message) : tr("✕ %1").arg(message));
                        f->test->setEnabled(true);
                    }
                    Q_EMIT tested(channel, ok, message);
                });
        WorkflowService *s = m_service;
        QMetaObject::invokeMethod(s, [s] { s->refresh(); });
    }
}

void PublishingAccountsDialog::buildForm(Form &f, const QString &title, const QString &baseHint,
                                         const QString &handleHint, const QString &secretHint) {
    auto *box = new QGroupBox(title, this);
    box->setObjectName(f.channel + QStringLiteral("AccountBox"));
    auto *grid = new QFormLayout(box);
    f.base = new QLineEdit(box);
    f.base->setObjectName(f.channel + QStringLiteral("Base"));
    f.base->setPlaceholderText(baseHint);
    f.handle = new QLineEdit(box);
    f.handle->setObjectName(f.channel + QStringLiteral("Handle"));
    f.handle->setPlaceholderText(handleHint);
    f.secret = new QLineEdit(box);
    f.secret->setObjectName(f.channel + QStringLiteral("Secret"));
    f.secret->setEchoMode(QLineEdit::Password);
    f.secret->setPlaceholderText(secretHint);
    f.secret->setToolTip(secretHint);
    f.status = new QLabel(box);
    f.status->setObjectName(f.channel + QStringLiteral("Status"));
    f.status->setTextFormat(Qt::PlainText);
    f.status->setWordWrap(true);
    f.test = new QPushButton(tr("Test"), box);
    f.test->setObjectName(f.channel + QStringLiteral("Test"));
    grid->addRow(f.channel == kMastodon ? tr("Instance") : tr("PDS"), f.base);
    grid->addRow(f.channel == kMastodon ? tr("Account") : tr("Handle"), f.handle);
    auto *secretRow = new QHBoxLayout;
    secretRow->addWidget(f.secret, 1);
    secretRow->addWidget(f.test);
    grid->addRow(f.channel == kMastodon ? tr("Access token") : tr("App password"), secretRow);
    grid->addRow(f.status);
    layout()->addWidget(box);
    const QString channel = f.channel;
    connect(f.test, &QPushButton::clicked, this, [this, channel] { test(channel); });
}

PublishingAccountsDialog::Form *PublishingAccountsDialog::form(const QString &channel) {
    return channel == kMastodon ? &m_mastodon : channel == kBluesky ? &m_bluesky : nullptr;
}

const PublishingAccountsDialog::Form *PublishingAccountsDialog::form(const QString &channel) const {
    return channel == kMastodon ? &m_mastodon : channel == kBluesky ? &m_bluesky : nullptr;
}

QString PublishingAccountsDialog::statusOf(const QString &channel) const {
    const Form *f = form(channel);
    return f ? f->status->text() : QString();
}

QString PublishingAccountsDialog::message() const {
    return m_message->text();
}

PublishingAccount PublishingAccountsDialog::typed(const Form &f) const {
    PublishingAccount a;
    a.channel = f.channel;
    a.baseUrl = PublishingAccount::normaliseBase(f.base->text());
    a.handle = PublishingAccount::normaliseHandle(f.channel, f.handle->text());
    if (f.saved.baseUrl == a.baseUrl)
        a.maxCharacters = f.saved.maxCharacters;
    return a;
}

void PublishingAccountsDialog::setAccounts(const QList<PublishingAccount> &accounts) {
    for (Form *f : {&m_mastodon, &m_bluesky}) {
        PublishingAccount now;
        for (const PublishingAccount &a : accounts) {
            if (a.channel == f->channel)
                now = a;
        }
        // What the user typed stays; fields still showing the old account follow the store.
        const PublishingAccount shown = typed(*f);
        const bool untouched = (f->base->text().isEmpty() || shown.baseUrl == f->saved.baseUrl ||
                                (f->saved.channel.isEmpty() && f->channel == kBluesky)) &&
                               (f->handle->text().isEmpty() || shown.handle == f->saved.handle);
        // The store refreshes often (every commit of new mentions): only a change is shown, so
        // a test result stays readable.
        const bool changed = now != f->saved || f->status->text().isEmpty();
        f->saved = now;
        if (untouched && !now.channel.isEmpty()) {
            f->base->setText(now.baseUrl.toString());
            f->handle->setText(now.handle);
        }
        if (changed)
            showSaved(*f);
    }
}

void PublishingAccountsDialog::showSaved(Form &f) {
    if (f.saved.channel.isEmpty()) {
        f.status->setText(tr("Not set up: replies to %1 cannot be posted.").arg(f.channel));
        return;
    }
    f.secret->setPlaceholderText(tr("saved in the keychain; type a new one to replace it"));
    QString s = tr("Posting as %1").arg(f.saved.label());
    if (f.channel == kMastodon)
        s += f.saved.maxCharacters > 0
                 ? tr(" · %1 characters per post").arg(f.saved.maxCharacters)
                 : tr(" · the instance's character limit is not known yet (500 until then)");
    f.status->setText(s);
}

void PublishingAccountsDialog::test(const QString &channel) {
    Form *f = form(channel);
    if (!f || !m_service)
        return;
    const PublishingAccount a = typed(*f);
    if (const QString why = a.validate(); !why.isEmpty()) {
        f->status->setText(tr("✕ %1").arg(why));
        return;
    }
    f->status->setText(tr("Testing…"));
    f->test->setEnabled(false);
    WorkflowService *s = m_service;
    auto check = [s, a](const QString &secret) {
        QMetaObject::invokeMethod(s, [s, a, secret] { s->checkAccount(a, secret); });
    };
    if (!f->secret->text().isEmpty())
        return check(f->secret->text());
    if (!m_keychain || f->saved.keychainKey() != a.keychainKey()) {
        f->status->setText(channel == kMastodon ? tr("✕ enter the access token")
                                                : tr("✕ enter the app password"));
        f->test->setEnabled(true);
        return;
    }
    // The saved secret, read from the keychain for this one request.
    m_keychain->read(
        a.keychainKey(), this, [this, f, check](const QString &secret, const QString &error) {
            if (secret.isEmpty()) {
                f->status->setText(tr("✕ %1").arg(
                    error.isEmpty() ? tr("nothing saved in the keychain yet") : error));
                f->test->setEnabled(true);
                return;
            }
            check(secret);
        });
}

void PublishingAccountsDialog::accept() {
    if (m_pending > 0 || !m_service)
        return;
    m_failed = false;
    m_message->clear();
    struct Change {
        Form *form;
        PublishingAccount account;
        QString secret;
        bool remove = false;
    };
    QList<Change> changes;
    for (Form *f : {&m_mastodon, &m_bluesky}) {
        const bool cleared = f->handle->text().trimmed().isEmpty() && f->secret->text().isEmpty();
        if (cleared) {
            if (!f->saved.channel.isEmpty())
                changes.append({f, f->saved, {}, true});
            continue;
        }
        const PublishingAccount a = typed(*f);
        if (const QString why = a.validate(); !why.isEmpty()) {
            f->status->setText(tr("✕ %1").arg(why));
            m_message->setText(tr("Nothing was saved: see %1.").arg(f->channel));
            return;
        }
        const bool sameKey =
            !f->saved.channel.isEmpty() && f->saved.keychainKey() == a.keychainKey();
        if (f->secret->text().isEmpty()) {
            if (sameKey)
                continue; // unchanged
            f->status->setText(f->channel == kMastodon
                                   ? tr("✕ enter the access token: it is saved with the account")
                                   : tr("✕ enter the app password: it is saved with the account"));
            m_message->setText(tr("Nothing was saved: see %1.").arg(f->channel));
            return;
        }
        changes.append({f, a, f->secret->text(), false});
    }
    if (changes.isEmpty()) {
        QDialog::accept();
        Q_EMIT saveFinished(true);
        return;
    }
    m_pending = int(changes.size());
    m_save->setEnabled(false);
    m_message->setText(tr("Saving…"));
    WorkflowService *s = m_service;
    const qint64 actor = m_operator.id;
    for (const Change &c : std::as_const(changes)) {
        const PublishingAccount a = c.account;
        const QString oldKey =
            c.form->saved.channel.isEmpty() ? QString() : c.form->saved.keychainKey();
        if (c.remove) {
            if (m_keychain)
                m_keychain->remove(oldKey, this, [](const QString &) {});
            QMetaObject::invokeMethod(
                s, [s, actor, a] { s->removePublishingAccount(actor, a.channel); });
            continue;
        }
        if (!m_keychain) {
            c.form->status->setText(
                tr("✕ Not saved: %1").arg(CredentialStore::noKeychainMessage()));
            finishOne(false, CredentialStore::noKeychainMessage());
            continue;
        }
        Form *f = c.form;
        // The secret first: an account whose secret could not be kept is not saved at all.
        m_keychain->write(
            a.keychainKey(), c.secret, this, [this, f, s, actor, a, oldKey](const QString &error) {
                if (!error.isEmpty()) {
                    f->status->setText(tr("✕ Not saved: %1").arg(error));
                    finishOne(false, error);
                    return;
                }
                f->secret->clear();
                if (!oldKey.isEmpty() && oldKey != a.keychainKey() && m_keychain)
                    m_keychain->remove(oldKey, this, [](const QString &) {});
                QMetaObject::invokeMethod(s, [s, actor, a] { s->setPublishingAccount(actor, a); });
            });
    }
}

void PublishingAccountsDialog::onActionDone(const QString &action, qint64, bool ok,
                                            const QString &error) {
    if (action == u"account" && m_pending > 0)
        finishOne(ok, error);
}

void PublishingAccountsDialog::finishOne(bool ok, const QString &error) {
    if (!ok) {
        m_failed = true;
        m_message->setText(error);
    }
    if (--m_pending > 0)
        return;
    m_save->setEnabled(true);
    if (!m_failed) {
        m_message->setText(tr("Saved."));
        QDialog::accept();
    }
    Q_EMIT saveFinished(!m_failed);
}

} // namespace warroom
