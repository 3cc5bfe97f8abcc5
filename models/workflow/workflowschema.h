#pragma once

// Schema additions for replies: the Bluesky rkey chosen before the first try, the text the
// reviewer last saw (word diff on re-review), the tone warnings the author overrode, publishing
// attempts, holds after a pause, and the pause switch itself (its history marks the timeline).
namespace warroom {

inline constexpr const char *kWorkflowMigration = R"sql(
ALTER TABLE replies ADD COLUMN rkey TEXT;
ALTER TABLE replies ADD COLUMN base_text TEXT;
ALTER TABLE replies ADD COLUMN tone_warnings TEXT NOT NULL DEFAULT '[]';
ALTER TABLE replies ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE replies ADD COLUMN last_error TEXT;
ALTER TABLE replies ADD COLUMN next_attempt_at INTEGER;
ALTER TABLE replies ADD COLUMN response_ms INTEGER;
CREATE INDEX replies_state ON replies(state);
CREATE INDEX replies_mention ON replies(mention_id);
ALTER TABLE reply_events ADD COLUMN action TEXT NOT NULL DEFAULT '';
CREATE INDEX reply_events_reply ON reply_events(reply_id, id);
CREATE TABLE publishing_pauses (
    id         INTEGER PRIMARY KEY,
    paused_at  INTEGER NOT NULL,
    paused_by  INTEGER NOT NULL REFERENCES operators(id),
    reason     TEXT NOT NULL,
    resumed_at INTEGER,
    resumed_by INTEGER REFERENCES operators(id)
);
CREATE TABLE workflow_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
)sql";

} // namespace warroom
