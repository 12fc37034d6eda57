#!/bin/sh
# ui_timerquit.sh - a timer that ran seconds says so, not "0 min", when t
# on another ticket asks; and q with a timer running says, once the UI
# has closed, that it still runs and how to log it (a cold try of the
# demo: "The timer runs on #390 (0 min)", and q quit saying nothing).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
# A timer on #8 that has run 25 seconds by the UI's clock.
TERMPSA_NOW=2026-01-15T09:59:35Z tp time start 8 >/dev/null
ui_start
ui_see 'timer #8' 'the status line shows the timer'
ui_keys G
ui_sel_is 'Printer jams' 'another ticket (#1) selected'
ui_keys t
ui_see 'The timer runs on #8 \(2[0-9] s\)\. Stop it and start one here\?' \
    't on another ticket: the seconds it ran, not 0 min'
ui_keys n
ui_see 'timer still running on #8' 'n keeps it'
ui_keys q
ui_wait_exit
is "$UI_RC" 0 'q quits at once'
ui_see "termpsa: timer still running on #8 \\(0:0[0-9]:[0-9][0-9]\\); 'termpsa time stop' logs it" \
    'and says on the terminal that the timer still runs'
is "$(sql 'SELECT count(*) FROM time_entries WHERE minutes IS NULL')" 1 \
    '... which it does'

# Without a timer, nothing is said.
tp time stop >/dev/null 2>&1
ui_start
ui_see 'Ticket queue' 'again, no timer'
ui_keys q
ui_wait_exit
is "$UI_RC" 0 'quits'
ui_not_see 'timer still running' 'nothing said about a timer'
done_testing
