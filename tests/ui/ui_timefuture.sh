#!/bin/sh
# ui_timefuture.sh - the T form refuses work dated after today (the
# service's rule, TERMPSA_NOW's local date): the message names the work
# date, the Date field is focused, nothing is logged and so nothing can be
# billed; today's date is taken.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

export TERMPSA_NOW=2026-12-02T10:00:00Z
ui_db_basic
ui_start
ui_see 'Ticket queue' 'starts'
ui_keys T
ui_see 'Log time' 'T opens the log-time form'
ui_type 45
ui_keys Down C-u
ui_type '2026-12-31'
ui_keys C-s
ui_see "work date '2026-12-31' is after today \(2026-12-02\)" \
    'a date after today is refused in the form, naming the work date'
ui_sel_is '^[ >]Date +2026-12-31' 'the Date field is focused'
is "$(sql 'SELECT count(*) FROM time_entries')" 0 'nothing logged'
ui_keys C-u
ui_type '2026-12-02'
ui_keys C-s
ui_see 'logged 45 min' 'today is taken'
is "$(sql 'SELECT minutes || " " || work_date FROM time_entries')" \
    '45 2026-12-02' 'logged for today'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
