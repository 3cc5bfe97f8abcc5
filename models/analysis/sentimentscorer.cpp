#include "sentimentscorer.h"

#include "socialtext.h"

#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QSet>
#include <QVarLengthArray>

#include <algorithm>
#include <cmath>
#include <mutex>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initLexiconResource() {
    Q_INIT_RESOURCE(lexicons);
}

namespace warroom {

namespace {
Q_LOGGING_CATEGORY(lcSentiment, "warroom.analysis.sentiment")
} // namespace

void initAnalysisResources() {
    static std::once_flag once;
    std::call_once(once, [] { initLexiconResource(); });
}

namespace {

// Constants of VADER (Hutto & Gilbert 2014, vaderSentiment.py), kept as published.
constexpr float kBoosterIncrement = 0.293f;
constexpr float kBoosterDecrement = -0.293f;
constexpr float kCapsIncrement = 0.733f;
constexpr float kNegationScalar = -0.74f;
constexpr double kNormalisationAlpha = 15.0;
// AFINN rates -5..+5 in integers, VADER -4..+4: rescale so the languages are comparable.
constexpr float kAfinnToVader = 0.8f;

// What a lexicon knows about one lower-case token: a single hash lookup per token.
struct Entry {
    enum Flag : quint8 {
        HasValence = 1,  // an opinion word or emoticon
        Negation = 2,    // "not", "never", "ikke"
        Contrast = 4,    // "but", "mais"
        PhraseStart = 8, // first word of a multi-word entry
        IdiomEnd = 16,   // last word of one of VADER's English special cases
    };
    float valence = 0.0f;
    float booster = 0.0f; // +0.293 "very", -0.293 "barely", 0 otherwise
    quint8 flags = 0;
};

// One language's word lists. Keys are lower case, typographic apostrophes folded to '.
struct Profile {
    QString language;
    QHash<QString, Entry> entries;
    QHash<QString, float> phrases; // multi-word entries, "does not work" -> -2.4
    int maxPhraseWords = 1;
    bool negateNt = false;       // English: any token with "n't" negates
    bool negateElidedNe = false; // French: "n'est", "n'ai" negate
    bool englishRules = false;   // VADER's English special cases ("no", "least", ...)
};

// The word lists of a language while they are being read, before they become a Profile.
struct ProfileSource {
    QString language;
    QHash<QString, float> valence;
    QHash<QString, float> phrases;
    QHash<QString, float> boosters;
    QStringList negations;
    QStringList contrasts;
};

struct Token {
    QStringView lower; // into the call's folded copy of the text
    Entry entry;
    float emojiValence = 0.0f;
    bool isEmoji = false;
    bool allCaps = false;

    [[nodiscard]] bool inLexicon() const { return isEmoji || (entry.flags & Entry::HasValence); }
    [[nodiscard]] float valence() const { return isEmoji ? emojiValence : entry.valence; }
};

using Tokens = QVarLengthArray<Token, 48>;

// A QString over borrowed characters, for QHash lookups without allocating.
QString borrowed(QStringView v) {
    return QString::fromRawData(v.data(), v.size());
}

char16_t foldChar(QChar c) {
    const char16_t u = c.unicode();
    if (u == 0x2019 || u == 0x2018 || u == 0x02BC || u == 0x0060 || u == 0x00B4)
        return u'\'';
    if (u < 0x80)
        return (u >= u'A' && u <= u'Z') ? char16_t(u + 32) : u;
    return c.toLower().unicode();
}

QString foldKey(QStringView s) {
    QString out(s.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < s.size(); ++i)
        out[i] = QChar(foldChar(s.at(i)));
    return out;
}

QStringList readLines(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        qCWarning(lcSentiment) << "cannot read lexicon" << path << file.errorString();
        return {};
    }
    return QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
}

// Emoticons are the entries made of punctuation ("<3", ":-(", ":d"): they mean the same in every
// language, so every language's profile gets them.
bool looksLikeEmoticon(QStringView key) {
    int letters = 0;
    bool symbol = false;
    for (const QChar c : key) {
        if (c.isLetter())
            ++letters;
        else if (c != u'\'' && c != u'-')
            symbol = true;
    }
    return symbol && letters <= 2 && key.size() <= 6;
}

void addTerm(ProfileSource &p, QStringView term, float value, bool overwrite) {
    const QString key = foldKey(term.trimmed()).simplified();
    if (key.isEmpty())
        return;
    QHash<QString, float> &table = key.contains(u' ') ? p.phrases : p.valence;
    if (overwrite || !table.contains(key))
        table.insert(key, value);
}

// `term<TAB>value` lines; '#' starts a comment line. AFINN's integers are rescaled.
void loadTable(ProfileSource &p, const QString &path, float scale, bool overwrite) {
    for (const QString &line : readLines(path)) {
        if (line.startsWith(u'#'))
            continue;
        const qsizetype tab = line.lastIndexOf(u'\t');
        if (tab <= 0)
            continue;
        bool ok = false;
        const float v = QStringView(line).mid(tab + 1).trimmed().toFloat(&ok);
        if (ok)
            addTerm(p, QStringView(line).left(tab), v * scale, overwrite);
    }
}

QStringList toList(std::initializer_list<const char16_t *> words) {
    QStringList out;
    for (const char16_t *w : words)
        out.append(QString::fromUtf16(w));
    return out;
}

// The function words of each language, written for this scorer from standard grammars. Short on
// purpose: a wrong negation does more harm than a missing one.
void addFunctionWords(ProfileSource &p, const QStringList &negations, const QStringList &up,
                      const QStringList &down, const QStringList &contrasts) {
    p.negations += negations;
    for (const QString &w : up)
        p.boosters.insert(w, kBoosterIncrement);
    for (const QString &w : down)
        p.boosters.insert(w, kBoosterDecrement);
    p.contrasts += contrasts;
}

ProfileSource englishSource() {
    ProfileSource p;
    p.language = QStringLiteral("en");
    // VADER's lexicon: token, mean valence, sd, raw ratings.
    for (const QString &line : readLines(QStringLiteral(":/lexicons/vader_lexicon.txt"))) {
        const QStringList f = line.split(u'\t');
        bool ok = false;
        const float v = f.size() >= 2 ? f.at(1).toFloat(&ok) : 0.0f;
        if (ok)
            p.valence.insert(foldKey(f.at(0)), v);
    }
    // AFINN-165 fills words VADER lacks and brings multi-word entries ("does not work").
    loadTable(p, QStringLiteral(":/lexicons/AFINN-en-165.txt"), kAfinnToVader, false);
    // Our own corrections for messages addressed to a brand; they override both (see the file).
    loadTable(p, QStringLiteral(":/lexicons/warroom-customer-care-en.tsv"), 1.0f, true);
    // VADER's NEGATE list and BOOSTER_DICT, verbatim (minus the multi-word boosters).
    addFunctionWords(
        p, toList({u"aint",    u"arent",    u"cannot",  u"cant",     u"couldnt",  u"darent",
                   u"didnt",   u"doesnt",   u"ain't",   u"aren't",   u"can't",    u"couldn't",
                   u"daren't", u"didn't",   u"doesn't", u"dont",     u"hadnt",    u"hasnt",
                   u"havent",  u"isnt",     u"mightnt", u"mustnt",   u"neither",  u"don't",
                   u"hadn't",  u"hasn't",   u"haven't", u"isn't",    u"mightn't", u"mustn't",
                   u"neednt",  u"needn't",  u"never",   u"none",     u"nope",     u"nor",
                   u"not",     u"nothing",  u"nowhere", u"oughtnt",  u"shant",    u"shouldnt",
                   u"uhuh",    u"wasnt",    u"werent",  u"oughtn't", u"shan't",   u"shouldn't",
                   u"uh-uh",   u"wasn't",   u"weren't", u"without",  u"wont",     u"wouldnt",
                   u"won't",   u"wouldn't", u"rarely",  u"seldom",   u"despite"}),
        toList({u"absolutely",   u"amazingly",  u"awfully",      u"completely",    u"considerable",
                u"considerably", u"decidedly",  u"deeply",       u"effing",        u"enormous",
                u"enormously",   u"entirely",   u"especially",   u"exceptional",   u"exceptionally",
                u"extreme",      u"extremely",  u"fabulously",   u"flipping",      u"flippin",
                u"frackin",      u"fracking",   u"fricking",     u"frickin",       u"frigging",
                u"friggin",      u"fully",      u"fuckin",       u"fucking",       u"fuggin",
                u"fugging",      u"greatly",    u"hella",        u"highly",        u"hugely",
                u"incredible",   u"incredibly", u"intensely",    u"major",         u"majorly",
                u"more",         u"most",       u"particularly", u"purely",        u"quite",
                u"really",       u"remarkably", u"so",           u"substantially", u"thoroughly",
                u"total",        u"totally",    u"tremendous",   u"tremendously",  u"uber",
                u"unbelievably", u"unusually",  u"utter",        u"utterly",       u"very"}),
        toList({u"almost", u"barely", u"hardly",   u"kinda",      u"kindof",     u"kind-of",
                u"less",   u"little", u"marginal", u"marginally", u"occasional", u"occasionally",
                u"partly", u"scarce", u"scarcely", u"slight",     u"slightly",   u"somewhat",
                u"sorta",  u"sortof", u"sort-of"}),
        toList({u"but"}));
    return p;
}

ProfileSource afinnSource(const QString &language, const QString &file,
                          const QStringList &negations, const QStringList &up,
                          const QStringList &down, const QStringList &contrasts) {
    ProfileSource p;
    p.language = language;
    loadTable(p, QStringLiteral(":/lexicons/") + file, kAfinnToVader, false);
    addFunctionWords(p, negations, up, down, contrasts);
    return p;
}

// VADER's SENTIMENT_LADEN special cases: the n-gram around a word replaces its valence.
const QHash<QString, float> &specialCases() {
    static const QHash<QString, float> table = {
        {QStringLiteral("the shit"), 3.0f},       {QStringLiteral("the bomb"), 3.0f},
        {QStringLiteral("bad ass"), 1.5f},        {QStringLiteral("badass"), 1.5f},
        {QStringLiteral("bus stop"), 0.0f},       {QStringLiteral("yeah right"), -2.0f},
        {QStringLiteral("kiss of death"), -1.5f}, {QStringLiteral("to die for"), 3.0f},
        {QStringLiteral("beating heart"), 3.1f},  {QStringLiteral("broken heart"), -2.9f}};
    return table;
}

Profile compile(ProfileSource src, const QHash<QString, float> &emoticons, bool english) {
    Profile p;
    p.language = src.language;
    p.englishRules = english;
    p.negateNt = english;
    p.negateElidedNe = src.language == u"fr";
    for (auto it = emoticons.cbegin(); it != emoticons.cend(); ++it) {
        if (!src.valence.contains(it.key()))
            src.valence.insert(it.key(), it.value());
    }
    // A function word is not also an opinion word in the non-English lists ("bien" is positive,
    // but "très bien" must boost "bien", and "pas" must not score). VADER's English lexicon keeps
    // its own overlaps ("no" is both), which its rules expect.
    if (!english) {
        for (auto it = src.boosters.cbegin(); it != src.boosters.cend(); ++it)
            src.valence.remove(it.key());
        for (const QString &w : std::as_const(src.negations))
            src.valence.remove(w);
    }
    for (auto it = src.valence.cbegin(); it != src.valence.cend(); ++it) {
        Entry &e = p.entries[it.key()];
        e.valence = it.value();
        e.flags |= Entry::HasValence;
    }
    for (auto it = src.boosters.cbegin(); it != src.boosters.cend(); ++it)
        p.entries[it.key()].booster = it.value();
    for (const QString &w : std::as_const(src.negations))
        p.entries[w].flags |= Entry::Negation;
    for (const QString &w : std::as_const(src.contrasts))
        p.entries[w].flags |= Entry::Contrast;
    for (auto it = src.phrases.cbegin(); it != src.phrases.cend(); ++it) {
        const QStringList words = it.key().split(u' ');
        p.entries[words.first()].flags |= Entry::PhraseStart;
        p.maxPhraseWords = std::max(p.maxPhraseWords, int(words.size()));
    }
    p.phrases = std::move(src.phrases);
    if (english) {
        for (auto it = specialCases().cbegin(); it != specialCases().cend(); ++it)
            p.entries[it.key().section(u' ', -1)].flags |= Entry::IdiomEnd;
    }
    return p;
}

} // namespace

struct SentimentScorer::Lexicons {
    QHash<QString, Profile> profiles; // by ISO 639-1 code
    QHash<QString, float> emoji;      // emoji sequence (UTF-16) -> valence
    QSet<char32_t> emojiStarts;       // first code point of every emoji sequence
    int maxEmojiUnits = 0;            // longest emoji sequence, in UTF-16 code units
    bool loaded = false;

    static std::shared_ptr<const Lexicons> shared();
};

std::shared_ptr<const SentimentScorer::Lexicons> SentimentScorer::Lexicons::shared() {
    // Built on first use, thread-safely (C++11 static initialisation), then only read.
    static const std::shared_ptr<const Lexicons> instance = [] {
        initAnalysisResources();
        auto lex = std::make_shared<Lexicons>();
        ProfileSource en = englishSource();

        // Emoji: VADER scores an emoji by the words of its description ("face with tears of
        // joy"); we precompute that sum once instead of rewriting every text.
        for (const QString &line : readLines(QStringLiteral(":/lexicons/emoji_utf8_lexicon.txt"))) {
            const qsizetype tab = line.indexOf(u'\t');
            if (tab <= 0)
                continue;
            const QString seq = line.left(tab);
            const char32_t first = QStringView(seq).toUcs4().value(0);
            float sum = 0.0f;
            const QStringList words =
                foldKey(QStringView(line).mid(tab + 1)).split(u' ', Qt::SkipEmptyParts);
            for (const QString &w : words)
                sum += en.valence.value(w, 0.0f);
            // Skin-tone modifiers ("light skin tone") carry no sentiment of their own.
            if (first >= 0x1F3FB && first <= 0x1F3FF)
                sum = 0.0f;
            lex->emoji.insert(seq, std::clamp(sum, -4.0f, 4.0f));
            lex->emojiStarts.insert(first);
            lex->maxEmojiUnits = std::max(lex->maxEmojiUnits, int(seq.size()));
        }

        // Emoji that the customer-care corrections score directly.
        for (auto it = en.valence.begin(); it != en.valence.end();) {
            if (lex->emoji.contains(it.key())) {
                lex->emoji.insert(it.key(), it.value());
                it = en.valence.erase(it);
            } else {
                ++it;
            }
        }

        // "👍🏽" means what "👍" means: skin-toned sequences take their base emoji's valence.
        for (auto it = lex->emoji.begin(); it != lex->emoji.end(); ++it) {
            QString base;
            const QList<uint> ucs4 = it.key().toUcs4();
            for (const uint cp : ucs4) {
                if (cp < 0x1F3FB || cp > 0x1F3FF)
                    base.append(QString::fromUcs4(reinterpret_cast<const char32_t *>(&cp), 1));
            }
            if (base != it.key() && !base.isEmpty()) {
                const auto baseIt = lex->emoji.constFind(base);
                if (baseIt != lex->emoji.cend())
                    it.value() = baseIt.value();
            }
        }

        // Emoticons, shared by every language: VADER's and AFINN's.
        QHash<QString, float> emoticons;
        for (auto it = en.valence.cbegin(); it != en.valence.cend(); ++it) {
            if (looksLikeEmoticon(it.key()))
                emoticons.insert(it.key(), it.value());
        }
        ProfileSource afinnEmoticons;
        loadTable(afinnEmoticons, QStringLiteral(":/lexicons/AFINN-emoticon-8.txt"), kAfinnToVader,
                  false);
        for (auto it = afinnEmoticons.valence.cbegin(); it != afinnEmoticons.valence.cend(); ++it) {
            if (!emoticons.contains(it.key()))
                emoticons.insert(it.key(), it.value());
        }

        QList<std::pair<ProfileSource, bool>> sources;
        sources.append({std::move(en), true});
        sources.append({afinnSource(QStringLiteral("fr"), QStringLiteral("AFINN-fr-165.txt"),
                                    toList({u"ne", u"pas", u"jamais", u"rien", u"aucun", u"aucune",
                                            u"ni", u"sans", u"personne"}),
                                    toList({u"très", u"tres", u"trop", u"vraiment", u"tellement",
                                            u"extrêmement", u"totalement", u"complètement",
                                            u"hyper", u"vachement"}),
                                    toList({u"peu", u"presque", u"plutôt", u"légèrement"}),
                                    toList({u"mais", u"pourtant", u"cependant"})),
                        false});
        sources.append(
            {afinnSource(QStringLiteral("da"), QStringLiteral("AFINN-da-32.txt"),
                         toList({u"ikke", u"aldrig", u"ingen", u"intet", u"uden", u"hverken"}),
                         toList({u"meget", u"virkelig", u"helt", u"totalt", u"utrolig", u"utroligt",
                                 u"ekstremt"}),
                         toList({u"lidt", u"næsten", u"knap"}), toList({u"men"})),
             false});
        sources.append({afinnSource(QStringLiteral("sv"), QStringLiteral("AFINN-sv-165.txt"),
                                    toList({u"inte", u"icke", u"aldrig", u"ingen", u"inget",
                                            u"inga", u"utan", u"ej", u"varken"}),
                                    toList({u"mycket", u"väldigt", u"verkligen", u"helt", u"totalt",
                                            u"otroligt", u"extremt"}),
                                    toList({u"lite", u"nästan", u"knappt"}), toList({u"men"})),
                        false});
        sources.append(
            {afinnSource(QStringLiteral("fi"), QStringLiteral("AFINN-fi-165.txt"),
                         toList({u"ei", u"en", u"et", u"emme", u"ette", u"eivät", u"ilman"}),
                         toList({u"erittäin", u"todella", u"tosi", u"aivan", u"täysin"}),
                         toList({u"vähän", u"hieman", u"melkein", u"tuskin"}), toList({u"mutta"})),
             false});
        sources.append(
            {afinnSource(QStringLiteral("pl"), QStringLiteral("AFINN-pl-165.txt"),
                         toList({u"nie", u"nigdy", u"bez", u"żaden", u"żadna", u"żadne", u"ani"}),
                         toList({u"bardzo", u"naprawdę", u"całkowicie", u"totalnie", u"niezwykle",
                                 u"strasznie"}),
                         toList({u"trochę", u"prawie", u"ledwo", u"nieco"}), toList({u"ale"})),
             false});
        sources.append(
            {afinnSource(QStringLiteral("tr"), QStringLiteral("AFINN-tr-165.txt"),
                         toList({u"değil", u"asla", u"hiç", u"hiçbir", u"olmadan"}),
                         toList({u"çok", u"gerçekten", u"tamamen", u"aşırı"}),
                         toList({u"biraz", u"neredeyse"}), toList({u"ama", u"fakat", u"ancak"})),
             false});

        bool allLoaded = !lex->emoji.isEmpty();
        for (auto &[src, english] : sources) {
            if (src.valence.size() < 1000) {
                qCWarning(lcSentiment) << "lexicon for" << src.language << "missing or truncated";
                allLoaded = false;
                continue;
            }
            const QString code = src.language;
            lex->profiles.insert(code, compile(std::move(src), emoticons, english));
        }
        lex->loaded = allLoaded;
        return std::shared_ptr<const Lexicons>(std::move(lex));
    }();
    return instance;
}

namespace {

bool isStrippable(QChar c) {
    // VADER strips string.punctuation around words; we also strip Unicode punctuation and
    // symbols (typographic quotes, ellipses, dashes) that the Python original does not know.
    const char16_t u = c.unicode();
    if (u < 0x80)
        return (u >= u'!' && u <= u'/') || (u >= u':' && u <= u'@') || (u >= u'[' && u <= u'`') ||
               (u >= u'{' && u <= u'~');
    return c.isPunct() || c.isSymbol();
}

bool isAllCaps(QStringView s) {
    bool cased = false;
    for (const QChar c : s) {
        if (c.isLower())
            return false;
        if (c.isUpper())
            cased = true;
    }
    return cased;
}

bool isEmojiJoiner(char32_t cp) {
    return cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF);
}

// Splits one call's text into tokens. `folded` is the lower-cased copy of `text`, same length,
// that the tokens' views point into.
class Tokenizer {
public:
    Tokenizer(const Profile &profile, const QHash<QString, float> &emoji,
              const QSet<char32_t> &emojiStarts, int maxEmojiUnits)
        : m_profile(profile)
        , m_emoji(emoji)
        , m_emojiStarts(emojiStarts)
        , m_maxEmojiUnits(maxEmojiUnits) {}

    void run(QStringView text, QStringView folded, Tokens &out) const {
        const qsizetype n = text.size();
        qsizetype i = 0;
        while (i < n) {
            while (i < n && text.at(i).isSpace())
                ++i;
            const qsizetype start = i;
            while (i < n && !text.at(i).isSpace())
                ++i;
            if (start == i)
                break;
            const QStringView raw = text.mid(start, i - start);
            // Links and @handles say nothing about the writer's mood, and handles mislead the
            // lexicon: "@united" would score +1.8 as the word "united".
            if (socialtext::isUrlToken(raw) || socialtext::isHandleToken(raw))
                continue;
            splitEmoji(raw, folded.mid(start, i - start), out);
        }
    }

private:
    // "great👍" -> "great", 👍; the longest known emoji sequence wins.
    void splitEmoji(QStringView raw, QStringView folded, Tokens &out) const {
        qsizetype pieceStart = 0;
        qsizetype j = 0;
        while (j < raw.size()) {
            const QChar c = raw.at(j);
            if (c.unicode() < 0xA9 || c.isLetterOrNumber()) {
                ++j;
                continue;
            }
            const bool pair =
                c.isHighSurrogate() && j + 1 < raw.size() && raw.at(j + 1).isLowSurrogate();
            const char32_t cp = pair ? QChar::surrogateToUcs4(c, raw.at(j + 1)) : c.unicode();
            const qsizetype width = pair ? 2 : 1;
            qsizetype matched = 0;
            if (m_emojiStarts.contains(cp)) {
                for (qsizetype len = std::min<qsizetype>(m_maxEmojiUnits, raw.size() - j);
                     len >= width && matched == 0; --len) {
                    const auto it = m_emoji.constFind(borrowed(raw.mid(j, len)));
                    if (it == m_emoji.cend())
                        continue;
                    matched = len;
                    word(raw.mid(pieceStart, j - pieceStart),
                         folded.mid(pieceStart, j - pieceStart), out);
                    Token t;
                    t.isEmoji = true;
                    t.emojiValence = it.value();
                    out.append(t);
                }
            }
            if (matched == 0 && isEmojiJoiner(cp)) {
                word(raw.mid(pieceStart, j - pieceStart), folded.mid(pieceStart, j - pieceStart),
                     out);
                matched = width;
            }
            j += matched > 0 ? matched : width;
            if (matched > 0)
                pieceStart = j;
        }
        word(raw.mid(pieceStart), folded.mid(pieceStart), out);
    }

    void word(QStringView raw, QStringView folded, Tokens &out) const {
        if (raw.isEmpty())
            return;
        // Emoticons (":-(", "<3") are looked up before their punctuation is stripped.
        if (!raw.front().isLetterOrNumber() || !raw.back().isLetterOrNumber()) {
            const auto it = m_profile.entries.constFind(borrowed(folded));
            if (it != m_profile.entries.cend() && (it->flags & Entry::HasValence)) {
                Token t;
                t.lower = folded;
                t.entry = *it;
                out.append(t);
                return;
            }
        }
        qsizetype b = 0;
        qsizetype e = raw.size();
        while (b < e && isStrippable(raw.at(b)))
            ++b;
        while (e > b && isStrippable(raw.at(e - 1)))
            --e;
        // Words glued by punctuation ("delayed...again", "great,thanks") are separate words; an
        // apostrophe or hyphen inside a word ("don't", "kind-of") belongs to it.
        qsizetype start = b;
        for (qsizetype i = b; i <= e; ++i) {
            if (i < e) {
                const QChar c = raw.at(i);
                if (!isStrippable(c) || c == u'\'' || c == u'\u2019' || c == u'-')
                    continue;
            }
            if (i - start >= 2) { // VADER drops one-character tokens
                Token t;
                t.lower = folded.mid(start, i - start);
                t.allCaps = isAllCaps(raw.mid(start, i - start));
                t.entry = m_profile.entries.value(borrowed(t.lower));
                if (raw.front() == u'#' && !t.inLexicon())
                    negatedHashtag(t);
                out.append(t);
            }
            start = i + 1;
        }
    }

    // "#nothappy", "#nofun", "#neveragain": a hashtag glues the negation to the word.
    void negatedHashtag(Token &t) const {
        if (!m_profile.englishRules)
            return;
        for (const QStringView prefix : {u"not", u"no", u"never"}) {
            if (t.lower.size() < prefix.size() + 3 || !t.lower.startsWith(prefix))
                continue;
            const Entry rest = m_profile.entries.value(borrowed(t.lower.mid(prefix.size())));
            if (rest.flags & Entry::HasValence) {
                t.entry.valence = rest.valence * kNegationScalar;
                t.entry.flags |= Entry::HasValence;
                return;
            }
        }
    }

    const Profile &m_profile;
    const QHash<QString, float> &m_emoji;
    const QSet<char32_t> &m_emojiStarts;
    int m_maxEmojiUnits;
};

bool isNegation(const Profile &p, const Token &t) {
    if (t.entry.flags & Entry::Negation)
        return true;
    if (p.negateNt && t.lower.contains(u"n't"))
        return true;
    return p.negateElidedNe && t.lower.size() > 2 && t.lower.startsWith(u"n'");
}

// VADER's _scalar_inc_dec: a booster before a word pushes it away from zero.
float boosterScalar(const Token &t, float valence, bool capsDifferential) {
    if (t.entry.booster == 0.0f)
        return 0.0f;
    float scalar = valence < 0 ? -t.entry.booster : t.entry.booster;
    if (t.allCaps && capsDifferential)
        scalar += valence > 0 ? kCapsIncrement : -kCapsIncrement;
    return scalar;
}

QString joined(const Tokens &t, qsizetype from, qsizetype count) {
    QString s = t[from].lower.toString();
    for (qsizetype k = 1; k < count; ++k) {
        s.append(u' ');
        s.append(t[from + k].lower);
    }
    return s;
}

float specialIdioms(const Tokens &t, qsizetype i, float valence) {
    const qsizetype n = t.size();
    // VADER's n-grams around word i: (i-1,i) (i-2..i) (i-2,i-1) (i-3..i-1) (i-3,i-2) (i,i+1)
    // (i..i+2). Only n-grams ending in an idiom's last word can match.
    const std::pair<qsizetype, qsizetype> grams[] = {{i - 1, 2}, {i - 2, 3}, {i - 2, 2}, {i - 3, 3},
                                                     {i - 3, 2}, {i, 2},     {i, 3}};
    for (const auto &[from, count] : grams) {
        if (from < 0 || from + count > n || !(t[from + count - 1].entry.flags & Entry::IdiomEnd))
            continue;
        const auto it = specialCases().constFind(joined(t, from, count));
        if (it != specialCases().cend())
            valence = it.value();
    }
    return valence;
}

} // namespace

SentimentScorer::SentimentScorer()
    : m_lexicons(Lexicons::shared()) {}

SentimentScorer::SentimentScorer(Thresholds thresholds)
    : m_lexicons(Lexicons::shared())
    , m_thresholds(thresholds) {}

SentimentScorer::~SentimentScorer() = default;

bool SentimentScorer::isLoaded() const {
    return m_lexicons->loaded;
}

static QString normaliseLanguage(QStringView language) {
    qsizetype end = 0;
    while (end < language.size() && language.at(end).isLetter())
        ++end;
    return language.left(end).toString().toLower();
}

bool SentimentScorer::hasLexicon(QStringView language) const {
    return m_lexicons->profiles.contains(normaliseLanguage(language));
}

QStringList SentimentScorer::languages() const {
    QStringList out = m_lexicons->profiles.keys();
    out.sort();
    return out;
}

SentimentScorer::Thresholds SentimentScorer::defaultThresholds(QStringView language) {
    if (normaliseLanguage(language) == u"en")
        return Thresholds{0.45, -0.05};
    return Thresholds{0.05, -0.05};
}

SentimentScorer::Thresholds SentimentScorer::thresholds(QStringView language) const {
    return m_thresholds ? *m_thresholds : defaultThresholds(language);
}

Sentiment SentimentScorer::labelFor(double score, Thresholds thresholds) {
    if (score >= thresholds.positive)
        return Sentiment::Positive;
    if (score <= thresholds.negative)
        return Sentiment::Negative;
    return Sentiment::Neutral;
}

SentimentResult SentimentScorer::score(QStringView text, QStringView language) const {
    SentimentResult result;
    // The usual code ("en", "fr") is its own key: looked up without a copy.
    bool plain = true;
    for (const QChar c : language)
        plain = plain && c >= u'a' && c <= u'z';
    const auto profileIt =
        m_lexicons->profiles.constFind(plain ? borrowed(language) : normaliseLanguage(language));
    if (profileIt == m_lexicons->profiles.cend())
        return result;
    const Profile &p = profileIt.value();
    result.lexiconAvailable = true;
    result.lexiconLanguage = p.language;

    const QString decoded = text.contains(u'&') ? socialtext::decodeHtmlEntities(text) : QString();
    const QStringView body = decoded.isNull() ? text : QStringView(decoded);
    // One lower-cased copy of the whole text; on the stack for anything tweet-sized.
    QVarLengthArray<char16_t, 512> folded(body.size());
    for (qsizetype i = 0; i < body.size(); ++i)
        folded[i] = foldChar(body.at(i));

    Tokens t;
    Tokenizer(p, m_lexicons->emoji, m_lexicons->emojiStarts, m_lexicons->maxEmojiUnits)
        .run(body, QStringView(folded.constData(), folded.size()), t);
    const qsizetype n = t.size();
    if (n == 0) {
        result.label = Sentiment::Neutral;
        return result;
    }

    // VADER's allcap_differential: CAPS stand out only when some, not all, words are in caps.
    qsizetype caps = 0;
    for (const Token &tok : t)
        caps += tok.allCaps ? 1 : 0;
    const bool capsDifferential = caps > 0 && caps < n;

    QVarLengthArray<float, 48> sentiments;
    qsizetype phraseEnd = 0; // tokens before this index belong to a matched phrase
    for (qsizetype i = 0; i < n; ++i) {
        const Token &tok = t[i];
        if (i < phraseEnd || tok.entry.booster != 0.0f) {
            sentiments.append(0.0f);
            continue;
        }
        if (p.englishRules && tok.lower == u"kind" && i + 1 < n && t[i + 1].lower == u"of") {
            sentiments.append(0.0f);
            continue;
        }
        float valence = 0.0f;
        bool found = false;
        bool phraseNegated = false; // "pas bon", "does not work" carry their own negation
        // Multi-word entries ("does not work", "fed up") win over their single words.
        if (tok.entry.flags & Entry::PhraseStart) {
            for (qsizetype len = std::min<qsizetype>(p.maxPhraseWords, n - i); len >= 2; --len) {
                const auto it = p.phrases.constFind(joined(t, i, len));
                if (it != p.phrases.cend()) {
                    valence = it.value();
                    phraseEnd = i + len;
                    found = true;
                    for (qsizetype k = i; k < phraseEnd; ++k)
                        phraseNegated = phraseNegated || isNegation(p, t[k]);
                    break;
                }
            }
        }
        if (!found && tok.inLexicon()) {
            valence = tok.valence();
            found = true;
        }
        if (p.englishRules && found) {
            // "no problem": "no" does not count as negative before another sentiment word...
            if (tok.lower == u"no" && i + 1 < n && t[i + 1].inLexicon())
                valence = 0.0f;
            // ...and it negates what follows it ("no good", "no help or support").
            if ((i > 0 && t[i - 1].lower == u"no") || (i > 1 && t[i - 2].lower == u"no") ||
                (i > 2 && t[i - 3].lower == u"no" &&
                 (t[i - 1].lower == u"or" || t[i - 1].lower == u"nor"))) {
                valence = tok.valence() * kNegationScalar;
            }
        }
        if (valence == 0.0f) {
            sentiments.append(0.0f);
            continue;
        }
        if (tok.allCaps && capsDifferential)
            valence += valence > 0 ? kCapsIncrement : -kCapsIncrement;

        // Up to three words back: boosters fade with distance, negations flip (x -0.74). English
        // flips once per negation, as VADER does ("not never"); the other languages flip at
        // most once, because their negation takes several words ("ne ... pas", "nie ... nigdy").
        bool negated = phraseNegated;
        for (qsizetype back = 0; back < 3 && back < i; ++back) {
            const Token &prev = t[i - back - 1];
            if (prev.inLexicon())
                continue;
            float s = boosterScalar(prev, valence, capsDifferential);
            if (back == 1)
                s *= 0.95f;
            else if (back == 2)
                s *= 0.9f;
            valence += s;
            if (negated && (!p.englishRules || phraseNegated)) {
                // already negated by a closer word of the same negation
            } else if (back == 0) {
                if (isNegation(p, prev)) {
                    valence *= kNegationScalar;
                    negated = true;
                }
            } else {
                const QStringView w1 = t[i - 1].lower;
                const QStringView w2 = t[i - 2].lower;
                const bool soOrThis =
                    w1 == u"so" || w1 == u"this" || (back == 2 && (w2 == u"so" || w2 == u"this"));
                const bool doubt = w1 == u"doubt" || (back == 2 && w2 == u"doubt");
                if (p.englishRules && prev.lower == u"never" && soOrThis)
                    valence *= 1.25f; // "never so good"
                else if (p.englishRules && prev.lower == u"without" && doubt)
                    ; // "without doubt" affirms
                else if (isNegation(p, prev)) {
                    valence *= kNegationScalar;
                    negated = true;
                }
            }
            if (back == 2 && p.englishRules)
                valence = specialIdioms(t, i, valence);
        }
        // VADER's _least_check: "least good" negates, "at least good" does not.
        if (p.englishRules && i > 0 && t[i - 1].lower == u"least" && !t[i - 1].inLexicon()) {
            if (i == 1 || (t[i - 2].lower != u"at" && t[i - 2].lower != u"very"))
                valence *= kNegationScalar;
        }
        sentiments.append(valence);
    }

    // "but": the clause after it counts 1.5x, the one before 0.5x.
    for (qsizetype i = 0; i < n; ++i) {
        if (!(t[i].entry.flags & Entry::Contrast))
            continue;
        for (qsizetype k = 0; k < n; ++k)
            sentiments[k] *= k < i ? 0.5f : k > i ? 1.5f : 1.0f;
        break;
    }

    double sum = 0.0;
    for (const float s : sentiments) {
        sum += s;
        result.sentimentTerms += s != 0.0f ? 1 : 0;
    }
    if (sum != 0.0) {
        // "!!!" and "???" amplify whichever way the text already leans.
        qsizetype bangs = 0;
        qsizetype questions = 0;
        for (const QChar c : body) {
            bangs += c == u'!' ? 1 : 0;
            questions += c == u'?' ? 1 : 0;
        }
        double emphasis = double(std::min<qsizetype>(bangs, 4)) * 0.292;
        if (questions > 1)
            emphasis += questions <= 3 ? double(questions) * 0.18 : 0.96;
        sum += sum > 0 ? emphasis : -emphasis;
    }
    result.score = std::clamp(sum / std::sqrt(sum * sum + kNormalisationAlpha), -1.0, 1.0);
    result.label =
        labelFor(result.score, m_thresholds ? *m_thresholds : defaultThresholds(p.language));
    return result;
}

} // namespace warroom
