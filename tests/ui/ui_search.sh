#!/bin/sh
# ui_search.sh - `/` narrows the queue as characters are typed (FTS5
# through ticket_list), Esc restores it, n / N jump between matches; a
# `bind` line in config.yaml rebinds a key, shows in `?`, and a bad one is
# an error with file:line:col.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
count_rows() { ui_screen | grep -Ec '^[ !^*] +[0-9]+ (crit|high|norm|low) '; }
# rows_become N NAME: the queue comes to show N rows (a search's rows are
# read beside the UI and arrive a moment after the character).
rows_become() {
	limit=$(( $(date +%s) + UI_TIMEOUT ))
	while [ "$(count_rows)" != "$1" ] && [ "$(date +%s)" -lt "$limit" ]; do
		sleep 0.05
	done
	is "$(count_rows)" "$1" "$2"
}

ui_start
ui_see 'Ticket queue' 'starts'
is "$(count_rows)" 9 'nine open tickets'
ui_keys j j
ui_sel_is 'Monitor flickers' 'j j selects the third row'

ui_keys /
ui_see '^/' 'the search line opens'
ui_type b
ui_see '/b$' 'typed b'
ui_wait_for 'Ticket queue.*/b' >/dev/null
rows_become 2 'b narrows to the two subjects with a b-word'
ui_type a
ui_wait_for 'Ticket queue.*/ba' >/dev/null
rows_become 1 'ba narrows to one'
ui_see 'Backup failed last night' 'the match'
ui_type z
ui_see 'no rows match the search' 'baz matches nothing, and says so'
ui_keys BSpace BSpace
ui_wait_for 'Ticket queue.*/b( |$)' >/dev/null
rows_become 2 'Backspace widens it again'
ui_keys Escape
ui_not_see 'Ticket queue.*/b' 'Esc leaves the search'
is "$(count_rows)" 9 'Esc restores the whole queue'
ui_sel_is 'Monitor flickers' 'and the selection'

# Enter keeps the filter; Esc clears it and keeps the term for n / N.
ui_keys /
ui_type b
ui_keys Enter
ui_wait_for 'Ticket queue.*/b' >/dev/null
rows_become 2 'Enter keeps the filter'
ui_keys Escape
ui_not_see 'Ticket queue.*/b' 'Esc clears it'
is "$(count_rows)" 9 'the whole queue again'
ui_sel_is 'Backup failed' 'the selection stays on the match'
ui_keys n
ui_sel_is 'Email bounces' 'n jumps to the next match'
ui_keys N
ui_sel_is 'Backup failed' 'N jumps back (N is previous-match while a term is set)'
ui_keys Escape N
ui_see 'no search yet' 'after Esc forgets the term, N says there is no search (it is not notifications)'
ui_not_see 'Notifications' 'and N does not open the notifications'
ui_keys I
ui_see 'Notifications' 'I opens the notifications'
ui_quit

# A search's rows are read beside the UI: with every such read slowed to
# 6 s, the typed characters show at once with "searching...", the rows on
# screen stay until the read lands, and Esc does not wait for it.
TERMPSA_TEST_SLOW_READ=6000
export TERMPSA_TEST_SLOW_READ
ui_start
ui_see 'Ticket queue' 'slow reads: starts'
ui_keys /
ui_type ba
if ui_wait_for '/ba +searching[.][.][.]' 3; then
	ok 0 'slow reads: the characters show at once, with searching...'
else
	ok 1 'slow reads: the characters show at once, with searching...'
	ui_screen | sed 's/^/#   |/'
fi
is "$(count_rows)" 9 'slow reads: the rows on screen stay while the read runs'
rows_become 1 'slow reads: then the matching rows land'
ui_not_see 'searching[.]' 'slow reads: and searching... goes'
ui_type z
ui_see '/baz +searching[.][.][.]' 'slow reads: another character, another read'
ui_keys Escape
if ui_wait_gone '/baz' 3 && [ "$(count_rows)" = 9 ]; then
	ok 0 'slow reads: Esc restores the queue at once, not after the read'
else
	ok 1 'slow reads: Esc restores the queue at once, not after the read'
	ui_screen | sed 's/^/#   |/'
fi
# A result made stale by a later character lands while the later read
# still runs: the UI wakes for it once, then sleeps (it used to spin,
# redrawing its prompt, until the later read was done).
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ui_keys /
ui_type q
sleep 0.3
ui_type w
sleep 6.3                       # q's result has landed; qw's read runs
pid=$(ui_pid)
t0=$(ticks "$pid")
sleep 2
t1=$(ticks "$pid")
ok "$([ $((t1 - t0)) -lt 30 ]; echo $?)" \
    "slow reads: idle while the newer read runs ($((t1 - t0)) ticks of CPU in 2 s)"
rows_become 0 'slow reads: then the newer read lands'
ui_keys Escape
ui_quit
unset TERMPSA_TEST_SLOW_READ

# Rebinding: x resolves in the queue, F5 redraws everywhere.
mkdir -p "$TMPD/cfg"
cat >"$TMPD/cfg/config.yaml" <<'YAML'
ui:
  theme: light
  bind:
    - "queue x resolve"
    - "global F5 redraw"
YAML
export TERMPSA_CONFIG="$TMPD/cfg/config.yaml"
ui_start
ui_see 'Ticket queue' 'starts with the config'
ui_keys x
ui_see 'Resolve; note' 'x now resolves in the queue'
ui_keys Enter
ui_see 'resolved' 'resolved'
is "$(sql 'SELECT status FROM tickets WHERE id = 9')" resolved 'x resolved ticket 9'
ui_keys '?'
ui_see 'Help: Ticket queue' 'the help screen, titled by the view'
ui_see '^  r, x +resolve +resolve' '? lists x next to r for resolve'
ui_keys G
ui_see '^  (C-l, F5|F5, C-l) +redraw' 'and F5 for redraw (G: the end of the help)'
ui_keys q
ui_quit
is "$UI_RC" 0 'quits'

# A binding to an unknown action: file:line:col and exit 65, no UI.
cat >"$TMPD/cfg/config.yaml" <<'YAML'
ui:
  bind:
    - "queue x resolve"
    - "queue y frobnicate"
YAML
run tp
is "$RC" 65 'an unknown action is a bad config (65)'
like "$ERR" 'config.yaml:4:[0-9]+: unknown action .frobnicate.' 'with file:line:col'
cat >"$TMPD/cfg/config.yaml" <<'YAML'
ui:
  bind:
    - "queue Hyper-x resolve"
YAML
run tp
is "$RC" 65 'an unknown key name is a bad config'
like "$ERR" 'config.yaml:3:[0-9]+: unknown key .Hyper-x.' 'with file:line:col'
cat >"$TMPD/cfg/config.yaml" <<'YAML'
ui:
  bind:
    - "queue x reslove"
YAML
run tp
like "$ERR" "did you mean 'resolve'" 'a misspelt action gets a suggestion'
done_testing
