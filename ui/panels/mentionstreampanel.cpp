#include "mentionstreampanel.h"

#include "itemmodels/mentiontablemodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace warroom {

MentionStreamPanel::MentionStreamPanel(MentionTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_search(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_table(new QTableView(this))
    , m_searchDelay(new QTimer(this)) {
    m_search->setObjectName(QStringLiteral("searchBox"));
    m_search->setPlaceholderText(
        tr("Search mentions: words, \"a phrase\", a OR b, -exclude (any script)"));
    m_search->setClearButtonEnabled(true);
    m_message->setObjectName(QStringLiteral("searchMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("mentionTable"));
    m_table->setModel(model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(MentionTableModel::TimeColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    // Fixed row height: the view never measures a million rows.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(MentionTableModel::TextColumn, QHeaderView::Stretch);
    const int digit = m_table->fontMetrics().horizontalAdvance(u'0');
    header->resizeSection(MentionTableModel::TimeColumn, digit * 21);
    header->resizeSection(MentionTableModel::SourceColumn, digit * 10);
    header->resizeSection(MentionTableModel::AuthorColumn, digit * 18);
    header->resizeSection(MentionTableModel::SentimentColumn, digit * 10);
    header->resizeSection(MentionTableModel::StatusColumn, digit * 12);
    header->resizeSection(MentionTableModel::LanguageColumn, digit * 6);
    header->resizeSection(MentionTableModel::FollowersColumn, digit * 10);
    header->resizeSection(MentionTableModel::RepostsColumn, digit * 9);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

    // Search as the user types, once they pause: no query per keystroke.
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &MentionStreamPanel::applySearch);
    connect(m_searchDelay, &QTimer::timeout, this, &MentionStreamPanel::applySearch);
    connect(model, &MentionTableModel::queryFinished, this, &MentionStreamPanel::onQueryFinished);
    // Live rows change the count without a new query.
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this] { onQueryFinished(m_model->rowCount(), QString()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MentionStreamPanel::emitCurrent);
    connect(model, &MentionTableModel::rowsLoaded, this, &MentionStreamPanel::emitCurrent);
}

void MentionStreamPanel::applySearch() {
    m_searchDelay->stop();
    MentionFilter filter = m_model->filter();
    if (filter.search == m_search->text())
        return;
    filter.search = m_search->text();
    m_message->setText(tr("Searching…"));
    m_model->setFilter(filter);
}

void MentionStreamPanel::onQueryFinished(int rows, const QString &error) {
    if (!error.isEmpty()) {
        m_message->setText(error);
        return;
    }
    const QString search = m_model->filter().search.trimmed();
    if (search.isEmpty())
        m_message->setText(tr("%1 mentions, newest first").arg(QLocale().toString(rows)));
    else if (rows == 0)
        m_message->setText(tr("No mention matches \u201C%1\u201D.").arg(search.left(80)));
    else
        m_message->setText(
            tr("%1 mentions match \u201C%2\u201D").arg(QLocale().toString(rows), search.left(80)));
}

void MentionStreamPanel::emitCurrent() {
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    if (const Mention *m = m_model->mentionAt(current.row()))
        Q_EMIT currentMentionChanged(*m);
}

} // namespace warroom
