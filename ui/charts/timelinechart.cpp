#include "timelinechart.h"

#include <QAreaSeries>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>
#include <QXYSeries>

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

QString TimelineChartView::seriesLabel(TimelineRequest::Breakdown breakdown, const QString &name) {
    if (breakdown != TimelineRequest::Breakdown::Language)
        return name;
    // Language codes as a person reads them: "English (en)"; "?" is undetermined.
    if (name == QLatin1String("?"))
        return tr("undetermined");
    const QLocale locale(name);
    if (name.size() < 2 || locale.language() == QLocale::C ||
        locale.language() == QLocale::AnyLanguage)
        return name;
    return QStringLiteral("%1 (%2)").arg(QLocale::languageToString(locale.language()), name);
}

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
    updateAxes(true);
    rebuildMarkers();
    placeMarkers();
}

void TimelineChartView::setDark(bool dark) {
    if (dark == m_dark && m_band)
        return;
    m_dark = dark;
    applyStyle();
    rebuildSeries();
    updateAxes(true);
    rebuildMarkers();
    placeMarkers();
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

namespace {

bool sameBuckets(const QVector<TimelineBucket> &a, const QVector<TimelineBucket> &b) {
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const TimelineBucket &x = a.at(i);
        const TimelineBucket &y = b.at(i);
        if (x.startMs != y.startMs || x.counts != y.counts || x.median != y.median ||
            x.low != y.low || x.high != y.high || x.spike != y.spike)
            return false;
    }
    return true;
}

bool sameEvents(const QList<TimelineEvent> &a, const QList<TimelineEvent> &b) {
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a.at(i).atMs != b.at(i).atMs || a.at(i).kind != b.at(i).kind ||
            a.at(i).label != b.at(i).label)
            return false;
    return true;
}

// One signal and one repaint per series, and none when its points did not move.
void replaceIfChanged(QXYSeries *series, const QList<QPointF> &points) {
    if (series->points() != points)
        series->replace(points);
}

} // namespace

void TimelineChartView::setData(const TimelineData &data) {
    // Live, the timeline is asked again every few hundred ms: the chart only redoes what moved
    // (points of the series whose values changed, the axes when their range changed, markers
    // when the events changed), so the GUI thread spends its time on what is new.
    const bool sameSeries =
        data.series == m_seriesNames && m_areas.size() == data.series.size() && m_band != nullptr;
    const bool samePoints = sameSeries &&
                            data.request.bucketMinutes == m_data.request.bucketMinutes &&
                            sameBuckets(data.buckets, m_data.buckets);
    const bool sameRange =
        data.request.fromMs == m_data.request.fromMs && data.request.toMs == m_data.request.toMs;
    const bool eventsUnchanged = m_markersBuilt && sameEvents(data.events, m_data.events);
    m_data = data;
    if (samePoints && sameRange && eventsUnchanged)
        return;
    m_settingData = true;
    if (!sameSeries)
        rebuildSeries();
    else if (!samePoints)
        replacePoints();
    updateAxes(!sameSeries);
    if (!eventsUnchanged)
        rebuildMarkers();
    m_settingData = false;
    placeMarkers();
}

void TimelineChartView::replacePoints() {
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
        replaceIfChanged(m_areas[s]->upperSeries(), upper);
        replaceIfChanged(m_areas[s]->lowerSeries(), lower);
    }
    QList<QPointF> high, low, median, spikes;
    high.reserve(b.size() * 2);
    low.reserve(b.size() * 2);
    median.reserve(b.size() * 2);
    for (const TimelineBucket &t : b) {
        for (qint64 x : {t.startMs, t.startMs + step}) {
            high.append(QPointF(double(x), t.high));
            low.append(QPointF(double(x), t.low));
            median.append(QPointF(double(x), t.median));
        }
        if (t.spike)
            spikes.append(QPointF(double(t.startMs + step / 2), t.total));
    }
    replaceIfChanged(m_band->upperSeries(), high);
    replaceIfChanged(m_band->lowerSeries(), low);
    replaceIfChanged(m_median, median);
    replaceIfChanged(m_spikes, spikes);
}

void TimelineChartView::updateAxes(bool force) {
    if (m_data.request.toMs <= m_data.request.fromMs)
        return; // nothing shown yet: an empty range would leave the time axis without labels
    double top = 1;
    for (const TimelineBucket &t : std::as_const(m_data.buckets))
        top = std::max({top, t.total, t.high});
    // Head room for the marker labels. The scale only moves when the data leaves it or shrinks
    // to less than half of it: no relayout of the chart for every new mention.
    const double wanted = std::ceil(top * 1.25);
    if (force || wanted > m_y->max() || wanted < m_y->max() * 0.5) {
        m_y->setRange(0, wanted);
        m_y->applyNiceNumbers();
    }
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(m_data.request.fromMs);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(m_data.request.toMs);
    if (force || m_x->min() != from || m_x->max() != to)
        m_x->setRange(from, to);
    const qint64 span = m_data.request.toMs - m_data.request.fromMs;
    const QString format =
        span > 36LL * 3600 * 1000 ? QStringLiteral("dd MMM HH:mm") : QStringLiteral("HH:mm");
    if (m_x->format() != format)
        m_x->setFormat(format);
}

void TimelineChartView::rebuildMarkers() {
    // Markers are few: rebuilt when the events change.
    for (const Marker &m : std::as_const(m_markers)) {
        delete m.line;
        delete m.label;
    }
    m_markers.clear();
    for (const PauseSpan &span : std::as_const(m_pauses))
        delete span.rect;
    m_pauses.clear();
    auto pauseRect = [this](const QString &tip) {
        auto *rect = new QGraphicsRectItem(chart());
        rect->setPen(Qt::NoPen);
        rect->setBrush(QBrush(m_dark ? QColor(0xbd, 0xbd, 0xbd, 70) : QColor(0x61, 0x61, 0x61, 60),
                              Qt::BDiagPattern));
        rect->setZValue(9);
        rect->setToolTip(tip);
        return rect;
    };
    for (const TimelineEvent &e : std::as_const(m_data.events)) {
        if (e.kind == TimelineEvent::Kind::PublishingPaused)
            m_pauses.append({e.atMs, 0, pauseRect(e.label)});
        else if (e.kind == TimelineEvent::Kind::PublishingResumed && !m_pauses.isEmpty() &&
                 m_pauses.last().toMs == 0)
            m_pauses.last().toMs = e.atMs;
        else if (e.kind == TimelineEvent::Kind::PublishingResumed) // paused before the range
            m_pauses.append({m_data.request.fromMs, e.atMs, pauseRect(tr("Publishing paused"))});
    }
    for (const TimelineEvent &e : std::as_const(m_data.events)) {
        auto *line = new QGraphicsLineItem(chart());
        QPen pen(eventColor(e.kind), m_wall ? 3 : 1.5, Qt::DashLine);
        line->setPen(pen);
        line->setZValue(10);
        // The wall is read from afar: the time only (the statements are in their own column).
        const QString time =
            QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("HH:mm"));
        QString wallText = time;
        if (e.kind == TimelineEvent::Kind::PublishingPaused)
            wallText = tr("PAUSED %1").arg(time);
        else if (e.kind == TimelineEvent::Kind::PublishingResumed)
            wallText = tr("RESUMED %1").arg(time);
        auto *label = new QGraphicsSimpleTextItem(m_wall ? wallText : e.label, chart());
        QFont f = font();
        f.setPointSizeF(m_wall ? 15 : std::max(7.5, f.pointSizeF() - 1));
        f.setBold(m_wall);
        label->setFont(f);
        label->setBrush(eventColor(e.kind).lighter(m_dark ? 140 : 100));
        label->setZValue(11);
        label->setToolTip(time + u' ' + e.label);
        line->setToolTip(label->toolTip());
        m_markers.append({line, label, e});
    }
    m_markersBuilt = true;
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
        area->setName(seriesLabel(m_data.request.breakdown, m_data.series.at(s)));
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

namespace {

// Which labels win a place when there are more than the rows can hold: what changes the
// story first (the incident, the publishing switch), then what we said, then the alerts.
int labelPriority(TimelineEvent::Kind kind) {
    switch (kind) {
    case TimelineEvent::Kind::IncidentDeclared:
    case TimelineEvent::Kind::IncidentClosed:
        return 0;
    case TimelineEvent::Kind::PublishingPaused:
    case TimelineEvent::Kind::PublishingResumed:
        return 1;
    case TimelineEvent::Kind::Statement:
        return 2;
    case TimelineEvent::Kind::ReplyPublished:
        return 3;
    case TimelineEvent::Kind::AlertFired:
        return 4;
    case TimelineEvent::Kind::AlertAcknowledged:
        return 5;
    }
    return 6;
}

} // namespace

void TimelineChartView::placeMarkers() {
    const QRectF plot = chart()->plotArea();
    const double minX = double(m_x->min().toMSecsSinceEpoch());
    const double maxX = double(m_x->max().toMSecsSinceEpoch());
    auto toPx = [&](double x) {
        const QPointF p =
            chart()->mapToPosition(QPointF(x, 0), m_areas.isEmpty() ? nullptr : m_areas.first());
        return std::clamp(p.x(), plot.left(), plot.right());
    };
    // Publishing paused: the span is shaded, from the pause to the resume (or the end).
    for (const PauseSpan &span : std::as_const(m_pauses)) {
        const double from = std::max(double(span.fromMs), minX);
        const double to = span.toMs > 0 ? std::min(double(span.toMs), maxX) : maxX;
        const bool inside = from < to && plot.width() > 0;
        span.rect->setVisible(inside);
        if (inside)
            span.rect->setRect(
                QRectF(QPointF(toPx(from), plot.top()), QPointF(toPx(to), plot.bottom())));
    }
    // Labels are staggered over a few rows from the top, the most telling first; one that fits
    // in no row keeps its line and tooltip only.
    const int rows = m_wall ? 3 : 4;
    QVector<QList<QPair<double, double>>> taken(rows);
    QList<Marker *> order;
    for (Marker &m : m_markers)
        order.append(&m);
    std::stable_sort(order.begin(), order.end(), [](const Marker *a, const Marker *b) {
        return labelPriority(a->event.kind) < labelPriority(b->event.kind);
    });
    for (Marker *m : std::as_const(order)) {
        const double x = double(m->event.atMs);
        const bool inside = x >= minX && x <= maxX && plot.width() > 0;
        m->line->setVisible(inside);
        m->label->setVisible(false);
        if (!inside)
            continue;
        const double px = toPx(x);
        m->line->setLine(px, plot.top(), px, plot.bottom());
        const QRectF r = m->label->boundingRect();
        double left = px + 3;
        if (left + r.width() > plot.right())
            left = px - 3 - r.width(); // near the right edge: label on the left
        if (left < plot.left())
            continue;
        const double right = left + r.width();
        for (int row = 0; row < rows; ++row) {
            const bool free = std::none_of(taken[row].cbegin(), taken[row].cend(),
                                           [&](const QPair<double, double> &t) {
                                               return left < t.second + 6 && right + 6 > t.first;
                                           });
            if (free) {
                m->label->setPos(left, plot.top() + 2 + row * (r.height() + 2));
                m->label->setVisible(true);
                taken[row].append({left, right});
                break;
            }
        }
    }
}

QStringList TimelineChartView::visibleEventTexts() const {
    QStringList texts;
    for (const Marker &m : m_markers)
        if (m.label->isVisible() && !m.label->text().isEmpty())
            texts << m.label->text();
    return texts;
}

} // namespace warroom
