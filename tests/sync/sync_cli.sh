#!/bin/sh
# sync_cli.sh - the outbox rows the real services write (through the CLI:
# onboarding saga, contacts, triage, notes, time, assets, billing,
# payments) pushed to both profiles: what each PSA receives, in order.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"
start_server

work() {
	tp client add "Acme Corp" --company Acme --rate 125.00 >/dev/null
	tp contact add 1 "Jo Doe" --email jo@acme.test >/dev/null
	tp location add 1 HQ --city Oslo >/dev/null
	tp user add jane >/dev/null
	tp ticket add 1 "Printer jam" --priority high --body "Tray 2" >/dev/null
	tp ticket assign 2 jane >/dev/null
	tp ticket status 2 in_progress >/dev/null
	tp ticket priority 2 critical >/dev/null
	tp ticket note 2 "Replaced roller" --public >/dev/null
	tp time log 2 45 >/dev/null
	tp asset add 1 LAP-7 --type Laptop --serial SN7 --warranty-expire 2027-01-01 >/dev/null
	tp asset update 1 --serial SN8 >/dev/null
	tp ticket resolve 2 --note Fixed >/dev/null
	tp invoice bill-tickets 1 2 >/dev/null
	tp invoice send 1 >/dev/null
	tp invoice pay 1 >/dev/null
	tp payment add 1 10.00 >/dev/null
	tp client update 1 --status inactive >/dev/null
}

sync_config termpsa
tp init >/dev/null
work
run tp sync
is "$RC" 0 "termpsa: sync of a day's work succeeds"
is "$(srv '[r["method"] + " " + r["path"] for r in R if r["method"] != "GET"]')" \
    '["POST /clients","POST /tickets","POST /contacts","POST /locations","POST /tickets","PATCH /tickets/105","PATCH /tickets/105","PATCH /tickets/105","POST /tickets/105/notes","POST /tickets/105/time_entries","POST /assets","PATCH /assets/108","POST /tickets/105/notes","PATCH /tickets/105","POST /invoices","PATCH /invoices/110","POST /payments","PATCH /invoices/110","POST /payments","PATCH /clients/101"]' \
    "termpsa: every change, in order, each once"
is "$(srv '[r["body"] for r in R if r["method"] == "PATCH"]')" \
    '[{"assigned_to":"jane"},{"status":"in_progress"},{"priority":"critical"},{"serial":"SN8"},{"status":"resolved"},{"status":"sent"},{"status":"paid"},{"status":"inactive"}]' \
    "termpsa: each PATCH carries only its change (assignee by name)"
is "$(srv '[(p["invoice_id"], p["amount_cents"]) for p in S["payments"]]')" \
    '[["110",9375],[null,1000]]' "termpsa: a payment on the invoice and one on account"
is "$(sql "SELECT count(*) FROM outbox WHERE state <> 'done' AND entity <> 'user'")" 0 \
    "termpsa: every row done"

stop_server
rm -f "$TERMPSA_DB" "$TERMPSA_DB-wal" "$TERMPSA_DB-shm"
start_server
sync_config itflow
tp init >/dev/null
work
run tp sync
is "$RC" 0 "itflow: sync of the same day succeeds"
is "$(srv '[r["path"].split("/")[3] + "/" + r["path"].split("/")[4] for r in R if r["method"] == "POST"]')" \
    '["clients/create.php","tickets/create.php","ticket_replies/create.php","ticket_replies/create.php","ticket_replies/create.php","assets/create.php","ticket_replies/create.php","tickets/resolve.php"]' \
    "itflow: client, ticket (the welcome ticket stays local), status reply, note, time, asset, resolve note, resolve"
is "$(srv '[S["itflow_tickets"][0]["ticket_status"], S["itflow_ticket_replies"][2]["ticket_reply_time_worked"], S["itflow_ticket_replies"][2]["ticket_reply"].split("\n")[2]]')" \
    '[4,"0:45:00","Time worked: 45 min."]' "itflow: resolved, 45 minutes as 0:45:00"
is "$(sql "SELECT group_concat(entity || '.' || op, ' ') FROM (SELECT * FROM outbox WHERE state = 'unsupported' AND entity <> 'user' ORDER BY id)")" \
    "ticket.create client_contact.create client_location.create ticket.update ticket.update asset.update invoice.create invoice.update payment.create invoice.update payment.create client.update" \
    "itflow: what ITFlow cannot take is kept as unsupported"
is "$(sql "SELECT count(*) FROM outbox WHERE state NOT IN ('done', 'unsupported')")" 0 \
    "itflow: nothing left pending or failed"
done_testing
