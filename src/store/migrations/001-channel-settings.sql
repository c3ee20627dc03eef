-- The default graph space of a Slack channel, set with `use <space>`.
CREATE TABLE channel_settings (
  channel_id TEXT PRIMARY KEY,
  default_space TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL -- unix milliseconds
);
