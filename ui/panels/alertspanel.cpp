#include "alertspanel.h"

#include "itemmodels/alerttablemodel.h"
#include "itemmodels/dashboardfeed.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace warroom {

namespace {

// Unacknowledged alerts in bold, their owner cell in red.
class AlertDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        if (!index.data(AlertTableModel::AcknowledgedRole).toBool()) {
            option->font.setBold(true);
            if (index.column() == AlertTableModel::OwnerColumn)
                option->palette.setColor(QPalette::Text, QColor(0xe5, 0x39, 0x35));
        }
    }
};

} // namespace

AlertsPanel::AlertsPanel(DashboardFeed *feed, QWidget *parent)
    : LivePanel(parent)
    , m_feed(feed)
    , m_model(new AlertTableModel(this))
    , m_banner(new QLabel(this))
    , m_table(new QTableView(this))
    , m_owner(new QLineEdit(this))
    , m_ack(new QPushButton(tr("&Acknowledge"), this))
    , m_sound(new QCheckBox(tr("Sound"), this))
    , m_flash(new QTimer(this)) {
    setObjectName(QStringLiteral("alertsPanel"));
    m_banner->setObjectName(QStringLiteral("alertBanner"));
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setProperty("alert", false);
    m_table->setObjectName(QStringLiteral("alertTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegate(new AlertDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(AlertTableModel::EvidenceColumn,
                                                      QHeaderView::Stretch);
    // Widths from the font: the kinds ("negativity-surge") and "— not acknowledged" fit whole.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const int digit = m_table->fontMetrics().horizontalAdvance(u'0');
    m_table->horizontalHeader()->resizeSection(AlertTableModel::KindColumn, digit * 17);
    m_table->horizontalHeader()->resizeSection(AlertTableModel::AgeColumn, digit * 8);
    m_table->horizontalHeader()->resizeSection(AlertTableModel::SeverityColumn, digit * 8);
    m_table->horizontalHeader()->resizeSection(AlertTableModel::OwnerColumn, digit * 19);
    auto *ackKey = new QAction(tr("Acknowledge"), m_table);
    ackKey->setShortcut(QKeySequence(Qt::Key_A));
    ackKey->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(ackKey);
    connect(ackKey, &QAction::triggered, this, &AlertsPanel::acknowledgeSelected);

    QSettings settings;
    m_owner->setObjectName(QStringLiteral("alertOwner"));
    m_owner->setPlaceholderText(tr("Owner (your name)"));
    m_owner->setText(settings.value(QStringLiteral("alerts/owner")).toString());
    m_owner->setMaxLength(60);
    m_sound->setObjectName(QStringLiteral("alertSound"));
    m_sound->setChecked(settings.value(QStringLiteral("alerts/sound"), false).toBool());
    m_ack->setObjectName(QStringLiteral("alertAcknowledge"));
    m_ack->setToolTip(tr("Acknowledge the selected alert (A)"));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_owner, 1);
    bar->addWidget(m_ack);
    bar->addWidget(m_sound);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addWidget(m_banner);
    layout->addWidget(m_table, 1);
    layout->addLayout(bar);

    connect(m_ack, &QPushButton::clicked, this, &AlertsPanel::acknowledgeSelected);
    connect(m_sound, &QCheckBox::toggled, this,
            [](bool on) { QSettings().setValue(QStringLiteral("alerts/sound"), on); });
    connect(feed, &DashboardFeed::updated, this, &AlertsPanel::show);
    connect(feed, &DashboardFeed::newAlert, this, &AlertsPanel::onNewAlert);
    m_flash->setInterval(400);
    connect(m_flash, &QTimer::timeout, this, [this] {
        const bool on = (m_flashes++ % 2) == 0;
        m_banner->setProperty("flash", on);
        m_banner->style()->unpolish(m_banner);
        m_banner->style()->polish(m_banner);
        if (m_flashes >= 10)
            m_flash->stop();
    });
}

void AlertsPanel::reload() {
    m_feed->refresh();
}

void AlertsPanel::show() {
    const DashboardData &d = m_feed->data();
    const qint64 selected = m_table->currentIndex().isValid()
                                ? m_table->currentIndex().data(AlertTableModel::IdRole).toLongLong()
                                : 0;
    m_model->setAlerts(d.alerts, d.nowMs);
    if (selected != 0)
        for (int r = 0; r < m_model->rowCount(); ++r)
            if (m_model->alertAt(r)->id == selected)
                m_table->selectRow(r);
    const int open = m_model->unacknowledged();
    m_banner->setText(d.alerts.isEmpty() ? tr("No alert.")
                      : open == 0
                          ? tr("%n alert(s), all acknowledged.", nullptr, int(d.alerts.size()))
                          : tr("%n alert(s) need an owner.", nullptr, open));
    m_banner->setProperty("alert", open > 0);
    m_banner->style()->unpolish(m_banner);
    m_banner->style()->polish(m_banner);
}

void AlertsPanel::onNewAlert(const AlertRow &alert) {
    m_flashes = 0;
    m_flash->start();
    if (m_sound->isChecked())
        QApplication::beep();
    Q_EMIT alertCue(alert);
}

void AlertsPanel::acknowledgeSelected() {
    const QModelIndex current = m_table->currentIndex();
    const AlertRow *alert = current.isValid() ? m_model->alertAt(current.row()) : nullptr;
    if (!alert || alert->acknowledged())
        return;
    const QString owner = m_owner->text().trimmed();
    if (owner.isEmpty()) {
        m_owner->setFocus();
        m_owner->setPlaceholderText(tr("Who owns this alert? Type your name, then Acknowledge."));
        return;
    }
    QSettings().setValue(QStringLiteral("alerts/owner"), owner);
    Q_EMIT acknowledgeRequested(alert->id, owner);
}

} // namespace warroom
