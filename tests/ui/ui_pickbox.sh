#!/bin/sh
# ui_pickbox.sh - the type-ahead picker (the new ticket form's client)
# draws its whole box, as the payment-method picker does (issue 12 #19's
# checks are in ui_friction.sh): on opening, three times in a row, with
# keys typed ahead of the screen, and across a resize; at 80x24 and
# 120x40, with and without NO_COLOR.  Both pickers draw by one rule
# (widgets.c box_open/box_show); these checks fail if the box is ever
# left painted over by the form under it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic

# typed_ok QUERY: the Client box is whole: its top edge with the title,
# the bottom edge, the query line, and both sides on every line between.
typed_ok() {
	sc=$(ui_screen)
	top=$(printf '%s\n' "$sc" | grep -n '┌─Client─*┐' | cut -d: -f1)
	bot=$(printf '%s\n' "$sc" | grep -n '└─*┘' | cut -d: -f1)
	[ -n "$top" ] && [ -n "$bot" ] && [ "$bot" -gt $((top + 2)) ] || return 1
	printf '%s\n' "$sc" | grep -Fq "│> $1 " || return 1
	inner=$(printf '%s\n' "$sc" | sed -n "$((top + 1)),$((bot - 1))p" |
	    grep -c '│.*│')
	[ "$inner" -eq $((bot - top - 1)) ]
}
typed_see() {
	limit=$(( $(ui_ms) + UI_TIMEOUT * 1000 ))
	while ! typed_ok "$1"; do
		if [ "$(ui_ms)" -ge "$limit" ]; then
			ok 1 "$2"
			ui_screen | sed 's/^/#   |/'
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
		ui_start $size
		ui_keys c
		ui_see 'New ticket' "$what: c opens the ticket form"
		ui_keys BSpace
		ui_see 'Client\* +\(none: type to pick\)' "$what: no client yet"
		for i in 1 2 3; do
			ui_type a
			typed_see a "$what: the client picker draws its box ($i)"
			ui_keys Escape
			ui_not_see '┌─Client' "$what: Esc closes it ($i)"
		done
		# keys typed ahead of the screen, in one write
		ui_keys a c m e Down Up Down
		typed_see acme "$what: with keys typed ahead, the box is there"
		ui_see 'Acme Dental \(Acme Dental LLC\) #1' \
		    "$what: and it lists what the query matches"
		ui_resize 100 30
		typed_see acme "$what: a resize with the picker open redraws it"
		ui_resize $size
		typed_see acme "$what: and back"
		ui_keys Escape Escape
		ui_quit
	done
done
unset NO_COLOR

done_testing
