#pragma once

#include "workflow/operators.h"

#include <QComboBox>

namespace warroom {

class WorkflowService;

// Who sits at this screen: a quick switch on a shared console (approving still asks that
// person's PIN). Fed by WorkflowService::operatorsChanged. GUI thread.
class OperatorSwitcher final : public QComboBox {
    Q_OBJECT
public:
    explicit OperatorSwitcher(WorkflowService *service, QWidget *parent = nullptr);
    [[nodiscard]] Operator current() const;
    void selectByName(const QString &name);

public Q_SLOTS:
    void setOperators(const QList<warroom::Operator> &operators);

Q_SIGNALS:
    void operatorChanged(const warroom::Operator &op);

private:
    QList<Operator> m_operators;
};

} // namespace warroom
