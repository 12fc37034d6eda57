#!/bin/sh
# ui_escfilter.sh - Esc clears an f filter back to the pane's default, one
# layer per Esc after the search (a cold try of the demo: Esc left
# "Ticket queue [pri:high+]" in force although termpsa(1) says Esc undoes
# the filter); ? says so.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

export TERMPSA_DB="$TMPD/demo.db"
tp demo >/dev/null
ui_start
ui_see 'Ticket queue \[open\]' 'the queue, open'
ui_keys f
ui_see 'type a filter' 'f: the filter picker'
ui_keys End Enter
ui_see 'Filter \(Tab completes\)' 'type a filter...'
ui_type 'pri:high+'
ui_keys Enter
ui_see 'Ticket queue \[pri:high\+\]' 'a typed filter in the title'
ui_keys /
ui_type outlook
ui_see 'Ticket queue \[pri:high\+, any status\] by newe' \
    'a search over the filter'
ui_keys Enter
ui_keys Escape
ui_see 'Ticket queue \[pri:high\+\] by updated' 'Esc: the search goes first, the filter stays'
ui_not_see 'any status' '... the search gone'
ui_keys Escape
ui_see 'Ticket queue \[open\] by updated' 'Esc again: the filter goes, back to [open]'
ui_see 'filter cleared' '... and the status line says so'
ui_keys '?'
ui_see 'Help: Ticket queue' '? opens the help'
ui_keys G
ui_see 'Esc +clear +undo one: search, filter' '? says Esc undoes the filter'
ui_keys q
ui_keys f
ui_see 'type a filter' 'f again'
ui_keys o Enter
ui_see 'Ticket queue \[overdue\]' 'a preset (overdue)'
ui_keys Escape
ui_see 'Ticket queue \[open\]' 'Esc: back to the default preset'
ui_keys 4
ui_see 'Invoices \[all\]' 'the invoices, all'
ui_keys f
ui_see 'overdue' 'their presets'
ui_keys o Enter
ui_see 'Invoices \[overdue\]' 'the overdue ones'
ui_keys Escape
ui_see 'Invoices \[all\]' 'Esc clears it in every pane'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
