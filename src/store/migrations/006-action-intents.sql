-- Stops and recovers under way: written before the statement is sent to graphd, deleted in the
-- transaction that writes the outcome to audit_log (and to the approval it carried out). A row
-- left by a process that died is resolved by the next one from what graphd then shows.
-- At most one per job: the row is the job's lock, across processes on this database.
CREATE TABLE action_intents (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('stop', 'recover')),
  actor_id TEXT NOT NULL, -- on whose behalf: the clicker, or the requester of an approval
  approval_id TEXT,
  note TEXT NOT NULL DEFAULT '', -- starts the audit detail, e.g. "approved by U123: "
  requester_response_url TEXT, -- to tell the clicker the outcome after a restart
  requester_context TEXT, -- opaque to the domain: how the Slack layer redraws the message clicked
  holder TEXT NOT NULL, -- the process: host:pid:instance
  started_at INTEGER NOT NULL, -- unix milliseconds
  sent_at INTEGER, -- set just before the statement leaves; NULL: nothing reached graphd
  status_before TEXT -- the job's status when it was sent
);
CREATE UNIQUE INDEX action_intents_one_per_job ON action_intents (space, job_id);
