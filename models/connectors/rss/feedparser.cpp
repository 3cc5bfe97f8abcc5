#include "feedparser.h"

#include "domain/urlkey.h"
#include "feeddate.h"
#include "htmltext.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QXmlStreamEntityResolver>
#include <QXmlStreamReader>

#include <optional>

namespace warroom {

namespace {

// Raw element content is not collected beyond this (the plain text is capped far lower anyway).
constexpr qsizetype kMaxRawChars = 4 * 1024 * 1024;
constexpr qsizetype kMaxAuthorChars = 200;
constexpr qsizetype kMaxIdScanChars = 1 << 20;

const QString kSource = QStringLiteral("rss");

namespace ns {
const QString atom10 = QStringLiteral("http://www.w3.org/2005/Atom");
const QString atom03 = QStringLiteral("http://purl.org/atom/ns#");
const QString rss10 = QStringLiteral("http://purl.org/rss/1.0/");
const QString rss090 = QStringLiteral("http://my.netscape.com/rdf/simple/0.9/");
const QString rdf = QStringLiteral("http://www.w3.org/1999/02/22-rdf-syntax-ns#");
const QString dc = QStringLiteral("http://purl.org/dc/elements/1.1/");
const QString dcterms = QStringLiteral("http://purl.org/dc/terms/");
const QString content = QStringLiteral("http://purl.org/rss/1.0/modules/content/");
const QString xml = QStringLiteral("http://www.w3.org/XML/1998/namespace");
const QString xhtml = QStringLiteral("http://www.w3.org/1999/xhtml");
const QString itunes = QStringLiteral("http://www.itunes.com/dtds/podcast-1.0.dtd");
const QString media = QStringLiteral("http://search.yahoo.com/mrss/");
} // namespace ns

// ---------------------------------------------------------------------------------------------
// Bytes to text

struct DecodedBody {
    QString text;
    QString encoding;
    QString problem; // empty when decoding was clean
};

QString charsetFromContentType(QByteArrayView contentType) {
    static const QRegularExpression re(
        QStringLiteral(R"(;\s*charset\s*=\s*["']?([A-Za-z0-9._:-]+))"),
        QRegularExpression::CaseInsensitiveOption);
    const QString ct = QString::fromLatin1(contentType);
    const QRegularExpressionMatch m = re.match(ct);
    return m.hasMatch() ? m.captured(1).toLower() : QString();
}

QString declaredEncoding(QByteArrayView body) {
    const QString head = QString::fromLatin1(body.first(std::min<qsizetype>(body.size(), 512)));
    static const QRegularExpression re(
        QStringLiteral(R"(^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["'])"));
    const QRegularExpressionMatch m = re.match(head);
    return m.hasMatch() ? m.captured(1).toLower() : QString();
}

// Latin-1 and ASCII labels mean Windows-1252 in practice (browsers decode them that way too):
// feeds that say iso-8859-1 routinely contain curly quotes from the 0x80-0x9F range.
QByteArray decoderName(const QString &label) {
    if (label == u"iso-8859-1" || label == u"latin1" || label == u"latin-1" ||
        label == u"us-ascii" || label == u"ascii" || label == u"iso_8859-1" || label == u"l1" ||
        label == u"cp1252")
        return QByteArrayLiteral("windows-1252");
    return label.toLatin1();
}

std::optional<QString> decodeWith(QByteArrayView bytes, const QByteArray &name) {
    QStringDecoder decoder(name.constData(), QStringConverter::Flag::Stateless);
    if (!decoder.isValid())
        return std::nullopt;
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

DecodedBody decodeBody(QByteArrayView body, QByteArrayView contentType) {
    DecodedBody out;
    auto startsWith = [&](std::initializer_list<unsigned char> prefix) {
        if (body.size() < qsizetype(prefix.size()))
            return false;
        qsizetype i = 0;
        for (unsigned char b : prefix) {
            if (static_cast<unsigned char>(body[i++]) != b)
                return false;
        }
        return true;
    };

    // 1. A byte-order mark, or the UTF-16/32 pattern of "<?" without one.
    struct Sniff {
        std::initializer_list<unsigned char> prefix;
        const char *name;
        qsizetype skip;
    };
    const Sniff sniffs[] = {{{0x00, 0x00, 0xFE, 0xFF}, "utf-32be", 4},
                            {{0xFF, 0xFE, 0x00, 0x00}, "utf-32le", 4},
                            {{0xEF, 0xBB, 0xBF}, "utf-8", 3},
                            {{0xFE, 0xFF}, "utf-16be", 2},
                            {{0xFF, 0xFE}, "utf-16le", 2},
                            {{0x00, 0x00, 0x00, 0x3C}, "utf-32be", 0},
                            {{0x3C, 0x00, 0x00, 0x00}, "utf-32le", 0},
                            {{0x00, 0x3C, 0x00, 0x3F}, "utf-16be", 0},
                            {{0x3C, 0x00, 0x3F, 0x00}, "utf-16le", 0},
                            {{0x00, 0x3C}, "utf-16be", 0},
                            {{0x3C, 0x00}, "utf-16le", 0}};
    for (const Sniff &s : sniffs) {
        if (!startsWith(s.prefix))
            continue;
        out.encoding = QString::fromLatin1(s.name);
        const QByteArrayView rest = body.sliced(s.skip);
        if (auto text = decodeWith(rest, QByteArray(s.name))) {
            out.text = *text;
        } else {
            QStringDecoder lenient(s.name);
            out.text = lenient.decode(rest);
            out.problem = QStringLiteral("invalid %1 bytes (replaced)").arg(out.encoding);
        }
        return out;
    }

    // 2. The HTTP charset, then the XML declaration, then UTF-8.
    QString label = charsetFromContentType(contentType);
    QString unusable;
    if (!label.isEmpty() && !QStringDecoder(decoderName(label).constData()).isValid()) {
        unusable = label;
        label.clear();
    }
    if (label.isEmpty()) {
        label = declaredEncoding(body);
        // A declaration of UTF-16/32 in a byte stream that has neither a BOM nor the pattern
        // above is wrong: the bytes are ASCII-compatible.
        if (label.startsWith(u"utf-16") || label.startsWith(u"utf-32") || label == u"ucs-2" ||
            label == u"unicode")
            label = QStringLiteral("utf-8");
    }
    if (!label.isEmpty() && !QStringDecoder(decoderName(label).constData()).isValid()) {
        if (unusable.isEmpty())
            unusable = label;
        label.clear();
    }
    if (label.isEmpty())
        label = QStringLiteral("utf-8");
    if (!unusable.isEmpty())
        out.problem = QStringLiteral("unknown encoding \"%1\", read as %2").arg(unusable, label);

    out.encoding = label;
    if (auto text = decodeWith(body, decoderName(label))) {
        out.text = *text;
        return out;
    }
    // Invalid bytes for the declared encoding: most often Windows-1252 text labelled UTF-8.
    if (auto text = decodeWith(body, QByteArrayLiteral("windows-1252"))) {
        out.text = *text;
        if (out.problem.isEmpty())
            out.problem = QStringLiteral("invalid %1 bytes, read as windows-1252").arg(label);
        out.encoding = QStringLiteral("windows-1252");
        return out;
    }
    QStringDecoder lenient(decoderName(label).constData());
    out.text = lenient.decode(body);
    if (out.problem.isEmpty())
        out.problem = QStringLiteral("invalid %1 bytes (replaced)").arg(label);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Shared item assembly

struct Draft {
    QString id;
    QString rdfAbout;
    QString guid;
    bool guidIsPermaLink = true;
    QString link; // resolved, unwrapped, http(s) only
    QString guidLinkCandidate;
    QString title;   // plain
    QString summary; // plain
    QString content; // plain
    QList<QUrl> links;
    QString author;
    QString language;
    QDateTime published;
    QDateTime created;
    QDateTime updated;
    QString rawDate; // the text the chosen date came from, for the fallback identity
    QString brokenDate;
    bool hasContent = false;
};

QString primaryLanguage(QStringView tag) {
    tag = tag.trimmed();
    const qsizetype dash = tag.indexOf(QRegularExpression(QStringLiteral("[-_]")));
    const QStringView primary = dash < 0 ? tag : tag.first(dash);
    if (primary.size() < 2 || primary.size() > 3)
        return {};
    for (QChar c : primary) {
        if (!((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z')))
            return {};
    }
    return primary.toString().toLower();
}

QString hashId(QStringView text) {
    const QByteArray digest =
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QStringLiteral("sha256:") + QString::fromLatin1(digest.left(40));
}

// An opaque id: kept as written (trimmed, controls removed), hashed when absurdly long.
QString cleanId(QStringView raw) {
    QString id = cleanPlainText(raw.first(std::min(raw.size(), kMaxIdScanChars)), kMaxIdScanChars);
    if (id.size() > FeedParser::kMaxIdChars)
        return hashId(id);
    return id;
}

// Resolves, unwraps Google redirects and keeps only http(s).
QString safeLink(QStringView raw, const QUrl &base) {
    QString href = raw.toString();
    href.removeIf([](QChar c) { return c == u'\t' || c == u'\n' || c == u'\r'; });
    href = href.trimmed();
    if (href.isEmpty() || href.size() > FeedParser::kMaxUrlChars)
        return {};
    QUrl url(href);
    if (!url.isValid())
        return {};
    if (url.isRelative()) {
        if (!base.isValid() || base.isEmpty())
            return {};
        url = base.resolved(url);
    }
    url = unwrapRedirect(url);
    if (!isSafeWebUrl(url))
        return {};
    const QString s = url.toString(QUrl::FullyEncoded);
    return s.size() > FeedParser::kMaxUrlChars ? QString() : s;
}

void noteDate(Draft &d, QDateTime &slot, QStringView raw) {
    const QDateTime parsed = parseFeedDate(raw);
    if (!parsed.isValid()) {
        if (d.brokenDate.isEmpty() && !raw.trimmed().isEmpty())
            d.brokenDate = raw.trimmed().left(128).toString();
        return;
    }
    // A later element of the same meaning overrides an earlier one (as in feedparser).
    slot = parsed;
}

FeedItem finish(Draft &&d, const QDateTime &ingestTime, const QString &feedLanguage,
                const QString &feedAuthor) {
    FeedItem item;
    Mention &m = item.mention;
    m.source = kSource;
    m.title = d.title;
    m.text = !d.content.isEmpty() ? d.content : d.summary;
    m.url = d.link;
    m.authorName = d.author.isEmpty() ? feedAuthor : d.author;
    m.language = !d.language.isEmpty() ? d.language : feedLanguage;
    m.ingestedAt = ingestTime.toUTC();

    item.published = d.published;
    item.updated = d.updated;
    item.brokenDate = d.brokenDate;
    item.links = d.links;

    QDateTime when = d.published.isValid() ? d.published
                     : d.created.isValid() ? d.created
                                           : d.updated;
    // A date far in the future is a broken clock or a typo; it would sit on top of every
    // timeline for days.
    if (when.isValid() && ingestTime.isValid() && when > ingestTime.addDays(1)) {
        if (item.brokenDate.isEmpty())
            item.brokenDate = when.toString(Qt::ISODate);
        when = QDateTime();
    }
    if (when.isValid()) {
        m.createdAt = when.toUTC();
    } else {
        m.createdAt = ingestTime.toUTC();
        m.timeEstimated = true;
        item.dateMissingOrBroken = true;
    }

    QString id = !d.id.isEmpty() ? d.id : !d.guid.isEmpty() ? d.guid : d.rdfAbout;
    item.idFromFeed = !id.isEmpty();
    if (id.isEmpty())
        id = d.link;
    if (id.isEmpty()) {
        QString basis = d.title + u'\n' + d.rawDate;
        if (d.title.isEmpty() && d.rawDate.isEmpty())
            basis += u'\n' + m.text.left(2000);
        id = hashId(basis);
    }
    m.sourceId = id;
    return item;
}

// ---------------------------------------------------------------------------------------------
// XML

class HtmlEntityResolver final : public QXmlStreamEntityResolver {
public:
    QString resolveUndeclaredEntity(const QString &name) override { return htmlNamedEntity(name); }
};

struct Context {
    QUrl base;
    QString lang;
};

struct RawContent {
    QString text;   // character data only
    QString markup; // child elements serialized as HTML, text escaped
    bool hasElements = false;
};

void appendEscaped(QString &out, QStringView text) {
    for (QChar c : text) {
        if (c == u'<')
            out += QLatin1String("&lt;");
        else if (c == u'>')
            out += QLatin1String("&gt;");
        else if (c == u'&')
            out += QLatin1String("&amp;");
        else if (c == u'"')
            out += QLatin1String("&quot;");
        else
            out += c;
    }
}

class XmlFeedReader {
public:
    XmlFeedReader(const QString &text, const QUrl &feedUrl, const QDateTime &ingestTime,
                  FeedParseResult &result)
        : m_reader(text)
        , m_feedUrl(feedUrl)
        , m_ingestTime(ingestTime)
        , m_result(result) {
        m_reader.setEntityResolver(&m_resolver);
        m_reader.setNamespaceProcessing(true);
    }

    void run() {
        if (!m_reader.readNextStartElement()) {
            fail();
            if (m_result.error.isEmpty())
                m_result.error = QStringLiteral("empty document: no root element");
            return;
        }
        const Context root = childContext({m_feedUrl, {}});
        const QString name = localName();
        const QStringView nsUri = m_reader.namespaceUri();
        if (name == u"rss") {
            m_result.format = FeedFormat::Rss;
            m_result.version = attr(u"version").toString();
            m_kind = Kind::Rss;
            parseRssRoot(root);
        } else if (name == u"rdf" && nsUri == ns::rdf) {
            m_result.format = FeedFormat::Rdf;
            m_result.version = QStringLiteral("1.0");
            m_kind = Kind::Rss;
            parseRssRoot(root);
        } else if (name == u"feed") {
            // Atom 0.3 feeds under a home-made namespace exist; the root's namespace is Atom's.
            m_rootNs = nsUri.toString();
            m_result.format = FeedFormat::Atom;
            m_atom03 = nsUri == ns::atom03 || attr(u"version") == u"0.3";
            m_result.version = m_atom03 ? QStringLiteral("0.3") : QStringLiteral("1.0");
            m_kind = Kind::Atom;
            parseAtomFeed(root);
        } else if (name == u"channel") {
            m_result.format = FeedFormat::Cdf;
            m_kind = Kind::Cdf;
            parseCdfChannel(root);
        } else {
            m_result.error = name == u"html"
                                 ? QStringLiteral("not a feed: the document is an HTML page")
                                 : QStringLiteral("not a feed: unknown root element <%1>")
                                       .arg(m_reader.name().left(64).toString());
            return;
        }
        if (m_result.truncated)
            return;
        // Anything after the root element must still be well-formed.
        while (!m_reader.atEnd() && !m_reader.hasError())
            m_reader.readNext();
        fail();
    }

private:
    enum class Kind { Rss, Atom, Cdf };

    void fail() {
        if (!m_reader.hasError() || !m_result.error.isEmpty())
            return;
        static const QRegularExpression undeclared(
            QStringLiteral("Namespace prefix '([^']{1,64})' not declared"));
        const QRegularExpressionMatch m = undeclared.match(m_reader.errorString());
        if (m.hasMatch())
            m_undeclaredPrefix = m.captured(1);
        if (m_reader.error() == QXmlStreamReader::PrematureEndOfDocumentError) {
            m_result.error = QStringLiteral("the document ends early (line %1): truncated feed")
                                 .arg(m_reader.lineNumber());
            return;
        }
        m_result.error = QStringLiteral("XML error at line %1, column %2: %3")
                             .arg(m_reader.lineNumber())
                             .arg(m_reader.columnNumber())
                             .arg(m_reader.errorString().left(200).simplified());
    }

    [[nodiscard]] QString localName() const { return m_reader.name().toString().toLower(); }
    [[nodiscard]] QStringView attr(QStringView name) const {
        const QXmlStreamAttributes attrs = m_reader.attributes();
        for (const QXmlStreamAttribute &a : attrs) {
            if (a.namespaceUri().isEmpty() && a.name().compare(name, Qt::CaseInsensitive) == 0)
                return a.value();
        }
        return {};
    }
    [[nodiscard]] QString attrString(QStringView name) const { return attr(name).toString(); }
    [[nodiscard]] QString attrNs(const QString &nsUri, QStringView name) const {
        const QXmlStreamAttributes attrs = m_reader.attributes();
        for (const QXmlStreamAttribute &a : attrs) {
            if (a.namespaceUri() == nsUri && a.name() == name)
                return a.value().toString();
        }
        return {};
    }
    [[nodiscard]] bool hasAttrNs(const QString &nsUri, QStringView name) const {
        const QXmlStreamAttributes attrs = m_reader.attributes();
        for (const QXmlStreamAttribute &a : attrs) {
            if (a.namespaceUri() == nsUri && a.name() == name)
                return true;
        }
        return false;
    }

    // xml:base and xml:lang of the current start element, on top of the parent's.
    [[nodiscard]] Context childContext(const Context &parent) const {
        Context c = parent;
        const QString base = attrNs(ns::xml, u"base");
        if (!base.isEmpty()) {
            const QUrl rel(base.trimmed());
            c.base =
                parent.base.isValid() && !parent.base.isEmpty() ? parent.base.resolved(rel) : rel;
        }
        const QString lang = attrNs(ns::xml, u"lang");
        if (hasAttrNs(ns::xml, u"lang"))
            c.lang = lang;
        return c;
    }

    enum class Space { Core, Atom, Dc, DcTerms, Content, Rdf, Xhtml, Itunes, Media, Other };

    [[nodiscard]] Space space() const {
        const QStringView uri = m_reader.namespaceUri();
        if (m_kind == Kind::Atom) {
            if (uri == ns::atom10 || uri == ns::atom03 || uri.isEmpty() || uri == m_rootNs)
                return Space::Core;
        } else {
            if (uri.isEmpty() || uri == ns::rss10 || uri == ns::rss090 ||
                uri.startsWith(u"http://backend.userland.com/rss") ||
                uri.startsWith(u"http://blogs.law.harvard.edu/tech/rss"))
                return Space::Core;
            if (uri == ns::atom10 || uri == ns::atom03)
                return Space::Atom;
        }
        if (uri == ns::dc)
            return Space::Dc;
        if (uri == ns::dcterms)
            return Space::DcTerms;
        if (uri == ns::content)
            return Space::Content;
        if (uri == ns::rdf)
            return Space::Rdf;
        if (uri == ns::xhtml)
            return Space::Xhtml;
        if (uri == ns::itunes)
            return Space::Itunes;
        if (uri == ns::media)
            return Space::Media;
        return Space::Other;
    }

    // Reads the current element to its end.
    RawContent readRaw() {
        RawContent raw;
        int depth = 1;
        while (depth > 0 && !m_reader.atEnd()) {
            switch (m_reader.readNext()) {
            case QXmlStreamReader::StartElement: {
                ++depth;
                raw.hasElements = true;
                if (raw.markup.size() < kMaxRawChars) {
                    raw.markup += u'<' + m_reader.name().toString();
                    const QStringView href = attr(u"href");
                    if (!href.isEmpty()) {
                        raw.markup += QLatin1String(" href=\"");
                        appendEscaped(raw.markup, href);
                        raw.markup += u'"';
                    }
                    raw.markup += u'>';
                }
                break;
            }
            case QXmlStreamReader::EndElement:
                --depth;
                if (depth > 0 && raw.markup.size() < kMaxRawChars)
                    raw.markup += QLatin1String("</") + m_reader.name().toString() + u'>';
                break;
            case QXmlStreamReader::Characters:
            case QXmlStreamReader::EntityReference:
                if (raw.text.size() < kMaxRawChars)
                    raw.text += m_reader.text();
                if (raw.markup.size() < kMaxRawChars)
                    appendEscaped(raw.markup, m_reader.text());
                break;
            default:
                break;
            }
        }
        return raw;
    }

    QString readPlain(qsizetype maxChars) {
        const RawContent raw = readRaw();
        return raw.hasElements ? htmlToPlainText(raw.markup, maxChars)
                               : cleanPlainText(raw.text, maxChars);
    }

    QString readHtml(qsizetype maxChars, QList<QUrl> *links, const QUrl &base) {
        const RawContent raw = readRaw();
        const QString &html = raw.hasElements ? raw.markup : raw.text;
        if (links)
            collectLinks(html, base, *links);
        return htmlToPlainText(html, maxChars);
    }

    static void collectLinks(QStringView html, const QUrl &base, QList<QUrl> &links) {
        if (links.size() >= FeedParser::kMaxLinksPerItem)
            return;
        for (const QUrl &u : extractSafeLinks(html, base, FeedParser::kMaxLinksPerItem)) {
            if (links.size() >= FeedParser::kMaxLinksPerItem)
                break;
            if (!links.contains(u))
                links.append(u);
        }
    }

    // An Atom text construct (title, summary, content, subtitle ...), 0.3 or 1.0.
    QString readAtomText(qsizetype maxChars, QList<QUrl> *links, const QUrl &base,
                         bool *present = nullptr) {
        const QString type = attr(u"type").trimmed().toString().toLower();
        const QString mode = attr(u"mode").trimmed().toString().toLower();
        const bool outOfLine = !attr(u"src").isEmpty();
        const RawContent raw = readRaw();
        if (present)
            *present = !outOfLine;
        if (outOfLine)
            return {};
        const bool htmlType = type == u"html" || type == u"text/html" || type == u"xhtml" ||
                              type == u"application/xhtml+xml";
        const bool textType = type.isEmpty() || type == u"text" || type == u"text/plain";
        const bool xmlType = type.endsWith(u"+xml") || type.endsWith(u"/xml");
        const bool base64 = mode == u"base64" || (!m_atom03 && !htmlType && !textType && !xmlType &&
                                                  !type.startsWith(u"text/"));
        QString value;
        bool html = htmlType || raw.hasElements;
        if (base64) {
            const QByteArray decoded = QByteArray::fromBase64(raw.text.trimmed().toLatin1());
            value = QString::fromUtf8(decoded);
            html = !textType || type.isEmpty() ? true : html;
            if (type == u"text/plain")
                html = false;
        } else {
            value = raw.hasElements ? raw.markup : raw.text;
        }
        if (!html)
            return cleanPlainText(value, maxChars);
        if (links)
            collectLinks(value, base, *links);
        return htmlToPlainText(value, maxChars);
    }

    QString readAuthorName() {
        // Atom: <author><name>..</name><email/></author>; also tolerate bare text.
        QString name;
        QString email;
        QString bare;
        while (true) {
            const QXmlStreamReader::TokenType t = m_reader.readNext();
            if (t == QXmlStreamReader::EndElement || t == QXmlStreamReader::Invalid ||
                m_reader.atEnd())
                break;
            if (t == QXmlStreamReader::Characters)
                bare += m_reader.text().left(kMaxAuthorChars);
            if (t != QXmlStreamReader::StartElement)
                continue;
            const QString child = localName();
            if (child == u"name" && name.isEmpty())
                name = readPlain(kMaxAuthorChars);
            else if (child == u"email" && email.isEmpty())
                email = readPlain(kMaxAuthorChars);
            else
                m_reader.skipCurrentElement();
        }
        if (!name.isEmpty())
            return name;
        const QString b = cleanPlainText(bare, kMaxAuthorChars);
        return !b.isEmpty() ? b : QString();
    }

    // RSS <author>: "jane@example.com (Jane Doe)" or just a name.
    static QString rssAuthorName(const QString &raw) {
        static const QRegularExpression re(QStringLiteral(R"(^\S+@\S+\s*\((.+)\)\s*$)"));
        const QRegularExpressionMatch m = re.match(raw);
        if (m.hasMatch())
            return m.captured(1).trimmed();
        return raw;
    }

    bool addItem(Draft &&d) {
        if (m_drafts.size() >= FeedParser::kMaxItems) {
            m_result.truncated = true;
            return false;
        }
        m_drafts.append(std::move(d));
        return true;
    }

    // --- RSS 0.9x / 2.0 / 1.0 -----------------------------------------------------------------

    void parseRssRoot(const Context &ctx) {
        while (!m_result.truncated && m_reader.readNextStartElement()) {
            const Context c = childContext(ctx);
            const QString name = localName();
            const Space s = space();
            if (s == Space::Core && name == u"channel")
                parseRssChannel(c);
            else if (s == Space::Core && name == u"item")
                parseRssItem(c);
            else
                m_reader.skipCurrentElement();
        }
    }

    void parseRssChannel(const Context &ctx) {
        if (!ctx.lang.isEmpty() && m_result.language.isEmpty())
            m_result.language = primaryLanguage(ctx.lang);
        while (!m_result.truncated && m_reader.readNextStartElement()) {
            const Context c = childContext(ctx);
            const QString name = localName();
            const Space s = space();
            if (s == Space::Core && name == u"item") {
                parseRssItem(c);
            } else if (s == Space::Core && name == u"title" && m_result.title.isEmpty()) {
                m_result.title = readHtml(FeedParser::kMaxTitleChars, nullptr, c.base);
            } else if (s == Space::Dc && name == u"title" && m_result.title.isEmpty()) {
                m_result.title = readHtml(FeedParser::kMaxTitleChars, nullptr, c.base);
            } else if (s == Space::Core && name == u"link" && m_result.link.isEmpty()) {
                m_result.link = safeLink(
                    m_reader.readElementText(QXmlStreamReader::IncludeChildElements), c.base);
            } else if (s == Space::Atom && name == u"link" && m_result.link.isEmpty()) {
                const QString rel = attrString(u"rel").toLower();
                const QString href = attrString(u"href");
                m_reader.skipCurrentElement();
                if (rel.isEmpty() || rel == u"alternate")
                    m_result.link = safeLink(href, c.base);
            } else if ((s == Space::Core && name == u"language") ||
                       (s == Space::Dc && name == u"language")) {
                const QString lang = primaryLanguage(readPlain(64));
                if (m_result.language.isEmpty())
                    m_result.language = lang;
            } else if (s == Space::Core && name == u"pubdate") {
                noteFeedDate(m_result.published);
            } else if ((s == Space::Core && name == u"lastbuilddate") ||
                       (s == Space::Dc && name == u"date") ||
                       (s == Space::DcTerms && name == u"modified")) {
                noteFeedDate(m_result.updated);
            } else if (s == Space::DcTerms && name == u"issued") {
                noteFeedDate(m_result.published);
            } else {
                m_reader.skipCurrentElement();
            }
        }
    }

    void noteFeedDate(QDateTime &slot) {
        const QDateTime d = parseFeedDate(
            m_reader.readElementText(QXmlStreamReader::IncludeChildElements).left(256));
        if (d.isValid() && !slot.isValid())
            slot = d;
    }

    void parseRssItem(const Context &ctx) {
        Draft d;
        d.rdfAbout = cleanId(attrNs(ns::rdf, u"about"));
        d.language = primaryLanguage(ctx.lang);
        QString rssLink;
        QString atomLink;
        QString description;
        QString fallbackDescription;
        QString fallbackTitle;
        QString encoded;
        bool haveEncoded = false;
        QString pubDateRaw;
        while (m_reader.readNextStartElement()) {
            const Context c = childContext(ctx);
            const QString name = localName();
            const Space s = space();
            if (s == Space::Core && name == u"title") {
                if (d.title.isEmpty())
                    d.title = readHtml(FeedParser::kMaxTitleChars, nullptr, c.base);
                else
                    m_reader.skipCurrentElement();
            } else if (s == Space::Dc && name == u"title") {
                const QString t = readHtml(FeedParser::kMaxTitleChars, nullptr, c.base);
                if (d.title.isEmpty())
                    d.title = t;
            } else if (s == Space::Core && name == u"link") {
                const QString l = safeLink(
                    m_reader.readElementText(QXmlStreamReader::IncludeChildElements), c.base);
                if (rssLink.isEmpty())
                    rssLink = l;
            } else if (s == Space::Atom && name == u"link") {
                const QString rel = attrString(u"rel").toLower();
                const QString href = attrString(u"href");
                m_reader.skipCurrentElement();
                if ((rel.isEmpty() || rel == u"alternate") && atomLink.isEmpty())
                    atomLink = safeLink(href, c.base);
            } else if (s == Space::Core && name == u"guid") {
                const bool permaLink =
                    attr(u"isPermaLink").trimmed().toString().toLower() != u"false";
                const QString text =
                    m_reader.readElementText(QXmlStreamReader::IncludeChildElements);
                if (d.guid.isEmpty()) {
                    d.guid = cleanId(text);
                    d.guidIsPermaLink = permaLink;
                    if (permaLink)
                        d.guidLinkCandidate = safeLink(text, c.base);
                }
            } else if (s == Space::Core && name == u"description") {
                const QString t = readHtml(FeedParser::kMaxTextChars, &d.links, c.base);
                if (description.isEmpty())
                    description = t;
            } else if ((name == u"body" && (s == Space::Core || s == Space::Xhtml)) ||
                       name == u"fullitem") {
                // XHTML body / fullitem: the full content, like content:encoded.
                const QString t = readHtml(FeedParser::kMaxTextChars, &d.links, c.base);
                if (!haveEncoded) {
                    encoded = t;
                    haveEncoded = !t.isEmpty();
                }
            } else if ((s == Space::Dc && name == u"description") ||
                       (s == Space::Itunes && name == u"summary") ||
                       (s == Space::Media && name == u"description")) {
                const QString t = readHtml(FeedParser::kMaxTextChars, &d.links, c.base);
                if (fallbackDescription.isEmpty())
                    fallbackDescription = t;
            } else if (s == Space::Media && name == u"title") {
                const QString t = readHtml(FeedParser::kMaxTitleChars, nullptr, c.base);
                if (fallbackTitle.isEmpty())
                    fallbackTitle = t;
            } else if (s == Space::Content && name == u"encoded") {
                const QString t = readHtml(FeedParser::kMaxTextChars, &d.links, c.base);
                if (!haveEncoded) {
                    encoded = t;
                    haveEncoded = !t.isEmpty();
                }
            } else if ((s == Space::Core && name == u"author") ||
                       (s == Space::Dc && (name == u"creator" || name == u"author"))) {
                const QString a = rssAuthorName(readPlain(kMaxAuthorChars));
                if (d.author.isEmpty())
                    d.author = a;
            } else if (s == Space::Atom && name == u"author") {
                const QString a = readAuthorName();
                if (d.author.isEmpty())
                    d.author = a;
            } else if ((s == Space::Core && name == u"pubdate") ||
                       (s == Space::DcTerms && name == u"issued") ||
                       (s == Space::Atom && (name == u"published" || name == u"issued"))) {
                const QString raw = readPlain(256);
                if (pubDateRaw.isEmpty())
                    pubDateRaw = raw;
                noteDate(d, d.published, raw);
            } else if ((s == Space::Dc && name == u"date") ||
                       (s == Space::DcTerms && name == u"modified") ||
                       (s == Space::Atom && (name == u"updated" || name == u"modified"))) {
                const QString raw = readPlain(256);
                if (d.rawDate.isEmpty())
                    d.rawDate = raw;
                noteDate(d, d.updated, raw);
            } else if (s == Space::DcTerms && name == u"created") {
                noteDate(d, d.created, readPlain(256));
            } else if ((s == Space::Dc && name == u"language")) {
                const QString lang = primaryLanguage(readPlain(64));
                if (!lang.isEmpty())
                    d.language = lang;
            } else {
                m_reader.skipCurrentElement();
            }
        }
        if (m_reader.hasError())
            return; // an item cut off by an error is not reported half-read
        if (!pubDateRaw.isEmpty())
            d.rawDate = pubDateRaw;
        d.content = haveEncoded ? encoded : QString();
        d.summary = !description.isEmpty() ? description : fallbackDescription;
        if (d.title.isEmpty())
            d.title = fallbackTitle;
        d.link = !rssLink.isEmpty()    ? rssLink
                 : !atomLink.isEmpty() ? atomLink
                                       : d.guidLinkCandidate;
        addItem(std::move(d));
    }

    // --- Atom 0.3 / 1.0 -----------------------------------------------------------------------

    void considerAtomLink(const Context &c, QString &alternate, QString &fallback) {
        const QString rel = attrString(u"rel").trimmed().toLower();
        QString href = attrString(u"href");
        // Some Atom 0.3 feeds put the URL in the element's text instead of href.
        const QString text = m_reader.readElementText(QXmlStreamReader::IncludeChildElements);
        if (href.trimmed().isEmpty())
            href = text;
        if (href.trimmed().isEmpty())
            return;
        const QString link = safeLink(href, c.base);
        if (link.isEmpty())
            return;
        if ((rel.isEmpty() || rel == u"alternate") && alternate.isEmpty())
            alternate = link;
        else if (fallback.isEmpty() && rel != u"self" && rel != u"enclosure" && rel != u"replies" &&
                 rel != u"edit" && rel != u"license" && rel != u"hub")
            fallback = link;
    }

    void parseAtomFeed(const Context &ctx) {
        if (!ctx.lang.isEmpty())
            m_result.language = primaryLanguage(ctx.lang);
        QString fallbackLink;
        while (!m_result.truncated && m_reader.readNextStartElement()) {
            const Context c = childContext(ctx);
            const QString name = localName();
            const Space s = space();
            if (s != Space::Core) {
                if (s == Space::Dc && name == u"language" && m_result.language.isEmpty())
                    m_result.language = primaryLanguage(readPlain(64));
                else
                    m_reader.skipCurrentElement();
                continue;
            }
            if (name == u"entry") {
                parseAtomEntry(c);
            } else if (name == u"title" && m_result.title.isEmpty()) {
                m_result.title = readAtomText(FeedParser::kMaxTitleChars, nullptr, c.base);
            } else if (name == u"link") {
                considerAtomLink(c, m_result.link, fallbackLink);
            } else if (name == u"id" && m_result.id.isEmpty()) {
                m_result.id =
                    cleanId(m_reader.readElementText(QXmlStreamReader::IncludeChildElements));
            } else if (name == u"updated" || name == u"modified") {
                noteFeedDate(m_result.updated);
            } else if (name == u"published" || name == u"issued") {
                noteFeedDate(m_result.published);
            } else if (name == u"author" && m_feedAuthor.isEmpty()) {
                m_feedAuthor = readAuthorName();
            } else {
                m_reader.skipCurrentElement();
            }
        }
        if (m_result.link.isEmpty())
            m_result.link = fallbackLink;
    }

    void parseAtomEntry(const Context &ctx) {
        Draft d;
        d.language = primaryLanguage(ctx.lang);
        QString alternate;
        QString fallbackLink;
        bool haveContent = false;
        while (m_reader.readNextStartElement()) {
            const Context c = childContext(ctx);
            const QString name = localName();
            const Space s = space();
            if (s == Space::Dc) {
                if (name == u"creator" && d.author.isEmpty())
                    d.author = readPlain(kMaxAuthorChars);
                else if (name == u"date")
                    noteDate(d, d.updated, readPlain(256));
                else if (name == u"language")
                    d.language = primaryLanguage(readPlain(64));
                else
                    m_reader.skipCurrentElement();
                continue;
            }
            if (s != Space::Core) {
                m_reader.skipCurrentElement();
                continue;
            }
            if (name == u"id") {
                const QString id =
                    cleanId(m_reader.readElementText(QXmlStreamReader::IncludeChildElements));
                if (d.id.isEmpty())
                    d.id = id;
            } else if (name == u"title") {
                const QString t = readAtomText(FeedParser::kMaxTitleChars, nullptr, c.base);
                if (d.title.isEmpty())
                    d.title = t;
            } else if (name == u"link") {
                considerAtomLink(c, alternate, fallbackLink);
            } else if (name == u"content") {
                bool present = false;
                const QString t =
                    readAtomText(FeedParser::kMaxTextChars, &d.links, c.base, &present);
                if (!haveContent && !t.isEmpty()) {
                    d.content = t;
                    haveContent = true;
                }
            } else if (name == u"summary") {
                const QString t = readAtomText(FeedParser::kMaxTextChars, &d.links, c.base);
                if (d.summary.isEmpty())
                    d.summary = t;
            } else if (name == u"published" || name == u"issued") {
                const QString raw = readPlain(256);
                if (d.rawDate.isEmpty() || !d.published.isValid())
                    d.rawDate = raw;
                noteDate(d, d.published, raw);
            } else if (name == u"updated" || name == u"modified") {
                const QString raw = readPlain(256);
                if (d.rawDate.isEmpty())
                    d.rawDate = raw;
                noteDate(d, d.updated, raw);
            } else if (name == u"created") {
                noteDate(d, d.created, readPlain(256));
            } else if (name == u"author") {
                const QString a = readAuthorName();
                if (d.author.isEmpty())
                    d.author = a;
            } else {
                // <source> carries another feed's title/id/updated: never the entry's own.
                m_reader.skipCurrentElement();
            }
        }
        if (m_reader.hasError())
            return;
        d.link = !alternate.isEmpty() ? alternate : fallbackLink;
        addItem(std::move(d));
    }

    // --- CDF (Microsoft Channel Definition Format, 1997) --------------------------------------

    void parseCdfChannel(const Context &ctx) {
        m_result.link = safeLink(attr(u"href"), ctx.base);
        m_result.updated = parseFeedDate(attr(u"lastmod"));
        while (!m_result.truncated && m_reader.readNextStartElement()) {
            const Context c = childContext(ctx);
            const QString name = localName();
            if (name == u"title" && m_result.title.isEmpty()) {
                m_result.title = readHtml(FeedParser::kMaxTitleChars, nullptr, c.base);
            } else if (name == u"item") {
                Draft d;
                d.link = safeLink(attr(u"href"), c.base);
                const QString lastmod = attrString(u"lastmod");
                if (!lastmod.isEmpty()) {
                    d.rawDate = lastmod;
                    noteDate(d, d.updated, lastmod);
                }
                while (m_reader.readNextStartElement()) {
                    const QString child = localName();
                    if (child == u"title" && d.title.isEmpty())
                        d.title = readHtml(FeedParser::kMaxTitleChars, nullptr, c.base);
                    else if (child == u"abstract" && d.summary.isEmpty())
                        d.summary = readHtml(FeedParser::kMaxTextChars, &d.links, c.base);
                    else
                        m_reader.skipCurrentElement();
                }
                if (m_reader.hasError())
                    return;
                addItem(std::move(d));
            } else {
                m_reader.skipCurrentElement();
            }
        }
    }

public:
    // The prefix of the undeclared namespace that stopped the reader, if that was the error.
    [[nodiscard]] QString undeclaredPrefix() const { return m_undeclaredPrefix; }

    void finishItems() {
        for (Draft &d : m_drafts) {
            m_result.items.append(
                finish(std::move(d), m_ingestTime, m_result.language, m_feedAuthor));
        }
        m_drafts.clear();
    }

private:
    HtmlEntityResolver m_resolver;
    QXmlStreamReader m_reader;
    QUrl m_feedUrl;
    QDateTime m_ingestTime;
    FeedParseResult &m_result;
    Kind m_kind = Kind::Rss;
    bool m_atom03 = false;
    QString m_feedAuthor;
    QString m_undeclaredPrefix;
    QString m_rootNs;
    QList<Draft> m_drafts;
};

// ---------------------------------------------------------------------------------------------
// JSON Feed 1.0 / 1.1

QString jsonString(const QJsonValue &v) {
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return v.toVariant().toString();
    return {};
}

QString jsonAuthor(const QJsonObject &o) {
    const QJsonArray authors = o.value(QLatin1String("authors")).toArray();
    for (const QJsonValue &a : authors) {
        const QString name =
            cleanPlainText(a.toObject().value(QLatin1String("name")).toString(), kMaxAuthorChars);
        if (!name.isEmpty())
            return name;
    }
    return cleanPlainText(
        o.value(QLatin1String("author")).toObject().value(QLatin1String("name")).toString(),
        kMaxAuthorChars);
}

void parseJsonFeed(const QByteArray &body, const QUrl &feedUrl, const QDateTime &ingestTime,
                   FeedParseResult &result) {
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError) {
        result.error =
            QStringLiteral("JSON error at offset %1: %2").arg(err.offset).arg(err.errorString());
        return;
    }
    const QJsonObject feed = doc.object();
    const QString version = feed.value(QLatin1String("version")).toString();
    if (!doc.isObject() || !version.contains(u"jsonfeed.org/version/")) {
        result.error = QStringLiteral("not a feed: JSON without a jsonfeed.org version");
        return;
    }
    result.format = FeedFormat::JsonFeed;
    result.version = version.left(64);
    result.title =
        cleanPlainText(feed.value(QLatin1String("title")).toString(), FeedParser::kMaxTitleChars);
    const QUrl base = feedUrl;
    result.link = safeLink(feed.value(QLatin1String("home_page_url")).toString(), base);
    result.language = primaryLanguage(feed.value(QLatin1String("language")).toString());
    const QString feedAuthor = jsonAuthor(feed);

    const QJsonValue itemsValue = feed.value(QLatin1String("items"));
    if (!itemsValue.isArray()) {
        result.error = QStringLiteral("JSON Feed without an items array");
        return;
    }
    const QJsonArray items = itemsValue.toArray();
    for (const QJsonValue &v : items) {
        if (result.items.size() >= FeedParser::kMaxItems) {
            result.truncated = true;
            break;
        }
        const QJsonObject o = v.toObject();
        if (o.isEmpty())
            continue;
        Draft d;
        d.id = cleanId(jsonString(o.value(QLatin1String("id"))));
        d.link = safeLink(o.value(QLatin1String("url")).toString(), base);
        if (d.link.isEmpty())
            d.link = safeLink(o.value(QLatin1String("external_url")).toString(), base);
        d.title =
            cleanPlainText(o.value(QLatin1String("title")).toString(), FeedParser::kMaxTitleChars);
        const QString html = o.value(QLatin1String("content_html")).toString();
        const QString text = o.value(QLatin1String("content_text")).toString();
        if (!html.isEmpty()) {
            d.links = extractSafeLinks(html, base, FeedParser::kMaxLinksPerItem);
        }
        d.content = !text.isEmpty() ? cleanPlainText(text, FeedParser::kMaxTextChars)
                                    : htmlToPlainText(html, FeedParser::kMaxTextChars);
        d.summary =
            cleanPlainText(o.value(QLatin1String("summary")).toString(), FeedParser::kMaxTextChars);
        d.author = jsonAuthor(o);
        d.language = primaryLanguage(o.value(QLatin1String("language")).toString());
        const QString published = o.value(QLatin1String("date_published")).toString();
        const QString modified = o.value(QLatin1String("date_modified")).toString();
        if (!published.isEmpty())
            noteDate(d, d.published, published);
        if (!modified.isEmpty())
            noteDate(d, d.updated, modified);
        d.rawDate = !published.isEmpty() ? published : modified;
        result.items.append(finish(std::move(d), ingestTime, result.language, feedAuthor));
    }
}

// Feeds often use dc:, content:, itunes: ... without declaring them. Declaring the prefix on the
// root element (with its usual namespace) reads them as the author meant. Returns false when the
// root element cannot be found.
bool declarePrefix(QString &text, const QString &prefix) {
    static const QHash<QString, QString> known = {
        {QStringLiteral("dc"), ns::dc},
        {QStringLiteral("dcterms"), ns::dcterms},
        {QStringLiteral("content"), ns::content},
        {QStringLiteral("rdf"), ns::rdf},
        {QStringLiteral("atom"), ns::atom10},
        {QStringLiteral("itunes"), ns::itunes},
        {QStringLiteral("media"), ns::media},
        {QStringLiteral("wfw"), QStringLiteral("http://wellformedweb.org/CommentAPI/")},
        {QStringLiteral("slash"), QStringLiteral("http://purl.org/rss/1.0/modules/slash/")},
        {QStringLiteral("xhtml"), ns::xhtml}};
    static const QRegularExpression validPrefix(QStringLiteral("^[A-Za-z_][A-Za-z0-9._-]*$"));
    if (!validPrefix.match(prefix).hasMatch())
        return false;
    // Skip the prolog: declaration, processing instructions, comments, DOCTYPE.
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const qsizetype lt = text.indexOf(u'<', i);
        if (lt < 0 || lt + 1 >= n)
            return false;
        const QStringView rest = QStringView(text).sliced(lt);
        qsizetype close = -1;
        if (rest.startsWith(u"<?"))
            close = text.indexOf(u"?>", lt);
        else if (rest.startsWith(u"<!--"))
            close = text.indexOf(u"-->", lt);
        else if (rest.startsWith(u"<!")) {
            const qsizetype bracket = text.indexOf(u'[', lt);
            const qsizetype gt = text.indexOf(u'>', lt);
            close = (bracket >= 0 && bracket < gt) ? text.indexOf(u"]>", bracket) : gt;
        } else {
            qsizetype j = lt + 1;
            while (j < n && !text.at(j).isSpace() && text.at(j) != u'>' && text.at(j) != u'/')
                ++j;
            const QString uri = known.value(prefix, QStringLiteral("urn:x-undeclared:") + prefix);
            text.insert(j, QStringLiteral(" xmlns:%1=\"%2\"").arg(prefix, uri));
            return true;
        }
        if (close < 0)
            return false;
        i = close + 1;
    }
    return false;
}

bool looksLikeJson(QStringView text) {
    for (QChar c : text) {
        if (c.isSpace())
            continue;
        return c == u'{';
    }
    return false;
}

} // namespace

FeedParseResult FeedParser::parse(const QByteArray &body, const QUrl &feedUrl,
                                  const QDateTime &ingestTime, QByteArrayView contentType) {
    FeedParseResult result;
    if (body.trimmed().isEmpty()) {
        result.error = QStringLiteral("empty document");
        return result;
    }
    DecodedBody decoded = decodeBody(body, contentType);
    result.encoding = decoded.encoding;
    if (looksLikeJson(
            QStringView(decoded.text).first(std::min<qsizetype>(decoded.text.size(), 64)))) {
        parseJsonFeed(decoded.text.toUtf8(), feedUrl, ingestTime, result);
    } else {
        // White space before the XML declaration is an error in XML, and common in real feeds
        // (generated by templates); dropping it loses nothing.
        qsizetype start = 0;
        while (start < decoded.text.size() && decoded.text.at(start).isSpace())
            ++start;
        if (start > 0 && QStringView(decoded.text).sliced(start).startsWith(u"<?xml"))
            decoded.text.remove(0, start);
        for (int attempt = 0;; ++attempt) {
            FeedParseResult attemptResult;
            attemptResult.encoding = result.encoding;
            XmlFeedReader reader(decoded.text, feedUrl, ingestTime, attemptResult);
            reader.run();
            const QString prefix = reader.undeclaredPrefix();
            if (!prefix.isEmpty() && attempt < 8 && declarePrefix(decoded.text, prefix))
                continue;
            reader.finishItems();
            result = std::move(attemptResult);
            break;
        }
    }
    if (result.error.isEmpty() && !decoded.problem.isEmpty())
        result.error = decoded.problem;
    return result;
}

} // namespace warroom
