#!/bin/sh
# ui_triage.sh - triage in the ticket queue, through the real binary in
# tmux: each action visible on screen and in the database afterwards.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ME=$(sql "SELECT id FROM users WHERE name = 'tech'")
[ -n "$ME" ] || ME=$(tp user add tech >/dev/null 2>&1; sql "SELECT id FROM users WHERE name = 'tech'")

ui_start
# The queue: open work, newest updated first; #9 (critical) on top.
ui_see '^! +9 crit open +Cobalt Labs +Server disk 90% full' \
    'queue opens first with the newest open ticket on top'
is "$(ui_sel | grep -c 'Server disk')" 1 'the cursor sits on the selected row'

# A: assign to me.
ui_keys A
ui_see '9 crit open +Cobalt Labs +Server disk 90% full +tech' \
    'A shows me as the assignee'
is "$(sql 'SELECT assigned_to FROM tickets WHERE id = 9')" "$ME" \
    'A assigned ticket 9 to me in the database'

# + on a critical ticket: nothing to raise, and the message says only why
# (it read "priority raised: 0 of 1 done; ...").
ui_keys +
ui_see 'ticket 9 is already critical' '+ on a critical ticket says it is already critical'
ui_not_see 'priority raised' '... and does not say it was raised'

# j then +: raise the priority of #8 (normal -> high).
ui_keys j +
ui_see '\^ +8 high scheduled +Birch Legal' '+ raises the priority on screen'
is "$(sql 'SELECT priority FROM tickets WHERE id = 8')" high \
    '+ raised ticket 8 to high in the database'
ui_see '^\^ +8 high' 'the changed ticket moved to the top (newest updated)'
is "$(ui_sel | grep -c 'Scanner driver')" 1 \
    'the selection followed the ticket'

# g and G in a picker: the first and the last choice, as in the lists
# (no status starts with g, so the letter jump leaves them free).
ui_keys s
ui_see 'in_progress' 'the status picker opens'
ui_keys g Enter
ui_see '8 high open' 'g picks the first status (open)'
is "$(sql 'SELECT status FROM tickets WHERE id = 8')" open 'status open in the database'
ui_keys s
ui_see 'in_progress' 'the status picker opens again'
ui_keys G k k Enter
ui_see '8 high scheduled' 'G goes to the last status (closed): two up is scheduled'
is "$(sql 'SELECT status FROM tickets WHERE id = 8')" scheduled 'status scheduled in the database'

# s: status picker, w jumps to waiting.
ui_keys s
ui_see 'in_progress' 'the status picker opens'
ui_keys w Enter
ui_see '8 high waiting' 's sets the status on screen'
is "$(sql 'SELECT status FROM tickets WHERE id = 8')" waiting \
    'status waiting in the database'

# m: a note, typed at the prompt.
ui_keys m
ui_see 'Note \(C-e' 'm asks for the note'
ui_type 'Called the user, will retry'
ui_keys Enter
ui_see 'note added' 'the note is confirmed in the status line'
is "$(sql "SELECT body || '|' || author_id FROM ticket_notes WHERE ticket_id = 8")" \
    "Called the user, will retry|$ME" 'the note is in the database, by me'
ui_keys Enter
ui_see 'Called the user, will retry' 'the note shows in the detail'
ui_keys q

# T: log 30 minutes through the form.
ui_keys T
ui_see 'Log time' 'T opens the log-time form'
ui_type 30
ui_keys C-s
ui_see 'logged 30 min' 'the form logs the time'
is "$(sql "SELECT minutes || ' ' || billable || ' ' || work_date FROM time_entries WHERE ticket_id = 8")" \
    '30 1 2026-01-15' 'a 30-minute billable entry for today'

# A bad value in the form: a message in the form, nothing written.
ui_keys T
ui_see 'Log time' 'the form opens again'
ui_type abc
ui_keys C-s
ui_see "bad minutes 'abc'" 'a validation message shows in the form'
ui_keys Escape
is "$(sql 'SELECT count(*) FROM time_entries')" 1 'nothing logged by the bad form'

# t: start, then stop the timer.
ui_keys t
ui_see 'timer started' 't starts the timer'
ui_see 'timer #8 [0-9]+:[0-9]{2}:[0-9]{2}' 'the timer shows in the status line'
ui_see 'timer #8 0:00:0[1-9]' 'and ticks'
is "$(sql 'SELECT count(*) FROM time_entries WHERE minutes IS NULL AND ticket_id = 8')" 1 \
    'a running timer in the database'
ui_keys t
ui_see 'Timer on #8 ran [0-9]+ s' 't on a timer of seconds asks'
ui_keys l Enter
ui_see 'timer stopped: 1 min logged on #8' 'l Enter logs the minute'
ui_not_see 'timer #8' 'the timer leaves the status line'
is "$(sql 'SELECT count(*) || sum(minutes) FROM time_entries WHERE ticket_id = 8')" 231 \
    'two entries: 30 and 1 minutes'

# r: resolve with a note.
ui_keys r
ui_see 'Resolve; note' 'r asks for an optional note'
ui_type 'Fixed the driver'
ui_keys Enter
ui_see 'Resolution note seen by' 'a typed note asks who sees it'
ui_keys Enter
ui_see 'resolved \(internal note\)' 'resolved in the status line'
is "$(sql 'SELECT status || (resolved_at IS NOT NULL) FROM tickets WHERE id = 8')" resolved1 \
    'resolved in the database with resolved_at'
is "$(sql "SELECT count(*) FROM ticket_notes WHERE ticket_id = 8 AND body = 'Fixed the driver'")" 1 \
    'the resolve note is in the database'
ui_not_see 'Scanner driver' 'the resolved ticket leaves the open queue'
# The idle UI runs due jobs in small batches: twelve balance jobs
# planted while it runs all go (in batches of five, between keystrokes).
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) INSERT INTO jobs(name, payload, available_at, created_at) SELECT 'update_client_balance', '{\"client_id\":2}', 0, 0 FROM n"
ok $([ "$(sql 'SELECT count(*) FROM jobs')" -ge 12 ]; echo $?) 'twelve due jobs planted'
# (Only due jobs: an SLA check waits in the queue for its ticket's due time.)
n=0
while [ "$(sql "SELECT count(*) FROM jobs WHERE name <> 'check_sla'")" != 0 ] && [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
is "$(sql "SELECT count(*) FROM jobs WHERE name <> 'check_sla'")" 0 'the UI ran the due jobs while idle'

# Bulk: mark three tickets with Space (9, 7, 6 from the top), assign
# them to omar through the picker (o jumps to him).
ui_keys g Space Space Space
ui_see '3 marked' 'three rows marked'
ui_keys a
ui_see '\(nobody\)' 'the user picker opens'
ui_keys o Enter
ui_see 'assigned to omar: 3 tickets' 'bulk assignment confirmed'
is "$(sql "SELECT group_concat(id) FROM (SELECT id FROM tickets WHERE assigned_to = 3 ORDER BY id)")" \
    4,6,7,9 'the three marked tickets are now omar'"'"'s in the database'
ui_see '^! +9 crit open +Cobalt Labs +Server disk 90% full +omar' \
    'the new assignee shows on screen'
ui_not_see 'marked' 'the marks are cleared after the bulk action'

# Priority picker and -.
ui_keys g p
ui_see 'critical' 'the priority picker opens'
ui_keys l Enter
ui_see '^ +[0-9]+ low ' 'p sets the priority on screen'
ui_type -
ui_see 'ticket [0-9]+ is alread' 'lowering past low is refused with a message'

ui_keys q
ui_wait_exit || ui_screen | sed 's/^/# |/'
is "$UI_RC" 0 'q on a top pane quits with status 0'
done_testing
