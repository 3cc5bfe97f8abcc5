#include "searchquery.h"

#include "domain/displaytext.h"

namespace warroom {

namespace {

struct Token {
    QString text;
    bool quoted = false;
    bool negated = false;
};

QList<Token> tokenize(const QString &input) {
    QList<Token> tokens;
    QString s = input.left(1000); // a search box, not a document
    // Control characters (a NUL ends an FTS5 string early) are spaces, as in a search box.
    for (QChar &c : s)
        if (c.category() == QChar::Other_Control)
            c = u' ';
    qsizetype i = 0;
    while (i < s.size()) {
        if (s.at(i).isSpace()) {
            ++i;
            continue;
        }
        Token t;
        if (s.at(i) == u'-' && i + 1 < s.size() && !s.at(i + 1).isSpace()) {
            t.negated = true;
            ++i;
        }
        if (s.at(i) == u'"' || s.at(i) == u'\u201C' || s.at(i) == u'\u300C') {
            const QChar close =
                s.at(i) == u'"' ? u'"' : (s.at(i) == u'\u201C' ? u'\u201D' : u'\u300D');
            ++i;
            const qsizetype end = s.indexOf(close, i);
            const qsizetype stop = end < 0 ? s.size() : end;
            t.text = s.mid(i, stop - i).simplified();
            t.quoted = true;
            i = end < 0 ? s.size() : end + 1;
        } else {
            const qsizetype start = i;
            while (i < s.size() && !s.at(i).isSpace() && s.at(i) != u'"')
                ++i;
            t.text = s.mid(start, i - start);
        }
        if (!t.text.isEmpty())
            tokens.append(t);
    }
    return tokens;
}

} // namespace

SearchQuery SearchQuery::parse(const QString &input) {
    SearchQuery q;
    const QList<Token> tokens = tokenize(input);
    bool pendingOr = false;
    bool pendingNot = false;
    for (const Token &t : tokens) {
        if (!t.quoted && !t.negated && t.text == u"OR") {
            pendingOr = !q.m_include.isEmpty();
            continue;
        }
        if (!t.quoted && !t.negated && (t.text == u"AND"))
            continue;
        if (!t.quoted && !t.negated && t.text == u"NOT") {
            pendingNot = true;
            continue;
        }
        // Stray operator characters of other search syntaxes are text, not syntax.
        QString term = t.text;
        if (!t.quoted) {
            while (!term.isEmpty() && (term.endsWith(u'*') || term.endsWith(u'^')))
                term.chop(1);
            while (!term.isEmpty() && (term.startsWith(u'+') || term.startsWith(u'^')))
                term.remove(0, 1);
        }
        if (term.trimmed().isEmpty())
            continue;
        if (t.negated || pendingNot) {
            q.m_exclude.append(term);
        } else if (pendingOr) {
            q.m_include.last().terms.append(term);
        } else {
            q.m_include.append(Group{{term}});
        }
        pendingOr = false;
        pendingNot = false;
    }
    if (q.isEmpty() && !input.trimmed().isEmpty())
        q.m_problem = QStringLiteral("Nothing to search for in \u201C%1\u201D: type a word or a "
                                     "\"quoted phrase\".")
                          .arg(displayCell(input, 80)); // one line, bounded
    else if (q.m_include.isEmpty() && !q.m_exclude.isEmpty())
        q.m_problem.clear(); // "-spam" alone is fine: everything but spam
    return q;
}

} // namespace warroom
