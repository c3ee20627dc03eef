-- When a message was given up (state 'failed'), for /healthz and for retention; sent ones have sent_at.
ALTER TABLE outbox ADD COLUMN dropped_at INTEGER;

-- When an alert thread last changed (posted, or replied in), so retention can prune threads of
-- jobs long gone. Existing threads count as changed now.
ALTER TABLE alert_threads ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
UPDATE alert_threads SET updated_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
