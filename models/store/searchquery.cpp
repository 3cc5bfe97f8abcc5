#include "searchquery.h"

#include "domain/displaytext.h"

#include <sqlite3.h>

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

namespace {

// One in-memory SQLite connection per thread with empty replicas of the two search indexes and
// an instance of the word index's tokenizer. Keep the definitions in step with searchschema.h.
class FtsProbe {
public:
    FtsProbe() {
        if (sqlite3_open_v2(":memory:", &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                            nullptr) != SQLITE_OK)
            return;
        const char *ddl =
            "CREATE VIRTUAL TABLE words USING fts5(body, tokenize = 'unicode61 remove_diacritics "
            "2', detail = none, content = '', columnsize = 0);"
            "CREATE VIRTUAL TABLE trigrams USING fts5(body, tokenize = 'trigram', detail = none, "
            "content = '', columnsize = 0);";
        if (sqlite3_exec(m_db, ddl, nullptr, nullptr, nullptr) != SQLITE_OK)
            return;
        fts5_api *api = nullptr;
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(m_db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
            sqlite3_bind_pointer(st, 1, static_cast<void *>(&api), "fts5_api_ptr", nullptr);
            sqlite3_step(st);
        }
        sqlite3_finalize(st);
        void *userData = nullptr;
        const char *args[] = {"remove_diacritics", "2"};
        if (api && api->xFindTokenizer(api, "unicode61", &userData, &m_module) == SQLITE_OK &&
            m_module.xCreate(userData, args, 2, &m_tokenizer) != SQLITE_OK)
            m_tokenizer = nullptr;
        m_ready = true;
    }
    ~FtsProbe() {
        if (m_tokenizer)
            m_module.xDelete(m_tokenizer);
        sqlite3_close(m_db);
    }
    FtsProbe(const FtsProbe &) = delete;
    FtsProbe &operator=(const FtsProbe &) = delete;

    QStringList tokens(const QString &term) {
        if (!m_tokenizer)
            return {};
        struct Context {
            const QByteArray *utf8;
            QStringList out;
        };
        const QByteArray utf8 = term.toUtf8();
        Context ctx{&utf8, {}};
        auto onToken = [](void *p, int, const char *, int, int start, int end) -> int {
            auto *c = static_cast<Context *>(p);
            if (start >= 0 && end > start && end <= c->utf8->size())
                c->out.append(QString::fromUtf8(c->utf8->mid(start, end - start)));
            return SQLITE_OK;
        };
        if (m_module.xTokenize(m_tokenizer, &ctx, FTS5_TOKENIZE_QUERY, utf8.constData(),
                               int(utf8.size()), onToken) != SQLITE_OK)
            return {};
        return ctx.out;
    }

    bool valid(FtsIndex index, const QString &expression) {
        if (!m_ready)
            return false;
        const char *sql = index == FtsIndex::Words
                              ? "SELECT rowid FROM words WHERE words MATCH ?1"
                              : "SELECT rowid FROM trigrams WHERE trigrams MATCH ?1";
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(m_db, sql, -1, &st, nullptr) != SQLITE_OK)
            return false;
        const QByteArray utf8 = expression.toUtf8();
        sqlite3_bind_text(st, 1, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
        const int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        return rc == SQLITE_DONE || rc == SQLITE_ROW;
    }

private:
    sqlite3 *m_db = nullptr;
    fts5_tokenizer m_module{};
    Fts5Tokenizer *m_tokenizer = nullptr;
    bool m_ready = false;
};

FtsProbe &probe() {
    thread_local FtsProbe p;
    return p;
}

} // namespace

QStringList wordIndexTokens(const QString &term) {
    return probe().tokens(term);
}

bool isValidMatch(FtsIndex index, const QString &expression) {
    return probe().valid(index, expression);
}

} // namespace warroom
