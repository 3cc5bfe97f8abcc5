#include "alerttablemodel.h"

namespace warroom {

AlertTableModel::AlertTableModel(QObject *parent)
    : QAbstractTableModel(parent) {}

int AlertTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const AlertRow *AlertTableModel::alertAt(int row) const {
    return row >= 0 && row < m_alerts.size() ? &m_alerts.at(row) : nullptr;
}

int AlertTableModel::unacknowledged() const {
    return int(std::count_if(m_alerts.begin(), m_alerts.end(),
                             [](const AlertRow &a) { return !a.acknowledged(); }));
}

QString AlertTableModel::age(qint64 atMs, qint64 nowMs) {
    const qint64 minutes = std::max<qint64>(0, (nowMs - atMs) / 60000);
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    if (minutes < 48 * 60)
        return tr("%1 h %2").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 d").arg(minutes / (24 * 60));
}

QVariant AlertTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertRow &a = m_alerts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn:
            return a.kind;
        case EvidenceColumn:
            return a.evidence.simplified();
        case AgeColumn:
            return age(a.firedMs, m_nowMs);
        case SeverityColumn:
            return a.severity;
        case OwnerColumn:
            return a.acknowledged() ? a.ackedBy : tr("— not acknowledged —");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>")
            .arg(a.evidence.toHtmlEscaped());
    case IdRole:
        return a.id;
    case AcknowledgedRole:
        return a.acknowledged();
    case FiredRole:
        return a.firedMs;
    default:
        return {};
    }
}

QVariant AlertTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 ||
        section >= ColumnCount)
        return {};
    static const char *const names[] = {"Kind", "Evidence", "Age", "Severity", "Owner"};
    return tr(names[section]);
}

void AlertTableModel::setAlerts(const QList<AlertRow> &alerts, qint64 nowMs) {
    bool same = alerts.size() == m_alerts.size();
    for (qsizetype i = 0; same && i < alerts.size(); ++i)
        same = alerts.at(i).id == m_alerts.at(i).id;
    m_nowMs = nowMs;
    if (same) {
        m_alerts = alerts;
        if (!m_alerts.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_alerts.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_alerts = alerts;
    endResetModel();
}

} // namespace warroom
