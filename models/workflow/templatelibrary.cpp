#include "templatelibrary.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

static void initTemplateResource() {
    // Q_INIT_RESOURCE must be used outside any namespace.
    Q_INIT_RESOURCE(replytemplates);
}

namespace warroom {

namespace {

const QRegularExpression &slotPattern() {
    static const QRegularExpression re(QStringLiteral(R"(\{([a-z_]{1,32})\})"));
    return re;
}

} // namespace

QStringList ReplyTemplate::slotNames() const {
    return TemplateLibrary::slotsIn(text);
}

TemplateLibrary TemplateLibrary::builtIn() {
    initTemplateResource();
    return fromDirectory(QStringLiteral(":/templates"));
}

TemplateLibrary TemplateLibrary::fromDirectory(const QString &dir, QString *error) {
    TemplateLibrary lib;
    const QStringList files =
        QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &f : files) {
        if (!lib.loadFile(QDir(dir).filePath(f), error))
            break;
    }
    return lib;
}

bool TemplateLibrary::loadFile(const QString &path, QString *error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError pe;
    const QJsonObject root = QJsonDocument::fromJson(file.readAll(), &pe).object();
    if (pe.error != QJsonParseError::NoError) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, pe.errorString());
        return false;
    }
    const QString language = root.value(QStringLiteral("language")).toString();
    const QJsonArray list = root.value(QStringLiteral("templates")).toArray();
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        ReplyTemplate t;
        t.id = o.value(QStringLiteral("id")).toString();
        t.language = language;
        t.kind = o.value(QStringLiteral("kind")).toString(QStringLiteral("reply"));
        t.title = o.value(QStringLiteral("title")).toString();
        t.text = o.value(QStringLiteral("text")).toString();
        if (!t.id.isEmpty() && !t.text.isEmpty())
            m_templates.append(t);
    }
    return true;
}

QList<ReplyTemplate> TemplateLibrary::forLanguage(const QString &language) const {
    QList<ReplyTemplate> out;
    for (const ReplyTemplate &t : m_templates) {
        if (t.language == language)
            out.append(t);
    }
    return out;
}

QStringList TemplateLibrary::languages() const {
    QStringList out;
    for (const ReplyTemplate &t : m_templates) {
        if (!out.contains(t.language))
            out.append(t.language);
    }
    return out;
}

const ReplyTemplate *TemplateLibrary::find(const QString &id, const QString &language) const {
    for (const ReplyTemplate &t : m_templates) {
        if (t.id == id && t.language == language)
            return &t;
    }
    return nullptr;
}

QStringList TemplateLibrary::slotsIn(const QString &text) {
    QStringList out;
    auto it = slotPattern().globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!out.contains(name))
            out.append(name);
    }
    return out;
}

QString TemplateLibrary::fill(const QString &text, const QMap<QString, QString> &values) {
    QString out;
    qsizetype last = 0;
    auto it = slotPattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        const QString value = values.value(m.captured(1)).trimmed();
        out += value.isEmpty() ? m.captured(0) : value;
        last = m.capturedEnd();
    }
    out += text.mid(last);
    return out;
}

} // namespace warroom
