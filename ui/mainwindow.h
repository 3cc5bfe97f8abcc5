#pragma once

#include <QMainWindow>

class QLabel;
class QDockWidget;

namespace warroom {

class MentionTableModel;
class MentionStreamPanel;
class MentionDetailPanel;
struct StoreStats;

// The operator console. Shows what the models hold; never touches SQLite or the network.
// Lives on the GUI thread.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(const QString &storePath, MentionTableModel *mentions, QWidget *parent = nullptr);

    [[nodiscard]] MentionStreamPanel *streamPanel() const { return m_stream; }
    void showStats(const StoreStats &stats);
    // One line in the status bar for what is going on (import progress, errors).
    void showActivity(const QString &text, bool isError = false);
    void restoreLayout();

Q_SIGNALS:
    void importRequested(const QStringList &files);
    void drillRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();

    QString m_storePath;
    MentionStreamPanel *m_stream;
    MentionDetailPanel *m_detail;
    QDockWidget *m_detailDock;
    QLabel *m_storeLabel;
    QLabel *m_countsLabel;
    QLabel *m_activityLabel;
};

} // namespace warroom
