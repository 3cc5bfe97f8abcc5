#include "mentiondetailpanel.h"

#include "domain/displaytext.h"
#include "domain/urlkey.h"

#include <QDesktopServices>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace warroom {

MentionDetailPanel::MentionDetailPanel(QWidget *parent)
    : QWidget(parent)
    , m_header(new QLabel(this))
    , m_text(new QPlainTextEdit(this))
    , m_open(new QPushButton(tr("Open original"), this)) {
    setObjectName(QStringLiteral("mentionDetail"));
    m_header->setTextFormat(Qt::PlainText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setReadOnly(true);
    m_text->setObjectName(QStringLiteral("mentionText"));
    m_open->setEnabled(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_header);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_open, 0, Qt::AlignRight);
    m_header->setText(tr("Select a mention to read it in full."));
    connect(m_open, &QPushButton::clicked, this, [this] {
        const QUrl url(m_mention.url);
        if (isSafeWebUrl(url))
            QDesktopServices::openUrl(url);
    });
}

void MentionDetailPanel::showMention(const Mention &m) {
    if (m.id == m_mention.id && m.status == m_mention.status)
        return;
    m_mention = m;
    const QLocale locale;
    QStringList lines;
    // Everything from the source is bounded and isolated: a right-to-left override in a name
    // cannot reverse the rest of the line, a 1 MB name costs no more than a short one.
    lines << (m.authorName.isEmpty() ? QString()
                                     : displayLine(m.authorName, kMaxShownNameChars) + u' ') +
                 (m.authorHandle.isEmpty()
                      ? QString()
                      : displayLine(u'@' + m.authorHandle, kMaxShownNameChars)) +
                 (m.authorFollowers >= 0
                      ? tr(" · %1 followers").arg(locale.toString(m.authorFollowers))
                      : QString());
    lines << tr("%1 · %2 · %3 local time%4")
                 .arg(displayLine(m.source, 40),
                      m.language.isEmpty() ? tr("language unknown") : displayLine(m.language, 40),
                      m.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                      m.timeEstimated ? tr(" (estimated)") : QString());
    lines << tr("%1 reposts · %2 likes · %3 replies · status %4%5")
                 .arg(locale.toString(m.reposts), locale.toString(m.likes),
                      locale.toString(m.replies), statusName(m.status),
                      m.sentiment == Sentiment::Unknown ? QString()
                                                        : tr(" · %1 (%2)")
                                                              .arg(sentimentName(m.sentiment))
                                                              .arg(m.sentimentScore, 0, 'f', 2));
    if (m.deleted)
        lines << tr("Deleted at the source: kept here for the record.");
    m_header->setText(lines.join(u'\n'));
    m_text->setPlainText(
        displayBlock(m.title.isEmpty() ? m.text : m.title + QStringLiteral("\n\n") + m.text));
    m_open->setEnabled(isSafeWebUrl(QUrl(m.url)));
    // Rich text on purpose, with the URL escaped: a tooltip is only plain when it looks plain.
    m_open->setToolTip(isSafeWebUrl(QUrl(m.url))
                           ? QStringLiteral("<p>%1</p>").arg(displayCell(m.url).toHtmlEscaped())
                           : tr("No web link"));
}

} // namespace warroom
