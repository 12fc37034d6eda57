#!/bin/sh
# dashboard.sh - `client show`: the JSON shape, exact numbers on a
# hand-made client, recent_activity, and the cache (written on show,
# dropped by every kind of event about the client).
. "$top_srcdir/tests/lib.sh"

FIX="$top_builddir/tests/unit/fixture"
N=1768471200   # TERMPSA_NOW
D=86400
w() { "$SQLITE3_SHELL" -batch "$TERMPSA_DB" "$1"; }

tp init >/dev/null

# Client 1 is measured; client 2 carries rows that must not be counted.
w "INSERT INTO users(id, name, hourly_rate_cents, created_at, updated_at)
   VALUES (10, 'ann', 10000, 1, 1), (11, 'bo', NULL, 1, 1);
 INSERT INTO clients(id, name, company_name, email, hourly_rate_cents,
   balance_cents, unbilled_cents, created_at, updated_at)
   VALUES (1, 'Acme', 'Acme Corp', 'ops@acme.test', 12000, 12345, 678, 1, 1),
          (2, 'Other', NULL, NULL, NULL, 0, 0, 1, 1);
 INSERT INTO client_contacts(client_id, name, email, is_primary, created_at, updated_at)
   VALUES (1, 'Al', NULL, 0, 1, 1), (1, 'Bob', 'bob@acme.test', 1, 1, 1),
          (2, 'Zed', NULL, 1, 1, 1);
 INSERT INTO counters(name, value) VALUES ('ticket', 7);
 INSERT INTO client_locations(client_id, name, city, created_at, updated_at)
   VALUES (1, 'HQ', 'Berlin', 1, 1);
 INSERT INTO tickets(id, number, client_id, subject, status, priority, due_at, created_at, updated_at) VALUES
   (1, 1, 1, 'Mail down',    'open',        'high',     $N - $D,   $N - 11*$D, $N),
   (2, 2, 1, 'VPN slow',     'in_progress', 'critical', $N + $D,   $N - 9*$D,  $N),
   (3, 3, 1, 'New laptop',   'waiting',     'normal',   NULL,      $N - 7*$D,  $N),
   (4, 4, 1, 'Patch server', 'scheduled',   'low',      $N - 2*$D, $N - 5*$D,  $N),
   (5, 5, 1, 'Printer jam',  'resolved',    'high',     $N - 3*$D, $N - 3*$D,  $N),
   (6, 6, 1, 'Reset pw',     'closed',      'normal',   NULL,      $N - 1*$D,  $N),
   (7, 7, 2, 'Other fire',   'open',        'critical', $N - $D,   $N,         $N);
 INSERT INTO assets(client_id, name, warranty_expire, created_at, updated_at) VALUES
   (1, 'pc1', '2025-12-01', 1, 1), (1, 'pc2', '2026-02-01', 1, 1),
   (1, 'pc3', '2026-02-14', 1, 1), (1, 'pc4', '2026-02-15', 1, 1),
   (1, 'pc5', NULL, 1, 1), (2, 'x', '2020-01-01', 1, 1);
 INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at) VALUES
   (1, 'INV-000001', 1, 'Support Services', 'draft',     '2026-01-01', '2026-02-01', 10000, $N - 10*$D, $N),
   (2, 'INV-000002', 1, 'Support Services', 'sent',      '2026-01-01', '2026-01-10', 20000, $N - 8*$D,  $N),
   (3, 'INV-000003', 1, 'Support Services', 'partial',   '2025-12-01', '2026-01-01', 30000, $N - 6*$D,  $N),
   (4, 'INV-000004', 1, 'Support Services', 'sent',      '2026-01-15', '2026-02-14', 40000, $N - 4*$D,  $N),
   (5, 'INV-000005', 1, 'Project: Move',    'paid',      '2026-01-01', '2026-01-31', 50000, $N - 2*$D,  $N),
   (6, 'INV-000006', 1, 'Support Services', 'cancelled', '2026-01-01', '2026-01-02', 60000, $N,         $N),
   (7, 'INV-000007', 2, 'Support Services', 'sent',      '2025-01-01', '2025-01-02', 99900, $N,         $N);
 INSERT INTO payments(client_id, invoice_id, amount_cents, status, received_at, created_at, updated_at) VALUES
   (1, 3, 5000, 'completed', $N - $D, 1, 1), (1, 3, 1000, 'failed', $N - $D, 1, 1),
   (1, 5, 50000, 'completed', $N - 10*$D, 1, 1),
   (1, NULL, 7000, 'completed', $N - 400*$D, 1, 1),
   (1, NULL, 3000, 'completed', $N - 100*$D, 1, 1),
   (2, 7, 100, 'completed', $N, 1, 1);
 INSERT INTO projects(id, client_id, name, status, created_at, updated_at) VALUES
   (1, 1, 'Migration', 'active', 1, 1), (2, 1, 'Paused', 'on_hold', 1, 1),
   (3, 1, 'Audit', 'active', 1, 1), (4, 2, 'Theirs', 'active', 1, 1);
 INSERT INTO time_entries(ticket_id, project_id, user_id, work_date, minutes, billable, invoice_id, created_at, updated_at) VALUES
   (NULL, 1, 10, '2026-01-10', 90, 1, NULL, 1, 1),
   (NULL, 1, 11, '2026-01-10', 30, 1, NULL, 1, 1),
   (NULL, 1, 10, '2026-01-10', 60, 0, NULL, 1, 1),
   (NULL, 1, 10, '2026-01-10', 60, 1, 5, 1, 1),
   (1, 1, 10, '2026-01-10', 60, 1, NULL, 1, 1),
   (NULL, 2, 10, '2026-01-10', 60, 1, NULL, 1, 1);
 INSERT INTO project_expenses(project_id, description, amount_cents, billable, invoice_id, created_at) VALUES
   (1, 'cables', 2500, 1, NULL, 1), (1, 'lunch', 1000, 0, NULL, 1),
   (1, 'switch', 700, 1, 5, 1);"

run tp client show 1 --json
J=$OUT
is "$RC" 0 "client show --json succeeds"
is "$("$PYTHON3" -c 'import json,sys; d=json.loads(sys.argv[1]); print(",".join(d))' "$J")" \
    "client,tickets,assets,financial,projects,recent_activity" "top-level keys in cli.md's order"
is "$("$PYTHON3" -c 'import json,sys; print(",".join(json.loads(sys.argv[1])["financial"]))' "$J")" \
    "balance_cents,unbilled_cents,unpaid_count,unpaid_cents,overdue_count,overdue_cents,paid_365d_cents" \
    "financial keys"
is "$(jget "$J" client.name)/$(jget "$J" client.company_name)/$(jget "$J" client.status)/$(jget "$J" client.rate_cents)" \
    "Acme/Acme Corp/active/12000" "client summary with status and rate"
is "$(jget "$J" client.primary_contact.name)" "Bob" "primary contact"
is "$(jlen "$J" client.contacts)/$(jget "$J" client.contacts.0.name)/$(jlen "$J" client.locations)/$(jget "$J" client.locations.0.city)" \
    "2/Bob/1/Berlin" "contacts (primary first) and locations of this client only"
is "$(jget "$J" tickets.by_status)" \
    '{"open":1,"in_progress":1,"waiting":1,"scheduled":1,"resolved":1,"closed":1}' \
    "tickets by status, every status"
is "$(jget "$J" tickets.open)/$(jget "$J" tickets.overdue)/$(jget "$J" tickets.open_urgent)/$(jget "$J" tickets.oldest_open_age_days)" \
    "4/2/2/11" "open 4, overdue 2 (not the resolved one), urgent 2, oldest 11 days"
is "$(jget "$J" assets)" '{"total":5,"warranty_expired":1,"warranty_expiring_30d":2}' \
    "assets: expired before today, expiring up to today + 30 inclusive"
is "$(jget "$J" financial)" \
    '{"balance_cents":12345,"unbilled_cents":678,"unpaid_count":3,"unpaid_cents":85000,"overdue_count":2,"overdue_cents":45000,"paid_365d_cents":58000}' \
    "financial: stored balance, outstanding unpaid/overdue, completed payments in 365 days"
is "$(jget "$J" projects)" \
    '[{"id":3,"name":"Audit","status":"active","due_date":null,"unbilled_cents":0},{"id":1,"name":"Migration","status":"active","due_date":null,"unbilled_cents":25000}]' \
    "active projects with unbilled time per user rate plus expenses"

# recent_activity: 6 tickets and 6 invoices, interleaved in time.
is "$(jlen "$J" recent_activity)" 10 "recent activity has 10 items"
is "$("$PYTHON3" -c 'import json,sys; print(" ".join("%s%d" % (a["type"][0], a["id"]) for a in json.loads(sys.argv[1])["recent_activity"]))' "$J")" \
    "i6 t6 i5 t5 i4 t4 i3 t3 i2 t2" "5 newest of each, merged newest first"
is "$(jget "$J" recent_activity.1)" \
    '{"type":"ticket","action":"created","id":6,"label":"#6 Reset pw","date":"2026-01-14T10:00:00Z"}' \
    "an activity item's shape"
run tp client show 2 --json
is "$(jget "$OUT" recent_activity)" \
    '[{"type":"invoice","action":"created","id":7,"label":"INV-000007 Support Services","date":"2026-01-15T10:00:00Z"},{"type":"ticket","action":"created","id":7,"label":"#7 Other fire","date":"2026-01-15T10:00:00Z"}]' \
    "at equal times the invoice comes first"

run tp client show 1
is "$RC" 0 "text dashboard"
like "$OUT" '^Tickets: 4 open, 2 overdue, 2 high/critical, oldest open 11 days' "text: tickets line"
like "$OUT" '^Overdue: 2 invoices, 450\.00' "text: overdue invoices"
like "$OUT" '^  Migration +unbilled 250\.00' "text: projects"
like "$OUT" '^  contact  Bob <bob@acme\.test>$' "text: a contact with its address in <>"
like "$OUT" '^  contact  Al$' "text: a contact without an address"

# The UI's view: the same document read back into struct dashboard.
run "$FIX" "$TERMPSA_DB" view 1
is "$OUT" "name Acme
company Acme Corp
status active
rate 12000 12000
primary Bob
tickets 4 2 2 11
assets 5 1 2
money 12345 678 3 85000 2 45000 58000
contacts 2 Bob Al
locations 1 Berlin
by_status 6 1 1 1 1 1 1
recent 10 INV-000006 Support Services #6 Reset pw INV-000005 Project: Move #5 Printer jam INV-000004 Support Services #4 Patch server INV-000003 Support Services #3 New laptop INV-000002 Support Services #2 VPN slow
projects 2 0 25000" "dashboard_get fills the UI's struct from the cached JSON"
run "$FIX" "$TERMPSA_DB" view 2
like "$OUT" "^rate -1 15000" "no own rate: -1, and the default rate applies"
like "$OUT" "^primary Zed" "client 2's primary contact"

run tp client show 99 --json
is "$RC:$ERR" "1:termpsa: client 99 not found" "unknown client: exit 1 and its name"
run tp client show abc
is "$RC" 65 "bad id: exit 65"

# The cache --------------------------------------------------------------
is "$(sql "SELECT key || ' ' || tag FROM cache ORDER BY key")" \
    "dashboard.1 client.1
dashboard.2 client.2" "show writes one cache row per client, tagged"
is "$(sql "SELECT expires_at - $N FROM cache WHERE key = 'dashboard.1'")" 3600 "TTL one hour"
# The row itself is changed (a change to the data would drop it: see
# cache_triggers.sh), so what is served shows where it came from.
w "UPDATE cache SET value = json_set(value, '$.client.notes', 'sneaky') WHERE key = 'dashboard.1'"
run tp client show 1 --json
is "$(jget "$OUT" client.notes)" "sneaky" "a fresh cache row is served (no rebuild)"
run env TERMPSA_NOW=2026-01-15T11:00:01Z "$TERMPSA" client show 1 --json
is "$(jget "$OUT" client.notes)" "" "an expired row is rebuilt"
w "UPDATE clients SET notes = 'direct' WHERE id = 1"
run tp client show 1 --json
is "$(jget "$OUT" client.notes)" "direct" "a change written past the services is shown at once"

# Every kind of event about the client drops its row, and the next show
# sees the change made with it.
for ev in ClientUpdated:client ContactCreated:client_contact \
    LocationCreated:client_location TicketCreated:ticket TicketUpdated:ticket \
    TicketNoteAdded:ticket_note TicketResolved:ticket TicketClosed:ticket \
    TicketDeleted:ticket TimeLogged:time_entry AssetCreated:asset \
    AssetUpdated:asset AssetMaintenanceScheduled:asset ProjectCreated:project \
    ProjectExpenseAdded:project_expense InvoiceCreated:invoice \
    InvoiceSent:invoice InvoicePaid:invoice InvoiceCancelled:invoice \
    PaymentReceived:payment AccountCreated:account AccountDeleted:account; do
	name=${ev%%:*} entity=${ev#*:}
	tp client show 1 --json >/dev/null
	tp client show 2 --json >/dev/null
	"$FIX" "$TERMPSA_DB" emit "$name" "$entity" 1 1 - - \
	    "UPDATE clients SET notes = '$name' WHERE id = 1"
	is "$(sql "SELECT group_concat(key) FROM cache")" "dashboard.2" \
	    "$name drops client 1's dashboard only"
	run tp client show 1 --json
	is "$(jget "$OUT" client.notes)" "$name" "show after $name reflects it"
done

# Real changes through the services show up in the numbers.
tp client show 1 --json >/dev/null
"$FIX" "$TERMPSA_DB" ticket 1 "Fresh one" open critical >/dev/null
run tp client show 1 --json
is "$(jget "$OUT" tickets.open)/$(jget "$OUT" tickets.open_urgent)/$(jget "$OUT" recent_activity.1.label)" \
    "5/3/#8 Fresh one" "a ticket created through the service is counted"
"$FIX" "$TERMPSA_DB" emit InvoicePaid invoice 2 1 update '{"status":"paid"}' \
    "UPDATE invoices SET status = 'paid' WHERE id = 2"
run tp client show 1 --json
is "$(jget "$OUT" financial.unpaid_count)/$(jget "$OUT" financial.overdue_cents)" \
    "2/25000" "an invoice paid leaves unpaid and overdue"

done_testing
