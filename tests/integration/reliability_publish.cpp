// Publishing never posts twice (issue 9): `warroom reply publish ID --channel mastodon` is killed
// with SIGKILL around its request to a local fake Mastodon (which honours Idempotency-Key like the
// real one: the same key gets the same status back, no second post): before the request, while
// the server holds the stored post without answering, and around a delayed answer (before it,
// while the client records it, after). The same command is then run again. Exactly one post reached
// the server, and the store ends with the reply published exactly once, with that status id.
#include "recordedserver.h"
#include "reliability_support.h"
#include "store/sqlite.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace warroom::test;

namespace {

constexpr int kReplies = 12;
constexpr const char *kToken = "mastodon-test-token";
constexpr int kAnswerDelayMs = 150;

enum class KillPoint { BeforeRequest, ServerHoldsAnswer, AroundTheAnswer };

const char *name(KillPoint k) {
    switch (k) {
    case KillPoint::BeforeRequest:
        return "before the request";
    case KillPoint::ServerHoldsAnswer:
        return "request stored, answer held back";
    case KillPoint::AroundTheAnswer:
        return "around the delayed answer";
    }
    return "";
}

// A Mastodon POST /api/v1/statuses on 127.0.0.1 that keeps every post and honours
// Idempotency-Key as Mastodon does (the same key answers the same status, no second post). The
// post is stored as soon as the request is in; the answer can be sent at once, later, or never.
class IdempotentMastodon {
public:
    enum class Answer { AtOnce, Delayed, Never };
    struct Post {
        QString id;
        QString key;
        QString text;
    };

    bool listen() {
        m_server.route("POST", QStringLiteral("/api/v1/statuses"),
                       [this](const RecordedRequest &req) { return post(req); });
        return m_server.listen();
    }
    [[nodiscard]] QString base() const { return m_server.base(); }
    void setAnswer(Answer a) { m_answer = a; }
    [[nodiscard]] const QList<Post> &posts() const { return m_posts; }
    [[nodiscard]] int requests() const { return m_requests; }
    [[nodiscard]] QList<RecordedRequest> requestsFor(const QString &text) const {
        QList<RecordedRequest> out;
        for (const RecordedRequest &r : m_server.requests(QStringLiteral("/api/v1/statuses")))
            if (QJsonDocument::fromJson(r.body)
                    .object()
                    .value(QStringLiteral("status"))
                    .toString() == text)
                out << r;
        return out;
    }

private:
    RecordedResponse post(const RecordedRequest &req) {
        ++m_requests;
        if (req.headers.value("authorization") != QByteArray("Bearer ") + kToken)
            return RecordedResponse::json(R"({"error":"The access token is invalid"})", 401);
        const QString key = QString::fromLatin1(req.headers.value("idempotency-key"));
        const QString text =
            QJsonDocument::fromJson(req.body).object().value(QStringLiteral("status")).toString();
        const Post *found = nullptr;
        for (const Post &p : m_posts)
            if (!key.isEmpty() && p.key == key)
                found = &p;
        Post p = found ? *found
                       : Post{QString::number(110000000000000000LL + m_posts.size()), key, text};
        if (!found)
            m_posts << p;
        RecordedResponse r = RecordedResponse::json(
            QJsonDocument(
                QJsonObject{{QStringLiteral("id"), p.id},
                            {QStringLiteral("url"), base() + QStringLiteral("/@brand/") + p.id},
                            {QStringLiteral("content"), p.text}})
                .toJson(QJsonDocument::Compact));
        r.hang = m_answer == Answer::Never;
        r.delayMs = m_answer == Answer::Delayed ? kAnswerDelayMs : 0;
        return r;
    }

    RecordedServer m_server;
    QList<Post> m_posts;
    Answer m_answer = Answer::AtOnce;
    int m_requests = 0;
};

} // namespace

class TestReliabilityPublish : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    IdempotentMastodon m_server;
    QRandomGenerator m_rng;

    QString store() const { return m_dir.filePath(QStringLiteral("publish.sqlite")); }

    QProcessEnvironment env() const {
        QProcessEnvironment e = childEnvironment(m_dir.filePath(QStringLiteral("home")));
        e.insert(QStringLiteral("WARROOM_MASTODON_URL"), m_server.base());
        e.insert(QStringLiteral("WARROOM_MASTODON_TOKEN"), QString::fromLatin1(kToken));
        return e;
    }

    Run warroom(QStringList args) {
        args << QStringLiteral("--store") << store();
        return runWarroom(args, env());
    }

    QStringList publishArgs(int id) const {
        return {QStringLiteral("reply"),    QStringLiteral("publish"), QString::number(id),
                QStringLiteral("--as"),     QStringLiteral("dana"),    QStringLiteral("--channel"),
                QStringLiteral("mastodon"), QStringLiteral("--store"), store()};
    }

    static QString replyText(int i) {
        return QStringLiteral("Hi, we are sorry your bag did not arrive on flight VX %1. Please "
                              "send us your file number and we will trace it today.")
            .arg(100 + i);
    }

    QJsonObject show(int id) {
        const Run r = warroom({QStringLiteral("reply"), QStringLiteral("show"), QString::number(id),
                               QStringLiteral("--json")});
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

private Q_SLOTS:
    void initTestCase() {
        bool ok = false;
        quint32 seed = qEnvironmentVariable("WARROOM_CRASH_SEED").toUInt(&ok);
        if (!ok)
            seed = QRandomGenerator::system()->generate();
        m_rng.seed(seed);
        qInfo("seed %u (rerun with WARROOM_CRASH_SEED=%u)", seed, seed);
        QVERIFY(m_server.listen());

        // Complaints as they arrive from Mastodon (real airline-tweet texts), each one a post
        // the fake instance knows, so the replies thread under them.
        QFile f(m_dir.filePath(QStringLiteral("mentions.jsonl")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 1; i <= kReplies; ++i) {
            const QString id = QString::number(109000000000000000LL + i);
            const QJsonObject o{
                {QStringLiteral("source"), QStringLiteral("mastodon")},
                {QStringLiteral("source_id"), id},
                {QStringLiteral("author_handle"), QStringLiteral("traveller%1").arg(i)},
                {QStringLiteral("text"),
                 QStringLiteral("@VirginAmerica lost my luggage on flight VX %1 and nobody "
                                "answers the phone.")
                     .arg(100 + i)},
                {QStringLiteral("created_at"), QStringLiteral("2015-02-20T16:38:54Z")},
                {QStringLiteral("lang"), QStringLiteral("en")}};
            f.write(QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n');
        }
        f.close();
        Run r = warroom({QStringLiteral("import"), f.fileName()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = warroom({QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("dana"),
                     QStringLiteral("--role"), QStringLiteral("drafter"), QStringLiteral("--pin"),
                     QStringLiteral("1111")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = warroom({QStringLiteral("operator"), QStringLiteral("add"), QStringLiteral("sam"),
                     QStringLiteral("--role"), QStringLiteral("spokesperson"),
                     QStringLiteral("--pin"), QStringLiteral("4321")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        // Approved replies, one per kill.
        for (int i = 1; i <= kReplies; ++i) {
            r = warroom({QStringLiteral("reply"), QStringLiteral("draft"), QStringLiteral("--as"),
                         QStringLiteral("dana"), QStringLiteral("--mention"),
                         QString::number(109000000000000000LL + i), QStringLiteral("--text"),
                         replyText(i)});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QCOMPARE(r.out.trimmed(), QString::number(i));
            r = warroom({QStringLiteral("reply"), QStringLiteral("submit"), QString::number(i),
                         QStringLiteral("--as"), QStringLiteral("dana")});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            r = warroom({QStringLiteral("reply"), QStringLiteral("approve"), QString::number(i),
                         QStringLiteral("--as"), QStringLiteral("sam"), QStringLiteral("--pin"),
                         QStringLiteral("4321")});
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
        QVERIFY(m_server.posts().isEmpty());
    }

    void killedPublishPostsOnce() {
        QStringList report;
        int landed[3] = {0, 0, 0};
        for (int i = 1; i <= kReplies; ++i) {
            const KillPoint planned = KillPoint((i - 1) % 3);
            const int requestsBefore = m_server.requests();
            const qsizetype postsBefore = m_server.posts().size();
            m_server.setAnswer(
                planned == KillPoint::ServerHoldsAnswer ? IdempotentMastodon::Answer::Never
                : planned == KillPoint::AroundTheAnswer ? IdempotentMastodon::Answer::Delayed
                                                        : IdempotentMastodon::Answer::AtOnce);
            QProcess p;
            startWarroom(p, publishArgs(i), env());
            QVERIFY(p.waitForStarted(10000));
            int delay = 0;
            auto requested = [&] {
                return m_server.requests() > requestsBefore;
            };
            if (planned == KillPoint::BeforeRequest) {
                // Somewhere between the start and the request: opening the store, the checks,
                // saving the idempotency key, asking the instance for its limits.
                delay = int(m_rng.bounded(90u));
                (void)QTest::qWaitFor(requested, delay);
            } else {
                QVERIFY2(QTest::qWaitFor(requested, 60000), "the publish request never came");
                // Held: any time while the server sits on it. Delayed: from just before the
                // answer to a little after it (the client reading it, recording it, or done).
                delay = planned == KillPoint::ServerHoldsAnswer
                            ? int(m_rng.bounded(150u))
                            : kAnswerDelayMs - 20 + int(m_rng.bounded(60u));
                QTest::qWait(delay);
            }
            const bool stillRunning = p.state() != QProcess::NotRunning;
            killHard(p);
            // Bytes already on their way are still read by the server: a request that arrives
            // after the kill was in flight, not "before".
            QTest::qWait(100);
            const bool inFlight = planned == KillPoint::BeforeRequest && requested();
            const KillPoint actual = planned;
            ++landed[int(actual)];
            const QString stateAfterKill = show(i).value(QStringLiteral("state")).toString();

            // The restart: the same command again, to the end, answered at once.
            m_server.setAnswer(IdempotentMastodon::Answer::AtOnce);
            const Run again = runWarroom(publishArgs(i), env());
            if (stateAfterKill == u"published") {
                // The first run recorded the answer before the kill: a second publish is refused.
                QCOMPARE(again.code, 1);
                QVERIFY2(again.err.contains(u"only an approved reply"), qPrintable(again.err));
            } else {
                QCOMPARE(stateAfterKill, QStringLiteral("approved"));
                QVERIFY2(again.code == 0, qPrintable(again.err));
            }

            // Exactly one post of this text reached the server...
            QList<IdempotentMastodon::Post> posts;
            for (const IdempotentMastodon::Post &post : m_server.posts())
                if (post.text == replyText(i))
                    posts << post;
            QCOMPARE(posts.size(), 1);
            QCOMPARE(m_server.posts().size(), postsBefore + 1);
            // ...every request for it carried the one idempotency key...
            QSet<QByteArray> keys;
            const QList<RecordedRequest> requests = m_server.requestsFor(replyText(i));
            for (const RecordedRequest &r : requests)
                keys.insert(r.headers.value("idempotency-key"));
            QCOMPARE(keys.size(), 1);
            QVERIFY(!keys.values().first().isEmpty());
            // ...and the store says published, once, with that status id.
            const QJsonObject after = show(i);
            QCOMPARE(after.value(QStringLiteral("state")).toString(), QStringLiteral("published"));
            QCOMPARE(after.value(QStringLiteral("remote_id")).toString(), posts.first().id);
            {
                warroom::sql::Connection db;
                QString error;
                QVERIFY2(db.open(store(), warroom::sql::Connection::Mode::ReadOnly, &error),
                         qPrintable(error));
                warroom::sql::Statement st =
                    db.prepare("SELECT count(*) FROM reply_events WHERE reply_id = ? AND "
                               "to_state = 'published'");
                st.bind(1, qint64(i));
                QCOMPARE(st.step(), SQLITE_ROW);
                QCOMPARE(st.int64(0), 1);
            }
            report << QStringLiteral("reply %1: killed %2 (%3 ms%4), %5 request(s), state after "
                                     "the kill: %6")
                          .arg(i)
                          .arg(QString::fromLatin1(inFlight ? "with the request in flight"
                                                            : name(actual)))
                          .arg(delay)
                          .arg(stillRunning ? QString() : QStringLiteral(", had already exited"))
                          .arg(requests.size())
                          .arg(stateAfterKill);
        }
        for (const QString &line : std::as_const(report))
            qInfo("%s", qPrintable(line));
        qInfo("kills: %d before the request (or in flight), %d while the server held the answer, "
              "%d around the "
              "delayed answer; %d posts for %d replies",
              landed[0], landed[1], landed[2], int(m_server.posts().size()), kReplies);
        // The held answer always lands between request and result; the chain still verifies.
        QVERIFY(landed[1] >= 4);
        const Run audit = warroom({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(audit.code == 0, qPrintable(audit.err));
        QCOMPARE(int(m_server.posts().size()), kReplies);
    }
};

QTEST_GUILESS_MAIN(TestReliabilityPublish)
#include "reliability_publish.moc"
