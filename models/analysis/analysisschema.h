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

} // namespace warroom
