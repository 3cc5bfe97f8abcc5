#include "schema.h"

#include "scaleschema.h"
#include "searchschema.h"
#include "textfold.h"

#include "analysis/analysisschema.h"
#include "report/reportschema.h"
#include "workflow/workflowschema.h"

#include <array>

namespace warroom {

namespace {

// Migration 1: the base schema, shaped for every later feature so they extend, not rewrite.
// Times are INTEGER milliseconds since the Unix epoch, UTC.
constexpr const char *kMigration1 = R"sql(
CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    started_at   INTEGER NOT NULL,
    declared_at  INTEGER,
    closed_at    INTEGER,
    declared_by  TEXT,
    notes        TEXT NOT NULL DEFAULT '',
    lessons      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE mentions (
    id               INTEGER PRIMARY KEY,
    source           TEXT NOT NULL,
    source_id        TEXT NOT NULL,
    url              TEXT,
    url_key          TEXT,
    author_handle    TEXT NOT NULL DEFAULT '',
    author_name      TEXT,
    author_followers INTEGER,
    title            TEXT,
    text             TEXT NOT NULL DEFAULT '',
    lang             TEXT,
    created_at       INTEGER NOT NULL,
    ingested_at      INTEGER NOT NULL,
    time_estimated   INTEGER NOT NULL DEFAULT 0,
    reposts          INTEGER NOT NULL DEFAULT 0,
    likes            INTEGER NOT NULL DEFAULT 0,
    replies          INTEGER NOT NULL DEFAULT 0,
    sentiment_label  TEXT CHECK (sentiment_label IN ('negative', 'neutral', 'positive')),
    sentiment_score  REAL,
    sentiment_by_analyst INTEGER NOT NULL DEFAULT 0,
    status           TEXT NOT NULL DEFAULT 'new' CHECK (status IN
                         ('new', 'needs-reply', 'answered', 'ignored', 'escalated', 'moved-private')),
    deleted          INTEGER NOT NULL DEFAULT 0,
    deleted_at       INTEGER,
    edited_at        INTEGER,
    in_reply_to      TEXT,
    incident_id      INTEGER REFERENCES incidents(id),
    UNIQUE (source, source_id)
);
-- The same article reached through two feeds is one mention.
CREATE UNIQUE INDEX mentions_url_key ON mentions(url_key) WHERE url_key IS NOT NULL;
CREATE INDEX mentions_created ON mentions(created_at, id);
CREATE INDEX mentions_author ON mentions(source, author_handle);
CREATE INDEX mentions_status ON mentions(status) WHERE status <> 'new';

CREATE TABLE authors (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    handle        TEXT NOT NULL,
    display_name  TEXT,
    followers     INTEGER,
    mention_count INTEGER NOT NULL DEFAULT 0,
    first_seen    INTEGER,
    last_seen     INTEGER,
    stance        TEXT NOT NULL DEFAULT 'unknown'
                  CHECK (stance IN ('unknown', 'against', 'neutral', 'for')),
    stance_by_analyst INTEGER NOT NULL DEFAULT 0,
    journalist    INTEGER NOT NULL DEFAULT 0,
    opinion_leader INTEGER NOT NULL DEFAULT 0,
    verified      INTEGER NOT NULL DEFAULT 0,
    brand         INTEGER NOT NULL DEFAULT 0,
    watchlist     INTEGER NOT NULL DEFAULT 0,
    notes         TEXT NOT NULL DEFAULT '',
    UNIQUE (source, handle)
);

CREATE TABLE connector_state (
    connector        TEXT PRIMARY KEY,
    cursor           TEXT,
    etag             TEXT,
    last_modified    TEXT,
    rate_limit_reset INTEGER,
    last_item_at     INTEGER,
    last_error       TEXT,
    state_json       TEXT NOT NULL DEFAULT '{}',
    updated_at       INTEGER NOT NULL
);

CREATE TABLE operators (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('analyst', 'drafter', 'spokesperson', 'lead')),
    pin_salt   BLOB,
    pin_hash   BLOB,
    created_at INTEGER NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE replies (
    id               INTEGER PRIMARY KEY,
    mention_id       INTEGER REFERENCES mentions(id),
    incident_id      INTEGER REFERENCES incidents(id),
    channel          TEXT NOT NULL,
    lang             TEXT,
    text             TEXT NOT NULL,
    state            TEXT NOT NULL DEFAULT 'draft' CHECK (state IN
                         ('draft', 'in-review', 'changes-requested', 'approved', 'scheduled',
                          'published', 'rejected', 'withdrawn')),
    author_id        INTEGER NOT NULL REFERENCES operators(id),
    approver_id      INTEGER REFERENCES operators(id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    scheduled_at     INTEGER,
    published_at     INTEGER,
    published_url    TEXT,
    remote_id        TEXT,
    idempotency_key  TEXT UNIQUE,
    last_reason      TEXT
);

-- Append-only, hash-chained audit log of every reply transition.
CREATE TABLE reply_events (
    id          INTEGER PRIMARY KEY,
    reply_id    INTEGER NOT NULL REFERENCES replies(id),
    operator_id INTEGER REFERENCES operators(id),
    role        TEXT,
    at          INTEGER NOT NULL,
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    text_hash   TEXT NOT NULL,
    reason      TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE TRIGGER reply_events_no_update BEFORE UPDATE ON reply_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER reply_events_no_delete BEFORE DELETE ON reply_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER REFERENCES incidents(id),
    kind        TEXT NOT NULL,
    fired_at    INTEGER NOT NULL,
    severity    INTEGER NOT NULL DEFAULT 1,
    evidence    TEXT NOT NULL DEFAULT '',
    acked_by    TEXT,
    acked_at    INTEGER
);
CREATE INDEX alerts_fired ON alerts(fired_at);

-- Full-text index over title and text. The trigram tokenizer finds substrings in any script
-- (Chinese has no spaces); queries shorter than three characters fall back to a scan.
CREATE VIRTUAL TABLE mentions_fts USING fts5(
    title, text, content='mentions', content_rowid='id', tokenize='trigram');
CREATE TRIGGER mentions_fts_ai AFTER INSERT ON mentions BEGIN
    INSERT INTO mentions_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER mentions_fts_ad AFTER DELETE ON mentions BEGIN
    INSERT INTO mentions_fts(mentions_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER mentions_fts_au AFTER UPDATE OF title, text ON mentions BEGIN
    INSERT INTO mentions_fts(mentions_fts, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO mentions_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
)sql";

// Migration 2: per-minute counts by source and sentiment, kept by the writer in the same
// transaction as the mentions, so timelines and stats never scan raw rows.
constexpr const char *kMigration2 = R"sql(
CREATE TABLE mention_minutes (
    minute    INTEGER NOT NULL,
    source    TEXT NOT NULL,
    sentiment TEXT NOT NULL DEFAULT '',
    n         INTEGER NOT NULL,
    PRIMARY KEY (minute, source, sentiment)
) WITHOUT ROWID;
INSERT INTO mention_minutes(minute, source, sentiment, n)
    SELECT created_at / 60000, source, coalesce(sentiment_label, ''), count(*)
    FROM mentions GROUP BY 1, 2, 3;
)sql";

// Migration 3: the history of edited mentions (a source's status.update never erases what was
// said first).
constexpr const char *kMigration3 = R"sql(
CREATE TABLE mention_edits (
    id         INTEGER PRIMARY KEY,
    mention_id INTEGER NOT NULL REFERENCES mentions(id),
    edited_at  INTEGER NOT NULL,
    old_text   TEXT NOT NULL
);
CREATE INDEX mention_edits_mention ON mention_edits(mention_id);
)sql";

// New migrations are appended here, never edited once landed: stores in use have applied them.
constexpr std::array kMigrations = {kMigration1,
                                    kMigration2,
                                    kMigration3,
                                    kAnalysisMigration,
                                    kWorkflowMigration,
                                    kSearchIndexMigration,
                                    kAggregatesMigration,
                                    kReportMigration,
                                    kScaleMigration,
                                    kSearchLagMigration,
                                    kRankingChangesMigration};

} // namespace

int Schema::latestVersion() {
    return int(kMigrations.size());
}

int Schema::currentVersion(const sql::Connection &db) {
    return int(db.scalar("PRAGMA user_version", 0));
}

bool Schema::migrate(sql::Connection &db, QString *error, int target) {
    if (target < 0)
        target = latestVersion();
    const int current = currentVersion(db);
    if (current > latestVersion()) {
        if (error)
            *error = QStringLiteral("the store's schema version %1 is newer than this warroom "
                                    "understands (%2); open it with a newer warroom")
                         .arg(current)
                         .arg(latestVersion());
        return false;
    }
    for (int v = current + 1; v <= target; ++v) {
        QString why;
        if (!db.exec("BEGIN IMMEDIATE", &why)) {
            if (error)
                *error = QStringLiteral("cannot start migration %1: %2").arg(v).arg(why);
            return false;
        }
        // Another connection (the workflow's, a second warroom) may have applied it while we
        // waited for the lock: the version read under the lock decides.
        const int applied = currentVersion(db);
        if (applied >= v) {
            db.exec("COMMIT");
            if (applied > latestVersion()) {
                if (error)
                    *error = QStringLiteral("the store's schema version %1 is newer than this "
                                            "warroom understands (%2)")
                                 .arg(applied)
                                 .arg(latestVersion());
                return false;
            }
            continue;
        }
        const QByteArray setVersion = "PRAGMA user_version = " + QByteArray::number(v);
        if (!db.exec(kMigrations[size_t(v - 1)], &why) || !db.exec(setVersion.constData(), &why)) {
            db.exec("ROLLBACK");
            if (error)
                *error = QStringLiteral("migration %1 failed: %2").arg(v).arg(why);
            return false;
        }
        if (!db.exec("COMMIT", &why)) {
            db.exec("ROLLBACK");
            if (error)
                *error = QStringLiteral("migration %1 could not commit: %2").arg(v).arg(why);
            return false;
        }
    }
    return true;
}

bool configureConnection(sql::Connection &db, bool writer, QString *error) {
    QString why;
    if (!registerTextFunctions(db.handle())) {
        if (error)
            *error = QStringLiteral("cannot register the search functions");
        return false;
    }
    bool ok = db.exec("PRAGMA foreign_keys = ON", &why);
    if (ok && writer) {
        // WAL lets the readers (GUI models, a second warroom) run beside the writer.
        ok = db.exec("PRAGMA journal_mode = WAL", &why) &&
             db.exec("PRAGMA synchronous = NORMAL", &why);
    }
    ok = ok && db.exec("PRAGMA temp_store = MEMORY", &why);
    if (!ok && error)
        *error = why;
    return ok;
}

} // namespace warroom
