#include "languagedetector.h"

#include "socialtext.h"

#include <cstdio> // compact_lang_det.h uses FILE without including it

#include <compact_lang_det.h>
#include <encodings.h>

#include <QStringEncoder>

#include <array>

namespace warroom {

namespace {

// The tokens of `text` (HTML entities decoded) that tell its language: links, @handles, #tags
// and the "RT" marker are left out (ASCII/English noise that would outvote a short non-English
// post).
template <typename Keep> void forEachLanguageToken(QStringView text, Keep keep) {
    QString decodedCopy;
    QStringView decoded = text;
    if (text.contains(u'&')) {
        decodedCopy = socialtext::decodeHtmlEntities(text);
        decoded = decodedCopy;
    }
    qsizetype i = 0;
    const qsizetype n = decoded.size();
    while (i < n) {
        while (i < n && decoded.at(i).isSpace())
            ++i;
        const qsizetype start = i;
        while (i < n && !decoded.at(i).isSpace())
            ++i;
        if (start == i)
            break;
        const QStringView token = decoded.mid(start, i - start);
        if (socialtext::isUrlToken(token) || socialtext::isHandleToken(token))
            continue;
        if (token.front() == u'#' || token.front() == u'\uFF03')
            continue;
        if (token == u"RT" || token == u"rt")
            continue;
        keep(token);
    }
}

// cleanForDetection(text).toUtf8(), built without the intermediate strings (this runs on every
// mention): the tokens encoded straight into the buffer CLD2 reads.
QByteArray cleanUtf8ForDetection(QStringView text) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit (4 per surrogate pair); entities only shrink.
    QByteArray out(text.size() * 3 + 1, Qt::Uninitialized);
    char *const begin = out.data();
    char *p = begin;
    QStringEncoder encoder(QStringEncoder::Utf8, QStringEncoder::Flag::Stateless);
    forEachLanguageToken(text, [&](QStringView token) {
        if (p != begin)
            *p++ = ' ';
        p = encoder.appendToBuffer(p, token);
    });
    out.truncate(p - begin);
    return out;
}

// isoCodeFromCld2 for every CLD2 language, computed once.
const QString &isoCode(CLD2::Language language) {
    static const auto table = [] {
        std::array<QString, CLD2::NUM_LANGUAGES> t;
        for (int l = 0; l < CLD2::NUM_LANGUAGES; ++l)
            t[size_t(l)] = LanguageDetector::isoCodeFromCld2(
                CLD2::LanguageCode(static_cast<CLD2::Language>(l)));
        return t;
    }();
    static const QString none;
    return language >= 0 && language < CLD2::NUM_LANGUAGES ? table[size_t(language)] : none;
}

} // namespace

QString LanguageDetector::cleanForDetection(QStringView text) {
    QString out;
    out.reserve(text.size());
    forEachLanguageToken(text, [&](QStringView token) {
        if (!out.isEmpty())
            out.append(u' ');
        out.append(token);
    });
    return out;
}

QString LanguageDetector::isoCodeFromCld2(const char *cld2Code) {
    QString code = QString::fromLatin1(cld2Code);
    if (code.isEmpty() || code == u"un" || code.startsWith(u"xx") || code.startsWith(u"zzb") ||
        code.startsWith(u"zzp") || code.startsWith(u"zzh")) {
        return {};
    }
    // Region and script suffixes: "zh-Hant", "sr-ME", "pt-BR".
    const qsizetype dash = code.indexOf(u'-');
    if (dash > 0)
        code.truncate(dash);
    // CLD2 keeps a few codes that ISO 639-1 withdrew.
    if (code == u"iw")
        return QStringLiteral("he");
    if (code == u"jw")
        return QStringLiteral("jv");
    if (code == u"in")
        return QStringLiteral("id");
    if (code == u"ji")
        return QStringLiteral("yi");
    if (code == u"mo")
        return QStringLiteral("ro");
    return code;
}

LanguageGuess LanguageDetector::detect(QStringView text, const Hints &hints) const {
    LanguageGuess guess;
    const QByteArray utf8 = cleanUtf8ForDetection(text);
    if (utf8.isEmpty())
        return guess;

    const QByteArray languageHint = hints.language.trimmed().toLower().toLatin1();
    const QByteArray tldHint = hints.topLevelDomain.trimmed().toLower().toLatin1();
    CLD2::CLDHints cldHints{};
    cldHints.content_language_hint = languageHint.isEmpty() ? nullptr : languageHint.constData();
    cldHints.tld_hint = tldHint.isEmpty() ? nullptr : tldHint.constData();
    cldHints.encoding_hint = CLD2::UNKNOWN_ENCODING;
    cldHints.language_hint = CLD2::UNKNOWN_LANGUAGE;

    // CLD2's normal mode first; its `reliable` flag is trustworthy (on the UMSAB tweets 95-100%
    // of its reliable answers are right) but it gives up on many short posts. A best-effort pass
    // then still guesses; best effort calls almost everything reliable, wrong answers included,
    // so we only keep its flag when the normal pass had picked the same language and merely
    // doubted it (a long document with some unreadable runs, like seed 003).
    CLD2::Language normalTop = CLD2::UNKNOWN_LANGUAGE;
    for (const int flags : {0, int(CLD2::kCLDFlagBestEffort)}) {
        CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
                                       CLD2::UNKNOWN_LANGUAGE};
        int percent3[3] = {0, 0, 0};
        double normalizedScore3[3] = {0, 0, 0};
        int textBytes = 0;
        bool reliable = false;
        int validPrefixBytes = 0;
        const CLD2::Language top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
            utf8.constData(), int(utf8.size()), /*is_plain_text=*/true, &cldHints, flags, language3,
            percent3, normalizedScore3, nullptr, &textBytes, &reliable, &validPrefixBytes);
        guess.bestGuess = isoCode(top);
        guess.percent = language3[0] == top ? percent3[0] : 0;
        guess.textBytes = textBytes;
        if (flags == 0) {
            normalTop = top;
            guess.reliable = reliable;
        } else {
            guess.reliable = reliable && top == normalTop;
        }
        if (guess.bestGuess.isEmpty())
            guess.reliable = false;
        if (guess.reliable)
            break;
    }
    guess.code = guess.reliable ? guess.bestGuess : QString();
    return guess;
}

} // namespace warroom
