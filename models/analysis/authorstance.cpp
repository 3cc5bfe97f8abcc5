#include "authorstance.h"

namespace warroom {

QString stanceName(Stance s) {
    switch (s) {
    case Stance::Against:
        return QStringLiteral("against");
    case Stance::Neutral:
        return QStringLiteral("neutral");
    case Stance::For:
        return QStringLiteral("for");
    case Stance::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

Stance stanceFromName(QStringView name, bool *ok) {
    const QString n = name.trimmed().toString().toLower();
    bool good = true;
    Stance s = Stance::Unknown;
    if (n == u"against")
        s = Stance::Against;
    else if (n == u"neutral")
        s = Stance::Neutral;
    else if (n == u"for")
        s = Stance::For;
    else if (n != u"unknown" && !n.isEmpty())
        good = false;
    if (ok)
        *ok = good;
    return s;
}

Stance StanceRule::infer(int negative, int neutral, int positive) const {
    const int labelled = negative + neutral + positive;
    if (labelled < std::max(minEvidence, 1))
        return Stance::Unknown;
    const double net = double(positive - negative) / labelled;
    if (net <= -threshold)
        return Stance::Against;
    if (net >= threshold)
        return Stance::For;
    return Stance::Neutral;
}

} // namespace warroom
