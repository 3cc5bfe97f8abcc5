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

} // namespace warroom
