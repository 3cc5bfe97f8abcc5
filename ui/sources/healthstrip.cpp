#include "sources/healthstrip.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLocale>
#include <QMouseEvent>
#include <QTimer>

namespace warroom {

HealthStrip::HealthStrip(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QHBoxLayout(this))
    , m_empty(new QLabel(tr("No live sources — add one in Sources…"), this))
    , m_tick(new QTimer(this)) {
    setObjectName(QStringLiteral("healthStrip"));
    setAccessibleName(tr("Source health"));
    m_layout->setContentsMargins(4, 2, 4, 2);
    m_layout->setSpacing(6);
    m_empty->setEnabled(false);
    m_layout->addWidget(m_empty);
    m_layout->addStretch(1);
    // Lag and "next retry in" change with time: refresh tooltips every few seconds.
    m_tick->setInterval(5000);
    connect(m_tick, &QTimer::timeout, this, &HealthStrip::refreshTooltips);
    m_tick->start();
}

QColor HealthStrip::stateColour(ConnectorState s) {
    switch (s) {
    case ConnectorState::Live:
        return QColor(0x1b, 0x7f, 0x3b); // green
    case ConnectorState::Connecting:
        return QColor(0x1f, 0x5f, 0xa8); // blue
    case ConnectorState::Lagging:
        return QColor(0x9a, 0x6a, 0x00); // amber
    case ConnectorState::BackingOff:
        return QColor(0xb3, 0x4d, 0x00); // orange
    case ConnectorState::Failed:
        return QColor(0xb0, 0x1c, 0x1c); // red
    case ConnectorState::Idle:
        break;
    }
    return QColor(0x5f, 0x63, 0x68); // grey
}

QString HealthStrip::chipText(const ConnectorHealth &h) {
    // A symbol per state as well as the word, so colour is never the only signal.
    QString symbol;
    switch (h.state) {
    case ConnectorState::Live:
        symbol = QStringLiteral("●");
        break;
    case ConnectorState::Connecting:
        symbol = QStringLiteral("◌");
        break;
    case ConnectorState::Lagging:
        symbol = QStringLiteral("◐");
        break;
    case ConnectorState::BackingOff:
        symbol = QStringLiteral("↻");
        break;
    case ConnectorState::Failed:
        symbol = QStringLiteral("✕");
        break;
    case ConnectorState::Idle:
        symbol = QStringLiteral("○");
        break;
    }
    return QStringLiteral("%1 %2 — %3").arg(symbol, h.label, connectorStateLabel(h.state));
}

static QString ago(qint64 secs) {
    if (secs < 60)
        return HealthStrip::tr("%n s", nullptr, int(secs));
    if (secs < 3600)
        return HealthStrip::tr("%n min", nullptr, int(secs / 60));
    return HealthStrip::tr("%1 h %2 min").arg(secs / 3600).arg((secs % 3600) / 60);
}

QString HealthStrip::tooltipFor(const ConnectorHealth &h, const QDateTime &now) {
    const QLocale locale;
    QStringList lines;
    lines << QStringLiteral("%1 (%2)").arg(h.label, connectorStateLabel(h.state));
    lines << (h.lastItemAt.isValid()
                  ? tr("Last item: %1 (lag %2)")
                        .arg(locale.toString(h.lastItemAt.toLocalTime(), QLocale::ShortFormat),
                             ago(h.lagSeconds(now)))
                  : tr("Last item: none yet"));
    lines << tr("Items this session: %1").arg(h.itemsTotal);
    if (h.nextRetryAt.isValid()) {
        const qint64 in = std::max<qint64>(0, now.secsTo(h.nextRetryAt));
        lines << (h.state == ConnectorState::BackingOff || h.state == ConnectorState::Failed
                      ? tr("Next retry in %1").arg(ago(in))
                      : tr("Next poll in %1").arg(ago(in)));
    }
    if (!h.lastError.isEmpty())
        lines << tr("Last error: %1").arg(h.lastError);
    if (h.consecutiveFailures > 1)
        lines << tr("%n failure(s) in a row", nullptr, h.consecutiveFailures);
    return lines.join(u'\n');
}

void HealthStrip::updateHealth(const ConnectorHealth &health) {
    QLabel *chip = m_chips.value(health.id);
    if (!chip) {
        chip = new QLabel(this);
        chip->setObjectName(QStringLiteral("healthChip"));
        chip->setMargin(3);
        chip->installEventFilter(this);
        chip->setProperty("connectorId", health.id);
        m_layout->insertWidget(m_layout->count() - 1, chip);
        m_chips.insert(health.id, chip);
        m_empty->hide();
    }
    m_health.insert(health.id, health);
    const QColor c = stateColour(health.state);
    chip->setText(chipText(health));
    chip->setStyleSheet(
        QStringLiteral("QLabel{color:white;background:%1;border-radius:8px;padding:1px 8px;}")
            .arg(c.name()));
    chip->setToolTip(tooltipFor(health));
    chip->setAccessibleName(chipText(health));
    chip->setProperty("state", connectorStateName(health.state));
}

void HealthStrip::removeConnector(const QString &connectorId) {
    if (QLabel *chip = m_chips.take(connectorId))
        chip->deleteLater();
    m_health.remove(connectorId);
    m_empty->setVisible(m_chips.isEmpty());
}

void HealthStrip::refreshTooltips() {
    for (auto it = m_health.cbegin(); it != m_health.cend(); ++it)
        if (QLabel *chip = m_chips.value(it.key()))
            chip->setToolTip(tooltipFor(it.value()));
}

bool HealthStrip::eventFilter(QObject *watched, QEvent *event) {
    if (event->type() == QEvent::MouseButtonRelease)
        if (auto *label = qobject_cast<QLabel *>(watched))
            Q_EMIT chipClicked(label->property("connectorId").toString());
    return QWidget::eventFilter(watched, event);
}

} // namespace warroom
