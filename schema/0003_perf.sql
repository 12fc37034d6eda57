-- 0003_perf.sql: indexes for quality.md's large data set (1,000,000
-- tickets, 3,000,000 time entries): smaller where most rows never match,
-- and the queue's priority and due sorts as walks of an index.

-- Ticket time has no project, so project time is a sliver of
-- time_entries.  A partial index holds only it: every query on it says
-- project_id = ? (which implies the condition), and building or keeping
-- it costs a three-hundredth of the full one.
DROP INDEX time_entries_project;
CREATE INDEX time_entries_project ON time_entries(project_id, invoice_id)
	WHERE project_id IS NOT NULL;

-- The queue (open work) most urgent first and soonest due first: read in
-- index order, so a page costs its own rows instead of a sort of every
-- open ticket.  Only open work is indexed (the condition is exactly
-- ticket_list's), a few percent of the tickets.
CREATE INDEX tickets_open_priority
	ON tickets(priority_rank DESC, updated_at DESC, id DESC)
	WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_due
	ON tickets(due_at IS NULL, coalesce(due_at, 0), id)
	WHERE status NOT IN ('resolved', 'closed');
