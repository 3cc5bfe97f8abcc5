#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace warroom {

class DashboardFeed;

// The header strip: the incident (name, crisis clock T+hh:mm) or "no incident", with
// Declare… / Close, and a note when the store is recorded data shown as at its end.
class IncidentBar final : public QWidget {
    Q_OBJECT
public:
    explicit IncidentBar(DashboardFeed *feed, QWidget *parent = nullptr);
    // "T+02:14" for an incident started at startMs, at nowMs.
    [[nodiscard]] static QString crisisClock(qint64 startMs, qint64 nowMs);
    [[nodiscard]] QString clockText() const;
    void declareInteractively();
    void closeInteractively();

Q_SIGNALS:
    void declareRequested(const QString &name, const QDateTime &startedAt);
    void closeRequested(qint64 incidentId);

private:
    void show();

    DashboardFeed *m_feed;
    QLabel *m_name;
    QLabel *m_clock;
    QLabel *m_mode;
    QPushButton *m_declare;
    QPushButton *m_close;
    QTimer *m_tick;
};

} // namespace warroom
