#include "workflowmodels.h"

#include "domain/displaytext.h"

#include <QSet>

namespace warroom {

namespace {

// Network text in a cell: one bounded line, marks and controls tamed (displaytext.h).
QString excerpt(const QString &text, int max = 120) {
    return displayCell(text, max);
}

// A part of a cell that other text follows: isolated (displayLine's FSI…PDI) when it holds
// right-to-left letters or bidi controls, which could reorder what follows; plain left-to-right
// text is shown as it is.
QString displayPart(const QString &text, qsizetype max) {
    const QString cell = displayCell(text, max);
    for (const char32_t c : cell.toUcs4()) {
        switch (QChar::direction(c)) {
        case QChar::DirR:
        case QChar::DirAL:
        case QChar::DirAN:
        case QChar::DirLRE:
        case QChar::DirLRO:
        case QChar::DirRLE:
        case QChar::DirRLO:
        case QChar::DirPDF:
        case QChar::DirLRI:
        case QChar::DirRLI:
        case QChar::DirFSI:
        case QChar::DirPDI:
            return displayLine(text, max);
        default:
            break;
        }
    }
    return cell;
}

bool waitsForApproval(const Reply &r) {
    return r.state == ReplyState::InReview || (r.state == ReplyState::Scheduled && r.held);
}

// What syncRows may do to the model (begin/end calls are protected: the model passes lambdas).
struct RowOps {
    std::function<void(int)> beginRemove;
    std::function<void()> endRemove;
    std::function<void(int)> beginInsert;
    std::function<void()> endInsert;
    std::function<void(int)> changed;
};

// Replaces rows by id, keeping unchanged ones: removals, then updates, then insertions.
template <typename T, typename Id, typename Less>
void syncRows(QList<T> &rows, QList<T> next, Id id, Less less,
              const std::function<bool(const T &, const T &)> &same, const RowOps &ops) {
    std::sort(next.begin(), next.end(), less);
    QSet<qint64> keep;
    for (const T &t : next)
        keep.insert(id(t));
    for (int i = int(rows.size()) - 1; i >= 0; --i) {
        if (!keep.contains(id(rows.at(i)))) {
            ops.beginRemove(i);
            rows.removeAt(i);
            ops.endRemove();
        }
    }
    int i = 0;
    for (const T &t : next) {
        if (i < rows.size() && id(rows.at(i)) == id(t)) {
            if (!same(rows.at(i), t)) {
                rows[i] = t;
                ops.changed(i);
            }
        } else {
            // A row whose sort key changed: take it out of its old place first.
            for (int j = i + 1; j < rows.size(); ++j) {
                if (id(rows.at(j)) == id(t)) {
                    ops.beginRemove(j);
                    rows.removeAt(j);
                    ops.endRemove();
                    break;
                }
            }
            ops.beginInsert(i);
            rows.insert(i, t);
            ops.endInsert();
        }
        ++i;
    }
}

} // namespace

QString formatAge(qint64 seconds) {
    if (seconds < 0)
        seconds = 0;
    if (seconds < 3600)
        return QObject::tr("%1 min").arg(seconds / 60);
    if (seconds < 86400)
        return QObject::tr("%1 h %2")
            .arg(seconds / 3600)
            .arg((seconds % 3600) / 60, 2, 10, QChar(u'0'));
    return QObject::tr("%1 d").arg(seconds / 86400);
}

ApprovalQueueModel::ApprovalQueueModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); }) {}

int ApprovalQueueModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApprovalQueueModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const Reply *ApprovalQueueModel::replyAt(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int ApprovalQueueModel::rowOf(qint64 replyId) const {
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == replyId)
            return i;
    }
    return -1;
}

void ApprovalQueueModel::setReplies(const QList<Reply> &all) {
    QList<Reply> next;
    for (const Reply &r : all) {
        if (waitsForApproval(r))
            next.append(r);
    }
    syncRows<Reply>(
        m_rows, next, [](const Reply &r) { return r.id; },
        [](const Reply &a, const Reply &b) {
            return a.updatedAt != b.updatedAt ? a.updatedAt < b.updatedAt : a.id < b.id;
        },
        [](const Reply &a, const Reply &b) {
            return a.text == b.text && a.state == b.state && a.held == b.held &&
                   a.toneWarnings == b.toneWarnings;
        },
        RowOps{[this](int i) { beginRemoveRows({}, i, i); }, [this] { endRemoveRows(); },
               [this](int i) { beginInsertRows({}, i, i); }, [this] { endInsertRows(); },
               [this](int i) {
                   Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
               }});
}

QVariant ApprovalQueueModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Reply &r = m_rows.at(index.row());
    if (role == ReplyIdRole)
        return r.id;
    if (role == ReReviewRole)
        return !r.baseText.isEmpty() && r.baseText != r.text;
    if (role == SortRole && index.column() == Waiting)
        return r.updatedAt.toMSecsSinceEpoch();
    if (role == Qt::ToolTipRole && index.column() == Warnings)
        return r.toneWarnings.join(u'\n');
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (Column(index.column())) {
    case Waiting:
        return formatAge(r.updatedAt.secsTo(m_clock()));
    case Channel:
        return displayCell(r.channel, kMaxShownNameChars);
    case Author:
        return displayCell(r.authorName, kMaxShownNameChars);
    case Mention:
        return r.mentionId
                   ? QStringLiteral("@%1: %2").arg(displayPart(r.mentionAuthor, kMaxShownNameChars),
                                                   displayPart(r.mentionText, 80))
                   : tr("(statement)");
    case Text:
        return excerpt(r.text);
    case Warnings:
        return r.toneWarnings.isEmpty() ? QString() : QString::number(r.toneWarnings.size());
    case State:
        return r.held ? tr("held after pause")
                      : (!r.baseText.isEmpty() && r.baseText != r.text ? tr("re-review")
                                                                       : replyStateName(r.state));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ApprovalQueueModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Waiting:
        return tr("Waiting");
    case Channel:
        return tr("Channel");
    case Author:
        return tr("Author");
    case Mention:
        return tr("Mention");
    case Text:
        return tr("Reply");
    case Warnings:
        return tr("Warnings");
    case State:
        return tr("State");
    case ColumnCount:
        break;
    }
    return {};
}

NeedsReplyModel::NeedsReplyModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); }) {
    m_timer.setInterval(30000);
    connect(&m_timer, &QTimer::timeout, this, &NeedsReplyModel::tick);
    m_timer.start();
}

int NeedsReplyModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NeedsReplyModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

const NeedsReplyItem *NeedsReplyModel::itemAt(int row) const {
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int NeedsReplyModel::overdueCount() const {
    const QDateTime now = m_clock();
    int n = 0;
    for (const NeedsReplyItem &i : m_rows) {
        if (i.createdAt.secsTo(now) > qint64(m_targetMinutes) * 60)
            ++n;
    }
    return n;
}

void NeedsReplyModel::setItems(const QList<NeedsReplyItem> &items, int targetMinutes) {
    const bool targetChanged = targetMinutes != m_targetMinutes;
    m_targetMinutes = targetMinutes > 0 ? targetMinutes : 60;
    syncRows<NeedsReplyItem>(
        m_rows, items, [](const NeedsReplyItem &i) { return i.mentionId; },
        [](const NeedsReplyItem &a, const NeedsReplyItem &b) {
            return a.createdAt != b.createdAt ? a.createdAt < b.createdAt
                                              : a.mentionId < b.mentionId;
        },
        [](const NeedsReplyItem &a, const NeedsReplyItem &b) {
            return a.replyState == b.replyState && a.text == b.text;
        },
        RowOps{[this](int i) { beginRemoveRows({}, i, i); }, [this] { endRemoveRows(); },
               [this](int i) { beginInsertRows({}, i, i); }, [this] { endInsertRows(); },
               [this](int i) {
                   Q_EMIT dataChanged(index(i, 0), index(i, ColumnCount - 1));
               }});
    if (targetChanged)
        tick();
}

void NeedsReplyModel::tick() {
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Age), index(rowCount() - 1, Age));
}

QVariant NeedsReplyModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const NeedsReplyItem &i = m_rows.at(index.row());
    const qint64 age = i.createdAt.secsTo(m_clock());
    const bool overdue = age > qint64(m_targetMinutes) * 60;
    switch (role) {
    case MentionIdRole:
        return i.mentionId;
    case OverdueRole:
        return overdue;
    case AgeMinutesRole:
        return age / 60;
    case Qt::ToolTipRole:
        if (index.column() == Age)
            return tr("%1 of the %2 min target").arg(formatAge(age)).arg(m_targetMinutes);
        return {};
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Age:
            return formatAge(age);
        case Source:
            return displayCell(i.source, kMaxShownNameChars);
        case Author:
            return displayCell(i.authorHandle, kMaxShownNameChars);
        case Text:
            return excerpt(i.text);
        case Reply:
            return i.replyState;
        case ColumnCount:
            break;
        }
        return {};
    default:
        return {};
    }
}

QVariant NeedsReplyModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Age:
        return tr("Age");
    case Source:
        return tr("Source");
    case Author:
        return tr("Author");
    case Text:
        return tr("Mention");
    case Reply:
        return tr("Reply");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace warroom
