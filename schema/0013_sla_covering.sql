-- 0013_sla_covering.sql - the SLA clock of a listed ticket reads from
-- indexes alone.  Every row of the queue (and every ticket a dashboard
-- counts) asks for its first public note and its status history; with
-- the old indexes each note's row was read for its visibility (stored
-- after the body, so a long note meant its overflow pages too) and each
-- history row for its status.  Measured as the keystroke p99 of a page
-- down in make bench.
CREATE INDEX IF NOT EXISTS ticket_notes_first_public
	ON ticket_notes(ticket_id, visibility, created_at);
DROP INDEX IF EXISTS ticket_status_log_ticket;
CREATE INDEX IF NOT EXISTS ticket_status_log_ticket
	ON ticket_status_log(ticket_id, at, id, status);
