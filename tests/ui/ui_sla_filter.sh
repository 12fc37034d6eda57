#!/bin/sh
# ui_sla_filter.sh - the queue's f with the sla: terms and its o with the
# SLA sort (issue 14), through the real binary in tmux, on a weekend's
# tickets: sla:breached, sla:<2h -sla:breached, the same terms under a
# `/` search (whose rows the background reader fetches on its own
# connection), the sort by SLA and backwards; and Tab completing a
# client's name (quoted, once for the two clients that share it) and a
# user's for assignee:.  Default calendar Mon-Fri 08:00-18:00 UTC;
# 2026-01-16 is a Friday.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

at() { TERMPSA_NOW=$1; export TERMPSA_NOW; }
newticket() { tp ticket add "$1" "$2" --priority "$3" | sed 's/^ticket //'; }

at 2026-01-16T15:00:00Z
tp init >/dev/null
tp client add Acme >/dev/null                  # ticket 1: welcome, normal
tp client add "Beacon Hotel" >/dev/null        # 2
tp client add "Beacon Hotel" >/dev/null        # 3: two of that name
tp client add "Birch Legal" >/dev/null         # 4
tp user add "Dana Reyes" >/dev/null
tp user add dave >/dev/null
crit=$(newticket 1 "Server down" critical)     # 5: due Fri 16:00
at 2026-01-16T16:30:00Z
high=$(newticket 2 "Mail slow" high)           # 6: due Mon 10:30
low=$(newticket 3 "New laptop" low)            # 7: due Wed 16:30
tp ticket assign "$high" "Dana Reyes" >/dev/null
is "$crit $high $low" "5 6 7" "the tickets"

at 2026-01-19T08:31:00Z
# filter TEXT: f, "type a filter...", TEXT, Enter.
filter() {
	ui_keys f
	ui_wait_for 'type a filter' >/dev/null
	ui_keys End Enter
	ui_wait_for 'Filter \(Tab completes\)' >/dev/null
	ui_keys C-u
	ui_type "$1"
	ui_keys Enter
}

ui_start 100 30
ui_see 'Ticket queue \[open\]' 'the queue starts'
filter 'sla:breached'
ui_see 'Ticket queue \[sla:breached\]' 'sla:breached in the title'
ui_see '^! +5 .*Server down.* -2d *$' '... the breached ticket, -2d'
ui_not_see 'Mail slow' '... not the one still inside its target'
filter 'sla:<2h -sla:breached'
ui_see 'Ticket queue \[sla:<2h -sla:breached\]' 'a time to breach, negated breach'
ui_see '^\^ +6 .*Mail slow.* 1h *$' '... Mail slow breaches within 2h'
ui_not_see 'Server down' '... the breached one is left out'
ui_not_see 'New laptop' '... and the one due Wednesday'

# The same terms under a search: its rows come from the background
# reader's own connection, which has the SLA functions too.
filter 'sla:<2h'
ui_see 'Ticket queue \[sla:<2h\]' 'sla:<2h'
ui_keys /
ui_type 'serv'
ui_see 'Ticket queue \[sla:<2h, any status\].*/serv' 'a search on top'
ui_see '^! +5 .*Server down.* -2d *$' '... read beside the UI: the breached match with its SLA cell'
ui_not_see 'Mail slow' '... the other words are gone'
ui_keys BSpace BSpace BSpace BSpace
ui_type 'mail'
ui_see '^\^ +6 .*Mail slow.* 1h *$' '... another word: the match inside 2h'
ui_not_see 'Server down' '... alone'
ui_keys Escape
ui_wait_gone '/mail' >/dev/null

# o: by SLA, soonest breach first, and backwards.
filter ''
ui_see 'Ticket queue \[open\]' 'no filter: open work'
ui_keys o
ui_see 'sla reversed' 'o lists the SLA sort and its reverse'
ui_keys s Enter
ui_see 'Ticket queue \[open\] by sla' 'sorted by SLA'
first_row() { ui_screen | grep -E '^[!^ ] +[0-9]+ ' | head -1; }
like "$(first_row)" 'Server down' '... the breached ticket first'
ui_keys o
ui_wait_for 'sla reversed' >/dev/null
ui_keys s Enter
ui_see 'by sla reversed' 'and backwards'
like "$(first_row)" 'New laptop' '... the latest due first'

# Tab completes a client's name (quoted) and a user's.
ui_keys f
ui_wait_for 'type a filter' >/dev/null
ui_keys End Enter
ui_wait_for 'Filter \(Tab completes\)' >/dev/null
ui_keys C-u
ui_type 'client:bea'
ui_keys Tab
# (tmux drops the blank a whole term gets at the end of the line.)
ui_see 'Filter \(Tab completes\): client:"Beacon Hotel"$' \
    'Tab completes a client name, quoted, once for the two Beacon Hotels'
ui_type 'client:B'
ui_keys Tab
ui_see 'client:"Beacon Hotel"  client:"Birch Legal"' '... several names are shown'
ui_see 'Filter \(Tab completes\): client:"Beacon Hotel" client:"B$' \
    '... and their common start, the quote, taken'
ui_keys C-w
ui_type 'assignee:'
ui_keys Tab
ui_see 'assignee:me  assignee:none  assignee:"Dana Reyes"  assignee:dave  assignee:tech' \
    'assignee: offers me, none and the users'
ui_type 'Da'
ui_keys Tab
ui_see 'assignee:"Dana Reyes"  assignee:dave' 'Da: both users are shown'
ui_see 'Filter \(Tab completes\): client:"Beacon Hotel" assignee:Da$' \
    '... and the line keeps what was typed (their common start is shorter)'
ui_type 'n'
ui_keys Tab
ui_see 'Filter \(Tab completes\): client:"Beacon Hotel" assignee:"Dana Reyes"$' \
    'Tab completes a user name with a blank'
ui_keys Enter
ui_see 'Ticket queue \[client:"Beacon Hotel" assignee:"Dana Reyes"\]' 'the completed filter applies'
ui_see 'Mail slow' '... Dana Reyes'"'"'s ticket at Beacon Hotel'
ui_not_see 'Server down' '... nothing else'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
