#include "worddiff.h"

#include <vector>

namespace warroom {

namespace {

bool isCjk(char32_t c) {
    return (c >= 0x3040 && c <= 0x30FF)       // kana
           || (c >= 0x3400 && c <= 0x4DBF)    // CJK ext A
           || (c >= 0x4E00 && c <= 0x9FFF)    // CJK unified
           || (c >= 0xAC00 && c <= 0xD7AF)    // hangul
           || (c >= 0xF900 && c <= 0xFAFF)    // compatibility ideographs
           || (c >= 0x20000 && c <= 0x2FA1F); // ext B..
}

enum class Cls { Word, Space, Other, Cjk };

Cls classify(char32_t c) {
    if (isCjk(c))
        return Cls::Cjk;
    if (QChar::isSpace(c))
        return Cls::Space;
    if (QChar::isLetterOrNumber(c) || QChar::isMark(c) || c == U'\'' || c == U'’' || c == U'-')
        return Cls::Word;
    return Cls::Other;
}

void push(QList<DiffChunk> &out, DiffChunk::Kind kind, const QString &text) {
    if (!out.isEmpty() && out.last().kind == kind)
        out.last().text += text;
    else
        out.append({kind, text});
}

} // namespace

QStringList WordDiff::tokenize(const QString &text) {
    QStringList tokens;
    QString current;
    Cls currentCls = Cls::Other;
    const QList<uint> cps = text.toUcs4();
    for (uint u : cps) {
        const char32_t c = char32_t(u);
        const Cls cls = classify(c);
        const QString s = QString::fromUcs4(&c, 1);
        const bool joins =
            !current.isEmpty() && cls == currentCls && (cls == Cls::Word || cls == Cls::Space);
        if (joins) {
            current += s;
            continue;
        }
        if (!current.isEmpty())
            tokens.append(current);
        current = s;
        currentCls = cls;
    }
    if (!current.isEmpty())
        tokens.append(current);
    return tokens;
}

QList<DiffChunk> WordDiff::diff(const QString &before, const QString &after) {
    const QStringList a = tokenize(before);
    const QStringList b = tokenize(after);
    QList<DiffChunk> out;
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    if (n > 4000 || m > 4000) {
        if (!before.isEmpty())
            out.append({DiffChunk::Kind::Removed, before});
        if (!after.isEmpty())
            out.append({DiffChunk::Kind::Added, after});
        return out;
    }
    // lcs[i][j]: LCS length of a[i..] and b[j..].
    std::vector<int> lcs(size_t((n + 1) * (m + 1)), 0);
    auto at = [&](qsizetype i, qsizetype j) -> int & {
        return lcs[size_t(i * (m + 1) + j)];
    };
    for (qsizetype i = n - 1; i >= 0; --i) {
        for (qsizetype j = m - 1; j >= 0; --j)
            at(i, j) =
                a.at(i) == b.at(j) ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < n && j < m) {
        if (a.at(i) == b.at(j)) {
            push(out, DiffChunk::Kind::Same, a.at(i));
            ++i;
            ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            push(out, DiffChunk::Kind::Removed, a.at(i++));
        } else {
            push(out, DiffChunk::Kind::Added, b.at(j++));
        }
    }
    while (i < n)
        push(out, DiffChunk::Kind::Removed, a.at(i++));
    while (j < m)
        push(out, DiffChunk::Kind::Added, b.at(j++));
    return out;
}

QString WordDiff::toHtml(const QList<DiffChunk> &chunks) {
    QString html = QStringLiteral("<p style=\"white-space: pre-wrap\">");
    for (const DiffChunk &c : chunks) {
        const QString text = c.text.toHtmlEscaped();
        switch (c.kind) {
        case DiffChunk::Kind::Same:
            html += text;
            break;
        case DiffChunk::Kind::Removed:
            html += QStringLiteral("<del style=\"background:#fdd;color:#900\">%1</del>").arg(text);
            break;
        case DiffChunk::Kind::Added:
            html += QStringLiteral("<ins style=\"background:#dfd;color:#060\">%1</ins>").arg(text);
            break;
        }
    }
    return html + QStringLiteral("</p>");
}

QString WordDiff::toPlain(const QList<DiffChunk> &chunks) {
    QString s;
    for (const DiffChunk &c : chunks) {
        switch (c.kind) {
        case DiffChunk::Kind::Same:
            s += c.text;
            break;
        case DiffChunk::Kind::Removed:
            s += QStringLiteral("[-%1-]").arg(c.text);
            break;
        case DiffChunk::Kind::Added:
            s += QStringLiteral("{+%1+}").arg(c.text);
            break;
        }
    }
    return s;
}

} // namespace warroom
