-- Who did what: every attempt to stop or recover a job, and changes to channel settings.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL, -- unix milliseconds
  user_id TEXT NOT NULL,
  space TEXT NOT NULL,
  job_id INTEGER,
  action TEXT NOT NULL,
  result TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_space_at ON audit_log (space, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- Two-person approvals. The pending → decided step is one conditional UPDATE: first decision wins.
CREATE TABLE approvals (
  id TEXT PRIMARY KEY,
  action TEXT NOT NULL CHECK (action IN ('stop', 'recover')),
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  requester_id TEXT NOT NULL,
  requested_in TEXT NOT NULL,
  requester_response_url TEXT,
  requester_context TEXT, -- opaque to the domain: how the Slack layer redraws the requester's message
  status TEXT NOT NULL DEFAULT 'pending',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  decided_by TEXT,
  decided_at INTEGER,
  detail TEXT,
  message_channel TEXT,
  message_ts TEXT
);
CREATE INDEX approvals_pending ON approvals (status, expires_at);
