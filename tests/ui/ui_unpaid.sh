#!/bin/sh
# ui_unpaid.sh - the invoices pane's f offers "unpaid" (status:unpaid:
# sent or partial): it keeps those and leaves out drafts, paid and
# cancelled invoices.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
UPDATE invoices SET status = 'partial' WHERE id = 2;
INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at) VALUES
 (4, 'INV-000004', 1, 'Old and settled', 'paid', '2025-10-01', '2025-10-31', 1000, 1768000000, 1768000000);
EOF2

ui_start
ui_see 'Ticket queue' 'starts'
ui_keys 4
ui_see 'INV-000004' 'every invoice at first'
ui_keys f
ui_see 'unpaid' 'f offers unpaid'
ui_keys u Enter
ui_see 'Invoices.*\[unpaid\]' 'the unpaid preset'
ui_see 'INV-000001' 'a sent invoice stays'
ui_see 'INV-000002' 'a partial one stays'
ui_not_see 'INV-000004' 'the paid one is gone'
ui_not_see 'INV-000003' 'and the draft'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
