#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

// Templates and holding statements with slots ({name}, {case}, {contact}, {time}, {product}),
// prepared before the crisis, per language. Compiled into the binary from resources/templates
// (one JSON file per language) and read from the resource, never from disk at run time.
// Immutable once loaded: safe to share between threads for reading.
namespace warroom {

struct ReplyTemplate {
    QString id;       // "holding-investigating", stable across languages
    QString language; // "en", "sw", "zh", ...
    QString kind;     // "holding" | "reply"
    QString title;
    QString text;
    [[nodiscard]] QStringList slotNames() const;
};

class TemplateLibrary final {
public:
    // The built-in library (resource :/templates).
    [[nodiscard]] static TemplateLibrary builtIn();
    // A folder of <lang>.json files (tests, or a team's own set).
    [[nodiscard]] static TemplateLibrary fromDirectory(const QString &dir,
                                                       QString *error = nullptr);

    [[nodiscard]] const QList<ReplyTemplate> &all() const { return m_templates; }
    [[nodiscard]] QList<ReplyTemplate> forLanguage(const QString &language) const;
    [[nodiscard]] QStringList languages() const;
    [[nodiscard]] const ReplyTemplate *find(const QString &id, const QString &language) const;

    // Slots in braces: "{name}" → "name". Unknown braces are left alone.
    [[nodiscard]] static QStringList slotsIn(const QString &text);
    // Replaces the slots with values; slots without a value stay as "{slot}" so the tone guard
    // and the author see they are unfilled.
    [[nodiscard]] static QString fill(const QString &text, const QMap<QString, QString> &values);

private:
    bool loadFile(const QString &path, QString *error);
    QList<ReplyTemplate> m_templates;
};

} // namespace warroom
