-- 0012_sla.sql: what the SLA clocks (src/service/sla.c, issue 14) need
-- from the database: each ticket's history of statuses, so that time spent
-- `waiting` can be left out of its clocks, and a record of the breaches
-- already announced, so that TicketSlaBreached is raised once per ticket
-- and target however often the check runs.
--
-- The history is kept by triggers, whatever wrote the ticket (a service,
-- a sync pull, an import, the demo, a sqlite3 shell): a status is logged
-- at the ticket's created_at on insert and at its updated_at when it
-- changes.  Tickets that exist before this migration get their creation
-- as open and, when they are no longer open, their present status at
-- their last update: the best the database knows.
-- IF NOT EXISTS: a database whose user_version was set back runs this
-- file again.

-- One row per ticket and target once its breach has been announced.
CREATE TABLE IF NOT EXISTS sla_breaches (
	ticket_id  INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	target     TEXT NOT NULL CHECK (target IN ('response', 'resolve')),
	due_at     INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (ticket_id, target)
);

CREATE TABLE IF NOT EXISTS ticket_status_log (
	id        INTEGER PRIMARY KEY,
	ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
	status    TEXT NOT NULL,
	at        INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ticket_status_log_ticket
	ON ticket_status_log(ticket_id, at, id);

INSERT INTO ticket_status_log(ticket_id, status, at)
	SELECT id, 'open', created_at FROM tickets
	WHERE NOT EXISTS (SELECT 1 FROM ticket_status_log l WHERE l.ticket_id = tickets.id);
INSERT INTO ticket_status_log(ticket_id, status, at)
	SELECT id, status, max(updated_at, created_at) FROM tickets
	WHERE status <> 'open' AND (SELECT count(*) FROM ticket_status_log l
	    WHERE l.ticket_id = tickets.id) = 1;

CREATE TRIGGER IF NOT EXISTS tickets_status_log_ai AFTER INSERT ON tickets BEGIN
	INSERT INTO ticket_status_log(ticket_id, status, at)
	VALUES (NEW.id, NEW.status, NEW.created_at);
END;
CREATE TRIGGER IF NOT EXISTS tickets_status_log_au AFTER UPDATE OF status ON tickets
WHEN NEW.status IS NOT OLD.status BEGIN
	INSERT INTO ticket_status_log(ticket_id, status, at)
	VALUES (NEW.id, NEW.status, NEW.updated_at);
END;
CREATE TRIGGER IF NOT EXISTS tickets_status_log_ad AFTER DELETE ON tickets BEGIN
	DELETE FROM ticket_status_log WHERE ticket_id = OLD.id;
	DELETE FROM sla_breaches WHERE ticket_id = OLD.id;
END;
