#!/bin/sh
# tests/queryplan.sh - the queue's queries keep their plans: EXPLAIN QUERY
# PLAN, by the sqlite3 shell, of the very SQL ticket_list runs (printed by
# tests/ticket-sql from ticket_list_sql).  The default list walks an index
# in order (no full scan, no sort), the per-client and assignee lists seek
# an index, and a search drives from FTS5.  quality.md's performance rows
# rest on these plans, so a regression fails make check.
. "$top_srcdir/tests/lib.sh"

TSQL="$top_builddir/tests/ticket-sql"

run tp init
is "$RC" 0 "init"

# plan WORDS...: the query plan of ticket_list's SQL for that filter.
plan() {
	q=$("$TSQL" "$@") || return 1
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

p=$(plan search)
first=$(printf '%s\n' "$p" | sed -n 2p)
like "$first" "SCAN tickets_fts VIRTUAL TABLE" "search drives from tickets_fts"
like "$p" "SEARCH t USING INTEGER PRIMARY KEY" \
    "search looks tickets up by rowid"
unlike "$p" "SCAN (TABLE )?t( |$)" "search does not scan tickets"

p=$(plan search client)
like "$(printf '%s\n' "$p" | sed -n 2p)" "SCAN tickets_fts VIRTUAL TABLE" \
    "search with a client filter still drives from tickets_fts"

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

# The SQL the bench hands to the shell is the one the program runs.
like "$("$TSQL")" "^SELECT t.id, t.number, .* ORDER BY t.updated_at DESC, t.id DESC LIMIT :limit;$" \
    "ticket-sql prints the default list's SQL"

done_testing
