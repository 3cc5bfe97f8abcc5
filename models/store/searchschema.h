#pragma once

// The search index as it is since this migration: a word index for every mention and a trigram
// index only for text in scripts written without spaces. Both are contentless with detail=none
// (no positions): about a third of the cost of the first trigram-over-everything index at
// insert time. Phrases and substrings are confirmed on the candidates with wr_fold()/instr.
// Needs wr_has_cjk() registered on the migrating connection (configureConnection does it).
namespace warroom {

inline constexpr const char *kSearchIndexMigration = R"sql(
DROP TRIGGER mentions_fts_ai;
DROP TRIGGER mentions_fts_ad;
DROP TRIGGER mentions_fts_au;
DROP TABLE mentions_fts;
ALTER TABLE mentions ADD COLUMN cjk INTEGER NOT NULL DEFAULT 0;
UPDATE mentions SET cjk = wr_has_cjk(coalesce(title, '') || ' ' || text);
CREATE INDEX mentions_cjk_rows ON mentions(id) WHERE cjk = 1;
CREATE VIRTUAL TABLE mentions_words USING fts5(body,
    tokenize = 'unicode61 remove_diacritics 2', detail = none, content = '', columnsize = 0);
CREATE VIRTUAL TABLE mentions_cjk USING fts5(body,
    tokenize = 'trigram', detail = none, content = '', columnsize = 0);
INSERT INTO mentions_words(rowid, body) SELECT id, coalesce(title, '') || ' ' || text FROM mentions;
INSERT INTO mentions_cjk(rowid, body)
    SELECT id, coalesce(title, '') || ' ' || text FROM mentions WHERE cjk = 1;
)sql";

} // namespace warroom

namespace warroom {

// The search index follows the mentions instead of being written in their transaction: every
// mention with id <= indexed_upto is in mentions_words (and mentions_cjk when cjk = 1), none
// above it is. MentionWriter::indexPending() indexes the next rows and moves the mark in one
// transaction (after a kill it resumes from the mark: never twice, never skipped); the reader
// scans the rows above the mark, so a mention is found the moment it is committed. Mentions are
// never deleted, so ids above the mark are always new rows. Existing stores are fully indexed.
inline constexpr const char *kSearchLagMigration = R"sql(
CREATE TABLE search_index_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_upto INTEGER NOT NULL
);
INSERT INTO search_index_state(id, indexed_upto) SELECT 1, coalesce(max(id), 0) FROM mentions;
)sql";

} // namespace warroom
