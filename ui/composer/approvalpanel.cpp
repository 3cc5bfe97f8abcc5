#include "approvalpanel.h"

#include "domain/displaytext.h"
#include "replydiffview.h"
#include "workflow/channellength.h"
#include "workflow/workflowmodels.h"
#include "workflow/workflowservice.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
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
    , m_retime(new QPushButton(tr("New &time…"), this))
    , m_readyList(new QListWidget(this))
    , m_publish(new QPushButton(tr("&Publish"), this))
    , m_schedule(new QPushButton(tr("&Schedule…"), this)) {
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
    m_schedule->setObjectName(QStringLiteral("scheduleButton"));
    m_retime->setObjectName(QStringLiteral("rescheduleButton"));
    m_retime->setToolTip(tr("Came due during the pause: give it a new time instead of "
                            "approving it again"));

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
    buttons->addWidget(m_retime);
    dl->addLayout(buttons);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(detail);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 3);
    layout->addWidget(m_message);
    layout->addWidget(new QLabel(tr("Approved, ready to publish:"), this));
    layout->addWidget(m_readyList, 1);
    auto *publishRow = new QHBoxLayout;
    publishRow->addWidget(m_publish);
    publishRow->addWidget(m_schedule);
    layout->addLayout(publishRow);

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
    m_timeProvider = [this](const QString &title) -> std::optional<QDateTime> {
        QDialog dialog(this);
        dialog.setWindowTitle(title);
        auto *edit = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(15 * 60), &dialog);
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
        edit->setMinimumDateTime(QDateTime::currentDateTime());
        auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        auto *l = new QVBoxLayout(&dialog);
        l->addWidget(new QLabel(tr("Post at (local time):"), &dialog));
        l->addWidget(edit);
        l->addWidget(box);
        if (dialog.exec() != QDialog::Accepted)
            return std::nullopt;
        return edit->dateTime().toUTC();
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
    connect(m_schedule, &QPushButton::clicked, this, &ApprovalPanel::scheduleSelected);
    connect(m_retime, &QPushButton::clicked, this, &ApprovalPanel::rescheduleCurrent);
    connect(m_readyList, &QListWidget::currentRowChanged, this, &ApprovalPanel::updateReadyButtons);
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
    updateReadyButtons();
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
    m_retime->setVisible(r && r->held);
    m_retime->setEnabled(r && reviewer && r->held);
    if (!r) {
        m_mention->clear();
        m_diff->clear();
        m_warnings->clear();
        return;
    }
    m_mention->setText(r->mentionId
                           ? tr("%1 on %2: %3")
                                 .arg(displayLine(u'@' + r->mentionAuthor, kMaxShownNameChars),
                                      displayLine(r->mentionSource, 40),
                                      displayBlock(r->mentionText, kMaxShownLineChars * 4))
                           : tr("(a standalone statement)"));
    m_diff->setTexts(r->baseText, r->text);
    QString w;
    if (r->held)
        w = tr("Came due during the publishing pause: approve it again, or give it a new "
               "time.\n");
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
        const bool scheduled = r.state == ReplyState::Scheduled && !r.held;
        if (r.state != ReplyState::Approved && !scheduled)
            continue;
        m_ready.append(r);
        const QString when =
            scheduled ? tr(" (at %1)")
                            .arg(r.scheduledAt.toLocalTime().toString(QStringLiteral("ddd HH:mm")))
                      : QString();
        auto *item = new QListWidgetItem(
            tr("#%1 %2%3 — %4%5")
                .arg(r.id)
                .arg(r.channel, when, r.text.simplified().left(80),
                     r.lastError.isEmpty() ? QString() : tr("  [failed: %1]").arg(r.lastError)),
            m_readyList);
        item->setData(Qt::UserRole, r.id);
        if (r.id == selected || m_readyList->count() == 1)
            m_readyList->setCurrentItem(item);
    }
    updateReadyButtons();
}

const Reply *ApprovalPanel::selectedReady() const {
    const QListWidgetItem *item = m_readyList->currentItem();
    if (!item)
        return nullptr;
    const qint64 id = item->data(Qt::UserRole).toLongLong();
    const auto it =
        std::find_if(m_ready.cbegin(), m_ready.cend(), [id](const Reply &r) { return r.id == id; });
    return it == m_ready.cend() ? nullptr : &*it;
}

void ApprovalPanel::updateReadyButtons() {
    const Reply *r = selectedReady();
    m_publish->setEnabled(r && r->state == ReplyState::Approved);
    m_schedule->setEnabled(r && canApprove(m_operator.role) && m_operator.id > 0);
    m_schedule->setText(r && r->state == ReplyState::Scheduled ? tr("Re&schedule…")
                                                               : tr("&Schedule…"));
}

void ApprovalPanel::scheduleSelected() {
    const Reply *r = selectedReady();
    if (r && m_schedule->isEnabled())
        askTime(r->id, r->state == ReplyState::Scheduled);
}

void ApprovalPanel::rescheduleCurrent() {
    const qint64 id = currentReplyId();
    if (id && m_retime->isEnabled())
        askTime(id, true);
}

void ApprovalPanel::askTime(qint64 id, bool again) {
    if (!m_service || !m_timeProvider)
        return;
    const std::optional<QDateTime> at = m_timeProvider(again ? tr("New time for reply %1").arg(id)
                                                             : tr("Schedule reply %1").arg(id));
    if (!at)
        return;
    WorkflowService *s = m_service;
    const qint64 actor = m_operator.id;
    const QDateTime when = *at;
    if (again)
        QMetaObject::invokeMethod(s, [=] { s->reschedule(actor, id, when); });
    else
        QMetaObject::invokeMethod(s, [=] { s->schedule(actor, id, when); });
}

void ApprovalPanel::approveCurrent() {
    const qint64 id = currentReplyId();
    if (id && m_approve->isEnabled())
        sendWithPin([id](WorkflowService *s, qint64 actor, const QString &pin) {
            s->approve(actor, pin, id);
        });
}

void ApprovalPanel::requestChangesCurrent() {
    decideCurrent(false);
}

void ApprovalPanel::rejectCurrent() {
    decideCurrent(true);
}

void ApprovalPanel::decideCurrent(bool reject) {
    const qint64 id = currentReplyId();
    QPushButton *button = reject ? m_reject : m_changes;
    if (!id || !button->isEnabled() || !m_service || !m_reasonProvider)
        return;
    const std::optional<QString> reason =
        m_reasonProvider(reject ? tr("Reject") : tr("Request changes"));
    if (!reason)
        return;
    const QString why = *reason;
    sendWithPin([id, why, reject](WorkflowService *s, qint64 actor, const QString &pin) {
        if (reject)
            s->reject(actor, pin, id, why);
        else
            s->requestChanges(actor, pin, id, why);
    });
}

void ApprovalPanel::sendWithPin(
    std::function<void(WorkflowService *, qint64 actor, const QString &pin)> call) {
    if (!m_service || !m_pinProvider)
        return;
    const std::optional<QString> pin = m_pinProvider(m_operator.name);
    if (!pin)
        return;
    WorkflowService *s = m_service;
    const qint64 actor = m_operator.id;
    const QString p = *pin;
    // Runs on the service's thread.
    QMetaObject::invokeMethod(s, [s, actor, p, call] { call(s, actor, p); });
}

void ApprovalPanel::publishSelected() {
    const Reply *it = selectedReady();
    if (!it || !m_service || it->state != ReplyState::Approved)
        return;
    const qint64 id = it->id;
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
    static const QStringList mine = {
        QStringLiteral("approve"),         QStringLiteral("reject"),
        QStringLiteral("request-changes"), QStringLiteral("publish"),
        QStringLiteral("mark-posted"),     QStringLiteral("release"),
        QStringLiteral("schedule"),        QStringLiteral("reschedule")};
    if (!mine.contains(action))
        return;
    m_message->setText(ok ? tr("Reply %1: %2 done").arg(replyId).arg(action)
                          : tr("Reply %1: %2 refused: %3").arg(replyId).arg(action, error));
}

} // namespace warroom
