#pragma once

#include "itemmodels/dashboardtypes.h"
#include "livepanel.h"
#include "store/storewriter.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QTableView;

namespace warroom {

class DashboardFeed;
class InfluencerFilterProxy;
class InfluencerTableModel;

// The risk-ranked authors: components as columns, the explanation in the tooltip, filters by
// stance and flags, a supporters view. Keys on the table: W pin/unpin to the watchlist,
// J journalist, O opinion leader, 1/2/3/0 stance against/neutral/for/unknown, Enter shows the
// author's mentions in the stream. Writes go out as signals (the app sends them to the writer).
class InfluencerPanel final : public LivePanel {
    Q_OBJECT
public:
    InfluencerPanel(InfluencerTableModel *model, DashboardFeed *feed, QWidget *parent = nullptr);
    void reload() override;
    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] InfluencerFilterProxy *proxy() const { return m_proxy; }
    [[nodiscard]] InfluencerTableModel *model() const { return m_model; }
    void setSupportersView(bool on);
    void setStanceFilter(const QString &stance);

    // Actions on the current row (also bound to keys and buttons).
    void togglePin();
    void toggleJournalist();
    void toggleOpinionLeader();
    void setStance(const QString &stance);
    void showMentions();

Q_SIGNALS:
    void authorUpdateRequested(const warroom::AuthorUpdate &update);
    void authorMentionsRequested(const QString &handle);

private:
    [[nodiscard]] const InfluencerRow *current() const;
    void apply(AuthorUpdate update);

    InfluencerTableModel *m_model;
    InfluencerFilterProxy *m_proxy;
    DashboardFeed *m_feed;
    QComboBox *m_stance;
    QComboBox *m_flags;
    QCheckBox *m_supporters;
    QLabel *m_status;
    QTableView *m_table;
};

} // namespace warroom
