#include "incidentbar.h"

#include "itemmodels/dashboardfeed.h"
#include "itemmodels/liveclock.h"

#include <QDateTimeEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStyle>
#include <QTimer>

namespace warroom {

IncidentBar::IncidentBar(DashboardFeed *feed, QWidget *parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_name(new QLabel(this))
    , m_clock(new QLabel(this))
    , m_mode(new QLabel(this))
    , m_declare(new QPushButton(tr("&Declare incident…"), this))
    , m_close(new QPushButton(tr("Close incident…"), this))
    , m_tick(new QTimer(this)) {
    setObjectName(QStringLiteral("incidentBar"));
    m_name->setObjectName(QStringLiteral("incidentName"));
    m_clock->setObjectName(QStringLiteral("crisisClock"));
    m_mode->setObjectName(QStringLiteral("clockMode"));
    m_declare->setObjectName(QStringLiteral("declareIncident"));
    m_close->setObjectName(QStringLiteral("closeIncident"));
    for (QLabel *l : {m_name, m_clock, m_mode})
        l->setTextFormat(Qt::PlainText);
    // Long names and notes are cut, never allowed to widen the window.
    m_mode->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_name->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_name->setMinimumWidth(220);

    QFont big = m_clock->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_clock->setFont(big);
    m_name->setFont(big);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 2);
    layout->addWidget(m_name, 2);
    layout->addSpacing(16);
    layout->addWidget(m_clock);
    layout->addSpacing(16);
    layout->addWidget(m_mode, 1);
    layout->addWidget(m_declare);
    layout->addWidget(m_close);

    connect(m_declare, &QPushButton::clicked, this, &IncidentBar::declareInteractively);
    connect(m_close, &QPushButton::clicked, this, &IncidentBar::closeInteractively);
    connect(feed, &DashboardFeed::updated, this, &IncidentBar::show);
    m_tick->setInterval(15000);
    connect(m_tick, &QTimer::timeout, this, &IncidentBar::show);
    m_tick->start();
    show();
}

QString IncidentBar::crisisClock(qint64 startMs, qint64 nowMs) {
    const qint64 minutes = (nowMs - startMs) / 60000;
    const qint64 a = std::abs(minutes);
    return QStringLiteral("T%1%2:%3")
        .arg(minutes < 0 ? QStringLiteral("-") : QStringLiteral("+"))
        .arg(a / 60, 2, 10, QLatin1Char('0'))
        .arg(a % 60, 2, 10, QLatin1Char('0'));
}

QString IncidentBar::clockText() const {
    return m_clock->text();
}

void IncidentBar::show() {
    const IncidentInfo &inc = m_feed->data().incident;
    LiveClock *clock = m_feed->clock();
    const qint64 now = clock->nowMs();
    if (inc.isOpen()) {
        m_name->setText(tr("INCIDENT: %1").arg(inc.name.left(48)));
        m_name->setToolTip(inc.name);
        m_clock->setText(crisisClock(inc.startedMs, now));
        setProperty("incident", true);
    } else if (inc.id != 0) {
        m_name->setText(tr("Closed: %1").arg(inc.name));
        m_clock->setText(tr("lasted %1").arg(crisisClock(inc.startedMs, inc.closedMs).mid(2)));
        setProperty("incident", false);
    } else {
        m_name->setText(tr("No incident declared"));
        m_clock->clear();
        setProperty("incident", false);
    }
    style()->unpolish(this);
    style()->polish(this);
    m_declare->setEnabled(!inc.isOpen());
    m_close->setEnabled(inc.isOpen());
    if (clock->isOverridden())
        m_mode->setText(
            tr("Replay · %1")
                .arg(clock->now().toLocalTime().toString(QStringLiteral("dd MMM yyyy HH:mm"))));
    else if (clock->isHistorical())
        m_mode->setText(
            tr("Recorded data · shown as at %1")
                .arg(clock->now().toLocalTime().toString(QStringLiteral("dd MMM yyyy HH:mm"))));
    else
        m_mode->setText(
            tr("Live · %1").arg(clock->now().toLocalTime().toString(QStringLiteral("HH:mm"))));
}

void IncidentBar::declareInteractively() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Declare an incident"));
    auto *form = new QFormLayout(&dialog);
    auto *name = new QLineEdit(&dialog);
    name->setObjectName(QStringLiteral("incidentNameEdit"));
    name->setMaxLength(120);
    name->setPlaceholderText(tr("e.g. Aurora kettle lid"));
    auto *start = new QDateTimeEdit(m_feed->clock()->now().toLocalTime(), &dialog);
    start->setObjectName(QStringLiteral("incidentStartEdit"));
    start->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    start->setCalendarPopup(true);
    form->addRow(tr("Name"), name);
    form->addRow(tr("Started at"), start);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Declare"));
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (!name->text().trimmed().isEmpty())
            dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() == QDialog::Accepted)
        Q_EMIT declareRequested(name->text().trimmed(), start->dateTime().toUTC());
}

void IncidentBar::closeInteractively() {
    const IncidentInfo &inc = m_feed->data().incident;
    if (!inc.isOpen())
        return;
    if (QMessageBox::question(this, tr("Close the incident"),
                              tr("Close \u201C%1\u201D now?").arg(inc.name)) == QMessageBox::Yes)
        Q_EMIT closeRequested(inc.id);
}

} // namespace warroom
