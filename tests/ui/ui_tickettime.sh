#!/bin/sh
# ui_tickettime.sh - a ticket's detail says which of its time the next
# bill takes: "Time (N min, M billable unbilled)" and, on each entry,
# billable, non-billable or the invoice it is on.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
INSERT INTO time_entries(ticket_id, user_id, work_date, minutes, billable, invoice_id, note, created_at, updated_at) VALUES
 (1, 2, '2026-01-10', 360, 1, 1, 'rebuilt', 1768400000, 1768400000),
 (1, 2, '2026-01-12', 200, 1, NULL, 'cleaned', 1768400000, 1768400000),
 (1, 2, '2026-01-13', 45, 0, NULL, 'courtesy', 1768400000, 1768400000),
 (1, 2, '2026-01-14', 40, 1, NULL, 'tested', 1768400000, 1768400000);
EOF2

ui_start 80 40
ui_see 'Ticket queue' 'starts'
ui_keys G
ui_sel_is 'Printer jams' '#1 selected'
ui_keys Enter
ui_see 'Ticket #1' 'its detail'
ui_see 'Time \(645 min, 240 billable unbilled\)' \
    'the header: all minutes and those the next bill takes'
ui_see '2026-01-10 +jane +360 min +INV-000001 +rebuilt' 'the invoiced entry names its invoice'
ui_see '2026-01-12 +jane +200 min +billable +cleaned' 'a billable one'
ui_see '2026-01-13 +jane +45 min +non-billable +courtesy' 'the non-billable one'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
