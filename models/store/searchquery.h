#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace warroom {

// What a person typed into the search box, made safe. Every input gives a query or a clear
// message, never an SQL or FTS syntax error: terms are always passed as bound, quoted values.
//   words            all must appear (substring match, any script, case-insensitive for Latin)
//   "a phrase"       the exact phrase
//   a OR b           either
//   -word / NOT word must not appear
class SearchQuery final {
public:
    struct Group {
        QStringList terms; // any of these (OR)
    };

    [[nodiscard]] static SearchQuery parse(const QString &input);

    [[nodiscard]] bool isEmpty() const { return m_include.isEmpty() && m_exclude.isEmpty(); }
    // Non-empty when the input cannot be searched (e.g. only quotes); a line for the user.
    [[nodiscard]] QString problem() const { return m_problem; }
    [[nodiscard]] const QList<Group> &include() const { return m_include; }
    [[nodiscard]] const QStringList &exclude() const { return m_exclude; }

private:
    QList<Group> m_include;
    QStringList m_exclude;
    QString m_problem;
};

// The search indexes' own FTS5 tokenizers, asked directly (the same SQLite library, the same
// tokenizer arguments as searchschema.h), so the MATCH expressions built from a term agree with
// the index exactly; tables and the Unicode version of SQLite's tokenizer differ from Qt's.
enum class FtsIndex { Words, Trigrams };

// The spans of `term` that the word index's tokenizer (unicode61 remove_diacritics 2) makes
// tokens of, as written in `term` (not folded). Each span quoted gives one token, never a phrase
// (which the detail=none index refuses): e.g. "ab\uA9C0cd" is "ab" and "cd", because unicode61
// splits at a spacing mark (Mc) and at any mark that is not a Latin diacritic.
[[nodiscard]] QStringList wordIndexTokens(const QString &term);

// Whether `expression` is a MATCH expression the index accepts (tried on an empty replica of
// the index in memory). False also when the replica cannot be made; the caller then scans.
[[nodiscard]] bool isValidMatch(FtsIndex index, const QString &expression);

} // namespace warroom
