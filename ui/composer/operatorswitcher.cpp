#include "operatorswitcher.h"

#include "workflow/workflowservice.h"

namespace warroom {

OperatorSwitcher::OperatorSwitcher(WorkflowService *service, QWidget *parent)
    : QComboBox(parent) {
    setObjectName(QStringLiteral("operatorSwitcher"));
    if (service)
        connect(service, &WorkflowService::operatorsChanged, this, &OperatorSwitcher::setOperators);
    connect(this, &QComboBox::currentIndexChanged, this,
            [this] { Q_EMIT operatorChanged(current()); });
}

Operator OperatorSwitcher::current() const {
    const qint64 id = currentData().toLongLong();
    for (const Operator &o : m_operators) {
        if (o.id == id)
            return o;
    }
    return {};
}

void OperatorSwitcher::selectByName(const QString &name) {
    for (int i = 0; i < count(); ++i) {
        if (itemData(i, Qt::UserRole + 1).toString() == name)
            setCurrentIndex(i);
    }
}

void OperatorSwitcher::setOperators(const QList<Operator> &operators) {
    const qint64 keep = currentData().toLongLong();
    if (operators.size() == m_operators.size()) {
        bool same = true;
        for (qsizetype i = 0; i < operators.size() && same; ++i)
            same = operators.at(i).id == m_operators.at(i).id &&
                   operators.at(i).role == m_operators.at(i).role;
        if (same)
            return;
    }
    m_operators = operators;
    const QSignalBlocker block(this);
    clear();
    for (const Operator &o : operators) {
        if (!o.active)
            continue;
        addItem(tr("%1 (%2)").arg(o.name, roleName(o.role)), o.id);
        setItemData(count() - 1, o.name, Qt::UserRole + 1);
    }
    const int at = findData(keep);
    setCurrentIndex(at >= 0 ? at : 0);
    Q_EMIT operatorChanged(current());
}

} // namespace warroom
