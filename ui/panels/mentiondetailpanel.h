#pragma once

#include "domain/mention.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace warroom {

// The selected mention in full: author, time, metrics, the whole text (plain, never rich), and
// a button that opens the original (http/https links only). Lives on the GUI thread.
class MentionDetailPanel final : public QWidget {
    Q_OBJECT
public:
    explicit MentionDetailPanel(QWidget *parent = nullptr);
    void showMention(const Mention &mention);

private:
    Mention m_mention;
    QLabel *m_header;
    QPlainTextEdit *m_text;
    QPushButton *m_open;
};

} // namespace warroom
