#include "composerwidget.h"

#include "domain/displaytext.h"

#include "workflow/channellength.h"
#include "workflow/workflowservice.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace warroom {

ComposerWidget::ComposerWidget(WorkflowService *service, const TemplateLibrary *templates,
                               const ToneGuard *toneGuard, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_templates(templates)
    , m_guard(toneGuard)
    , m_mentionLabel(new QLabel(this))
    , m_channel(new QComboBox(this))
    , m_language(new QComboBox(this))
    , m_template(new QComboBox(this))
    , m_editor(new QPlainTextEdit(this))
    , m_mastodonCount(new QLabel(this))
    , m_blueskyCount(new QLabel(this))
    , m_warningList(new QListWidget(this))
    , m_status(new QLabel(this))
    , m_submit(new QPushButton(tr("Submit for review"), this)) {
    setObjectName(QStringLiteral("composer"));
    m_mentionLabel->setObjectName(QStringLiteral("composerMention"));
    m_mentionLabel->setTextFormat(Qt::PlainText); // network text, never rich text
    m_mentionLabel->setWordWrap(true);
    m_channel->setObjectName(QStringLiteral("composerChannel"));
    m_channel->addItems(
        {QStringLiteral("mastodon"), QStringLiteral("bluesky"), QStringLiteral("manual")});
    m_language->setObjectName(QStringLiteral("composerLanguage"));
    m_language->addItems(m_templates ? m_templates->languages()
                                     : QStringList{QStringLiteral("en")});
    m_template->setObjectName(QStringLiteral("composerTemplate"));
    m_editor->setObjectName(QStringLiteral("composerEditor"));
    m_editor->setPlaceholderText(tr("Write the reply, or start from a template"));
    m_mastodonCount->setObjectName(QStringLiteral("mastodonCount"));
    m_blueskyCount->setObjectName(QStringLiteral("blueskyCount"));
    m_warningList->setObjectName(QStringLiteral("toneWarnings"));
    m_status->setObjectName(QStringLiteral("composerStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_submit->setObjectName(QStringLiteral("submitButton"));

    auto *form = new QFormLayout;
    form->addRow(tr("Channel"), m_channel);
    form->addRow(tr("Language"), m_language);
    form->addRow(tr("Template"), m_template);
    auto *counts = new QHBoxLayout;
    counts->addWidget(m_mastodonCount);
    counts->addWidget(m_blueskyCount);
    counts->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_mentionLabel);
    layout->addLayout(form);
    layout->addWidget(m_editor, 1);
    layout->addLayout(counts);
    layout->addWidget(new QLabel(tr("Tone guard (warnings; you may still submit):"), this));
    layout->addWidget(m_warningList);
    layout->addWidget(m_status);
    layout->addWidget(m_submit);

    // Pure CPU on the text (a few ms with Hunspell): checked as the author types.
    connect(m_editor, &QPlainTextEdit::textChanged, this, &ComposerWidget::recheck);
    connect(m_channel, &QComboBox::currentTextChanged, this, &ComposerWidget::recheck);
    connect(m_language, &QComboBox::currentTextChanged, this, [this] {
        m_template->clear();
        m_template->addItem(tr("(no template)"));
        if (m_templates) {
            for (const ReplyTemplate &t : m_templates->forLanguage(m_language->currentText()))
                m_template->addItem(t.title, t.id);
        }
        recheck();
    });
    connect(m_template, &QComboBox::activated, this, &ComposerWidget::applyTemplate);
    connect(m_submit, &QPushButton::clicked, this, &ComposerWidget::submit);
    if (m_service) {
        connect(m_service, &WorkflowService::actionDone, this, &ComposerWidget::onActionDone);
        connect(m_service, &WorkflowService::accountsChanged, this, &ComposerWidget::setAccounts);
    }
    Q_EMIT m_language->currentTextChanged(m_language->currentText());
    recheck();
}

void ComposerWidget::setAccounts(const QList<PublishingAccount> &accounts) {
    int limit = ChannelLength::kMastodonDefault;
    for (const PublishingAccount &a : accounts) {
        if (a.channel == u"mastodon")
            limit = a.mastodonLimit();
    }
    if (limit == m_mastodonLimit)
        return;
    m_mastodonLimit = limit;
    recheck();
}

void ComposerWidget::setOperator(const Operator &op) {
    m_operator = op;
    recheck();
}

void ComposerWidget::setMention(const NeedsReplyItem &mention) {
    m_mention = mention;
    if (mention.mentionId > 0) {
        // Network text: one bounded line each, isolated so a name cannot reverse the rest.
        m_mentionLabel->setText(
            tr("Replying to %1 on %2: %3")
                .arg(displayLine(u'@' + mention.authorHandle, kMaxShownNameChars),
                     displayLine(mention.source, 40), displayLine(mention.text)));
        // Reply where the crisis started.
        if (m_channel->findText(mention.source) < 0)
            m_channel->addItem(mention.source);
        m_channel->setCurrentText(mention.source);
        const QString lang = mention.language.section(u'-', 0, 0);
        if (m_language->findText(lang) >= 0)
            m_language->setCurrentText(lang);
    } else {
        m_mentionLabel->setText(tr("Standalone statement"));
    }
    recheck();
}

QString ComposerWidget::text() const {
    return m_editor->toPlainText();
}

void ComposerWidget::setText(const QString &text) {
    m_editor->setPlainText(text);
}

QString ComposerWidget::channel() const {
    return m_channel->currentText();
}

void ComposerWidget::applyTemplate(int index) {
    if (!m_templates || index <= 0)
        return;
    const ReplyTemplate *t =
        m_templates->find(m_template->itemData(index).toString(), m_language->currentText());
    if (!t)
        return;
    QMap<QString, QString> values;
    if (!m_mention.authorHandle.isEmpty())
        values.insert(QStringLiteral("name"), u'@' + m_mention.authorHandle);
    setText(TemplateLibrary::fill(t->text, values));
}

void ComposerWidget::recheck() {
    const QString body = text();
    auto show = [&](QLabel *label, const QString &name, const QString &channel) {
        const LengthCheck c = ChannelLength::check(body, channel, m_mastodonLimit);
        QString s = tr("%1: %2/%3").arg(name).arg(c.count).arg(c.limit);
        if (c.byteLimit && c.bytes > c.byteLimit)
            s += tr(" (%1/%2 bytes)").arg(c.bytes).arg(c.byteLimit);
        label->setText(s);
        label->setStyleSheet(c.fits() ? QString()
                                      : QStringLiteral("color: #c01010; font-weight: bold"));
        return c.fits();
    };
    const bool mastodonFits = show(m_mastodonCount, tr("Mastodon"), QStringLiteral("mastodon"));
    const bool blueskyFits = show(m_blueskyCount, tr("Bluesky"), QStringLiteral("bluesky"));
    const QString ch = channel();
    const bool fits = ch == u"mastodon" ? mastodonFits : ch == u"bluesky" ? blueskyFits : true;

    m_warnings.clear();
    if (m_guard && !body.trimmed().isEmpty()) {
        ToneContext ctx;
        ctx.language = m_language->currentText();
        ctx.mentionText = m_mention.text;
        ctx.mentionAuthor = m_mention.authorHandle;
        ctx.complaint = m_mention.sentiment == Sentiment::Negative;
        m_warnings = m_guard->check(body, ctx);
    }
    m_warningList->clear();
    for (const ToneWarning &w : std::as_const(m_warnings))
        m_warningList->addItem(w.message);
    const bool canWrite = m_operator.id > 0 && canDraft(m_operator.role);
    m_submit->setEnabled(!m_waiting && fits && canWrite && !body.trimmed().isEmpty());
    m_submit->setText(m_warnings.isEmpty() ? tr("Submit for review")
                                           : tr("Submit for review despite %n warning(s)", nullptr,
                                                int(m_warnings.size())));
    if (!fits)
        m_status->setText(tr("Too long for %1: shorten it before submitting").arg(ch));
    else if (!canWrite)
        m_status->setText(tr("Switch to a drafter, spokesperson or lead to write"));
    else
        m_status->clear();
}

void ComposerWidget::submit() {
    if (!m_service || !m_submit->isEnabled())
        return;
    m_waiting = true;
    m_submit->setEnabled(false);
    m_status->setText(tr("Submitting…"));
    QStringList overridden = ToneGuard::summary(m_warnings);
    const qint64 actor = m_operator.id;
    const qint64 mention = m_mention.mentionId;
    const QString ch = channel();
    const QString lang = m_language->currentText();
    const QString body = text();
    WorkflowService *service = m_service;
    QMetaObject::invokeMethod(
        service, [=] { service->draftAndSubmit(actor, mention, ch, lang, body, overridden); });
}

void ComposerWidget::onActionDone(const QString &action, qint64 replyId, bool ok,
                                  const QString &error) {
    if (!m_waiting || action != u"submit")
        return;
    m_waiting = false;
    if (ok) {
        m_status->setText(tr("Reply %1 is waiting for approval").arg(replyId));
        m_editor->clear();
        Q_EMIT submitted(replyId);
    } else {
        m_status->setText(error);
        Q_EMIT submitFailed(error);
    }
    recheck();
}

} // namespace warroom
