#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace warroom {

class MentionTableModel;
struct Mention;

// The mention stream: search box, the paged table, a line saying what is shown or what went
// wrong. Lives on the GUI thread.
class MentionStreamPanel final : public QWidget {
    Q_OBJECT
public:
    explicit MentionStreamPanel(MentionTableModel *model, QWidget *parent = nullptr);

    [[nodiscard]] QTableView *table() const { return m_table; }
    [[nodiscard]] QLineEdit *searchBox() const { return m_search; }

Q_SIGNALS:
    void currentMentionChanged(const warroom::Mention &mention);

private:
    void applySearch();
    void onQueryFinished(int rows, const QString &error);
    void emitCurrent();

    MentionTableModel *m_model;
    QLineEdit *m_search;
    QLabel *m_message;
    QTableView *m_table;
    QTimer *m_searchDelay;
};

} // namespace warroom
