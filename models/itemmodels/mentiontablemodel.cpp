#include "mentiontablemodel.h"

#include "domain/displaytext.h"

#include <QLocale>
#include <QTimeZone>

namespace warroom {

MentionTableModel::MentionTableModel(MentionQueryWorker *worker, QObject *parent)
    : QAbstractTableModel(parent)
    , m_worker(worker) {
    connect(worker, &MentionQueryWorker::firstIdsReady, this, &MentionTableModel::onFirstIdsReady);
    connect(worker, &MentionQueryWorker::idsReady, this, &MentionTableModel::onIdsReady);
    connect(worker, &MentionQueryWorker::newerReady, this, &MentionTableModel::onNewerReady);
    connect(worker, &MentionQueryWorker::rowsReady, this, &MentionTableModel::onRowsReady);
}

int MentionTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_ids.size());
}

int MentionTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 MentionTableModel::idAt(int row) const {
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : 0;
}

const Mention *MentionTableModel::mentionAt(int row) const {
    if (row < 0 || row >= m_ids.size())
        return nullptr;
    const auto it = m_cache.constFind(m_ids.at(row));
    if (it == m_cache.cend()) {
        requestPage(row / kPageSize);
        return nullptr;
    }
    return &it.value();
}

void MentionTableModel::requestPage(int page) const {
    if (m_pending.contains(page))
        return;
    m_pending.insert(page);
    const qsizetype first = qsizetype(page) * kPageSize;
    const QVector<qint64> ids =
        m_ids.mid(first, std::min<qsizetype>(kPageSize, m_ids.size() - first));
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, g = m_generation, page, ids] { w->fetch(g, page, ids); },
        Qt::QueuedConnection);
}

void MentionTableModel::clearCache() {
    m_cache.clear();
    m_cacheOrder.clear();
    m_pending.clear();
}

static QString compactNumber(qint64 n) {
    if (n < 0)
        return {};
    if (n >= 1000000)
        return QString::number(n / 1e6, 'f', n >= 10000000 ? 0 : 1) + u'M';
    if (n >= 10000)
        return QString::number(n / 1e3, 'f', 0) + u'k';
    return QLocale().toString(n);
}

QVariant MentionTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (role == IdRole)
        return idAt(index.row());
    const Mention *m = mentionAt(index.row());
    if (role == LoadedRole)
        return m != nullptr;
    if (!m) {
        if (role == Qt::DisplayRole && index.column() == TextColumn)
            return tr("loading…");
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return m->createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case SourceColumn:
            return m->source;
        case AuthorColumn:
            // Names and handles come from the network: bounded, one line, inert.
            return m->authorHandle.isEmpty()
                       ? displayCell(m->authorName, kMaxShownNameChars)
                       : displayCell(u'@' + m->authorHandle, kMaxShownNameChars);
        case TextColumn: {
            // One line in the table; the full text is in the detail panel.
            if (m->title.isEmpty())
                return displayCell(m->text);
            return displayLine(m->title, kMaxShownNameChars) + QStringLiteral(" — ") +
                   displayCell(m->text);
        }
        case SentimentColumn:
            return sentimentName(m->sentiment);
        case StatusColumn:
            return statusName(m->status);
        case LanguageColumn:
            return m->language;
        case FollowersColumn:
            return compactNumber(m->authorFollowers);
        case RepostsColumn:
            return compactNumber(m->reposts);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TextColumn || index.column() == AuthorColumn) {
            // Tooltips are rich text when they look like it: escape what came from the network.
            QString tip = displayLine(m->authorName, kMaxShownNameChars) + QStringLiteral(" (") +
                          displayLine(u'@' + m->authorHandle, kMaxShownNameChars) +
                          QStringLiteral(")\n") + displayBlock(m->text, 1000);
            return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>")
                .arg(tip.toHtmlEscaped());
        }
        if (index.column() == TimeColumn)
            return m->createdAt.toUTC().toString(Qt::ISODate) +
                   (m->timeEstimated ? tr(" (time unknown: import time)") : QString());
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == FollowersColumn || index.column() == RepostsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SortRole:
        if (index.column() == TimeColumn)
            return m->createdAt.toMSecsSinceEpoch();
        return data(index, Qt::DisplayRole);
    case UrlRole:
        return m->url;
    case MentionRole:
        return QVariant::fromValue(*m);
    }
    return {};
}

QVariant MentionTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case SourceColumn:
        return tr("Source");
    case AuthorColumn:
        return tr("Author");
    case TextColumn:
        return tr("Text");
    case SentimentColumn:
        return tr("Sentiment");
    case StatusColumn:
        return tr("Status");
    case LanguageColumn:
        return tr("Lang");
    case FollowersColumn:
        return tr("Followers");
    case RepostsColumn:
        return tr("Reposts");
    }
    return {};
}

void MentionTableModel::sort(int column, Qt::SortOrder order) {
    // The stream is ordered by time; other columns keep time order.
    const bool oldestFirst = column == TimeColumn && order == Qt::AscendingOrder;
    if (oldestFirst == m_oldestFirst)
        return;
    m_oldestFirst = oldestFirst;
    startQuery();
}

void MentionTableModel::setFilter(const MentionFilter &filter) {
    m_filter = filter;
    startQuery();
}

void MentionTableModel::reload() {
    startQuery();
}

void MentionTableModel::startQuery() {
    ++m_generation;
    m_queryRunning = true;
    m_firstOnly = false;
    m_newerPending = false;
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, g = m_generation, f = m_filter, o = m_oldestFirst] { w->query(g, f, o); },
        Qt::QueuedConnection);
}

void MentionTableModel::refreshNewer() {
    if (m_queryRunning || m_newerPending)
        return; // the running query or request will see the new rows
    m_newerPending = true;
    QMetaObject::invokeMethod(
        m_worker,
        [w = m_worker, g = m_generation, f = m_filter, a = m_maxId, e = m_edgeTime] {
            w->newer(g, f, a, e);
        },
        Qt::QueuedConnection);
}

void MentionTableModel::onFirstIdsReady(int generation, const QVector<qint64> &ids,
                                        const QList<Mention> &rows) {
    if (generation != m_generation || !m_queryRunning)
        return;
    beginResetModel();
    m_ids = ids;
    m_firstOnly = true;
    clearCache();
    cacheRows(rows);
    // Newest first, the edge is the first row, as in the full answer; oldest first, it is at
    // the end of the full answer (set when it arrives).
    m_edgeTime =
        !m_oldestFirst && !rows.isEmpty() && !m_ids.isEmpty() && rows.first().id == m_ids.first()
            ? rows.first().createdAt.toMSecsSinceEpoch()
            : 0;
    endResetModel();
    if (!m_ids.isEmpty() && rows.isEmpty())
        requestPage(0);
    Q_EMIT firstRowsShown(int(m_ids.size()));
    Q_EMIT rowsLoaded();
}

void MentionTableModel::onIdsReady(int generation, const QVector<qint64> &ids, qint64 maxId,
                                   const QString &error) {
    if (generation != m_generation)
        return;
    m_queryRunning = false;
    const bool wasFirstOnly = std::exchange(m_firstOnly, false);
    if (wasFirstOnly && error.isEmpty() && ids.size() >= m_ids.size() &&
        std::equal(m_ids.cbegin(), m_ids.cend(), ids.cbegin())) {
        // The first rows are already shown and still first: the rest goes in below them, so
        // the view keeps its place, selection and loaded pages.
        m_maxId = maxId;
        if (ids.size() > m_ids.size()) {
            beginInsertRows({}, int(m_ids.size()), int(ids.size()) - 1);
            m_ids = ids;
            endInsertRows();
        }
        if (m_oldestFirst && !m_ids.isEmpty())
            requestPage(int((m_ids.size() - 1) / kPageSize)); // the edge: the newest row
        Q_EMIT queryFinished(int(m_ids.size()), error);
        return;
    }
    beginResetModel();
    m_ids = ids;
    m_maxId = maxId;
    clearCache();
    m_edgeTime = 0;
    endResetModel();
    if (!m_ids.isEmpty())
        requestPage(0); // the edge time comes with the first page
    Q_EMIT queryFinished(int(m_ids.size()), error);
}

void MentionTableModel::onNewerReady(int generation, const NewerRows &n) {
    if (generation != m_generation)
        return;
    m_newerPending = false;
    const qint64 previousMax = m_maxId;
    m_maxId = std::max(m_maxId, n.maxId);
    if (n.ids.isEmpty())
        return;
    // The rows came along: cache them, the view shows the top of the list without a round trip.
    cacheRows(n.rows);
    const qint64 oldestNew = *std::min_element(n.times.cbegin(), n.times.cend());
    const qint64 newestNew = *std::max_element(n.times.cbegin(), n.times.cend());
    const int count = int(n.ids.size());
    if (m_ids.isEmpty() || (m_edgeTime != 0 && oldestNew >= m_edgeTime)) {
        // In order: at the edge, in one insertion.
        m_edgeTime = std::max(m_edgeTime, newestNew);
        if (m_oldestFirst) {
            const int first = int(m_ids.size());
            beginInsertRows({}, first, first + count - 1);
            for (auto it = n.ids.crbegin(); it != n.ids.crend(); ++it)
                m_ids.append(*it);
            endInsertRows();
        } else {
            beginInsertRows({}, 0, count - 1);
            m_ids = n.ids + m_ids;
            endInsertRows();
        }
        m_pending.clear(); // page numbers moved; cached rows stay valid by id
        Q_EMIT rowsLoaded();
        return;
    }
    if (!mergeTop(n, previousMax)) {
        // A backfill deep in the list, a filtered stream, or the list changed under us.
        startQuery();
        return;
    }
    m_edgeTime = std::max(m_edgeTime, newestNew);
    m_pending.clear();
    Q_EMIT rowsLoaded();
}

bool MentionTableModel::mergeTop(const NewerRows &n, qint64 previousMax) {
    if (m_oldestFirst || n.top.isEmpty() || m_edgeTime == 0)
        return false;
    // The top the worker read = the new rows and the first `kept` rows we show, interleaved.
    const qsizetype count = n.ids.size();
    const qsizetype kept = n.top.size() - count;
    if (kept < 0 || kept > m_ids.size())
        return false;
    QHash<qint64, int> position; // id -> row in the new top
    position.reserve(n.top.size());
    qsizetype fresh = 0, old = 0;
    for (qsizetype i = 0; i < n.top.size(); ++i) {
        const qint64 id = n.top.at(i);
        position.insert(id, int(i));
        if (id > previousMax) {
            ++fresh;
        } else if (old >= kept || m_ids.at(old++) != id) {
            return false; // what we show is not what the store has
        }
    }
    if (fresh != count)
        return false;
    // 1. The new rows go in at the top (one insertion: views and proxies follow cheaply)...
    beginInsertRows({}, 0, int(count) - 1);
    m_ids = n.ids + m_ids;
    endInsertRows();
    // 2. ...then the top is put in time order, persistent indexes (selection, current row)
    // following their mention.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &i : from) {
        const auto it = position.constFind(m_ids.at(i.row()));
        to.append(i.row() < n.top.size() && it != position.cend() ? index(it.value(), i.column())
                                                                  : i);
    }
    std::copy(n.top.cbegin(), n.top.cend(), m_ids.begin());
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    return true;
}

void MentionTableModel::cacheRows(const QList<Mention> &rows) {
    for (const Mention &m : rows) {
        if (!m_cache.contains(m.id))
            m_cacheOrder.append(m.id);
        m_cache.insert(m.id, m);
    }
    while (m_cacheOrder.size() > kMaxCachedRows)
        m_cache.remove(m_cacheOrder.takeFirst());
}

void MentionTableModel::onRowsReady(int generation, int page, const QList<Mention> &rows) {
    if (generation != m_generation)
        return;
    m_pending.remove(page);
    cacheRows(rows);
    if (rows.isEmpty() || m_ids.isEmpty())
        return;
    // The edge is the newest row in time, whichever end of the list it sits at.
    if (m_edgeTime == 0) {
        if (!m_oldestFirst && rows.first().id == m_ids.first())
            m_edgeTime = rows.first().createdAt.toMSecsSinceEpoch();
        else if (m_oldestFirst && rows.last().id == m_ids.last())
            m_edgeTime = rows.last().createdAt.toMSecsSinceEpoch();
        else if (m_oldestFirst)
            requestPage(int((m_ids.size() - 1) / kPageSize));
    }
    // Where these rows are now: find the first id near its page (live rows may have pushed it).
    const qint64 firstId = rows.first().id;
    qsizetype first = std::min<qsizetype>(qsizetype(page) * kPageSize, m_ids.size() - 1);
    if (m_ids.at(first) != firstId) {
        const qsizetype found = m_ids.indexOf(firstId);
        if (found < 0)
            return;
        first = found;
    }
    const qsizetype last = std::min<qsizetype>(m_ids.size() - 1, first + rows.size() - 1);
    Q_EMIT dataChanged(index(int(first), 0), index(int(last), ColumnCount - 1));
    Q_EMIT rowsLoaded();
}

} // namespace warroom
