#include "mention.h"

namespace warroom {

QString sentimentName(Sentiment s) {
    switch (s) {
    case Sentiment::Negative:
        return QStringLiteral("negative");
    case Sentiment::Neutral:
        return QStringLiteral("neutral");
    case Sentiment::Positive:
        return QStringLiteral("positive");
    case Sentiment::Unknown:
        break;
    }
    return {};
}

Sentiment sentimentFromName(QStringView name, bool *ok) {
    const QString n = name.trimmed().toString().toLower();
    Sentiment s = Sentiment::Unknown;
    bool good = true;
    if (n == u"negative" || n == u"neg" || n == u"-1")
        s = Sentiment::Negative;
    else if (n == u"neutral" || n == u"neu" || n == u"0")
        s = Sentiment::Neutral;
    else if (n == u"positive" || n == u"pos" || n == u"1" || n == u"+1")
        s = Sentiment::Positive;
    else
        good = n.isEmpty();
    if (ok)
        *ok = good;
    return s;
}

QString statusName(MentionStatus s) {
    switch (s) {
    case MentionStatus::New:
        return QStringLiteral("new");
    case MentionStatus::NeedsReply:
        return QStringLiteral("needs-reply");
    case MentionStatus::Answered:
        return QStringLiteral("answered");
    case MentionStatus::Ignored:
        return QStringLiteral("ignored");
    case MentionStatus::Escalated:
        return QStringLiteral("escalated");
    case MentionStatus::MovedPrivate:
        return QStringLiteral("moved-private");
    }
    return QStringLiteral("new");
}

QList<MentionStatus> allStatuses() {
    return {MentionStatus::New,     MentionStatus::NeedsReply, MentionStatus::Answered,
            MentionStatus::Ignored, MentionStatus::Escalated,  MentionStatus::MovedPrivate};
}

MentionStatus statusFromName(QStringView name, bool *ok) {
    for (MentionStatus s : allStatuses()) {
        if (statusName(s) == name) {
            if (ok)
                *ok = true;
            return s;
        }
    }
    if (ok)
        *ok = false;
    return MentionStatus::New;
}

} // namespace warroom
