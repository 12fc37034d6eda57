#!/bin/sh
# tests/cli/filter_values.sh - a bad status in a filter lists every value
# it takes (the ticket statuses are six, not "open,waiting,..."), and the
# invoice filter's status:unpaid is sent or partial.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

refused 65 "status takes open,in_progress,waiting,scheduled,resolved,closed\$" \
    "ticket list: a bad status lists all six" ticket list status:bogus
refused 65 "status takes draft,sent,partial,paid,cancelled,unpaid,overdue\$" \
    "invoice list: a bad status lists them, unpaid too" invoice list status:bogus

acme=$(fx_client Acme 12000)
wsql "INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at) VALUES
 (1, 'INV-000001', $acme, 'a', 'draft', '2026-01-01', '2026-01-31', 100, 1, 1),
 (2, 'INV-000002', $acme, 'b', 'sent', '2026-01-01', '2026-01-31', 100, 1, 1),
 (3, 'INV-000003', $acme, 'c', 'partial', '2026-01-01', '2026-01-31', 100, 1, 1),
 (4, 'INV-000004', $acme, 'd', 'paid', '2026-01-01', '2026-01-31', 100, 1, 1),
 (5, 'INV-000005', $acme, 'e', 'cancelled', '2026-01-01', '2026-01-31', 100, 1, 1);"
run tp invoice list status:unpaid
is "$RC" 0 "status:unpaid"
is "$(printf '%s\n' "$OUT" | awk 'NR > 1 { print $2 }' | sort | tr '\n' ' ')" \
    "INV-000002 INV-000003 " "unpaid: sent and partial"
run tp invoice list status:unpaid,draft
is "$(printf '%s\n' "$OUT" | awk 'NR > 1 { print $2 }' | sort | tr '\n' ' ')" \
    "INV-000001 INV-000002 INV-000003 " "unpaid with another status"
run tp invoice list -status:unpaid
is "$(printf '%s\n' "$OUT" | awk 'NR > 1 { print $2 }' | sort | tr '\n' ' ')" \
    "INV-000001 INV-000004 INV-000005 " "-status:unpaid: the rest"
done_testing
