#include "replyworkflow.h"

#include "channellength.h"
#include "domain/urlkey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>
#include <QUuid>

namespace warroom {

namespace {

constexpr const char *kSelectReply = R"sql(
SELECT r.id, r.mention_id, r.incident_id, r.channel, r.lang, r.text, r.base_text, r.state,
       r.author_id, a.name, r.approver_id, p.name, r.created_at, r.updated_at, r.scheduled_at,
       r.published_at, r.published_url, r.remote_id, r.idempotency_key, r.rkey, r.last_reason,
       r.last_error, r.tone_warnings, r.held, r.attempts,
       m.source, m.source_id, m.author_handle, m.text, m.url, m.lang, m.sentiment_label,
       m.created_at
FROM replies r
JOIN operators a ON a.id = r.author_id
LEFT JOIN operators p ON p.id = r.approver_id
LEFT JOIN mentions m ON m.id = r.mention_id
)sql";

QDateTime fromMs(const sql::Statement &st, int col) {
    return st.isNull(col) ? QDateTime() : QDateTime::fromMSecsSinceEpoch(st.int64(col), Qt::UTC);
}

Reply readReply(const sql::Statement &st) {
    Reply r;
    r.id = st.int64(0);
    r.mentionId = st.isNull(1) ? 0 : st.int64(1);
    r.incidentId = st.isNull(2) ? 0 : st.int64(2);
    r.channel = st.text(3);
    r.language = st.text(4);
    r.text = st.text(5);
    r.baseText = st.text(6);
    r.state = replyStateFromName(st.text(7));
    r.authorId = st.int64(8);
    r.authorName = st.text(9);
    r.approverId = st.isNull(10) ? 0 : st.int64(10);
    r.approverName = st.text(11);
    r.createdAt = fromMs(st, 12);
    r.updatedAt = fromMs(st, 13);
    r.scheduledAt = fromMs(st, 14);
    r.publishedAt = fromMs(st, 15);
    r.publishedUrl = st.text(16);
    r.remoteId = st.text(17);
    r.idempotencyKey = st.text(18);
    r.rkey = st.text(19);
    r.lastReason = st.text(20);
    r.lastError = st.text(21);
    for (const QJsonValue &v : QJsonDocument::fromJson(st.text(22).toUtf8()).array())
        r.toneWarnings.append(v.toString());
    r.held = st.int64(23) != 0;
    r.attempts = int(st.int64(24));
    r.mentionSource = st.text(25);
    r.mentionSourceId = st.text(26);
    r.mentionAuthor = st.text(27);
    r.mentionText = st.text(28);
    r.mentionUrl = st.text(29);
    r.mentionLanguage = st.text(30);
    r.mentionSentiment = sentimentFromName(st.text(31));
    r.mentionCreatedAt = fromMs(st, 32);
    return r;
}

// One transaction per change; rolled back unless committed.
class Transaction {
public:
    explicit Transaction(sql::Connection &db)
        : m_db(db) {
        m_open = m_db.exec("BEGIN IMMEDIATE", &m_error);
    }
    ~Transaction() {
        if (m_open)
            m_db.exec("ROLLBACK");
    }
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    [[nodiscard]] bool isOpen() const { return m_open; }
    [[nodiscard]] QString error() const { return m_error; }
    bool commit() {
        if (!m_open)
            return false;
        m_open = false;
        if (m_db.exec("COMMIT", &m_error))
            return true;
        m_db.exec("ROLLBACK");
        return false;
    }

private:
    sql::Connection &m_db;
    QString m_error;
    bool m_open = false;
};

// Bluesky record keys are TIDs: 13 characters of base32-sortable over microseconds + clock id.
QString newRkey(const QDateTime &now) {
    static const char alphabet[] = "234567abcdefghijklmnopqrstuvwxyz";
    quint64 v =
        (quint64(now.toMSecsSinceEpoch()) * 1000u + QRandomGenerator::global()->bounded(1000u))
            << 10 |
        QRandomGenerator::global()->bounded(1024u);
    v &= 0x7FFFFFFFFFFFFFFFull;
    QString s(13, u'2');
    for (int i = 12; i >= 0; --i) {
        s[i] = QLatin1Char(alphabet[v & 31u]);
        v >>= 5;
    }
    return s;
}

} // namespace

ReplyWorkflow::ReplyWorkflow(sql::Connection &db)
    : m_db(db)
    , m_operators(db)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); }) {}

std::optional<Operator> ReplyWorkflow::actor(qint64 id, QString *error) const {
    std::optional<Operator> op = m_operators.find(id);
    if (!op || !op->active) {
        *error = QStringLiteral("unknown operator #%1").arg(id);
        return std::nullopt;
    }
    return op;
}

Outcome ReplyWorkflow::load(qint64 actorId, qint64 replyId, std::optional<Operator> *op,
                            std::optional<Reply> *r) const {
    QString why;
    *op = actor(actorId, &why);
    if (!*op)
        return Outcome::failure(why);
    *r = reply(replyId);
    if (!*r)
        return Outcome::failure(QStringLiteral("no reply #%1").arg(replyId));
    return Outcome::success();
}

Outcome ReplyWorkflow::leadOnly(qint64 actorId, const QString &refusal,
                                std::optional<Operator> *op) const {
    QString why;
    *op = actor(actorId, &why);
    if (!*op)
        return Outcome::failure(why);
    if ((*op)->role != Role::Lead)
        return Outcome::failure(refusal);
    return Outcome::success();
}

QString ReplyWorkflow::notReleasable(const Reply &r) const {
    if (r.state == ReplyState::Approved)
        return {};
    if (r.state != ReplyState::Scheduled)
        return QStringLiteral("reply %1 is %2: only an approved reply is published")
            .arg(r.id)
            .arg(replyStateName(r.state));
    if (r.held)
        return QStringLiteral("reply %1 came due during a pause: re-approve or reschedule it")
            .arg(r.id);
    if (!r.scheduledAt.isValid() || r.scheduledAt > now())
        return QStringLiteral("reply %1 is scheduled for %2")
            .arg(r.id)
            .arg(r.scheduledAt.toString(Qt::ISODate));
    return {};
}

QString ReplyWorkflow::tooLong(const Reply &r, const LengthCheck &len) {
    if (len.fits())
        return {};
    return QStringLiteral("reply %1 is too long for %2: %3 of %4 characters%5")
        .arg(r.id)
        .arg(r.channel)
        .arg(len.count)
        .arg(len.limit)
        .arg(len.byteLimit && len.bytes > len.byteLimit
                 ? QStringLiteral(" (%1 of %2 bytes)").arg(len.bytes).arg(len.byteLimit)
                 : QString());
}

bool ReplyWorkflow::appendEvent(const Operator *op, qint64 replyId, const QString &from,
                                ReplyState to, ReplyAction action, const QString &text,
                                const QString &reason, QString *error) {
    AuditEvent e;
    e.replyId = replyId;
    e.operatorId = op ? op->id : 0;
    e.role = op ? roleName(op->role) : QStringLiteral("system");
    e.at = now();
    e.fromState = from;
    e.toState = replyStateName(to);
    e.action = replyActionName(action);
    e.textHash = AuditLog::textHash(text);
    e.reason = reason;
    return AuditLog::append(m_db, e, error);
}

Outcome ReplyWorkflow::move(const Operator *op, const Reply &r, ReplyState to, ReplyAction action,
                            const QString &reason, const std::function<bool()> &extra) {
    // An edit may keep the state (draft, in review); every other action must follow the graph.
    if (!(action == ReplyAction::Edit && r.state == to)) {
        if (!isTransitionAllowed(r.state, to))
            return Outcome::failure(QStringLiteral("reply %1 is %2: it cannot become %3")
                                        .arg(r.id)
                                        .arg(replyStateName(r.state), replyStateName(to)));
    }
    Transaction tx(m_db);
    if (!tx.isOpen())
        return Outcome::failure(tx.error());
    // Re-check the state inside the transaction: another seat may have moved it meanwhile.
    sql::Statement cur = m_db.prepare("SELECT state FROM replies WHERE id = ?");
    cur.bind(1, r.id);
    if (cur.step() != SQLITE_ROW || cur.text(0) != replyStateName(r.state))
        return Outcome::failure(QStringLiteral("reply %1 changed meanwhile; look again").arg(r.id));
    sql::Statement up = m_db.prepare(
        "UPDATE replies SET state = ?, updated_at = ?, last_reason = coalesce(?, last_reason) "
        "WHERE id = ?");
    up.bind(1, replyStateName(to));
    up.bind(2, now().toMSecsSinceEpoch());
    const bool keepsReason = action == ReplyAction::Reject ||
                             action == ReplyAction::RequestChanges ||
                             action == ReplyAction::Withdraw;
    if (keepsReason && !reason.isEmpty())
        up.bind(3, reason);
    else
        up.bindNull(3);
    up.bind(4, r.id);
    if (up.step() != SQLITE_DONE)
        return Outcome::failure(m_db.lastError());
    if (extra && !extra())
        return Outcome::failure(m_db.lastError());
    // The text after `extra` (an edit changes it).
    sql::Statement text = m_db.prepare("SELECT text FROM replies WHERE id = ?");
    text.bind(1, r.id);
    text.step();
    QString why;
    if (!appendEvent(op, r.id, replyStateName(r.state), to, action, text.text(0), reason, &why))
        return Outcome::failure(why);
    if (!tx.commit())
        return Outcome::failure(tx.error());
    return Outcome::success();
}

Outcome ReplyWorkflow::createDraft(qint64 actorId, const DraftSpec &spec, qint64 *replyId) {
    QString why;
    const std::optional<Operator> op = actor(actorId, &why);
    if (!op)
        return Outcome::failure(why);
    if (!canDraft(op->role))
        return Outcome::failure(
            QStringLiteral("%1 is an analyst: only drafters, spokespersons and leads write replies")
                .arg(op->name));
    if (spec.text.trimmed().isEmpty())
        return Outcome::failure(QStringLiteral("a reply needs some text"));
    QString channel = spec.channel;
    QString language = spec.language;
    if (spec.mentionId > 0) {
        sql::Statement m = m_db.prepare("SELECT source, lang FROM mentions WHERE id = ?");
        m.bind(1, spec.mentionId);
        if (m.step() != SQLITE_ROW)
            return Outcome::failure(QStringLiteral("no mention #%1").arg(spec.mentionId));
        if (channel.isEmpty())
            channel = m.text(0); // reply where the crisis started
        if (language.isEmpty())
            language = m.text(1);
    } else if (spec.incidentId <= 0 && channel.isEmpty()) {
        return Outcome::failure(QStringLiteral("a statement needs a channel"));
    }
    if (channel.isEmpty())
        channel = QStringLiteral("manual");

    Transaction tx(m_db);
    if (!tx.isOpen())
        return Outcome::failure(tx.error());
    const qint64 t = now().toMSecsSinceEpoch();
    sql::Statement st = m_db.prepare(
        "INSERT INTO replies(mention_id, incident_id, channel, lang, text, state, author_id, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?)",
        &why);
    if (!st.isValid())
        return Outcome::failure(why);
    if (spec.mentionId > 0)
        st.bind(1, spec.mentionId);
    else
        st.bindNull(1);
    if (spec.incidentId > 0)
        st.bind(2, spec.incidentId);
    else
        st.bindNull(2);
    st.bind(3, channel);
    st.bind(4, language.isEmpty() ? QString() : language);
    st.bind(5, spec.text);
    st.bind(6, op->id);
    st.bind(7, t);
    st.bind(8, t);
    if (st.step() != SQLITE_DONE)
        return Outcome::failure(m_db.lastError());
    const qint64 id = sqlite3_last_insert_rowid(m_db.handle());
    if (!appendEvent(&*op, id, QString(), ReplyState::Draft, ReplyAction::Create, spec.text,
                     QString(), &why))
        return Outcome::failure(why);
    if (!tx.commit())
        return Outcome::failure(tx.error());
    if (replyId)
        *replyId = id;
    return Outcome::success();
}

Outcome ReplyWorkflow::edit(qint64 actorId, qint64 replyId, const QString &text) {
    std::optional<Operator> op;
    std::optional<Reply> r;
    if (Outcome o = load(actorId, replyId, &op, &r); !o)
        return o;
    if (r->authorId != op->id && !canApprove(op->role))
        return Outcome::failure(QStringLiteral("only the author or a spokesperson/lead edits "
                                               "reply %1")
                                    .arg(replyId));
    if (text.trimmed().isEmpty())
        return Outcome::failure(QStringLiteral("a reply needs some text"));
    if (text == r->text)
        return Outcome::success();
    ReplyState to = r->state;
    QString base = r->baseText;
    switch (r->state) {
    case ReplyState::Draft:
    case ReplyState::InReview:
        break;
    case ReplyState::ChangesRequested:
        to = ReplyState::Draft;
        break;
    case ReplyState::Approved:
    case ReplyState::Scheduled:
        // What the approver approved is what the reviewer compares against.
        to = ReplyState::InReview;
        base = r->text;
        break;
    default:
        return Outcome::failure(QStringLiteral("reply %1 is %2: it can no longer be edited")
                                    .arg(replyId)
                                    .arg(replyStateName(r->state)));
    }
    const qint64 t = now().toMSecsSinceEpoch();
    const bool clearsApproval = to == ReplyState::InReview && r->state != ReplyState::InReview;
    return move(
        &*op, *r, to, ReplyAction::Edit,
        clearsApproval ? QStringLiteral("edited after approval: back to review") : QString(), [&] {
            sql::Statement st =
                m_db.prepare("UPDATE replies SET text = ?, base_text = ?, updated_at = ?, "
                             "approver_id = CASE WHEN ? THEN NULL ELSE approver_id END, "
                             "scheduled_at = CASE WHEN ? THEN NULL ELSE scheduled_at END, held = 0 "
                             "WHERE id = ?");
            st.bind(1, text);
            st.bind(2, base.isEmpty() ? QString() : base);
            st.bind(3, t);
            st.bind(4, clearsApproval ? 1 : 0);
            st.bind(5, clearsApproval ? 1 : 0);
            st.bind(6, replyId);
            return st.step() == SQLITE_DONE;
        });
}

Outcome ReplyWorkflow::submit(qint64 actorId, qint64 replyId,
                              const QStringList &overriddenWarnings) {
    std::optional<Operator> op;
    std::optional<Reply> r;
    if (Outcome o = load(actorId, replyId, &op, &r); !o)
        return o;
    if (r->authorId != op->id && !canApprove(op->role))
        return Outcome::failure(
            QStringLiteral("only the author or a spokesperson/lead submits reply %1").arg(replyId));
    if (r->state != ReplyState::Draft)
        return Outcome::failure(QStringLiteral("reply %1 is %2: only a draft is submitted")
                                    .arg(replyId)
                                    .arg(replyStateName(r->state)));
    if (const QString why = tooLong(*r, lengthCheck(r->text, r->channel)); !why.isEmpty())
        return Outcome::failure(why);
    const QString reason =
        overriddenWarnings.isEmpty()
            ? QString()
            : QStringLiteral("tone warnings overridden: ") + overriddenWarnings.join(u"; ");
    return move(&*op, *r, ReplyState::InReview, ReplyAction::Submit, reason, [&] {
        sql::Statement st = m_db.prepare("UPDATE replies SET tone_warnings = ? WHERE id = ?");
        st.bind(1, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(overriddenWarnings))
                                         .toJson(QJsonDocument::Compact)));
        st.bind(2, replyId);
        return st.step() == SQLITE_DONE;
    });
}

Outcome ReplyWorkflow::reviewerCheck(const Operator &op, const QString &pinText,
                                     const Reply &r) const {
    if (!canApprove(op.role))
        return Outcome::failure(QStringLiteral("%1 is %2: only a spokesperson or a lead reviews")
                                    .arg(op.name, roleName(op.role)));
    if (r.authorId == op.id)
        return Outcome::failure(
            QStringLiteral("%1 wrote reply %2: the approver is never the author (four eyes)")
                .arg(op.name)
                .arg(r.id));
    // Whoever edited the text is an author too.
    sql::Statement st = m_db.prepare("SELECT 1 FROM reply_events WHERE reply_id = ? AND "
                                     "operator_id = ? AND action IN ('create', 'edit') LIMIT 1");
    st.bind(1, r.id);
    st.bind(2, op.id);
    if (st.step() == SQLITE_ROW)
        return Outcome::failure(
            QStringLiteral("%1 edited reply %2: the approver is never an author (four eyes)")
                .arg(op.name)
                .arg(r.id));
    if (!m_operators.verifyPin(op.id, pinText))
        return Outcome::failure(op.hasPin ? QStringLiteral("wrong PIN for %1").arg(op.name)
                                          : QStringLiteral("%1 has no PIN yet: set one with "
                                                           "warroom operator add/--pin")
                                                .arg(op.name));
    return Outcome::success();
}

Outcome ReplyWorkflow::approve(qint64 actorId, const QString &pinText, qint64 replyId) {
    std::optional<Operator> op;
    std::optional<Reply> r;
    if (Outcome o = load(actorId, replyId, &op, &r); !o)
        return o;
    const bool reapproval = r->state == ReplyState::Scheduled && r->held;
    if (r->state != ReplyState::InReview && !reapproval)
        return Outcome::failure(QStringLiteral("reply %1 is %2: only a reply in review (or one "
                                               "held after a pause) is approved")
                                    .arg(replyId)
                                    .arg(replyStateName(r->state)));
    if (Outcome o = reviewerCheck(*op, pinText, *r); !o)
        return o;
    if (const QString why = tooLong(*r, lengthCheck(r->text, r->channel)); !why.isEmpty())
        return Outcome::failure(why);
    return move(&*op, *r, ReplyState::Approved, ReplyAction::Approve,
                reapproval ? QStringLiteral("re-approved after the publishing pause") : QString(),
                [&] {
                    sql::Statement st = m_db.prepare(
                        "UPDATE replies SET approver_id = ?, base_text = text, held = 0, "
                        "scheduled_at = NULL, last_reason = NULL WHERE id = ?");
                    st.bind(1, op->id);
                    st.bind(2, replyId);
                    return st.step() == SQLITE_DONE;
                });
}

Outcome ReplyWorkflow::decide(qint64 actorId, const QString &pinText, qint64 replyId,
                              const QString &reason, ReplyState to, ReplyAction action) {
    std::optional<Operator> op;
    std::optional<Reply> r;
    if (Outcome o = load(actorId, replyId, &op, &r); !o)
        return o;
    if (reason.trimmed().isEmpty())
        return Outcome::failure(
            action == ReplyAction::Reject
                ? QStringLiteral("a rejection needs a reason: the author sees it")
                : QStringLiteral("say what to change: the author sees the "
                                 "reason"));
    if (r->state != ReplyState::InReview)
        return Outcome::failure(QStringLiteral("reply %1 is %2, not in review")
                                    .arg(replyId)
                                    .arg(replyStateName(r->state)));
    if (Outcome o = reviewerCheck(*op, pinText, *r); !o)
        return o;
    return move(&*op, *r, to, action, reason.trimmed());
}

Outcome ReplyWorkflow::requestChanges(qint64 actorId, const QString &pinText, qint64 replyId,
                                      const QString &reason) {
    return decide(actorId, pinText, replyId, reason, ReplyState::ChangesRequested,
                  ReplyAction::RequestChanges);
}

Outcome ReplyWorkflow::reject(qint64 actorId, const QString &pinText, qint64 replyId,
                              const QString &reason) {
    return decide(actorId, pinText, replyId, reason, ReplyState::Rejected, ReplyAction::Reject);
}

Outcome ReplyWorkflow::reopen(qint64 actorId, qint64 replyId) {
    std::optional<Operator> op;
    std::optional<Reply> r;
    if (Outcome o = load(actorId, replyId, &op, &r); !o)
        return o;
    if (r->authorId != op->id && !canApprove(op->role))
        return Outcome::failure(QStringLiteral("only the author reopens reply %1").arg(replyId));
    if (r->state != ReplyState::ChangesRequested)
        return Outcome::failure(QStringLiteral("reply %1 is %2: only a reply sent back for "
                                               "changes is reopened")
                                    .arg(replyId)
                                    .arg(replyStateName(r->state)));
    return move(&*op, *r, ReplyState::Draft, ReplyAction::Reopen, QString());
}

Outcome ReplyWorkflow::withdraw(qint64 actorId, qint64 replyId, const QString &reason) {
    std::optional<Operator> op;
    std::optional<Reply> r;
    if (Outcome o = load(actorId, replyId, &op, &r); !o)
        return o;
    if (r->authorId != op->id && !canApprove(op->role))
        return Outcome::failure(
            QStringLiteral("only the author or a spokesperson/lead withdraws reply %1")
                .arg(replyId));
    return move(&*op, *r, ReplyState::Withdrawn, ReplyAction::Withdraw, reason.trimmed());
}

Outcome ReplyWorkflow::schedule(qint64 actorId, qint64 replyId, const QDateTime &at) {
    return setTime(actorId, replyId, at, ReplyAction::Schedule);
}

Outcome ReplyWorkflow::reschedule(qint64 actorId, qint64 replyId, const QDateTime &at) {
    return setTime(actorId, replyId, at, ReplyAction::Reschedule);
}

Outcome ReplyWorkflow::setTime(qint64 actorId, qint64 replyId, const QDateTime &at,
                               ReplyAction action) {
    std::optional<Operator> op;
    std::optional<Reply> r;
    if (Outcome o = load(actorId, replyId, &op, &r); !o)
        return o;
    const bool first = action == ReplyAction::Schedule;
    if (!canApprove(op->role))
        return Outcome::failure(first
                                    ? QStringLiteral("only a spokesperson or a lead schedules")
                                    : QStringLiteral("only a spokesperson or a lead reschedules"));
    if (first && !at.isValid())
        return Outcome::failure(QStringLiteral("a schedule needs a time"));
    if (!first && (!at.isValid() || at <= now()))
        return Outcome::failure(QStringLiteral("a new time must be in the future"));
    if (first && r->state != ReplyState::Approved)
        return Outcome::failure(
            QStringLiteral("reply %1 is %2: only an approved reply is scheduled")
                .arg(replyId)
                .arg(replyStateName(r->state)));
    if (!first && r->state != ReplyState::Scheduled)
        return Outcome::failure(QStringLiteral("reply %1 is %2, not scheduled")
                                    .arg(replyId)
                                    .arg(replyStateName(r->state)));
    // A new time also lifts a hold after a pause.
    return move(&*op, *r, ReplyState::Scheduled, action, at.toUTC().toString(Qt::ISODate), [&] {
        // An earlier failed try must not keep it from going at the new time.
        sql::Statement st = m_db.prepare("UPDATE replies SET scheduled_at = ?1, held = 0, "
                                         "next_attempt_at = CASE WHEN attempts > 0 THEN ?1 END "
                                         "WHERE id = ?2");
        st.bind(1, at.toMSecsSinceEpoch());
        st.bind(2, replyId);
        return st.step() == SQLITE_DONE;
    });
}

std::optional<PublishTicket> ReplyWorkflow::beginPublish(qint64 actorId, qint64 replyId,
                                                         QString *error) {
    auto refuse = [&](const QString &why) -> std::optional<PublishTicket> {
        if (error)
            *error = why;
        return std::nullopt;
    };
    if (actorId > 0) {
        QString why;
        if (!actor(actorId, &why))
            return refuse(why);
    }
    const std::optional<Reply> r = reply(replyId);
    if (!r)
        return refuse(QStringLiteral("no reply #%1").arg(replyId));
    const PauseState pause = pauseState();
    if (pause.paused)
        return refuse(QStringLiteral("publishing is paused by %1: %2").arg(pause.by, pause.reason));
    if (const QString why = notReleasable(*r); !why.isEmpty())
        return refuse(why);
    if (!ChannelLength::isDirectChannel(r->channel))
        return refuse(QStringLiteral("%1 cannot be posted to directly: copy the text and mark it "
                                     "as posted with its URL")
                          .arg(r->channel));
    if (const QString why = tooLong(*r, lengthCheck(r->text, r->channel)); !why.isEmpty())
        return refuse(why);

    PublishTicket t;
    t.replyId = r->id;
    t.channel = r->channel;
    t.text = r->text;
    t.language = r->language;
    t.idempotencyKey = r->idempotencyKey;
    t.rkey = r->rkey;
    t.attempt = r->attempts + 1;
    t.account = publishingAccount(r->channel);
    if (r->mentionSource == r->channel) {
        const bool isUrl =
            r->mentionSourceId.startsWith(u"https://") || r->mentionSourceId.startsWith(u"http://");
        if (r->channel == u"mastodon" && isUrl) {
            // A status id is only valid on the instance it was read from: the publisher finds
            // the post on the brand's instance by its global uri (or web url).
            t.inReplyToUri = r->mentionSourceId;
            t.inReplyToUrl = r->mentionUrl;
        } else if (r->channel == u"mastodon") {
            t.inReplyToId = r->mentionSourceId; // an imported bare id: taken as local
        } else if (r->channel == u"bluesky" && r->mentionSourceId.startsWith(u"at://")) {
            t.parentUri = r->mentionSourceId;
        }
    }
    // The key / rkey is saved before the first byte leaves: every retry, even after a crash,
    // reuses it, so the server recognises the same post.
    if (t.idempotencyKey.isEmpty())
        t.idempotencyKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (t.rkey.isEmpty())
        t.rkey = newRkey(now());
    sql::Statement st = m_db.prepare("UPDATE replies SET idempotency_key = ?, rkey = ?, "
                                     "attempts = attempts + 1, next_attempt_at = ? WHERE id = ?");
    st.bind(1, t.idempotencyKey);
    st.bind(2, t.rkey);
    // Should the process die mid-request, the scheduler retries after a minute.
    st.bind(3, now().toMSecsSinceEpoch() + 60000);
    st.bind(4, replyId);
    if (st.step() != SQLITE_DONE)
        return refuse(m_db.lastError());
    return t;
}

Outcome ReplyWorkflow::completePublish(const PublishTicket &ticket, qint64 actorId,
                                       const QString &remoteId, const QString &url) {
    std::optional<Operator> op;
    if (actorId > 0)
        op = m_operators.find(actorId);
    const std::optional<Reply> r = reply(ticket.replyId);
    if (!r)
        return Outcome::failure(QStringLiteral("no reply #%1").arg(ticket.replyId));
    const qint64 t = now().toMSecsSinceEpoch();
    if (r->state != ReplyState::Approved && r->state != ReplyState::Scheduled) {
        // The post went out while someone withdrew or edited it: the record must say so.
        sql::Statement st = m_db.prepare(
            "UPDATE replies SET remote_id = ?, published_url = ?, last_error = ? WHERE id = ?");
        st.bind(1, remoteId);
        st.bind(2, url);
        st.bind(3, QStringLiteral("posted as %1 while the reply became %2: check the channel")
                       .arg(remoteId, replyStateName(r->state)));
        st.bind(4, r->id);
        st.step();
        return Outcome::failure(QStringLiteral("reply %1 became %2 while it was being posted")
                                    .arg(r->id)
                                    .arg(replyStateName(r->state)));
    }
    return move(op ? &*op : nullptr, *r, ReplyState::Published, ReplyAction::Publish,
                QStringLiteral("%1 %2").arg(ticket.channel, url.isEmpty() ? remoteId : url),
                [&] { return recordPublished(*r, t, url, remoteId); });
}

Outcome ReplyWorkflow::failPublish(const PublishTicket &ticket, const QString &error,
                                   const QDateTime &nextAttempt) {
    sql::Statement st =
        m_db.prepare("UPDATE replies SET last_error = ?, next_attempt_at = ? WHERE id = ?");
    st.bind(1, error);
    if (nextAttempt.isValid())
        st.bind(2, nextAttempt.toMSecsSinceEpoch());
    else
        st.bindNull(2);
    st.bind(3, ticket.replyId);
    if (st.step() != SQLITE_DONE)
        return Outcome::failure(m_db.lastError());
    return Outcome::success();
}

Outcome ReplyWorkflow::markPosted(qint64 actorId, qint64 replyId, const QString &url) {
    QString why;
    const std::optional<Operator> op = actor(actorId, &why);
    if (!op)
        return Outcome::failure(why);
    if (!canDraft(op->role))
        return Outcome::failure(QStringLiteral("an analyst does not publish"));
    const std::optional<Reply> r = reply(replyId);
    if (!r)
        return Outcome::failure(QStringLiteral("no reply #%1").arg(replyId));
    const QUrl u = QUrl::fromUserInput(url);
    if (url.isEmpty() || !isSafeWebUrl(u))
        return Outcome::failure(QStringLiteral("mark as posted needs the post's http(s) URL"));
    if (const QString why = notReleasable(*r); !why.isEmpty())
        return Outcome::failure(why);
    const qint64 t = now().toMSecsSinceEpoch();
    return move(&*op, *r, ReplyState::Published, ReplyAction::MarkPosted, u.toString(),
                [&] { return recordPublished(*r, t, u.toString(), QString()); });
}

bool ReplyWorkflow::recordPublished(const Reply &r, qint64 atMs, const QString &url,
                                    const QString &remoteId) {
    sql::Statement st = m_db.prepare(
        "UPDATE replies SET published_at = ?, remote_id = coalesce(?, remote_id), "
        "published_url = ?, last_error = NULL, next_attempt_at = NULL, response_ms = ? "
        "WHERE id = ?");
    st.bind(1, atMs);
    if (remoteId.isEmpty())
        st.bindNull(2);
    else
        st.bind(2, remoteId);
    if (url.isEmpty())
        st.bindNull(3);
    else
        st.bind(3, url);
    // Time to first response, from the mention's own time.
    if (r.mentionCreatedAt.isValid())
        st.bind(4, atMs - r.mentionCreatedAt.toMSecsSinceEpoch());
    else
        st.bindNull(4);
    st.bind(5, r.id);
    if (st.step() != SQLITE_DONE)
        return false;
    if (r.mentionId <= 0)
        return true;
    sql::Statement m = m_db.prepare("UPDATE mentions SET status = 'answered' WHERE id = ?");
    m.bind(1, r.mentionId);
    return m.step() == SQLITE_DONE;
}

Outcome ReplyWorkflow::pause(qint64 actorId, const QString &reason) {
    std::optional<Operator> op;
    if (Outcome o =
            leadOnly(actorId, QStringLiteral("only the crisis lead pauses publishing"), &op);
        !o)
        return o;
    if (reason.trimmed().isEmpty())
        return Outcome::failure(QStringLiteral("pausing needs a reason the room will see"));
    if (pauseState().paused)
        return Outcome::failure(QStringLiteral("publishing is already paused"));
    sql::Statement st = m_db.prepare(
        "INSERT INTO publishing_pauses(paused_at, paused_by, reason) VALUES (?, ?, ?)");
    st.bind(1, now().toMSecsSinceEpoch());
    st.bind(2, op->id);
    st.bind(3, reason.trimmed());
    if (st.step() != SQLITE_DONE)
        return Outcome::failure(m_db.lastError());
    return Outcome::success();
}

Outcome ReplyWorkflow::resume(qint64 actorId, QList<qint64> *heldIds) {
    std::optional<Operator> op;
    if (Outcome o =
            leadOnly(actorId, QStringLiteral("only the crisis lead resumes publishing"), &op);
        !o)
        return o;
    sql::Statement cur = m_db.prepare(
        "SELECT id, paused_at FROM publishing_pauses WHERE resumed_at IS NULL ORDER BY id DESC "
        "LIMIT 1");
    if (cur.step() != SQLITE_ROW)
        return Outcome::failure(QStringLiteral("publishing is not paused"));
    const qint64 pauseId = cur.int64(0);
    const QDateTime pausedAt = QDateTime::fromMSecsSinceEpoch(cur.int64(1), Qt::UTC);
    const QDateTime t = now();
    // Everything that came due while paused is held: the world moved on, a human decides again.
    QList<Reply> held;
    for (const Reply &r : replies({ReplyState::Scheduled})) {
        if (!r.held && r.scheduledAt.isValid() && r.scheduledAt <= t)
            held.append(r);
    }
    for (const Reply &r : std::as_const(held)) {
        const Outcome o =
            move(&*op, r, ReplyState::Scheduled, ReplyAction::Hold,
                 QStringLiteral("came due during the publishing pause from %1 to %2: re-approve or "
                                "reschedule")
                     .arg(pausedAt.toString(Qt::ISODate), t.toString(Qt::ISODate)),
                 [&] {
                     sql::Statement st = m_db.prepare("UPDATE replies SET held = 1 WHERE id = ?");
                     st.bind(1, r.id);
                     return st.step() == SQLITE_DONE;
                 });
        if (!o)
            return o;
        if (heldIds)
            heldIds->append(r.id);
    }
    sql::Statement st =
        m_db.prepare("UPDATE publishing_pauses SET resumed_at = ?, resumed_by = ? WHERE id = ?");
    st.bind(1, t.toMSecsSinceEpoch());
    st.bind(2, op->id);
    st.bind(3, pauseId);
    if (st.step() != SQLITE_DONE)
        return Outcome::failure(m_db.lastError());
    return Outcome::success();
}

PauseState ReplyWorkflow::pauseState() const {
    PauseState s;
    sql::Statement st = m_db.prepare(
        "SELECT p.paused_at, o.name, p.reason FROM publishing_pauses p JOIN operators o ON o.id = "
        "p.paused_by WHERE p.resumed_at IS NULL ORDER BY p.id DESC LIMIT 1");
    if (st.step() == SQLITE_ROW) {
        s.paused = true;
        s.since = QDateTime::fromMSecsSinceEpoch(st.int64(0), Qt::UTC);
        s.by = st.text(1);
        s.reason = st.text(2);
    }
    return s;
}

QList<qint64> ReplyWorkflow::dueForRelease() const {
    QList<qint64> ids;
    if (pauseState().paused)
        return ids;
    sql::Statement st = m_db.prepare(
        "SELECT id FROM replies WHERE "
        "(state = 'scheduled' AND held = 0 AND scheduled_at <= ?1 AND "
        " (attempts = 0 OR (next_attempt_at IS NOT NULL AND next_attempt_at <= ?1))) OR "
        "(state = 'approved' AND attempts > 0 AND next_attempt_at IS NOT NULL AND "
        " next_attempt_at <= ?1) "
        "ORDER BY coalesce(scheduled_at, updated_at), id");
    st.bind(1, now().toMSecsSinceEpoch());
    while (st.step() == SQLITE_ROW)
        ids.append(st.int64(0));
    return ids;
}

std::optional<Reply> ReplyWorkflow::reply(qint64 id) const {
    sql::Statement st = m_db.prepare((QByteArray(kSelectReply) + "WHERE r.id = ?").constData());
    st.bind(1, id);
    if (st.step() == SQLITE_ROW)
        return readReply(st);
    return std::nullopt;
}

QList<Reply> ReplyWorkflow::replies(const QList<ReplyState> &states) const {
    QList<Reply> out;
    sql::Statement st = m_db.prepare((QByteArray(kSelectReply) + "ORDER BY r.id DESC").constData());
    while (st.step() == SQLITE_ROW) {
        Reply r = readReply(st);
        if (states.isEmpty() || states.contains(r.state))
            out.append(std::move(r));
    }
    return out;
}

QList<AuditEvent> ReplyWorkflow::events(qint64 replyId) const {
    return AuditLog::events(m_db, replyId);
}

AuditReport ReplyWorkflow::verifyAudit() const {
    return AuditLog::verify(m_db);
}

QList<NeedsReplyItem> ReplyWorkflow::needsReply() const {
    QList<NeedsReplyItem> out;
    sql::Statement st = m_db.prepare(R"sql(
SELECT m.id, m.source, m.author_handle, m.text, m.url, m.lang, m.sentiment_label, m.created_at,
       (SELECT r.state FROM replies r WHERE r.mention_id = m.id ORDER BY r.id DESC LIMIT 1)
FROM mentions m WHERE m.status = 'needs-reply' AND m.deleted = 0
ORDER BY m.created_at, m.id
)sql");
    while (st.step() == SQLITE_ROW) {
        NeedsReplyItem item;
        item.mentionId = st.int64(0);
        item.source = st.text(1);
        item.authorHandle = st.text(2);
        item.text = st.text(3);
        item.url = st.text(4);
        item.language = st.text(5);
        item.sentiment = sentimentFromName(st.text(6));
        item.createdAt = QDateTime::fromMSecsSinceEpoch(st.int64(7), Qt::UTC);
        item.replyState = st.text(8);
        out.append(item);
    }
    return out;
}

Outcome ReplyWorkflow::setMentionStatus(qint64 actorId, qint64 mentionId, MentionStatus status) {
    QString why;
    if (!actor(actorId, &why))
        return Outcome::failure(why);
    sql::Statement st = m_db.prepare("UPDATE mentions SET status = ? WHERE id = ?");
    st.bind(1, statusName(status));
    st.bind(2, mentionId);
    if (st.step() != SQLITE_DONE)
        return Outcome::failure(m_db.lastError());
    if (sqlite3_changes(m_db.handle()) != 1)
        return Outcome::failure(QStringLiteral("no mention #%1").arg(mentionId));
    return Outcome::success();
}

int ReplyWorkflow::responseTargetMinutes() const {
    sql::Statement st =
        m_db.prepare("SELECT value FROM workflow_settings WHERE key = 'response_target_min'");
    if (st.step() == SQLITE_ROW) {
        bool ok = false;
        const int v = st.text(0).toInt(&ok);
        if (ok && v > 0)
            return v;
    }
    return 60;
}

Outcome ReplyWorkflow::setResponseTargetMinutes(qint64 actorId, int minutes) {
    std::optional<Operator> op;
    if (Outcome o =
            leadOnly(actorId, QStringLiteral("only the crisis lead sets the response target"), &op);
        !o)
        return o;
    if (minutes < 1 || minutes > 7 * 24 * 60)
        return Outcome::failure(QStringLiteral("the target is 1 minute to 7 days"));
    return setSetting(QStringLiteral("response_target_min"), QString::number(minutes));
}

Outcome ReplyWorkflow::setSetting(const QString &key, const QString &value) {
    sql::Statement st =
        value.isNull() ? m_db.prepare("DELETE FROM workflow_settings WHERE key = ?")
                       : m_db.prepare("INSERT INTO workflow_settings(key, value) VALUES (?, ?) "
                                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    st.bind(1, key);
    if (!value.isNull())
        st.bind(2, value);
    if (st.step() != SQLITE_DONE)
        return Outcome::failure(m_db.lastError());
    return Outcome::success();
}

namespace {
const QStringList kDirectChannels = {QStringLiteral("mastodon"), QStringLiteral("bluesky")};
QString accountKey(const QString &channel) {
    return QStringLiteral("publish_account:") + channel;
}
} // namespace

PublishingAccount ReplyWorkflow::publishingAccount(const QString &channel) const {
    sql::Statement st = m_db.prepare("SELECT value FROM workflow_settings WHERE key = ?");
    st.bind(1, accountKey(channel));
    if (st.step() != SQLITE_ROW)
        return {};
    return PublishingAccount::fromJson(channel,
                                       QJsonDocument::fromJson(st.text(0).toUtf8()).object());
}

QList<PublishingAccount> ReplyWorkflow::publishingAccounts() const {
    QList<PublishingAccount> out;
    for (const QString &channel : kDirectChannels) {
        PublishingAccount a = publishingAccount(channel);
        if (!a.channel.isEmpty())
            out.append(a);
    }
    return out;
}

Outcome ReplyWorkflow::setPublishingAccount(qint64 actorId, const PublishingAccount &account) {
    std::optional<Operator> op;
    if (Outcome o = leadOnly(
            actorId, QStringLiteral("only the crisis lead sets the accounts we post with"), &op);
        !o)
        return o;
    if (const QString why = account.validate(); !why.isEmpty())
        return Outcome::failure(why);
    PublishingAccount a = account;
    // The instance's limit belongs to the instance: kept while it stays the same.
    const PublishingAccount before = publishingAccount(account.channel);
    if (a.maxCharacters <= 0 && before.baseUrl == a.baseUrl)
        a.maxCharacters = before.maxCharacters;
    return setSetting(accountKey(a.channel),
                      QString::fromUtf8(QJsonDocument(a.toJson()).toJson(QJsonDocument::Compact)));
}

Outcome ReplyWorkflow::removePublishingAccount(qint64 actorId, const QString &channel) {
    std::optional<Operator> op;
    if (Outcome o = leadOnly(
            actorId, QStringLiteral("only the crisis lead sets the accounts we post with"), &op);
        !o)
        return o;
    return setSetting(accountKey(channel), QString());
}

Outcome ReplyWorkflow::setInstanceLimit(const QUrl &instance, int maxCharacters) {
    PublishingAccount a = publishingAccount(QStringLiteral("mastodon"));
    if (a.channel.isEmpty() || a.baseUrl != instance || maxCharacters <= 0 ||
        a.maxCharacters == maxCharacters)
        return Outcome::success();
    a.maxCharacters = maxCharacters;
    return setSetting(accountKey(a.channel),
                      QString::fromUtf8(QJsonDocument(a.toJson()).toJson(QJsonDocument::Compact)));
}

LengthCheck ReplyWorkflow::lengthCheck(const QString &text, const QString &channel) const {
    if (channel != u"mastodon")
        return ChannelLength::check(text, channel);
    return ChannelLength::check(text, channel, publishingAccount(channel).mastodonLimit());
}

} // namespace warroom
