#pragma once

#include <QTextBrowser>

namespace warroom {

// Shows a reply's text, or the word-level difference from the text the approver saw before
// (removed words struck in red, added ones in green). All text is escaped. GUI thread.
class ReplyDiffView final : public QTextBrowser {
    Q_OBJECT
public:
    explicit ReplyDiffView(QWidget *parent = nullptr);
    // before empty or equal: the plain text alone.
    void setTexts(const QString &before, const QString &after);
    [[nodiscard]] bool showsDiff() const { return m_diff; }

private:
    bool m_diff = false;
};

} // namespace warroom
