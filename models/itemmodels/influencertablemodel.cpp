#include "influencertablemodel.h"

#include "aggregatequeryworker.h"
#include "analysis/riskscorer.h"
#include "domain/displaytext.h"

#include <QHash>
#include <QLocale>
#include <QSet>
#include <QTimer>

#include <cstdlib>

namespace warroom {

namespace {

QString flagsText(const InfluencerRow &r) {
    QStringList f;
    if (r.watchlist)
        f << QStringLiteral("★");
    if (r.journalist)
        f << QObject::tr("journalist");
    if (r.opinionLeader)
        f << QObject::tr("opinion leader");
    if (r.verified)
        f << QObject::tr("verified");
    if (r.brand)
        f << QObject::tr("brand");
    return f.join(QStringLiteral(", "));
}

QString followersText(qint64 n) {
    if (n < 0)
        return QString();
    if (n >= 1000000)
        return QLocale().toString(double(n) / 1e6, 'f', 2) + u'M';
    if (n >= 10000)
        return QLocale().toString(double(n) / 1e3, 'f', 0) + u'k';
    return QLocale().toString(n);
}

} // namespace

InfluencerTableModel::InfluencerTableModel(AggregateQueryWorker *worker, QObject *parent)
    : QAbstractTableModel(parent)
    , m_worker(worker) {
    if (worker)
        connect(worker, &AggregateQueryWorker::influencersReady, this,
                &InfluencerTableModel::onReady);
}

int InfluencerTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InfluencerTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const InfluencerRow *InfluencerTableModel::rowAt(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int InfluencerTableModel::rowOf(const QString &source, const QString &handle) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).handle == handle && m_rows.at(i).source == source)
            return i;
    return -1;
}

QVariant InfluencerTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const InfluencerRow &r = m_rows.at(index.row());
    const QLocale l;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RankColumn:
            return r.rank > 0 ? r.rank : index.row() + 1;
        case AuthorColumn:
            // The display name is in the tooltip; both come from the network: bounded, inert.
            return displayCell(u'@' + r.handle, kMaxShownNameChars);
        case ScoreColumn:
            return l.toString(r.score, 'f', 1);
        case ReachColumn:
            return l.toString(r.reach, 'f', 2);
        case NegativityColumn:
            return l.toString(r.negativity, 'f', 2);
        case VelocityColumn:
            return l.toString(r.velocity, 'f', 2);
        case AmplificationColumn:
            return l.toString(r.amplification, 'f', 2);
        case RecencyColumn:
            return l.toString(r.recency, 'f', 2);
        case StanceColumn:
            return r.stance;
        case FlagsColumn:
            return flagsText(r);
        case MentionsColumn:
            return r.mentions;
        case FollowersColumn:
            return followersText(r.followers);
        default:
            return {};
        }
    case SortRole:
        switch (index.column()) {
        case RankColumn:
            return r.rank > 0 ? r.rank : index.row() + 1;
        case AuthorColumn:
            return r.handle.toLower();
        case ScoreColumn:
            return r.score;
        case ReachColumn:
            return r.reach;
        case NegativityColumn:
            return r.negativity;
        case VelocityColumn:
            return r.velocity;
        case AmplificationColumn:
            return r.amplification;
        case RecencyColumn:
            return r.recency;
        case StanceColumn:
            return r.stance;
        case FlagsColumn:
            return flagsText(r);
        case MentionsColumn:
            return r.mentions;
        case FollowersColumn:
            return r.followers;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        // Handles and names come from the network: escaped, shown as text.
        return QStringLiteral("<p style='white-space:pre'><b>@%1</b> %2\n%3</p>")
            .arg(displayLine(r.handle, kMaxShownNameChars).toHtmlEscaped(),
                 displayLine(r.displayName, kMaxShownNameChars).toHtmlEscaped(),
                 r.explanation.toHtmlEscaped());
    case ExplanationRole:
        return r.explanation;
    case HandleRole:
        return r.handle;
    case SourceRole:
        return r.source;
    case RowRole:
        return index.row();
    case Qt::TextAlignmentRole:
        if (index.column() == AuthorColumn || index.column() == StanceColumn ||
            index.column() == FlagsColumn)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant InfluencerTableModel::headerData(int section, Qt::Orientation orientation,
                                          int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        static const char *const names[] = {"#",        "Author",   "Risk",          "Reach",
                                            "Negative", "Velocity", "Amplification", "Recency",
                                            "Stance",   "Flags",    "Mentions",      "Followers"};
        return tr(names[section]);
    }
    if (role == Qt::ToolTipRole) {
        // The RiskScorer's formula (riskscorer.cpp), with its weights.
        const RiskScorer::Weights w = RiskScorer().weights();
        const auto points = [](double weight) {
            return QString::number(int(weight));
        };
        switch (section) {
        case ScoreColumn:
            return tr("0–100, the same score as `warroom rank`: %1 reach + %2 amplification + %3 "
                      "velocity + %4 negativity + %5 stance + %6 flags + %7 recency (×0.1 for "
                      "our own accounts)")
                .arg(points(w.reach), points(w.amplification), points(w.velocity),
                     points(w.negativity), points(w.stance), points(w.flags), points(w.recency));
        case ReachColumn:
            return tr("(log10(1 + followers) − 2) / 4.5: 100 followers = 0, 3.2M = 1");
        case NegativityColumn:
            return tr("Share of the author's scored posts that are negative, weighted by how "
                      "negative they are");
        case VelocityColumn:
            return tr("Posts per hour in the window: log(1 + rate) / log(11), 10/h = 1");
        case AmplificationColumn:
            return tr("log10(1 + reposts) / 4: 10,000 reposts = 1");
        case RecencyColumn:
            return tr("How recent the author's last post is: 1 = at the end of the window");
        case StanceColumn:
            return tr("Against = 1, unknown = 0.4, neutral = 0.25, for = 0 (analyst's or "
                      "inferred from the posts)");
        case FlagsColumn:
            return tr("Journalist or watchlist = 1, opinion leader = 0.8, verified = 0.5");
        default:
            return {};
        }
    }
    return {};
}

void InfluencerTableModel::setQuery(const InfluencerQuery &query) {
    // A different window (the store's recorded time became known, an incident was declared)
    // is asked at once; the live window sliding with the clock waits for the interval.
    constexpr qint64 kSlide = 10 * 60 * 1000;
    if (std::abs(query.fromMs - m_query.fromMs) > kSlide ||
        std::abs(query.toMs - m_query.toMs) > kSlide)
        m_lastRequest.invalidate();
    m_query = query;
    refresh();
}

void InfluencerTableModel::refresh() {
    if (!m_worker || m_query.toMs <= m_query.fromMs)
        return;
    if (m_inFlight) {
        m_pending = true;
        return;
    }
    // The ranking reads a day of posts: while mentions pour in, at most one query per interval
    // (the reader thread also answers the timeline and the KPIs).
    if (m_lastRequest.isValid() && m_lastRequest.elapsed() < kMinRefreshMs) {
        if (!m_deferred) {
            m_deferred = new QTimer(this);
            m_deferred->setSingleShot(true);
            connect(m_deferred, &QTimer::timeout, this, &InfluencerTableModel::refresh);
        }
        if (!m_deferred->isActive())
            m_deferred->start(int(kMinRefreshMs - m_lastRequest.elapsed()));
        return;
    }
    m_lastRequest.start();
    m_inFlight = true;
    m_pending = false;
    const int tag = ++m_tag;
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, tag, q = m_query] { w->influencers(tag, q); },
        Qt::QueuedConnection);
}

void InfluencerTableModel::onReady(int tag, const QList<InfluencerRow> &rows) {
    if (tag != m_tag)
        return;
    m_inFlight = false;
    setRows(rows);
    if (m_pending)
        refresh();
}

void InfluencerTableModel::setRows(const QList<InfluencerRow> &answer) {
    // The rank belongs to the row (it moves with its author while the list is rearranged).
    QList<InfluencerRow> rows = answer;
    for (qsizetype i = 0; i < rows.size(); ++i)
        rows[i].rank = int(i + 1);
    // Live refreshes keep the view's selection, current row and scroll position: authors who
    // left the list are removed, newcomers appended, then the rows move to their new ranks as
    // a layout change (persistent indexes follow their author). A reset only when the list
    // changed beyond recognition.
    auto key = [](const InfluencerRow &r) {
        return r.source + u'\n' + r.handle;
    };
    QHash<QString, int> newRow;
    newRow.reserve(rows.size());
    for (int i = 0; i < rows.size(); ++i)
        newRow.insert(key(rows.at(i)), i);
    int kept = 0;
    for (const InfluencerRow &r : std::as_const(m_rows))
        kept += newRow.contains(key(r)) ? 1 : 0;
    const bool unique = newRow.size() == rows.size();
    if (!unique || m_rows.isEmpty() || rows.isEmpty() || kept * 2 < m_rows.size()) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        Q_EMIT loaded();
        return;
    }
    // 1. Who left, in runs from the bottom.
    for (qsizetype last = m_rows.size() - 1; last >= 0;) {
        if (newRow.contains(key(m_rows.at(last)))) {
            --last;
            continue;
        }
        qsizetype first = last;
        while (first > 0 && !newRow.contains(key(m_rows.at(first - 1))))
            --first;
        beginRemoveRows({}, int(first), int(last));
        m_rows.remove(first, last - first + 1);
        endRemoveRows();
        last = first - 1;
    }
    // 2. Newcomers, at the end for now.
    QSet<QString> present;
    present.reserve(m_rows.size());
    for (const InfluencerRow &r : std::as_const(m_rows))
        present.insert(key(r));
    QList<InfluencerRow> added;
    for (const InfluencerRow &r : rows)
        if (!present.contains(key(r)))
            added.append(r);
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
        m_rows += added;
        endInsertRows();
    }
    // 3. Everyone to their new rank.
    bool sameOrder = true;
    for (qsizetype i = 0; sameOrder && i < rows.size(); ++i)
        sameOrder = key(m_rows.at(i)) == key(rows.at(i));
    if (!sameOrder) {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &i : from)
            to.append(index(newRow.value(key(m_rows.at(i.row()))), i.column()));
        m_rows = rows;
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    } else {
        m_rows = rows;
    }
    Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    Q_EMIT loaded();
}

void InfluencerTableModel::updateLocally(const QString &source, const QString &handle,
                                         const std::function<void(InfluencerRow &)> &change) {
    const int row = rowOf(source, handle);
    if (row < 0)
        return;
    change(m_rows[row]);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

InfluencerFilterProxy::InfluencerFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent) {
    setSortRole(InfluencerTableModel::SortRole);
    setDynamicSortFilter(true);
}

void InfluencerFilterProxy::setStance(const QString &stance) {
    m_stance = stance;
    invalidateFilter();
}

void InfluencerFilterProxy::setFlag(Flag flag) {
    m_flag = flag;
    invalidateFilter();
}

void InfluencerFilterProxy::setSupportersOnly(bool on) {
    m_supporters = on;
    invalidate();
}

bool InfluencerFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &parent) const {
    const auto *model = qobject_cast<const InfluencerTableModel *>(sourceModel());
    if (!model || parent.isValid())
        return false;
    const InfluencerRow *r = model->rowAt(sourceRow);
    if (!r)
        return false;
    if (m_supporters && !r->supporter)
        return false;
    if (!m_supporters && r->brand)
        return false; // our own accounts are not a risk
    if (!m_stance.isEmpty() && r->stance != m_stance)
        return false;
    switch (m_flag) {
    case Flag::Any:
        return true;
    case Flag::Journalist:
        return r->journalist;
    case Flag::OpinionLeader:
        return r->opinionLeader;
    case Flag::PublicFigure:
        return r->journalist || r->opinionLeader;
    case Flag::Watchlist:
        return r->watchlist;
    }
    return true;
}

bool InfluencerFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const {
    if (m_supporters) {
        // Supporters: the widest reach first, then the most positive.
        const auto *model = qobject_cast<const InfluencerTableModel *>(sourceModel());
        const InfluencerRow *a = model ? model->rowAt(left.row()) : nullptr;
        const InfluencerRow *b = model ? model->rowAt(right.row()) : nullptr;
        if (a && b && sortColumn() == InfluencerTableModel::RankColumn) {
            if (a->reach != b->reach)
                return a->reach > b->reach;
            return a->positive > b->positive;
        }
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace warroom
