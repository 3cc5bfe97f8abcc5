#include "feeddate.h"

#include <QRegularExpression>

#include <optional>

namespace warroom {

namespace {

constexpr qsizetype kMaxDateLength = 128;

std::optional<int> monthFromName(QStringView word) {
    static const char16_t *const names[] = {u"jan", u"feb", u"mar", u"apr", u"may", u"jun",
                                            u"jul", u"aug", u"sep", u"oct", u"nov", u"dec"};
    if (word.size() < 3)
        return std::nullopt;
    const QString lower = word.toString().toLower();
    for (int m = 0; m < 12; ++m) {
        if (lower.startsWith(QStringView(names[m]))) {
            // "Sept", "June", "December" are fine; "Janitor" is not a month.
            static const char16_t *const full[] = {
                u"january", u"february", u"march",     u"april",   u"may",      u"june",
                u"july",    u"august",   u"september", u"october", u"november", u"december"};
            const QStringView f(full[m]);
            if (lower.size() == 3 || lower == u"sept" || f.startsWith(lower))
                return m + 1;
        }
    }
    return std::nullopt;
}

bool isWeekdayName(QStringView word) {
    static const char16_t *const names[] = {u"mon", u"tue", u"wed", u"thu", u"fri", u"sat", u"sun"};
    if (word.size() < 3)
        return false;
    const QString lower = word.toString().toLower();
    for (const char16_t *n : names) {
        if (lower.startsWith(QStringView(n)))
            return true;
    }
    return false;
}

// Offset in minutes east of UTC for a zone name, or nullopt.
std::optional<int> namedZoneOffset(QStringView word) {
    struct Zone {
        const char16_t *name;
        int hours;
    };
    static const Zone zones[] = {
        {u"ut", 0},   {u"utc", 0},  {u"gmt", 0},   {u"z", 0},     {u"est", -5},  {u"edt", -4},
        {u"cst", -6}, {u"cdt", -5}, {u"mst", -7},  {u"mdt", -6},  {u"pst", -8},  {u"pdt", -7},
        {u"ast", -4}, {u"adt", -3}, {u"akst", -9}, {u"akdt", -8}, {u"hst", -10}, {u"cet", 1},
        {u"cest", 2}, {u"met", 1},  {u"mest", 2},  {u"eet", 2},   {u"eest", 3},  {u"wet", 0},
        {u"west", 1}, {u"jst", 9},  {u"et", -5},   {u"ct", -6},   {u"mt", -7},   {u"pt", -8}};
    const QString lower = word.toString().toLower();
    for (const Zone &z : zones) {
        if (lower == QStringView(z.name))
            return z.hours * 60;
    }
    if (lower.size() == 1) {
        // RFC 822 military zones, as written in RFC 822 (and as feedparser reads them).
        const char16_t c = lower.front().unicode();
        if (c >= u'a' && c <= u'i')
            return -(c - u'a' + 1) * 60;
        if (c >= u'k' && c <= u'm')
            return -(c - u'k' + 10) * 60;
        if (c >= u'n' && c <= u'y')
            return (c - u'n' + 1) * 60;
    }
    return std::nullopt;
}

// "+hhmm", "-hh:mm", "+hh"; minutes east of UTC.
std::optional<int> numericZoneOffset(QStringView word) {
    if (word.size() < 2 || (word.front() != u'+' && word.front() != u'-'))
        return std::nullopt;
    const int sign = word.front() == u'-' ? -1 : 1;
    QString digits = word.mid(1).toString();
    digits.remove(u':');
    bool ok = false;
    const int value = digits.toInt(&ok);
    if (!ok || digits.size() > 4)
        return std::nullopt;
    int hours = 0;
    int minutes = 0;
    if (digits.size() <= 2) {
        hours = value;
    } else {
        hours = value / 100;
        minutes = value % 100;
    }
    if (hours > 14 || minutes > 59)
        return std::nullopt;
    return sign * (hours * 60 + minutes);
}

QDateTime makeUtc(int year, int month, int day, int hour, int minute, int second, int msec,
                  int offsetMinutes) {
    if (second == 60)
        second = 59; // a leap second; QTime cannot hold it
    const QDate date(year, month, day);
    if (!date.isValid() || year < 1000 || year > 9999)
        return {};
    if (hour == 24 && minute == 0 && second == 0) {
        return makeUtc(date.addDays(1).year(), date.addDays(1).month(), date.addDays(1).day(), 0, 0,
                       0, msec, offsetMinutes);
    }
    const QTime time(hour, minute, second, msec);
    if (!time.isValid())
        return {};
    // Read the wall-clock time as UTC, then move it by the zone's offset.
    return QDateTime(date, time, Qt::UTC).addSecs(-qint64(offsetMinutes) * 60);
}

QDateTime parseIso(QStringView text) {
    static const QRegularExpression re(
        QStringLiteral(R"(^(\d{4})(?:(-?)(\d{2})(?:\2(\d{2}))?)?)"
                       R"((?:(?:T|t|\s+)(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?)"
                       R"(\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$)"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return {};
    const int year = m.capturedView(1).toInt();
    const int month = m.capturedView(3).isEmpty() ? 1 : m.capturedView(3).toInt();
    const int day = m.capturedView(4).isEmpty() ? 1 : m.capturedView(4).toInt();
    const bool hasTime = !m.capturedView(5).isEmpty();
    const int hour = hasTime ? m.capturedView(5).toInt() : 0;
    const int minute = hasTime ? m.capturedView(6).toInt() : 0;
    const int second = m.capturedView(7).isEmpty() ? 0 : m.capturedView(7).toInt();
    int msec = 0;
    if (!m.capturedView(8).isEmpty()) {
        const QString frac = (m.capturedView(8).toString() + QStringLiteral("00")).left(3);
        msec = frac.toInt();
    }
    int offset = 0;
    const QStringView zone = m.capturedView(9);
    if (!zone.isEmpty()) {
        if (zone.front() == u'+' || zone.front() == u'-') {
            const auto z = numericZoneOffset(zone);
            if (!z)
                return {};
            offset = *z;
        }
    }
    return makeUtc(year, month, day, hour, minute, second, msec, offset);
}

// RFC 822 and its relatives, token by token: the order of day, month and year varies in the wild.
QDateTime parseRfc822Like(QStringView text) {
    QString cleaned = text.toString();
    // Comments like "(PST)" and the commas/dots after weekday names carry nothing.
    static const QRegularExpression comment(QStringLiteral(R"(\([^)]*\))"));
    cleaned.remove(comment);
    cleaned.replace(u',', u' ');
    const QStringList tokens = cleaned.split(u' ', Qt::SkipEmptyParts);
    if (tokens.isEmpty() || tokens.size() > 8)
        return {};

    std::optional<int> month;
    std::optional<int> day;
    std::optional<int> year;
    bool yearWasShort = false;
    std::optional<int> offset;
    int hour = -1;
    int minute = 0;
    int second = 0;
    static const QRegularExpression timeRe(
        QStringLiteral(R"(^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?([+-]\d{2}:?\d{2}|Z)?$)"));
    static const QRegularExpression zonePrefixed(
        QStringLiteral(R"(^(?:GMT|UTC|UT)([+-]\d{1,2}(?::?\d{2})?)$)"),
        QRegularExpression::CaseInsensitiveOption);

    for (const QString &raw : tokens) {
        QStringView tok(raw);
        while (!tok.isEmpty() && tok.back() == u'.')
            tok.chop(1);
        if (tok.isEmpty())
            continue;
        const QRegularExpressionMatch tm = timeRe.match(tok);
        if (tm.hasMatch() && hour < 0) {
            hour = tm.capturedView(1).toInt();
            minute = tm.capturedView(2).toInt();
            second = tm.capturedView(3).isEmpty() ? 0 : tm.capturedView(3).toInt();
            if (!tm.capturedView(4).isEmpty()) {
                offset = tm.capturedView(4) == u"Z" ? std::optional<int>(0)
                                                    : numericZoneOffset(tm.capturedView(4));
            }
            continue;
        }
        bool isNumber = false;
        const int number = tok.toInt(&isNumber);
        if (isNumber && tok.front() != u'+' && tok.front() != u'-') {
            if (tok.size() == 4 && !year) {
                year = number;
            } else if (tok.size() <= 2 && !day) {
                day = number;
            } else if (tok.size() <= 2 && !year) {
                year = number;
                yearWasShort = true;
            } else {
                return {};
            }
            continue;
        }
        if (hour >= 0 && !offset) {
            if (const auto z = numericZoneOffset(tok)) {
                offset = z;
                continue;
            }
            if (const auto z = namedZoneOffset(tok)) {
                offset = z;
                continue;
            }
            const QRegularExpressionMatch zp = zonePrefixed.match(tok);
            if (zp.hasMatch()) {
                offset = numericZoneOffset(zp.capturedView(1));
                if (!offset)
                    return {};
                continue;
            }
        }
        if (!month) {
            if (const auto mo = monthFromName(tok)) {
                month = mo;
                continue;
            }
        }
        if (isWeekdayName(tok) && !day && !month)
            continue;
        if (isWeekdayName(tok))
            continue;
        return {}; // something we do not understand: better no date than a wrong one
    }
    if (!month || !day || !year)
        return {};
    int y = *year;
    if (yearWasShort)
        y += y < 50 ? 2000 : 1900;
    if (hour < 0)
        hour = 0; // date only
    return makeUtc(y, *month, *day, hour, minute, second, 0, offset.value_or(0));
}

} // namespace

QDateTime parseFeedDate(QStringView text) {
    text = text.trimmed();
    if (text.isEmpty() || text.size() > kMaxDateLength)
        return {};
    if (text.size() >= 4 && text[0].isDigit() && text[1].isDigit() && text[2].isDigit() &&
        text[3].isDigit()) {
        const QDateTime iso = parseIso(text);
        if (iso.isValid())
            return iso;
    }
    return parseRfc822Like(text);
}

} // namespace warroom
