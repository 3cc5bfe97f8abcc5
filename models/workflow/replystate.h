#pragma once

#include <QList>
#include <QString>
#include <QStringView>

// The reply state machine as data (product.md scene 4, issue 6). No thread affinity.
namespace warroom {

enum class ReplyState : int {
    Draft = 0,
    InReview,
    ChangesRequested,
    Approved,
    Scheduled,
    Published,
    Rejected,
    Withdrawn,
};

// What an operator does to a reply; each action is one audit event.
enum class ReplyAction : int {
    Create = 0,
    Edit,
    Submit,
    Approve,
    RequestChanges,
    Reject,
    Reopen,
    Withdraw,
    Schedule,
    Reschedule,
    Publish,
    MarkPosted,
    Hold,
};

enum class Role : int { Analyst = 0, Drafter, Spokesperson, Lead };

[[nodiscard]] QString replyStateName(ReplyState s); // "draft", "in-review", ...
[[nodiscard]] ReplyState replyStateFromName(QStringView name, bool *ok = nullptr);
[[nodiscard]] QList<ReplyState> allReplyStates();
[[nodiscard]] QString replyActionName(ReplyAction a); // "submit", "request-changes", ...
[[nodiscard]] QString roleName(Role r);
[[nodiscard]] Role roleFromName(QStringView name, bool *ok = nullptr);

// The graph, independent of who acts: draft → in-review → approved → published;
// in-review → changes-requested → draft; in-review → rejected; approved → scheduled → published;
// any unpublished state → withdrawn; editing approved/scheduled text → in-review.
[[nodiscard]] bool isTransitionAllowed(ReplyState from, ReplyState to);
[[nodiscard]] bool isFinal(ReplyState s); // published, rejected... nothing leaves them but withdraw
[[nodiscard]] bool canApprove(Role r);    // spokesperson or lead
[[nodiscard]] bool canDraft(Role r);      // everyone but the analyst

// A refusal carries a one-line reason the operator sees.
struct Outcome {
    bool ok = true;
    QString error;
    static Outcome success() { return {}; }
    static Outcome failure(QString why) { return {false, std::move(why)}; }
    explicit operator bool() const { return ok; }
};

} // namespace warroom
