#!/bin/sh
# billing.sh - invoice bill-tickets / bill-project (domain.md scenarios 2
# and 3), invoice list/show/send/cancel, and their bad input.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

run tp init
is "$RC" 0 "init"

acme=$(fx_client Acme 12500)
beta=$(fx_client Beta NULL)
t_jam=$(fx_ticket "$acme" "Printer jam")
t_vpn=$(fx_ticket "$acme" "VPN setup")
t_mail=$(fx_ticket "$beta" "Email bounce")
e1=$(fx_time "$t_jam" 60)
e2=$(fx_time "$t_jam" 30)
e_nb=$(fx_time "$t_jam" 45 0)
fx_time "$t_vpn" 40 0 >/dev/null
fx_time "$t_mail" 20 >/dev/null

# --- refusals before anything is billed: nothing written ---------------------
DIGEST=$(db_digest)
run tp invoice bill-tickets "$acme" "$t_jam" "$t_mail"
refused_unchanged 1 "ticket $t_mail belongs to client $beta" \
    "bill_tickets_refuses_other_clients_ticket"
run tp invoice bill-tickets "$acme" "$t_jam" 999
refused_unchanged 1 "ticket 999 not found" "bill_tickets_unknown_ticket"
run tp invoice bill-tickets 999 "$t_jam"
refused_unchanged 1 "client 999 not found" "bill_tickets_unknown_client"
run tp invoice bill-tickets "$acme" "$t_vpn"
refused_unchanged 1 "nothing to bill" \
    "bill_tickets_nonbillable_only_is_nothing_to_bill"
run tp invoice bill-tickets "$acme" abc
refused_unchanged 65 "bad ticket id 'abc'" "bill_tickets_bad_ticket_id"
run tp invoice bill-tickets "$acme" 0
refused_unchanged 65 "bad ticket id '0'" "bill_tickets_zero_ticket_id"
run tp invoice bill-tickets x1 "$t_jam"
refused_unchanged 65 "bad client id 'x1'" "bill_tickets_bad_client_id"
run tp invoice bill-tickets "$acme"
refused_unchanged 64 "missing arguments" "bill_tickets_needs_a_ticket"
run tp invoice bill-tickets "$acme" "$t_jam" --rate 5
refused_unchanged 64 "unknown option --rate" "bill_tickets_unknown_option"
is "$(sql 'SELECT count(*) FROM invoices')" 0 "no invoice after refusals"

# --- scenario 2: 90 billable minutes at 125.00 bill 187.50 -----------------
run tp --json invoice bill-tickets "$acme" "$t_jam" "$t_vpn"
is "$RC" 0 "bill_tickets_bills_client_rate: exit 0"
eval "$(jvars "$OUT" inv1=id total=total_cents n=#items desc=items.0.description \
    qty=items.0.quantity price=items.0.price_cents ltotal=items.0.total_cents \
    subj=subject num=number st=status issue=issue_date due=due_date \
    cname=client_name cur=currency)"
is "$total" 18750 "bill_tickets: 90 min at 125.00 = 187.50"
is "$n" 1 "bill_tickets: one line (the ticket with billable time)"
is "$desc" "Support: Printer jam" "line description"
is "$qty" 150 "line quantity 1.50 h"
is "$price" 12500 "line price = client rate"
is "$ltotal" 18750 "line total"
is "$subj" "Support Services" "subject"
is "$num" "INV-000001" "number INV-000001"
is "$st" draft "status draft"
is "$issue" 2026-01-15 "issued today"
is "$due" 2026-02-14 "due after 30 days net"
is "$cname" Acme "client_name"
is "$cur" USD "currency"
is "$(sql "SELECT total_cents || ' ' || status FROM invoices WHERE id = $inv1")" \
    "18750 draft" "invoice row stored"
is "$(sql "SELECT quantity || ' ' || price_cents || ' ' || total_cents
    FROM invoice_items WHERE invoice_id = $inv1")" "150 12500 18750" \
    "invoice_items row stored"
is "$(sql "SELECT group_concat(id) FROM time_entries WHERE invoice_id = $inv1
    ORDER BY id")" "$e1,$e2" "bill_tickets_marks_entries_invoiced"
is "$(sql "SELECT invoice_id IS NULL FROM time_entries WHERE id = $e_nb")" 1 \
    "bill_tickets_leaves_nonbillable_time_unbilled"
is "$(sql "SELECT count(*) FROM events WHERE name = 'InvoiceCreated' AND
    entity = 'invoice' AND entity_id = $inv1 AND client_id = $acme")" 1 \
    "InvoiceCreated emitted with client_id"
is "$(sql "SELECT group_concat(name) FROM (SELECT name FROM jobs WHERE
    json_extract(payload, '$.event') = 'InvoiceCreated' ORDER BY name)")" \
    "generate_reports,send_notifications" "InvoiceCreated queues notify and report jobs"
is "$(sql "SELECT op FROM outbox WHERE entity = 'invoice' AND local_id = $inv1")" \
    create "invoice queued for sync"
is "$(sql "SELECT balance_cents || ' ' || unbilled_cents FROM clients
    WHERE id = $acme")" "0 0" "draft: no balance, nothing unbilled"

DIGEST=$(db_digest)
run tp invoice bill-tickets "$acme" "$t_jam"
refused_unchanged 1 "nothing to bill" "bill_tickets_twice_is_nothing_to_bill"

# --- the default rate ----------------------------------------------------------
run tp --json invoice bill-tickets "$beta" "$t_mail"
is "$RC" 0 "bill_tickets_default_rate: exit 0"
eval "$(jvars "$OUT" inv2=id total=total_cents qty=items.0.quantity \
    price=items.0.price_cents num=number)"
is "$total" 5000 "20 min at the default 150.00 = 50.00"
is "$qty" 33 "quantity 0.33 h"
is "$price" 15000 "price = default rate"
is "$num" "INV-000002" "numbers follow the counter"

# --- a ticket named twice is billed once; text output -------------------------
t_dup=$(fx_ticket "$acme" "Laptop")
fx_time "$t_dup" 30 >/dev/null
run tp invoice bill-tickets "$acme" "$t_dup" "#$t_dup"
inv3=${OUT#invoice }
is "$OUT" "invoice $inv3" "bill-tickets prints the new invoice id"
is "$(sql "SELECT count(*) || ' ' || sum(total_cents) FROM invoice_items
    WHERE invoice_id = $inv3")" "1 6250" "bill_tickets_same_ticket_twice_one_line"

# --- cancel releases time for rebilling ---------------------------------------
is "$(sql "SELECT unbilled_cents FROM clients WHERE id = $acme")" 0 \
    "nothing unbilled before cancel"
run tp invoice cancel "$inv3"
is "$RC" 0 "invoice cancel: exit 0"
is "$OUT" "invoice $inv3 cancelled" "invoice cancel prints"
is "$(sql "SELECT status FROM invoices WHERE id = $inv3")" cancelled "status cancelled"
is "$(sql "SELECT count(*) FROM time_entries WHERE invoice_id = $inv3")" 0 \
    "cancel_releases_time_entries"
is "$(sql "SELECT unbilled_cents FROM clients WHERE id = $acme")" 6250 \
    "cancel recomputes unbilled"
is "$(sql "SELECT payload FROM events WHERE name = 'InvoiceCancelled' AND
    entity_id = $inv3")" '{"status":"cancelled"}' "InvoiceCancelled emitted"
DIGEST=$(db_digest)
run tp invoice cancel "$inv3"
refused_unchanged 1 "already cancelled" "cancel_twice_refused"
run tp --json invoice bill-tickets "$acme" "$t_dup"
is "$RC" 0 "cancel_releases_time_for_rebilling: exit 0"
eval "$(jvars "$OUT" inv4=id total=total_cents)"
is "$total" 6250 "rebilled at the same amount"
is "$(sql "SELECT count(*) FROM time_entries WHERE ticket_id = $t_dup AND
    invoice_id = $inv4")" 1 "entry now on the new invoice"

# --- scenario 3: project billing -----------------------------------------------
alice=$(fx_user alice 10000)
bob=$(fx_user bob NULL)
proj=$(fx_project "$acme" Migration)
fx_ptime "$proj" "$alice" 90 >/dev/null
fx_ptime "$proj" "$alice" 30 >/dev/null
fx_ptime "$proj" "$alice" 60 0 >/dev/null
fx_ptime "$proj" "$bob" 45 >/dev/null
fx_expense "$proj" Cables 4550 >/dev/null
fx_expense "$proj" Lunch 2000 0 >/dev/null
t_proj=$(fx_ticket "$acme" "Cutover" "$proj")
e_tp=$(fx_time "$t_proj" 30)

DIGEST=$(db_digest)
run tp invoice bill-project 999
refused_unchanged 1 "project 999 not found" "bill_project_unknown_project"
run tp invoice bill-project p1
refused_unchanged 65 "bad project id 'p1'" "bill_project_bad_id"
run tp invoice bill-project "$proj" 2
refused_unchanged 64 "unexpected argument '2'" "bill_project_extra_argument"

run tp --json invoice bill-project "$proj"
is "$RC" 0 "bill_project: exit 0"
eval "$(jvars "$OUT" invp=id subj=subject pid=project_id n=#items \
    d0=items.0.description q0=items.0.quantity p0=items.0.price_cents \
    t0=items.0.total_cents d1=items.1.description q1=items.1.quantity \
    p1=items.1.price_cents t1=items.1.total_cents d2=items.2.description \
    q2=items.2.quantity p2=items.2.price_cents t2=items.2.total_cents \
    total=total_cents)"
is "$subj" "Project: Migration" "bill_project subject"
is "$pid" "$proj" "invoice names the project"
is "$n" 3 "two users and one billable expense"
is "$d0" "Professional Services - alice" "line 1: alice"
is "$q0/$p0/$t0" "200/10000/20000" "alice: 2.00 h at her 100.00 = 200.00"
is "$d1" "Professional Services - bob" "line 2: bob"
is "$q1/$p1/$t1" "75/15000/11250" "bob: 0.75 h at the default 150.00 = 112.50"
is "$d2" "Expense: Cables" "line 3: the expense"
is "$q2/$p2/$t2" "100/4550/4550" "expense: 1.00 x 45.50"
is "$total" 35800 "bill_project total 358.00"
is "$(sql "SELECT count(*) FROM time_entries WHERE invoice_id = $invp")" 3 \
    "billable project time marked invoiced"
is "$(sql "SELECT count(*) FROM time_entries WHERE project_id = $proj AND
    ticket_id IS NULL AND invoice_id IS NULL")" 1 "non-billable project time left"
is "$(sql "SELECT group_concat(coalesce(invoice_id, 'none')) FROM
    (SELECT invoice_id FROM project_expenses WHERE project_id = $proj ORDER BY id)")" \
    "$invp,none" "billable expense marked, non-billable left"
is "$(sql "SELECT invoice_id IS NULL FROM time_entries WHERE id = $e_tp")" 1 \
    "bill_project_leaves_ticket_time_to_bill_tickets"
DIGEST=$(db_digest)
run tp invoice bill-project "$proj"
refused_unchanged 1 "nothing to bill" "bill_project_twice_is_nothing_to_bill"

# --- list, show, send ----------------------------------------------------------
run tp --json invoice list
is "$RC" 0 "invoice list"
eval "$(jvars "$OUT" n=# first=0.id)"
is "$n" 5 "five invoices listed"
is "$first" "$invp" "newest first"
run tp --json invoice list --client "$beta"
eval "$(jvars "$OUT" n=# first=0.id)"
is "$n/$first" "1/$inv2" "list --client"
run tp --json invoice list --status cancelled
eval "$(jvars "$OUT" n=# first=0.id out=0.outstanding_cents)"
is "$n/$first" "1/$inv3" "list --status cancelled"
is "$out" 0 "cancelled: nothing outstanding"
run tp --json invoice list --limit 2 --after "$inv4"
eval "$(jvars "$OUT" n=# first=0.id second=1.id)"
is "$n/$first/$second" "2/$inv3/$inv2" "list --limit --after: keyset window"
DIGEST=$(db_digest)
run tp invoice list --status overdue
refused_unchanged 65 "bad status 'overdue': expected one of draft, sent" "list_bad_status"
run tp invoice list --client 999
refused_unchanged 1 "client 999 not found" "list_unknown_client"
run tp invoice list --client abc
refused_unchanged 65 "bad client id 'abc'" "list_bad_client"
run tp invoice list --limit 0
refused_unchanged 65 "bad --limit '0'" "list_bad_limit"

run tp invoice list
like "$OUT" "^ID +NUMBER +CLIENT_NAME" "text list has a header"
like "$OUT" "INV-000001 +Acme +Support Services +draft .* 187.50 +187.50$" "text list row"

run tp invoice show "$inv1"
is "$RC" 0 "invoice show"
like "$OUT" "^number +INV-000001$" "show: fields"
like "$OUT" "Support: Printer jam +1:30 h +125.00 +187.50$" "show: lines, quantity in hours and minutes"
DIGEST=$(db_digest)
run tp invoice show 999
refused_unchanged 1 "invoice 999 not found" "show_unknown"
run tp invoice show
refused_unchanged 64 "missing arguments" "show_needs_id"

run tp invoice send "$inv1"
is "$RC/$OUT" "0/invoice $inv1 sent" "invoice send"
is "$(sql "SELECT status FROM invoices WHERE id = $inv1")" sent "status sent"
is "$(sql "SELECT balance_cents FROM clients WHERE id = $acme")" 18750 \
    "send_counts_the_invoice_in_the_balance"
is "$(sql "SELECT payload FROM events WHERE name = 'InvoiceSent' AND
    entity_id = $inv1")" '{"status":"sent"}' "InvoiceSent emitted"
DIGEST=$(db_digest)
run tp invoice send "$inv1"
refused_unchanged 1 "invoice $inv1 is sent: only a draft can be sent" "send_twice_refused"
run tp invoice send 999
refused_unchanged 1 "invoice 999 not found" "send_unknown"

run tp --json invoice list --overdue
is "$OUT" "[]" "nothing overdue today"
TERMPSA_NOW=2026-02-15T10:00:00Z run tp --json invoice list --overdue --client "$acme"
eval "$(jvars "$OUT" n=#)"
is "$n" 3 "list_overdue: after the due date (sent and drafts; not cancelled)"
TERMPSA_NOW=2026-02-15T10:00:00Z run tp --json invoice show "$inv1"
eval "$(jvars "$OUT" od=overdue)"
is "$od" 1 "show: overdue is derived"

# --- the labor rule works from exact minutes, not rounded hours ---------------
t_round=$(fx_ticket "$acme" "Toner")
fx_time "$t_round" 15 >/dev/null
fx_time "$t_round" 5 >/dev/null
run tp --json invoice bill-tickets "$acme" "$t_round"
eval "$(jvars "$OUT" qty=items.0.quantity total=total_cents)"
is "$qty/$total" "33/4167" \
    "bill_tickets_labor_from_exact_minutes: 20 min at 125.00 = 41.67 (not 0.33 h = 41.25)"

# --- billing.default_rate and billing.invoice_prefix from the config ----------
cfg="$TMPD/config.yaml"
printf 'billing:\n  default_rate: "99.00"\n  invoice_prefix: ACME-\n' >"$cfg"
chmod 600 "$cfg"
gamma=$(fx_client Gamma NULL)
t_cfg=$(fx_ticket "$gamma" "Backup check")
fx_time "$t_cfg" 30 >/dev/null
TERMPSA_CONFIG="$cfg" run tp --json invoice bill-tickets "$gamma" "$t_cfg"
is "$RC" 0 "bill_tickets_config_default_rate: exit 0"
eval "$(jvars "$OUT" total=total_cents price=items.0.price_cents \
    qty=items.0.quantity num=number)"
is "$price/$qty/$total" "9900/50/4950" "30 min at billing.default_rate 99.00 = 49.50"
is "$num" "ACME-000007" "billing.invoice_prefix numbers the invoice"

done_testing
