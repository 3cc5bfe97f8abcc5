#pragma once

#include <QString>
#include <QStringView>

// Language identification for mention text, wrapping Google's Compact Language Detector 2 (CLD2).
// Stateless: one const instance can be shared by any number of threads (CLD2 is thread-safe).
namespace warroom {

struct LanguageGuess {
    // ISO 639-1 code ("en", "sw", "hy", "zh", "tl"; ISO 639-2/3 where no two-letter code exists,
    // e.g. "haw"), but only when CLD2 is confident; "" when unreliable or unknown.
    QString code;
    // CLD2's top language even when it is not confident (short posts); "" when it has none.
    QString bestGuess;
    bool reliable = false; // CLD2 found bestGuess clearly more probable than the runner-up
    int percent = 0;       // share (0..100) of the examined letters that are in bestGuess
    int textBytes = 0;     // UTF-8 bytes of letters CLD2 examined, after cleaning
};

class LanguageDetector final {
public:
    // External evidence about the language; each one only boosts a candidate, never forces it.
    struct Hints {
        QString language;       // what the source declares (Mastodon "language", feed xml:lang)
        QString topLevelDomain; // of the post's URL, e.g. "ke" boosts Swahili, "ph" Tagalog
    };

    [[nodiscard]] LanguageGuess detect(QStringView text, const Hints &hints = {}) const;

    // Text as CLD2 sees it: links, @handles, #tags and the "RT" marker removed, HTML entities
    // decoded. They are ASCII/English noise that would otherwise outvote a short non-English post.
    [[nodiscard]] static QString cleanForDetection(QStringView text);

    // CLD2's code for a language, normalised to ISO 639 ("iw" -> "he", "zh-Hant" -> "zh").
    [[nodiscard]] static QString isoCodeFromCld2(const char *cld2Code);
};

} // namespace warroom
