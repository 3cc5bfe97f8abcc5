#include "displaytext.h"

#include <QTextBoundaryFinder>

namespace warroom {

namespace {

enum class Mode { Line, Block };

bool isIsolateControl(char32_t c) {
    return c >= 0x2066 && c <= 0x2069;
}

// Cuts `s` to at most maxChars UTF-16 units at a grapheme boundary (falling back to a code point
// boundary when one cluster alone is longer).
QString cutAtBoundary(const QString &s, qsizetype maxChars) {
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, s);
    finder.setPosition(maxChars);
    if (!finder.isAtBoundary())
        finder.toPreviousBoundary();
    qsizetype cut = finder.position();
    if (cut <= 0) {
        cut = maxChars;
        if (cut > 0 && s.at(cut - 1).isHighSurrogate())
            --cut;
    }
    return s.left(cut);
}

QString prepare(QStringView text, qsizetype maxChars, Mode mode, bool *wasCut) {
    QString out;
    out.reserve(std::min<qsizetype>(text.size(), maxChars) + 2);
    int marks = 0;
    bool pendingSpace = false;
    // How far to read: enough for maxChars shown characters plus the marks that get dropped.
    const qsizetype scanLimit =
        std::min<qsizetype>(text.size(), maxChars * (kMaxShownMarks + 2) + 1024);
    qsizetype i = 0;
    for (; i < scanLimit && out.size() <= maxChars; ++i) {
        char32_t c = text.at(i).unicode();
        qsizetype width = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            width = 2;
        }
        const auto category = QChar::category(c);
        const bool space = QChar::isSpace(c);
        const bool lineBreak = c == u'\n' || c == 0x2028 || c == 0x2029 || c == u'\r' ||
                               c == 0x0B || c == 0x0C || c == 0x85;
        if (mode == Mode::Block && lineBreak) {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            out.append(u'\n');
            marks = 0;
            continue;
        }
        if (mode == Mode::Line && space) {
            pendingSpace = !out.isEmpty();
            marks = 0;
            i += width - 1;
            continue;
        }
        if ((category == QChar::Other_Control && c != u'\t') ||
            (mode == Mode::Line && isIsolateControl(c))) {
            i += width - 1;
            continue;
        }
        const bool mark = category == QChar::Mark_NonSpacing ||
                          category == QChar::Mark_SpacingCombining ||
                          category == QChar::Mark_Enclosing;
        if (mark && ++marks > kMaxShownMarks) {
            i += width - 1;
            continue;
        }
        if (!mark)
            marks = 0;
        if (pendingSpace) {
            out.append(u' ');
            pendingSpace = false;
        }
        if (width == 2) {
            out.append(text.at(i));
            out.append(text.at(i + 1));
            ++i;
        } else {
            out.append(QChar(char16_t(c)));
        }
    }
    const bool cut = out.size() > maxChars || i < text.size();
    if (wasCut)
        *wasCut = cut;
    if (out.size() > maxChars) {
        out = cutAtBoundary(out, std::max<qsizetype>(maxChars - 1, 0));
        out.append(QChar(0x2026));
    } else if (cut) {
        out.append(QChar(0x2026));
    }
    return out;
}

} // namespace

QString displayCell(QStringView text, qsizetype maxChars) {
    return prepare(text, maxChars, Mode::Line, nullptr);
}

QString displayLine(QStringView text, qsizetype maxChars) {
    const QString line = prepare(text, maxChars, Mode::Line, nullptr);
    if (line.isEmpty())
        return line;
    return QChar(kFsi) + line + QChar(kPdi);
}

QString displayBlock(QStringView text, qsizetype maxChars) {
    bool cut = false;
    QString block = prepare(text, maxChars, Mode::Block, &cut);
    if (cut)
        block += QStringLiteral("\n\n[Shortened for display: the stored text has %1 characters.]")
                     .arg(text.size());
    return block;
}

} // namespace warroom
