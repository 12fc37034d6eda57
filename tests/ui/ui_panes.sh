#!/bin/sh
# ui_panes.sh - every pane opens with its rows, Enter opens a detail and
# q goes back; a resize keeps the selection; NO_COLOR gives a usable mono
# screen; SIGTERM restores the terminal and exits 0.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more

ui_start
ui_see 'Ticket queue \[open\] by updated' 'termpsa with no command opens the queue'
rows=$(ui_screen | grep -Ec '^[ !^*] +[0-9]+ (crit|high|norm|low) ')
is "$rows" 9 'the queue shows the nine open tickets'
ui_keys Enter
ui_see '^Ticket #9  \[critical\] open' 'Enter opens the ticket detail'
ui_keys q
ui_see '^! +9 crit' 'q goes back to the list'

ui_keys 1
ui_see 'Client hub \[all\]' '1 opens the client hub'
ui_see 'Acme Dental +Acme Dental LLC +active +3 ' 'the hub lists clients with open counts'
ui_keys Enter
ui_see '^Client 1: Acme Dental \[active\]' 'Enter opens the dashboard'
ui_see 'Tickets: 3 open' 'the dashboard counts open tickets'
ui_see '^  open +█+ 3$' 'a bar chart of open tickets by status'
ui_keys G
ui_see 'Recent activity' 'the recent activity section (G scrolls to the end)'
ui_see 'INV-000001' 'recent activity lists the invoice'
ui_keys 2
ui_see 'Ticket queue \(Acme Dental\)' 'from a dashboard, 2 shows the client'"'"'s tickets'
is "$(ui_screen | sed 1d | grep -Ec 'Acme Dental')" 3 'only Acme tickets (the title names the client)'
ui_keys q
ui_see 'Ticket queue \[open\]' 'q returns to every client'"'"'s tickets'

ui_keys 3
ui_see 'Assets \[all\]' '3 opens the assets pane'
ui_see '^! Front desk PC +Acme Dental +Workstati.? +SN-100 +deployed +2025-06-01' \
    'an expired warranty stands out with !'
ui_see '^~ Core switch' 'an expiring warranty stands out with ~'
ui_see '^  Backup NAS' 'a good warranty has no marker'
ui_keys Enter
ui_see '^Asset 3: Backup NAS' 'Enter opens the asset detail (sorted by name)'
ui_keys q

ui_keys 4
ui_see 'Invoices \[all\]' '4 opens the invoices pane'
ui_see '^  31-60 +█+ +500.00  \(1\)' 'the aging chart puts 500.00 in 31-60'
ui_see '^  current +█+ +125.50  \(1\)' 'and 125.50 in current'
ui_see '^! INV-000001 Acme Dental +sent +2025-12-01 +500.00 +500.00' \
    'an overdue invoice stands out'
ui_keys G Enter
ui_see '^Invoice INV-000001 \[sent\]  ! OVERDUE' 'G goes to the last; Enter opens it'
ui_keys q

ui_keys I
ui_see 'Notifications' 'I opens the notifications'
ui_see '^\+ .*InvoicePaid +Invoice INV-000009 paid' 'an unread notification is marked'
ui_see '1 unread' 'the status line counts unread notifications'
ui_keys Enter
ui_see 'Notification 1' 'Enter shows it'
is "$(sql 'SELECT read_at IS NOT NULL FROM notifications')" 1 'and marks it read'
ui_keys q q
ui_see 'Invoices \[all\]' 'q leaves the notifications for the pane before'
ui_keys Tab
ui_see 'Client hub' 'Tab cycles to the next pane'
ui_keys BTab
ui_see 'Invoices' 'S-Tab back'
ui_keys Q
ui_wait_exit
is "$UI_RC" 0 'Q quits with 0'

# Resize from 120x40 to 80x24 keeps the selection.
ui_start 120 40
ui_see 'Ticket queue' 'starts at 120x40'
ui_keys j j j j
ui_sel_is 'Backup failed' 'j j j j selects the fifth row'
ui_resize 80 24
# the column header ends at the right edge: its length is the width
ui_wait_gone '^  # .{100}'
ok $? 'the screen is laid out at 80 columns'
ui_sel_is 'Backup failed' 'the selection survives the resize to 80x24'
ui_resize 120 40
ui_wait_for '^  # .{100}'
ok $? 'the screen is laid out at 120 columns again'
ui_sel_is 'Backup failed' 'and the selection is still there'

# SIGTERM: restore the terminal, exit 0.
kill -TERM "$(ui_pid)"
ui_wait_exit
is "$UI_RC" 0 'SIGTERM exits 0'
is "$(tail -c 300 "$UI_RAW" | grep -c "$(printf '\033')\[?1049l")" 1 \
    'the terminal is restored (alternate screen left) on exit'

# NO_COLOR: mono theme, no colour sequences; the selection in reverse.
export NO_COLOR=1
ui_start
unset NO_COLOR
ui_see 'Ticket queue' 'starts with NO_COLOR'
raw=$(cat "$UI_RAW")
unlike "$raw" "$(printf '\033')\[(3|4)[0-7](;|m)" 'no colour sequences with NO_COLOR'
like "$(ui_tmux capture-pane -t t -p -e | grep 'Server disk')" "$(printf '\033')\[([0-9]*;)*7m" \
    'the selected row is in reverse video'
ui_quit
is "$UI_RC" 0 'quits'

# --no-color does the same; C-c (SIGINT) restores the terminal, exit 0.
ui_start 80 24 --no-color
ui_see 'Ticket queue' 'starts with --no-color'
unlike "$(cat "$UI_RAW")" "$(printf '\033')\[(3|4)[0-7](;|m)" \
    'no colour sequences with --no-color'
ui_keys C-c
ui_wait_exit
is "$UI_RC" 0 'C-c exits 0'
is "$(tail -c 300 "$UI_RAW" | grep -c "$(printf '\033')\[?1049l")" 1 \
    'and restores the terminal'

# The terminal vanishes under the UI with no SIGHUP for it (run.sh, the
# session leader, traps HUP, as some wrappers do): the UI notices the dead
# terminal and exits instead of spinning on it.  Once in the queue, once
# with a picker open.
for keys in "" a; do
	ui_start
	[ -n "$keys" ] && ui_keys "$keys"
	sleep 0.3
	pid=$(ui_pid)
	ui_tmux kill-server
	n=0
	while kill -0 "$pid" 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.05; n=$((n + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		ok 1 "terminal gone (keys '$keys'): the UI exits"
		kill -KILL "$pid"
	else
		ok 0 "terminal gone (keys '$keys'): the UI exits"
	fi
done

# Not a terminal: a clear message, 64.
run tp </dev/null
is "$RC" 64 'without a terminal: exit 64'
like "$ERR" 'needs a terminal' 'with a message'
done_testing
