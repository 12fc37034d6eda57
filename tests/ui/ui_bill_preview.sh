#!/bin/sh
# ui_bill_preview.sh - b's confirmation shows what billing will invoice
# (invoice_preview_tickets: the amount to the cent, with rounding), and y
# bills exactly that or nothing: time logged while the question is open
# makes it refuse, and the next b shows the new amount.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
# Acme at 99.99 an hour: 7 min = 11.6655 -> 11.67, 13 min = 21.6645 ->
# 21.66; 33.33 in all (a sum of rounded hours would differ).
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
UPDATE clients SET hourly_rate_cents = 9999 WHERE id = 1;
INSERT INTO time_entries(ticket_id, user_id, work_date, minutes, billable, created_at, updated_at) VALUES
 (1, 2, '2026-01-14', 7, 1, 1768400000, 1768400000),
 (2, 2, '2026-01-14', 13, 1, 1768400000, 1768400000),
 (3, 2, '2026-01-14', 60, 1, 1768400000, 1768400000);
EOF2

run tp --json invoice bill-tickets 1 1 2 7 --dry-run
is "$(jget "$OUT" total_cents)" 3333 "the CLI's preview: 33.33"

ui_start
ui_keys 1 g
ui_see 'Client hub' 'hub'
ui_sel_is 'Acme Dental' 'Acme selected'
ui_keys b
ui_see 'Bill 33\.33 USD to Acme Dental: #1 7m, #2 13m \(2 tickets, 20 min\)\? \[y/N\]' \
    'b asks with the previewed amount'

# Time logged while the question is open: y refuses, nothing billed.
run tp time log 1 5 --user jane
is "$RC" 0 "5 more minutes logged meanwhile"
DIGEST=$(db_digest)
ui_keys y
ui_see 'unbilled time changed \(now 41\.66, not 33\.33\): not billed' \
    'y refuses: the amount would not be the one confirmed'
is "$(db_digest)" "$DIGEST" "nothing written by the refused bill"

# 12 min = 19.9980 -> 20.00; 20.00 + 21.66 = 41.66.
ui_keys b
ui_see 'Bill 41\.66 USD to Acme Dental: #1 12m, #2 13m \(2 tickets, 25 min\)\?' \
    'b asks again with the new amount'
ui_keys y
ui_see 'invoice INV-000001 created: 41\.66' 'y bills it'
is "$(sql "SELECT total_cents || ' ' || client_id FROM invoices")" '4166 1' \
    'the invoice is the amount confirmed'
is "$(sql 'SELECT count(*) FROM invoice_items WHERE invoice_id = 1')" 2 \
    'one line per ticket'
is "$(sql 'SELECT count(*) FROM time_entries WHERE invoice_id = 1')" 3 \
    "Acme's entries are marked; Birch's are not"
ui_quit
is "$UI_RC" 0 "quits"

done_testing
