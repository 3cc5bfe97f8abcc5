#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Word-level difference between two texts (LCS over tokens), for the reviewer of an edited,
// already approved reply. Words are runs of letters/digits; CJK ideographs, kana and hangul are one
// token per character (no spaces there); whitespace and punctuation are tokens of their own.
// Pure functions, no thread affinity.
namespace warroom {

struct DiffChunk {
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    QString text;
    bool operator==(const DiffChunk &o) const { return kind == o.kind && text == o.text; }
};

class WordDiff final {
public:
    [[nodiscard]] static QStringList tokenize(const QString &text);
    // Adjacent chunks of the same kind are merged. Inputs beyond 4000 tokens each fall back to
    // one removed + one added chunk (a reply is never that long).
    [[nodiscard]] static QList<DiffChunk> diff(const QString &before, const QString &after);
    // HTML with <del>/<ins> (red/green); the texts are escaped, so safe to show.
    [[nodiscard]] static QString toHtml(const QList<DiffChunk> &chunks);
    // "-old +new" one-line summary for the CLI.
    [[nodiscard]] static QString toPlain(const QList<DiffChunk> &chunks);
};

} // namespace warroom
