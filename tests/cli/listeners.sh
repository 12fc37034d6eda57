#!/bin/sh
# listeners.sh - one test per row of domain.md's listener table, driving
# the event bus through tests/fixture (emit = SQL change + event in one
# transaction) and the jobs through `termpsa jobs run`.
. "$top_srcdir/tests/lib.sh"

FIX="$top_builddir/tests/unit/fixture"
N=1768471200   # TERMPSA_NOW
w() { "$SQLITE3_SHELL" -batch "$TERMPSA_DB" "$1"; }
emit() { "$FIX" "$TERMPSA_DB" emit "$@"; }

tp init >/dev/null
w "INSERT INTO clients(id, name, hourly_rate_cents, created_at, updated_at)
     VALUES (1, 'Acme', 6000, 1, 1), (2, 'Other', NULL, 1, 1);
   INSERT INTO users(id, name, created_at, updated_at) VALUES (50, 'ann', 1, 1);
   INSERT INTO tickets(id, number, client_id, subject, created_at, updated_at)
     VALUES (1, 1, 1, 'Mail down', 1, 1);
   INSERT INTO counters(name, value) VALUES ('ticket', 1);
   INSERT INTO time_entries(ticket_id, user_id, work_date, minutes, created_at, updated_at)
     VALUES (1, 50, '2026-01-14', 90, 1, 1);"

# ClientCreated -> InitializeAssetCategories (in transaction)
emit ClientCreated client 2 2 create -
is "$(sql "SELECT group_concat(name, ',') FROM (SELECT name FROM asset_categories WHERE client_id = 2 ORDER BY name)")" \
    "Mobile,Network,Other,Printer,Server,Workstation" \
    "ClientCreated initialises the 6 asset categories"

# every event -> LogActivity
before=$(sql 'SELECT count(*) FROM activity')
emit ClientUpdated client 1 1 update '{"status":"inactive"}'
emit UserCreated user 50 0 - -
is "$(sql 'SELECT count(*) FROM activity') " "$((before + 2)) " "every event writes one activity line"
is "$(sql "SELECT coalesce(client_id, '-') || ' ' || entity || ' ' || entity_id FROM activity ORDER BY id DESC LIMIT 1")" \
    "- user 50" "the line names the entity (no client for a user)"
is "$(sql "SELECT count(*) FROM jobs")" 0 "ClientUpdated and UserCreated: activity only, no jobs"

# every event about a client -> InvalidateClientCache
w "INSERT INTO cache(key, tag, value, expires_at) VALUES
     ('dashboard.1', 'client.1', '{}', $N + 3600), ('dashboard.2', 'client.2', '{}', $N + 3600)"
emit UserCreated user 50 0 - -
is "$(sql 'SELECT count(*) FROM cache')" 2 "an event about no client drops no dashboard"
emit TicketNoteAdded ticket_note 9 1 create '{"ticket_id":1}'
is "$(sql 'SELECT group_concat(key) FROM cache')" "dashboard.2" \
    "an event about client 1 drops client 1's dashboard, in the same transaction"

# every change to a syncable row -> QueueForSync
emit TicketUpdated ticket 1 1 update '{"priority":"high"}'
is "$(sql "SELECT entity || ' ' || local_id || ' ' || op || ' ' || fields || ' ' || state FROM outbox ORDER BY id DESC LIMIT 1")" \
    'ticket 1 update {"priority":"high"} pending' "a syncable change queues an outbox row"
n=$(sql 'SELECT count(*) FROM outbox')
emit ProjectCreated project 1 1 - -
is "$(sql 'SELECT count(*) FROM outbox')" "$n" "an event without a sync op queues nothing"

# TicketResolved -> UpdateClientBalance (job, due now)
w "DELETE FROM jobs"
emit TicketResolved ticket 1 1 resolve '{"status":"resolved"}' \
    "UPDATE tickets SET status = 'resolved', resolved_at = $N WHERE id = 1"
is "$(sql "SELECT name || ' ' || (available_at - $N) FROM jobs WHERE name <> 'check_sla'")" \
    "update_client_balance 0" "TicketResolved queues update_client_balance due now"
is "$(sql "SELECT count(*) FROM jobs WHERE name = 'check_sla'")" 0 \
    "TicketResolved: CheckSla runs in the transaction, no job for a ticket with no target ahead (tests/cli/sla.sh)"
is "$(sql 'SELECT unbilled_cents FROM clients WHERE id = 1')" 0 "not recomputed before the job runs"
run tp jobs run
is "$OUT|$(sql 'SELECT unbilled_cents FROM clients WHERE id = 1')" "1 job run, 0 failed|9000" \
    "the job recomputes the balance (90 min at 60.00)"

# TicketResolved (maintenance ticket) -> CompleteMaintenance (in transaction)
w "INSERT INTO assets(id, client_id, name, status, created_at, updated_at)
     VALUES (1, 1, 'srv1', 'maintenance', 1, 1);
   INSERT INTO tickets(id, number, client_id, asset_id, subject, status, category, created_at, updated_at)
     VALUES (2, 2, 1, 1, 'Scheduled Maintenance: srv1', 'scheduled', 'maintenance', 1, 1);
   INSERT INTO asset_maintenance(id, asset_id, ticket_id, scheduled_date, created_at)
     VALUES (1, 1, 2, '2026-01-20', 1);"
emit TicketResolved ticket 2 1 resolve '{"status":"resolved"}' \
    "UPDATE tickets SET status = 'resolved' WHERE id = 2"
is "$(sql 'SELECT completed_at FROM asset_maintenance WHERE id = 1')/$(sql 'SELECT status FROM assets WHERE id = 1')" \
    "$N/deployed" "resolving a maintenance ticket completes it and redeploys the asset"

# AssetMaintenanceScheduled -> UpdateAssetStatus (in transaction)
emit AssetMaintenanceScheduled asset 1 1 - '{"ticket_id":2,"maintenance_id":1}'
is "$(sql 'SELECT status FROM assets WHERE id = 1')" maintenance \
    "AssetMaintenanceScheduled puts the asset in maintenance"

# PaymentReceived -> UpdateClientBalance (job, due in 5 s), GenerateReports
# (job: the revenue report was stale after a partial payment)
w "DELETE FROM jobs"
emit PaymentReceived payment 1 1 create '{"invoice_id":null}' \
    "INSERT INTO payments(id, client_id, amount_cents, received_at, created_at, updated_at) VALUES (1, 1, 2500, $N, $N, $N)"
is "$(sql "SELECT group_concat(name || ' ' || (available_at - $N), ',') FROM (SELECT * FROM jobs ORDER BY name)")" \
    "generate_reports 0,update_client_balance 5" \
    "PaymentReceived queues update_client_balance due in 5 s and generate_reports"
run tp jobs run
is "$OUT|$(sql 'SELECT balance_cents FROM clients WHERE id = 1')" "1 job run, 0 failed|0" \
    "not due yet: the balance waits (eventual consistency); the report does not"
is "$(sql "SELECT paid_cents FROM report_monthly WHERE month = '2026-01'")" 2500 \
    "... the payment is in its month's revenue"
run env TERMPSA_NOW=2026-01-15T10:00:05Z "$TERMPSA" jobs run
is "$OUT|$(sql 'SELECT balance_cents FROM clients WHERE id = 1')" "1 job run, 0 failed|-2500" \
    "5 s later the job applies the payment on account"

# InvoiceCreated -> SendNotifications, GenerateReports (jobs)
w "DELETE FROM jobs;
   INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at)
     VALUES (1, 'INV-000001', 1, 'Support Services', 'sent', '2026-01-15', '2026-02-14', 12345, $N, $N)"
emit InvoiceCreated invoice 1 1 create -
is "$(sql "SELECT group_concat(name || ' ' || (available_at - $N), ',') FROM (SELECT * FROM jobs ORDER BY name)")" \
    "generate_reports 0,send_notifications 0" "InvoiceCreated queues send_notifications and generate_reports"

# InvoicePaid -> GenerateReports, SendNotifications (jobs)
w "DELETE FROM jobs"
emit InvoicePaid invoice 1 1 update '{"status":"paid"}' "UPDATE invoices SET status = 'paid' WHERE id = 1"
is "$(sql "SELECT group_concat(name, ',') FROM (SELECT * FROM jobs ORDER BY name)")" \
    "generate_reports,send_notifications" "InvoicePaid queues generate_reports and send_notifications"
w "DELETE FROM jobs"

# InvoiceCancelled -> GenerateReports (job: a cancelled invoice leaves the
# invoiced total)
emit InvoiceCancelled invoice 1 1 update '{"status":"cancelled"}' "UPDATE invoices SET status = 'cancelled' WHERE id = 1"
is "$(sql "SELECT group_concat(name, ',') FROM (SELECT * FROM jobs ORDER BY name)")" \
    "generate_reports" "InvoiceCancelled queues generate_reports"
w "UPDATE invoices SET status = 'paid' WHERE id = 1; DELETE FROM jobs"

# SendNotifications: a notification row, and notify.command gets the event
# JSON on stdin; a failing command is recorded, never fatal.
emit InvoiceCreated invoice 1 1 create -
run "$FIX" "$TERMPSA_DB" jobs-notify sh -c "cat > '$TMPD/notify.json'"
is "$RC|$OUT" "0|2 0" "the notification jobs run"
is "$(sql "SELECT kind || ': ' || message FROM notifications ORDER BY id DESC LIMIT 1")" \
    "InvoiceCreated: Invoice INV-000001 created for Acme: 123.45" "a notification row is written"
is "$(jget "$(cat "$TMPD/notify.json")" event)/$(jget "$(cat "$TMPD/notify.json")" entity_id)" \
    "InvoiceCreated/1" "notify.command receives the event JSON on stdin"
emit InvoiceCreated invoice 1 1 create -
a=$(sql 'SELECT count(*) FROM activity')
run "$FIX" "$TERMPSA_DB" jobs-notify sh -c 'exit 3'
is "$RC|$OUT" "0|2 0" "a failing notify.command fails no job"
is "$(sql 'SELECT count(*) FROM jobs')/$(sql 'SELECT count(*) FROM activity')" "0/$((a + 1))" \
    "its failure is recorded in the activity log"
like "$(sql "SELECT line FROM activity ORDER BY id DESC LIMIT 1")" "." "with a line for a person"

# The CLI's view of it
run tp notifications --unread --json
is "$(jlen "$OUT" "")" 2 "notifications --unread lists both"
id=$(jget "$OUT" 0.id)
run tp notifications read "$id"
is "$RC|$OUT" "0|notification $id read" "notifications read ID"
is "$(sql 'SELECT count(*) FROM notifications WHERE read_at IS NULL')" 1 "one left unread"
run tp notifications read 999
is "$RC|$ERR" "1|termpsa: notification 999 not found" "unknown notification: exit 1"
run tp notifications read
is "$RC" 64 "neither ID nor --all: exit 64"
run tp notifications read --all
is "$(sql 'SELECT count(*) FROM notifications WHERE read_at IS NULL')" 0 "notifications read --all"
run tp activity --client 1 --limit 2 --json
is "$RC/$(jlen "$OUT" "")/$(jget "$OUT" 0.client_name)" "0/2/Acme" "activity --client --limit"
run tp activity --client 77
is "$RC|$ERR" "1|termpsa: client 77 not found" "activity for an unknown client: exit 1"
run tp activity --limit 0
is "$RC" 65 "bad limit: exit 65"

done_testing
