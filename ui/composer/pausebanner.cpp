#include "pausebanner.h"

#include "workflow/workflowservice.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>

namespace warroom {

PauseBanner::PauseBanner(WorkflowService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_label(new QLabel(this))
    , m_pause(new QPushButton(tr("Pause all publishing…"), this))
    , m_resume(new QPushButton(tr("Resume publishing"), this)) {
    setObjectName(QStringLiteral("pauseBanner"));
    m_label->setObjectName(QStringLiteral("pauseMessage"));
    m_label->setTextFormat(Qt::PlainText);
    m_label->setWordWrap(true);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_resume->setObjectName(QStringLiteral("resumeButton"));
    setAutoFillBackground(true);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_pause);
    layout->addWidget(m_resume);
    m_reasonProvider = [this]() -> std::optional<QString> {
        bool ok = false;
        const QString reason = QInputDialog::getText(this, tr("Pause all publishing"),
                                                     tr("Why? (the whole room sees it)"),
                                                     QLineEdit::Normal, QString(), &ok);
        if (!ok || reason.trimmed().isEmpty())
            return std::nullopt;
        return reason.trimmed();
    };
    connect(m_pause, &QPushButton::clicked, this, &PauseBanner::requestPause);
    connect(m_resume, &QPushButton::clicked, this, &PauseBanner::requestResume);
    if (m_service) {
        connect(m_service, &WorkflowService::pauseChanged, this, &PauseBanner::setPauseState);
        connect(m_service, &WorkflowService::heldAfterPause, this, &PauseBanner::showHeld);
    }
    update();
}

void PauseBanner::setOperator(const Operator &op) {
    m_operator = op;
    update();
}

void PauseBanner::setPauseState(const PauseState &state) {
    if (state.paused)
        m_heldNote.clear();
    m_state = state;
    update();
}

QString PauseBanner::message() const {
    return m_label->text();
}

void PauseBanner::showHeld(const QList<qint64> &ids) {
    QStringList s;
    for (qint64 id : ids)
        s.append(QString::number(id));
    m_heldNote = tr("%n scheduled reply(ies) came due during the pause and are held until "
                    "re-approved or rescheduled: %1",
                    nullptr, int(ids.size()))
                     .arg(s.join(u", "));
    update();
}

void PauseBanner::update() {
    const bool lead = m_operator.id > 0 && m_operator.role == Role::Lead;
    m_pause->setVisible(lead && !m_state.paused);
    m_resume->setVisible(lead && m_state.paused);
    QPalette pal = palette();
    if (m_state.paused) {
        m_label->setText(tr("PUBLISHING PAUSED by %1 since %2: %3")
                             .arg(m_state.by,
                                  m_state.since.toLocalTime().toString(QStringLiteral("HH:mm")),
                                  m_state.reason));
        pal.setColor(QPalette::Window, QColor(0xb0, 0x10, 0x10));
        pal.setColor(QPalette::WindowText, Qt::white);
        setVisible(true);
    } else {
        m_label->setText(m_heldNote);
        pal.setColor(QPalette::Window, QColor(0xff, 0xf0, 0xc0));
        pal.setColor(QPalette::WindowText, Qt::black);
        // Without a pause the banner is only there for the lead's switch or the held list.
        setVisible(lead || !m_heldNote.isEmpty());
    }
    m_label->setPalette(pal);
    setPalette(pal);
}

void PauseBanner::requestPause() {
    if (!m_service || !m_reasonProvider)
        return;
    const std::optional<QString> reason = m_reasonProvider();
    if (!reason)
        return;
    WorkflowService *service = m_service;
    const qint64 actor = m_operator.id;
    const QString why = *reason;
    QMetaObject::invokeMethod(service, [=] { service->pausePublishing(actor, why); });
}

void PauseBanner::requestResume() {
    if (!m_service)
        return;
    WorkflowService *service = m_service;
    const qint64 actor = m_operator.id;
    QMetaObject::invokeMethod(service, [=] { service->resumePublishing(actor); });
}

} // namespace warroom
