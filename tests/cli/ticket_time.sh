#!/bin/sh
# tests/cli/ticket_time.sh - ticket show's time says which entries the
# next bill takes: a billing column (billable, non-billable, running, or
# the invoice's number), a header with the minutes in all and those
# billable and unbilled; time list has the same column; --json keeps
# billable and invoice_id and adds billing and invoice_number.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

export TERMPSA_NOW=2026-01-15T10:00:00Z
acme=$(fx_client Acme 12000)
t1=$(fx_ticket "$acme" "Mail server")
fx_time "$t1" 360 1 me 2026-01-10 >/dev/null
run tp --json invoice bill-tickets "$acme" "$t1"
eval "$(jvars "$OUT" inv=id)"
num=$(sql "SELECT number FROM invoices WHERE id = $inv")
fx_time "$t1" 200 1 me 2026-01-12 >/dev/null
fx_time "$t1" 45 0 me 2026-01-13 >/dev/null
fx_time "$t1" 40 1 me 2026-01-14 >/dev/null
run tp time start "$t1"

run tp ticket show "$t1"
is "$RC" 0 "ticket show"
like "$OUT" '^time \(645 min, 240 billable unbilled\):$' \
    "the header: all minutes, and those the next bill takes"
like "$OUT" '^ID +USER_NAME +WORK_DATE +MINUTES +BILLING +NOTE$' "a billing column"
like "$OUT" "^[0-9]+ +tech +2026-01-10 +360 +$num +-\$" "the invoiced entry names its invoice"
like "$OUT" '^[0-9]+ +tech +2026-01-12 +200 +billable +-$' "a billable one"
like "$OUT" '^[0-9]+ +tech +2026-01-13 +45 +non-billable +-$' "the non-billable one"
like "$OUT" '^[0-9]+ +tech +2026-01-15 +- +running +-$' "the running timer"

run tp time list --ticket "$t1"
like "$OUT" '^ID +NUMBER +PROJECT_NAME +USER_NAME +WORK_DATE +MINUTES +BILLING +NOTE$' \
    "time list: the same column"
like "$OUT" "^[0-9]+ +$(sql "SELECT number FROM tickets WHERE id = $t1") +- +tech +2026-01-13 +45 +non-billable +-\$" "time list: non-billable"

run tp --json ticket show "$t1"
is "$(jget "$OUT" time_entries.4.billing)/$(jget "$OUT" time_entries.4.invoice_number)/$(jget "$OUT" time_entries.4.invoice_id)/$(jget "$OUT" time_entries.4.billable)" \
    "$num/$num/$inv/1" "--json: the invoiced entry"
is "$(jget "$OUT" time_entries.2.billing)/$(jget "$OUT" time_entries.2.billable)" \
    "non-billable/0" "--json: the non-billable one"
done_testing
