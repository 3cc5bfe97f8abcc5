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

} // namespace warroom
