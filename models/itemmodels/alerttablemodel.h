#pragma once

#include "dashboardtypes.h"

#include <QAbstractTableModel>

namespace warroom {

// The alerts, newest first: kind, evidence, age, severity, who acknowledged. Fed from the
// DashboardFeed; ages are against the war room's clock (setNow). Lives on the GUI thread.
class AlertTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KindColumn, EvidenceColumn, AgeColumn, SeverityColumn, OwnerColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole, AcknowledgedRole, FiredRole };

    explicit AlertTableModel(QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    void setAlerts(const QList<AlertRow> &alerts, qint64 nowMs);
    [[nodiscard]] const AlertRow *alertAt(int row) const;
    [[nodiscard]] int unacknowledged() const;
    // "4 min", "2 h 05" — the age of something at `nowMs`.
    [[nodiscard]] static QString age(qint64 atMs, qint64 nowMs);

private:
    QList<AlertRow> m_alerts;
    qint64 m_nowMs = 0;
};

} // namespace warroom
