-- 0002_sync.sql: the sync worker's shared state (sync.md).  Every termpsa
-- process reads and changes these through src/syncstate.c, so the breaker,
-- the outbox leases and the pull cursors hold across processes and restarts.

-- Who holds an in-flight outbox row: the worker's pid, so that a row whose
-- worker died (kill -9) is taken back at once instead of at lease expiry.
ALTER TABLE outbox ADD COLUMN lease_owner INTEGER;

-- The circuit breaker: one row.  open_for is the length of the last open
-- period (doubled on each failed probe, up to 10 min); probe_until is the
-- lease of the one half-open probe, probe_owner the pid holding it.
CREATE TABLE sync_breaker (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	state       TEXT NOT NULL DEFAULT 'closed'
	            CHECK (state IN ('closed', 'open', 'half_open')),
	failures    INTEGER NOT NULL DEFAULT 0,
	opened_at   INTEGER,
	open_until  INTEGER,
	open_for    INTEGER NOT NULL DEFAULT 0,
	probe_owner INTEGER,
	probe_until INTEGER,
	updated_at  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sync_breaker(id) VALUES (1);

-- One pull cursor per remote entity ("tickets", "clients", ...): the
-- server's opaque cursor and the highest updated_at seen.
CREATE TABLE sync_cursors (
	entity        TEXT PRIMARY KEY,
	cursor        TEXT,
	updated_since TEXT,
	updated_at    INTEGER NOT NULL
);

-- The last remote value of each pulled record, so that a pull can tell a
-- remote change from a stale copy (sync.md "Conflict rule").
CREATE TABLE sync_shadow (
	entity     TEXT NOT NULL,
	local_id   INTEGER NOT NULL,
	data       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (entity, local_id)
);

-- A remote change to a field changed locally and not yet pushed: the local
-- value is kept, both are recorded for `Y` and `sync status`.
CREATE TABLE sync_conflicts (
	id           INTEGER PRIMARY KEY,
	entity       TEXT NOT NULL,
	local_id     INTEGER NOT NULL,
	field        TEXT NOT NULL,
	local_value  TEXT,
	remote_value TEXT,
	state        TEXT NOT NULL DEFAULT 'open'
	             CHECK (state IN ('open', 'kept_local', 'took_remote')),
	created_at   INTEGER NOT NULL,
	resolved_at  INTEGER
);
CREATE UNIQUE INDEX sync_conflicts_open ON sync_conflicts(entity, local_id, field)
	WHERE state = 'open';

-- One row per worker run: what it did and how it ended.
CREATE TABLE sync_runs (
	id          INTEGER PRIMARY KEY,
	pid         INTEGER,
	started_at  INTEGER NOT NULL,
	finished_at INTEGER,
	result      TEXT NOT NULL DEFAULT 'running'
	            CHECK (result IN ('running', 'ok', 'error', 'breaker_open')),
	pushed      INTEGER NOT NULL DEFAULT 0,
	failed      INTEGER NOT NULL DEFAULT 0,
	pulled      INTEGER NOT NULL DEFAULT 0,
	error       TEXT
);
CREATE INDEX sync_runs_result ON sync_runs(result, id);

-- The newest success and error of any request, for the status line.
CREATE TABLE sync_meta (
	id               INTEGER PRIMARY KEY CHECK (id = 1),
	last_success_at  INTEGER,
	last_error_at    INTEGER,
	last_error       TEXT
);
INSERT INTO sync_meta(id) VALUES (1);
