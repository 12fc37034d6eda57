#!/bin/sh
# readme.sh - the README's one-minute walk works as written, with the ids
# and amounts it promises (the demo is deterministic).
. "$top_srcdir/tests/lib.sh"

run tp demo
is "$RC" 0 "demo"
run tp client show 1 --json
is "$(jget "$OUT" client.id)" 1 "demo, then client show 1 --json prints a dashboard"
run tp ticket list --assignee none --limit 10
is "$RC" 0 "the unassigned queue"
run tp client add "Acme Dental" --rate 125.00
is "$OUT" "client 26 (welcome ticket 401)" "client add: client 26"
run tp ticket add 26 "Printer offline in reception" --priority high
is "$OUT" "ticket 402" "ticket add: ticket 402"
run tp ticket assign 402 me
is "$RC" 0 "ticket assign 402 me"
run tp time log 402 90
is "$RC" 0 "time log 402 90"
run tp ticket resolve 402 --note "Replaced the fuser"
is "$RC" 0 "ticket resolve"
run tp invoice bill-tickets 26 402
is "$OUT" "invoice 81" "bill-tickets: invoice 81"
run tp --json invoice show 81
is "$(jget "$OUT" total_cents)" 18750 "1.50 h at 125.00 = 187.50"
run tp invoice send 81
is "$RC" 0 "invoice send 81"
run tp invoice pay 81 --amount 100.00
is "$RC" 0 "invoice pay 81 --amount 100.00"
run tp client show 26
like "$OUT" '^Balance 87\.50' "the dashboard: balance 87.50"
run tp client show 26 --json
is "$(jget "$OUT" financial.balance_cents)" 8750 "the same, for scripts"

# The README's way to the manual works from the source tree, before any
# install (`man termpsa` does not).
cmd=$(grep -o 'man -l man/termpsa\.1' "$top_srcdir/README.md" | head -1)
is "$cmd" "man -l man/termpsa.1" "the README says how to read the manual uninstalled"
if command -v man >/dev/null 2>&1; then
	out=$(cd "$top_srcdir" && MANPAGER=cat MANWIDTH=80 $cmd 2>/dev/null)
	like "$out" "^NAME" "... and that command shows termpsa(1)"
fi
like "$(grep -n 'man -l' "$top_srcdir/contrib/quickstart")" 'man/termpsa\.1' \
    "contrib/quickstart run prints how to read the manual"

done_testing
