#!/bin/sh
# ui_keepsel.sh - a list keeps its selection on the same record (by id)
# when it is read again, also while out of sight (a cold try of the
# demo: with INV-000078 selected, billing a client from the queue made a
# new invoice, and `4` showed INV-000079 selected: the row position).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

export TERMPSA_DB="$TMPD/demo.db"
tp demo >/dev/null
ui_start
ui_keys 4
ui_see 'Invoices \[all\]' 'the invoices'
ui_keys j j
ui_sel_is 'INV-000078' 'INV-000078 selected'
ui_keys 2
ui_see 'Ticket queue' 'the queue'
ui_keys '#'
ui_type 382
ui_keys Enter
ui_see 'Ticket #382' '#382 opens'
ui_keys b
ui_see '\[y/N\]' 'b asks'
ui_keys y
ui_see 'invoice INV-000081 created' 'y bills: a new invoice, first in the list'
ui_keys 4
ui_see 'INV-000081' 'the invoices list it'
ui_sel_is 'INV-000078' '... and INV-000078 is still the one selected'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
