#!/bin/sh
# tests/cli/pipe_whole.sh - text output cuts a long cell to fit columns
# only on a terminal: piped or in a file (as every test captures it),
# invoice show, bill-tickets --dry-run, ticket list and time list print
# every cell whole.  On a terminal (script(1), when there is one) the
# long cell is still cut with an ellipsis.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

long='Outlook crashing on conference room display when sharing the calendar'
acme=$(fx_client Acme 12000)
t1=$(fx_ticket "$acme" "$long")
fx_time "$t1" 60 1 me 2026-01-14 >/dev/null
tp time log "$t1" 30 --note "a note long enough to be cut on a terminal: $long" >/dev/null

run tp invoice bill-tickets "$acme" "$t1" --dry-run
is "$RC" 0 "dry run"
like "$OUT" "Support: $long +1:30 h" "bill-tickets --dry-run piped: the description whole"
unlike "$OUT" '…|~$' "dry run: nothing cut"

run tp --json invoice bill-tickets "$acme" "$t1"
eval "$(jvars "$OUT" inv=id)"
run tp invoice show "$inv"
like "$OUT" "Support: $long +1:30 h" "invoice show piped: the line whole"
unlike "$OUT" '…' "invoice show: nothing cut"

run tp ticket list --status open
like "$OUT" "$long" "ticket list piped: the subject whole"
run tp time list
like "$OUT" "a note long enough to be cut on a terminal: $long\$" "time list piped: the note whole"
tp invoice show "$inv" >"$TMPD/out.txt"
like "$(cat "$TMPD/out.txt")" "Support: $long +1:30 h" "into a file: whole"

if command -v script >/dev/null 2>&1 &&
    script -qec true /dev/null >/dev/null 2>&1; then
	OUT=$(LC_ALL=C.UTF-8 script -qec "\"$TERMPSA\" invoice show $inv" /dev/null </dev/null | tr -d '\r')
	like "$OUT" 'Support: Outlook crashing on conference room d.*…' \
	    "on a terminal the long line is cut to fit"
	unlike "$OUT" "$long" "on a terminal: not whole"
else
	ok 0 "# SKIP script(1) cannot make a terminal here"
	ok 0 "# SKIP script(1) cannot make a terminal here"
fi
done_testing
