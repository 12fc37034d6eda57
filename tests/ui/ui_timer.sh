#!/bin/sh
# ui_timer.sh - t on another ticket while a timer runs asks before it
# stops that timer (issue 12, found by a cold try of the demo): the one
# key used to stop #8's timer, log its time and start nothing, while the
# command line refuses `time start` with a timer running.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
# A timer on #8 that has run ten minutes by the UI's clock.
TERMPSA_NOW=2026-01-15T09:50:00Z tp time start 8 >/dev/null
running() {
	sql "SELECT ticket_id FROM time_entries WHERE minutes IS NULL"
}
is "$(running)" 8 'a timer runs on #8'

ui_start
ui_see 'timer #8' 'the status line shows it'
ui_keys G
ui_sel_is 'Printer jams' 'another ticket (#1) selected'
ui_keys t
ui_see 'The timer runs on #8 \(10 min\)\. Stop it and start one here\?' \
    't on another ticket asks first'
ui_keys n
ui_see 'timer still running on #8' 'n keeps it'
is "$(running)" 8 '... on #8'
is "$(sql 'SELECT count(*) FROM time_entries WHERE minutes IS NOT NULL')" 0 \
    '... and logs nothing'
ui_keys t
ui_see 'Stop it and start one here' 'asked again'
ui_keys y
ui_see 'timer started' 'y stops it and starts one here'
is "$(running)" 1 'the timer now runs on #1'
m=$(sql 'SELECT minutes FROM time_entries WHERE ticket_id = 8')
ok "$([ "${m:-0}" -ge 10 ] && [ "$m" -le 11 ]; echo $?)" "#8's ten minutes are logged ($m)"
ui_keys t
ui_see 'Timer on #1 ran [0-9]+ s' 't on the timer ticket itself stops it (it asks for seconds)'
ui_keys Escape
ui_quit
is "$UI_RC" 0 'quits'
done_testing
