// Tests for warroom::FeedParser and warroom::parseFeedDate against real feeds
// (../shared/data/feedjira-sample-feeds) and the Universal Feed Parser conformance corpus
// (../shared/data/feedparser-tests), whose files state their expected result as a Python
// expression ("Expect:"). A small evaluator below reads those expressions.

#include "connectors/rss/feeddate.h"
#include "connectors/rss/feedparser.h"
#include "connectors/rss/htmltext.h"
#include "testdata.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QStringEncoder>
#include <QTest>

#include <optional>
#include <variant>

using namespace warroom;

namespace {

QByteArray readFile(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

const QDateTime kIngest(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

FeedParseResult parseSample(const QString &name, const QUrl &url = {}) {
    return FeedParser::parse(
        readFile(test::sharedData(QStringLiteral("feedjira-sample-feeds/") + name)), url, kIngest);
}

// ---------------------------------------------------------------------------------------------
// The "Expect:" oracle: a Python boolean expression over feedparser's result. We evaluate the
// parts that map onto our model (feed/entry title, link, id, dates, description text, bozo,
// encoding) and treat everything else as unknown. "Unknown" is ignored inside and/or, so
// `not bozo and entries[0]['title'] == 'x' and entries[0]['tags'][0]['term'] == 'y'` is judged on
// bozo and title only; a file counts for a category when the expression, with only that
// category's fields known, has a definite value.

enum class Category { Title, Link, Id, Date, Text, NoError, Encoding };

QString categoryName(Category c) {
    switch (c) {
    case Category::Title:
        return QStringLiteral("title");
    case Category::Link:
        return QStringLiteral("link");
    case Category::Id:
        return QStringLiteral("id");
    case Category::Date:
        return QStringLiteral("date");
    case Category::Text:
        return QStringLiteral("text");
    case Category::NoError:
        return QStringLiteral("no-error");
    case Category::Encoding:
        return QStringLiteral("encoding");
    }
    return {};
}

struct Unknown {};
struct Missing {}; // a field we model but the parse did not produce (e.g. no such entry)
using Tuple = QList<qint64>;
struct Field {
    Category category;
    QString text;      // title/text/link/id/encoding
    QDateTime date;    // date
    bool flag = false; // no-error: bozo
};
using Value = std::variant<Unknown, Missing, bool, QString, qint64, Tuple, Field>;

enum class Tri { False, True, Unknown };

Tri tri(bool b) {
    return b ? Tri::True : Tri::False;
}

QString normaliseExpectedText(const QString &expected) {
    return cleanPlainText(expected);
}

bool sameText(const QString &ours, const QString &expected) {
    // feedparser keeps (sanitised) HTML in titles and descriptions where the feed says HTML, and
    // plain text where it says text; our model is plain text. So the expected value matches
    // when it is equal as plain text, or when its HTML rendering is equal.
    return ours == expected || ours == normaliseExpectedText(expected) ||
           ours == htmlToPlainText(expected);
}

bool sameUrl(const QString &ours, const QString &expected) {
    if (ours == expected)
        return true;
    const QUrl a(ours);
    const QUrl b(expected);
    return a.isValid() && b.isValid() && !a.isEmpty() && a == b;
}

class ExpectEvaluator {
public:
    ExpectEvaluator(const QString &expr, const FeedParseResult &result, Category category)
        : m_result(result)
        , m_category(category) {
        tokenize(expr);
    }

    // nullopt when the expression could not be read at all.
    std::optional<Tri> evaluate() {
        m_pos = 0;
        m_failed = false;
        const Tri t = truth(parseOr());
        if (m_failed || m_pos != m_tokens.size())
            return std::nullopt;
        return t;
    }

    [[nodiscard]] bool usesCategory() const { return m_usedCategory; }

private:
    struct Token {
        enum Kind { Name, String, Number, Op, End } kind;
        QString text;
    };

    void tokenize(const QString &s) {
        qsizetype i = 0;
        const qsizetype n = s.size();
        while (i < n) {
            const QChar c = s[i];
            if (c.isSpace()) {
                ++i;
                continue;
            }
            // string literal, with optional u/b/r prefixes
            qsizetype j = i;
            bool raw = false;
            while (j < n &&
                   (s[j] == u'u' || s[j] == u'b' || s[j] == u'r' || s[j] == u'U' || s[j] == u'R') &&
                   j - i < 2) {
                if (s[j] == u'r' || s[j] == u'R')
                    raw = true;
                ++j;
            }
            if (j < n && (s[j] == u'\'' || s[j] == u'"')) {
                const QChar quote = s[j];
                QString value;
                ++j;
                while (j < n && s[j] != quote) {
                    if (s[j] == u'\\' && !raw && j + 1 < n) {
                        const QChar e = s[j + 1];
                        j += 2;
                        auto hex = [&](int len) {
                            const uint cp = s.mid(j, len).toUInt(nullptr, 16);
                            value += QString::fromUcs4(reinterpret_cast<const char32_t *>(&cp), 1);
                            j += len;
                        };
                        if (e == u'n')
                            value += u'\n';
                        else if (e == u't')
                            value += u'\t';
                        else if (e == u'r')
                            value += u'\r';
                        else if (e == u'x')
                            hex(2);
                        else if (e == u'u')
                            hex(4);
                        else if (e == u'U')
                            hex(8);
                        else
                            value += e;
                        continue;
                    }
                    value += s[j++];
                }
                m_tokens.append({Token::String, value});
                i = j + 1;
                continue;
            }
            if (c.isLetter() || c == u'_') {
                j = i;
                while (j < n && (s[j].isLetterOrNumber() || s[j] == u'_'))
                    ++j;
                m_tokens.append({Token::Name, s.mid(i, j - i)});
                i = j;
                continue;
            }
            if (c.isDigit() || (c == u'-' && i + 1 < n && s[i + 1].isDigit() &&
                                (m_tokens.isEmpty() || m_tokens.last().kind == Token::Op))) {
                j = i + 1;
                while (j < n && (s[j].isDigit() || s[j] == u'.'))
                    ++j;
                m_tokens.append({Token::Number, s.mid(i, j - i)});
                i = j;
                continue;
            }
            const QString two = s.mid(i, 2);
            if (two == u"==" || two == u"!=" || two == u"<=" || two == u">=") {
                m_tokens.append({Token::Op, two});
                i += 2;
                continue;
            }
            m_tokens.append({Token::Op, QString(c)});
            ++i;
        }
    }

    const Token &peek() const {
        static const Token end{Token::End, {}};
        return m_pos < m_tokens.size() ? m_tokens[m_pos] : end;
    }
    bool acceptOp(QStringView op) {
        if (peek().kind == Token::Op && peek().text == op) {
            ++m_pos;
            return true;
        }
        return false;
    }
    bool acceptName(QStringView name) {
        if (peek().kind == Token::Name && peek().text == name) {
            ++m_pos;
            return true;
        }
        return false;
    }

    // Values of sub-expressions are either Tri (booleans) or Value.
    using Any = std::variant<Tri, Value>;
    static Tri truth(const Any &a) {
        if (const Tri *t = std::get_if<Tri>(&a))
            return *t;
        const Value &v = std::get<Value>(a);
        if (const bool *b = std::get_if<bool>(&v))
            return tri(*b);
        if (const Field *f = std::get_if<Field>(&v)) {
            if (f->category == Category::NoError)
                return tri(f->flag);
            if (f->category == Category::Date)
                return tri(f->date.isValid());
            return tri(!f->text.isEmpty());
        }
        if (std::holds_alternative<Missing>(v))
            return Tri::False;
        if (const QString *s = std::get_if<QString>(&v))
            return tri(!s->isEmpty());
        if (const qint64 *i = std::get_if<qint64>(&v))
            return tri(*i != 0);
        return Tri::Unknown;
    }

    Any parseOr() {
        Any left = parseAnd();
        while (acceptName(u"or")) {
            const Tri a = truth(left);
            const Tri b = truth(parseAnd());
            if (a == Tri::True || b == Tri::True)
                left = Tri::True;
            else if (a == Tri::False && b == Tri::False)
                left = Tri::False;
            else
                left = Tri::Unknown; // one side false, the other unknown: no verdict
        }
        return left;
    }

    Any parseAnd() {
        Any left = parseNot();
        while (acceptName(u"and")) {
            const Tri a = truth(left);
            const Tri b = truth(parseNot());
            if (a == Tri::False || b == Tri::False)
                left = Tri::False;
            else if (a == Tri::True || b == Tri::True)
                left = Tri::True; // unknown parts are not ours to judge
            else
                left = Tri::Unknown;
        }
        return left;
    }

    Any parseNot() {
        if (acceptName(u"not")) {
            const Tri t = truth(parseNot());
            return t == Tri::Unknown ? Tri::Unknown : tri(t == Tri::False);
        }
        return parseComparison();
    }

    Any parseComparison() {
        Value left = parseSum();
        bool compared = false;
        Tri result = Tri::True;
        while (true) {
            QString op;
            if (acceptOp(u"==") || (m_pos > 0 && false))
                op = QStringLiteral("==");
            else if (acceptOp(u"!="))
                op = QStringLiteral("!=");
            else if (acceptName(u"in"))
                op = QStringLiteral("in");
            else if (peek().kind == Token::Name && peek().text == u"not" &&
                     m_pos + 1 < m_tokens.size() && m_tokens[m_pos + 1].text == u"in") {
                m_pos += 2;
                op = QStringLiteral("not in");
            } else {
                break;
            }
            const Value right = parseSum();
            compared = true;
            Tri t = compare(left, right, op.endsWith(u"in"));
            if (op == u"!=" || op == u"not in")
                t = t == Tri::Unknown ? t : tri(t == Tri::False);
            if (t == Tri::Unknown || result == Tri::Unknown)
                result = (t == Tri::False || result == Tri::False) ? Tri::False : Tri::Unknown;
            else
                result = tri(result == Tri::True && t == Tri::True);
            left = right;
        }
        if (!compared)
            return left;
        return result;
    }

    Tri compare(const Value &a, const Value &b, bool contains) {
        if (std::holds_alternative<Unknown>(a) || std::holds_alternative<Unknown>(b))
            return Tri::Unknown;
        const Field *fa = std::get_if<Field>(&a);
        const Field *fb = std::get_if<Field>(&b);
        if (fa && fb)
            return tri(fa->text == fb->text && fa->date == fb->date);
        if (std::holds_alternative<Missing>(a) || std::holds_alternative<Missing>(b))
            return Tri::False;
        const Field *f = fa ? fa : fb;
        const Value &other = fa ? b : a;
        if (!f) {
            if (const QString *sa = std::get_if<QString>(&a)) {
                if (const QString *sb = std::get_if<QString>(&b))
                    return tri(contains ? sb->contains(*sa) : *sa == *sb);
            }
            if (const qint64 *ia = std::get_if<qint64>(&a)) {
                if (const qint64 *ib = std::get_if<qint64>(&b))
                    return tri(*ia == *ib);
            }
            return Tri::Unknown;
        }
        if (contains) {
            const QString *s = std::get_if<QString>(&other);
            if (!s || !fb)
                return Tri::Unknown;
            return tri(f->text.contains(htmlToPlainText(*s)));
        }
        switch (f->category) {
        case Category::Title:
        case Category::Text:
            if (const QString *s = std::get_if<QString>(&other))
                return tri(sameText(f->text, *s));
            return Tri::Unknown;
        case Category::Link:
            if (const QString *s = std::get_if<QString>(&other))
                return tri(sameUrl(f->text, *s));
            return Tri::Unknown;
        case Category::Id:
            if (const QString *s = std::get_if<QString>(&other))
                return tri(f->text == *s);
            return Tri::Unknown;
        case Category::Encoding:
            if (const QString *s = std::get_if<QString>(&other))
                return tri(f->text.compare(*s, Qt::CaseInsensitive) == 0);
            return Tri::Unknown;
        case Category::Date:
            if (const Tuple *t = std::get_if<Tuple>(&other)) {
                if (t->size() < 6 || !f->date.isValid())
                    return Tri::False;
                const QDateTime d = f->date.toUTC();
                return tri(d.date() == QDate(int(t->at(0)), int(t->at(1)), int(t->at(2))) &&
                           d.time().hour() == t->at(3) && d.time().minute() == t->at(4) &&
                           d.time().second() == t->at(5));
            }
            return Tri::Unknown;
        case Category::NoError:
            return Tri::Unknown;
        }
        return Tri::Unknown;
    }

    Value parseSum() {
        Value v = parsePrimary();
        while (acceptOp(u"+")) {
            const Value r = parsePrimary();
            const QString *a = std::get_if<QString>(&v);
            const QString *b = std::get_if<QString>(&r);
            v = (a && b) ? Value(*a + *b) : Value(Unknown{});
        }
        return v;
    }

    Value parsePrimary() {
        const Token t = peek();
        if (t.kind == Token::End) {
            m_failed = true;
            return Unknown{};
        }
        ++m_pos;
        if (t.kind == Token::String) {
            // adjacent literals concatenate, as in Python
            QString s = t.text;
            while (peek().kind == Token::String)
                s += m_tokens[m_pos++].text;
            return s;
        }
        if (t.kind == Token::Number)
            return t.text.contains(u'.') ? Value(Unknown{}) : Value(t.text.toLongLong());
        if (t.kind == Token::Op && t.text == u"(") {
            // a tuple of numbers, or a parenthesised expression
            const qsizetype save = m_pos;
            Tuple tuple;
            bool isTuple = true;
            while (peek().kind == Token::Number) {
                tuple.append(m_tokens[m_pos++].text.toLongLong());
                if (!acceptOp(u","))
                    break;
            }
            if (acceptOp(u")") && !tuple.isEmpty())
                return tuple;
            isTuple = false;
            m_pos = save;
            const Any inner = parseOr();
            if (!acceptOp(u")"))
                m_failed = true;
            Q_UNUSED(isTuple)
            if (const Value *v = std::get_if<Value>(&inner))
                return *v;
            const Tri tr = std::get<Tri>(inner);
            return tr == Tri::Unknown ? Value(Unknown{}) : Value(tr == Tri::True);
        }
        if (t.kind == Token::Op && (t.text == u"[" || t.text == u"{")) {
            // a list or dict literal: not modelled
            const QString open = t.text;
            const QString close = open == u"[" ? QStringLiteral("]") : QStringLiteral("}");
            int depth = 1;
            while (depth > 0 && peek().kind != Token::End) {
                if (peek().kind == Token::Op && peek().text == open)
                    ++depth;
                else if (peek().kind == Token::Op && peek().text == close)
                    --depth;
                ++m_pos;
            }
            return Unknown{};
        }
        if (t.kind != Token::Name) {
            m_failed = true;
            return Unknown{};
        }
        if (t.text == u"True")
            return true;
        if (t.text == u"False")
            return false;
        if (t.text == u"None")
            return Missing{};
        // a path: name ( [key] | .attr | (args) )*
        QStringList path{t.text};
        bool call = false;
        while (true) {
            if (acceptOp(u"[")) {
                const Token k = peek();
                if (k.kind == Token::String || k.kind == Token::Number)
                    path.append(k.text);
                else
                    path.append(QStringLiteral("?"));
                ++m_pos;
                if (!acceptOp(u"]")) {
                    m_failed = true;
                    return Unknown{};
                }
            } else if (acceptOp(u".")) {
                if (peek().kind != Token::Name) {
                    m_failed = true;
                    return Unknown{};
                }
                path.append(m_tokens[m_pos++].text);
            } else if (acceptOp(u"(")) {
                call = true;
                int depth = 1;
                while (depth > 0 && peek().kind != Token::End) {
                    if (peek().text == u"(")
                        ++depth;
                    else if (peek().text == u")")
                        --depth;
                    ++m_pos;
                }
            } else {
                break;
            }
        }
        if (call)
            return Unknown{};
        return lookup(path);
    }

    Value field(Category c, const QString &text, const QDateTime &date = {}, bool flag = false) {
        if (c != m_category)
            return Unknown{};
        m_usedCategory = true;
        return Field{c, text, date, flag};
    }

    Value lookup(const QStringList &path) {
        const QString head = path.value(0);
        if (head == u"bozo" && path.size() == 1)
            return field(Category::NoError, {}, {}, !m_result.error.isEmpty());
        if (head == u"encoding" && path.size() == 1)
            return field(Category::Encoding, m_result.encoding);
        auto key = [&](int i) {
            return path.value(i);
        };
        if (head == u"feed" && path.size() >= 2) {
            const QString k = key(1);
            const bool value = path.size() == 2 || (path.size() == 3 && key(2) == u"value");
            if ((k == u"title" && path.size() == 2) || (k == u"title_detail" && value))
                return field(Category::Title, m_result.title);
            if (k == u"link" && path.size() == 2)
                return field(Category::Link, m_result.link);
            if ((k == u"id" || k == u"guid") && path.size() == 2)
                return field(Category::Id, m_result.id);
            if (k == u"updated_parsed" && path.size() == 2)
                return field(Category::Date, {}, m_result.updated);
            if (k == u"published_parsed" && path.size() == 2)
                return field(Category::Date, {}, m_result.published);
            return Unknown{};
        }
        if (head == u"entries" && path.size() >= 3) {
            bool ok = false;
            const int index = key(1).toInt(&ok);
            if (!ok)
                return Unknown{};
            const QString k = key(2);
            const bool plainKey = path.size() == 3;
            const bool detailValue = path.size() == 4 && key(3) == u"value";
            const bool contentValue =
                path.size() == 5 && k == u"content" && key(3) == u"0" && key(4) == u"value";
            Category c;
            if ((k == u"title" && plainKey) || (k == u"title_detail" && detailValue))
                c = Category::Title;
            else if (k == u"link" && plainKey)
                c = Category::Link;
            else if ((k == u"id" || k == u"guid") && plainKey)
                c = Category::Id;
            else if ((k == u"updated_parsed" || k == u"published_parsed") && plainKey)
                c = Category::Date;
            else if (((k == u"description" || k == u"summary") && plainKey) ||
                     (k == u"summary_detail" && detailValue) || contentValue)
                c = Category::Text;
            else
                return Unknown{};
            if (c != m_category)
                return Unknown{};
            m_usedCategory = true;
            if (index < 0 || index >= m_result.items.size())
                return Missing{};
            const FeedItem &item = m_result.items.at(index);
            switch (c) {
            case Category::Title:
                return Field{c, item.mention.title, {}, false};
            case Category::Link:
                return Field{c, item.mention.url, {}, false};
            case Category::Id:
                return Field{c, item.idFromFeed ? item.mention.sourceId : QString(), {}, false};
            case Category::Date:
                return Field{c, {}, k == u"updated_parsed" ? item.updated : item.published, false};
            case Category::Text:
                return Field{c, item.mention.text, {}, false};
            default:
                return Unknown{};
            }
        }
        return Unknown{};
    }

    const FeedParseResult &m_result;
    Category m_category;
    QList<Token> m_tokens;
    qsizetype m_pos = 0;
    bool m_failed = false;
    bool m_usedCategory = false;
};

struct CorpusFile {
    QString path;
    QString relative;
    QString expect;
    QString contentType;
    QUrl url;
};

// Reads the "Description/Expect/Header" comment that starts most corpus files.
CorpusFile readCorpusFile(const QString &root, const QString &path) {
    CorpusFile f;
    f.path = path;
    f.relative = QDir(root).relativeFilePath(path);
    const QString head = QString::fromLatin1(readFile(path).left(4096));
    static const QRegularExpression expectRe(QStringLiteral(R"(Expect:\s*(.*?)\s*(?:-->|\n|$))"));
    const QRegularExpressionMatch m = expectRe.match(head);
    if (m.hasMatch())
        f.expect = m.captured(1).trimmed();
    // feedparser serves files with HTTP headers from a local server; its URL is the document
    // URI and a Content-Location header moves the base (as the network connector will do).
    const bool http = QFileInfo(path).fileName().startsWith(u"http_") || head.contains(u"Header:");
    if (http) {
        f.url = QUrl(QStringLiteral("http://127.0.0.1:8097/tests/") + f.relative);
        static const QRegularExpression headerRe(QStringLiteral(R"(Header:\s*([^:\n]+):\s*(.*))"));
        auto it = headerRe.globalMatch(head);
        while (it.hasNext()) {
            const QRegularExpressionMatch h = it.next();
            const QString name = h.captured(1).trimmed().toLower();
            const QString value = h.captured(2).trimmed();
            if (name == u"content-location") {
                const QUrl loc = f.url.resolved(QUrl(value));
                if (loc.scheme() == u"http" || loc.scheme() == u"https")
                    f.url = loc;
            } else if (name == u"content-type") {
                f.contentType = value;
            }
        }
    }
    return f;
}

QStringList corpusFiles(const QString &dir) {
    QStringList files;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

struct Tally {
    int evaluated = 0;
    int met = 0;
    QStringList failures;
};

// Runs every Expect of a corpus folder through the evaluator, per category.
QMap<Category, Tally> runConformance(const QString &root, int *unreadable = nullptr) {
    QMap<Category, Tally> tallies;
    int bad = 0;
    const Category categories[] = {Category::Title,   Category::Link, Category::Id,
                                   Category::Date,    Category::Text, Category::NoError,
                                   Category::Encoding};
    for (const QString &path : corpusFiles(root)) {
        const CorpusFile file = readCorpusFile(root, path);
        if (file.expect.isEmpty())
            continue;
        const FeedParseResult result = FeedParser::parse(
            readFile(path), file.url, QDateTime::currentDateTimeUtc(), file.contentType.toLatin1());
        for (Category c : categories) {
            ExpectEvaluator eval(file.expect, result, c);
            const std::optional<Tri> verdict = eval.evaluate();
            if (!verdict) {
                if (c == Category::Title)
                    ++bad;
                break;
            }
            if (!eval.usesCategory() || *verdict == Tri::Unknown)
                continue;
            Tally &t = tallies[c];
            ++t.evaluated;
            if (*verdict == Tri::True)
                ++t.met;
            else
                t.failures.append(file.relative + QStringLiteral("  |  ") + file.expect.left(160));
        }
    }
    if (unreadable)
        *unreadable = bad;
    return tallies;
}

} // namespace

class TestFeedParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dates_data();
    void dates();
    void techCrunch();
    void googleAlerts();
    void jsonFeed();
    void rdf();
    void invalidDateFormat();
    void brokenDateIsFlagged();
    void identityFallbacks();
    void linksAreResolvedAndSafe();
    void textAndTitleAreSanitised();
    void atomTextTypes();
    void encodings();
    void undeclaredPrefixes();
    void boundedItems();
    void malformedInput();
    void allSampleFeeds();
    void conformance();
    void illformedCorpus();
    void entitiesCorpus();
    void encodingCorpus();
    void expectEvaluatorCanFail();
};

void TestFeedParser::dates_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");
    auto utc = [](int y, int mo, int d, int h, int mi, int s, int ms = 0) {
        return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
    };
    QTest::newRow("rfc822 gmt") << "Sat, 07 Sep 2002 00:00:01 GMT" << utc(2002, 9, 7, 0, 0, 1);
    QTest::newRow("rfc822 numeric")
        << "Mon, 16 Oct 2017 15:10:00 +0000" << utc(2017, 10, 16, 15, 10, 0);
    QTest::newRow("rfc822 -0800") << "Thu, 01 Jan 2004 11:48:21 -0800"
                                  << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("rfc822 EST") << "Thu, 01 Jan 2004 14:48:21 EST" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("rfc822 EDT") << "Wed, 02 Jul 2003 10:00:00 EDT" << utc(2003, 7, 2, 14, 0, 0);
    QTest::newRow("rfc822 CST") << "Thu, 01 Jan 2004 13:48:21 CST" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("rfc822 CDT") << "Wed, 02 Jul 2003 09:00:00 CDT" << utc(2003, 7, 2, 14, 0, 0);
    QTest::newRow("rfc822 MST") << "Thu, 01 Jan 2004 12:48:21 MST" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("rfc822 MDT") << "Wed, 02 Jul 2003 08:00:00 MDT" << utc(2003, 7, 2, 14, 0, 0);
    QTest::newRow("rfc822 PST") << "Thu, 01 Jan 2004 11:48:21 PST" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("rfc822 PDT") << "Wed, 02 Jul 2003 07:00:00 PDT" << utc(2003, 7, 2, 14, 0, 0);
    QTest::newRow("rfc822 UT") << "Thu, 01 Jan 2004 19:48:21 UT" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("rfc822 Z") << "Thu, 01 Jan 2004 19:48:21 Z" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("military A=-1") << "Thu, 01 Jan 2004 18:48:21 A" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("military N=+1") << "Thu, 01 Jan 2004 20:48:21 N" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("2-digit year") << "Thu, 01 Jan 04 19:48:21 GMT" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("2-digit year 19xx")
        << "Fri, 31 Dec 99 23:00:00 GMT" << utc(1999, 12, 31, 23, 0, 0);
    QTest::newRow("no weekday") << "01 Jan 2004 19:48:21 GMT" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("no seconds") << "Thu, 01 Jan 2004 19:48 GMT" << utc(2004, 1, 1, 19, 48, 0);
    QTest::newRow("single-digit day")
        << "Sun, 4 Jan 2004 16:29:06 +0100" << utc(2004, 1, 4, 15, 29, 6);
    QTest::newRow("no zone = UTC") << "Thu, 01 Jan 2004 19:48:21" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("+hh:mm") << "Thu, 01 Jan 2004 21:48:21 +02:00" << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("full month") << "Thursday, 01 January 2004 19:48:21 GMT"
                                << utc(2004, 1, 1, 19, 48, 21);
    QTest::newRow("asctime") << "Sun Jan  4 16:29:06 2004" << utc(2004, 1, 4, 16, 29, 6);
    QTest::newRow("rfc3339 Z") << "2003-12-31T10:14:55Z" << utc(2003, 12, 31, 10, 14, 55);
    QTest::newRow("rfc3339 offset") << "2003-12-31T10:14:55-08:00" << utc(2003, 12, 31, 18, 14, 55);
    QTest::newRow("rfc3339 fraction")
        << "2003-12-31T10:14:55.123+01:00" << utc(2003, 12, 31, 9, 14, 55, 123);
    QTest::newRow("rfc3339 lowercase") << "2003-12-31t10:14:55z" << utc(2003, 12, 31, 10, 14, 55);
    QTest::newRow("iso space") << "2003-12-31 10:14:55" << utc(2003, 12, 31, 10, 14, 55);
    QTest::newRow("w3cdtf minutes") << "2003-12-31T10:14+02:00" << utc(2003, 12, 31, 8, 14, 0);
    QTest::newRow("w3cdtf date") << "2003-12-31" << utc(2003, 12, 31, 0, 0, 0);
    QTest::newRow("w3cdtf month") << "2003-12" << utc(2003, 12, 1, 0, 0, 0);
    QTest::newRow("w3cdtf year") << "2003" << utc(2003, 1, 1, 0, 0, 0);
    QTest::newRow("compact iso") << "20031231T101455Z" << utc(2003, 12, 31, 10, 14, 55);
    QTest::newRow("offset crossing day")
        << "2004-01-01T01:00:00+05:00" << utc(2003, 12, 31, 20, 0, 0);
    QTest::newRow("garbage") << "yesterday" << QDateTime();
    QTest::newRow("unix seconds") << "1518478934" << QDateTime();
    QTest::newRow("bad month") << "Thu, 01 Foo 2004 19:48:21 GMT" << QDateTime();
    QTest::newRow("bad day") << "2004-02-30T00:00:00Z" << QDateTime();
    QTest::newRow("bad hour") << "2004-01-01T25:00:00Z" << QDateTime();
    QTest::newRow("bad zone") << "Thu, 01 Jan 2004 19:48:21 XYZ" << QDateTime();
    QTest::newRow("empty") << "" << QDateTime();
}

void TestFeedParser::dates() {
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const QDateTime got = parseFeedDate(text);
    QCOMPARE(got.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(got, expected);
        QCOMPARE(got.timeSpec(), Qt::UTC);
    }
}

void TestFeedParser::techCrunch() {
    const FeedParseResult r =
        parseSample(QStringLiteral("TechCrunch.xml"),
                    QUrl(QStringLiteral("http://feeds.feedburner.com/TechCrunch")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.format, FeedFormat::Rss);
    QCOMPARE(r.version, QStringLiteral("2.0"));
    QCOMPARE(r.title, QStringLiteral("TechCrunch"));
    QCOMPARE(r.link, QStringLiteral("http://techcrunch.com"));
    QCOMPARE(r.language, QStringLiteral("en"));
    QCOMPARE(r.items.size(), 20);
    const Mention &first = r.items.first().mention;
    QCOMPARE(first.source, QStringLiteral("rss"));
    QCOMPARE(first.sourceId, QStringLiteral("http://techcrunch.com/?p=446154"));
    QVERIFY(r.items.first().idFromFeed);
    QCOMPARE(
        first.title,
        QStringLiteral("Angie\u2019s List Sets Price Range IPO At $11 To $13 Per Share; Valued "
                       "At Over $600M"));
    QCOMPARE(first.url,
             QStringLiteral("http://feedproxy.google.com/~r/Techcrunch/~3/kTeeGj4FnwU/"));
    QCOMPARE(first.authorName, QStringLiteral("Leena Rao"));
    // <pubDate>Wed, 02 Nov 2011 17:25:27 +0000</pubDate>
    QCOMPARE(first.createdAt, QDateTime(QDate(2011, 11, 2), QTime(17, 25, 27), Qt::UTC));
    QVERIFY(!first.timeEstimated);
    QCOMPARE(first.ingestedAt, kIngest);
    QVERIFY(first.text.startsWith(u"Angie\u2019s List, which offers consumers a way to review"));
    QVERIFY(!first.text.contains(u'<'));
    QVERIFY(!first.text.contains(QStringLiteral("&amp;")));
    for (const FeedItem &item : r.items) {
        QVERIFY(!item.dateMissingOrBroken);
        QVERIFY(!item.mention.title.isEmpty());
        QVERIFY(item.mention.url.startsWith(u"http://feedproxy.google.com/"));
        for (const QUrl &u : item.links)
            QVERIFY(u.scheme() == u"http" || u.scheme() == u"https");
    }
    // Last item: <pubDate>Wed, 02 Nov 2011 12:34:07 +0000</pubDate>
    QCOMPARE(r.items.last().mention.createdAt,
             QDateTime(QDate(2011, 11, 2), QTime(12, 34, 7), Qt::UTC));
}

void TestFeedParser::googleAlerts() {
    const FeedParseResult r =
        parseSample(QStringLiteral("google_alerts_atom.xml"),
                    QUrl(QStringLiteral("https://www.google.com/alerts/feeds/04175468913983673025/"
                                        "4428013283581841004")));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.format, FeedFormat::Atom);
    QCOMPARE(r.title, QStringLiteral("Google Alert - Slack"));
    QCOMPARE(r.items.size(), 20);
    const Mention &first = r.items.first().mention;
    QCOMPARE(first.sourceId,
             QStringLiteral("tag:google.com,2013:googlealerts/feed:8974135267215335962"));
    QCOMPARE(first.title, QStringLiteral("Report offers Prediction of Automotive Slack Market by "
                                         "Top key players like Haldex, Meritor, Bendix ..."));
    QCOMPARE(first.url, QStringLiteral("https://www.aglobalmarketresearch.com/report-offers-"
                                       "prediction-of-automotive-slack-market-by-top-key-players-"
                                       "like-haldex-meritor-bendix-mei-wabco-accuride-stemco-tbk-"
                                       "febi-aydinsan/"));
    // &amp;nbsp; in the escaped HTML is a no-break space, shown as a space.
    QCOMPARE(first.text, QStringLiteral("Automotive Slack Market reports provides a comprehensive "
                                        "overview of the global market size and share. It "
                                        "provides strategists, marketers and senior ..."));
    QCOMPARE(first.createdAt, QDateTime(QDate(2019, 7, 10), QTime(11, 53, 37), Qt::UTC));
    QVERIFY(first.authorName.isEmpty()); // <author><name></name></author>
    for (const FeedItem &item : r.items) {
        QVERIFY2(!item.mention.url.contains(u"google.com/url"), qPrintable(item.mention.url));
        QVERIFY(item.mention.url.startsWith(u"http"));
        QVERIFY(!item.mention.title.contains(u'<'));
        QVERIFY(!item.mention.title.contains(QStringLiteral("&lt;")));
        QVERIFY(!item.mention.text.contains(u'<'));
        QVERIFY(!item.dateMissingOrBroken);
    }
    QCOMPARE(r.items.at(1).mention.url,
             QStringLiteral("https://investorplace.com/2019/07/slack-stock-truly-compelling/"));
}

void TestFeedParser::jsonFeed() {
    const FeedParseResult r = parseSample(QStringLiteral("json_feed.json"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.format, FeedFormat::JsonFeed);
    QCOMPARE(r.title, QStringLiteral("inessential.com"));
    QCOMPARE(r.link, QStringLiteral("http://inessential.com/"));
    QCOMPARE(r.items.size(), 20);
    const FeedItem &first = r.items.first();
    QCOMPARE(first.mention.sourceId,
             QStringLiteral(
                 "http://inessential.com/2017/06/02/james_dempsey_and_the_breakpoints_benefi"));
    QCOMPARE(first.mention.title,
             QStringLiteral("James Dempsey and the Breakpoints Benefit App Camp for Girls"));
    QCOMPARE(first.mention.authorName, QStringLiteral("Brent Simmons"));
    // "date_published": "2017-06-02T22:05:47-07:00"
    QCOMPARE(first.mention.createdAt, QDateTime(QDate(2017, 6, 3), QTime(5, 5, 47), Qt::UTC));
    QVERIFY(first.mention.text.startsWith(u"On Wednesday night I know where I\u2019ll be"));
    QVERIFY(!first.mention.text.contains(u'<'));
    QVERIFY(!first.links.isEmpty());

    const FeedParseResult escaped = parseSample(QStringLiteral("json_feed_with_escaped_uris.json"));
    QVERIFY2(escaped.ok(), qPrintable(escaped.error));
    QCOMPARE(escaped.items.size(), 30);

    // The corpus' JSON example: two items, one with a <script> that must not reach the text.
    const FeedParseResult example = FeedParser::parse(
        readFile(test::sharedData(QStringLiteral("feedparser-tests/json/example.json"))), {},
        kIngest);
    QVERIFY(example.ok());
    QCOMPARE(example.title, QStringLiteral("My Example Feed"));
    QCOMPARE(example.items.size(), 2);
    QCOMPARE(example.items.at(1).mention.text, QStringLiteral("Hello, world!"));
    QCOMPARE(example.items.at(1).mention.authorName, QStringLiteral("you"));
    QCOMPARE(example.items.at(0).mention.authorName, QStringLiteral("me")); // feed author
    QVERIFY(example.items.at(0).dateMissingOrBroken);
}

void TestFeedParser::rdf() {
    const FeedParseResult r = parseSample(QStringLiteral("HREFConsideredHarmful.xml"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.format, FeedFormat::Rdf);
    QCOMPARE(r.title, QStringLiteral("HREF Considered Harmful"));
    QCOMPARE(r.link, QStringLiteral("http://www.avibryant.com/"));
    QCOMPARE(r.items.size(), 10);
    const FeedItem &first = r.items.first();
    // <item rdf:about="http://www.avibryant.com/2008/09/chrome-v8-and-s.html">
    QCOMPARE(first.mention.sourceId,
             QStringLiteral("http://www.avibryant.com/2008/09/chrome-v8-and-s.html"));
    QVERIFY(first.idFromFeed);
    QCOMPARE(first.mention.title, QStringLiteral("Chrome, V8 and Strongtalk"));
    QCOMPARE(first.mention.authorName, QStringLiteral("Avi")); // dc:creator
    // <dc:date>2008-09-02T14:50:07-05:00</dc:date>
    QCOMPARE(first.mention.createdAt, QDateTime(QDate(2008, 9, 2), QTime(19, 50, 7), Qt::UTC));
    QCOMPARE(first.mention.language, QStringLiteral("en"));
    QVERIFY(first.mention.text.startsWith(u"There's lots to like about Google's new web browser"));
}

void TestFeedParser::invalidDateFormat() {
    // Item 0 has a valid pubDate and an unparseable dc:date ("1518478934"); the file also lacks
    // its closing </rss>, which is reported while both items are kept.
    const FeedParseResult r = parseSample(QStringLiteral("InvalidDateFormat.xml"));
    QVERIFY(!r.ok());
    QVERIFY2(r.error.contains(u"truncated"), qPrintable(r.error));
    QCOMPARE(r.items.size(), 2);
    const FeedItem &item0 = r.items.at(0);
    QCOMPARE(item0.mention.title, QStringLiteral("Item 0 with an invalid date"));
    QCOMPARE(item0.brokenDate, QStringLiteral("1518478934"));
    QVERIFY(!item0.dateMissingOrBroken);
    QCOMPARE(item0.mention.createdAt, QDateTime(QDate(2017, 10, 16), QTime(15, 10), Qt::UTC));
    QVERIFY(!item0.mention.timeEstimated);
    const FeedItem &item1 = r.items.at(1);
    QVERIFY(item1.brokenDate.isEmpty());
    QCOMPARE(item1.mention.createdAt, QDateTime(QDate(2017, 10, 17), QTime(12, 17), Qt::UTC));
    QCOMPARE(item1.updated, QDateTime(QDate(2017, 10, 17), QTime(22, 17), Qt::UTC));
}

void TestFeedParser::brokenDateIsFlagged() {
    const QByteArray feed = R"XML(<rss version="2.0"><channel><title>t</title>
<item><title>broken</title><link>http://example.com/a</link><pubDate>Someday soon</pubDate></item>
<item><title>missing</title><link>http://example.com/b</link></item>
<item><title>future</title><link>http://example.com/c</link><pubDate>Sat, 01 Jan 2100 00:00:00 GMT</pubDate></item>
<item><title>fine</title><link>http://example.com/d</link><pubDate>Sun, 01 Mar 2026 11:00:00 GMT</pubDate></item>
</channel></rss>)XML";
    const FeedParseResult r = FeedParser::parse(feed, {}, kIngest);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.items.size(), 4);
    for (int i = 0; i < 3; ++i) {
        const FeedItem &item = r.items.at(i);
        QVERIFY2(item.dateMissingOrBroken, qPrintable(item.mention.title));
        QVERIFY(item.mention.timeEstimated);
        QCOMPARE(item.mention.createdAt, kIngest);
    }
    QCOMPARE(r.items.at(0).brokenDate, QStringLiteral("Someday soon"));
    QVERIFY(r.items.at(1).brokenDate.isEmpty());
    QVERIFY(!r.items.at(3).dateMissingOrBroken);
    QCOMPARE(r.items.at(3).mention.createdAt, QDateTime(QDate(2026, 3, 1), QTime(11, 0), Qt::UTC));
}

void TestFeedParser::identityFallbacks() {
    const QByteArray feed = R"XML(<rss version="2.0"><channel>
<item><guid isPermaLink="false">abc-1</guid><title>guid</title><link>http://example.com/1</link></item>
<item><title>link only</title><link>http://example.com/2</link></item>
<item><title>nothing but title</title><pubDate>Sun, 01 Mar 2026 10:00:00 GMT</pubDate></item>
<item><guid>http://example.com/permalink</guid><title>permalink guid</title></item>
</channel></rss>)XML";
    const FeedParseResult r = FeedParser::parse(feed, {}, kIngest);
    QVERIFY(r.ok());
    QCOMPARE(r.items.size(), 4);
    QCOMPARE(r.items.at(0).mention.sourceId, QStringLiteral("abc-1"));
    QCOMPARE(r.items.at(0).mention.url, QStringLiteral("http://example.com/1"));
    QCOMPARE(r.items.at(1).mention.sourceId, QStringLiteral("http://example.com/2"));
    QVERIFY(!r.items.at(1).idFromFeed);
    const QString hashed = r.items.at(2).mention.sourceId;
    QVERIFY(hashed.startsWith(u"sha256:"));
    QVERIFY(r.items.at(2).mention.url.isEmpty());
    // Stable: the same item parsed again (at another time) gets the same identity.
    const FeedParseResult again = FeedParser::parse(feed, {}, kIngest.addDays(3));
    QCOMPARE(again.items.at(2).mention.sourceId, hashed);
    // ... and a different title gives a different one.
    QByteArray changed = feed;
    changed.replace("nothing but title", "another title");
    QVERIFY(FeedParser::parse(changed, {}, kIngest).items.at(2).mention.sourceId != hashed);
    QCOMPARE(r.items.at(3).mention.url, QStringLiteral("http://example.com/permalink"));
}

void TestFeedParser::linksAreResolvedAndSafe() {
    const QByteArray feed = R"XML(<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/blog/">
 <title>t</title><link href="/"/>
 <entry><id>1</id><title>relative</title><link href="posts/1"/></entry>
 <entry xml:base="http://other.example/x/"><id>2</id><title>entry base</title><link href="2"/></entry>
 <entry><id>3</id><title>js</title><link href="javascript:alert(1)"/></entry>
 <entry><id>4</id><title>data</title><link href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"/></entry>
 <entry><id>5</id><title>google</title>
  <link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://news.example/story%3Fid%3D7&amp;ct=ga"/></entry>
 <entry><id>6</id><title>self only</title><link rel="self" href="http://example.org/self"/>
  <content type="html">&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt; &lt;a href="/ok"&gt;ok&lt;/a&gt;</content></entry></feed>)XML";
    const FeedParseResult r =
        FeedParser::parse(feed, QUrl(QStringLiteral("https://feeds.example/atom")), kIngest);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.link, QStringLiteral("http://example.org/"));
    QCOMPARE(r.items.size(), 6);
    QCOMPARE(r.items.at(0).mention.url, QStringLiteral("http://example.org/blog/posts/1"));
    QCOMPARE(r.items.at(1).mention.url, QStringLiteral("http://other.example/x/2"));
    QCOMPARE(r.items.at(2).mention.url, QString());
    QCOMPARE(r.items.at(3).mention.url, QString());
    QCOMPARE(r.items.at(4).mention.url, QStringLiteral("https://news.example/story?id=7"));
    QCOMPARE(r.items.at(5).mention.url, QString()); // rel="self" is not the article
    QCOMPARE(r.items.at(5).links, QList<QUrl>{QUrl(QStringLiteral("http://example.org/ok"))});
    QCOMPARE(r.items.at(5).mention.text, QStringLiteral("x ok"));
}

void TestFeedParser::textAndTitleAreSanitised() {
    const QByteArray feed =
        "<rss version=\"2.0\"><channel><title>A &amp;amp; B</title><item>"
        "<title>&lt;b&gt;Bold&lt;/b&gt; \xE2\x80\xAEreversed\xE2\x80\xAC</title>"
        "<description>&lt;p&gt;One&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        "&lt;style&gt;p{}&lt;/style&gt;&lt;!-- secret --&gt;&lt;p&gt;Two&amp;nbsp;"
        "&amp;amp; &amp;#x263A; &amp;bogus;&lt;/p&gt;</description>"
        "<dc:creator xmlns:dc=\"http://purl.org/dc/elements/1.1/\">Jane</dc:creator>"
        "</item></channel></rss>";
    const FeedParseResult r = FeedParser::parse(feed, {}, kIngest);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.title, QStringLiteral("A & B"));
    QCOMPARE(r.items.size(), 1);
    const Mention &m = r.items.first().mention;
    QCOMPARE(m.title, QStringLiteral("Bold reversed"));
    QCOMPARE(m.text, QStringLiteral("One\nTwo & \u263A &bogus;"));
    QCOMPARE(m.authorName, QStringLiteral("Jane"));
}

void TestFeedParser::atomTextTypes() {
    const QByteArray feed = R"XML(<feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>1</id><title type="text">History of the &lt;blink&gt; tag</title></entry>
<entry><id>2</id><title type="html">History of the &lt;blink&gt; tag</title></entry>
<entry><id>3</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Example <b>Atom</b> &lt;3</div></title>
 <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Para 1</p><p>Para <a href="http://example.com/">2</a></p></div></content>
 <summary>ignored when content exists</summary></entry>
<entry><id>4</id><title type="application/octet-stream">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title><summary>only summary</summary></entry></feed>)XML";
    const FeedParseResult r = FeedParser::parse(feed, {}, kIngest);
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.items.size(), 4);
    QCOMPARE(r.items.at(0).mention.title, QStringLiteral("History of the <blink> tag"));
    QCOMPARE(r.items.at(1).mention.title, QStringLiteral("History of the tag"));
    QCOMPARE(r.items.at(2).mention.title, QStringLiteral("Example Atom <3"));
    QCOMPARE(r.items.at(2).mention.text, QStringLiteral("Para 1\nPara 2"));
    QCOMPARE(r.items.at(2).links, QList<QUrl>{QUrl(QStringLiteral("http://example.com/"))});
    QCOMPARE(r.items.at(3).mention.title, QStringLiteral("Example Atom"));
    QCOMPARE(r.items.at(3).mention.text, QStringLiteral("only summary"));
}

void TestFeedParser::encodings() {
    const QString title = QStringLiteral("Caf\u00E9 \u201Cquoted\u201D \u20AC");
    const QByteArray rssUtf8 = QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss "
                                                 "version=\"2.0\"><channel><item><title>") +
                               title.toUtf8() +
                               QByteArrayLiteral("</title></item></channel></rss>");
    // UTF-8 with BOM
    {
        const FeedParseResult r =
            FeedParser::parse(QByteArray("\xEF\xBB\xBF") + rssUtf8, {}, kIngest);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.items.value(0).mention.title, title);
    }
    // UTF-16 LE and BE with BOM (the declaration still says UTF-8: the BOM wins)
    for (const auto &[name, bom] : {std::pair{"utf-16le", QByteArray("\xFF\xFE", 2)},
                                    std::pair{"utf-16be", QByteArray("\xFE\xFF", 2)}}) {
        QStringEncoder enc(name);
        QString doc = QString::fromUtf8(rssUtf8);
        doc.replace(QStringLiteral("UTF-8"), QStringLiteral("UTF-16"));
        const QByteArray body = bom + QByteArray(enc.encode(doc));
        const FeedParseResult r = FeedParser::parse(body, {}, kIngest);
        QVERIFY2(r.ok(), qPrintable(name + QStringLiteral(": ") + r.error));
        QCOMPARE(r.encoding, QString::fromLatin1(name));
        QCOMPARE(r.items.value(0).mention.title, title);
    }
    // Windows-1252 declared, and ISO-8859-1 declared with 0x80-0x9F bytes (read as 1252).
    for (const char *label : {"windows-1252", "ISO-8859-1"}) {
        QStringEncoder enc("windows-1252");
        QString doc = QString::fromUtf8(rssUtf8);
        doc.replace(QStringLiteral("UTF-8"), QString::fromLatin1(label));
        const FeedParseResult r = FeedParser::parse(enc.encode(doc), {}, kIngest);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.items.value(0).mention.title, title);
    }
    // The HTTP charset wins over the declaration.
    {
        QStringEncoder enc("windows-1252");
        const FeedParseResult r =
            FeedParser::parse(enc.encode(QString::fromUtf8(rssUtf8)), {}, kIngest,
                              "application/rss+xml; charset=windows-1252");
        QCOMPARE(r.items.value(0).mention.title, title);
        QCOMPARE(r.encoding, QStringLiteral("windows-1252"));
    }
    // Mislabelled: says UTF-8, is Windows-1252. Read anyway, and say so.
    {
        QStringEncoder enc("windows-1252");
        const FeedParseResult r =
            FeedParser::parse(enc.encode(QString::fromUtf8(rssUtf8)), {}, kIngest);
        QCOMPARE(r.items.value(0).mention.title, title);
        QVERIFY(r.error.contains(u"windows-1252"));
    }
}

void TestFeedParser::undeclaredPrefixes() {
    // itunes.xml uses content:encoded without declaring the content: namespace.
    const FeedParseResult r = parseSample(QStringLiteral("itunes.xml"));
    QVERIFY2(r.ok(), qPrintable(r.error));
    QCOMPARE(r.items.size(), 3);
    QVERIFY(!r.items.first().mention.text.isEmpty());
}

void TestFeedParser::boundedItems() {
    QByteArray feed = "<rss version=\"2.0\"><channel><title>big</title>";
    for (int i = 0; i < FeedParser::kMaxItems + 10; ++i)
        feed += "<item><guid>" + QByteArray::number(i) + "</guid><title>" + QByteArray(3000, 'x') +
                "</title></item>";
    feed += "</channel></rss>";
    QElapsedTimer timer;
    timer.start();
    const FeedParseResult r = FeedParser::parse(feed, {}, kIngest);
    QCOMPARE(r.items.size(), FeedParser::kMaxItems);
    QVERIFY(r.truncated);
    QCOMPARE(r.items.first().mention.title.size(), FeedParser::kMaxTitleChars);
    QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));

    // One enormous description is capped too.
    const QByteArray huge = "<rss><channel><item><description>" + QByteArray(3'000'000, 'y') +
                            " end</description></item></channel></rss>";
    const FeedParseResult h = FeedParser::parse(huge, {}, kIngest);
    QCOMPARE(h.items.size(), 1);
    QVERIFY(h.items.first().mention.text.size() <= FeedParser::kMaxTextChars);
}

void TestFeedParser::malformedInput() {
    struct Case {
        const char *name;
        QByteArray body;
        int items;
    };
    const Case cases[] = {
        {"empty", QByteArray(), 0},
        {"whitespace", QByteArray("  \n "), 0},
        {"html page", QByteArray("<html><body>hi</body></html>"), 0},
        {"plain text", QByteArray("this is not xml"), 0},
        {"truncated in 2nd item",
         QByteArray("<rss><channel><item><title>one</title></item><item><title>tw"), 1},
        {"mismatched tags",
         QByteArray("<rss><channel><item><title>one</title></item><item>"
                    "<title>two</item></channel></rss>"),
         1},
        {"json not a feed", QByteArray("{\"hello\": 1}"), 0},
        {"broken json",
         QByteArray("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": ["), 0},
        {"billion laughs",
         QByteArray("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">"
                    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
                    "\"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                    "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e "
                    "\"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
                    "<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g "
                    "\"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
                    "]><rss><channel><item><title>&g;</title></item></channel></rss>"),
         -1},
    };
    for (const Case &c : cases) {
        QElapsedTimer timer;
        timer.start();
        const FeedParseResult r = FeedParser::parse(c.body, {}, kIngest);
        QVERIFY2(timer.elapsed() < 5000, c.name);
        QVERIFY2(!r.error.isEmpty() || (c.items < 0 && !r.items.isEmpty()), c.name);
        QVERIFY2(!r.error.contains(u'\n'), c.name);
        if (c.items >= 0)
            QVERIFY2(r.items.size() == c.items,
                     qPrintable(QString::fromLatin1(c.name) + u' ' + r.error));
    }
}

void TestFeedParser::allSampleFeeds() {
    // Every real captured feed gives items; the single-entry HTML excerpts (not feeds), the
    // Atom feed wrapped inside an XHTML page and a feed with an unclosed <itunes:category>
    // around all its items give a clear error instead.
    const QString dir = test::sharedData(QStringLiteral("feedjira-sample-feeds"));
    const QStringList notFeeds = {QStringLiteral("AmazonWebServicesBlogFirstEntryContent.xml"),
                                  QStringLiteral("HREFConsideredHarmfulFirstEntry.xml"),
                                  QStringLiteral("PaulDixExplainsNothingFirstEntryContent.xml"),
                                  QStringLiteral("TechCrunchFirstEntry.xml"),
                                  QStringLiteral("TechCrunchFirstEntryDescription.xml"),
                                  QStringLiteral("TenderLovemakingFirstEntry.xml"),
                                  QStringLiteral("DuplicateContentAtomFeed.xml"),
                                  QStringLiteral("ITunesWithSingleQuotedAttributes.xml")};
    int feeds = 0;
    int items = 0;
    for (const QFileInfo &fi :
         QDir(dir).entryInfoList({QStringLiteral("*.xml"), QStringLiteral("*.json")})) {
        const FeedParseResult r = FeedParser::parse(readFile(fi.filePath()), {}, kIngest);
        if (notFeeds.contains(fi.fileName())) {
            QVERIFY2(!r.error.isEmpty() && r.items.isEmpty(), qPrintable(fi.fileName()));
            continue;
        }
        QVERIFY2(!r.items.isEmpty(), qPrintable(fi.fileName() + u' ' + r.error));
        ++feeds;
        items += r.items.size();
        for (const FeedItem &item : r.items) {
            QVERIFY(!item.mention.sourceId.isEmpty());
            QVERIFY(item.mention.createdAt.isValid());
            QCOMPARE(item.mention.createdAt.timeSpec(), Qt::UTC);
        }
    }
    qInfo("sample feeds: %d feeds, %d items", feeds, items);
    QCOMPARE(feeds, 35);
}

void TestFeedParser::conformance() {
    const QString root = test::sharedData(QStringLiteral("feedparser-tests/wellformed"));
    int unreadable = 0;
    const QMap<Category, Tally> tallies = runConformance(root, &unreadable);
    int evaluated = 0;
    int met = 0;
    for (auto it = tallies.cbegin(); it != tallies.cend(); ++it) {
        const Tally &t = it.value();
        qInfo("conformance %-9s %4d / %4d met (%.1f%%)", qPrintable(categoryName(it.key())), t.met,
              t.evaluated, t.evaluated ? 100.0 * t.met / t.evaluated : 0.0);
        for (const QString &f : t.failures)
            qInfo("  unmet %s: %s", qPrintable(categoryName(it.key())), qPrintable(f));
        if (it.key() == Category::Title || it.key() == Category::Link || it.key() == Category::Id ||
            it.key() == Category::Date) {
            evaluated += t.evaluated;
            met += t.met;
        }
    }
    const double share = evaluated ? double(met) / evaluated : 0.0;
    qInfo("conformance title+link+id+date: %d / %d met = %.1f%% (target 95%%); %d Expect lines "
          "not readable by the evaluator",
          met, evaluated, 100.0 * share, unreadable);
    // The corpus has ~270 title/link/id/date expectations; anything less means the evaluator
    // stopped seeing them, which would make the share meaningless.
    QVERIFY2(evaluated >= 250, qPrintable(QString::number(evaluated)));
    // Reached 97.4% (302 / 310) when written; the margin allows ~4 files, so a real regression
    // fails here. The remaining misses are deliberate (see the report in the commit message).
    QVERIFY2(share >= 0.96, qPrintable(QString::number(share)));
    // Per category, so a regression in a small one is not hidden by the big ones.
    QVERIFY(tallies.value(Category::Date).evaluated >= 19);
    QVERIFY(tallies.value(Category::Date).met >= tallies.value(Category::Date).evaluated - 1);
    const Tally text = tallies.value(Category::Text);
    QVERIFY(text.evaluated >= 500);
    QVERIFY2(text.met >= text.evaluated * 0.97, qPrintable(QString::number(text.met)));
    const Tally clean = tallies.value(Category::NoError);
    QVERIFY(clean.met >= clean.evaluated * 0.98);
}

void TestFeedParser::illformedCorpus() {
    // Broken feeds must never crash or hang, and must say something: an error, or items.
    const QString root = test::sharedData(QStringLiteral("feedparser-tests/illformed"));
    int withError = 0;
    int withItemsOnly = 0;
    for (const QString &path : corpusFiles(root)) {
        const CorpusFile file = readCorpusFile(root, path);
        QElapsedTimer timer;
        timer.start();
        const FeedParseResult r =
            FeedParser::parse(readFile(path), file.url, kIngest, file.contentType.toLatin1());
        QVERIFY2(timer.elapsed() < 2000, qPrintable(file.relative));
        QVERIFY2(!r.error.isEmpty() || r.format != FeedFormat::Unknown, qPrintable(file.relative));
        (r.error.isEmpty() ? withItemsOnly : withError)++;
    }
    qInfo("illformed: %d with an error, %d read without one", withError, withItemsOnly);
    QVERIFY(withError >= 5);

    // rss_item_link_corrupted_ampersands.xml: the link survives (entries[0].link == ...).
    const FeedParseResult amp = FeedParser::parse(
        readFile(root + QStringLiteral("/rss_item_link_corrupted_ampersands.xml")), {}, kIngest);
    QCOMPARE(amp.items.size(), 1);
    QCOMPARE(amp.items.first().mention.url, QStringLiteral("http://link/get?a=1&b=2"));
    QVERIFY(!amp.error.isEmpty()); // the file ends with "</rss" (no '>')
}

void TestFeedParser::entitiesCorpus() {
    // HTML named entities used in XML without a DTD (&nbsp; &eacute; ...): all 256 files.
    const QString root = test::sharedData(QStringLiteral("feedparser-tests/entities"));
    const QMap<Category, Tally> tallies = runConformance(root);
    const Tally title = tallies.value(Category::Title);
    const Tally text = tallies.value(Category::Text);
    qInfo("entities: title %d / %d, text %d / %d", title.met, title.evaluated, text.met,
          text.evaluated);
    for (const QString &f : title.failures + text.failures)
        qInfo("  unmet: %s", qPrintable(f));
    QVERIFY(title.evaluated + text.evaluated >= 200);
    QVERIFY(title.met + text.met >= (title.evaluated + text.evaluated) * 0.95);

    const FeedParseResult nbsp =
        FeedParser::parse(readFile(root + QStringLiteral("/eacute.xml")), {}, kIngest);
    QVERIFY2(nbsp.title.contains(u"\u00E9"), qPrintable(nbsp.title + nbsp.error));
}

void TestFeedParser::encodingCorpus() {
    const QString root = test::sharedData(QStringLiteral("feedparser-tests/encoding"));
    const QMap<Category, Tally> tallies = runConformance(root);
    for (auto it = tallies.cbegin(); it != tallies.cend(); ++it) {
        qInfo("encoding corpus %-9s %d / %d", qPrintable(categoryName(it.key())), it->met,
              it->evaluated);
        for (const QString &f : it->failures)
            qInfo("  unmet: %s", qPrintable(f));
    }
    // A sample with known text: UTF-16/32 with and without BOM, big5, euc-kr, 1252 "smart quotes".
    struct Sample {
        const char *file;
        const char *encoding;
    };
    for (const Sample &s :
         {Sample{"utf-16le-bom.xml", "utf-16le"}, Sample{"utf-16be-autodetect.xml", "utf-16be"},
          Sample{"utf-32le-bom.xml", "utf-32le"}, Sample{"utf-32be-autodetect.xml", "utf-32be"},
          Sample{"utf-8-bom.xml", "utf-8"}, Sample{"big5.xml", "big5"},
          Sample{"euc-kr.xml", "euc-kr"}}) {
        const FeedParseResult r =
            FeedParser::parse(readFile(root + u'/' + QString::fromLatin1(s.file)), {}, kIngest);
        QVERIFY2(r.ok(), qPrintable(QString::fromLatin1(s.file) + u' ' + r.error));
        QCOMPARE(r.encoding, QString::fromLatin1(s.encoding));
    }
    const FeedParseResult demoronize =
        FeedParser::parse(readFile(root + QStringLiteral("/demoronize-1.xml")), {}, kIngest);
    QCOMPARE(demoronize.items.value(0).mention.text, QStringLiteral("don\u2019t"));
    const FeedParseResult euckr =
        FeedParser::parse(readFile(root + QStringLiteral("/euc-kr-item.xml")), {}, kIngest);
    QVERIFY(euckr.ok());
    QVERIFY(!euckr.items.isEmpty());
    QVERIFY(!euckr.items.first().mention.title.contains(QChar::ReplacementCharacter));
}

void TestFeedParser::expectEvaluatorCanFail() {
    // The oracle must be able to say "no": a parse that is wrong on purpose fails it.
    FeedParseResult wrong;
    FeedItem item;
    item.mention.title = QStringLiteral("Not the title");
    item.mention.url = QStringLiteral("http://wrong.example/");
    wrong.items.append(item);
    auto verdict = [&](const QString &expr, Category c) {
        ExpectEvaluator e(expr, wrong, c);
        return e.evaluate();
    };
    QCOMPARE(
        verdict(QStringLiteral("not bozo and entries[0]['title'] == u'Example'"), Category::Title),
        std::optional<Tri>(Tri::False));
    QCOMPARE(verdict(QStringLiteral("entries[0]['link'] == 'http://example.com/'"), Category::Link),
             std::optional<Tri>(Tri::False));
    QCOMPARE(verdict(QStringLiteral("entries[1]['title'] == 'x'"), Category::Title),
             std::optional<Tri>(Tri::False));
    QCOMPARE(verdict(QStringLiteral(
                         "entries[0]['updated_parsed'] == (2003, 12, 31, 10, 14, 55, 2, 365, 0)"),
                     Category::Date),
             std::optional<Tri>(Tri::False));
    QCOMPARE(
        verdict(
            QStringLiteral(
                "entries[0]['title'] == 'Not the title' and entries[0]['tags'][0]['term'] == 'x'"),
            Category::Title),
        std::optional<Tri>(Tri::True));
    QCOMPARE(
        verdict(QStringLiteral("feed['title'] == 'a' or feed['title'] == \"b\""), Category::Title),
        std::optional<Tri>(Tri::False));
}

QTEST_GUILESS_MAIN(TestFeedParser)
#include "tst_feedparser.moc"
