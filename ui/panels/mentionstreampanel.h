#pragma once

#include "domain/mention.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace warroom {

class MentionTableModel;

// The mention stream: search box, filters (sentiment, source, language, status, author), the
// paged table, a line saying what is shown or what went wrong. Keyboard triage on the table:
// R needs reply, I ignored, E escalated, P moved to private, N new; 1/2/3 correct the
// sentiment to negative/neutral/positive; O (or Ctrl+Return) opens the original (http/https).
// Changes go out as signals (the app sends them to the writer). Lives on the GUI thread.
class MentionStreamPanel final : public QWidget {
    Q_OBJECT
public:
    explicit MentionStreamPanel(MentionTableModel *model, QWidget *parent = nullptr);

    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] QLineEdit *searchBox() const { return m_search; }
    [[nodiscard]] QLineEdit *authorBox() const { return m_author; }
    // Shows only this author's mentions (from the influencer list).
    void showAuthor(const QString &handle);
    // Sources the store knows (for the source filter).
    void setSources(const QStringList &sources);
    // The selected rows' ids (current row first).
    [[nodiscard]] QList<qint64> selectedIds() const;

    void changeStatus(warroom::MentionStatus status);
    void correctSentiment(warroom::Sentiment sentiment);
    void openOriginal();

Q_SIGNALS:
    void currentMentionChanged(const warroom::Mention &mention);
    void statusChangeRequested(const QList<qint64> &ids, warroom::MentionStatus status);
    void sentimentCorrectionRequested(const QList<qint64> &ids, warroom::Sentiment sentiment);

private:
    void applySearch();
    void applyFilters();
    void onQueryFinished(int rows, const QString &error);
    void emitCurrent();
    void advance();

    MentionTableModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_sentiment;
    QComboBox *m_source;
    QLineEdit *m_language;
    QComboBox *m_status;
    QLineEdit *m_author;
    QLabel *m_message;
    QTableView *m_table;
    QTimer *m_searchDelay;
    qint64 m_restoreId = 0; // keep the current row across reloads
    int m_restoreRow = -1;
};

} // namespace warroom
