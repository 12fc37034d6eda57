#!/bin/sh
# sla_queryplan.sh - a listed ticket's SLA clock is read from indexes
# alone: the statements `ticket list` runs for each row's clock (traced
# with TERMPSA_TRACE_SQL, so these are the very statements) seek a
# covering index for the first public note and for the status history.
# Without 0013 each note's row was read for its visibility, behind the
# body and its overflow pages, on every row of every page the queue shows.
. "$top_srcdir/tests/lib.sh"

tp client add Acme >/dev/null
run tp ticket add 1 'Printer jams' --priority high
is "$RC" 0 'a ticket to list'
run tp ticket note 2 --public 'On my way'
is "$RC" 0 'a public note'

trace="$TMPD/trace.log"
TERMPSA_TRACE_SQL=$trace tp ticket list --json >/dev/null
is "$?" 0 'the list runs traced'

# stmt PATTERN: the first traced statement matching PATTERN.
stmt() { grep -E "$1" "$trace" | head -n 1 | cut -f 2-; }
plan() { "$SQLITE3_SHELL" -batch "file:$TERMPSA_DB?mode=ro" "EXPLAIN QUERY PLAN $1"; }

q=$(stmt 'FROM ticket_notes n WHERE n.ticket_id')
ok "$([ -n "$q" ]; echo $?)" 'the list reads the first public note'
p=$(plan "$q")
like "$p" "SEARCH n USING COVERING INDEX ticket_notes_first_public \(ticket_id=\? AND visibility=\?\)" \
    'the first public note: one seek of a covering index'

q=$(stmt 'FROM ticket_status_log WHERE ticket_id')
ok "$([ -n "$q" ]; echo $?)" 'the list reads the status history'
p=$(plan "$q")
like "$p" "SEARCH ticket_status_log USING COVERING INDEX ticket_status_log_ticket \(ticket_id=\?\)" \
    'the status history: a covering index in its order'
unlike "$p" "TEMP B-TREE" '... sorted by nothing'

# A database made before 0013 gets the indexes on its next open.
"$SQLITE3_SHELL" "$TERMPSA_DB" "DROP INDEX ticket_notes_first_public;
DROP INDEX ticket_status_log_ticket;
CREATE INDEX ticket_status_log_ticket ON ticket_status_log(ticket_id, at, id);
PRAGMA user_version = 12;"
run tp ticket list
is "$RC" 0 'an older database opens'
is "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'ticket_notes_first_public'")" 1 \
    '... with the first-public-note index'
like "$(sql "SELECT sql FROM sqlite_master WHERE name = 'ticket_status_log_ticket'")" \
    'ticket_id, at, id, status' '... and the covering history index'
done_testing
