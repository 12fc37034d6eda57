#!/bin/sh
# tests/queryplan.sh - the queue's queries keep their plans: EXPLAIN QUERY
# PLAN, by the sqlite3 shell, of the very SQL ticket_list runs (printed by
# tests/list-sql from ticket_list_sql).  The default list walks an index
# in order (no full scan, no sort), the per-client and assignee lists seek
# an index, and a search drives from FTS5.  quality.md's performance rows
# rest on these plans, so a regression fails make check.
. "$top_srcdir/tests/lib.sh"

LSQL="$top_builddir/tests/unit/list-sql"

run tp init
is "$RC" 0 "init"

# plan WORDS...: the query plan of ticket_list's SQL for that filter.
plan() {
	q=$("$LSQL" ticket "$@") || return 1
	"$SQLITE3_SHELL" -batch "file:$TERMPSA_DB?mode=ro" \
	    "EXPLAIN QUERY PLAN $q"
}

# A full scan of tickets: "SCAN t" (or "SCAN TABLE t"); a walk of an
# index in order shows as "SCAN t USING INDEX tickets_updated", which
# is allowed only for the default list (checked separately).
p=$(plan)
like "$p" "SCAN t USING INDEX tickets_updated" \
    "default list walks tickets_updated in order"
unlike "$p" "TEMP B-TREE" "default list sorts nothing"
unlike "$p" "SCAN (TABLE )?t$" "default list does not scan the table"

p=$(plan after)
like "$p" "SEARCH t USING INDEX tickets_updated \(updated_at<\?\)" \
    "default list, next page: a range seek on tickets_updated"
unlike "$p" "TEMP B-TREE FOR ORDER BY" "next page sorts nothing"

p=$(plan client)
like "$p" "SEARCH t USING (COVERING )?INDEX tickets_client_[a-z_]+ \(client_id=\?\)" \
    "per-client list seeks a client index"
unlike "$p" "SCAN (TABLE )?t( |$)" "per-client list does not scan tickets"

p=$(plan assignee)
like "$p" "SEARCH t USING (COVERING )?INDEX tickets_assigned_status \(assigned_to=\?\)" \
    "assignee list seeks tickets_assigned_status"
unlike "$p" "SCAN (TABLE )?t( |$)" "assignee list does not scan tickets"

p=$(plan unassigned)
like "$p" "SEARCH t USING (COVERING )?INDEX tickets_assigned_status \(assigned_to=\?\)" \
    "unassigned list seeks tickets_assigned_status"

# A driven search reads tickets_fts once, as a list of ids, and the
# planner starts from whatever narrows most: the ids themselves, or a
# status, client or assignee index (3x faster with a status set on the
# 20k demo than fetching every match's row and filtering).
p=$(plan search)
like "$p" "LIST SUBQUERY" "search reads tickets_fts as a list of ids"
like "$p" "SCAN tickets_fts VIRTUAL TABLE" "... from tickets_fts"
like "$p" "SEARCH t USING INTEGER PRIMARY KEY" \
    "search looks tickets up by rowid"
unlike "$p" "SCAN (TABLE )?t( |$)" "search does not scan tickets"
unlike "$p" "CORRELATED" "search asks tickets_fts once, not per row"

p=$(plan search client)
like "$p" "SEARCH t USING (COVERING )?INDEX tickets_client_[a-z_]+ \(client_id=\?\)" \
    "search with a client filter seeks the client's tickets"
like "$p" "LIST SUBQUERY" "... checked against the matches' ids"
p=$(plan search status)
like "$p" "SEARCH t USING (COVERING )?INDEX tickets_status_[a-z_]+ \(status=\?\)" \
    "search with a status set seeks the status index"
unlike "$p" "SCAN (TABLE )?t( |$)" "... no scan of tickets"

# A search with many matches walks the list's own order and asks FTS5
# about each row (ticket_list's WALK plan): no sort, no scan of the table.
p=$(plan search walk)
like "$(printf '%s\n' "$p" | sed -n 2p)" "SCAN t USING INDEX tickets_updated" \
    "search, walked: walks tickets_updated in order"
like "$p" "CORRELATED SCALAR SUBQUERY" "search, walked: asks tickets_fts per row"
unlike "$p" "TEMP B-TREE" "search, walked: sorts nothing"
p=$(plan search walk after)
like "$p" "SEARCH t USING INDEX tickets_updated \(updated_at<\?\)" \
    "search, walked, next page: a range seek on tickets_updated"
unlike "$p" "TEMP B-TREE" "search, walked, next page: sorts nothing"
p=$(plan search walk status)
like "$p" "SEARCH t USING (COVERING )?INDEX tickets_status_updated \(status=\?\)" \
    "search, walked, by status: seeks tickets_status_updated"
unlike "$p" "TEMP B-TREE" "search, walked, by status: sorts nothing"

# Newest first under a search: FTS5 hands rows in order (no sort), so a
# page costs its own rows, also for the next page.
for extra in "" after; do
	p=$(plan search sort=newest $extra)
	like "$(printf '%s\n' "$p" | sed -n 2p)" "SCAN tickets_fts VIRTUAL TABLE" \
	    "search, newest first ($extra): drives from tickets_fts"
	unlike "$p" "TEMP B-TREE" "search, newest first ($extra): sorts nothing"
done
p=$(plan sort=newest)
unlike "$p" "TEMP B-TREE" "newest first without a search sorts nothing"
unlike "$p" "SCAN (TABLE )?t USING" "... and walks the table's own order"

# The queue by priority and by due date (open work, the default): a walk
# of a partial index of open work in order, never a sort of every open
# ticket (schema/0003_perf.sql).
for sort in priority due; do
	p=$(plan sort=$sort)
	like "$p" "SCAN t USING INDEX tickets_open_$sort" \
	    "sort=$sort walks tickets_open_$sort in order"
	unlike "$p" "TEMP B-TREE" "sort=$sort sorts nothing"
	p=$(plan sort=$sort after)
	like "$p" "(SCAN|SEARCH) t USING INDEX tickets_open_$sort" \
	    "sort=$sort, next page: walks tickets_open_$sort"
	unlike "$p" "TEMP B-TREE" "sort=$sort, next page: sorts nothing"
done
p=$(plan sort=priority after)
like "$p" "SEARCH t USING INDEX tickets_open_priority \(priority_rank<\?\)" \
    "sort=priority, next page: a range seek"

# Filter terms (tests/cli/filter.sh): the common combinations seek an
# index, also beside a search (whose matches are then a list of ids).
for extra in "" search; do
	for ts in "assignee:me:tickets_assigned_status \\(assigned_to=\\?\\)" \
	    "assignee:none:tickets_assigned_status \\(assigned_to=\\?\\)" \
	    "client:1 pri:high+:tickets_client_[a-z_]+ \\(client_id=\\?\\)" \
	    "status:open,waiting:tickets_status_[a-z_]+ \\(status=\\?\\)" \
	    "status:open,waiting pri:high+ assignee:none:tickets_assigned_status \\(assigned_to=\\? AND status=\\?\\)"; do
		t=${ts%%:tickets_*}
		ix=tickets_${ts#*:tickets_}
		p=$(plan $extra "terms=$t")
		like "$p" "SEARCH t USING (COVERING )?INDEX $ix" \
		    "terms '$t'${extra:+ with a search}: seek an index"
		unlike "$p" "SCAN (TABLE )?t( |$)" \
		    "terms '$t'${extra:+ with a search}: no scan of tickets"
	done
done
p=$(plan "terms=pri:high+ age:>7d")
like "$p" "SCAN t USING INDEX tickets_updated" \
    "terms without an index of their own walk the list's order"
unlike "$p" "TEMP B-TREE" "... and sort nothing"

# Project time: the partial index of time with a project serves the
# project queries (billing, balances, the dashboard).
sq() { "$SQLITE3_SHELL" -batch -noheader "file:$TERMPSA_DB?mode=ro" "$1"; }
like "$(sq "SELECT sql FROM sqlite_master WHERE name = 'time_entries_project'")" \
    "WHERE project_id IS NOT NULL" "time_entries_project holds project time only"
like "$(sq "EXPLAIN QUERY PLAN SELECT sum(minutes) FROM time_entries te WHERE te.project_id = 3 AND te.ticket_id IS NULL AND te.invoice_id IS NULL")" \
    "SEARCH te USING INDEX time_entries_project \(project_id=\? AND invoice_id=\?\)" \
    "project time is found through time_entries_project"
like "$(sq "EXPLAIN QUERY PLAN SELECT sum(te.minutes) FROM projects p CROSS JOIN time_entries te ON te.project_id = p.id WHERE p.client_id = 3 AND te.ticket_id IS NULL AND te.invoice_id IS NULL")" \
    "SEARCH te USING INDEX time_entries_project" \
    "... also joined from a client's projects (balance_recompute)"

# Open work per user and per client is counted status by status (seeks
# on tickets_assigned_status / tickets_client_status_updated, not a read of
# every ticket they ever had): the counts are still exactly open work.
tp client add "Plan Co" >/dev/null
tp user add pat >/dev/null
for st in open in_progress waiting scheduled resolved closed; do
	tp ticket add 1 "work $st" --assign pat >/dev/null
done
for id in $(sq "SELECT id FROM tickets WHERE subject LIKE 'work %' ORDER BY id"); do
	st=$(sq "SELECT substr(subject, 6) FROM tickets WHERE id = $id")
	[ "$st" = open ] || tp ticket status "$id" "$st" >/dev/null
done
run tp user list --json
like "$OUT" '"name":"pat"[^}]*"open_tickets":4' "user list: open work is 4 of 6 tickets"
run tp client list --json
like "$OUT" '"name":"Plan Co"[^}]*"open_tickets":5' \
    "client list: open work is 5 (with the welcome ticket)"

# The SQL the bench hands to the shell is the one the program runs.
like "$("$LSQL" ticket)" "^SELECT t.id, t.number, .* ORDER BY t.updated_at DESC, t.id DESC LIMIT :limit;$" \
    "list-sql prints the default ticket list's SQL"

done_testing
