#include "toneguard.h"

#include "worddiff.h"

#include <QDir>
#include <QFileInfo>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSet>

#include <hunspell/hunspell.h>

#include <utility>

namespace warroom {

namespace {

struct PhraseList {
    const char *language;
    QList<const char *> defensive;
    QList<const char *> apology;
    QList<const char *> nextStep;
};

// Lower-case phrases, matched on word boundaries (CJK: as substrings). Written for this project
// from the seeds' advice (000, 004: never argue, belittle or blame the customer; 003: hollow
// replies lose the customer).
const QList<PhraseList> &phraseLists() {
    static const QList<PhraseList> lists = {
        {"en",
         {"you are wrong",
          "you're wrong",
          "calm down",
          "as we already said",
          "as we said before",
          "as previously stated",
          "as stated before",
          "read our faq",
          "read the faq",
          "not our fault",
          "you should have",
          "you misunderstood",
          "if you had read",
          "no one else has complained",
          "nobody else has complained",
          "nothing to apologize for",
          "stop spreading",
          "you people",
          "with all due respect",
          "obviously you",
          "get over it",
          "your problem"},
         {"sorry", "apologize", "apologise", "apologies", "apology", "regret"},
         {"we will", "we'll", "please", "contact", "dm", "direct message", "update", "send us",
          "reach out", "we are fixing", "we're fixing", "refund", "replace", "call us"}},
        {"fr",
         {"vous avez tort", "tu as tort", "calmez-vous", "calme-toi", "comme nous l'avons déjà dit",
          "comme déjà dit", "comme déjà indiqué", "ce n'est pas notre faute", "vous auriez dû",
          "lisez notre faq", "vous n'avez pas compris", "personne d'autre ne s'est plaint"},
         {"désolé", "désolés", "excuses", "excusez", "regrettons", "pardon"},
         {"nous allons", "veuillez", "contactez", "écrivez", "mise à jour", "envoyez",
          "nous réglerons", "remboursement"}},
        {"es",
         {"estás equivocado", "está equivocado", "están equivocados", "cálmate", "cálmese",
          "como ya dijimos", "como ya hemos dicho", "no es nuestra culpa", "deberías haber",
          "debería haber", "lee nuestras preguntas frecuentes", "nadie más se ha quejado"},
         {"lamentamos", "lo sentimos", "disculpa", "disculpas", "perdón", "sentimos"},
         {"vamos a", "por favor", "escríbenos", "contacta", "actualización", "resolveremos",
          "envíanos", "reembolso"}},
        {"sw",
         {"umekosea", "mmekosea", "tulia", "tulieni", "kama tulivyosema", "kama tulivyokwisha sema",
          "kama tulivyokwisha kusema", "si kosa letu", "sio kosa letu", "ungepaswa", "hujaelewa",
          "acha kelele", "hatuna cha kuomba radhi"},
         {"radhi", "samahani", "pole", "tunasikitika"},
         {"tafadhali", "tutumie", "tuandikie", "tutalitatua", "tutatoa", "tutakutumia",
          "tutarekebisha", "wasiliana"}},
        {"tl",
         {"mali ka", "mali kayo", "kumalma ka", "huminahon ka", "gaya ng sinabi na namin",
          "tulad ng nasabi na namin", "hindi namin kasalanan", "hindi mo naintindihan",
          "wala namang ibang nagreklamo", "basahin mo ang faq"},
         {"paumanhin", "patawad", "sorry", "ikinalulungkot"},
         {"pakipadala", "sumulat", "aayusin", "magbibigay", "update", "makipag-ugnayan",
          "pakitawagan", "ire-refund"}},
        {"hy",
         {"դուք սխալ եք", "սխալվում եք", "հանգստացեք", "ինչպես արդեն ասել ենք", "մեր մեղքը չէ",
          "դուք պետք է"},
         {"ներողություն", "ցավում ենք", "ափսոսում ենք"},
         {"խնդրում ենք", "կհրապարակենք", "կլուծենք", "գրեք", "կապվեք", "կուղարկենք"}},
        {"zh",
         {"你错了", "您错了", "冷静一下", "请冷静", "我们已经说过", "如前所述", "不是我们的错",
          "你应该先", "请自行查看", "没有别人投诉"},
         {"抱歉", "歉意", "对不起", "道歉", "不便"},
         {"请", "将在", "会在", "联系", "我们会", "我们将", "更新", "退款"}},
    };
    return lists;
}

bool hasCjk(const QString &s) {
    for (QChar c : s) {
        if (c.unicode() >= 0x3040 && c.unicode() <= 0x9FFF)
            return true;
    }
    return false;
}

// Phrase present with word boundaries (letters/digits/marks on either side break the match).
bool containsPhrase(const QString &haystackLower, const QString &phrase) {
    if (hasCjk(phrase))
        return haystackLower.contains(phrase);
    qsizetype from = 0;
    while (true) {
        const qsizetype i = haystackLower.indexOf(phrase, from);
        if (i < 0)
            return false;
        const qsizetype end = i + phrase.size();
        const bool leftOk = i == 0 || !haystackLower.at(i - 1).isLetterOrNumber();
        const bool rightOk =
            end >= haystackLower.size() || !haystackLower.at(end).isLetterOrNumber();
        if (leftOk && rightOk)
            return true;
        from = i + 1;
    }
}

QString normalise(const QString &text) {
    QString s = text.toLower();
    s.replace(QChar(0x2019), QChar(u'\'')); // typographic apostrophe
    return s;
}

// Content tokens: lower-case words (CJK: single characters), without spaces and punctuation.
QStringList contentTokens(const QString &text) {
    QStringList out;
    for (const QString &t : WordDiff::tokenize(normalise(text))) {
        if (!t.isEmpty() && t.at(0).isLetterOrNumber())
            out.append(t);
    }
    return out;
}

double lcsRatio(const QStringList &a, const QStringList &b) {
    if (a.isEmpty() || b.isEmpty())
        return 0.0;
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    std::vector<int> prev(size_t(m + 1), 0);
    std::vector<int> cur(size_t(m + 1), 0);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j)
            cur[size_t(j)] = a.at(i - 1) == b.at(j - 1)
                                 ? prev[size_t(j - 1)] + 1
                                 : std::max(prev[size_t(j)], cur[size_t(j - 1)]);
        std::swap(prev, cur);
    }
    return 2.0 * prev[size_t(m)] / double(n + m);
}

} // namespace

struct ToneGuard::Speller {
    Hunhandle *handle = nullptr;
    QByteArray encoding;
    ~Speller() {
        if (handle)
            Hunspell_destroy(handle);
    }
};

QString ToneWarning::kindName() const {
    switch (kind) {
    case Kind::Defensive:
        return QStringLiteral("defensive");
    case Kind::Boilerplate:
        return QStringLiteral("boilerplate");
    case Kind::UnfilledSlot:
        return QStringLiteral("unfilled-slot");
    case Kind::Spelling:
        return QStringLiteral("spelling");
    case Kind::Shouting:
        return QStringLiteral("shouting");
    case Kind::NoApology:
        return QStringLiteral("no-apology");
    case Kind::NoNextStep:
        return QStringLiteral("no-next-step");
    }
    return {};
}

ToneGuard::ToneGuard(TemplateLibrary templates, const QStringList &dictionaryDirs)
    : m_templates(std::move(templates)) {
    QStringList dirs = dictionaryDirs;
    if (dirs.isEmpty())
        dirs = QString::fromLatin1(WARROOM_HUNSPELL_DIRS).split(u':', Qt::SkipEmptyParts);
    for (const QString &dir : std::as_const(dirs)) {
        const QFileInfoList affs =
            QDir(dir).entryInfoList({QStringLiteral("*.aff")}, QDir::Files, QDir::Name);
        for (const QFileInfo &aff : affs) {
            const QString base = aff.completeBaseName(); // en_US
            const QString lang = base.section(u'_', 0, 0).section(u'-', 0, 0).toLower();
            if (lang.isEmpty() || m_spellers.contains(lang))
                continue;
            const QString dic = aff.absolutePath() + u'/' + base + QStringLiteral(".dic");
            if (!QFileInfo::exists(dic))
                continue;
            auto speller = std::make_shared<Speller>();
            speller->handle = Hunspell_create(QFile::encodeName(aff.absoluteFilePath()).constData(),
                                              QFile::encodeName(dic).constData());
            if (!speller->handle)
                continue;
            speller->encoding = QByteArray(Hunspell_get_dic_encoding(speller->handle)).toUpper();
            m_spellers.insert(lang, speller);
        }
    }
}

ToneGuard::~ToneGuard() = default;

QStringList ToneGuard::spellingLanguages() const {
    QStringList langs = m_spellers.keys();
    langs.sort();
    return langs;
}

void ToneGuard::addKnownWords(const QStringList &words) {
    QMutexLocker lock(&m_mutex);
    for (const auto &speller : std::as_const(m_spellers)) {
        for (const QString &w : words)
            Hunspell_add(speller->handle, w.toUtf8().constData());
    }
}

double ToneGuard::templateSimilarity(const QString &text, QString *templateId) const {
    static const QRegularExpression slot(QStringLiteral(R"(\{[a-z_]{1,32}\})"));
    const QStringList tokens = contentTokens(QString(text).remove(slot));
    double best = 0.0;
    for (const ReplyTemplate &t : m_templates.all()) {
        const double r = lcsRatio(tokens, contentTokens(QString(t.text).remove(slot)));
        if (r > best) {
            best = r;
            if (templateId)
                *templateId = t.language + u'/' + t.id;
        }
    }
    return best;
}

QList<ToneWarning> ToneGuard::check(const QString &text, const ToneContext &context) const {
    QList<ToneWarning> warnings;
    const QString lower = normalise(text);
    const QString lang = context.language.section(u'-', 0, 0).toLower();
    if (text.trimmed().isEmpty())
        return warnings;

    // Defensive or belittling: every language's list (replies mix languages).
    for (const PhraseList &list : phraseLists()) {
        for (const char *p : list.defensive) {
            const QString phrase = QString::fromUtf8(p);
            if (containsPhrase(lower, phrase))
                warnings.append(
                    {ToneWarning::Kind::Defensive,
                     QStringLiteral("Defensive or belittling wording: \"%1\"").arg(phrase),
                     phrase});
        }
    }

    // Unfilled slots.
    const QStringList open = TemplateLibrary::slotsIn(text);
    if (!open.isEmpty())
        warnings.append({ToneWarning::Kind::UnfilledSlot,
                         QStringLiteral("Template slots not filled: {%1}").arg(open.join(u"}, {")),
                         open.join(u", ")});

    // Empty boilerplate: a near-copy of a template that says nothing about this mention.
    QString templateId;
    const double similarity = templateSimilarity(text, &templateId);
    if (similarity >= 0.8) {
        bool specific = false;
        if (!context.mentionAuthor.isEmpty() &&
            lower.contains(normalise(context.mentionAuthor).remove(u'@')))
            specific = true;
        if (!specific && !context.mentionText.isEmpty()) {
            // A content word of the mention (4+ letters, or any CJK character pair) that the
            // closest template does not already contain.
            const ReplyTemplate *t =
                m_templates.find(templateId.section(u'/', 1), templateId.section(u'/', 0, 0));
            const QStringList templateTokens = t ? contentTokens(t->text) : QStringList();
            const QSet<QString> templateWords(templateTokens.cbegin(), templateTokens.cend());
            const QStringList replyTokens = contentTokens(text);
            const QSet<QString> reply(replyTokens.cbegin(), replyTokens.cend());
            for (const QString &w : contentTokens(context.mentionText)) {
                if ((w.size() >= 4 || hasCjk(w)) && reply.contains(w) &&
                    !templateWords.contains(w)) {
                    specific = true;
                    break;
                }
            }
        }
        if (!specific || !open.isEmpty())
            warnings.append({ToneWarning::Kind::Boilerplate,
                             QStringLiteral("Reads like an empty template (%1% like \"%2\") with "
                                            "nothing specific to this mention")
                                 .arg(qRound(similarity * 100))
                                 .arg(templateId),
                             templateId});
    }

    // Spelling, with the dictionary of the reply's language.
    if (auto it = m_spellers.constFind(lang.isEmpty() ? QStringLiteral("en") : lang);
        it != m_spellers.constEnd()) {
        static const QRegularExpression skip(
            QStringLiteral(R"((https?://\S+)|([@#]\w[\w.@-]*)|(\{[a-z_]+\}))"));
        static const QRegularExpression word(QStringLiteral(R"([\p{L}][\p{L}'’]*[\p{L}]|[\p{L}])"));
        const QString cleaned = QString(text).replace(skip, QStringLiteral(" "));
        QStringList misspelled;
        QMutexLocker lock(&m_mutex);
        auto m = word.globalMatch(cleaned);
        while (m.hasNext()) {
            QString w = m.next().captured(0);
            w.replace(QChar(0x2019), QChar(u'\''));
            // Acronyms and flight codes ("VX", "IAD") are not words to spell.
            if (w.size() < 2 || misspelled.contains(w) || (w.size() <= 5 && w == w.toUpper()))
                continue;
            const QByteArray encoded = (*it)->encoding == "UTF-8" ? w.toUtf8() : w.toLatin1();
            if (!Hunspell_spell((*it)->handle, encoded.constData()))
                misspelled.append(w);
        }
        if (!misspelled.isEmpty())
            warnings.append(
                {ToneWarning::Kind::Spelling,
                 QStringLiteral("Possible spelling mistakes: %1").arg(misspelled.join(u", ")),
                 misspelled.join(u", ")});
    }

    // Shouting: mostly capitals over a real amount of text, or a row of exclamation marks.
    int upper = 0;
    int cased = 0;
    for (QChar c : text) {
        if (c.isUpper()) {
            ++upper;
            ++cased;
        } else if (c.isLower()) {
            ++cased;
        }
    }
    if ((cased >= 12 && upper > cased * 0.6) || text.contains(QStringLiteral("!!!")))
        warnings.append(
            {ToneWarning::Kind::Shouting,
             QStringLiteral("Shouting: %1% capitals").arg(cased ? upper * 100 / cased : 0),
             {}});

    // A complaint deserves an apology and a next step.
    if (context.complaint) {
        bool apology = false;
        bool next = false;
        for (const PhraseList &list : phraseLists()) {
            if (!lang.isEmpty() && QString::fromLatin1(list.language) != lang &&
                QString::fromLatin1(list.language) != u"en")
                continue;
            for (const char *p : list.apology)
                apology = apology || containsPhrase(lower, QString::fromUtf8(p));
            for (const char *p : list.nextStep)
                next = next || containsPhrase(lower, QString::fromUtf8(p));
        }
        if (!apology)
            warnings.append(
                {ToneWarning::Kind::NoApology,
                 QStringLiteral("The mention is a complaint and the reply does not apologise"),
                 {}});
        if (!next)
            warnings.append({ToneWarning::Kind::NoNextStep,
                             QStringLiteral("The reply gives no next step (what we will do, or how "
                                            "to reach us)"),
                             {}});
    }
    return warnings;
}

QStringList ToneGuard::summary(const QList<ToneWarning> &warnings) {
    QStringList out;
    for (const ToneWarning &w : warnings)
        out.append(w.kindName() + QStringLiteral(": ") + w.message);
    return out;
}

} // namespace warroom
