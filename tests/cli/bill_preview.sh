#!/bin/sh
# bill_preview.sh - `invoice bill-tickets|bill-project --dry-run` shows
# exactly the invoice that billing then creates (invoice_preview_*: the
# same selection and the same money rules), and writes nothing.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

run tp init
is "$RC" 0 "init"

# Rates that make every line round: 99.99, 33.33 and the default 150.00;
# minutes that are not whole hundredths of an hour (7, 13, 1, 89, 59).
odd=$(fx_client Odd 9999)
third=$(fx_client Third 3333)
dflt=$(fx_client Dflt NULL)
o1=$(fx_ticket "$odd" "Seven minutes")
o2=$(fx_ticket "$odd" "Thirteen and one")
o3=$(fx_ticket "$odd" "Not billable")
t1=$(fx_ticket "$third" "Eighty-nine")
t2=$(fx_ticket "$third" "Fifty-nine")
d1=$(fx_ticket "$dflt" "One minute")
fx_time "$o1" 7 >/dev/null
fx_time "$o2" 13 >/dev/null
fx_time "$o2" 1 >/dev/null
fx_time "$o3" 40 0 >/dev/null
fx_time "$t1" 89 >/dev/null
fx_time "$t2" 59 >/dev/null
fx_time "$d1" 1 >/dev/null

# preview_equals_invoice NAME PREVIEW_JSON INVOICE_JSON: totals, line
# count and every line equal to the cent.
preview_equals_invoice() {
	eval "$(jvars "$2" p_sub=subtotal_cents p_tax=tax_cents \
	    p_tot=total_cents p_n=line_count p_items=items)"
	eval "$(jvars "$3" i_tot=total_cents i_n=#items i_items=items)"
	is "$p_tot" "$i_tot" "$1: preview total = invoice total"
	is "$((p_sub + p_tax))" "$i_tot" "$1: subtotal + tax = invoice total"
	is "$p_n" "$i_n" "$1: preview line count = invoice line count"
	is "$("$PYTHON3" -c '
import json, sys
keys = ("position", "description", "quantity", "price_cents", "total_cents")
a = [[l[k] for k in keys] for l in json.loads(sys.argv[1])]
b = [[l[k] for k in keys] for l in json.loads(sys.argv[2])]
print("same" if a == b else "%r != %r" % (a, b))' "$p_items" "$i_items")" \
	    same "$1: every line the same"
}

# --- bill-tickets ----------------------------------------------------------
DIGEST=$(db_digest)
run tp --json invoice bill-tickets "$odd" "$o2" "$o1" "$o3" --dry-run
is "$RC" 0 "dry_run_tickets: exit 0"
PREVIEW=$OUT
is "$(db_digest)" "$DIGEST" "dry_run_tickets_writes_nothing"
is "$(sql 'SELECT count(*) FROM invoices')" 0 "no invoice after --dry-run"
# 14 min at 99.99 = 23.331 -> 23.33; 7 min -> 11.6655 -> 11.67.
eval "$(jvars "$PREVIEW" sub=subtotal_cents tax=tax_cents tot=total_cents \
    n=line_count min=minutes cur=currency cname=client_name \
    first=items.0.ticket_id q0=items.0.quantity l0=items.0.total_cents \
    l1=items.1.total_cents)"
is "$n" 2 "dry_run_tickets: one line per ticket with billable time"
is "$first" "$o2" "dry_run_tickets: lines in the order the tickets were named"
is "$l0" 2333 "dry_run_tickets: 14 min at 99.99 = 23.33"
is "$q0" 23 "dry_run_tickets: quantity 0.23 h"
is "$l1" 1167 "dry_run_tickets: 7 min at 99.99 = 11.67 (half away from zero)"
is "$sub" 3500 "dry_run_tickets: subtotal 35.00"
is "$tax" 0 "dry_run_tickets: no tax"
is "$tot" 3500 "dry_run_tickets: total 35.00"
is "$min" 21 "dry_run_tickets: 21 billable minutes"
is "$cur|$cname" "USD|Odd" "dry_run_tickets: currency and client"
run tp --json invoice bill-tickets "$odd" "$o2" "$o1" "$o3"
is "$RC" 0 "bill after the dry run"
preview_equals_invoice "odd_rate" "$PREVIEW" "$OUT"
is "$(sql "SELECT total_cents FROM invoices WHERE client_id = $odd")" 3500 \
    "odd_rate: the stored invoice total"

run tp --json invoice bill-tickets "$third" "$t1" "$t2" --dry-run
PREVIEW=$OUT
# 89 min at 33.33 = 49.4395 -> 49.44; 59 min = 32.7745 -> 32.77.
is "$(jget "$PREVIEW" total_cents)" 8221 "third_rate: preview 49.44 + 32.77"
run tp --json invoice bill-tickets "$third" "$t1" "$t2"
preview_equals_invoice "third_rate" "$PREVIEW" "$OUT"

run tp --json invoice bill-tickets "$dflt" "$d1" --dry-run
PREVIEW=$OUT
is "$(jget "$PREVIEW" total_cents)" 250 "default_rate: 1 min at 150.00 = 2.50"
run tp --json invoice bill-tickets "$dflt" "$d1"
preview_equals_invoice "default_rate" "$PREVIEW" "$OUT"

# Text for people says nothing was billed and shows the lines in hours.
fx_time "$o1" 36 >/dev/null
DIGEST=$(db_digest)
run tp invoice bill-tickets "$odd" "$o1" --dry-run
is "$RC" 0 "dry_run_text: exit 0"
like "$OUT" '^dry run: nothing billed' "dry_run_text: says nothing was billed"
like "$OUT" '^total +59\.99$' "dry_run_text: 36 min at 99.99 = 59.99"
like "$OUT" '^1 +Support: Seven minutes +0:36 h +99\.99 +59\.99$' \
    "dry_run_text: the line, quantity in hours"
is "$(db_digest)" "$DIGEST" "dry_run_text_writes_nothing"

# Refusals are the bill's own, and change nothing either.
run tp invoice bill-tickets "$odd" "$o3" --dry-run
refused_unchanged 1 "nothing to bill" "dry_run_nothing_to_bill"
run tp invoice bill-tickets "$odd" "$t1" --dry-run
refused_unchanged 1 "ticket $t1 belongs to client $third" \
    "dry_run_other_clients_ticket"
run tp invoice bill-tickets "$odd" 999 --dry-run
refused_unchanged 1 "ticket 999 not found" "dry_run_unknown_ticket"
run tp invoice bill-tickets 999 "$o1" --dry-run
refused_unchanged 1 "client 999 not found" "dry_run_unknown_client"
run tp invoice bill-tickets "$odd" abc --dry-run
refused_unchanged 65 "bad ticket id 'abc'" "dry_run_bad_ticket_id"

# --- bill-project ----------------------------------------------------------
alice=$(fx_user alice 12345)
bob=$(fx_user bob NULL)
proj=$(fx_project "$third" "Lab move")
fx_ptime "$proj" alice 7 >/dev/null
fx_ptime "$proj" alice 13 >/dev/null
fx_ptime "$proj" bob 1 >/dev/null
fx_ptime "$proj" bob 50 0 >/dev/null
fx_expense "$proj" "Cables" 1999 >/dev/null
fx_expense "$proj" "Lunch" 2500 0 >/dev/null
DIGEST=$(db_digest)
run tp --json invoice bill-project "$proj" --dry-run
is "$RC" 0 "dry_run_project: exit 0"
PREVIEW=$OUT
is "$(db_digest)" "$DIGEST" "dry_run_project_writes_nothing"
# alice 20 min at 123.45 = 41.15; bob 1 min at 150.00 = 2.50; 19.99.
eval "$(jvars "$PREVIEW" tot=total_cents n=line_count subj=subject \
    pid=project_id d0=items.0.description l0=items.0.total_cents \
    l1=items.1.total_cents d2=items.2.description q2=items.2.quantity)"
is "$n|$subj|$pid" "3|Project: Lab move|$proj" "dry_run_project: lines, subject"
is "$d0|$l0" "Professional Services - alice|4115" \
    "dry_run_project: alice 20 min at 123.45 = 41.15"
is "$l1" 250 "dry_run_project: bob 1 min at the default rate = 2.50"
is "$d2|$q2" "Expense: Cables|100" "dry_run_project: the billable expense"
is "$tot" 6364 "dry_run_project: total 63.64"
run tp --json invoice bill-project "$proj"
is "$RC" 0 "bill the project after the dry run"
preview_equals_invoice "project" "$PREVIEW" "$OUT"
DIGEST=$(db_digest)
run tp invoice bill-project "$proj" --dry-run
refused_unchanged 1 "nothing to bill: project $proj has no billable" \
    "dry_run_project_nothing_to_bill"
run tp invoice bill-project 999 --dry-run
refused_unchanged 1 "project 999 not found" "dry_run_project_unknown"

done_testing
