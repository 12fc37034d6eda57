#!/bin/sh
# ui_idlefresh.sh - when the idle job run changes data, the view on the
# screen is read again, its selection kept (a cold try of the demo: a
# schedule's ticket was made by the idle run, but the asset's detail said
# "Maintenance (0)" until a key was pressed).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
ui_start
ui_keys 3
ui_see 'Assets \[all\]' 'the assets pane'
ui_keys j
ui_sel_is 'Core switch' 'the second asset selected'
ui_keys Enter
ui_see 'Asset 2: Core switch' 'its detail'
ui_see 'Maintenance \(0\)' 'no maintenance yet'
ui_keys R
ui_see 'Recurring maintenance' 'R: the schedule form'
ui_type '1m'
ui_keys Tab
ui_type '2026-01-20'
ui_keys Tab C-u
ui_type '7d'
ui_keys C-s
ui_see 'schedule 1 added' 'a schedule whose ticket is due at once'
# No key from here on: the idle run makes the ticket and the detail shows it.
ui_see 'Maintenance \(1\)' 'the detail shows the ticket made, with no key pressed'
ui_see 'Asset 2: Core switch' '... still the same asset'
ui_keys q
ui_see 'Assets \[all\]' 'back to the list'
ui_sel_is 'Core switch' '... the selection where it was'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
