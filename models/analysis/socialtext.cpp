#include "socialtext.h"

namespace warroom::socialtext {

namespace {

// Appends the character a numeric entity names; false when the number is not a valid code point.
bool appendCodePoint(QString &out, char32_t cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return false;
    if (QChar::requiresSurrogates(cp)) {
        out.append(QChar(QChar::highSurrogate(cp)));
        out.append(QChar(QChar::lowSurrogate(cp)));
    } else {
        out.append(QChar(char16_t(cp)));
    }
    return true;
}

// Decodes the entity whose name (between '&' and ';') is `name`; false when unknown.
bool appendEntity(QString &out, QStringView name) {
    if (name.size() >= 2 && name.front() == u'#') {
        bool ok = false;
        const bool hex = name.at(1) == u'x' || name.at(1) == u'X';
        const uint cp = hex ? name.mid(2).toUInt(&ok, 16) : name.mid(1).toUInt(&ok, 10);
        return ok && appendCodePoint(out, cp);
    }
    struct Named {
        QStringView name;
        char16_t ch;
    };
    static constexpr Named named[] = {
        {u"amp", u'&'},        {u"lt", u'<'},         {u"gt", u'>'},          {u"quot", u'"'},
        {u"apos", u'\''},      {u"nbsp", u'\u00A0'},  {u"hellip", u'\u2026'}, {u"rsquo", u'\u2019'},
        {u"lsquo", u'\u2018'}, {u"rdquo", u'\u201D'}, {u"ldquo", u'\u201C'},  {u"mdash", u'\u2014'},
        {u"ndash", u'\u2013'}};
    for (const Named &n : named) {
        if (n.name == name) {
            out.append(QChar(n.ch));
            return true;
        }
    }
    return false;
}

} // namespace

QString decodeHtmlEntities(QStringView text) {
    qsizetype amp = text.indexOf(u'&');
    if (amp < 0)
        return text.toString();
    QString out;
    out.reserve(text.size());
    qsizetype from = 0;
    while (amp >= 0) {
        out.append(text.mid(from, amp - from));
        // Entity names are short; a ';' further away means this '&' is just an ampersand.
        const qsizetype semi = text.mid(amp + 1, 10).indexOf(u';');
        if (semi > 0 && appendEntity(out, text.mid(amp + 1, semi))) {
            from = amp + 1 + semi + 1;
        } else {
            out.append(u'&');
            from = amp + 1;
        }
        amp = text.indexOf(u'&', from);
    }
    out.append(text.mid(from));
    return out;
}

bool isUrlToken(QStringView token) {
    if (token.startsWith(u"http", Qt::CaseInsensitive)) {
        const QStringView rest = token.mid(4);
        return rest.isEmpty() || rest.startsWith(u"://") || rest.startsWith(u"s://") ||
               rest.compare(u"s", Qt::CaseInsensitive) == 0 || rest.startsWith(u":") ||
               rest.startsWith(u"s:");
    }
    return token.size() > 4 && token.startsWith(u"www.", Qt::CaseInsensitive);
}

bool isHandleToken(QStringView token) {
    return token.size() > 1 && (token.front() == u'@' || token.front() == u'\uFF20') &&
           (token.at(1).isLetterOrNumber() || token.at(1) == u'_');
}

} // namespace warroom::socialtext
