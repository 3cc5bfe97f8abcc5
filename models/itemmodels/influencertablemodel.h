#pragma once

#include "dashboardtypes.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QSortFilterProxyModel>

#include <functional>

class QTimer;

namespace warroom {

class AggregateQueryWorker;

// The risk-ranked authors (highest risk first), with the score's components as columns and the
// explanation as tooltip. Rows come from the aggregate reader thread; the model never touches
// SQLite. Lives on the GUI thread.
class InfluencerTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        RankColumn,
        AuthorColumn,
        ScoreColumn,
        ReachColumn,
        NegativityColumn,
        VelocityColumn,
        AmplificationColumn,
        RecencyColumn,
        StanceColumn,
        FlagsColumn,
        MentionsColumn,
        FollowersColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, HandleRole, SourceRole, ExplanationRole, RowRole };

    explicit InfluencerTableModel(AggregateQueryWorker *worker = nullptr,
                                  QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

    void setQuery(const InfluencerQuery &query); // and refresh
    [[nodiscard]] const InfluencerQuery &query() const { return m_query; }
    // Asks the reader thread again: at most one request in flight, and while the window only
    // slides with the clock, at most one per kMinRefreshMs.
    void refresh();
    // Replaces the rows (what the reader answered; tests call it directly).
    void setRows(const QList<InfluencerRow> &rows);
    [[nodiscard]] const QList<InfluencerRow> &rows() const { return m_rows; }
    [[nodiscard]] const InfluencerRow *rowAt(int row) const;
    [[nodiscard]] int rowOf(const QString &source, const QString &handle) const;
    // Applies an analyst's change at once (the store confirms on the next refresh).
    void updateLocally(const QString &source, const QString &handle,
                       const std::function<void(InfluencerRow &)> &change);
    // Live refreshes of the ranking: at most one query per this many ms.
    static constexpr qint64 kMinRefreshMs = 1500;

Q_SIGNALS:
    void loaded();

private:
    void onReady(int tag, const QList<InfluencerRow> &rows);

    AggregateQueryWorker *m_worker;
    InfluencerQuery m_query;
    QList<InfluencerRow> m_rows;
    int m_tag = 0;
    bool m_inFlight = false;
    bool m_pending = false;
    QElapsedTimer m_lastRequest;
    QTimer *m_deferred = nullptr;
};

// Filters the ranking by stance and flags, and the supporters view (people defending the
// brand, most reach first).
class InfluencerFilterProxy final : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Flag { Any, Journalist, OpinionLeader, PublicFigure, Watchlist };

    explicit InfluencerFilterProxy(QObject *parent = nullptr);
    void setStance(const QString &stance); // empty: any
    void setFlag(Flag flag);
    void setSupportersOnly(bool on);
    [[nodiscard]] bool supportersOnly() const { return m_supporters; }

protected:
    [[nodiscard]] bool filterAcceptsRow(int sourceRow, const QModelIndex &parent) const override;
    [[nodiscard]] bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_stance;
    Flag m_flag = Flag::Any;
    bool m_supporters = false;
};

} // namespace warroom
