#include "influencerpanel.h"

#include "itemmodels/dashboardfeed.h"
#include "itemmodels/influencertablemodel.h"
#include "itemmodels/liveclock.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace warroom {

namespace {

class StanceDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override {
        QStyledItemDelegate::initStyleOption(option, index);
        const QString stance = index.data().toString();
        if (stance == QLatin1String("against")) {
            option->palette.setColor(QPalette::Text, QColor(0xe5, 0x39, 0x35));
            option->font.setBold(true);
        } else if (stance == QLatin1String("for")) {
            option->palette.setColor(QPalette::Text, QColor(0x43, 0xa0, 0x47));
            option->font.setBold(true);
        }
    }
};

} // namespace

InfluencerPanel::InfluencerPanel(InfluencerTableModel *model, DashboardFeed *feed, QWidget *parent)
    : LivePanel(parent)
    , m_model(model)
    , m_proxy(new InfluencerFilterProxy(this))
    , m_feed(feed)
    , m_stance(new QComboBox(this))
    , m_flags(new QComboBox(this))
    , m_supporters(new QCheckBox(tr("Supporters"), this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this)) {
    setObjectName(QStringLiteral("influencerPanel"));
    m_proxy->setSourceModel(model);
    m_stance->setObjectName(QStringLiteral("stanceFilter"));
    m_stance->addItem(tr("Any stance"), QString());
    m_stance->addItem(tr("Against us"), QStringLiteral("against"));
    m_stance->addItem(tr("Neutral"), QStringLiteral("neutral"));
    m_stance->addItem(tr("For us"), QStringLiteral("for"));
    m_stance->addItem(tr("Not classified"), QStringLiteral("unknown"));
    m_flags->setObjectName(QStringLiteral("flagFilter"));
    m_flags->addItem(tr("Any flag"), int(InfluencerFilterProxy::Flag::Any));
    m_flags->addItem(tr("Journalists"), int(InfluencerFilterProxy::Flag::Journalist));
    m_flags->addItem(tr("Opinion leaders"), int(InfluencerFilterProxy::Flag::OpinionLeader));
    m_flags->addItem(tr("Journalists + opinion leaders"),
                     int(InfluencerFilterProxy::Flag::PublicFigure));
    m_flags->addItem(tr("Watchlist ★"), int(InfluencerFilterProxy::Flag::Watchlist));
    m_supporters->setObjectName(QStringLiteral("supportersView"));
    m_supporters->setToolTip(
        tr("People defending the brand, widest reach first: the cell thanks them."));
    m_status->setObjectName(QStringLiteral("influencerStatus"));
    m_status->setTextFormat(Qt::PlainText);

    m_table->setObjectName(QStringLiteral("influencerTable"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegateForColumn(InfluencerTableModel::StanceColumn,
                                      new StanceDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(InfluencerTableModel::RankColumn, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setWordWrap(false);
    // Widths from the font, never from the contents: measuring thousands of cells on each live
    // refresh froze the GUI thread for half a second (the screens latency bench).
    QHeaderView *h = m_table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setSectionResizeMode(InfluencerTableModel::FlagsColumn, QHeaderView::Stretch);
    const int digit = m_table->fontMetrics().horizontalAdvance(u'0');
    const std::pair<int, int> widths[] = {
        {InfluencerTableModel::RankColumn, 5},           {InfluencerTableModel::AuthorColumn, 20},
        {InfluencerTableModel::ScoreColumn, 6},          {InfluencerTableModel::ReachColumn, 7},
        {InfluencerTableModel::NegativityColumn, 9},     {InfluencerTableModel::VelocityColumn, 9},
        {InfluencerTableModel::AmplificationColumn, 14}, {InfluencerTableModel::RecencyColumn, 8},
        {InfluencerTableModel::StanceColumn, 9},         {InfluencerTableModel::MentionsColumn, 10},
        {InfluencerTableModel::FollowersColumn, 10}};
    for (const auto &[column, chars] : widths)
        h->resizeSection(column, digit * chars);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    const struct {
        QString text;
        QKeySequence key;
        std::function<void()> run;
    } actions[] = {
        {tr("Show their mentions"), QKeySequence(Qt::Key_Return),
         [this] {
             showMentions();
         }},
        {tr("Pin / unpin to watchlist"), QKeySequence(Qt::Key_W),
         [this] {
             togglePin();
         }},
        {tr("Journalist"), QKeySequence(Qt::Key_J),
         [this] {
             toggleJournalist();
         }},
        {tr("Opinion leader"), QKeySequence(Qt::Key_O),
         [this] {
             toggleOpinionLeader();
         }},
        {tr("Stance: against us"), QKeySequence(Qt::Key_1),
         [this] {
             setStance(QStringLiteral("against"));
         }},
        {tr("Stance: neutral"), QKeySequence(Qt::Key_2),
         [this] {
             setStance(QStringLiteral("neutral"));
         }},
        {tr("Stance: for us"), QKeySequence(Qt::Key_3),
         [this] {
             setStance(QStringLiteral("for"));
         }},
        {tr("Stance: not classified"), QKeySequence(Qt::Key_0),
         [this] {
             setStance(QStringLiteral("unknown"));
         }},
    };
    for (const auto &a : actions) {
        auto *action = new QAction(a.text, m_table);
        action->setShortcut(a.key);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, a.run);
        m_table->addAction(action);
    }
    connect(m_table, &QTableView::doubleClicked, this, &InfluencerPanel::showMentions);

    auto *pin = new QToolButton(this);
    pin->setObjectName(QStringLiteral("pinAuthor"));
    pin->setText(tr("★ Pin"));
    pin->setToolTip(tr("Pin to / unpin from the watchlist (W)"));
    connect(pin, &QToolButton::clicked, this, &InfluencerPanel::togglePin);
    auto *mark = new QToolButton(this);
    mark->setText(tr("Mark…"));
    mark->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(mark);
    menu->addActions(m_table->actions().mid(2));
    mark->setMenu(menu);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_stance);
    bar->addWidget(m_flags);
    bar->addWidget(m_supporters);
    bar->addStretch(1);
    bar->addWidget(pin);
    bar->addWidget(mark);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    connect(m_stance, &QComboBox::activated, this,
            [this](int i) { m_proxy->setStance(m_stance->itemData(i).toString()); });
    connect(m_flags, &QComboBox::activated, this, [this](int i) {
        m_proxy->setFlag(static_cast<InfluencerFilterProxy::Flag>(m_flags->itemData(i).toInt()));
    });
    connect(m_supporters, &QCheckBox::toggled, this, &InfluencerPanel::setSupportersView);
    connect(model, &InfluencerTableModel::loaded, this, [this] {
        m_status->setText(tr("%1 of %2 authors shown · hover a row for why it ranks there")
                              .arg(QLocale().toString(m_proxy->rowCount()),
                                   QLocale().toString(m_model->rowCount())));
    });
}

void InfluencerPanel::reload() {
    // Who matters right now: the last 6 hours, the window of `warroom rank` and of the
    // high-risk-author alert, so the three agree.
    m_model->setQuery(influencerWindow(m_feed->clock()->nowMs()));
}

void InfluencerPanel::setSupportersView(bool on) {
    if (m_supporters->isChecked() != on)
        m_supporters->setChecked(on);
    m_proxy->setSupportersOnly(on);
    m_table->sortByColumn(InfluencerTableModel::RankColumn, Qt::AscendingOrder);
}

void InfluencerPanel::setStanceFilter(const QString &stance) {
    const int i = m_stance->findData(stance);
    if (i >= 0)
        m_stance->setCurrentIndex(i);
    m_proxy->setStance(stance);
}

const InfluencerRow *InfluencerPanel::current() const {
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid())
        return nullptr;
    return m_model->rowAt(m_proxy->mapToSource(index).row());
}

void InfluencerPanel::apply(AuthorUpdate update) {
    m_model->updateLocally(update.source, update.handle, [&update](InfluencerRow &r) {
        if (update.stance)
            r.stance = *update.stance;
        if (update.journalist)
            r.journalist = *update.journalist;
        if (update.opinionLeader)
            r.opinionLeader = *update.opinionLeader;
        if (update.watchlist)
            r.watchlist = *update.watchlist;
    });
    Q_EMIT authorUpdateRequested(update);
}

void InfluencerPanel::togglePin() {
    if (const InfluencerRow *r = current()) {
        AuthorUpdate u{r->source, r->handle};
        u.watchlist = !r->watchlist;
        apply(u);
    }
}

void InfluencerPanel::toggleJournalist() {
    if (const InfluencerRow *r = current()) {
        AuthorUpdate u{r->source, r->handle};
        u.journalist = !r->journalist;
        apply(u);
    }
}

void InfluencerPanel::toggleOpinionLeader() {
    if (const InfluencerRow *r = current()) {
        AuthorUpdate u{r->source, r->handle};
        u.opinionLeader = !r->opinionLeader;
        apply(u);
    }
}

void InfluencerPanel::setStance(const QString &stance) {
    if (const InfluencerRow *r = current()) {
        AuthorUpdate u{r->source, r->handle};
        u.stance = stance;
        apply(u);
    }
}

void InfluencerPanel::showMentions() {
    if (const InfluencerRow *r = current())
        Q_EMIT authorMentionsRequested(r->handle);
}

} // namespace warroom
