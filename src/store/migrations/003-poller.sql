-- Channel subscriptions to a space's alerts, with an optional mute.
CREATE TABLE subscriptions (
  channel_id TEXT NOT NULL,
  space TEXT NOT NULL,
  statuses TEXT NOT NULL, -- comma-separated: FAILED,STOPPED
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  muted_until INTEGER,
  muted_by TEXT,
  PRIMARY KEY (channel_id, space)
);

-- The poller's memory of each watched space. baseline_at is set by the first successful poll,
-- which records what exists without alerting on history.
CREATE TABLE watched_spaces (
  space TEXT PRIMARY KEY,
  baseline_at INTEGER NOT NULL
);

CREATE TABLE job_state (
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  command TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time INTEGER,
  stop_time INTEGER,
  PRIMARY KEY (space, job_id)
) WITHOUT ROWID;

-- Messages to post, written in the same transaction as the state change that caused them, and
-- sent in id order per channel. state: pending → sent | failed.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  channel_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL, -- JSON
  created_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  message_ts TEXT,
  error TEXT
);
CREATE INDEX outbox_pending ON outbox (state, channel_id, id);

-- The latest alert message per job and channel: where follow-ups are threaded.
CREATE TABLE alert_threads (
  channel_id TEXT NOT NULL,
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  message_ts TEXT NOT NULL,
  alert TEXT NOT NULL, -- JSON of the alert, to redraw its status line
  PRIMARY KEY (channel_id, space, job_id)
);

-- Whether channels were told NebulaGraph is unreachable (so a restart neither repeats nor forgets it).
CREATE TABLE outage (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  notified_at INTEGER NOT NULL
);

-- Only one bot process polls a database: it holds the lease and renews it every cycle.
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
