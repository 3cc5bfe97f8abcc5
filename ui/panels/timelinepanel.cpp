#include "timelinepanel.h"

#include "charts/timelinechart.h"
#include "itemmodels/aggregatequeryworker.h"
#include "itemmodels/dashboardfeed.h"
#include "itemmodels/liveclock.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QToolButton>
#include <QVBoxLayout>

namespace warroom {

namespace {
constexpr qint64 kMinute = 60000;
}

TimelinePanel::TimelinePanel(AggregateQueryWorker *worker, DashboardFeed *feed, QWidget *parent)
    : LivePanel(parent)
    , m_worker(worker)
    , m_feed(feed)
    , m_clock(feed->clock())
    , m_chart(new TimelineChartView(this))
    , m_ranges(new QButtonGroup(this))
    , m_breakdown(new QComboBox(this))
    , m_summary(new QLabel(this)) {
    setObjectName(QStringLiteral("timelinePanel"));
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    const std::pair<Range, QString> ranges[] = {
        {Range::Minutes15, tr("15 min")},  {Range::Hour1, tr("1 h")},
        {Range::Hours6, tr("6 h")},        {Range::Hours24, tr("24 h")},
        {Range::Incident, tr("Incident")}, {Range::All, tr("All")}};
    for (const auto &[range, text] : ranges) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setCheckable(true);
        b->setAutoRaise(true);
        b->setObjectName(QStringLiteral("range_%1").arg(int(range)));
        m_ranges->addButton(b, int(range));
        bar->addWidget(b);
    }
    m_ranges->setExclusive(true);
    m_ranges->button(int(m_range))->setChecked(true);
    connect(m_ranges, &QButtonGroup::idClicked, this,
            [this](int id) { setRange(static_cast<Range>(id)); });
    bar->addSpacing(12);
    m_breakdown->setObjectName(QStringLiteral("timelineBreakdown"));
    m_breakdown->addItem(tr("By sentiment"), int(TimelineRequest::Breakdown::Sentiment));
    m_breakdown->addItem(tr("By source"), int(TimelineRequest::Breakdown::Source));
    m_breakdown->addItem(tr("By language"), int(TimelineRequest::Breakdown::Language));
    connect(m_breakdown, &QComboBox::activated, this, [this](int i) {
        setBreakdown(static_cast<TimelineRequest::Breakdown>(m_breakdown->itemData(i).toInt()));
    });
    bar->addWidget(m_breakdown);
    bar->addSpacing(12);
    m_summary->setObjectName(QStringLiteral("timelineSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    // Long summaries are cut, not allowed to widen the window (full text in the tooltip).
    m_summary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_summary, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_chart, 1);
    m_chart->setToolTip(tr("Drag to zoom into a time range; right-click to zoom out."));

    connect(worker, &AggregateQueryWorker::timelineReady, this, &TimelinePanel::onReady);
    connect(m_chart, &TimelineChartView::zoomedTo, this, [this](qint64 from, qint64 to) {
        if (to - from < 5 * kMinute)
            to = from + 5 * kMinute;
        m_zoomFrom = from;
        m_zoomTo = to;
        reload();
    });
    // The "Incident" range follows the incident the header shows.
    connect(feed, &DashboardFeed::updated, this, [this] {
        if (m_range == Range::Incident && m_hasData &&
            m_chart->data().request.fromMs / kMinute !=
                (m_feed->data().incident.startedMs - 15 * kMinute) / kMinute)
            markDirty();
    });
}

const TimelineData &TimelinePanel::data() const {
    return m_chart->data();
}

void TimelinePanel::setDark(bool dark) {
    m_chart->setDark(dark);
}

void TimelinePanel::setRange(Range range) {
    m_range = range;
    m_zoomFrom = m_zoomTo = 0;
    if (auto *b = m_ranges->button(int(range)))
        b->setChecked(true);
    reload();
}

void TimelinePanel::setBreakdown(TimelineRequest::Breakdown breakdown) {
    const int i = m_breakdown->findData(int(breakdown));
    if (i >= 0)
        m_breakdown->setCurrentIndex(i);
    reload();
}

TimelineRequest TimelinePanel::requestFor(qint64 fromMs, qint64 toMs,
                                          TimelineRequest::Breakdown breakdown) {
    TimelineRequest r;
    r.fromMs = (fromMs / kMinute) * kMinute;
    r.toMs = std::max(r.fromMs + kMinute, ((toMs + kMinute - 1) / kMinute) * kMinute);
    const qint64 minutes = (r.toMs - r.fromMs) / kMinute;
    r.bucketMinutes = int(std::max<qint64>(1, (minutes + 719) / 720));
    r.breakdown = breakdown;
    return r;
}

void TimelinePanel::reload() {
    if (m_inFlight) {
        m_pending = true;
        return;
    }
    const qint64 now = m_clock->nowMs();
    qint64 from = now - 6 * 3600 * kMinute / 60;
    qint64 to = now + 1;
    if (m_zoomFrom != 0) {
        from = m_zoomFrom;
        to = m_zoomTo;
    } else {
        switch (m_range) {
        case Range::Minutes15:
            from = now - 15 * kMinute;
            break;
        case Range::Hour1:
            from = now - 60 * kMinute;
            break;
        case Range::Hours6:
            from = now - 360 * kMinute;
            break;
        case Range::Hours24:
            from = now - 1440 * kMinute;
            break;
        case Range::Incident: {
            const IncidentInfo &inc = m_feed->data().incident;
            if (inc.id != 0) {
                from = inc.startedMs - 15 * kMinute;
                if (inc.closedMs != 0)
                    to = inc.closedMs + 15 * kMinute;
            } else {
                from = now - 360 * kMinute; // no incident: six hours
            }
            break;
        }
        case Range::All:
            from = m_clock->firstMs() > 0 ? m_clock->firstMs() : now - 1440 * kMinute;
            break;
        }
    }
    const auto breakdown =
        static_cast<TimelineRequest::Breakdown>(m_breakdown->currentData().toInt());
    const TimelineRequest request = requestFor(from, to, breakdown);
    m_inFlight = true;
    m_pending = false;
    const int tag = ++m_tag;

    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, request] { w->timeline(tag, request); },
        Qt::QueuedConnection);
}

void TimelinePanel::onReady(int tag, const TimelineData &data) {
    if (tag != m_tag)
        return;
    m_inFlight = false;
    m_chart->setData(data);
    m_hasData = true;
    showSummary();
    Q_EMIT loaded();
    if (m_pending)
        reload();
}

void TimelinePanel::showSummary() {
    const TimelineData &d = m_chart->data();
    if (!d.error.isEmpty()) {
        m_summary->setText(d.error);
        return;
    }
    const QLocale l;
    double peak = 0;
    qint64 peakAt = 0;
    int spikes = 0;
    for (const TimelineBucket &b : d.buckets) {
        if (b.total > peak) {
            peak = b.total;
            peakAt = b.startMs;
        }
        spikes += b.spike ? 1 : 0;
    }
    QStringList parts;
    parts << tr("%1 mentions").arg(l.toString(d.totalMentions));
    if (peak > 0)
        parts << tr("peak %1/min at %2")
                     .arg(l.toString(peak, 'f', peak < 10 ? 1 : 0),
                          QDateTime::fromMSecsSinceEpoch(peakAt).toString(QStringLiteral("HH:mm")));
    parts << tr("%n spike minute(s)", nullptr, spikes);
    if (d.request.bucketMinutes > 1)
        parts << tr("%1-min buckets").arg(d.request.bucketMinutes);
    if (m_clock->isHistorical())
        parts << tr("recorded data, shown as at %1")
                     .arg(m_clock->now().toLocalTime().toString(QStringLiteral("dd MMM HH:mm")));
    if (!d.note.isEmpty())
        parts << d.note;
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    m_summary->setToolTip(m_summary->text());
}

} // namespace warroom
