#include "replydiffview.h"

#include "workflow/worddiff.h"

namespace warroom {

ReplyDiffView::ReplyDiffView(QWidget *parent)
    : QTextBrowser(parent) {
    setObjectName(QStringLiteral("diffView"));
    setOpenLinks(false);
    setOpenExternalLinks(false);
}

void ReplyDiffView::setTexts(const QString &before, const QString &after) {
    m_diff = !before.isEmpty() && before != after;
    if (m_diff)
        setHtml(WordDiff::toHtml(WordDiff::diff(before, after)));
    else
        setPlainText(after);
}

} // namespace warroom
