#pragma once

#include <QList>
#include <QString>
#include <QStringView>
#include <QUrl>

// Untrusted HTML (feed content, titles) to plain text, without QTextDocument (which lives in Qt
// Gui). Pure functions, no thread affinity.
namespace warroom {

// Longest text any of these functions returns; longer results are cut (at a character boundary).
inline constexpr qsizetype kMaxPlainTextChars = 100'000;

// Untrusted HTML to plain text: the content of <script>, <style>, <template>, <iframe>,
// <noembed>, <noframes>, <noscript>, <frameset>, <head> and <title>, and comments, is dropped;
// other tags are removed and their text kept; block elements and <br> become line breaks; character
// references (named, decimal, hex) are decoded, invalid ones are left literal; runs of spaces (and
// no-break spaces) collapse to one space, blank lines collapse, lines are trimmed; bidi
// embedding/override/isolate controls, NUL and other control characters are removed; C1 controls
// (U+0080-U+009F, mis-decoded Windows-1252) become the Windows-1252 character. Linear in the input
// size.
[[nodiscard]] QString htmlToPlainText(QStringView html, qsizetype maxChars = kMaxPlainTextChars);

// Text that is already plain (Atom type="text", JSON Feed content_text): the same whitespace
// collapsing and control-character removal as htmlToPlainText, but nothing is parsed as markup.
[[nodiscard]] QString cleanPlainText(QStringView text, qsizetype maxChars = kMaxPlainTextChars);

// Decodes HTML character references only (&amp; &eacute; &#233; &#xE9;); unknown or invalid
// references are left as they are.
[[nodiscard]] QString decodeHtmlEntities(QStringView text);

// The href of every <a>/<area> in the HTML, resolved against base, kept only when it is an
// http(s) URL (never javascript:, data:, file:, ...). In document order, without duplicates,
// at most maxLinks.
[[nodiscard]] QList<QUrl> extractSafeLinks(QStringView html, const QUrl &base = {},
                                           qsizetype maxLinks = 200);

// The character for an HTML 4 named reference without '&' and ';' ("eacute" -> "é"), or an empty
// string. Feeds use these in XML that never declares them.
[[nodiscard]] QString htmlNamedEntity(QStringView name);

} // namespace warroom
