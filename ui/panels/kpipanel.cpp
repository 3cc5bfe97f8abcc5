#include "kpipanel.h"

#include "itemmodels/dashboardfeed.h"
#include "itemmodels/liveclock.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QVBoxLayout>

namespace warroom {

KpiTile::KpiTile(const QString &key, const QString &caption, QWidget *parent)
    : QFrame(parent)
    , m_caption(new QLabel(caption, this))
    , m_value(new QLabel(QStringLiteral("—"), this))
    , m_detail(new QLabel(this)) {
    setObjectName(QStringLiteral("kpi_%1").arg(key));
    setProperty("kpiTile", true);
    setFrameShape(QFrame::StyledPanel);
    m_caption->setObjectName(QStringLiteral("kpiCaption"));
    m_value->setObjectName(QStringLiteral("kpiValue"));
    m_detail->setObjectName(QStringLiteral("kpiDetail"));
    for (QLabel *l : {m_caption, m_value, m_detail})
        l->setTextFormat(Qt::PlainText);
    m_detail->setWordWrap(true); // narrow screens: wrap instead of widening the window
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    m_value->setFont(big);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(0);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
}

void KpiTile::set(const QString &value, const QString &detail, Level level) {
    m_value->setText(value);
    m_detail->setText(detail);
    const char *name = level == Level::Critical  ? "critical"
                       : level == Level::Warning ? "warning"
                                                 : "normal";
    if (property("level").toString() != QLatin1String(name)) {
        setProperty("level", QLatin1String(name));
        m_value->setProperty("level", QLatin1String(name));
        style()->unpolish(m_value);
        style()->polish(m_value);
    }
}

QString KpiTile::value() const {
    return m_value->text();
}

QString KpiTile::detail() const {
    return m_detail->text();
}

QString KpiPanel::compact(qint64 n) {
    const QLocale l;
    if (n >= 1000000)
        return l.toString(double(n) / 1e6, 'f', 1) + u'M';
    if (n >= 10000)
        return l.toString(double(n) / 1e3, 'f', 0) + u'k';
    return l.toString(n);
}

QString KpiPanel::duration(qint64 ms) {
    const qint64 minutes = std::max<qint64>(0, ms / 60000);
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    if (minutes < 48 * 60)
        return tr("%1 h %2").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 d").arg(minutes / 1440);
}

KpiPanel::KpiPanel(DashboardFeed *feed, QWidget *parent)
    : LivePanel(parent)
    , m_feed(feed) {
    setObjectName(QStringLiteral("kpiPanel"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    const std::pair<const char *, QString> tiles[] = {{"volume", tr("Volume vs normal")},
                                                      {"negative", tr("Negative share")},
                                                      {"unanswered", tr("Needs reply")},
                                                      {"approvals", tr("Approvals waiting")},
                                                      {"reach", tr("Negative reach")}};
    for (const auto &[key, caption] : tiles) {
        auto *t = new KpiTile(QLatin1String(key), caption, this);
        m_tiles.append(t);
        layout->addWidget(t, 1);
    }
    connect(feed, &DashboardFeed::updated, this, &KpiPanel::show);
}

KpiTile *KpiPanel::tile(const QString &key) const {
    for (KpiTile *t : m_tiles)
        if (t->objectName() == QStringLiteral("kpi_%1").arg(key))
            return t;
    return nullptr;
}

void KpiPanel::reload() {
    m_feed->refresh();
}

void KpiPanel::show() {
    if (!m_feed->hasData())
        return;
    const DashboardData &d = m_feed->data();
    const Kpis &k = d.kpis;
    const QLocale l;
    using Level = KpiTile::Level;
    const QString window = tr("last %1 min").arg(k.windowMinutes);

    if (k.baselinePerMinute > 0)
        tile(QStringLiteral("volume"))
            ->set(
                QStringLiteral("×%1").arg(l.toString(k.ratio, 'f', k.ratio < 10 ? 1 : 0)),
                tr("%1/min now · normal %2/min")
                    .arg(l.toString(k.perMinute, 'f', 1), l.toString(k.baselinePerMinute, 'f', 1)),
                k.ratio >= 5   ? Level::Critical
                : k.ratio >= 2 ? Level::Warning
                               : Level::Normal);
    else
        tile(QStringLiteral("volume"))
            ->set(tr("%1/min").arg(l.toString(k.perMinute, 'f', 1)), tr("no normal volume yet"));

    tile(QStringLiteral("negative"))
        ->set(k.labelled > 0 ? QStringLiteral("%1%").arg(qRound(k.negativeShare * 100)) : tr("—"),
              tr("of %1 scored, %2").arg(l.toString(k.labelled), window),
              k.negativeShare >= 0.5   ? Level::Critical
              : k.negativeShare >= 0.3 ? Level::Warning
                                       : Level::Normal);

    tile(QStringLiteral("unanswered"))
        ->set(l.toString(k.unanswered),
              k.unanswered > 0 ? tr("oldest waits %1").arg(duration(d.nowMs - k.oldestUnansweredMs))
                               : tr("nothing waiting"),
              k.unanswered == 0                             ? Level::Normal
              : d.nowMs - k.oldestUnansweredMs > 60 * 60000 ? Level::Critical
                                                            : Level::Warning);

    tile(QStringLiteral("approvals"))
        ->set(l.toString(k.approvalsWaiting),
              d.approvals.isEmpty()
                  ? tr("replies in review")
                  : tr("oldest waits %1").arg(duration(d.nowMs - d.approvals.first().sinceMs)),
              k.approvalsWaiting > 0 ? Level::Warning : Level::Normal);

    if (k.negativeAuthors > 0 && k.negativeAuthorsWithFollowers == 0)
        // The source never says how many follow them (the airline export, RSS): unknown, not 0.
        tile(QStringLiteral("reach"))
            ->set(tr("—"), tr("%n author(s) of negative posts, follower counts unknown, %1",
                              nullptr, int(k.negativeAuthors))
                               .arg(window));
    else
        tile(QStringLiteral("reach"))
            ->set(compact(k.negativeReach),
                  k.negativeAuthorsWithFollowers < k.negativeAuthors
                      ? tr("followers behind negative posts (%1 of %2 authors known), %3")
                            .arg(k.negativeAuthorsWithFollowers)
                            .arg(k.negativeAuthors)
                            .arg(window)
                      : tr("followers behind negative posts, %1").arg(window),
                  k.negativeReach >= 1000000  ? Level::Critical
                  : k.negativeReach >= 100000 ? Level::Warning
                                              : Level::Normal);
}

} // namespace warroom
