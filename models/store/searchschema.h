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
