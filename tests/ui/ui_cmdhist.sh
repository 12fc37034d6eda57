#!/bin/sh
# ui_cmdhist.sh - the `:` line remembers what was entered (Up/Down, C-p
# and C-n, back to the line being typed) and completes command words
# with Tab from the CLI's command table (issue 12 #23).  At 80x24 and
# 120x40, with and without NO_COLOR.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic

# input: the ':' line at the bottom of the screen.
input() { ui_screen | tail -n 1; }
input_is() {
	limit=$(( $(ui_ms) + UI_TIMEOUT * 1000 ))
	while [ "$(input | sed 's/ *$//')" != "$1" ]; do
		if [ "$(ui_ms)" -ge "$limit" ]; then
			ok 1 "$2"
			printf '#   input line: [%s]\n#   want:       [%s]\n' "$(input)" "$1"
			return
		fi
		sleep 0.05
	done
	ok 0 "$2"
}

for nc in "" 1; do
	if [ -n "$nc" ]; then export NO_COLOR=1; else unset NO_COLOR; fi
	for size in "80 24" "120 40"; do
		what="${size% *}x${size#* }${nc:+ NO_COLOR}"
		"$SQLITE3_SHELL" -batch "$TERMPSA_DB" \
		    "UPDATE tickets SET assigned_to = NULL WHERE id IN (3, 4)"
		ui_start $size
		ui_keys :
		input_is ':' "$what: : opens the command line"
		ui_type 'tick'
		ui_keys Tab
		input_is ':ticket' "$what: Tab completes the first word"
		ui_type 'as'
		ui_keys Tab
		input_is ':ticket assign' "$what: and the second"
		ui_type '3 me'
		ui_keys Enter
		ui_see 'assigned' "$what: the completed command runs"
		is "$(sql 'SELECT assigned_to IS NOT NULL FROM tickets WHERE id = 3')" 1 \
		    "$what: ticket 3 is assigned"
		ui_keys :
		ui_type 'ticket a'
		ui_keys Tab
		ui_see '^add  assign' "$what: a second word shared by two commands: Tab lists them"
		input_is ':ticket a' "$what: and leaves the line as it was"
		ui_type 'd'
		ui_keys Tab
		input_is ':ticket add' "$what: one more letter decides"
		ui_keys C-u
		ui_type 'zzz'
		ui_keys Tab
		ui_see 'no command goes on from here' "$what: nothing to complete says so"
		ui_keys Escape
		ui_not_see '^:' "$what: Esc leaves the line"
		ui_keys :
		ui_type 'ticket assign 4 me'
		ui_keys Enter
		ui_wait_for 'assigned' >/dev/null
		ui_keys :
		ui_type 'draft'
		ui_keys Up
		input_is ':ticket assign 4 me' "$what: Up: the newest command"
		ui_keys Up
		input_is ':ticket assign 3 me' "$what: Up again: the one before"
		ui_keys Up
		ui_see '\(the oldest command\)' "$what: Up at the oldest says so"
		input_is ':ticket assign 3 me' "$what: and stays"
		ui_keys Down
		input_is ':ticket assign 4 me' "$what: Down goes forward"
		ui_keys C-n
		input_is ':draft' "$what: and back to the line being typed"
		ui_keys C-p
		input_is ':ticket assign 4 me' "$what: C-p is Up"
		ui_keys Escape
		ui_quit
	done
done

done_testing
