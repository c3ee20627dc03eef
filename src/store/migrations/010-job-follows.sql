-- What the job follower keeps an eye on (src/alerts/job-follower.ts): stops followed until the
-- job's tasks settle, and jobs people watch. A follow is deleted in the same transaction that
-- queues the note saying how it ended (outbox), so each ending is told once.
CREATE TABLE job_follows (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,            -- stop | watch
  cluster TEXT NOT NULL,
  space TEXT NOT NULL,
  job_id INTEGER NOT NULL,
  command TEXT,                  -- watch: the job's command when it was watched
  user_id TEXT NOT NULL,         -- who stopped the job (or asked to), or who watches it
  approver_id TEXT,              -- stop: the admin who approved it
  notify_channel TEXT NOT NULL,  -- where notes go: a channel, or a user id (their messages with the bot)
  notify_thread TEXT,            -- the thread there; NULL: a message of its own
  message_channel TEXT,          -- watch: the watched copy the follower redraws
  message_ts TEXT,
  started_at INTEGER NOT NULL,
  until_at INTEGER NOT NULL,     -- followed no longer than this
  warned_at INTEGER              -- stop: when "tasks still running" was told
);
CREATE UNIQUE INDEX job_follows_one_per_job ON job_follows (kind, cluster, space, job_id, user_id);

-- Lists that redraw themselves for a while (the list's auto-refresh select). Cosmetic: redrawn
-- straight through Slack, never through the outbox.
CREATE TABLE list_refreshes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id TEXT NOT NULL,
  list TEXT NOT NULL,            -- JSON: cluster, space, query, page, share
  every_ms INTEGER NOT NULL,
  message_channel TEXT NOT NULL,
  message_ts TEXT NOT NULL,
  surface TEXT NOT NULL,         -- message (chat.update) | response-url
  response_url TEXT,
  uses_left INTEGER NOT NULL,    -- uses of response_url still allowed (Slack: 5 in 30 minutes)
  drawn TEXT,                    -- what the message shows, so an unchanged list spends no use
  started_at INTEGER NOT NULL,
  until_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX list_refreshes_one_per_message ON list_refreshes (message_channel, message_ts);
