#include "languagedetector.h"

#include "socialtext.h"

#include <cstdio> // compact_lang_det.h uses FILE without including it

#include <compact_lang_det.h>
#include <encodings.h>

namespace warroom {

QString LanguageDetector::cleanForDetection(QStringView text) {
    const QString decoded = socialtext::decodeHtmlEntities(text);
    QString out;
    out.reserve(decoded.size());
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
        const QStringView token = QStringView(decoded).mid(start, i - start);
        if (socialtext::isUrlToken(token) || socialtext::isHandleToken(token))
            continue;
        if (token.front() == u'#' || token.front() == u'\uFF03')
            continue;
        if (token == u"RT" || token == u"rt")
            continue;
        if (!out.isEmpty())
            out.append(u' ');
        out.append(token);
    }
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
    const QByteArray utf8 = cleanForDetection(text).toUtf8();
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
        CLD2::Language language3[3];
        int percent3[3] = {0, 0, 0};
        double normalizedScore3[3] = {0, 0, 0};
        int textBytes = 0;
        bool reliable = false;
        int validPrefixBytes = 0;
        const CLD2::Language top = CLD2::ExtDetectLanguageSummaryCheckUTF8(
            utf8.constData(), int(utf8.size()), /*is_plain_text=*/true, &cldHints, flags, language3,
            percent3, normalizedScore3, nullptr, &textBytes, &reliable, &validPrefixBytes);
        guess.bestGuess = isoCodeFromCld2(CLD2::LanguageCode(top));
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
