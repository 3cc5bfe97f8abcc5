#pragma once

#include "replyworkflow.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>
#include <QTimer>

#include <functional>

// Table models for the answering desk, fed with snapshots from WorkflowService (they never touch
// SQLite). Rows are updated incrementally by id. GUI thread.
namespace warroom {

// Replies waiting for the spokesperson: in review, and scheduled replies held after a pause.
// Oldest first.
class ApprovalQueueModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Waiting = 0, Channel, Author, Mention, Text, Warnings, State, ColumnCount };
    enum Role { ReplyIdRole = Qt::UserRole + 1, SortRole, ReReviewRole };

    explicit ApprovalQueueModel(QObject *parent = nullptr);
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation o, int role) const override;

    [[nodiscard]] const Reply *replyAt(int row) const;
    [[nodiscard]] int rowOf(qint64 replyId) const;

public Q_SLOTS:
    void setReplies(const QList<warroom::Reply> &all);

private:
    QList<Reply> m_rows;
    std::function<QDateTime()> m_clock;
};

// Mentions that need an answer, oldest first, with their age against the response target.
class NeedsReplyModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Age = 0, Source, Author, Text, Reply, ColumnCount };
    enum Role { MentionIdRole = Qt::UserRole + 1, OverdueRole, AgeMinutesRole };

    explicit NeedsReplyModel(QObject *parent = nullptr);
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation o, int role) const override;
    [[nodiscard]] int targetMinutes() const { return m_targetMinutes; }
    [[nodiscard]] int overdueCount() const;
    [[nodiscard]] const NeedsReplyItem *itemAt(int row) const;

public Q_SLOTS:
    void setItems(const QList<warroom::NeedsReplyItem> &items, int targetMinutes);
    // Ages move with the clock: repaint the age column (a timer calls it every 30 s).
    void tick();

private:
    QList<NeedsReplyItem> m_rows;
    int m_targetMinutes = 60;
    std::function<QDateTime()> m_clock;
    QTimer m_timer;
};

// "12 min", "2 h 05", "3 d"
[[nodiscard]] QString formatAge(qint64 seconds);

} // namespace warroom
