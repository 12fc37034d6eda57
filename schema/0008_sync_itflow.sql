-- 0006_sync_itflow.sql: what a PSA without idempotency keys or versions
-- (ITFlow) needs from the sync state (termpsa-psa(7)).  New tables only
-- (IF NOT EXISTS), so the migration can run again over itself.

-- When the last try of an outbox row may have reached the PSA: written by
-- the claim, removed once an answer says how it ended.  A PSA keeps
-- working on a request after the client gave up, so a row whose outcome
-- is unknown is read back (and perhaps sent again) only after the
-- profile's request_limit has passed since then.
CREATE TABLE IF NOT EXISTS outbox_sent (
	outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
	sent_at   INTEGER NOT NULL
);

-- The PSA refused the credentials (401/403): the run stopped with every
-- row kept pending.  Cleared by the next run that gets answers.
CREATE TABLE IF NOT EXISTS sync_auth (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	error TEXT
);
INSERT OR IGNORE INTO sync_auth(id) VALUES (1);
