#pragma once

#include "report/postmortem.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace warroom::report {

class ChartWidget;

// The post-mortem screen: the same figures and charts as the PDF, the lessons editor, and
// Export → PDF / CSV / JSON. Self-contained: give it the store path and an incident (or range).
// Everything touching the store or files runs on worker threads (QtConcurrent) with its own
// connection; the GUI thread only lays out results. Exports show progress and can be cancelled.
class ReportView final : public QWidget {
    Q_OBJECT
public:
    ReportView(const QString &storePath, const ReportScope &scope, QWidget *parent = nullptr);
    ~ReportView() override;

    [[nodiscard]] const PostMortem &postMortem() const { return m_pm; }
    [[nodiscard]] bool isBusy() const;
    [[nodiscard]] QString lessonsText() const;

public Q_SLOTS:
    void reload();
    // Export to a file without a dialog (the buttons ask for the file, then call these).
    void exportPdf(const QString &path);
    void exportCsv(const QString &path);
    void exportJson(const QString &path);
    void saveLessons();
    // Puts every journalist, opinion leader and top critic in the report on the watchlist.
    void addPeopleToWatchlist();
    void cancel();

Q_SIGNALS:
    void loaded();
    void exported(const QString &path);
    void lessonsSaved();
    void watchlistAdded(int added);
    void failed(const QString &reason);

private:
    void buildUi();
    void display(const PostMortem &pm);
    void runJob(const QString &what,
                std::function<QString(const std::function<bool()> &,
                                      const std::function<void(int, QString)> &)>
                    job,
                std::function<void()> onSuccess);
    void setBusy(bool busy, const QString &what = {});
    void fillAuthors(QTableWidget *table, const QList<ReportAuthor> &authors);

    QString m_storePath;
    ReportScope m_scope;
    PostMortem m_pm;
    QFutureWatcher<QString> m_job;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::function<void()> m_onSuccess;

    QLabel *m_title = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_status = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QList<QPushButton *> m_actions;
    ChartWidget *m_timeline = nullptr;
    ChartWidget *m_sources = nullptr;
    ChartWidget *m_languages = nullptr;
    ChartWidget *m_responses = nullptr;
    QLabel *m_scale = nullptr;
    QLabel *m_spark = nullptr;
    QLabel *m_answers = nullptr;
    QTableWidget *m_earliest = nullptr;
    QTableWidget *m_amplifiers = nullptr;
    QTableWidget *m_statements = nullptr;
    QTableWidget *m_people = nullptr;
    QPlainTextEdit *m_lessons = nullptr;
    QPushButton *m_saveLessons = nullptr;
};

} // namespace warroom::report
