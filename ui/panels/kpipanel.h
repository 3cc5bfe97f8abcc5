#pragma once

#include "livepanel.h"

#include <QFrame>

class QLabel;

namespace warroom {

class DashboardFeed;

// One KPI: caption, a big value, a line of detail; the value turns red/amber on a threshold.
class KpiTile final : public QFrame {
    Q_OBJECT
public:
    KpiTile(const QString &key, const QString &caption, QWidget *parent = nullptr);
    enum class Level { Normal, Warning, Critical };
    void set(const QString &value, const QString &detail, Level level = Level::Normal);
    [[nodiscard]] QString value() const;
    [[nodiscard]] QString detail() const;

private:
    QLabel *m_caption;
    QLabel *m_value;
    QLabel *m_detail;
};

// The KPI tiles: volume now vs normal (×), negative share, needs-reply count and oldest age,
// approvals waiting, reach of negative mentions. Reads the DashboardFeed. Lives on the GUI thread.
class KpiPanel final : public LivePanel {
    Q_OBJECT
public:
    explicit KpiPanel(DashboardFeed *feed, QWidget *parent = nullptr);
    void reload() override;
    [[nodiscard]] KpiTile *tile(const QString &key) const;
    // Shared with the wall.
    [[nodiscard]] static QString compact(qint64 n);
    [[nodiscard]] static QString duration(qint64 ms); // "2 h 05", "14 min"

private:
    void show();

    DashboardFeed *m_feed;
    QList<KpiTile *> m_tiles;
};

} // namespace warroom
