-- 0006_sync_itflow.sql: what a PSA without idempotency keys or versions
-- (ITFlow) needs from the sync state (termpsa-psa(7)).

-- When the last try of a row may have reached the PSA (set by the claim,
-- cleared once an answer says how it ended).  A PSA keeps working on a
-- request after the client gave up, so a row whose outcome is unknown is
-- read back (and perhaps sent again) only after the profile's
-- request_limit has passed since then.
ALTER TABLE outbox ADD COLUMN sent_at INTEGER;

-- The PSA refused the credentials (401/403): the run stopped with every
-- row kept pending.  Cleared by the next answer that is not a refusal.
ALTER TABLE sync_meta ADD COLUMN auth_error TEXT;
