#pragma once

#include "itemmodels/dashboardtypes.h"
#include "livepanel.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace warroom {

class AlertTableModel;
class DashboardFeed;

// The alerts: kind, evidence, age, who acknowledged. A new alert flashes the banner and, when
// the sound is on, beeps. Acknowledging needs an owner (remembered). The engine that fires
// alerts (and its cool-down) is issue 4's; this panel shows what it wrote.
class AlertsPanel final : public LivePanel {
    Q_OBJECT
public:
    explicit AlertsPanel(DashboardFeed *feed, QWidget *parent = nullptr);
    void reload() override;
    [[nodiscard]] AlertTableModel *model() const { return m_model; }
    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] QLineEdit *ownerBox() const { return m_owner; }
    // Acknowledges the selected alert (no-op without an owner: the box asks for one).
    void acknowledgeSelected();

Q_SIGNALS:
    void acknowledgeRequested(qint64 alertId, const QString &owner);
    void alertCue(const warroom::AlertRow &alert);

private:
    void show();
    void onNewAlert(const AlertRow &alert);

    DashboardFeed *m_feed;
    AlertTableModel *m_model;
    QLabel *m_banner;
    QTableView *m_table;
    QLineEdit *m_owner;
    QPushButton *m_ack;
    QCheckBox *m_sound;
    QTimer *m_flash;
    int m_flashes = 0;
};

} // namespace warroom
