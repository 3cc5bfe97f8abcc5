#pragma once

#include "domain/mention.h"
#include "mentionqueryworker.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QVector>

namespace warroom {

// The mention stream: a table over the whole store that stays fast at millions of rows. It holds
// only the ids of the matching rows (newest first) and fetches rows in pages from the reader
// thread as the view asks for them; nothing here touches SQLite. Lives on the GUI thread.
class MentionTableModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        SourceColumn,
        AuthorColumn,
        TextColumn,
        SentimentColumn,
        StatusColumn,
        LanguageColumn,
        FollowersColumn,
        RepostsColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, IdRole, UrlRole, MentionRole, LoadedRole };

    explicit MentionTableModel(MentionQueryWorker *worker, QObject *parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex &index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;
    void sort(int column, Qt::SortOrder order) override;

    void setFilter(const MentionFilter &filter);
    [[nodiscard]] const MentionFilter &filter() const { return m_filter; }
    // Picks up rows committed since the last query (called after each writer commit).
    void refreshNewer();
    // Re-reads everything (e.g. after statuses changed).
    void reload();

    [[nodiscard]] qint64 idAt(int row) const;
    // The loaded row, or nullptr while its page is still on its way.
    [[nodiscard]] const Mention *mentionAt(int row) const;
    [[nodiscard]] bool isQueryRunning() const { return m_queryRunning; }

    static constexpr int kPageSize = 200;
    static constexpr int kMaxCachedRows = 20000;

Q_SIGNALS:
    // The first rows of a long answer are shown (the rest follows, then queryFinished).
    void firstRowsShown(int rows);
    void queryFinished(int rows, const QString &error);
    void rowsLoaded();

private:
    void onFirstIdsReady(int generation, const QVector<qint64> &ids, const QList<Mention> &rows);
    void onIdsReady(int generation, const QVector<qint64> &ids, qint64 maxId, const QString &error);
    void onNewerReady(int generation, const NewerRows &newer);
    // Late live rows into the top of the list, in time order; false when they cannot be placed.
    bool mergeTop(const NewerRows &newer, qint64 previousMax);
    void cacheRows(const QList<Mention> &rows);
    void onRowsReady(int generation, int page, const QList<Mention> &rows);
    void clearCache();
    void requestPage(int page) const;
    void startQuery();

    MentionQueryWorker *m_worker;
    MentionFilter m_filter;
    bool m_oldestFirst = false;
    int m_generation = 0;
    bool m_queryRunning = false;
    bool m_newerPending = false;
    bool m_firstOnly = false; // m_ids holds only the first rows of the running query's answer
    QVector<qint64> m_ids;
    qint64 m_maxId = 0;
    qint64 m_edgeTime = 0; // created_at of the newest row shown (or oldest when oldestFirst)
    // Rows by id: valid whatever position the id moves to when live rows arrive on top.
    mutable QHash<qint64, Mention> m_cache;
    mutable QList<qint64> m_cacheOrder; // oldest cached first (bounded memory)
    mutable QSet<int> m_pending;        // pages asked for under the current layout
};

} // namespace warroom
