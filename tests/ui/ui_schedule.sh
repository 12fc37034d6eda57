#!/bin/sh
# ui_schedule.sh - recurring maintenance in the assets pane, through the
# real binary in tmux:
#  - `?` lists R (schedule) among the pane's keys;
#  - R on an asset without schedules opens the add form at once; a bad
#    interval is refused and focuses Every, a bad lead focuses Lead, and
#    nothing is written;
#  - a good form adds the schedule, which the asset's detail lists, and the
#    UI's idle job run makes its ticket;
#  - R again picks between adding and removing; removing asks, and the
#    detail no longer lists it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
ui_start
ui_see 'Ticket queue' 'starts'
ui_keys 3
ui_see 'Assets \[all\]' 'the assets pane'

ui_keys '?'
ui_see 'R +schedule +recurring maintenance' '? lists R for recurring maintenance'
ui_keys q
ui_see 'Assets \[all\]' 'back from the help'

# The list is by name: Backup NAS first.
ui_keys R
ui_see 'Recurring maintenance' 'R opens the add form when the asset has no schedule'
ui_type '3x'
ui_keys Tab Tab
ui_sel_is '^[ >]Lead' 'the focus moved on to Lead'
ui_keys C-s
ui_see "bad every '3x'" 'a bad interval is refused in the form'
ui_sel_is '^[ >]Every.* 3x' 'the Every field is focused'
ui_keys C-u
ui_type '1m'
ui_keys Tab Tab C-u
ui_type '2m'
ui_keys Up Up
ui_keys C-s
ui_see "bad lead '2m'" 'a lead in months is refused'
ui_sel_is '^[ >]Lead.* 2m' 'the Lead field is focused'
is "$(sql 'SELECT count(*) FROM maintenance_schedules')" 0 'nothing written'
ui_keys C-u
ui_type '7d'
ui_keys Up
ui_type '2026-01-20'
ui_keys C-s
ui_see 'schedule 1 added: next 2026-01-20, its ticket mad' \
    'the schedule is added, and the status line says when'
is "$(sql "SELECT asset_id || ' ' || every_n || every_unit || ' ' || lead_days ||
	' ' || make_on FROM maintenance_schedules")" '3 1m 7 2026-01-13' \
    'for the selected asset, every month, its ticket made 7 days ahead'

ui_keys Enter
ui_see 'Asset 3: Backup NAS' 'the detail opens'
ui_see 'Schedules \(1\)' 'it has a schedules section'
ui_see '#1 every 1m, 7 days ahead' 'listing the schedule'
# The UI runs due jobs while idle: the first ticket is made (the detail
# shows it when read again).
limit=$(( $(date +%s) + UI_TIMEOUT ))
while [ "$(sql "SELECT count(*) FROM tickets WHERE category = 'maintenance'")" != 1 ] &&
    [ "$(date +%s)" -lt "$limit" ]; do
	sleep 0.1
done
is "$(sql "SELECT count(*) FROM tickets WHERE category = 'maintenance'")" 1 \
    'the idle job run made one maintenance ticket'
ui_keys q
ui_see 'Assets \[all\]' 'back to the list'
ui_keys Enter
ui_see '2026-01-20 +preventive +ticket #1[0-9]' 'the detail lists the ticket made'
ui_see '#1 every 1m, 7 days ahead: next 2026-02-20' 'and the next occurrence'

ui_keys R
ui_see 'Add a schedule' 'R again offers to add'
ui_see 'Remove #1: every 1m' 'or to remove the schedule'
ui_keys j Enter
ui_see 'Remove schedule 1\? Its tickets stay\. \[y/N\]$' 'removing asks first, [y/N] said once'
ui_keys y
ui_see 'schedule 1 removed' 'removed'
ui_see 'Schedules \(0\)' 'the detail no longer lists it'
is "$(sql 'SELECT count(*) FROM maintenance_schedules')" 0 'gone from the database'
is "$(sql "SELECT count(*) FROM tickets WHERE category = 'maintenance'")" 1 \
    'its ticket stays'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
