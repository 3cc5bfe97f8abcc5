#include "approvalpanel.h"

#include "replydiffview.h"
#include "workflow/channellength.h"
#include "workflow/workflowmodels.h"
#include "workflow/workflowservice.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace warroom {

ApprovalPanel::ApprovalPanel(WorkflowService *service, ApprovalQueueModel *queue, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_queue(queue)
    , m_table(new QTableView(this))
    , m_mention(new QLabel(this))
    , m_diff(new ReplyDiffView(this))
    , m_warnings(new QLabel(this))
    , m_message(new QLabel(this))
    , m_approve(new QPushButton(tr("&Approve (A)"), this))
    , m_changes(new QPushButton(tr("Request &changes (C)"), this))
    , m_reject(new QPushButton(tr("&Reject (R)"), this))
    , m_readyList(new QListWidget(this))
    , m_publish(new QPushButton(tr("&Publish"), this)) {
    setObjectName(QStringLiteral("approvalPanel"));
    m_table->setObjectName(QStringLiteral("approvalTable"));
    m_table->setModel(m_queue);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_mention->setObjectName(QStringLiteral("approvalMention"));
    m_mention->setTextFormat(Qt::PlainText);
    m_mention->setWordWrap(true);
    m_warnings->setObjectName(QStringLiteral("approvalWarnings"));
    m_warnings->setTextFormat(Qt::PlainText);
    m_warnings->setWordWrap(true);
    m_warnings->setStyleSheet(QStringLiteral("color: #a05000"));
    m_message->setObjectName(QStringLiteral("approvalMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_changes->setObjectName(QStringLiteral("changesButton"));
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_readyList->setObjectName(QStringLiteral("readyList"));
    m_publish->setObjectName(QStringLiteral("publishButton"));

    auto *detail = new QWidget(this);
    auto *dl = new QVBoxLayout(detail);
    dl->addWidget(new QLabel(tr("The mention:"), detail));
    dl->addWidget(m_mention);
    dl->addWidget(new QLabel(tr("The reply (changes since approval marked):"), detail));
    dl->addWidget(m_diff, 1);
    dl->addWidget(m_warnings);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_approve);
    buttons->addWidget(m_changes);
    buttons->addWidget(m_reject);
    dl->addLayout(buttons);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(detail);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 3);
    layout->addWidget(m_message);
    layout->addWidget(new QLabel(tr("Approved, ready to publish:"), this));
    layout->addWidget(m_readyList, 1);
    layout->addWidget(m_publish);

    m_pinProvider = [this](const QString &name) -> std::optional<QString> {
        bool ok = false;
        const QString pin = QInputDialog::getText(this, tr("Approve"), tr("PIN for %1").arg(name),
                                                  QLineEdit::Password, QString(), &ok);
        return ok ? std::optional(pin) : std::nullopt;
    };
    m_reasonProvider = [this](const QString &title) -> std::optional<QString> {
        bool ok = false;
        const QString r = QInputDialog::getMultiLineText(
            this, title, tr("Reason (the author sees it)"), QString(), &ok);
        return ok && !r.trimmed().isEmpty() ? std::optional(r.trimmed()) : std::nullopt;
    };
    m_urlProvider = [this]() -> std::optional<QString> {
        bool ok = false;
        const QString u = QInputDialog::getText(this, tr("Mark as posted"),
                                                tr("The text is on the clipboard. Paste it on the "
                                                   "channel, then give the post's URL:"),
                                                QLineEdit::Normal, QString(), &ok);
        return ok && !u.trimmed().isEmpty() ? std::optional(u.trimmed()) : std::nullopt;
    };

    // One key each, only while the panel has focus (never while someone types elsewhere).
    const std::pair<Qt::Key, void (ApprovalPanel::*)()> keys[] = {
        {Qt::Key_A, &ApprovalPanel::approveCurrent},
        {Qt::Key_C, &ApprovalPanel::requestChangesCurrent},
        {Qt::Key_R, &ApprovalPanel::rejectCurrent}};
    for (const auto &[key, slot] : keys) {
        auto *shortcut = new QShortcut(QKeySequence(key), this);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    }
    connect(m_approve, &QPushButton::clicked, this, &ApprovalPanel::approveCurrent);
    connect(m_changes, &QPushButton::clicked, this, &ApprovalPanel::requestChangesCurrent);
    connect(m_reject, &QPushButton::clicked, this, &ApprovalPanel::rejectCurrent);
    connect(m_publish, &QPushButton::clicked, this, &ApprovalPanel::publishSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ApprovalPanel::showCurrent);
    connect(m_queue, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_table->currentIndex().isValid() && m_queue->rowCount() > 0)
            m_table->setCurrentIndex(m_queue->index(0, 0));
        showCurrent();
    });
    connect(m_queue, &QAbstractItemModel::rowsRemoved, this, &ApprovalPanel::showCurrent);
    connect(m_queue, &QAbstractItemModel::dataChanged, this, &ApprovalPanel::showCurrent);
    if (m_service) {
        connect(m_service, &WorkflowService::repliesChanged, m_queue,
                &ApprovalQueueModel::setReplies);
        connect(m_service, &WorkflowService::repliesChanged, this, &ApprovalPanel::setReplies);
        connect(m_service, &WorkflowService::actionDone, this, &ApprovalPanel::onActionDone);
    }
    showCurrent();
}

void ApprovalPanel::setOperator(const Operator &op) {
    m_operator = op;
    showCurrent();
}

qint64 ApprovalPanel::currentReplyId() const {
    const Reply *r = m_queue->replyAt(m_table->currentIndex().row());
    return r ? r->id : 0;
}

QString ApprovalPanel::lastMessage() const {
    return m_message->text();
}

void ApprovalPanel::showCurrent() {
    const Reply *r = m_queue->replyAt(m_table->currentIndex().row());
    if (!r && m_queue->rowCount() > 0) {
        m_table->setCurrentIndex(m_queue->index(0, 0));
        r = m_queue->replyAt(0);
    }
    const bool reviewer = m_operator.id > 0 && canApprove(m_operator.role);
    m_approve->setEnabled(r && reviewer);
    m_changes->setEnabled(r && reviewer && r->state == ReplyState::InReview);
    m_reject->setEnabled(r && reviewer && r->state == ReplyState::InReview);
    if (!r) {
        m_mention->clear();
        m_diff->clear();
        m_warnings->clear();
        return;
    }
    m_mention->setText(
        r->mentionId ? tr("@%1 on %2: %3").arg(r->mentionAuthor, r->mentionSource, r->mentionText)
                     : tr("(a standalone statement)"));
    m_diff->setTexts(r->baseText, r->text);
    QString w;
    if (r->held)
        w = tr("Came due during the publishing pause: approve again to release it.\n");
    if (!r->toneWarnings.isEmpty())
        w += tr("The author overrode: %1").arg(r->toneWarnings.join(QStringLiteral("; ")));
    m_warnings->setText(w);
}

void ApprovalPanel::setReplies(const QList<Reply> &all) {
    m_ready.clear();
    const qint64 selected = m_readyList->currentItem()
                                ? m_readyList->currentItem()->data(Qt::UserRole).toLongLong()
                                : 0;
    m_readyList->clear();
    for (const Reply &r : all) {
        if (r.state != ReplyState::Approved)
            continue;
        m_ready.append(r);
        auto *item = new QListWidgetItem(
            tr("#%1 %2 — %3%4")
                .arg(r.id)
                .arg(r.channel, r.text.simplified().left(80),
                     r.lastError.isEmpty() ? QString() : tr("  [failed: %1]").arg(r.lastError)),
            m_readyList);
        item->setData(Qt::UserRole, r.id);
        if (r.id == selected || m_readyList->count() == 1)
            m_readyList->setCurrentItem(item);
    }
    m_publish->setEnabled(!m_ready.isEmpty());
}

void ApprovalPanel::approveCurrent() {
    const qint64 id = currentReplyId();
    if (!id || !m_approve->isEnabled() || !m_service || !m_pinProvider)
        return;
    const std::optional<QString> pin = m_pinProvider(m_operator.name);
    if (!pin)
        return;
    WorkflowService *s = m_service;
    const qint64 actor = m_operator.id;
    const QString p = *pin;
    QMetaObject::invokeMethod(s, [=] { s->approve(actor, p, id); });
}

void ApprovalPanel::requestChangesCurrent() {
    const qint64 id = currentReplyId();
    if (!id || !m_changes->isEnabled() || !m_service)
        return;
    const std::optional<QString> reason = m_reasonProvider(tr("Request changes"));
    if (!reason)
        return;
    const std::optional<QString> pin = m_pinProvider(m_operator.name);
    if (!pin)
        return;
    WorkflowService *s = m_service;
    const qint64 actor = m_operator.id;
    const QString p = *pin;
    const QString why = *reason;
    QMetaObject::invokeMethod(s, [=] { s->requestChanges(actor, p, id, why); });
}

void ApprovalPanel::rejectCurrent() {
    const qint64 id = currentReplyId();
    if (!id || !m_reject->isEnabled() || !m_service)
        return;
    const std::optional<QString> reason = m_reasonProvider(tr("Reject"));
    if (!reason)
        return;
    const std::optional<QString> pin = m_pinProvider(m_operator.name);
    if (!pin)
        return;
    WorkflowService *s = m_service;
    const qint64 actor = m_operator.id;
    const QString p = *pin;
    const QString why = *reason;
    QMetaObject::invokeMethod(s, [=] { s->reject(actor, p, id, why); });
}

void ApprovalPanel::publishSelected() {
    QListWidgetItem *item = m_readyList->currentItem();
    if (!item || !m_service)
        return;
    const qint64 id = item->data(Qt::UserRole).toLongLong();
    const auto it =
        std::find_if(m_ready.cbegin(), m_ready.cend(), [id](const Reply &r) { return r.id == id; });
    if (it == m_ready.cend())
        return;
    WorkflowService *s = m_service;
    const qint64 actor = m_operator.id;
    if (ChannelLength::isDirectChannel(it->channel)) {
        m_message->setText(tr("Publishing reply %1 to %2…").arg(id).arg(it->channel));
        QMetaObject::invokeMethod(s, [=] { s->publishNow(actor, id); });
        return;
    }
    if (QClipboard *clip = QApplication::clipboard())
        clip->setText(it->text);
    const std::optional<QString> url = m_urlProvider ? m_urlProvider() : std::nullopt;
    if (!url)
        return;
    const QString u = *url;
    QMetaObject::invokeMethod(s, [=] { s->markPosted(actor, id, u); });
}

void ApprovalPanel::onActionDone(const QString &action, qint64 replyId, bool ok,
                                 const QString &error) {
    static const QStringList mine = {QStringLiteral("approve"),         QStringLiteral("reject"),
                                     QStringLiteral("request-changes"), QStringLiteral("publish"),
                                     QStringLiteral("mark-posted"),     QStringLiteral("release")};
    if (!mine.contains(action))
        return;
    m_message->setText(ok ? tr("Reply %1: %2 done").arg(replyId).arg(action)
                          : tr("Reply %1: %2 refused: %3").arg(replyId).arg(action, error));
}

} // namespace warroom
