#!/bin/sh
# ui_scope.sh - a pane scoped to a client names the client in its title
# (not "client 7"), cut to fit; and # opening another client's ticket
# leaves the client's queue, so the title stays true (a cold try of the
# demo: `2` from a dashboard, then # 400 opened Maple Law's ticket under
# "Ticket queue (client 7)").
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

export TERMPSA_DB="$TMPD/demo.db"
tp demo >/dev/null
long=$(tp client add 'Northern Lights Veterinary Partners of the Greater Lakes') ||
    echo "# client add failed"
ui_start
ui_keys 1
ui_see 'Client hub' 'the hub'
ui_keys /
ui_type 'Oakridge Travel'
ui_keys Enter
ui_sel_is 'Oakridge Travel' 'Oakridge Travel selected'
ui_keys Enter
ui_see 'Oakridge Travel' 'its dashboard'
ui_keys 3
ui_see 'Assets \(Oakridge Travel\)' 'its assets name the client too'
ui_keys 1
ui_see 'Client 7: Oakridge Travel' 'back on the dashboard'
ui_keys 2
ui_see 'Ticket queue \(Oakridge Travel\)' 'its queue names the client, not its id'
ui_not_see 'client 7' '... no id in the title'
ui_keys '#'
ui_type 400
ui_keys Enter
ui_see 'Ticket #400' "#400 (Maple Law's) opens"
ui_see 'Client +Maple Law' '... a ticket of another client'
ui_not_see 'Oakridge' '... and the title no longer says Oakridge Travel'
ui_keys q
ui_see 'Ticket queue \[open\]' 'q: the unscoped queue, #400 in it'
ui_sel_is '^. +400 ' '... #400 selected'
ui_keys '#'
ui_type 382
ui_keys Enter
ui_see 'Ticket #382' 'an Oakridge ticket from the unscoped queue'
ui_quit
is "$UI_RC" 0 'quits'

# A long name is cut to fit, the rest of the title kept.
ui_start
ui_keys 1
ui_keys /
ui_type Northern
ui_keys Enter
ui_sel_is 'Northern Lights' 'the long-named client'
ui_keys Enter
ui_keys 2
ui_see 'Ticket queue \(Northern Lights…\) \[open\]' \
    'its name is cut in the title, the filter still shown'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
