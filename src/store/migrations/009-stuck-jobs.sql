-- Stuck jobs (a job RUNNING longer than expected, or waiting behind one) and finished notices.

-- How long each kind of job took in a space lately: the durations the poller saw finishing
-- (FINISHED only), the newest 20 per (cluster, space, command) kept. The stuck rule's limit for
-- a kind is a multiple of them once there are enough.
CREATE TABLE job_runs (
  cluster TEXT NOT NULL,
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  command TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (cluster, space, job_id)
) WITHOUT ROWID;
CREATE INDEX job_runs_kind ON job_runs (cluster, space, command, started_at);

-- The stuck rule's memory of a job, written in the same transaction as the job state and the
-- outbox: when the poller first saw it queued (graphd gives queued jobs no time), and which run
-- (its start time) or wait (its queued_since) was alerted as stuck, so that no restart or lease
-- move alerts it twice. Only queued jobs and alerted runs have a row.
CREATE TABLE job_watch (
  cluster TEXT NOT NULL,
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  queued_since INTEGER,
  alerted_run INTEGER,
  alerted_queue INTEGER,
  PRIMARY KEY (cluster, space, job_id)
) WITHOUT ROWID;

-- Subscriptions that asked for every alert the bot had (FAILED and STOPPED, the old default) hear
-- of stuck jobs too, as new subscriptions do by default; narrower ones are left as they are.
UPDATE subscriptions SET statuses = statuses || ',STUCK' WHERE statuses IN ('FAILED,STOPPED', 'STOPPED,FAILED');
