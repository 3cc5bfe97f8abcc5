#pragma once

#include "itemmodels/dashboardtypes.h"

#include <QChartView>
#include <QList>

class QAreaSeries;
class QDateTimeAxis;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QTimer;
class QValueAxis;

namespace warroom {

// Mentions per minute as stacked areas (by sentiment, source or language), the baseline as a
// band, spikes as red rings and our own actions as labelled vertical markers on the same time
// axis. Drag to zoom (zoomedTo asks the owner for finer data), right-click to zoom out.
// Shows what it is given; never queries. Lives on the GUI thread.
class TimelineChartView final : public QChartView {
    Q_OBJECT
public:
    explicit TimelineChartView(QWidget *parent = nullptr);

    void setData(const TimelineData &data);
    [[nodiscard]] const TimelineData &data() const { return m_data; }
    // Wall: large type, thick lines, dark high-contrast colours.
    void setWallStyle(bool wall);
    void setDark(bool dark);
    [[nodiscard]] int visibleEventLabels() const;
    // The marker labels a person sees now (the rest keep their line and a tooltip).
    [[nodiscard]] QStringList visibleEventTexts() const;

    // The colour of a sentiment series (also used by the KPI tiles and the wall).
    [[nodiscard]] static QColor sentimentColor(const QString &name);
    // The legend's name of a series: language codes as a person reads them ("English (en)").
    [[nodiscard]] static QString seriesLabel(TimelineRequest::Breakdown breakdown,
                                             const QString &name);

Q_SIGNALS:
    void zoomedTo(qint64 fromMs, qint64 toMs);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void rebuildSeries();
    void replacePoints();
    void updateAxes(bool force);
    void rebuildMarkers();
    void placeMarkers();
    void applyStyle();

    TimelineData m_data;
    QStringList m_seriesNames;
    QList<QAreaSeries *> m_areas;
    QAreaSeries *m_band = nullptr;
    QLineSeries *m_median = nullptr;
    QScatterSeries *m_spikes = nullptr;
    QDateTimeAxis *m_x;
    QValueAxis *m_y;
    struct Marker {
        QGraphicsLineItem *line;
        QGraphicsSimpleTextItem *label;
        TimelineEvent event;
    };
    QList<Marker> m_markers;
    // Publishing paused from → to (0: still paused), shaded.
    struct PauseSpan {
        qint64 fromMs;
        qint64 toMs;
        QGraphicsRectItem *rect;
    };
    QList<PauseSpan> m_pauses;
    bool m_settingData = false;
    bool m_markersBuilt = false;
    bool m_wall = false;
    bool m_dark = false;
    QTimer *m_zoomDelay;
};

} // namespace warroom
