#include "channellength.h"

#include <QRegularExpression>
#include <QTextBoundaryFinder>

namespace warroom {

int ChannelLength::graphemes(const QString &text) {
    if (text.isEmpty())
        return 0;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    int count = 0;
    while (finder.toNextBoundary() != -1)
        ++count;
    return count;
}

int ChannelLength::mastodonCount(const QString &text) {
    // Mastodon's own rules: each URL counts 23 whatever its length; "@user@domain" counts as
    // "@user". The remainder is counted in grapheme clusters.
    static const QRegularExpression url(
        QStringLiteral(R"((?<![\w/])https?://[^\s<>"]+[^\s<>".,;:!?)\]'])"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression mention(QStringLiteral(R"((?<![\w/@])@(\w+)@[\w.-]+\w)"),
                                            QRegularExpression::UseUnicodePropertiesOption);
    QString s = text;
    int urls = 0;
    s.replace(url, QStringLiteral("\x01"));
    urls = int(s.count(QChar(0x01)));
    s.remove(QChar(0x01));
    s.replace(mention, QStringLiteral("@\\1"));
    return graphemes(s) + urls * kMastodonUrl;
}

LengthCheck ChannelLength::check(const QString &text, const QString &channel, int mastodonLimit) {
    LengthCheck c;
    c.bytes = int(text.toUtf8().size());
    if (channel == u"mastodon") {
        c.count = mastodonCount(text);
        c.limit = mastodonLimit > 0 ? mastodonLimit : kMastodonDefault;
    } else if (channel == u"bluesky") {
        c.count = graphemes(text);
        c.limit = kBlueskyGraphemes;
        c.byteLimit = kBlueskyBytes;
    } else {
        c.count = graphemes(text);
    }
    return c;
}

bool ChannelLength::isDirectChannel(const QString &channel) {
    return channel == u"mastodon" || channel == u"bluesky";
}

} // namespace warroom
