#include "needsreplypanel.h"

#include "workflow/workflowmodels.h"
#include "workflow/workflowservice.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace warroom {

namespace {

// Overdue ages in bold red: the one column a glance at the queue needs.
class AgeDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(NeedsReplyModel::OverdueRole).toBool()) {
            option->palette.setColor(QPalette::Text, QColor(0xc0, 0x10, 0x10));
            option->palette.setColor(QPalette::HighlightedText, QColor(0xff, 0xd0, 0xd0));
            option->font.setBold(true);
        }
    }
};

} // namespace

NeedsReplyPanel::NeedsReplyPanel(WorkflowService *service, NeedsReplyModel *model, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_model(model)
    , m_view(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_target(new QSpinBox(this))
    , m_reply(new QPushButton(tr("&Reply (Enter)"), this))
    , m_private(new QPushButton(tr("Moved to &private channel (P)"), this))
    , m_ignore(new QPushButton(tr("&No reply needed (I)"), this)) {
    setObjectName(QStringLiteral("needsReplyPanel"));
    m_view->setObjectName(QStringLiteral("needsReplyTable"));
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(NeedsReplyModel::Age, new AgeDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->horizontalHeader()->setSectionResizeMode(NeedsReplyModel::Text, QHeaderView::Stretch);
    m_view->verticalHeader()->hide();
    m_summary->setObjectName(QStringLiteral("needsReplySummary"));
    m_target->setObjectName(QStringLiteral("responseTarget"));
    m_target->setRange(1, 7 * 24 * 60);
    m_target->setSuffix(tr(" min"));
    m_target->setToolTip(tr("Response-time target (the lead sets it)"));
    m_reply->setObjectName(QStringLiteral("needsReplyAnswer"));
    m_private->setObjectName(QStringLiteral("needsReplyPrivate"));
    m_ignore->setObjectName(QStringLiteral("needsReplyIgnore"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(new QLabel(tr("Target:"), this));
    top->addWidget(m_target);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_reply);
    buttons->addWidget(m_private);
    buttons->addWidget(m_ignore);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    const std::pair<QKeySequence, void (NeedsReplyPanel::*)()> keys[] = {
        {QKeySequence(Qt::Key_Return), &NeedsReplyPanel::replyToCurrent},
        {QKeySequence(Qt::Key_Enter), &NeedsReplyPanel::replyToCurrent},
        {QKeySequence(Qt::Key_P), &NeedsReplyPanel::markMovedPrivate},
        {QKeySequence(Qt::Key_I), &NeedsReplyPanel::markNoReplyNeeded}};
    for (const auto &[key, slot] : keys) {
        auto *shortcut = new QShortcut(key, m_view);
        shortcut->setContext(Qt::WidgetShortcut); // only while the queue has focus
        connect(shortcut, &QShortcut::activated, this, slot);
    }
    connect(m_view, &QAbstractItemView::doubleClicked, this, &NeedsReplyPanel::replyToCurrent);
    connect(m_reply, &QPushButton::clicked, this, &NeedsReplyPanel::replyToCurrent);
    connect(m_private, &QPushButton::clicked, this, &NeedsReplyPanel::markMovedPrivate);
    connect(m_ignore, &QPushButton::clicked, this, &NeedsReplyPanel::markNoReplyNeeded);
    connect(m_target, &QSpinBox::editingFinished, this, [this] {
        if (!m_service || m_target->value() == m_model->targetMinutes())
            return;
        WorkflowService *s = m_service;
        const qint64 actor = m_operator.id;
        const int minutes = m_target->value();
        QMetaObject::invokeMethod(s, [s, actor, minutes] { s->setResponseTarget(actor, minutes); });
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &NeedsReplyPanel::updateState);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &NeedsReplyPanel::updateState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &NeedsReplyPanel::updateState);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &NeedsReplyPanel::updateState);
    if (m_service)
        connect(m_service, &WorkflowService::actionDone, this,
                [this](const QString &action, qint64, bool ok, const QString &error) {
                    if ((action == u"mention-status" || action == u"response-target") && !ok)
                        m_summary->setText(error);
                });
    updateState();
}

void NeedsReplyPanel::setOperator(const Operator &op) {
    m_operator = op;
    updateState();
}

QString NeedsReplyPanel::summary() const {
    return m_summary->text();
}

void NeedsReplyPanel::updateState() {
    const int n = m_model->rowCount();
    const int overdue = m_model->overdueCount();
    m_summary->setText(n == 0 ? tr("Nothing waits for an answer.")
                              : tr("%n waiting", nullptr, n) +
                                    (overdue ? tr(", %1 over the %2 min target")
                                                   .arg(overdue)
                                                   .arg(m_model->targetMinutes())
                                             : QString()));
    m_summary->setStyleSheet(overdue ? QStringLiteral("color: #c01010; font-weight: bold")
                                     : QString());
    if (!m_target->hasFocus())
        m_target->setValue(m_model->targetMinutes());
    m_target->setEnabled(m_operator.id > 0 && m_operator.role == Role::Lead);
    const bool any = n > 0 && m_operator.id > 0;
    m_reply->setEnabled(any && canDraft(m_operator.role));
    m_private->setEnabled(any);
    m_ignore->setEnabled(any);
    if (n > 0 && !m_view->currentIndex().isValid())
        m_view->setCurrentIndex(m_model->index(0, 0));
}

void NeedsReplyPanel::replyToCurrent() {
    const NeedsReplyItem *item = m_model->itemAt(m_view->currentIndex().row());
    if (item && m_reply->isEnabled())
        Q_EMIT replyRequested(*item);
}

void NeedsReplyPanel::markMovedPrivate() {
    setCurrentStatus(MentionStatus::MovedPrivate);
}

void NeedsReplyPanel::markNoReplyNeeded() {
    setCurrentStatus(MentionStatus::Ignored);
}

void NeedsReplyPanel::setCurrentStatus(MentionStatus status) {
    const NeedsReplyItem *item = m_model->itemAt(m_view->currentIndex().row());
    if (!item || !m_service || m_operator.id <= 0)
        return;
    WorkflowService *s = m_service;
    const qint64 actor = m_operator.id;
    const qint64 mention = item->mentionId;
    QMetaObject::invokeMethod(
        s, [s, actor, mention, status] { s->setMentionStatus(actor, mention, int(status)); });
}

} // namespace warroom
