-- One bot serves several NebulaGraph clusters: every space is named with its cluster. Rows from a
-- single-cluster bot belong to the cluster `default`, the one NEBULA_SERVERS describes. Tables
-- whose key holds the space are rebuilt with the cluster in their key; nothing is lost.

-- A channel's default may be a cluster, a space of one, or both.
CREATE TABLE channel_defaults (
  channel_id TEXT PRIMARY KEY,
  default_cluster TEXT NOT NULL,
  default_space TEXT, -- NULL: the whole cluster
  updated_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
INSERT INTO channel_defaults (channel_id, default_cluster, default_space, updated_by, updated_at)
  SELECT channel_id, 'default', default_space, updated_by, updated_at FROM channel_settings;
DROP TABLE channel_settings;

ALTER TABLE audit_log ADD COLUMN cluster TEXT NOT NULL DEFAULT 'default';
DROP INDEX audit_log_space_at;
CREATE INDEX audit_log_space_at ON audit_log (cluster, space, at);

ALTER TABLE approvals ADD COLUMN cluster TEXT NOT NULL DEFAULT 'default';

CREATE TABLE subscriptions_new (
  channel_id TEXT NOT NULL,
  cluster TEXT NOT NULL,
  space TEXT NOT NULL,
  statuses TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  muted_until INTEGER,
  muted_by TEXT,
  PRIMARY KEY (channel_id, cluster, space)
);
INSERT INTO subscriptions_new SELECT channel_id, 'default', space, statuses, created_by, created_at, muted_until, muted_by FROM subscriptions;
DROP TABLE subscriptions;
ALTER TABLE subscriptions_new RENAME TO subscriptions;

CREATE TABLE watched_spaces_new (
  cluster TEXT NOT NULL,
  space TEXT NOT NULL,
  baseline_at INTEGER NOT NULL,
  PRIMARY KEY (cluster, space)
);
INSERT INTO watched_spaces_new SELECT 'default', space, baseline_at FROM watched_spaces;
DROP TABLE watched_spaces;
ALTER TABLE watched_spaces_new RENAME TO watched_spaces;

CREATE TABLE job_state_new (
  cluster TEXT NOT NULL,
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  command TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time INTEGER,
  stop_time INTEGER,
  PRIMARY KEY (cluster, space, job_id)
) WITHOUT ROWID;
INSERT INTO job_state_new SELECT 'default', space, job_id, command, status, start_time, stop_time FROM job_state;
DROP TABLE job_state;
ALTER TABLE job_state_new RENAME TO job_state;

CREATE TABLE alert_threads_new (
  channel_id TEXT NOT NULL,
  cluster TEXT NOT NULL,
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  message_ts TEXT NOT NULL,
  alert TEXT NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (channel_id, cluster, space, job_id)
);
INSERT INTO alert_threads_new SELECT channel_id, 'default', space, job_id, message_ts, alert, updated_at FROM alert_threads;
DROP TABLE alert_threads;
ALTER TABLE alert_threads_new RENAME TO alert_threads;

-- Each cluster's outage notice is its own.
CREATE TABLE cluster_outages (
  cluster TEXT PRIMARY KEY,
  notified_at INTEGER NOT NULL
);
INSERT INTO cluster_outages SELECT 'default', notified_at FROM outage;
DROP TABLE outage;

ALTER TABLE action_intents ADD COLUMN cluster TEXT NOT NULL DEFAULT 'default';
DROP INDEX action_intents_one_per_job;
CREATE UNIQUE INDEX action_intents_one_per_job ON action_intents (cluster, space, job_id);
