#pragma once

#include "workflow/operators.h"
#include "workflow/replyworkflow.h"

#include <QWidget>

#include <functional>
#include <optional>

class QLabel;
class QPushButton;

namespace warroom {

class WorkflowService;

// The red banner every window shows while scheduled publishing is paused (who, since when,
// why), with the lead's pause/resume switch. After a resume it lists the replies held because
// they came due during the pause. GUI thread; follows WorkflowService::pauseChanged.
class PauseBanner final : public QWidget {
    Q_OBJECT
public:
    explicit PauseBanner(WorkflowService *service, QWidget *parent = nullptr);

    void setOperator(const Operator &op);
    // Asks the lead for the reason (default: an input dialog; tests replace it).
    void setReasonProvider(std::function<std::optional<QString>()> provider) {
        m_reasonProvider = std::move(provider);
    }
    [[nodiscard]] bool isPaused() const { return m_state.paused; }
    [[nodiscard]] QString message() const;

public Q_SLOTS:
    void setPauseState(const warroom::PauseState &state);
    void requestPause();
    void requestResume();

private:
    void showHeld(const QList<qint64> &ids);
    void update();

    WorkflowService *m_service;
    Operator m_operator;
    PauseState m_state;
    QString m_heldNote;
    std::function<std::optional<QString>()> m_reasonProvider;
    QLabel *m_label;
    QPushButton *m_pause;
    QPushButton *m_resume;
};

} // namespace warroom
