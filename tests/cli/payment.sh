#!/bin/sh
# payment.sh - invoice pay (domain.md scenario 5, immediate consistency)
# and payment add on account (scenario 6, eventual consistency).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

run tp init
is "$RC" 0 "init"

acme=$(fx_client Acme 12500)
beta=$(fx_client Beta NULL)
t_jam=$(fx_ticket "$acme" "Printer jam")
fx_time "$t_jam" 90 >/dev/null
run tp --json invoice bill-tickets "$acme" "$t_jam"
eval "$(jvars "$OUT" inv=id total=total_cents)"
is "$total" 18750 "fixture: invoice of 187.50"

bal() { sql "SELECT balance_cents FROM clients WHERE id = $1"; }

# --- a draft cannot be paid ------------------------------------------------------
DIGEST=$(db_digest)
run tp invoice pay "$inv" --amount 100
refused_unchanged 1 "invoice $inv is a draft" "pay_draft_refused"

run tp invoice send "$inv"
is "$RC" 0 "send"
is "$(bal "$acme")" 18750 "balance 187.50 once sent"

# --- bad input and refusals change nothing -------------------------------------
DIGEST=$(db_digest)
run tp invoice pay "$inv" --amount 187.51
refused_unchanged 1 "payment of 187.51 is more than the 187.50 outstanding" \
    "pay_more_than_outstanding_refused"
run tp invoice pay "$inv" --amount 0
refused_unchanged 65 "bad amount 0.00" "pay_zero_refused"
for a in 12.345 1e3 -5 "" abc 1,000 "12." ; do
	run tp invoice pay "$inv" --amount "$a"
	refused_unchanged 65 "--amount: (bad|empty) amount" "pay_bad_amount '$a'"
done
run tp invoice pay "$inv" --method bitcoin
refused_unchanged 65 "bad method 'bitcoin': expected one of cash, check, card, transfer" \
    "pay_bad_method"
run tp invoice pay 999 --amount 1
refused_unchanged 1 "invoice 999 not found" "pay_unknown_invoice"
run tp invoice pay x --amount 1
refused_unchanged 65 "bad invoice id 'x'" "pay_bad_invoice_id"
run tp invoice pay
refused_unchanged 64 "missing arguments" "pay_needs_an_id"
run tp invoice pay "$inv" --amount
refused_unchanged 64 "--amount needs a value" "pay_amount_needs_value"

# --- scenario 5: a partial payment, then the rest --------------------------------
run tp --json invoice pay "$inv" --amount 100.00 --method card --reference CHK-1
is "$RC" 0 "pay_partial: exit 0"
eval "$(jvars "$OUT" pay1=id amt=amount_cents iid=invoice_id m=method ref=reference)"
is "$amt/$iid/$m/$ref" \
    "10000/$inv/card/CHK-1" "pay --json: the payment"
is "$(sql "SELECT status FROM invoices WHERE id = $inv")" partial \
    "pay_partial_leaves_invoice_partial"
is "$(bal "$acme")" 8750 "pay_partial_updates_balance_in_the_same_transaction"
is "$(sql "SELECT status || ' ' || amount_cents || ' ' || received_at FROM payments
    WHERE id = $pay1")" "completed 10000 1768471200" "completed payment recorded now"
is "$(sql "SELECT payload FROM events WHERE name = 'PaymentReceived' AND
    entity = 'payment' AND entity_id = $pay1 AND client_id = $acme")" \
    "{\"invoice_id\":$inv}" "PaymentReceived names the invoice"
is "$(sql "SELECT count(*) FROM events WHERE name = 'InvoicePaid'")" 0 \
    "no InvoicePaid while partial"
run tp --json invoice show "$inv"
eval "$(jvars "$OUT" paid=paid_cents out=outstanding_cents)"
is "$paid/$out" "10000/8750" \
    "show: paid and outstanding"

DIGEST=$(db_digest)
run tp invoice cancel "$inv"
refused_unchanged 1 "invoice $inv has payments" "cancel_with_payments_refused"
run tp invoice pay "$inv" --amount 87.51
refused_unchanged 1 "more than the 87.50 outstanding" "pay_rest_plus_a_cent_refused"

run tp invoice pay "$inv"
is "$RC" 0 "pay_rest: exit 0"
like "$OUT" "^payment [0-9]+$" "pay prints the payment id"
pay2=${OUT#payment }
is "$(sql "SELECT amount_cents FROM payments WHERE id = $pay2")" 8750 \
    "pay without --amount pays all outstanding"
is "$(sql "SELECT status FROM invoices WHERE id = $inv")" paid "pay_rest_makes_invoice_paid"
is "$(bal "$acme")" 0 "balance 0 once paid"
is "$(sql "SELECT payload FROM events WHERE name = 'InvoicePaid' AND
    entity = 'invoice' AND entity_id = $inv AND client_id = $acme")" \
    '{"status":"paid"}' "InvoicePaid emitted"
is "$(sql "SELECT group_concat(name) FROM (SELECT name FROM jobs WHERE
    json_extract(payload, '$.event') = 'InvoicePaid' ORDER BY name)")" \
    "generate_reports,send_notifications" "InvoicePaid queues notification and report jobs"
is "$(sql "SELECT count(*) FROM jobs WHERE name = 'update_client_balance' AND
    available_at = 1768471205")" 2 "each PaymentReceived queues the balance job at +5 s"

DIGEST=$(db_digest)
run tp invoice pay "$inv" --amount 1
refused_unchanged 1 "invoice $inv is paid: it cannot be paid" "pay_paid_invoice_refused"
run tp invoice cancel "$inv"
refused_unchanged 1 "invoice $inv has payments" "cancel_paid_refused"

run tp jobs run
is "$RC" 0 "jobs run"
is "$(sql "SELECT message FROM notifications WHERE kind = 'InvoicePaid'")" \
    "Invoice INV-000001 paid by Acme" "notification written for InvoicePaid"

# --- a cancelled invoice cannot be paid ----------------------------------------
t_vpn=$(fx_ticket "$acme" "VPN")
fx_time "$t_vpn" 30 >/dev/null
run tp invoice bill-tickets "$acme" "$t_vpn"
inv2=${OUT#invoice }
run tp invoice send "$inv2"
run tp invoice cancel "$inv2"
is "$RC" 0 "a sent invoice without payments can be cancelled"
is "$(bal "$acme")" 0 "cancel takes it out of the balance"
DIGEST=$(db_digest)
run tp invoice pay "$inv2"
refused_unchanged 1 "invoice $inv2 is cancelled: it cannot be paid" \
    "pay_cancelled_invoice_refused"

# --- scenario 6: a payment on account waits for its job -----------------------------
t_mail=$(fx_ticket "$beta" "Email")
fx_time "$t_mail" 30 >/dev/null
run tp invoice bill-tickets "$beta" "$t_mail"
inv3=${OUT#invoice }
run tp invoice send "$inv3"
is "$(bal "$beta")" 7500 "beta owes 75.00"

DIGEST=$(db_digest)
for a in 12.345 1e3 -5 "" abc; do
	run tp payment add "$beta" "$a"
	refused_unchanged 65 "amount: (bad|empty) amount" "payment_add_bad_amount '$a'"
done
run tp payment add "$beta" 0
refused_unchanged 65 "bad amount" "payment_add_zero"
run tp payment add 999 50
refused_unchanged 1 "client 999 not found" "payment_add_unknown_client"
run tp payment add "$beta"
refused_unchanged 64 "missing arguments" "payment_add_needs_amount"
run tp payment add "$beta" 50 --method gold
refused_unchanged 65 "bad method 'gold'" "payment_add_bad_method"

run tp payment add "$beta" 50.00 --method cash --reference R-9
is "$RC" 0 "payment add: exit 0"
like "$OUT" "^payment [0-9]+$" "payment add prints the id"
pay3=${OUT#payment }
is "$(sql "SELECT coalesce(invoice_id, 'none') || ' ' || amount_cents || ' ' ||
    method || ' ' || reference || ' ' || status FROM payments WHERE id = $pay3")" \
    "none 5000 cash R-9 completed" "payment on account recorded"
is "$(sql "SELECT payload FROM events WHERE name = 'PaymentReceived' AND
    entity_id = $pay3 AND client_id = $beta")" '{"invoice_id":null}' \
    "PaymentReceived on account"
is "$(bal "$beta")" 7500 "payment_on_account_leaves_balance_until_job"
is "$(sql "SELECT available_at FROM jobs WHERE name = 'update_client_balance'
    AND json_extract(payload, '$.entity_id') = $pay3")" 1768471205 \
    "balance job due 5 s later"

run tp jobs run
is "$RC" 0 "jobs run at TERMPSA_NOW"
is "$(bal "$beta")" 7500 "payment_on_account_job_not_due_at_now"
is "$(sql "SELECT count(*) FROM jobs WHERE json_extract(payload, '$.entity_id') = $pay3")" 1 \
    "the job is still queued"

TERMPSA_NOW=2026-01-15T10:00:04Z run tp jobs run
is "$(bal "$beta")" 7500 "not due at +4 s either"
TERMPSA_NOW=2026-01-15T10:00:05Z run tp jobs run
is "$RC" 0 "jobs run at +5 s"
is "$(bal "$beta")" 2500 "payment_on_account_job_updates_balance_at_plus_5s"
is "$(sql "SELECT count(*) FROM jobs WHERE json_extract(payload, '$.entity_id') = $pay3")" 0 \
    "the job is done"

run tp --json payment list --client "$beta"
eval "$(jvars "$OUT" n=# first=0.id)"
is "$n/$first" "1/$pay3" "payment list --client"
run tp --json payment list
eval "$(jvars "$OUT" n=#)"
is "$n" 3 "payment list: every payment"
DIGEST=$(db_digest)
run tp payment list --client 999
refused_unchanged 1 "client 999 not found" "payment_list_unknown_client"

done_testing
