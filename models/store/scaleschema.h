#pragma once

// Migration of the scale work (issue 8), appended to kMigrations in store/schema.cpp. Both
// indexes are partial: they hold a handful of rows, cost nothing on ingest (new mentions are
// 'new' and not the brand's) and let start-up reads stop scanning 10M mentions.
// - mentions_needs_reply: the needs-reply queue and its KPI tile (count, oldest) read by
//   index; the WHERE matches the queries' literal `status = 'needs-reply'` (a partial index is
//   only used when its condition appears verbatim in the query). 0.4 s -> 0 ms at 1M.
// - authors_brand: our own accounts, so "what we said" (KPIs, timeline markers, report) walks
//   the brand's few authors and their posts by mentions_author instead of every mention of
//   the range joined to authors (4.3 s -> a few ms at 1M).
// - authors_watchlist: the influencer panel lists the watchlist, quiet ones too, on every
//   refresh (a scan of 560k authors at 10M: 86 ms).
inline constexpr const char *kScaleMigration = R"sql(
CREATE INDEX mentions_needs_reply ON mentions(created_at, id) WHERE status = 'needs-reply';
CREATE INDEX authors_brand ON authors(source, handle) WHERE brand = 1;
CREATE INDEX authors_watchlist ON authors(source, handle) WHERE watchlist = 1;
)sql";
