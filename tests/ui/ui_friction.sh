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
ui_see 'sync is off: nothing is sent, so nothing fails; see termpsa.yaml\(5\)\)' \
    'Y: the empty list says why it is empty, whole at 80 columns'
ui_not_see '\(no rows\)' 'Y: not a bare "(no rows)"'
n=$(ui_screen | sed -n "$(($(ui_tmux display-message -t t -p '#{pane_height}') - 1))p" |
    grep -o 'Enter open' | wc -l)
is "$n" 1 'Y: the hint line names "Enter open" once'
ui_quit

# --- #17: a detail re-wrapped when the terminal shrinks ---------------------
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
INSERT INTO tickets(id, number, client_id, subject, body, priority, status, created_at, updated_at) VALUES
 (11, 11, 1, 'Zebra printer offline', 'The zebra label printer in the shipping room drops off the network every morning at nine; power cycling it brings it back for an hour or so, then it goes again. Firmware is two years old. ENDOFBODY', 'normal', 'open', 1768400000, 1768401100);
SQL
for nc in "" 1; do
	if [ -n "$nc" ]; then export NO_COLOR=1; else unset NO_COLOR; fi
	ui_start 120 40
	ui_keys /
	ui_type zebra
	ui_keys Enter
	ui_sel_is 'Zebra printer' "#17${nc:+ NO_COLOR}: the search finds the ticket"
	ui_keys Enter
	ui_see '^Ticket #11' "#17${nc:+ NO_COLOR}: its detail opens at 120x40"
	ui_see 'ENDOFBODY' "#17${nc:+ NO_COLOR}: the body shows whole"
	ui_resize 80 24
	ui_see 'ENDOFBODY' "#17${nc:+ NO_COLOR}: after shrinking to 80x24 the body still ends on screen"
	is "$(ui_screen | sed -n '2,22p' | grep -c '…')" 0 \
	    "#17${nc:+ NO_COLOR}: and no line of the detail is cut short"
	ui_resize 120 40
	ui_see '^  The zebra label printer in the shipping room drops off the network every morning at nine; power' \
	    "#17${nc:+ NO_COLOR}: growing again wraps to the wider width"
	ui_quit
done
unset NO_COLOR

# --- #18: columns use the width ----------------------------------------------
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
INSERT INTO users(id, name, created_at, updated_at) VALUES (4, 'alexandra.k', 1768471200, 1768471200);
INSERT INTO clients(id, name, created_at, updated_at) VALUES (4, 'Northwind Veterinary', 1768000000, 1768000000);
INSERT INTO tickets(id, number, client_id, subject, priority, status, assigned_to, created_at, updated_at) VALUES
 (12, 12, 4, 'Kennel camera down', 'normal', 'open', 4, 1768400000, 1768402000);
SQL
# col TITLE: the column where TITLE starts in the queue's header line.
col() {
	ui_screen | grep -m1 '^ *# *Pri' | awk -v t="$1" '{ print index($0, t) }'
}
ui_start
ui_see '^ +# +Pri +Status' '#18: the queue at 80x24'
is "$(( $(col Subject) - $(col Client) ))" 15 '#18: 80 columns: Client is 14 wide as before'
is "$(( $(col Age) - $(col Assignee) ))" 9 '#18: 80 columns: Assignee is 8 wide as before'
ui_see 'Northwind Vet…' '#18: 80 columns: a long client name is cut'
ui_resize 120 40
ui_see 'Northwind Veterinary ' '#18: 120 columns: the client name shows whole'
ui_see 'alexandra.k' '#18: 120 columns: the assignee shows whole'
is "$(( $(col Subject) - $(col Client) ))" 27 '#18: 120 columns: Client grows to 26'
is "$(( $(col Age) - $(col Assignee) ))" 16 '#18: 120 columns: Assignee grows to 15'
ui_aligned 'Northwind Veterinary' 'Acme Dental' 'Birch Legal'
ui_resize 80 24
ui_see 'Northwind Vet…' '#18: back at 80 columns: the name is cut again'
is "$(( $(col Subject) - $(col Client) ))" 15 '#18: back at 80 columns: as before'
ui_quit

# --- #16: a form shows its focus; Up and Down stop at the ends ----------------
# shown TEXT: "marked" when TEXT, where it first shows, is drawn reversed
# or on a background colour; else "plain".
shown() {
	ui_tmux capture-pane -t t -p -e | "$PYTHON3" -c '
import re, sys
t = sys.argv[1]
for line in sys.stdin:
    i = line.find(t)
    if i < 0:
        continue
    on = set()
    for m in re.finditer(r"\x1b\[([0-9;]*)m", line[:i]):
        for p in (m.group(1) or "0").split(";"):
            p = int(p or 0)
            if p == 0:
                on.clear()
            elif p in (27,):
                on.discard(7)
            elif p == 49:
                on = set(x for x in on if not (40 <= x <= 47 or 100 <= x <= 107))
            else:
                on.add(p)
    print("marked" if 7 in on or any(40 <= x <= 47 or 100 <= x <= 107 for x in on) else "plain")
    break
' "$1"
}
for nc in "" 1; do
	if [ -n "$nc" ]; then export NO_COLOR=1; else unset NO_COLOR; fi
	for size in "80 24" "120 40"; do
		what="#16 ${size% *}x${size#* }${nc:+ NO_COLOR}"
		ui_start $size
		ui_keys 1
		ui_see 'Client hub' "$what: hub"
		ui_keys c
		ui_see '^>Name\*' "$what: the first field is marked >"
		is "$(shown 'Name*')" marked "$what: its label is reversed"
		is "$(shown 'Company')" plain "$what: the others are not"
		ui_keys Up
		ui_see '\(the first field\)' "$what: Up on the first field says so"
		ui_see '^>Name\*' "$what: and stays there"
		ui_keys Down
		ui_see '^>Company' "$what: Down moves the mark"
		ui_not_see '\(the first field\)' "$what: the note goes at the next key"
		is "$(shown 'Company')" marked "$what: Company is reversed now"
		is "$(shown 'Name*')" plain "$what: Name no longer"
		ui_keys Down Down Down Down
		ui_see '^>Net terms' "$what: the last field"
		ui_keys Down
		ui_see '\(the last field: Enter or C-s submits\)' "$what: Down on the last says so"
		ui_see '^>Net terms' "$what: and stays there"
		ui_keys Tab
		ui_see '\(Tab went round to the first field\)' "$what: Tab goes round, saying so"
		ui_see '^>Name\*' "$what: to the first field"
		ui_keys BTab
		ui_see '^>Net terms' "$what: S-Tab goes round back to the last"
		ui_keys Escape
		ui_see 'Client hub' "$what: Esc leaves the form"
		ui_quit
	done
done
unset NO_COLOR

# --- #13: messages show whole and are kept ----------------------------------
# bottom N: the last N lines of the screen joined into one, each line's
# padding trimmed (a message wrapped over them reads as one).
bottom() {
	ui_screen | tail -n "$1" | sed 's/^ *//; s/ *$//' | tr '\n' ' '
}
for nc in "" 1; do
	if [ -n "$nc" ]; then export NO_COLOR=1; else unset NO_COLOR; fi
	for size in "80 24" "120 40"; do
		what="#13 ${size% *}x${size#* }${nc:+ NO_COLOR}"
		ui_start $size
		ui_keys S
		ui_see 'no sync configured \(a sync: section in the config file\)$' \
		    "$what: a refusal longer than the room left shows whole"
		ui_keys j
		ui_not_see 'no sync configured' "$what: and goes at the next key"
		ui_keys :
		ui_type 'client add'
		ui_keys Enter
		ui_wait_for 'net-terms' >/dev/null
		like "$(bottom 2)" 'termpsa: client add: missing arguments; usage: termpsa client add NAME \[--company C\] \[--rate 125.00\] \[--email E\] \[--phone P\] \[--net-terms DAYS\]' \
		    "$what: a message longer than the line wraps over two and shows whole"
		ui_keys j
		ui_see '^Enter open' "$what: the hints come back at the next key"
		ui_keys :
		ui_type 'ticket add'
		ui_keys Enter
		ui_wait_for 'missing arguments' >/dev/null
		ui_keys j
		ui_keys L
		ui_see '^Messages, newest first \(3\)' "$what: L opens the messages"
		ui_see '^  10:00:00 ! termpsa: ticket add: missing arguments' "$what: newest first, marked as an error"
		ui_see 'source S\]$' "$what: a message cut on the status line reads whole here"
		ui_see '^  10:00:00 ! no sync configured \(a sync: section in the config file\)$' \
		    "$what: the earlier refusal is kept"
		ui_keys q
		ui_see 'Ticket queue' "$what: q leaves the messages"
		ui_keys ? G
		ui_see 'L +messages +the status line' "$what: ? lists the messages key"
		ui_keys q
		ui_quit
	done
done
unset NO_COLOR

# --- #19: the payment-method picker always draws its box --------------------
# box_ok: the picker's frame is whole: its top edge with the title, the
# bottom edge, and a side on every choice.  The title names the payment it
# is a step of (the amount prompt under it is gone after a resize: a cold
# try of the demo found the status line back to " technician | sync off").
box_ok() {
	sc=$(ui_screen)
	printf '%s\n' "$sc" | grep -Eq '┌─Method for 125\.50 on INV-000002─+┐' &&
	    printf '%s\n' "$sc" | grep -Eq '└─+┘' &&
	    [ "$(printf '%s\n' "$sc" | grep -Ec '│(cash|check|card|transfer|other) *│')" -ge 4 ]
}
box_see() {
	limit=$(( $(ui_ms) + UI_TIMEOUT * 1000 ))
	while ! box_ok; do
		if [ "$(ui_ms)" -ge "$limit" ]; then
			ok 1 "$1"
			ui_screen | sed 's/^/#   |/'
			return
		fi
		sleep 0.05
	done
	ok 0 "$1"
}
for nc in "" 1; do
	if [ -n "$nc" ]; then export NO_COLOR=1; else unset NO_COLOR; fi
	for size in "80 24" "120 40"; do
		what="#19 ${size% *}x${size#* }${nc:+ NO_COLOR}"
		ui_start $size
		ui_keys 4
		ui_see 'INV-000002' "$what: invoices"
		ui_keys /
		ui_type 'INV-000002'
		ui_keys Enter Enter
		ui_see '^Invoice INV-000002' "$what: the invoice's detail"
		for i in 1 2 3; do
			ui_keys P
			ui_see 'Payment on INV-000002' "$what: P asks for the amount ($i)"
			ui_keys Enter
			box_see "$what: the method picker draws its box ($i)"
			ui_keys Escape
			ui_not_see 'Method' "$what: Esc closes it ($i)"
		done
		# keys typed ahead of the screen, as over a slow line
		ui_keys P Enter j k j
		box_see "$what: with keys typed ahead, the box is there"
		ui_resize 100 30
		box_see "$what: a resize with the picker open redraws the box"
		ui_resize $size
		box_see "$what: and back"
		ui_keys Escape
		ui_quit
	done
done
unset NO_COLOR

done_testing
