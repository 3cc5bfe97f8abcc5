#include "workflow_fixture.h"

#include "workflow/auditlog.h"

#include <QFile>
#include <QTest>

using namespace warroom;
using warroom::test::WorkflowFixture;

// The audit log: every transition is an event with who, role, when, from, to, text hash and
// reason; the entries are hash-chained; the triggers refuse edits; and a copy of the store whose
// triggers were dropped and whose rows were edited, deleted or swapped is caught by verify,
// naming the first broken entry.
class TestWorkflowAudit : public QObject {
    Q_OBJECT

    WorkflowFixture m_f;
    qint64 m_published = 0;

    // A copy of the store, tampered with through a raw connection. Returns the verify report.
    AuditReport tamper(const char *sql) {
        const QString copy = m_f.store.dir() + QStringLiteral("/tampered.sqlite");
        QFile::remove(copy);
        QFile::remove(copy + QStringLiteral("-wal"));
        QFile::remove(copy + QStringLiteral("-shm"));
        // Checkpoint so the copy holds everything.
        m_f.db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        if (!QFile::copy(m_f.store.path(), copy))
            return {false, 0, -1, QStringLiteral("copy failed")};
        sql::Connection raw;
        QString error;
        if (!raw.open(copy, sql::Connection::Mode::ReadWrite, &error))
            return {false, 0, -1, error};
        if (!raw.exec("DROP TRIGGER reply_events_no_update; DROP TRIGGER reply_events_no_delete;",
                      &error) ||
            !raw.exec(sql, &error))
            return {false, 0, -1, error};
        return AuditLog::verify(raw);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_f.setUp());
        m_published = m_f.replyIn(ReplyState::Published);
        m_f.replyIn(ReplyState::Rejected);
        const qint64 c = m_f.replyIn(ReplyState::ChangesRequested);
        QVERIFY(m_f.wf->reopen(m_f.drafter, c));
        QVERIFY(m_f.wf->edit(
            m_f.drafter, c, QStringLiteral("We are sorry. Flight VX 112: your bag is in Dulles.")));
        QVERIFY(m_f.wf->submit(m_f.drafter, c, {QStringLiteral("spelling: Dulles")}));
    }

    void eventsSayWhoWhenWhatAndWhy() {
        const QList<AuditEvent> events = m_f.wf->events(m_published);
        QStringList path;
        for (const AuditEvent &e : events)
            path.append(e.action + u':' + e.toState);
        QCOMPARE(
            path,
            QStringList({QStringLiteral("create:draft"), QStringLiteral("submit:in-review"),
                         QStringLiteral("approve:approved"), QStringLiteral("schedule:scheduled"),
                         QStringLiteral("reschedule:scheduled"),
                         QStringLiteral("mark-posted:published")}));
        const AuditEvent &approve = events.at(2);
        QCOMPARE(approve.operatorName, QStringLiteral("sam"));
        QCOMPARE(approve.role, QStringLiteral("spokesperson"));
        QCOMPARE(approve.fromState, QStringLiteral("in-review"));
        QCOMPARE(approve.at, m_f.clock.addSecs(-2));
        QCOMPARE(approve.textHash, AuditLog::textHash(m_f.wf->reply(m_published)->text));
        QCOMPARE(events.first().prevHash.size(), 64);
        for (qsizetype i = 1; i < events.size(); ++i)
            QVERIFY(events.at(i).prevHash != events.at(i - 1).prevHash);
        // The warnings the author overrode are in the log, hashed with the rest.
        bool found = false;
        for (const Reply &r : m_f.wf->replies()) {
            for (const AuditEvent &e : m_f.wf->events(r.id))
                found = found || e.reason.contains(QStringLiteral("spelling: Dulles"));
        }
        QVERIFY(found);
    }

    void intactChainVerifies() {
        const AuditReport r = m_f.wf->verifyAudit();
        QVERIFY2(r.ok, qPrintable(r.problem));
        QVERIFY(r.entries >= 15);
        QCOMPARE(r.firstBrokenId, 0);
    }

    void triggersRefuseEditsAndDeletes() {
        QString error;
        QVERIFY(!m_f.db.exec("UPDATE reply_events SET reason = 'nothing' WHERE id = 3", &error));
        QVERIFY(error.contains(QStringLiteral("append-only")));
        QVERIFY(!m_f.db.exec("DELETE FROM reply_events WHERE id = 3", &error));
        QVERIFY(m_f.wf->verifyAudit().ok);
    }

    void editedEntryIsDetected() {
        const AuditReport r =
            tamper("UPDATE reply_events SET reason = 'approved by the CEO' WHERE id = 3");
        QVERIFY(!r.ok);
        QCOMPARE(r.firstBrokenId, 3);
        QVERIFY2(r.problem.contains(QStringLiteral("altered")), qPrintable(r.problem));
    }

    void rehashedEntryIsDetectedByItsSuccessor() {
        // A forger who recomputes the edited entry's own hash still breaks the link to entry 4.
        const AuditReport r = tamper(
            "UPDATE reply_events SET operator_id = (SELECT id FROM operators WHERE name = 'lee'), "
            "hash = '1111111111111111111111111111111111111111111111111111111111111111' WHERE id = "
            "3");
        QVERIFY(!r.ok);
        QCOMPARE(r.firstBrokenId, 3);
    }

    void deletedEntryIsDetected() {
        const AuditReport r = tamper("DELETE FROM reply_events WHERE id = 4");
        QVERIFY(!r.ok);
        QCOMPARE(r.firstBrokenId, 5);
        QVERIFY2(r.problem.contains(QStringLiteral("missing")), qPrintable(r.problem));
    }

    void reorderedEntriesAreDetected() {
        // Swap the contents of entries 2 and 3 (ids stay in place).
        const AuditReport r = tamper(R"sql(
CREATE TEMP TABLE s AS SELECT * FROM reply_events WHERE id IN (2, 3);
UPDATE reply_events SET id = -2 WHERE id = 2;
UPDATE reply_events SET id = 2 WHERE id = 3;
UPDATE reply_events SET id = 3 WHERE id = -2;
)sql");
        QVERIFY(!r.ok);
        QCOMPARE(r.firstBrokenId, 2);
    }

    void truncatedTailIsDetected() {
        const AuditReport r =
            tamper("DELETE FROM reply_events WHERE id = (SELECT max(id) FROM reply_events)");
        QVERIFY(!r.ok);
        QVERIFY2(r.problem.contains(QStringLiteral("last audit entry")), qPrintable(r.problem));
    }

    void replyChangedBehindTheLogsBackIsDetected() {
        const AuditReport r =
            tamper("UPDATE replies SET text = 'We did nothing wrong.' WHERE state = 'published'");
        QVERIFY(!r.ok);
        QVERIFY2(r.problem.contains(QStringLiteral("text differs")), qPrintable(r.problem));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowAudit)
#include "workflow_audit.moc"
