#pragma once

// Migration of the analysis area (appended to kMigrations in models/store/schema.cpp).
// - sentiment_corrections: every analyst correction of a mention's sentiment, append-only
//   history (mentions.sentiment_label keeps the current one, sentiment_by_analyst = 1).
// - mentions_by_analyst: finds the training set without a scan.
// - alerts.subject / alerts.summary: what an alert's cool-down is keyed on and its one-line text.
namespace warroom {

inline constexpr const char *kAnalysisMigration = R"sql(
CREATE TABLE sentiment_corrections (
    id         INTEGER PRIMARY KEY,
    mention_id INTEGER NOT NULL REFERENCES mentions(id),
    label      TEXT NOT NULL CHECK (label IN ('negative', 'neutral', 'positive')),
    previous   TEXT,
    analyst    TEXT NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX sentiment_corrections_mention ON sentiment_corrections(mention_id);
CREATE INDEX mentions_by_analyst ON mentions(id) WHERE sentiment_by_analyst = 1;
ALTER TABLE alerts ADD COLUMN subject TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN summary TEXT NOT NULL DEFAULT '';
)sql";

// Migration of the incremental aggregates (issue 4), appended after the migrations above.
// - mention_minutes is rebuilt keyed by language too: (minute, source, sentiment, lang), where
//   sentiment and lang are '' when unknown; every mention counts, deleted ones included (the
//   volume of what was said). Readers that sum(n) per minute/source/sentiment are unchanged.
// - author_hours: per author (authors.id) and hour (created_at / 3600000) of the author's live
//   posts (deleted = 0, non-empty handle): counts by sentiment, the sum of |sentiment_score| of the
//   negative ones, reposts, likes and the newest post time. The ranking reads windows from it.
// - mentions_author gains created_at, so one author's posts in a time range are read by index
//   (the ranking's edges, the alert engine's per-author risk, a deletion's newest-post lookup).
// - author_risk: the latest risk assessment per author (score, components, explanation, window),
//   written by `warroom rank` and the app.
// mention_minutes and author_hours are kept by the single writer in the same transaction as the
// change that moves them (MentionWriter::write: inserts, deletions; MentionWriter::updateSentiment:
// corrections and re-scoring), equal to a recount (tst_analysis_aggregates).
inline constexpr const char *kAggregatesMigration = R"sql(
CREATE TABLE mention_minutes_by_lang (
    minute    INTEGER NOT NULL,
    source    TEXT NOT NULL,
    sentiment TEXT NOT NULL DEFAULT '',
    lang      TEXT NOT NULL DEFAULT '',
    n         INTEGER NOT NULL,
    PRIMARY KEY (minute, source, sentiment, lang)
) WITHOUT ROWID;
INSERT INTO mention_minutes_by_lang(minute, source, sentiment, lang, n)
    SELECT created_at / 60000, source, coalesce(sentiment_label, ''), coalesce(lang, ''), count(*)
    FROM mentions GROUP BY 1, 2, 3, 4;
DROP TABLE mention_minutes;
ALTER TABLE mention_minutes_by_lang RENAME TO mention_minutes;

DROP INDEX mentions_author;
CREATE INDEX mentions_author ON mentions(source, author_handle, created_at);

CREATE TABLE author_hours (
    hour          INTEGER NOT NULL,
    author_id     INTEGER NOT NULL,
    posts         INTEGER NOT NULL,
    negative      INTEGER NOT NULL,
    neutral       INTEGER NOT NULL,
    positive      INTEGER NOT NULL,
    neg_intensity REAL NOT NULL,
    reposts       INTEGER NOT NULL,
    likes         INTEGER NOT NULL,
    last_post     INTEGER NOT NULL,
    PRIMARY KEY (hour, author_id)
) WITHOUT ROWID;
INSERT INTO author_hours(hour, author_id, posts, negative, neutral, positive, neg_intensity,
                         reposts, likes, last_post)
    SELECT m.created_at / 3600000, a.id, count(*), sum(m.sentiment_label = 'negative'),
           sum(m.sentiment_label = 'neutral'), sum(m.sentiment_label = 'positive'),
           total(CASE WHEN m.sentiment_label = 'negative' THEN abs(m.sentiment_score) END),
           sum(m.reposts), sum(m.likes), max(m.created_at)
    FROM mentions m JOIN authors a ON a.source = m.source AND a.handle = m.author_handle
    WHERE m.deleted = 0 AND m.author_handle <> ''
    GROUP BY 1, 2;

CREATE TABLE author_risk (
    author_id    INTEGER PRIMARY KEY,
    score        REAL NOT NULL,
    components   TEXT NOT NULL,
    explanation  TEXT NOT NULL,
    posts        INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    window_end   INTEGER NOT NULL,
    computed_at  INTEGER NOT NULL
);
CREATE INDEX author_risk_score ON author_risk(score DESC);
)sql";

// Migration of the live ranking (issue 8): what changed in the ranking's inputs other than new
// mentions, so a ranking kept between refreshes (LiveRanking) re-reads only that, not the window.
// New mentions need no log: their ids are above the ones a ranking has read. Every other change
// to what the ranking counts is logged by trigger, whichever code (or tool) makes it:
// - a mention's counted fields (deleted, sentiment, reposts, likes, time, author): its values
//   before the change, so the ranking can take out exactly what it had counted;
// - an author's scored fields set by analysts (stance, flags): the author's id. Follower counts
//   and mention_count move only with a new mention of that author (its authors row is re-read);
// - a deleted mention or author row (nothing in warroom deletes them): a reset row (both ids
//   NULL), after which a ranking reads its window anew.
// The log keeps its newest 65,536 rows (pruned every 4,096); a ranking that missed pruned rows
// reads its window anew. Ingest never fires these triggers (new rows are inserted, the author
// update on ingest sets none of the watched columns).
inline constexpr const char *kRankingChangesMigration = R"sql(
CREATE TABLE ranking_changes (
    seq        INTEGER PRIMARY KEY,
    mention_id INTEGER,
    author_id  INTEGER,
    live       INTEGER,
    created_at INTEGER,
    source     TEXT,
    handle     TEXT,
    sentiment  TEXT,
    score      REAL,
    reposts    INTEGER,
    likes      INTEGER
);
CREATE TRIGGER mentions_ranking_au
AFTER UPDATE OF deleted, sentiment_label, sentiment_score, reposts, likes, created_at, source,
    author_handle ON mentions
WHEN OLD.deleted IS NOT NEW.deleted OR OLD.sentiment_label IS NOT NEW.sentiment_label
    OR OLD.sentiment_score IS NOT NEW.sentiment_score OR OLD.reposts IS NOT NEW.reposts
    OR OLD.likes IS NOT NEW.likes OR OLD.created_at IS NOT NEW.created_at
    OR OLD.source IS NOT NEW.source OR OLD.author_handle IS NOT NEW.author_handle
BEGIN
    INSERT INTO ranking_changes(mention_id, live, created_at, source, handle, sentiment, score,
                                reposts, likes)
    VALUES (OLD.id, OLD.deleted = 0 AND OLD.author_handle <> '', OLD.created_at, OLD.source,
            OLD.author_handle, OLD.sentiment_label, OLD.sentiment_score, OLD.reposts, OLD.likes);
END;
CREATE TRIGGER authors_ranking_au
AFTER UPDATE OF stance, stance_by_analyst, journalist, opinion_leader, verified, brand, watchlist,
    source, handle ON authors
BEGIN
    INSERT INTO ranking_changes(author_id) VALUES (NEW.id);
END;
CREATE TRIGGER mentions_ranking_ad AFTER DELETE ON mentions
BEGIN
    INSERT INTO ranking_changes(mention_id, author_id) VALUES (NULL, NULL);
END;
CREATE TRIGGER authors_ranking_ad AFTER DELETE ON authors
BEGIN
    INSERT INTO ranking_changes(mention_id, author_id) VALUES (NULL, NULL);
END;
CREATE TRIGGER ranking_changes_prune AFTER INSERT ON ranking_changes WHEN NEW.seq % 4096 = 0
BEGIN
    DELETE FROM ranking_changes WHERE seq <= NEW.seq - 65536;
END;
)sql";

} // namespace warroom
