#!/bin/sh
# ui_due.sh - the queue's Due column (uifix): a ticket's due date as a
# short date ("Jan 13" this year, "Jan'27" another), blank when it has
# none; an optional column that gives way first at narrow widths (after
# it the SLA column), so that at 80 columns the subject keeps its width.
# The clock is TERMPSA_NOW, 2026-01-15.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
# #3 is due 2026-01-13 (ui_db_basic); #5 on 2027-01-15.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" "UPDATE tickets SET due_at = 1800000000 WHERE id = 5"

ui_start 130 24
ui_see 'Ticket queue' 'starts at 130 columns'
ui_see '^  +#  .* Age +SLA +Due *$' 'the header ends with SLA and Due'
ui_see '^! +3 .*VPN drops every hour.* Jan 13 *$' '#3 is due Jan 13 (this year)'
ui_see "^[!^] +5 .*Backup failed last night.* Jan'27 *\$" "#5 is due Jan'27 (another year)"
ui_see '^! +9 .*Server disk 90% full.* [0-9a-z-]+ *$' '#9, due never: Due is blank, SLA last'
ui_aligned 'Jan 13' "Jan'27"
ui_quit
is "$UI_RC" 0 'quits cleanly'

# At 100 columns Due gives way and SLA stays.
ui_start 100 24
ui_see '^  +#  .* Age +SLA *$' 'at 100 columns the header ends with SLA'
ui_not_see ' Due *$' 'no Due column'
ui_quit

# At 80 both give way: the subject keeps its 24 columns.
ui_start 80 24
ui_see '^  +#  .*Age *$' 'at 80 columns the header ends with Age'
ui_see ' Server disk 90% full +- ' 'the subject keeps its width'
# #3 is overdue: its Age is still its age (it used to read "late").
ui_see '^! +3 .*VPN drops every hour.* [0-9]+[a-z]+ *$' "overdue #3's Age is an age"
ui_not_see ' late *$' 'no row reads "late" for its age'
ui_quit
done_testing
