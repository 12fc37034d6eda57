#!/bin/sh
# ui_sla.sh - the queue's SLA column and breach marker through the real
# binary in tmux (issue 14): the column shows each ticket's time to breach
# ("3h"), a negative time once breached ("-2d"), "wait" while its clocks
# are stopped; a breached row is marked "!" even at normal priority; and
# `?` lists the marker in the queue's legend.  The clock is TERMPSA_NOW:
# Thursday 2026-01-15 10:00 UTC, default calendar Mon-Fri 08:00-18:00.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

tp init >/dev/null
tp client add Acme >/dev/null
TERMPSA_NOW=2026-01-12T09:00:00Z tp ticket add 1 "Breached normal" --priority normal >/dev/null
TERMPSA_NOW=2026-01-15T09:00:00Z tp ticket add 1 "Fresh high" --priority high >/dev/null
TERMPSA_NOW=2026-01-15T09:00:00Z tp ticket add 1 "Parked low" --priority low >/dev/null
TERMPSA_NOW=2026-01-15T09:30:00Z tp ticket status 4 waiting >/dev/null

ui_start 100 24
ui_see 'Ticket queue' 'starts'
ui_see ' SLA' 'the queue has an SLA column'
ui_see '^! +2 .*Breached normal.* -2d *$' 'a breached normal ticket is marked ! and shows -2d'
ui_see '^\^ +3 .*Fresh high.* 3h *$' 'a high ticket shows 3h to its response target'
ui_see '^  +4 .*Parked low.* wait *$' 'a waiting ticket shows its clocks stopped'
ui_keys '?'
ui_see '^Help: Ticket queue' 'the help opens'
screen=$(ui_screen; ui_keys G; ui_wait_for 'Rebind in' >/dev/null; ui_screen)
like "$screen" '  ! critical, overdue, or past an SLA target' 'the legend lists the breach marker'
ui_keys q
ui_quit
is "$UI_RC" 0 "quits cleanly"

# At 80 columns the SLA column gives way and the subject keeps its width.
ui_start 80 24
ui_see '^  +#  .*Age *$' 'at 80 columns the header ends with Age'
ui_see '^! +2 .*Breached normal .*19h|^! +2 .*Breached normal' 'the breached row is still marked'
ui_quit

done_testing
