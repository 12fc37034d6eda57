#!/bin/sh
# ui_reload.sh - after a change the selection stays on its record (by id)
# however far the change moves it in the list's order (uifix): a bulk
# priority change on marked tickets, and a single one, move the tickets
# hundreds of rows down a list sorted by priority, and the cursor goes
# with the ticket it was on, not to an untouched row at the old place.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
# 250 more normal tickets: by priority, the low ones come after row 250.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
WITH RECURSIVE n(i) AS (SELECT 11 UNION ALL SELECT i + 1 FROM n WHERE i < 260)
INSERT INTO tickets(id, number, client_id, subject, priority, status, created_at, updated_at)
SELECT i, i, 1 + i % 3, 'Routine check ' || i, 'normal', 'open', 1768400000, 1768300000 + i FROM n;
UPDATE counters SET value = 260 WHERE name = 'ticket';
EOF2

ui_start
ui_see 'Ticket queue' 'starts'
ui_keys o
ui_see 'priority' 'the sort picker'
ui_keys p Enter
ui_see 'sorted by priority' 'sorted by priority'
ui_sel_is '^! +9 crit' '#9 (critical) first'

# --- bulk: #9 and #3 marked, the cursor back on #3, both set to low -----------
ui_keys Space Space
ui_see '2 marked' 'two marked'
ui_keys k
ui_sel_is '^\* +3 crit' 'the cursor on #3, marked'
ui_keys p
ui_see 'critical' 'the priority picker'
ui_keys l Enter
ui_see 'priority set to low: 2 tickets' 'both set to low'
ui_sel_is '^[! ] +3 low .*VPN drops' 'the cursor went with #3, down among the low ones'
ui_see ' 25[0-9]/259 ' 'past row 250, as the title says'

# --- one ticket: #5 (high, now first) set to low --------------------------------
ui_keys g
ui_sel_is '^[!^] +5 high' '#5 first now'
ui_keys p
ui_see 'critical' 'the priority picker'
ui_keys l Enter
ui_see 'priority set to low' 'set to low'
ui_sel_is '^[! ] +5 low .*Backup failed' 'the cursor went with #5'
ui_quit
is "$UI_RC" 0 'quits cleanly'
done_testing
