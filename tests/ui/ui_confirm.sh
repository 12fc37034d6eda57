#!/bin/sh
# ui_confirm.sh - every w_confirm question shows its whole text and
# [y/N] at 80x24 (a cold try of the demo: the bill question was cut at
# the edge, [y/N] out of sight and the ticket billed behind "+1 more").
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

export TERMPSA_DB="$TMPD/demo.db"
tp demo >/dev/null
ui_start
ui_keys '#'
ui_type 382
ui_keys Enter
ui_see 'Ticket #382' '#382 opens'
ui_keys b
ui_see '\[y/N\]' 'b: the question ends in [y/N] on the screen'
ui_see '#382 [0-9]+m' '... and names the ticket on screen, not "+1 more"'
ui_see '\(2 tickets, [0-9]+ min\)\?' '... and the count, whole'
ui_keys n
ui_see 'not billed' 'n: not billed'
ui_not_see '\[y/N\]' '... and the question gone'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
