#include "timelinechart.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>

#include <cmath>

namespace warroom {

namespace {

QColor paletteColor(int i) {
    static const QColor colors[] = {QColor(0x1e, 0x88, 0xe5), QColor(0xfb, 0x8c, 0x00),
                                    QColor(0x8e, 0x24, 0xaa), QColor(0x00, 0x89, 0x7b),
                                    QColor(0xc0, 0xca, 0x33), QColor(0x6d, 0x4c, 0x41),
                                    QColor(0x78, 0x90, 0x9c)};
    return colors[i % 7];
}

QColor eventColor(TimelineEvent::Kind kind) {
    switch (kind) {
    case TimelineEvent::Kind::Statement:
    case TimelineEvent::Kind::ReplyPublished:
        return QColor(0x1e, 0x88, 0xe5);
    case TimelineEvent::Kind::AlertFired:
        return QColor(0xe5, 0x39, 0x35);
    case TimelineEvent::Kind::AlertAcknowledged:
        return QColor(0xff, 0xa0, 0x00);
    case TimelineEvent::Kind::IncidentDeclared:
    case TimelineEvent::Kind::IncidentClosed:
        return QColor(0xab, 0x47, 0xbc);
    case TimelineEvent::Kind::PublishingPaused:
    case TimelineEvent::Kind::PublishingResumed:
        return QColor(0x75, 0x75, 0x75);
    }
    return Qt::gray;
}

} // namespace

QColor TimelineChartView::sentimentColor(const QString &name) {
    if (name == QLatin1String("negative"))
        return QColor(0xe5, 0x39, 0x35);
    if (name == QLatin1String("neutral"))
        return QColor(0x9e, 0x9e, 0x9e);
    if (name == QLatin1String("positive"))
        return QColor(0x43, 0xa0, 0x47);
    return QColor(0x78, 0x90, 0x9c);
}

TimelineChartView::TimelineChartView(QWidget *parent)
    : QChartView(parent)
    , m_x(new QDateTimeAxis(this))
    , m_y(new QValueAxis(this))
    , m_zoomDelay(new QTimer(this)) {
    setObjectName(QStringLiteral("timelineChart"));
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::HorizontalRubberBand);
    QChart *c = chart();
    c->setMargins(QMargins(4, 4, 4, 4));
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setAnimationOptions(QChart::NoAnimation);
    m_x->setFormat(QStringLiteral("HH:mm"));
    m_x->setTickCount(7);
    m_y->setTitleText(tr("mentions / min"));
    m_y->setLabelFormat(QStringLiteral("%d"));
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);

    m_zoomDelay->setSingleShot(true);
    m_zoomDelay->setInterval(250);
    connect(m_zoomDelay, &QTimer::timeout, this, [this] {
        Q_EMIT zoomedTo(m_x->min().toMSecsSinceEpoch(), m_x->max().toMSecsSinceEpoch());
    });
    connect(m_x, &QDateTimeAxis::rangeChanged, this, [this] { placeMarkers(); });
    connect(c, &QChart::plotAreaChanged, this, [this] { placeMarkers(); });
    applyStyle();
}

void TimelineChartView::setWallStyle(bool wall) {
    m_wall = wall;
    if (wall)
        m_dark = true;
    applyStyle();
    rebuildSeries();
}

void TimelineChartView::setDark(bool dark) {
    m_dark = dark;
    applyStyle();
    rebuildSeries();
}

void TimelineChartView::applyStyle() {
    QChart *c = chart();
    c->setTheme(m_dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    c->setAnimationOptions(QChart::NoAnimation);
    const QColor fg = m_dark ? QColor(0xf5, 0xf5, 0xf5) : QColor(0x21, 0x21, 0x21);
    const QColor bg = m_dark ? QColor(0x10, 0x12, 0x16) : QColor(0xff, 0xff, 0xff);
    c->setBackgroundBrush(bg);
    c->setBackgroundRoundness(0);
    QFont axisFont = font();
    axisFont.setPointSizeF(m_wall ? 20 : axisFont.pointSizeF());
    QFont titleFont = axisFont;
    titleFont.setPointSizeF(m_wall ? 18 : axisFont.pointSizeF());
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_x), static_cast<QAbstractAxis *>(m_y)}) {
        axis->setLabelsFont(axisFont);
        axis->setLabelsColor(fg);
        axis->setTitleFont(titleFont);
        axis->setTitleBrush(fg);
        axis->setGridLineColor(m_dark ? QColor(0x33, 0x38, 0x40) : QColor(0xe0, 0xe0, 0xe0));
    }
    QFont legendFont = axisFont;
    c->legend()->setFont(legendFont);
    c->legend()->setVisible(!m_wall); // the wall says it in words next to the chart
    c->legend()->setLabelColor(fg);
    m_y->setTitleText(m_wall ? QString() : tr("mentions / min"));
    m_x->setTickCount(m_wall ? 5 : 7);
    setBackgroundBrush(bg);
}

void TimelineChartView::setData(const TimelineData &data) {
    m_settingData = true;
    const bool sameSeries = data.series == m_seriesNames && m_areas.size() == data.series.size();
    m_data = data;
    if (!sameSeries) {
        rebuildSeries();
    } else {
        // Live refresh: replace the points, keep the objects (cheap, no legend flicker).
        const QVector<TimelineBucket> &b = m_data.buckets;
        const qint64 step = qint64(std::max(1, m_data.request.bucketMinutes)) * 60000;
        const int n = int(m_data.series.size());
        QVector<double> base(b.size(), 0.0);
        for (int s = 0; s < n; ++s) {
            QList<QPointF> upper;
            QList<QPointF> lower;
            upper.reserve(b.size() * 2);
            lower.reserve(b.size() * 2);
            for (int i = 0; i < b.size(); ++i) {
                const double lo = base[i];
                const double hi = lo + b[i].counts.value(s);
                base[i] = hi;
                for (qint64 x : {b[i].startMs, b[i].startMs + step}) {
                    lower.append(QPointF(double(x), lo));
                    upper.append(QPointF(double(x), hi));
                }
            }
            m_areas[s]->upperSeries()->replace(upper);
            m_areas[s]->lowerSeries()->replace(lower);
        }
        QList<QPointF> high, low, median, spikes;
        for (const TimelineBucket &t : b) {
            for (qint64 x : {t.startMs, t.startMs + step}) {
                high.append(QPointF(double(x), t.high));
                low.append(QPointF(double(x), t.low));
                median.append(QPointF(double(x), t.median));
            }
            if (t.spike)
                spikes.append(QPointF(double(t.startMs + step / 2), t.total));
        }
        m_band->upperSeries()->replace(high);
        m_band->lowerSeries()->replace(low);
        m_median->replace(median);
        m_spikes->replace(spikes);
    }
    double top = 1;
    for (const TimelineBucket &t : std::as_const(m_data.buckets))
        top = std::max({top, t.total, t.high});
    m_y->setRange(0, std::ceil(top * 1.25)); // head room for the marker labels
    m_y->applyNiceNumbers();
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(m_data.request.fromMs),
                  QDateTime::fromMSecsSinceEpoch(m_data.request.toMs));
    const qint64 span = m_data.request.toMs - m_data.request.fromMs;
    m_x->setFormat(span > 36LL * 3600 * 1000 ? QStringLiteral("dd MMM HH:mm")
                                             : QStringLiteral("HH:mm"));

    // Markers: rebuilt (there are few).
    for (const Marker &m : std::as_const(m_markers)) {
        delete m.line;
        delete m.label;
    }
    m_markers.clear();
    for (const TimelineEvent &e : std::as_const(m_data.events)) {
        auto *line = new QGraphicsLineItem(chart());
        QPen pen(eventColor(e.kind), m_wall ? 3 : 1.5, Qt::DashLine);
        line->setPen(pen);
        line->setZValue(10);
        // The wall is read from afar: the time only (the statements are in their own column).
        auto *label = new QGraphicsSimpleTextItem(
            m_wall ? QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("HH:mm"))
                   : e.label,
            chart());
        QFont f = font();
        f.setPointSizeF(m_wall ? 15 : std::max(7.5, f.pointSizeF() - 1));
        f.setBold(m_wall);
        label->setFont(f);
        label->setBrush(eventColor(e.kind).lighter(m_dark ? 140 : 100));
        label->setZValue(11);
        label->setToolTip(
            QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("HH:mm ")) + e.label);
        line->setToolTip(label->toolTip());
        m_markers.append({line, label, e});
    }
    m_settingData = false;
    placeMarkers();
}

void TimelineChartView::rebuildSeries() {
    QChart *c = chart();
    const QList<QAbstractSeries *> old = c->series();
    for (QAbstractSeries *s : old)
        c->removeSeries(s);
    qDeleteAll(old);
    m_areas.clear();
    m_seriesNames = m_data.series;

    const QVector<TimelineBucket> &b = m_data.buckets;
    const qint64 step = qint64(std::max(1, m_data.request.bucketMinutes)) * 60000;

    // The baseline band, behind everything.
    auto *high = new QLineSeries(c);
    auto *low = new QLineSeries(c);
    m_median = new QLineSeries(c);
    for (const TimelineBucket &t : b) {
        for (qint64 x : {t.startMs, t.startMs + step}) {
            high->append(double(x), t.high);
            low->append(double(x), t.low);
            m_median->append(double(x), t.median);
        }
    }
    m_band = new QAreaSeries(high, low);
    high->setParent(m_band);
    low->setParent(m_band);
    m_band->setName(tr("baseline"));
    QColor bandColor = m_wall   ? QColor(0x90, 0xca, 0xf9, 45)
                       : m_dark ? QColor(0x90, 0xca, 0xf9, 70)
                                : QColor(0x42, 0x85, 0xf4, 45);
    m_band->setBrush(bandColor);
    m_band->setPen(Qt::NoPen);
    c->addSeries(m_band);

    const bool bySentiment = m_data.request.breakdown == TimelineRequest::Breakdown::Sentiment;
    QVector<double> base(b.size(), 0.0);
    for (int s = 0; s < m_data.series.size(); ++s) {
        auto *upper = new QLineSeries(c);
        auto *lower = new QLineSeries(c);
        for (int i = 0; i < b.size(); ++i) {
            const double lo = base[i];
            const double hi = lo + b[i].counts.value(s);
            base[i] = hi;
            for (qint64 x : {b[i].startMs, b[i].startMs + step}) {
                lower->append(double(x), lo);
                upper->append(double(x), hi);
            }
        }
        auto *area = new QAreaSeries(upper, lower);
        upper->setParent(area);
        lower->setParent(area);
        area->setName(m_data.series.at(s));
        const QColor color = bySentiment ? sentimentColor(m_data.series.at(s)) : paletteColor(s);
        area->setBrush(color);
        QPen pen(color.darker(115));
        pen.setWidthF(m_wall ? 1.5 : 0.8);
        area->setPen(pen);
        c->addSeries(area);
        m_areas.append(area);
    }

    QPen medianPen(m_dark ? QColor(0xbb, 0xde, 0xfb) : QColor(0x15, 0x65, 0xc0), m_wall ? 2.5 : 1.2,
                   Qt::DotLine);
    m_median->setPen(medianPen);
    m_median->setName(tr("normal (median)"));
    c->addSeries(m_median);

    m_spikes = new QScatterSeries(c);
    m_spikes->setName(tr("spike"));
    m_spikes->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    m_spikes->setMarkerSize(m_wall ? 20 : 11);
    m_spikes->setColor(Qt::transparent);
    m_spikes->setBorderColor(m_dark ? QColor(0xff, 0x52, 0x52) : QColor(0xb7, 0x1c, 0x1c));
    QPen spikePen(m_spikes->borderColor(), m_wall ? 3.5 : 2);
    m_spikes->setPen(spikePen);
    for (const TimelineBucket &t : b)
        if (t.spike)
            m_spikes->append(double(t.startMs + step / 2), t.total);
    c->addSeries(m_spikes);

    for (QAbstractSeries *s : c->series()) {
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    // The band's edges and the stacked bounds are not legend entries of their own.
    for (QLegendMarker *marker : c->legend()->markers()) {
        if (marker->series() == m_median && m_wall)
            marker->setVisible(false);
    }
}

void TimelineChartView::mouseReleaseEvent(QMouseEvent *event) {
    // Only the user's drag (or right-click zoom-out) asks for another range.
    const QDateTime min = m_x->min();
    const QDateTime max = m_x->max();
    QChartView::mouseReleaseEvent(event);
    if (m_x->min() != min || m_x->max() != max)
        m_zoomDelay->start();
}

void TimelineChartView::resizeEvent(QResizeEvent *event) {
    QChartView::resizeEvent(event);
    placeMarkers();
}

int TimelineChartView::visibleEventLabels() const {
    int n = 0;
    for (const Marker &m : m_markers)
        n += m.label->isVisible() && !m.label->text().isEmpty() ? 1 : 0;
    return n;
}

void TimelineChartView::placeMarkers() {
    const QRectF plot = chart()->plotArea();
    const double minX = double(m_x->min().toMSecsSinceEpoch());
    const double maxX = double(m_x->max().toMSecsSinceEpoch());
    // Labels are staggered over a few rows from the top; one that fits in no row keeps its
    // line and tooltip only.
    const int rows = m_wall ? 3 : 4;
    QVector<double> rowEnd(rows, -1e9);
    for (Marker &m : m_markers) {
        const double x = double(m.event.atMs);
        const bool inside = x >= minX && x <= maxX && plot.width() > 0;
        m.line->setVisible(inside);
        m.label->setVisible(false);
        if (!inside)
            continue;
        const QPointF p =
            chart()->mapToPosition(QPointF(x, 0), m_areas.isEmpty() ? nullptr : m_areas.first());
        const double px = std::clamp(p.x(), plot.left(), plot.right());
        m.line->setLine(px, plot.top(), px, plot.bottom());
        const QRectF r = m.label->boundingRect();
        for (int row = 0; row < rows; ++row) {
            double left = px + 3;
            if (left + r.width() > plot.right())
                left = px - 3 - r.width(); // near the right edge: label on the left
            if (left > rowEnd[row] + 6 && left >= plot.left()) {
                m.label->setPos(left, plot.top() + 2 + row * (r.height() + 2));
                m.label->setVisible(true);
                rowEnd[row] = left + r.width();
                break;
            }
        }
    }
}

} // namespace warroom
