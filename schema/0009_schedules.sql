-- 0009_schedules.sql: recurring maintenance (issue 14, part 3).  A
-- schedule makes one maintenance ticket (domain.md scenario 4) per
-- occurrence, lead_days before the occurrence's date.
--
-- Occurrence k of a schedule is first_on + k * every_n units, always from
-- first_on (so the 31st every month is the 31st again after February's
-- 28th).  next_index/next_on name the first occurrence neither made nor
-- skipped yet, and make_on (next_on - lead_days) the day its ticket is due
-- to be made: the job reads only the schedules whose make_on has come.
--
-- IF NOT EXISTS: tests of older migrations (list_sort.sh, search_terms.sh)
-- set user_version back and migrate again over a database that already
-- holds these tables.
CREATE TABLE IF NOT EXISTS maintenance_schedules (
	id               INTEGER PRIMARY KEY,
	asset_id         INTEGER NOT NULL REFERENCES assets(id),
	every_n          INTEGER NOT NULL CHECK (every_n >= 1),
	every_unit       TEXT NOT NULL CHECK (every_unit IN ('d', 'w', 'm')),
	first_on         TEXT NOT NULL CHECK (date(first_on) = first_on),
	lead_days        INTEGER NOT NULL CHECK (lead_days >= 0),
	maintenance_type TEXT NOT NULL DEFAULT 'preventive'
	                 CHECK (maintenance_type IN ('preventive', 'corrective')),
	description      TEXT,
	next_index       INTEGER NOT NULL DEFAULT 0 CHECK (next_index >= 0),
	next_on          TEXT NOT NULL CHECK (date(next_on) = next_on),
	make_on          TEXT NOT NULL CHECK (date(make_on) = make_on),
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS maintenance_schedules_asset ON maintenance_schedules(asset_id);
CREATE INDEX IF NOT EXISTS maintenance_schedules_make ON maintenance_schedules(make_on);

-- The occurrences made: one row per schedule and date, the key that makes
-- the job idempotent (two workers, a rerun, a clock moved back: the second
-- insert of a (schedule, date) finds the row and makes nothing).  A ticket
-- deleted later leaves the row (ticket_id NULL): that occurrence is done.
CREATE TABLE IF NOT EXISTS maintenance_occurrences (
	id             INTEGER PRIMARY KEY,
	schedule_id    INTEGER NOT NULL REFERENCES maintenance_schedules(id)
	               ON DELETE CASCADE,
	occurs_on      TEXT NOT NULL CHECK (date(occurs_on) = occurs_on),
	ticket_id      INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
	maintenance_id INTEGER REFERENCES asset_maintenance(id),
	created_at     INTEGER NOT NULL,
	UNIQUE (schedule_id, occurs_on)
);
CREATE INDEX IF NOT EXISTS maintenance_occurrences_ticket ON maintenance_occurrences(ticket_id);
