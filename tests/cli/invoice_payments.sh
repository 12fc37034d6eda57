#!/bin/sh
# tests/cli/invoice_payments.sh - invoice show lists the invoice's
# payments (received date, method, reference, amount, status), oldest
# first, in text and under "payments" with --json; an invoice without
# any says so.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

export TERMPSA_NOW=2026-01-15T10:00:00Z
acme=$(fx_client Acme 12000)
t1=$(fx_ticket "$acme" "Printer jam")
fx_time "$t1" 120 >/dev/null
run tp --json invoice bill-tickets "$acme" "$t1"
eval "$(jvars "$OUT" inv=id)"
run tp invoice send "$inv"

run tp invoice show "$inv"
like "$OUT" '^payments: none$' "no payments yet: said so"

run tp invoice pay "$inv" --amount 100.00 --method check --reference CHK-1001
export TERMPSA_NOW=2026-01-20T09:00:00Z
run tp invoice pay "$inv" --amount 40.00 --method card
# A failed payment is shown too, with its status (it pays nothing).
wsql "INSERT INTO payments(client_id, invoice_id, amount_cents, method,
	reference, status, received_at, created_at, updated_at) VALUES
	($acme, $inv, 5000, 'transfer', 'TX-9', 'failed', 1768900000, 1, 1);"

run tp invoice show "$inv"
is "$RC" 0 "invoice show"
like "$OUT" '^payments:$' "a payments section"
like "$OUT" '^RECEIVED_AT +METHOD +REFERENCE +AMOUNT +STATUS$' "its columns"
like "$OUT" '^2026-01-15 10:00 +check +CHK-1001 +100\.00 +completed$' \
    "the check, with its reference"
like "$OUT" '^2026-01-20 09:00 +card +- +40\.00 +completed$' "the card payment"
like "$OUT" '^2026-01-20 09:06 +transfer +TX-9 +50\.00 +failed$' \
    "the failed one, with its status"
is "$(printf '%s\n' "$OUT" | sed -n '/^payments:/,$p' | grep -E '^2026' | cut -c1-16 | tr '\n' ' ')" \
    "2026-01-15 10:00 2026-01-20 09:00 2026-01-20 09:06 " "oldest first"
like "$OUT" '^paid +140\.00$' "paid counts the completed ones"

run tp --json invoice show "$inv"
is "$(jget "$OUT" payments.0.method)/$(jget "$OUT" payments.0.reference)/$(jget "$OUT" payments.0.amount_cents)/$(jget "$OUT" payments.0.status)" \
    "check/CHK-1001/10000/completed" "--json: the first payment"
is "$(jget "$OUT" payments.0.received_at)" "2026-01-15T10:00:00Z" "--json: received_at"
is "$(jget "$OUT" payments.1.reference)" "" "--json: no reference is null"
is "$(jget "$OUT" payments.2.status)" failed "--json: the failed one"
is "$(printf '%s' "$OUT" | "$PYTHON3" -c 'import json, sys
print(len(json.load(sys.stdin)["payments"]))')" 3 "--json: three payments"
is "$(jget "$OUT" items.0.total_cents)" 24000 "--json: the items still there"
done_testing
