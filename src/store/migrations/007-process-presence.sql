-- Which bot processes are alive: each renews its row on a heartbeat and deletes it on a clean
-- stop. Liveness of another process is read here, never guessed from a pid (containers sharing a
-- hostname all see their own PID 1).
CREATE TABLE process_presence (
  holder TEXT PRIMARY KEY, -- host:pid:instance
  expires_at INTEGER NOT NULL -- unix milliseconds
);
