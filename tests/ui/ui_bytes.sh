#!/bin/sh
# ui_bytes.sh - minimal redraws (quality.md): at 80x24, moving down one
# row or scrolling the list by one row sends a few hundred bytes, not a
# screen, and an idle screen sends nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

tp init >/dev/null
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
INSERT INTO clients(id, name, created_at, updated_at) VALUES (1, 'Acme', 1, 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO tickets(number, client_id, subject, created_at, updated_at)
SELECT i, 1, 'Ticket subject number ' || i, 1768400000, 1768400000 + i FROM n;
SQL

size() { stat -c %s "$UI_RAW"; }
# settle: wait until the output stops growing for half a second
settle() {
	prev=-1
	while [ "$(size)" != "$prev" ]; do
		prev=$(size)
		sleep 0.5
	done
}

ui_start
ui_see 'Ticket queue' 'starts'
settle
full=$(size)
ok $([ "$full" -gt 1000 ]; echo $?) "a full frame is large ($full bytes)"

s0=$(size)
ui_keys j
ui_sel_is '^ +299 ' 'j moves down'
settle
moved=$(( $(size) - s0 ))
ok $([ "$moved" -lt 300 ]; echo $?) "moving down one row sent $moved bytes (< 300)"

ui_keys C-d C-d
ui_sel_is '^ +279 ' 'C-d C-d: to the bottom of the window'
settle
s0=$(size)
ui_keys j
ui_sel_is '^ +278 ' 'j scrolls by one row'
settle
scrolled=$(( $(size) - s0 ))
ok $([ "$scrolled" -lt 300 ]; echo $?) "scrolling one row sent $scrolled bytes (< 300)"

s0=$(size)
sleep 2.5
is "$(( $(size) - s0 ))" 0 'an idle screen sends nothing'

# A search character: the prompt and the list go out in one refresh, so
# the status line that the prompt covers is not painted in between.
status=$(ui_screen | tail -n 1 | sed 's/^ *//; s/ *$//')
ui_keys /
ui_see '^/' 'the search prompt'
settle
s0=$(size)
ui_type n
ui_see '^/n' 'a search character echoes'
settle
sent=$(tail -c +$((s0 + 1)) "$UI_RAW")
ok "$([ -n "$status" ] && case "$sent" in *"$status"*) false ;; esac; echo $?)" \
    "a search character does not repaint the status line ('$status')"
ui_keys Escape
ui_quit
done_testing
