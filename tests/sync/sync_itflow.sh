#!/bin/sh
# sync_itflow.sh - the itflow profile against the test PSA's ITFlow API v1:
# field and value maps, the api_key in the body, replies for notes, time
# and status changes, resolve, unsupported operations kept locally,
# truncation, "success":"False", PHP warnings before the JSON, and unknown
# outcomes resolved by reading back instead of creating twice.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"
export TERMPSA_TRACE_SQL="$TMPD/trace.log"

start_server
sync_config itflow
tp init >/dev/null

C=$(mk_client Acme)
wsql "UPDATE clients SET notes = 'Key in reception' WHERE id = $C"
T=$(mk_ticket "$C" Printer critical)
N=$(mk_note "$T" "Called the user" public)
TE=$(mk_time "$T" 95)
A=$(mk_asset "$C" LAP1)
ticket_status "$T" waiting
wsql "BEGIN; UPDATE tickets SET priority = 'low' WHERE id = $T;
    $(ob ticket "$T" update '{"priority":"low"}') COMMIT;"
I=$(mk_invoice "$C" INV-000001)
P=$(mk_payment "$C" "$I" 25000)
wsql "BEGIN; INSERT INTO client_contacts(client_id, name, created_at,
    updated_at) VALUES ($C, 'Jo', 0, 0);
    $(ob client_contact 'last_insert_rowid()' create) COMMIT;"
LONG=$("$PYTHON3" -c 'print("x" * 600)')
T2=$(mk_ticket "$C" "$LONG" critical)

run tp sync
is "$RC" 0 "sync to ITFlow succeeds"
is "$(srv '[r["path"] for r in R if r["method"] == "POST"]')" \
    '["/api/v1/clients/create.php","/api/v1/tickets/create.php","/api/v1/ticket_replies/create.php","/api/v1/ticket_replies/create.php","/api/v1/assets/create.php","/api/v1/ticket_replies/create.php","/api/v1/tickets/create.php"]' \
    "client, ticket, note, time, asset, status reply, long ticket: in order"
is "$(srv 'all(r["body"]["api_key"] == "(redacted)" for r in R if r["method"] == "POST")')" True \
    "the api_key travels in every JSON body"
CU=$(sql "SELECT op_uuid FROM outbox WHERE entity = 'client' AND local_id = $C")
is "$(srv '[S["itflow_clients"][0][k] for k in ("client_name","client_rate","client_notes")]')" \
    "[\"Acme\",\"125.00\",\"[termpsa:$CU]\\n\\nKey in reception\"]" \
    "client: name, rate as a decimal, the marker before the notes"
TU=$(sql "SELECT op_uuid FROM outbox WHERE entity = 'ticket' AND local_id = $T AND op = 'create'")
is "$(srv '[S["itflow_tickets"][0][k] for k in ("client_id","ticket_subject","ticket_details","ticket_priority","ticket_billable")]')" \
    "[\"101\",\"Printer\",\"[termpsa:$TU]\\n\\nDetails of Printer\",\"Low\",1]" \
    "ticket: client's remote id, subject, details with the marker, its current priority low -> Low"
is "$(srv '[(r["ticket_id"], r["ticket_reply_type"], r["ticket_reply_time_worked"]) for r in S["itflow_ticket_replies"]]')" \
    '[["102","Public","00:00:00"],["102","Internal","1:35:00"],["102","Internal","00:00:00"]]' \
    "note as a Public reply; 95 minutes as 1:35:00; the status reply Internal"
is "$(srv 'S["itflow_ticket_replies"][1]["ticket_reply"].split("\n")[2]')" \
    "Time worked: 95 min. onsite" "the time reply says what was done"
is "$(srv '[S["itflow_ticket_replies"][2]["ticket_status"], S["itflow_tickets"][0]["ticket_status"]]')" \
    '[3,3]' "a status change is a reply with ticket_status (waiting -> 3)"
is "$(srv '[S["itflow_assets"][0][k] for k in ("client_id","asset_name","asset_serial","asset_warranty_expire")]')" \
    '["101","LAP1","SN-LAP1","2027-03-01"]' "asset fields"
is "$(srv '[S["itflow_tickets"][1]["ticket_priority"], len(S["itflow_tickets"][1]["ticket_subject"])]')" '["Urgent",200]' \
    "critical -> Urgent; a 600-character subject is cut to 200 before sending (ITFlow answers 500 otherwise)"
is "$(sql "SELECT group_concat(entity || '.' || op || ':' || state, ' ') FROM (SELECT * FROM outbox WHERE state = 'unsupported' AND entity <> 'user' ORDER BY id)")" \
    "ticket.update:unsupported invoice.create:unsupported payment.create:unsupported client_contact.create:unsupported" \
    "priority change, invoice, payment, contact: unsupported"
is "$(sql "SELECT group_concat(last_error, '|') FROM (SELECT last_error FROM outbox WHERE state = 'unsupported' AND entity <> 'user' ORDER BY id)")" \
    "not supported by this PSA: ITFlow API v1 changes only a ticket's status (as a reply)|not supported by this PSA: ITFlow API v1 cannot create invoices|not supported by this PSA: ITFlow API v1 cannot record payments|not supported by this PSA: no contact endpoint in ITFlow API v1" \
    "each with the profile's own reason"
is "$(sql "SELECT count(*) FROM invoices WHERE id = $I")$(sql "SELECT count(*) FROM payments WHERE id = $P")" \
    "11" "the local invoice and payment are kept"
run tp sync status --json
is "$(jget "$OUT" unsupported)" "$((4 + $(sql "SELECT count(*) FROM outbox WHERE entity = 'user' AND state = 'unsupported'")))" \
    "sync status counts them"

# --- resolve; an unknown outcome read back, not created twice ------------------
ctl POST /_control/clear >/dev/null
fault '{"path":"/api/v1/tickets/resolve.php","drop":true,"process":true}'
wsql "BEGIN; UPDATE tickets SET status = 'resolved' WHERE id = $T;
    $(ob ticket "$T" resolve '{"status":"resolved"}') COMMIT;"
RID=$(sql "SELECT max(id) FROM outbox")
run tp sync
is "$(outbox_state "$RID"):$(srv 'S["itflow_tickets"][0]["ticket_status"]')" "pending:4" \
    "the resolve went through but the answer was lost: pending, resolved remotely"
export TERMPSA_NOW=2026-01-15T10:10:00Z
run tp sync
is "$(outbox_state "$RID")" done "the retry reads the ticket back and finds it resolved"
is "$(srv '[r["path"] for r in R if r["method"] == "POST"]')" '["/api/v1/tickets/resolve.php"]' \
    "resolve.php was not called again (it would answer False)"

ctl POST /_control/clear >/dev/null
fault '{"path":"/api/v1/tickets/create.php","drop":true,"process":true}'
T3=$(mk_ticket "$C" "Lost answer")
run tp sync
T3ID=$(sql "SELECT id FROM outbox WHERE entity = 'ticket' AND local_id = $T3")
is "$(outbox_state "$T3ID")" pending "a dropped connection after the create: pending"
export TERMPSA_NOW=2026-01-15T10:20:00Z
run tp sync
is "$(outbox_state "$T3ID")" done "the retry reads back and finds the marker"
is "$(srv '[r["path"] for r in R if r["method"] == "POST"]')" '["/api/v1/tickets/create.php"]' \
    "tickets/create.php was not called a second time"
is "$(sql "SELECT count(*) FROM tickets WHERE subject = 'Lost answer'")" 1 \
    "the pull did not add it a second time locally"
is "$(srv 'len([t for t in S["itflow_tickets"] if t["ticket_subject"] == "Lost answer"])')" 1 \
    "the ticket exists once on ITFlow"
is "$(sql "SELECT remote_id FROM tickets WHERE id = $T3")" \
    "$(srv '[t["ticket_id"] for t in S["itflow_tickets"] if t["ticket_subject"] == "Lost answer"][0]')" \
    "and the local ticket has its id"

fault '{"path":"/api/v1/tickets/create.php","drop":true,"process":true}'
T4=$(mk_ticket "$C" "Lost then pulled")
mk_ticket "$C" "Fine one" >/dev/null
run tp sync
is "$(sql "SELECT state FROM outbox WHERE entity = 'ticket' AND local_id = $T4")" done \
    "a lost answer is recognised by its marker in the same run's pull"
is "$(sql "SELECT count(*) FROM tickets WHERE subject = 'Lost then pulled'")/$(srv 'len([t for t in S["itflow_tickets"] if t["ticket_subject"] == "Lost then pulled"])')" \
    "1/1" "once locally, once remotely"

fault '{"path":"/api/v1/ticket_replies/create.php","delay":3}'
N2=$(mk_note "$T3" "Slow note")
run tp sync
N2ID=$(sql "SELECT id FROM outbox WHERE entity = 'ticket_note' AND local_id = $N2")
is "$(outbox_state "$N2ID")" pending "a stalled reply times out: pending"
sleep 1.5
export TERMPSA_NOW=2026-01-15T10:30:00Z
run tp sync
is "$(outbox_state "$N2ID")" done "the retry finds the reply by its marker"
is "$(srv 'len([r for r in S["itflow_ticket_replies"] if r["ticket_reply"].endswith("Slow note")])')" 1 \
    "the reply exists once"

# --- success False, PHP warnings ------------------------------------------------
fault '{"path":"/api/v1/assets/create.php","status":200,"body":{"success":"False","message":"Resource creation failed"}}'
A2=$(mk_asset "$C" Refused)
fault '{"path":"/api/v1/assets/create.php","prefix":"<br />\n<b>Warning</b>: Undefined array key [\"asset_uri\"] in {api.php}<br />\n"}'
A3=$(mk_asset "$C" Warned)
run tp sync
is "$(sql "SELECT state || ': ' || last_error FROM outbox WHERE entity = 'asset' AND local_id = $A2")" \
    "failed: HTTP 200: Resource creation failed" '"success":"False" is a permanent failure'
is "$(sql "SELECT state FROM outbox WHERE entity = 'asset' AND local_id = $A3")/$(sql "SELECT remote_id IS NOT NULL FROM assets WHERE id = $A3")" \
    "done/1" "PHP warnings before the JSON are skipped"

# --- pull maps ITFlow's values back -----------------------------------------------
ctl POST /_control/seed '{"kind":"itflow_tickets","record":{"ticket_subject":"From ITFlow","ticket_details":"d","ticket_priority":"High","ticket_status":2,"ticket_client_id":101,"client_id":101}}' >/dev/null
run tp sync
is "$(sql "SELECT priority || ',' || status || ',' || source || ',' || client_id FROM tickets WHERE subject = 'From ITFlow'")" \
    "high,open,psa,$C" "a pulled ITFlow ticket: High -> high, 2 -> open, source psa, its client"

OUTS=$(all_output; cat "$TERMPSA_TRACE_SQL" "$TERMPSA_DB" "$TERMPSA_DB-wal" 2>/dev/null)
ok "$(printf '%s' "$OUTS" | grep -c -a -- "$PSA_KEY" | grep -qx 0 && echo 0 || echo 1)" \
    "the api key appears in no output, log, trace or database file"
done_testing
