#include "htmltext.h"

#include "domain/urlkey.h"

#include <QSet>

#include <algorithm>
#include <array>

namespace warroom {

namespace {

struct NamedEntity {
    QStringView name;
    char32_t codePoint;
};

// The HTML 4 named character references (plus &apos;), sorted by name for binary search.
// The HTML 5 list adds ~2,000 rarely used names; feeds in the wild use these.
constexpr NamedEntity kEntities[] = {
    {u"AElig", 0x00C6},   {u"Aacute", 0x00C1},  {u"Acirc", 0x00C2},    {u"Agrave", 0x00C0},
    {u"Alpha", 0x0391},   {u"Aring", 0x00C5},   {u"Atilde", 0x00C3},   {u"Auml", 0x00C4},
    {u"Beta", 0x0392},    {u"Ccedil", 0x00C7},  {u"Chi", 0x03A7},      {u"Dagger", 0x2021},
    {u"Delta", 0x0394},   {u"ETH", 0x00D0},     {u"Eacute", 0x00C9},   {u"Ecirc", 0x00CA},
    {u"Egrave", 0x00C8},  {u"Epsilon", 0x0395}, {u"Eta", 0x0397},      {u"Euml", 0x00CB},
    {u"Gamma", 0x0393},   {u"Iacute", 0x00CD},  {u"Icirc", 0x00CE},    {u"Igrave", 0x00CC},
    {u"Iota", 0x0399},    {u"Iuml", 0x00CF},    {u"Kappa", 0x039A},    {u"Lambda", 0x039B},
    {u"Mu", 0x039C},      {u"Ntilde", 0x00D1},  {u"Nu", 0x039D},       {u"OElig", 0x0152},
    {u"Oacute", 0x00D3},  {u"Ocirc", 0x00D4},   {u"Ograve", 0x00D2},   {u"Omega", 0x03A9},
    {u"Omicron", 0x039F}, {u"Oslash", 0x00D8},  {u"Otilde", 0x00D5},   {u"Ouml", 0x00D6},
    {u"Phi", 0x03A6},     {u"Pi", 0x03A0},      {u"Prime", 0x2033},    {u"Psi", 0x03A8},
    {u"Rho", 0x03A1},     {u"Scaron", 0x0160},  {u"Sigma", 0x03A3},    {u"THORN", 0x00DE},
    {u"Tau", 0x03A4},     {u"Theta", 0x0398},   {u"Uacute", 0x00DA},   {u"Ucirc", 0x00DB},
    {u"Ugrave", 0x00D9},  {u"Upsilon", 0x03A5}, {u"Uuml", 0x00DC},     {u"Xi", 0x039E},
    {u"Yacute", 0x00DD},  {u"Yuml", 0x0178},    {u"Zeta", 0x0396},     {u"aacute", 0x00E1},
    {u"acirc", 0x00E2},   {u"acute", 0x00B4},   {u"aelig", 0x00E6},    {u"agrave", 0x00E0},
    {u"alefsym", 0x2135}, {u"alpha", 0x03B1},   {u"amp", 0x0026},      {u"and", 0x2227},
    {u"ang", 0x2220},     {u"apos", 0x0027},    {u"aring", 0x00E5},    {u"asymp", 0x2248},
    {u"atilde", 0x00E3},  {u"auml", 0x00E4},    {u"bdquo", 0x201E},    {u"beta", 0x03B2},
    {u"brvbar", 0x00A6},  {u"bull", 0x2022},    {u"cap", 0x2229},      {u"ccedil", 0x00E7},
    {u"cedil", 0x00B8},   {u"cent", 0x00A2},    {u"chi", 0x03C7},      {u"circ", 0x02C6},
    {u"clubs", 0x2663},   {u"cong", 0x2245},    {u"copy", 0x00A9},     {u"crarr", 0x21B5},
    {u"cup", 0x222A},     {u"curren", 0x00A4},  {u"dArr", 0x21D3},     {u"dagger", 0x2020},
    {u"darr", 0x2193},    {u"deg", 0x00B0},     {u"delta", 0x03B4},    {u"diams", 0x2666},
    {u"divide", 0x00F7},  {u"eacute", 0x00E9},  {u"ecirc", 0x00EA},    {u"egrave", 0x00E8},
    {u"empty", 0x2205},   {u"emsp", 0x2003},    {u"ensp", 0x2002},     {u"epsilon", 0x03B5},
    {u"equiv", 0x2261},   {u"eta", 0x03B7},     {u"eth", 0x00F0},      {u"euml", 0x00EB},
    {u"euro", 0x20AC},    {u"exist", 0x2203},   {u"fnof", 0x0192},     {u"forall", 0x2200},
    {u"frac12", 0x00BD},  {u"frac14", 0x00BC},  {u"frac34", 0x00BE},   {u"frasl", 0x2044},
    {u"gamma", 0x03B3},   {u"ge", 0x2265},      {u"gt", 0x003E},       {u"hArr", 0x21D4},
    {u"harr", 0x2194},    {u"hearts", 0x2665},  {u"hellip", 0x2026},   {u"iacute", 0x00ED},
    {u"icirc", 0x00EE},   {u"iexcl", 0x00A1},   {u"igrave", 0x00EC},   {u"image", 0x2111},
    {u"infin", 0x221E},   {u"int", 0x222B},     {u"iota", 0x03B9},     {u"iquest", 0x00BF},
    {u"isin", 0x2208},    {u"iuml", 0x00EF},    {u"kappa", 0x03BA},    {u"lArr", 0x21D0},
    {u"lambda", 0x03BB},  {u"lang", 0x2329},    {u"laquo", 0x00AB},    {u"larr", 0x2190},
    {u"lceil", 0x2308},   {u"ldquo", 0x201C},   {u"le", 0x2264},       {u"lfloor", 0x230A},
    {u"lowast", 0x2217},  {u"loz", 0x25CA},     {u"lrm", 0x200E},      {u"lsaquo", 0x2039},
    {u"lsquo", 0x2018},   {u"lt", 0x003C},      {u"macr", 0x00AF},     {u"mdash", 0x2014},
    {u"micro", 0x00B5},   {u"middot", 0x00B7},  {u"minus", 0x2212},    {u"mu", 0x03BC},
    {u"nabla", 0x2207},   {u"nbsp", 0x00A0},    {u"ndash", 0x2013},    {u"ne", 0x2260},
    {u"ni", 0x220B},      {u"not", 0x00AC},     {u"notin", 0x2209},    {u"nsub", 0x2284},
    {u"ntilde", 0x00F1},  {u"nu", 0x03BD},      {u"oacute", 0x00F3},   {u"ocirc", 0x00F4},
    {u"oelig", 0x0153},   {u"ograve", 0x00F2},  {u"oline", 0x203E},    {u"omega", 0x03C9},
    {u"omicron", 0x03BF}, {u"oplus", 0x2295},   {u"or", 0x2228},       {u"ordf", 0x00AA},
    {u"ordm", 0x00BA},    {u"oslash", 0x00F8},  {u"otilde", 0x00F5},   {u"otimes", 0x2297},
    {u"ouml", 0x00F6},    {u"para", 0x00B6},    {u"part", 0x2202},     {u"permil", 0x2030},
    {u"perp", 0x22A5},    {u"phi", 0x03C6},     {u"pi", 0x03C0},       {u"piv", 0x03D6},
    {u"plusmn", 0x00B1},  {u"pound", 0x00A3},   {u"prime", 0x2032},    {u"prod", 0x220F},
    {u"prop", 0x221D},    {u"psi", 0x03C8},     {u"quot", 0x0022},     {u"rArr", 0x21D2},
    {u"radic", 0x221A},   {u"rang", 0x232A},    {u"raquo", 0x00BB},    {u"rarr", 0x2192},
    {u"rceil", 0x2309},   {u"rdquo", 0x201D},   {u"real", 0x211C},     {u"reg", 0x00AE},
    {u"rfloor", 0x230B},  {u"rho", 0x03C1},     {u"rlm", 0x200F},      {u"rsaquo", 0x203A},
    {u"rsquo", 0x2019},   {u"sbquo", 0x201A},   {u"scaron", 0x0161},   {u"sdot", 0x22C5},
    {u"sect", 0x00A7},    {u"shy", 0x00AD},     {u"sigma", 0x03C3},    {u"sigmaf", 0x03C2},
    {u"sim", 0x223C},     {u"spades", 0x2660},  {u"sub", 0x2282},      {u"sube", 0x2286},
    {u"sum", 0x2211},     {u"sup", 0x2283},     {u"sup1", 0x00B9},     {u"sup2", 0x00B2},
    {u"sup3", 0x00B3},    {u"supe", 0x2287},    {u"szlig", 0x00DF},    {u"tau", 0x03C4},
    {u"there4", 0x2234},  {u"theta", 0x03B8},   {u"thetasym", 0x03D1}, {u"thinsp", 0x2009},
    {u"thorn", 0x00FE},   {u"tilde", 0x02DC},   {u"times", 0x00D7},    {u"trade", 0x2122},
    {u"uArr", 0x21D1},    {u"uacute", 0x00FA},  {u"uarr", 0x2191},     {u"ucirc", 0x00FB},
    {u"ugrave", 0x00F9},  {u"uml", 0x00A8},     {u"upsih", 0x03D2},    {u"upsilon", 0x03C5},
    {u"uuml", 0x00FC},    {u"weierp", 0x2118},  {u"xi", 0x03BE},       {u"yacute", 0x00FD},
    {u"yen", 0x00A5},     {u"yuml", 0x00FF},    {u"zeta", 0x03B6},     {u"zwj", 0x200D},
    {u"zwnj", 0x200C},
};

// Windows-1252 meanings of the C1 range, which HTML applies to numeric references (&#150; = –).
constexpr char16_t kWindows1252C1[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

constexpr qsizetype kMaxEntityNameLength = 32;

bool isAsciiAlpha(QChar c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiAlnum(QChar c) {
    return isAsciiAlpha(c) || (c >= u'0' && c <= u'9');
}

bool isHtmlSpace(QChar c) {
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f';
}

// Characters that never reach the user: NUL and other C0/C1 controls (except white space), DEL,
// bidi embeddings/overrides/isolates (they can reverse the displayed order of text around them),
// and the BOM / zero-width no-break space.
bool isStrippedControl(char16_t c) {
    if (c < 0x20)
        return c != u'\t' && c != u'\n' && c != u'\r' && c != u'\f';
    if (c >= 0x7F && c <= 0x9F)
        return true;
    if (c >= 0x202A && c <= 0x202E)
        return true;
    if (c >= 0x2066 && c <= 0x2069)
        return true;
    return c == 0xFEFF;
}

bool isWhiteSpaceForCollapse(char16_t c) {
    // U+00A0 (&nbsp;) and the other Unicode spaces collapse like ASCII spaces in plain text.
    return c == u' ' || c == u'\t' || c == u'\r' || c == u'\f' || c == 0x00A0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000 || c == 0x000B;
}

// Collects plain text: collapses white space, keeps at most one empty line, trims, caps.
class TextSink {
public:
    explicit TextSink(qsizetype maxChars)
        : m_max(std::max<qsizetype>(0, maxChars)) {
        m_out.reserve(std::min<qsizetype>(m_max, 4096));
    }

    void text(QStringView s, bool preformatted) {
        const qsizetype n = s.size();
        for (qsizetype i = 0; i < n && !m_full; ++i) {
            const char16_t c = s[i].unicode();
            if (c == u'\n') {
                if (preformatted)
                    lineBreak(1);
                else
                    m_pendingSpace = true;
                continue;
            }
            if (c >= 0x80 && c <= 0x9F) {
                // C1 controls in text are Windows-1252 bytes that were decoded as Latin-1
                // somewhere upstream: show the character that was meant (0x92 = ’).
                const char16_t meant = kWindows1252C1[c - 0x80];
                if (meant >= 0x80 && meant <= 0x9F)
                    continue;
                append(meant, 0);
                continue;
            }
            if (isStrippedControl(c))
                continue;
            if (isWhiteSpaceForCollapse(c)) {
                m_pendingSpace = true;
                continue;
            }
            if (QChar::isHighSurrogate(c)) {
                if (i + 1 < n && QChar::isLowSurrogate(s[i + 1].unicode())) {
                    append(c, s[i + 1].unicode());
                    ++i;
                }
                continue; // a lone surrogate is dropped
            }
            if (QChar::isLowSurrogate(c))
                continue;
            append(c, 0);
        }
    }

    // A block boundary (1) or an explicit <br> (counts up to an empty line).
    void lineBreak(int count) {
        if (m_out.isEmpty())
            return;
        m_pendingNewlines = std::min(2, std::max(m_pendingNewlines, count));
        m_pendingSpace = false;
    }
    void explicitBreak() {
        if (m_out.isEmpty())
            return;
        m_pendingNewlines = std::min(2, m_pendingNewlines + 1);
        m_pendingSpace = false;
    }
    void space() { m_pendingSpace = true; }

    [[nodiscard]] bool full() const { return m_full; }
    [[nodiscard]] QString take() { return std::move(m_out); }

private:
    void append(char16_t c, char16_t low) {
        if (!m_out.isEmpty()) {
            if (m_pendingNewlines > 0) {
                if (!push(u'\n'))
                    return;
                if (m_pendingNewlines > 1 && !push(u'\n'))
                    return;
            } else if (m_pendingSpace && !push(u' ')) {
                return;
            }
        }
        m_pendingNewlines = 0;
        m_pendingSpace = false;
        if (low != 0) {
            if (m_out.size() + 2 > m_max) {
                m_full = true;
                return;
            }
            m_out.append(QChar(c));
            m_out.append(QChar(low));
        } else {
            push(c);
        }
    }
    bool push(char16_t c) {
        if (m_out.size() >= m_max) {
            m_full = true;
            return false;
        }
        m_out.append(QChar(c));
        return true;
    }

    QString m_out;
    qsizetype m_max;
    int m_pendingNewlines = 0;
    bool m_pendingSpace = false;
    bool m_full = false;
};

char32_t lookupEntity(QStringView name) {
    const auto *end = std::end(kEntities);
    const auto *it =
        std::lower_bound(std::begin(kEntities), end, name,
                         [](const NamedEntity &e, QStringView n) { return e.name < n; });
    if (it != end && it->name == name)
        return it->codePoint;
    return 0;
}

bool isValidCodePoint(char32_t cp) {
    return cp != 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
}

// Decodes the reference starting at text[i] == '&'. On success appends the character(s) and
// returns the length consumed; returns 0 when this is not a valid reference.
qsizetype decodeReferenceAt(QStringView text, qsizetype i, QString &out) {
    const qsizetype n = text.size();
    qsizetype j = i + 1;
    if (j < n && text[j] == u'#') {
        ++j;
        const bool hex = j < n && (text[j] == u'x' || text[j] == u'X');
        if (hex)
            ++j;
        const qsizetype digitsStart = j;
        char32_t value = 0;
        bool overflow = false;
        while (j < n) {
            const char16_t c = text[j].unicode();
            int digit = -1;
            if (c >= u'0' && c <= u'9')
                digit = c - u'0';
            else if (hex && c >= u'a' && c <= u'f')
                digit = c - u'a' + 10;
            else if (hex && c >= u'A' && c <= u'F')
                digit = c - u'A' + 10;
            if (digit < 0)
                break;
            value = value * (hex ? 16 : 10) + char32_t(digit);
            if (value > 0x10FFFF)
                overflow = true, value = 0x110000;
            ++j;
        }
        if (j == digitsStart || overflow)
            return 0;
        if (j < n && text[j] == u';')
            ++j;
        if (value >= 0x80 && value <= 0x9F)
            value = kWindows1252C1[value - 0x80];
        if (!isValidCodePoint(value))
            return 0;
        out.append(QChar::fromUcs4(value));
        return j - i;
    }
    const qsizetype nameStart = j;
    while (j < n && j - nameStart <= kMaxEntityNameLength && isAsciiAlnum(text[j]))
        ++j;
    if (j == nameStart || j >= n || text[j] != u';')
        return 0;
    const char32_t cp = lookupEntity(text.mid(nameStart, j - nameStart));
    if (cp == 0)
        return 0;
    out.append(QChar::fromUcs4(cp));
    return j + 1 - i;
}

void appendDecoded(QStringView text, QString &out) {
    qsizetype start = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (text[i] != u'&')
            continue;
        out.append(text.mid(start, i - start));
        const qsizetype used = decodeReferenceAt(text, i, out);
        if (used == 0) {
            out.append(u'&');
            start = i + 1;
        } else {
            start = i + used;
            i += used - 1;
        }
    }
    out.append(text.mid(start));
}

enum class TagKind { Start, End };

struct Tag {
    TagKind kind = TagKind::Start;
    QStringView name;       // as written
    QStringView attributes; // the raw text between the name and '>'
    bool selfClosing = false;
};

// Elements whose content is never shown as text.
bool isDroppedElement(QStringView lower) {
    static const QSet<QString> dropped = {QStringLiteral("script"),   QStringLiteral("style"),
                                          QStringLiteral("template"), QStringLiteral("iframe"),
                                          QStringLiteral("noembed"),  QStringLiteral("noframes"),
                                          QStringLiteral("noscript"), QStringLiteral("head"),
                                          QStringLiteral("frameset"), QStringLiteral("title")};
    return dropped.contains(lower.toString());
}

enum class Flow { Inline, Block, Cell, Break };

Flow flowOf(QStringView lower) {
    static const QSet<QString> blocks = {
        QStringLiteral("address"),    QStringLiteral("article"),  QStringLiteral("aside"),
        QStringLiteral("blockquote"), QStringLiteral("body"),     QStringLiteral("caption"),
        QStringLiteral("center"),     QStringLiteral("dd"),       QStringLiteral("details"),
        QStringLiteral("dialog"),     QStringLiteral("div"),      QStringLiteral("dl"),
        QStringLiteral("dt"),         QStringLiteral("fieldset"), QStringLiteral("figcaption"),
        QStringLiteral("figure"),     QStringLiteral("footer"),   QStringLiteral("form"),
        QStringLiteral("h1"),         QStringLiteral("h2"),       QStringLiteral("h3"),
        QStringLiteral("h4"),         QStringLiteral("h5"),       QStringLiteral("h6"),
        QStringLiteral("header"),     QStringLiteral("hgroup"),   QStringLiteral("hr"),
        QStringLiteral("html"),       QStringLiteral("legend"),   QStringLiteral("li"),
        QStringLiteral("main"),       QStringLiteral("nav"),      QStringLiteral("ol"),
        QStringLiteral("option"),     QStringLiteral("p"),        QStringLiteral("pre"),
        QStringLiteral("section"),    QStringLiteral("summary"),  QStringLiteral("table"),
        QStringLiteral("tbody"),      QStringLiteral("tfoot"),    QStringLiteral("thead"),
        QStringLiteral("tr"),         QStringLiteral("ul"),       QStringLiteral("menu"),
        QStringLiteral("listing"),    QStringLiteral("xmp"),      QStringLiteral("plaintext")};
    if (lower == u"br")
        return Flow::Break;
    if (lower == u"td" || lower == u"th")
        return Flow::Cell;
    return blocks.contains(lower.toString()) ? Flow::Block : Flow::Inline;
}

// Walks HTML the way a browser's tokenizer would, closely enough for text extraction: text runs,
// start/end tags (quotes respected), comments and <! > / <? > constructs. Every search moves
// forward, so the whole walk is linear in the input.
template <typename OnText, typename OnTag>
void walkHtml(QStringView html, OnText onText, OnTag onTag) {
    const qsizetype n = html.size();
    qsizetype i = 0;
    while (i < n) {
        const qsizetype lt = html.indexOf(u'<', i);
        if (lt < 0) {
            onText(html.mid(i));
            return;
        }
        if (lt > i)
            onText(html.mid(i, lt - i));
        i = lt;
        const QChar next = i + 1 < n ? html[i + 1] : QChar();
        if (next == u'!' && html.mid(i + 2, 2) == u"--") {
            const qsizetype close = html.indexOf(u"-->", i + 2);
            if (close < 0)
                return; // an unclosed comment swallows the rest
            i = close + 3;
            continue;
        }
        if (next == u'!' || next == u'?' ||
            (next == u'/' && i + 2 < n && !isAsciiAlpha(html[i + 2]) && html[i + 2] != u'>')) {
            const qsizetype close = html.indexOf(u'>', i + 1);
            if (close < 0)
                return;
            i = close + 1;
            continue;
        }
        const bool end = next == u'/';
        const qsizetype nameStart = i + (end ? 2 : 1);
        if (nameStart >= n || !isAsciiAlpha(html[nameStart])) {
            if (end && nameStart < n && html[nameStart] == u'>') { // "</>" is ignored
                i = nameStart + 1;
                continue;
            }
            onText(html.mid(i, 1)); // a '<' that starts no tag is text
            ++i;
            continue;
        }
        qsizetype j = nameStart;
        while (j < n && !isHtmlSpace(html[j]) && html[j] != u'/' && html[j] != u'>')
            ++j;
        const QStringView name = html.mid(nameStart, j - nameStart);
        const qsizetype attrStart = j;
        QChar quote;
        while (j < n) {
            const QChar c = html[j];
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
            } else if (c == u'>') {
                break;
            } else if ((c == u'"' || c == u'\'') && j > attrStart && html[j - 1] == u'=') {
                quote = c;
            } else if ((c == u'"' || c == u'\'') && j > attrStart && isHtmlSpace(html[j - 1])) {
                // value after "= " with spaces: find the '=' before the spaces
                qsizetype k = j - 1;
                while (k > attrStart && isHtmlSpace(html[k]))
                    --k;
                if (html[k] == u'=')
                    quote = c;
            }
            ++j;
        }
        if (j >= n)
            return; // a tag cut off by the end of input is dropped, as browsers do
        Tag tag;
        tag.kind = end ? TagKind::End : TagKind::Start;
        tag.name = name;
        tag.attributes = html.mid(attrStart, j - attrStart);
        tag.selfClosing = j > attrStart && html[j - 1] == u'/';
        i = j + 1;
        i = onTag(tag, i);
    }
}

// Finds "</name" (any case) followed by a tag end, from 'from'; returns the index after its '>'
// or -1.
qsizetype skipPastEndTag(QStringView html, QStringView lowerName, qsizetype from) {
    const QString needle = QStringLiteral("</") + lowerName.toString();
    qsizetype pos = from;
    while (true) {
        const qsizetype hit = html.indexOf(needle, pos, Qt::CaseInsensitive);
        if (hit < 0)
            return -1;
        const qsizetype after = hit + needle.size();
        if (after >= html.size() || html[after] == u'>' || html[after] == u'/' ||
            isHtmlSpace(html[after])) {
            const qsizetype close = html.indexOf(u'>', after);
            return close < 0 ? -1 : close + 1;
        }
        pos = after;
    }
}

// Parses name="value" pairs from a tag's attribute text; calls f(lowerName, rawValue).
template <typename F> void forEachAttribute(QStringView attrs, F f) {
    const qsizetype n = attrs.size();
    qsizetype i = 0;
    while (i < n) {
        while (i < n && (isHtmlSpace(attrs[i]) || attrs[i] == u'/'))
            ++i;
        const qsizetype nameStart = i;
        while (i < n && !isHtmlSpace(attrs[i]) && attrs[i] != u'=' && attrs[i] != u'/')
            ++i;
        const QStringView name = attrs.mid(nameStart, i - nameStart);
        while (i < n && isHtmlSpace(attrs[i]))
            ++i;
        QStringView value;
        if (i < n && attrs[i] == u'=') {
            ++i;
            while (i < n && isHtmlSpace(attrs[i]))
                ++i;
            if (i < n && (attrs[i] == u'"' || attrs[i] == u'\'')) {
                const QChar q = attrs[i];
                const qsizetype close = attrs.indexOf(q, i + 1);
                const qsizetype stop = close < 0 ? n : close;
                value = attrs.mid(i + 1, stop - i - 1);
                i = stop + 1;
            } else {
                const qsizetype vStart = i;
                while (i < n && !isHtmlSpace(attrs[i]))
                    ++i;
                value = attrs.mid(vStart, i - vStart);
            }
        }
        if (!name.isEmpty())
            f(name.toString().toLower(), value);
        else if (i == nameStart)
            ++i;
    }
}

} // namespace

QString decodeHtmlEntities(QStringView text) {
    QString out;
    out.reserve(text.size());
    appendDecoded(text, out);
    return out;
}

QString cleanPlainText(QStringView text, qsizetype maxChars) {
    TextSink sink(maxChars);
    // Plain text keeps its line breaks (collapsed like block boundaries).
    qsizetype start = 0;
    for (qsizetype i = 0; i <= text.size() && !sink.full(); ++i) {
        if (i == text.size() || text[i] == u'\n') {
            sink.text(text.mid(start, i - start), false);
            if (i < text.size())
                sink.lineBreak(1);
            start = i + 1;
        }
    }
    return sink.take();
}

QString htmlToPlainText(QStringView html, qsizetype maxChars) {
    TextSink sink(maxChars);
    int preDepth = 0;
    QString decoded;
    walkHtml(
        html,
        [&](QStringView raw) {
            if (sink.full())
                return;
            decoded.clear();
            appendDecoded(raw, decoded);
            sink.text(decoded, preDepth > 0);
        },
        [&](const Tag &tag, qsizetype next) -> qsizetype {
            if (sink.full())
                return html.size();
            const QString lower = tag.name.toString().toLower();
            if (tag.kind == TagKind::Start && isDroppedElement(lower)) {
                if (tag.selfClosing && lower != u"script" && lower != u"style")
                    return next;
                const qsizetype after = skipPastEndTag(html, lower, next);
                return after < 0 ? html.size() : after;
            }
            if (lower == u"pre" || lower == u"listing" || lower == u"textarea")
                preDepth = std::max(0, preDepth + (tag.kind == TagKind::Start ? 1 : -1));
            switch (flowOf(lower)) {
            case Flow::Break:
                sink.explicitBreak();
                break;
            case Flow::Block:
                sink.lineBreak(1);
                break;
            case Flow::Cell:
                sink.space();
                break;
            case Flow::Inline:
                break;
            }
            return next;
        });
    return sink.take();
}

QList<QUrl> extractSafeLinks(QStringView html, const QUrl &base, qsizetype maxLinks) {
    QList<QUrl> links;
    QSet<QUrl> seen;
    walkHtml(
        html, [](QStringView) {},
        [&](const Tag &tag, qsizetype next) -> qsizetype {
            if (links.size() >= maxLinks)
                return html.size();
            const QString lower = tag.name.toString().toLower();
            if (tag.kind == TagKind::Start && isDroppedElement(lower)) {
                const qsizetype after = skipPastEndTag(html, lower, next);
                return after < 0 ? html.size() : after;
            }
            if (tag.kind != TagKind::Start || (lower != u"a" && lower != u"area"))
                return next;
            forEachAttribute(tag.attributes, [&](const QString &name, QStringView value) {
                if (name != u"href" || links.size() >= maxLinks)
                    return;
                // Browsers drop ASCII tab/newline anywhere in a URL and trim other controls and
                // spaces ("java\nscript:" is javascript:), so the check must see the same string.
                QString href = decodeHtmlEntities(value);
                href.removeIf([](QChar c) { return c == u'\t' || c == u'\n' || c == u'\r'; });
                href = href.trimmed();
                while (!href.isEmpty() && href.front().unicode() <= 0x20)
                    href.remove(0, 1);
                if (href.isEmpty() || href.size() > 8192)
                    return;
                QUrl url(href);
                if (url.isRelative() && base.isValid())
                    url = base.resolved(url);
                if (!isSafeWebUrl(url))
                    return;
                if (!seen.contains(url)) {
                    seen.insert(url);
                    links.append(url);
                }
            });
            return next;
        });
    return links;
}

QString htmlNamedEntity(QStringView name) {
    const char32_t cp = lookupEntity(name);
    if (cp == 0)
        return {};
    QString out;
    out.append(QChar::fromUcs4(cp));
    return out;
}

} // namespace warroom
