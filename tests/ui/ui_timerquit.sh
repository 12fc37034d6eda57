#!/bin/sh
# ui_timerquit.sh - a timer that ran seconds says so, not "0 min", when t
# on another ticket asks (a cold try of the demo: "The timer runs on #390
# (0 min)").
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
ui_quit
is "$UI_RC" 0 'quits'
done_testing
