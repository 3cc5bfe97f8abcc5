#include "mentionstreampanel.h"

#include "domain/urlkey.h"
#include "itemmodels/mentiontablemodel.h"

#include <QAction>
#include <QComboBox>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace warroom {

MentionStreamPanel::MentionStreamPanel(MentionTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_search(new QLineEdit(this))
    , m_sentiment(new QComboBox(this))
    , m_source(new QComboBox(this))
    , m_language(new QLineEdit(this))
    , m_status(new QComboBox(this))
    , m_author(new QLineEdit(this))
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

    m_sentiment->setObjectName(QStringLiteral("sentimentFilter"));
    m_sentiment->addItem(tr("Any sentiment"), -1);
    for (Sentiment s : {Sentiment::Negative, Sentiment::Neutral, Sentiment::Positive})
        m_sentiment->addItem(sentimentName(s), int(s));
    m_source->setObjectName(QStringLiteral("sourceFilter"));
    m_source->addItem(tr("Any source"), QString());
    m_language->setObjectName(QStringLiteral("languageFilter"));
    m_language->setPlaceholderText(tr("lang"));
    m_language->setMaxLength(12);
    m_language->setMaximumWidth(m_language->fontMetrics().horizontalAdvance(u'0') * 8);
    m_language->setClearButtonEnabled(true);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("Any status"), -1);
    for (MentionStatus s : allStatuses())
        m_status->addItem(statusName(s), int(s));
    m_author->setObjectName(QStringLiteral("authorFilter"));
    m_author->setPlaceholderText(tr("@author"));
    m_author->setClearButtonEnabled(true);
    m_author->setMaximumWidth(m_author->fontMetrics().horizontalAdvance(u'0') * 20);

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
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->setToolTip(tr("R needs reply · I ignored · E escalated · P moved to private · N new\n"
                           "1 negative · 2 neutral · 3 positive (analyst correction)\n"
                           "O open the original"));

    // Keyboard triage: the keys act on the selected rows, then move to the next row.
    const struct {
        QString text;
        QKeySequence key;
        std::function<void()> run;
    } actions[] = {
        {tr("Needs reply"), QKeySequence(Qt::Key_R),
         [this] {
             changeStatus(MentionStatus::NeedsReply);
         }},
        {tr("Ignore"), QKeySequence(Qt::Key_I),
         [this] {
             changeStatus(MentionStatus::Ignored);
         }},
        {tr("Escalate"), QKeySequence(Qt::Key_E),
         [this] {
             changeStatus(MentionStatus::Escalated);
         }},
        {tr("Moved to private channel"), QKeySequence(Qt::Key_P),
         [this] {
             changeStatus(MentionStatus::MovedPrivate);
         }},
        {tr("Back to new"), QKeySequence(Qt::Key_N),
         [this] {
             changeStatus(MentionStatus::New);
         }},
        {tr("Sentiment: negative"), QKeySequence(Qt::Key_1),
         [this] {
             correctSentiment(Sentiment::Negative);
         }},
        {tr("Sentiment: neutral"), QKeySequence(Qt::Key_2),
         [this] {
             correctSentiment(Sentiment::Neutral);
         }},
        {tr("Sentiment: positive"), QKeySequence(Qt::Key_3),
         [this] {
             correctSentiment(Sentiment::Positive);
         }},
        {tr("Open the original"), QKeySequence(Qt::Key_O),
         [this] {
             openOriginal();
         }},
        {tr("Open the original"), QKeySequence(Qt::CTRL | Qt::Key_Return),
         [this] {
             openOriginal();
         }},
    };
    for (const auto &a : actions) {
        auto *action = new QAction(a.text, m_table);
        action->setShortcut(a.key);
        action->setShortcutContext(Qt::WidgetShortcut);
        connect(action, &QAction::triggered, this, a.run);
        m_table->addAction(action);
    }

    auto *filters = new QHBoxLayout;
    filters->setContentsMargins(0, 0, 0, 0);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_sentiment);
    filters->addWidget(m_source);
    filters->addWidget(m_language);
    filters->addWidget(m_status);
    filters->addWidget(m_author);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

    // Search as the user types, once they pause: no query per keystroke.
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &MentionStreamPanel::applySearch);
    connect(m_searchDelay, &QTimer::timeout, this, &MentionStreamPanel::applySearch);
    for (QComboBox *box : {m_sentiment, m_source, m_status})
        connect(box, &QComboBox::activated, this, &MentionStreamPanel::applyFilters);
    for (QLineEdit *edit : {m_language, m_author}) {
        connect(edit, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
        connect(edit, &QLineEdit::returnPressed, this, &MentionStreamPanel::applyFilters);
    }
    connect(model, &MentionTableModel::queryFinished, this, &MentionStreamPanel::onQueryFinished);
    connect(model, &MentionTableModel::firstRowsShown, this, [this](int rows) {
        const QString search = m_model->filter().search.trimmed();
        m_message->setText(
            search.isEmpty()
                ? tr("Newest %1 mentions shown; counting the rest…").arg(QLocale().toString(rows))
                : tr("Newest %1 matches of \u201C%2\u201D shown; finding the rest…")
                      .arg(QLocale().toString(rows), search.left(80)));
    });
    // Live rows change the count without a new query.
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this] { onQueryFinished(m_model->rowCount(), QString()); });
    connect(model, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid() && m_restoreId == 0) {
            m_restoreId = m_model->idAt(current.row());
            m_restoreRow = current.row();
        }
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MentionStreamPanel::emitCurrent);
    connect(model, &MentionTableModel::rowsLoaded, this, &MentionStreamPanel::emitCurrent);
}

void MentionStreamPanel::setSources(const QStringList &sources) {
    const QString current = m_source->currentData().toString();
    while (m_source->count() > 1)
        m_source->removeItem(1);
    for (const QString &s : sources)
        m_source->addItem(s, s);
    const int i = m_source->findData(current);
    m_source->setCurrentIndex(i < 0 ? 0 : i);
}

void MentionStreamPanel::showAuthor(const QString &handle) {
    m_author->setText(handle);
    applyFilters();
}

void MentionStreamPanel::applySearch() {
    applyFilters();
}

void MentionStreamPanel::applyFilters() {
    m_searchDelay->stop();
    MentionFilter filter;
    filter.search = m_search->text();
    if (const int s = m_sentiment->currentData().toInt(); s >= 0)
        filter.sentiment = static_cast<Sentiment>(s);
    filter.source = m_source->currentData().toString();
    filter.language = m_language->text().trimmed().toLower();
    if (const int s = m_status->currentData().toInt(); s >= 0)
        filter.status = static_cast<MentionStatus>(s);
    QString author = m_author->text().trimmed();
    if (author.startsWith(u'@'))
        author.remove(0, 1);
    filter.authorHandle = author;
    if (filter == m_model->filter())
        return;
    m_restoreId = 0;
    m_restoreRow = -1;
    m_message->setText(tr("Searching…"));
    m_model->setFilter(filter);
}

void MentionStreamPanel::onQueryFinished(int rows, const QString &error) {
    if (!error.isEmpty()) {
        m_message->setText(error);
        return;
    }
    // A reload after a change: back on the row the user was on (or where it was).
    if (m_restoreId != 0 || m_restoreRow >= 0) {
        int row = -1;
        const int n = m_model->rowCount();
        for (int i = 0; i < n && m_restoreId != 0; ++i)
            if (m_model->idAt(i) == m_restoreId) {
                row = i;
                break;
            }
        if (row < 0 && m_restoreRow >= 0 && n > 0)
            row = std::min(m_restoreRow, n - 1);
        if (row >= 0)
            m_table->selectRow(row);
        m_restoreId = 0;
        m_restoreRow = -1;
    }
    const MentionFilter &f = m_model->filter();
    const QString search = f.search.trimmed();
    QString what;
    if (!f.authorHandle.isEmpty())
        what = tr(" by @%1").arg(f.authorHandle);
    if (search.isEmpty())
        m_message->setText(tr("%1 mentions%2, newest first").arg(QLocale().toString(rows), what));
    else if (rows == 0)
        m_message->setText(tr("No mention matches \u201C%1\u201D%2.").arg(search.left(80), what));
    else
        m_message->setText(tr("%1 mentions match \u201C%2\u201D%3")
                               .arg(QLocale().toString(rows), search.left(80), what));
}

QList<qint64> MentionStreamPanel::selectedIds() const {
    QList<qint64> ids;
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid() && m_model->idAt(current.row()) > 0)
        ids << m_model->idAt(current.row());
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        const qint64 id = m_model->idAt(index.row());
        if (id > 0 && !ids.contains(id))
            ids << id;
    }
    return ids;
}

void MentionStreamPanel::advance() {
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    const int next = std::min(current.row() + 1, m_model->rowCount() - 1);
    m_table->selectRow(next);
    m_restoreId = m_model->idAt(next);
    m_restoreRow = next;
}

void MentionStreamPanel::changeStatus(MentionStatus status) {
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    Q_EMIT statusChangeRequested(ids, status);
    advance();
}

void MentionStreamPanel::correctSentiment(Sentiment sentiment) {
    const QList<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    Q_EMIT sentimentCorrectionRequested(ids, sentiment);
    advance();
}

void MentionStreamPanel::openOriginal() {
    const QModelIndex current = m_table->currentIndex();
    const Mention *m = current.isValid() ? m_model->mentionAt(current.row()) : nullptr;
    if (!m)
        return;
    const QUrl url(m->url);
    if (isSafeWebUrl(url))
        QDesktopServices::openUrl(url);
}

void MentionStreamPanel::emitCurrent() {
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    if (const Mention *m = m_model->mentionAt(current.row()))
        Q_EMIT currentMentionChanged(*m);
}

} // namespace warroom
