#!/bin/sh
# tests/cli/bill_skipped.sh - invoice bill-tickets names each ticket it
# skips for having no billable uninvoiced time (stderr, one line each),
# in a dry run and a real run alike, and bills the others; only nothing
# billable at all is refused (exit 1, nothing written).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

acme=$(fx_client Acme 12000)
t1=$(fx_ticket "$acme" "Billable one")
t2=$(fx_ticket "$acme" "No time at all")
t3=$(fx_ticket "$acme" "Only non-billable")
t4=$(fx_ticket "$acme" "Billable two")
fx_time "$t1" 60 >/dev/null
fx_time "$t3" 30 0 >/dev/null
fx_time "$t4" 30 >/dev/null

run tp invoice bill-tickets "$acme" "$t1" "$t2" "$t3" "$t4" --dry-run
is "$RC" 0 "dry run: exit 0"
like "$ERR" "^termpsa: skipped ticket $t2: no billable uninvoiced time\$" "dry run names the ticket without time"
like "$ERR" "^termpsa: skipped ticket $t3: no billable uninvoiced time\$" "and the one with only non-billable time"
is "$(printf '%s\n' "$ERR" | grep -c skipped)" 2 "dry run: two skipped, no more"
like "$OUT" '^line_count +2$' "dry run: two lines"

run tp invoice bill-tickets "$acme" "$t1" "$t2" "$t3" "$t4" "$t2"
is "$RC" 0 "bill: exit 0"
is "$(printf '%s\n' "$ERR" | grep -c "skipped ticket $t2")" 1 "a ticket named twice is named once"
like "$ERR" "skipped ticket $t3: no billable uninvoiced time" "the real run names them too"
is "$(sql 'SELECT count(*) FROM invoice_items')" 2 "two lines billed"

# Now nothing is billable: refused, as the man page says.
refused 1 "nothing to bill" "nothing billable: dry run refused" \
    invoice bill-tickets "$acme" "$t1" "$t2" --dry-run
refused 1 "nothing to bill" "nothing billable: bill refused" \
    invoice bill-tickets "$acme" "$t1" "$t2"
unlike "$ERR" 'skipped' "a refusal names no skipped ticket"
done_testing
