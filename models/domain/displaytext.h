#pragma once

#include <QString>
#include <QStringView>

// Untrusted text (mention text, author names and handles from the network or an imported file)
// prepared for a view. The store keeps the text intact; only what is shown is bounded, so a 1 MB
// line or a letter with 10,000 accents costs a view no more than a tweet. Pure functions, no
// thread affinity, no Qt Gui.
namespace warroom {

// At most this many combining marks are shown on one letter (Vietnamese needs 2, Tibetan
// stacks 4-6; "Zalgo" text piles up thousands).
inline constexpr int kMaxShownMarks = 8;
// Display limits: one line (a name, a handle, a table cell, a label) and a block (the full text
// in the detail view).
inline constexpr qsizetype kMaxShownNameChars = 120;
inline constexpr qsizetype kMaxShownLineChars = 400;
inline constexpr qsizetype kMaxShownBlockChars = 50'000;

// First isolate (U+2068) and pop directional isolate (U+2069).
inline constexpr char16_t kFsi = 0x2068;
inline constexpr char16_t kPdi = 0x2069;

// One line of untrusted text, to be shown next to other text: white space (line breaks, tabs,
// U+2028/U+2029) collapsed to single spaces, control characters dropped, runs of combining marks
// cut to kMaxShownMarks, cut to maxChars (at a character boundary, never inside a letter, then
// "…"), and wrapped in FSI…PDI (isolate controls inside are dropped so the wrap stays balanced),
// so a right-to-left override in a name reverses at most the name, never the rest of the line.
// Empty input gives an empty string (no isolate).
[[nodiscard]] QString displayLine(QStringView text, qsizetype maxChars = kMaxShownLineChars);

// The same without the FSI…PDI wrap, for a text that is alone in its cell or label.
[[nodiscard]] QString displayCell(QStringView text, qsizetype maxChars = kMaxShownLineChars);

// A whole text shown on its own (the detail view): line breaks kept, combining marks cut as
// above, control characters other than tab and line breaks dropped, cut to maxChars with a note
// of how much more the stored text has.
[[nodiscard]] QString displayBlock(QStringView text, qsizetype maxChars = kMaxShownBlockChars);

} // namespace warroom
