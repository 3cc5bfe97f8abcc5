#pragma once

#include "common/connector.h"

#include <QHash>
#include <QLabel>
#include <QWidget>

class QHBoxLayout;
class QTimer;

namespace warroom {

// One chip per live source: colour AND text ("● Mastodon #orrin — Live"), a tooltip with the last
// item time, lag, next retry and last error. Lives on the GUI thread; fed by
// ConnectorManager::healthChanged / removed.
class HealthStrip final : public QWidget {
    Q_OBJECT
public:
    explicit HealthStrip(QWidget *parent = nullptr);

    [[nodiscard]] int chipCount() const { return int(m_chips.size()); }
    [[nodiscard]] QLabel *chip(const QString &connectorId) const {
        return m_chips.value(connectorId);
    }
    // The tooltip text for a health record (also used by tests).
    [[nodiscard]] static QString tooltipFor(const ConnectorHealth &h,
                                            const QDateTime &now = QDateTime::currentDateTimeUtc());
    [[nodiscard]] static QString chipText(const ConnectorHealth &h);
    [[nodiscard]] static QColor stateColour(ConnectorState s);

public Q_SLOTS:
    void updateHealth(const warroom::ConnectorHealth &health);
    void removeConnector(const QString &connectorId);

Q_SIGNALS:
    void chipClicked(const QString &connectorId); // e.g. open the sources dialog

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refreshTooltips();
    QHBoxLayout *m_layout;
    QLabel *m_empty;
    QHash<QString, QLabel *> m_chips;
    QHash<QString, ConnectorHealth> m_health;
    QTimer *m_tick;
};

} // namespace warroom
