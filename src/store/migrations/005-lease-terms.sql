-- Each acquisition of a lease starts a new term. The poller writes job state and the outbox only
-- while the row still names it and its term, so a poll that outlived its lease commits nothing.
-- A released lease keeps its row (expires_at 0), so terms never go back.
ALTER TABLE leases ADD COLUMN term INTEGER NOT NULL DEFAULT 0;
