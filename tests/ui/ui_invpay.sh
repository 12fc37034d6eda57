#!/bin/sh
# ui_invpay.sh - an invoice's detail lists its payments (received date,
# method, amount, status, reference), and P asks for an optional
# reference after the method, shown in the confirmation and kept.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
# INV-000001 (Acme, 500.00, sent): one payment by check so far.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
UPDATE invoices SET status = 'partial' WHERE id = 1;
INSERT INTO payments(client_id, invoice_id, amount_cents, method, reference,
	status, received_at, created_at, updated_at) VALUES
 (1, 1, 12000, 'check', 'CHK-1001', 'completed', 1767434400, 1767434400, 1767434400);
EOF2

ui_start
ui_see 'Ticket queue' 'starts'
ui_keys 4
ui_see 'INV-000001' 'invoices'
ui_keys /
ui_type 'INV-000001'
ui_keys Enter Enter
ui_see '^Invoice INV-000001' "the invoice's detail"
ui_see 'Payments \(1\)' 'a payments section'
ui_see '2026-01-03 +check +120\.00 +completed +CHK-1001' \
    'the payment: date, method, amount, status, reference'

ui_keys P
ui_see 'Payment on INV-000001 \(outstanding 380\.00\)' 'P asks the amount'
ui_keys C-u
ui_type 80
ui_keys Enter
ui_see 'transfer' 'then the method'
ui_keys Enter
ui_see 'Reference \(optional, Enter for none\):' 'then an optional reference'
ui_type 'TX-77'
ui_keys Enter
ui_see 'Pay 80\.00 USD by transfer \(ref TX-77\) on INV-000001' \
    'the confirmation names the reference'
ui_keys y
ui_see 'payment of 80\.00 recorded on INV-000001' 'recorded'
is "$(sql "SELECT method || '|' || reference FROM payments WHERE amount_cents = 8000")" \
    'transfer|TX-77' 'the reference is kept'
ui_see 'Payments \(2\)' 'the detail shows two payments'
ui_see '2026-01-15 +transfer +80\.00 +completed +TX-77' 'the new one'

# No reference: Enter leaves it empty.
ui_keys P
ui_see 'outstanding 300\.00' 'P again'
ui_keys C-u
ui_type 10
ui_keys Enter Enter Enter
ui_see 'Pay 10\.00 USD by transfer on INV-000001' 'no reference: none named'
ui_keys y
ui_see 'payment of 10\.00 recorded' 'recorded'
is "$(sql 'SELECT reference IS NULL FROM payments WHERE amount_cents = 1000')" 1 \
    'no reference stored'
ui_see '2026-01-15 +transfer +10\.00 +completed +-' 'shown with - for its reference'

# Esc at the reference records nothing.
ui_keys P
ui_see 'outstanding 290\.00' 'P once more'
ui_keys Enter Enter
ui_see 'Reference' 'the reference asked'
ui_keys Escape
ui_not_see 'Reference' 'Esc closes it'
is "$(sql 'SELECT count(*) FROM payments')" 3 'and records nothing'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
