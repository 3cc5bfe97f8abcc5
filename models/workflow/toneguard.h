#pragma once

#include "templatelibrary.h"

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <memory>

// The tone guard: warnings, never bans (the author may proceed; what they overrode is recorded
// in the audit log and shown to the approver). Checks defensive or belittling wording per
// language (en, fr, es, sw, tl, hy, zh), empty boilerplate (a near-copy of a generic template
// with nothing specific to the mention), unfilled template slots, spelling (Hunspell, for every
// installed dictionary), shouting, and a missing apology or next step on a complaint.
// Construct off the GUI thread (it reads the dictionaries); check() is thread-safe.
namespace warroom {

struct ToneWarning {
    enum class Kind {
        Defensive,
        Boilerplate,
        UnfilledSlot,
        Spelling,
        Shouting,
        NoApology,
        NoNextStep
    };
    Kind kind = Kind::Defensive;
    QString message;  // one line for the author and the approver
    QString evidence; // the phrase / words that triggered it
    [[nodiscard]] QString kindName() const;
};

struct ToneContext {
    QString language;       // of the reply; empty: unknown (every list is checked)
    QString mentionText;    // what we answer; empty for a standalone statement
    QString mentionAuthor;  // handle or display name
    bool complaint = false; // the mention is negative
};

class ToneGuard final {
public:
    // dictionaryDirs: where <lang>_<REGION>.aff/.dic live (default: the system's hunspell dirs).
    explicit ToneGuard(TemplateLibrary templates, const QStringList &dictionaryDirs = {});
    ~ToneGuard();
    ToneGuard(const ToneGuard &) = delete;
    ToneGuard &operator=(const ToneGuard &) = delete;

    [[nodiscard]] QList<ToneWarning> check(const QString &text, const ToneContext &context) const;
    // Languages with a spelling dictionary ("en", ...).
    [[nodiscard]] QStringList spellingLanguages() const;
    // Words never flagged (brand and product names).
    void addKnownWords(const QStringList &words);
    // Token similarity (0..1) of text to the closest template, slots removed.
    [[nodiscard]] double templateSimilarity(const QString &text,
                                            QString *templateId = nullptr) const;

    // "defensive: \"calm down\"" lines, as recorded in the audit log.
    [[nodiscard]] static QStringList summary(const QList<ToneWarning> &warnings);

private:
    struct Speller;
    TemplateLibrary m_templates;
    QHash<QString, std::shared_ptr<Speller>> m_spellers; // by language
    mutable QMutex m_mutex; // Hunspell is not safe for concurrent calls
};

} // namespace warroom

Q_DECLARE_METATYPE(warroom::ToneWarning)
