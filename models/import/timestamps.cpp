#include "timestamps.h"

#include <QRegularExpression>
#include <QTimeZone>

namespace warroom {

namespace {

int namedZoneOffsetMinutes(QStringView zone, bool *ok) {
    struct Z {
        const char16_t *name;
        int hours;
    };
    static constexpr Z zones[] = {{u"UT", 0},   {u"UTC", 0},  {u"GMT", 0},  {u"Z", 0},
                                  {u"EST", -5}, {u"EDT", -4}, {u"CST", -6}, {u"CDT", -5},
                                  {u"MST", -7}, {u"MDT", -6}, {u"PST", -8}, {u"PDT", -7}};
    for (const Z &z : zones) {
        if (zone.compare(QStringView(z.name), Qt::CaseInsensitive) == 0) {
            *ok = true;
            return z.hours * 60;
        }
    }
    *ok = false;
    return 0;
}

int monthFromName(QStringView name) {
    static const char16_t *months[] = {u"jan", u"feb", u"mar", u"apr", u"may", u"jun",
                                       u"jul", u"aug", u"sep", u"oct", u"nov", u"dec"};
    for (int i = 0; i < 12; ++i) {
        if (name.left(3).compare(QStringView(months[i]), Qt::CaseInsensitive) == 0)
            return i + 1;
    }
    return 0;
}

// "+0100", "-08:00", "GMT", "EST" → minutes east of UTC.
bool zoneOffset(QStringView zone, int *minutes) {
    if (zone.isEmpty()) {
        *minutes = 0;
        return true;
    }
    if (zone.front() == u'+' || zone.front() == u'-') {
        QString digits = zone.mid(1).toString();
        digits.remove(u':');
        if (digits.size() != 4)
            return false;
        bool ok = false;
        const int hhmm = digits.toInt(&ok);
        if (!ok)
            return false;
        const int value = (hhmm / 100) * 60 + hhmm % 100;
        *minutes = zone.front() == u'-' ? -value : value;
        return true;
    }
    bool ok = false;
    *minutes = namedZoneOffsetMinutes(zone, &ok);
    return ok;
}

QDateTime withOffset(QDate date, QTime time, int offsetMinutes) {
    if (!date.isValid() || !time.isValid())
        return {};
    QDateTime dt(date, time, Qt::OffsetFromUTC, offsetMinutes * 60);
    return dt.toUTC();
}

} // namespace

QDateTime timeFromSnowflake(QStringView id) {
    bool ok = false;
    const qulonglong value = id.trimmed().toULongLong(&ok);
    if (!ok || value < (1ULL << 32))
        return {};
    const qint64 ms = qint64(value >> 22) + 1288834974657LL;
    const qint64 earliest = 1288834974657LL; // 2010-11-04, when snowflakes began
    const qint64 latest = QDateTime::currentMSecsSinceEpoch() + 24LL * 3600 * 1000;
    if (ms < earliest || ms > latest)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QDateTime parseTimestamp(QStringView input) {
    const QString text = input.trimmed().toString();
    if (text.isEmpty() || text.size() > 64)
        return {};

    // Epoch seconds or milliseconds.
    bool numeric = false;
    const qint64 number = text.toLongLong(&numeric);
    if (numeric) {
        if (number > 100000000000LL) // ms
            return QDateTime::fromMSecsSinceEpoch(number, Qt::UTC);
        if (number > 0)
            return QDateTime::fromSecsSinceEpoch(number, Qt::UTC);
        return {};
    }

    // ISO 8601 / RFC 3339, with 'T' or a space, optional fraction, optional zone.
    static const QRegularExpression iso(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}:?\d{2})?$)"));
    if (const auto m = iso.match(text); m.hasMatch()) {
        const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        int msec = 0;
        if (m.hasCaptured(7))
            msec = m.captured(7).left(3).leftJustified(3, u'0').toInt();
        const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), msec);
        int offset = 0;
        if (m.hasCaptured(8) && !zoneOffset(m.capturedView(8), &offset))
            return {};
        return withOffset(date, time, offset);
    }

    // RFC 822/2822: [Wdy,] DD Mon YY[YY] HH:MM[:SS] ZONE
    static const QRegularExpression rfc822(QStringLiteral(
        R"(^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,5}|[+-]\d{4})?$)"));
    if (const auto m = rfc822.match(text); m.hasMatch()) {
        int year = m.captured(3).toInt();
        if (m.captured(3).size() == 2)
            year += year < 50 ? 2000 : 1900;
        const QDate date(year, monthFromName(m.capturedView(2)), m.captured(1).toInt());
        const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
        int offset = 0;
        if (m.hasCaptured(7) && !zoneOffset(m.capturedView(7), &offset))
            return {};
        return withOffset(date, time, offset);
    }

    // Twitter API: Wed Oct 10 20:19:24 +0000 2018
    static const QRegularExpression twitter(QStringLiteral(
        R"(^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+([+-]\d{4})\s+(\d{4})$)"));
    if (const auto m = twitter.match(text); m.hasMatch()) {
        const QDate date(m.captured(7).toInt(), monthFromName(m.capturedView(1)),
                         m.captured(2).toInt());
        const QTime time(m.captured(3).toInt(), m.captured(4).toInt(), m.captured(5).toInt());
        int offset = 0;
        if (!zoneOffset(m.capturedView(6), &offset))
            return {};
        return withOffset(date, time, offset);
    }
    return {};
}

} // namespace warroom
