#include "replystate.h"

#include <array>

namespace warroom {

namespace {

constexpr std::array kStateNames = {"draft",     "in-review", "changes-requested", "approved",
                                    "scheduled", "published", "rejected",          "withdrawn"};
constexpr std::array kActionNames = {
    "create",   "edit",     "submit",     "approve", "request-changes", "reject", "reopen",
    "withdraw", "schedule", "reschedule", "publish", "mark-posted",     "hold"};
constexpr std::array kRoleNames = {"analyst", "drafter", "spokesperson", "lead"};

} // namespace

QString replyStateName(ReplyState s) {
    return QString::fromLatin1(kStateNames.at(size_t(s)));
}

ReplyState replyStateFromName(QStringView name, bool *ok) {
    for (size_t i = 0; i < kStateNames.size(); ++i) {
        if (name == QLatin1StringView(kStateNames[i])) {
            if (ok)
                *ok = true;
            return ReplyState(i);
        }
    }
    if (ok)
        *ok = false;
    return ReplyState::Draft;
}

QList<ReplyState> allReplyStates() {
    QList<ReplyState> all;
    for (size_t i = 0; i < kStateNames.size(); ++i)
        all.append(ReplyState(i));
    return all;
}

QString replyActionName(ReplyAction a) {
    return QString::fromLatin1(kActionNames.at(size_t(a)));
}

QString roleName(Role r) {
    return QString::fromLatin1(kRoleNames.at(size_t(r)));
}

Role roleFromName(QStringView name, bool *ok) {
    for (size_t i = 0; i < kRoleNames.size(); ++i) {
        if (name.compare(QLatin1StringView(kRoleNames[i]), Qt::CaseInsensitive) == 0) {
            if (ok)
                *ok = true;
            return Role(i);
        }
    }
    if (ok)
        *ok = false;
    return Role::Analyst;
}

bool isTransitionAllowed(ReplyState from, ReplyState to) {
    using S = ReplyState;
    if (to == S::Withdrawn)
        return from != S::Published && from != S::Withdrawn;
    switch (from) {
    case S::Draft:
        return to == S::InReview;
    case S::InReview:
        return to == S::Approved || to == S::ChangesRequested || to == S::Rejected;
    case S::ChangesRequested:
        return to == S::Draft;
    case S::Approved:
        return to == S::Published || to == S::Scheduled || to == S::InReview;
    case S::Scheduled:
        return to == S::Published || to == S::InReview || to == S::Scheduled || to == S::Approved;
    case S::Published:
    case S::Rejected:
    case S::Withdrawn:
        return false;
    }
    return false;
}

bool isFinal(ReplyState s) {
    return s == ReplyState::Published || s == ReplyState::Rejected || s == ReplyState::Withdrawn;
}

bool canApprove(Role r) {
    return r == Role::Spokesperson || r == Role::Lead;
}

bool canDraft(Role r) {
    return r != Role::Analyst;
}

} // namespace warroom
