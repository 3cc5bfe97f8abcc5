#include "common/sourceconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace warroom {

QString normaliseInstance(const QString &instance) {
    QString s = instance.trimmed();
    if (s.isEmpty())
        return {};
    if (!s.contains(u"://"))
        s.prepend(u"https://");
    QUrl u(s);
    if (!u.isValid() || u.host().isEmpty())
        return {};
    u.setPath(QString());
    u.setQuery(QString());
    u.setFragment(QString());
    u.setHost(u.host().toLower());
    return u.toString(QUrl::StripTrailingSlash);
}

QString SourceConfig::displayName() const {
    if (!name.trimmed().isEmpty())
        return name.trimmed();
    auto tags = [this] {
        QStringList t;
        for (const QString &h : hashtags)
            t << u'#' + h;
        return t.join(u' ');
    };
    if (kind == u"rss")
        return feeds.size() == 1 ? QUrl(feeds.first()).host() + QStringLiteral(" feed")
                                 : QStringLiteral("%1 feeds").arg(feeds.size());
    if (kind == u"mastodon")
        return QStringLiteral("Mastodon %1").arg(tags().isEmpty() ? keywords.join(u", ") : tags());
    if (kind == u"bluesky")
        return QStringLiteral("Bluesky %1").arg(keywords.join(u", "));
    if (kind == u"hn")
        return QStringLiteral("Hacker News %1").arg(keywords.join(u", "));
    if (kind == u"replay")
        return file.startsWith(u":/drill") ? QStringLiteral("Drill") : QStringLiteral("Replay");
    return kind;
}

QString SourceConfig::credentialKey(const QString &instance) const {
    if (kind == u"mastodon")
        return QStringLiteral("mastodon:%1:%2")
            .arg(QUrl(normaliseInstance(instance)).host(), account.trimmed());
    if (kind == u"bluesky")
        return QStringLiteral("bluesky:%1").arg(account.trimmed());
    return {};
}

bool SourceConfig::needsSecret() const {
    if (kind == u"bluesky")
        return !account.trimmed().isEmpty();
    if (kind == u"mastodon")
        return !account.trimmed().isEmpty();
    return false;
}

QString SourceConfig::validate() const {
    if (kind == u"rss") {
        if (feeds.isEmpty())
            return QStringLiteral("add at least one feed address");
        for (const QString &f : feeds) {
            const QUrl u(f.trimmed());
            if (!u.isValid() || (u.scheme() != u"http" && u.scheme() != u"https"))
                return QStringLiteral("not a web address: %1").arg(f);
        }
        return {};
    }
    if (kind == u"mastodon") {
        if (instances.isEmpty())
            return QStringLiteral("add at least one instance (e.g. mastodon.social)");
        for (const QString &i : instances)
            if (normaliseInstance(i).isEmpty())
                return QStringLiteral("not an instance address: %1").arg(i);
        if (hashtags.isEmpty() && keywords.isEmpty())
            return QStringLiteral("add a hashtag (keywords need an account token)");
        if (hashtags.isEmpty() && account.trimmed().isEmpty())
            return QStringLiteral("keyword search on Mastodon needs an account token; add a "
                                  "hashtag or an account");
        return {};
    }
    if (kind == u"bluesky") {
        if (keywords.isEmpty() && handles.isEmpty())
            return QStringLiteral("add a keyword or a handle");
        if (account.trimmed().isEmpty() && (!streaming || streamUrl == u"off"))
            return QStringLiteral("Bluesky search needs your handle and an app password (or turn "
                                  "on the live Jetstream)");
        return {};
    }
    if (kind == u"hn")
        return keywords.isEmpty() ? QStringLiteral("add a keyword") : QString();
    if (kind == u"replay") {
        if (file.isEmpty())
            return QStringLiteral("choose a CSV or JSONL file");
        if (speed < 1 || speed > 1000)
            return QStringLiteral("speed must be between 1 and 1000");
        return {};
    }
    return QStringLiteral("unknown source kind \"%1\"").arg(kind);
}

static QJsonArray toArray(const QStringList &l) {
    return QJsonArray::fromStringList(l);
}

static QStringList fromArray(const QJsonValue &v) {
    QStringList out;
    if (v.isString()) {
        out << v.toString();
    } else {
        for (const QJsonValue &x : v.toArray())
            if (!x.toString().trimmed().isEmpty())
                out << x.toString().trimmed();
    }
    return out;
}

QJsonObject SourceConfig::toJson() const {
    QJsonObject o{{QStringLiteral("kind"), kind},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("enabled"), enabled}};
    auto put = [&o](const char *key, const QStringList &l) {
        if (!l.isEmpty())
            o.insert(QLatin1StringView(key), toArray(l));
    };
    put("feeds", feeds);
    put("instances", instances);
    put("hashtags", hashtags);
    put("keywords", keywords);
    put("handles", handles);
    if (!account.isEmpty())
        o.insert(QStringLiteral("account"), account);
    if (!service.isEmpty())
        o.insert(QStringLiteral("service"), service);
    if (!streamUrl.isEmpty())
        o.insert(QStringLiteral("stream_url"), streamUrl);
    o.insert(QStringLiteral("streaming"), streaming);
    if (!file.isEmpty())
        o.insert(QStringLiteral("file"), file);
    if (kind == u"replay")
        o.insert(QStringLiteral("speed"), speed);
    o.insert(QStringLiteral("poll_seconds"), pollSeconds);
    return o;
}

SourceConfig SourceConfig::fromJson(const QJsonObject &o) {
    SourceConfig c;
    c.kind = o.value(u"kind").toString().trimmed().toLower();
    if (c.kind == u"hackernews")
        c.kind = QStringLiteral("hn");
    c.name = o.value(u"name").toString();
    c.enabled = o.value(u"enabled").toBool(true);
    c.feeds = fromArray(o.value(u"feeds"));
    c.instances = fromArray(o.value(u"instances"));
    for (const QString &t : fromArray(o.value(u"hashtags")))
        c.hashtags << (t.startsWith(u'#') ? t.mid(1) : t);
    c.keywords = fromArray(o.value(u"keywords"));
    c.handles = fromArray(o.value(u"handles"));
    c.account = o.value(u"account").toString().trimmed();
    c.service = o.value(u"service").toString().trimmed();
    c.streamUrl = o.value(u"stream_url").toString().trimmed();
    c.streaming = o.value(u"streaming").toBool(true);
    c.file = o.value(u"file").toString();
    c.speed = o.value(u"speed").toDouble(1.0);
    c.pollSeconds = std::max(5, o.value(u"poll_seconds").toInt(60));
    return c;
}

QList<SourceConfig> sourcesFromJson(const QByteArray &json, QString *error) {
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    QList<SourceConfig> out;
    if (pe.error != QJsonParseError::NoError) {
        if (error)
            *error =
                QStringLiteral("not JSON (%1 at byte %2)").arg(pe.errorString()).arg(pe.offset);
        return out;
    }
    const QJsonArray arr = doc.isArray() ? doc.array() : doc.object().value(u"sources").toArray();
    for (const QJsonValue &v : arr) {
        if (!v.isObject())
            continue;
        out << SourceConfig::fromJson(v.toObject());
        // Secrets never belong in this file.
        if (v.toObject().contains(u"password") || v.toObject().contains(u"token")) {
            if (error)
                *error = QStringLiteral("the sources file contains a password or token; remove it "
                                        "and store it in the keychain");
            return {};
        }
    }
    return out;
}

QByteArray sourcesToJson(const QList<SourceConfig> &sources) {
    QJsonArray arr;
    for (const SourceConfig &s : sources)
        arr.append(s.toJson());
    return QJsonDocument(QJsonObject{{QStringLiteral("sources"), arr}})
        .toJson(QJsonDocument::Indented);
}

} // namespace warroom
