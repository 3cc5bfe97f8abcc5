#include "wallwindow.h"

#include "charts/timelinechart.h"
#include "domain/displaytext.h"
#include "itemmodels/aggregatequeryworker.h"
#include "itemmodels/alerttablemodel.h"
#include "itemmodels/dashboardfeed.h"
#include "itemmodels/influencertablemodel.h"
#include "itemmodels/liveclock.h"
#include "panels/incidentbar.h"
#include "panels/kpipanel.h"
#include "panels/timelinepanel.h"

#include <QDateTime>
#include <QFile>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QVBoxLayout>

namespace warroom {

namespace {

QLabel *makeLabel(QWidget *parent, const char *role, const QString &name = {}) {
    auto *l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText); // network text: never rich text
    l->setProperty("wallRole", QLatin1String(role));
    if (!name.isEmpty())
        l->setObjectName(name);
    return l;
}

// One line, at most `chars` characters, isolated (a name's right-to-left override stays in the
// name), whatever the source sent.
QString elide(const QString &text, int chars) {
    return displayLine(text, chars);
}

} // namespace

QString WallWindow::displayHandle(const InfluencerRow &row, bool mask) {
    if (!mask || row.isPublicFigure() || row.handle.isEmpty())
        return displayLine(u'@' + row.handle, 40);
    const QString first = row.handle.left(row.handle.at(0).isHighSurrogate() ? 2 : 1);
    return displayLine(u'@' + first + QString(5, QChar(0x2022)));
}

WallWindow::WallWindow(AggregateQueryWorker *worker, DashboardFeed *feed,
                       InfluencerTableModel *influencers, QWidget *parent)
    : LivePanel(parent)
    , m_worker(worker)
    , m_feed(feed)
    , m_influencers(influencers)
    , m_incident(makeLabel(this, "incident", QStringLiteral("wallIncident")))
    , m_clock(makeLabel(this, "clock", QStringLiteral("wallClock")))
    , m_mode(makeLabel(this, "mode", QStringLiteral("wallMode")))
    , m_ratio(makeLabel(this, "huge", QStringLiteral("wallRatio")))
    , m_volumeDetail(makeLabel(this, "detail", QStringLiteral("wallVolumeDetail")))
    , m_chart(new TimelineChartView(this))
    , m_waitingCount(makeLabel(this, "huge", QStringLiteral("wallWaitingCount")))
    , m_waitingDetail(makeLabel(this, "detail"))
    , m_needsReply(makeLabel(this, "detail", QStringLiteral("wallNeedsReply"))) {
    setObjectName(QStringLiteral("wallWindow"));
    setWindowTitle(tr("Crisis War Room — wall"));
    setAttribute(Qt::WA_StyledBackground, true);
    QFile qss(QStringLiteral(":/themes/wall.qss"));
    if (qss.open(QIODevice::ReadOnly))
        setStyleSheet(QString::fromUtf8(qss.readAll()));
    m_chart->setWallStyle(true);
    m_chart->setInteractive(false);
    m_chart->setRubberBand(QChartView::NoRubberBand);

    auto *header = new QHBoxLayout;
    header->addWidget(m_incident, 1);
    header->addWidget(m_mode);
    header->addSpacing(30);
    header->addWidget(m_clock);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(18);
    QVBoxLayout *body = nullptr;

    QWidget *volume = column(QStringLiteral("1"), tr("VOLUME"), &body);
    auto *ratioRow = new QHBoxLayout;
    ratioRow->addWidget(m_ratio);
    ratioRow->addWidget(m_volumeDetail, 1);
    m_volumeDetail->setWordWrap(true);
    body->addLayout(ratioRow);
    body->addWidget(m_chart, 1);
    columns->addWidget(volume, 38);

    QWidget *who = column(QStringLiteral("2"), tr("WHO"), &body);
    for (int i = 0; i < kWhoRows; ++i) {
        QLabel *l = makeLabel(who, "row", QStringLiteral("wallWho%1").arg(i));
        l->setWordWrap(true);
        m_who << l;
        body->addWidget(l);
    }
    body->addStretch(1);
    columns->addWidget(who, 22);

    QWidget *said = column(QStringLiteral("3"), tr("WHAT WE SAID"), &body);
    for (int i = 0; i < 3; ++i) {
        QLabel *l = makeLabel(said, "row", QStringLiteral("wallSaid%1").arg(i));
        l->setWordWrap(true);
        l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        m_said << l;
        body->addWidget(l);
    }
    body->addStretch(1);
    columns->addWidget(said, 22);

    QWidget *waiting = column(QStringLiteral("4"), tr("WAITING FOR APPROVAL"), &body);
    body->addWidget(m_waitingCount);
    body->addWidget(m_waitingDetail);
    m_waitingDetail->setWordWrap(true);
    for (int i = 0; i < 3; ++i) {
        QLabel *l = makeLabel(waiting, "row", QStringLiteral("wallWaiting%1").arg(i));
        l->setWordWrap(true);
        m_waiting << l;
        body->addWidget(l);
    }
    body->addStretch(1);
    body->addWidget(m_needsReply);
    m_needsReply->setWordWrap(true);
    columns->addWidget(waiting, 18);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 18, 28, 22);
    layout->setSpacing(14);
    layout->addLayout(header);
    layout->addLayout(columns, 1);

    connect(feed, &DashboardFeed::updated, this, &WallWindow::showDashboard);
    connect(influencers, &InfluencerTableModel::loaded, this, &WallWindow::showWho);
    connect(influencers, &QAbstractItemModel::dataChanged, this, &WallWindow::showWho);
    connect(worker, &AggregateQueryWorker::timelineReady, this, &WallWindow::onTimeline);
    showDashboard();
    showWho();
}

QWidget *WallWindow::column(const QString &number, const QString &title, QVBoxLayout **body) {
    auto *frame = new QFrame(this);
    frame->setProperty("wallColumn", true);
    auto *v = new QVBoxLayout(frame);
    v->setContentsMargins(18, 12, 18, 14);
    v->setSpacing(10);
    QLabel *heading = makeLabel(frame, "heading");
    heading->setText(QStringLiteral("%1  %2").arg(number, title));
    v->addWidget(heading);
    *body = v;
    return frame;
}

void WallWindow::setMaskPrivate(bool mask) {
    m_mask = mask;
    showWho();
}

void WallWindow::reload() {
    m_feed->refresh();
    {
        // Same window as the console's list.
        m_influencers->setQuery(influencerWindow(m_feed->clock()->nowMs()));
    }
    if (m_inFlight)
        return;
    const qint64 now = m_feed->clock()->nowMs();
    qint64 from = now - 6LL * 3600 * 1000;
    const IncidentInfo &inc = m_feed->data().incident;
    if (inc.isOpen())
        from = std::min(from, inc.startedMs - 30LL * 60000);
    const TimelineRequest request =
        TimelinePanel::requestFor(from, now + 1, TimelineRequest::Breakdown::Sentiment);
    m_inFlight = true;
    const int tag = m_tag = 1000000 + (m_tag % 1000000) + 1; // apart from the console's tags
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, request] { w->timeline(tag, request); },
        Qt::QueuedConnection);
}

void WallWindow::onTimeline(int tag, const TimelineData &data) {
    if (tag != m_tag)
        return;
    m_inFlight = false;
    // The wall reads from afar: what we did (statements, replies, the incident, the publishing
    // pause) on the chart; no alert chatter (the spikes are the red rings, the header counts
    // the alerts without an owner).
    TimelineData shown = data;
    shown.events.erase(std::remove_if(shown.events.begin(), shown.events.end(),
                                      [](const TimelineEvent &e) {
                                          return e.kind == TimelineEvent::Kind::AlertAcknowledged ||
                                                 e.kind == TimelineEvent::Kind::AlertFired;
                                      }),
                       shown.events.end());
    m_chart->setData(shown);
    Q_EMIT loaded();
}

void WallWindow::showDashboard() {
    const DashboardData &d = m_feed->data();
    const Kpis &k = d.kpis;
    const QLocale l;
    LiveClock *clock = m_feed->clock();
    if (d.incident.isOpen()) {
        m_incident->setText(tr("INCIDENT · %1").arg(elide(d.incident.name, 48)));
        m_clock->setText(IncidentBar::crisisClock(d.incident.startedMs, clock->nowMs()));
    } else {
        m_incident->setText(tr("No incident declared"));
        m_clock->setText(clock->now().toLocalTime().toString(QStringLiteral("HH:mm")));
    }
    m_mode->setText(clock->isHistorical()   ? tr("RECORDED")
                    : clock->isOverridden() ? tr("DRILL REPLAY")
                                            : tr("LIVE"));

    if (k.baselinePerMinute > 0) {
        m_ratio->setText(QStringLiteral("×%1").arg(l.toString(k.ratio, 'f', k.ratio < 10 ? 1 : 0)));
        m_ratio->setProperty("level", k.ratio >= 5   ? "critical"
                                      : k.ratio >= 2 ? "warning"
                                                     : "normal");
    } else {
        m_ratio->setText(l.toString(k.perMinute, 'f', 1));
        m_ratio->setProperty("level", "normal");
    }
    m_ratio->style()->unpolish(m_ratio);
    m_ratio->style()->polish(m_ratio);
    m_volumeDetail->setText(
        tr("%1 / min now\nnormal %2 / min\n%3% negative (red)")
            .arg(l.toString(k.perMinute, 'f', 0), l.toString(k.baselinePerMinute, 'f', 1))
            .arg(qRound(k.negativeShare * 100)));

    for (int i = 0; i < m_said.size(); ++i) {
        if (i < d.statements.size()) {
            const StatementRow &s = d.statements.at(i);
            m_said[i]->setText(
                QStringLiteral("%1  %2\n%3")
                    .arg(QDateTime::fromMSecsSinceEpoch(s.atMs).toString(QStringLiteral("HH:mm")),
                         s.who, elide(s.text, 80)));
        } else {
            m_said[i]->setText(i == 0 ? tr("Nothing published yet.") : QString());
        }
    }

    m_waitingCount->setText(l.toString(k.approvalsWaiting));
    m_waitingCount->setProperty("level", k.approvalsWaiting > 0 ? "warning" : "normal");
    m_waitingCount->style()->unpolish(m_waitingCount);
    m_waitingCount->style()->polish(m_waitingCount);
    m_waitingDetail->setText(
        d.approvals.isEmpty()
            ? tr("nothing waits")
            : tr("oldest waits %1").arg(KpiPanel::duration(d.nowMs - d.approvals.first().sinceMs)));
    for (int i = 0; i < m_waiting.size(); ++i)
        m_waiting[i]->setText(i < d.approvals.size()
                                  ? QStringLiteral("%1 · %2").arg(d.approvals.at(i).channel,
                                                                  elide(d.approvals.at(i).text, 70))
                                  : QString());
    m_needsReply->setText(
        k.unanswered > 0
            ? tr("NEEDS REPLY: %1\noldest %2")
                  .arg(l.toString(k.unanswered), KpiPanel::duration(d.nowMs - k.oldestUnansweredMs))
            : tr("NEEDS REPLY: 0"));
    const int openAlerts = int(std::count_if(d.alerts.begin(), d.alerts.end(),
                                             [](const AlertRow &a) { return !a.acknowledged(); }));
    if (openAlerts > 0)
        m_mode->setText(m_mode->text() + tr("  ·  %n ALERT(S) WITHOUT OWNER", nullptr, openAlerts));
}

void WallWindow::showWho() {
    int shown = 0;
    for (const InfluencerRow &r : m_influencers->rows()) {
        if (shown >= m_who.size())
            break;
        if (r.brand)
            continue;
        QString flags;
        if (r.journalist)
            flags = tr("journalist");
        else if (r.opinionLeader)
            flags = tr("opinion leader");
        const QString name =
            (m_mask && !r.isPublicFigure()) ? tr("private individual") : elide(r.displayName, 18);
        QStringList about{name};
        if (r.followers >= 0) // unknown for some sources: said nothing rather than "0"
            about << tr("%1 followers").arg(KpiPanel::compact(r.followers));
        if (r.stance != QLatin1String("unknown"))
            about << r.stance;
        if (!flags.isEmpty())
            about << flags;
        m_who[shown]->setText(QStringLiteral("%1  %2\n%3")
                                  .arg(QString::number(qRound(r.score)), displayHandle(r, m_mask),
                                       about.join(QStringLiteral(" · "))));
        m_who[shown]->setProperty("level", r.score >= 60   ? "critical"
                                           : r.score >= 45 ? "warning"
                                                           : "normal");
        m_who[shown]->style()->unpolish(m_who[shown]);
        m_who[shown]->style()->polish(m_who[shown]);
        ++shown;
    }
    for (int i = shown; i < m_who.size(); ++i)
        m_who[i]->setText(i == 0 ? tr("No author ranked yet.") : QString());
}

QStringList WallWindow::visibleTexts() const {
    QStringList texts;
    for (const QLabel *l : findChildren<QLabel *>())
        if (!l->text().isEmpty())
            texts << l->text();
    return texts;
}

void WallWindow::keyPressEvent(QKeyEvent *event) {
    if (event->key() == Qt::Key_F11 || event->key() == Qt::Key_Escape) {
        Q_EMIT closeRequested();
        return;
    }
    LivePanel::keyPressEvent(event);
}

} // namespace warroom
