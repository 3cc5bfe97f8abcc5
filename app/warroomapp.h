#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>

class QTimer;

namespace warroom {

class MainWindow;
class MentionTableModel;
class ReaderThread;
class WriterThread;
struct ImportSummary;

// The composition root of the GUI: creates the store's writer and reader threads, the models
// and the main window, and wires them. Lives on the GUI thread.
class WarRoomApp final : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString storePath;
        bool loadDrillWhenEmpty = false;
    };

    explicit WarRoomApp(Options options, QObject *parent = nullptr);
    ~WarRoomApp() override;

    void start();
    [[nodiscard]] MainWindow *window() const { return m_window.get(); }
    [[nodiscard]] MentionTableModel *mentions() const { return m_mentions; }

    // Imports in the background through the single writer; progress and result in the window.
    void importFiles(const QStringList &files);
    void loadDrill();
    [[nodiscard]] bool isImporting() const { return m_importRunning; }

    // The bundled drill scenario (a Qt resource path).
    [[nodiscard]] static QString drillPath();

Q_SIGNALS:
    void importFinished(const QString &summary, bool ok);

private:
    void onWriterOpened(bool ok, const QString &error);
    void onCommitted();
    void refreshNow();

    Options m_options;
    std::unique_ptr<WriterThread> m_writer;
    std::unique_ptr<ReaderThread> m_reader;
    MentionTableModel *m_mentions = nullptr;
    std::unique_ptr<MainWindow> m_window;
    QTimer *m_refresh;
    QFutureWatcher<QString> m_import;
    bool m_importRunning = false;
    std::shared_ptr<std::atomic_bool> m_cancelImport;
    bool m_storeEmptyChecked = false;
};

} // namespace warroom
