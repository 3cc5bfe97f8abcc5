#pragma once

// Migration of the post-mortem (issue 7), appended to kMigrations in store/schema.cpp.
// - mentions_reply_to: the replies to a post, by (source, in_reply_to), over reply rows only
//   (partial). The report reads the reception of our posts (the replies to each) by index
//   instead of scanning every mention of the range: 1.3 s -> a few ms at 1M mentions.
inline constexpr const char *kReportMigration = R"sql(
CREATE INDEX mentions_reply_to ON mentions(source, in_reply_to) WHERE in_reply_to <> '';
)sql";
