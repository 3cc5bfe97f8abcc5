#pragma once

#include "common/sourceconfig.h"

#include <QDialog>
#include <QList>
#include <QPointer>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace warroom {

class ConnectorManager;

// Add / edit / remove the live sources of the incident: keywords, hashtags, instances, handles,
// feeds, a replay file; a secret (token / app password) goes straight to the keychain, never into
// the returned configs. "Test connection" runs one cycle and shows the result in words.
// The caller applies sources() (e.g. ConnectorManager::setSources) and persists them
// (sourcesToJson) after exec() == Accepted.
class SourcesDialog final : public QDialog {
    Q_OBJECT
public:
    SourcesDialog(const QList<SourceConfig> &sources, ConnectorManager *manager,
                  QWidget *parent = nullptr);

    [[nodiscard]] QList<SourceConfig> sources() const { return m_sources; }
    [[nodiscard]] QString testResult() const; // the words shown after a test

    // For tests and keyboard users.
    void addSource(const QString &kind);
    void removeCurrent();
    void testCurrent();
    [[nodiscard]] QListWidget *list() const { return m_list; }

    void accept() override;

Q_SIGNALS:
    void testFinished(bool ok, const QString &message);

private:
    void loadForm(int row);
    void storeForm();
    void refreshList();
    void updateVisibility();
    [[nodiscard]] SourceConfig formConfig() const;

    QList<SourceConfig> m_sources;
    QPointer<ConnectorManager> m_manager;
    int m_row = -1;
    bool m_loading = false;

    QListWidget *m_list;
    QComboBox *m_kind;
    QLineEdit *m_name;
    QCheckBox *m_enabled;
    QPlainTextEdit *m_feeds;
    QPlainTextEdit *m_instances;
    QLineEdit *m_hashtags;
    QLineEdit *m_keywords;
    QLineEdit *m_handles;
    QLineEdit *m_account;
    QLineEdit *m_secret;
    QLineEdit *m_service;
    QCheckBox *m_streaming;
    QLineEdit *m_file;
    QDoubleSpinBox *m_speed;
    QSpinBox *m_poll;
    QLabel *m_problem;
    QLabel *m_result;
    QPushButton *m_test;
    QPushButton *m_remove;
    QList<QWidget *> m_rows; // label+field pairs toggled by kind
};

} // namespace warroom
