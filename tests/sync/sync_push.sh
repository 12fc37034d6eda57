#!/bin/sh
# sync_push.sh - the outbox worker against the test PSA, termpsa profile:
# every entity pushed once with its fields, order and references, the
# Idempotency-Key, retries and Retry-After, a 422 parked while the rest
# flows, poison rows, the sync commands, and no secret anywhere.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"
export TERMPSA_TRACE_SQL="$TMPD/trace.log"
NOW=1768471200   # TERMPSA_NOW of lib.sh

start_server
tp init >/dev/null

# --- not configured: no network ---------------------------------------------
printf 'user: tech\n' >"$TMPD/plain.yaml"
C0=$(mk_client Quiet)
run tp --config "$TMPD/plain.yaml" sync
is "$RC" 1 "sync without a sync: section exits 1"
like "$ERR" "sync is not configured" "and says sync is not configured"
is "$(srv 'len(R)')" 0 "and sends nothing"
run tp --config "$TMPD/plain.yaml" sync status --json
is "$(jget "$OUT" configured)" false "sync status --json: configured false"
is "$(jget "$OUT" pending)" "$(sql "SELECT count(*) FROM outbox WHERE state = 'pending'")" \
    "sync status counts the pending rows"

sync_config termpsa
wsql "DELETE FROM outbox WHERE entity = 'client'; DELETE FROM clients;"

# --- every entity, once, with its fields ------------------------------------
C=$(mk_client Acme)
T=$(mk_ticket "$C" Printer high)
N=$(mk_note "$T" "Toner replaced" public)
TE=$(mk_time "$T" 95)
A=$(mk_asset "$C" LAP1)
I=$(mk_invoice "$C" INV-000001)
P=$(mk_payment "$C" "$I" 25000)
ticket_status "$T" waiting
wsql "$(ob project 1 create)"   # an entity no profile sends
P0=$(sql "SELECT count(*) FROM outbox WHERE state = 'pending' AND attempts = 0")

run tp sync --dry-run
is "$RC" 0 "sync --dry-run succeeds"
like "$OUT" "client create $C: POST /clients" "dry run shows the client's request"
like "$OUT" "ticket update $T: PATCH /tickets/ \{\"status\":\"waiting\"\}" \
    "dry run shows the PATCH with only the changed field"
is "$(srv 'len(R)')" 0 "dry run sends nothing"
is "$(sql "SELECT count(*) FROM outbox WHERE state = 'pending' AND attempts = 0")" "$P0" \
    "dry run changes no row"

run env -u TERMPSA_SYNC "$TERMPSA" sync --dry-run
is "$RC" 0 "without TERMPSA_SYNC the helper is found next to termpsa"
mkdir -p "$TMPD/bin" && cp "$TERMPSA" "$TMPD/bin/termpsa"
run env -u TERMPSA_SYNC "$TMPD/bin/termpsa" sync --dry-run
if [ "$RC" = 0 ]; then
	# An installed termpsa-sync in libexecdir was found instead.
	T_N=$((T_N + 1)); echo "ok $T_N # SKIP a termpsa-sync is installed"
	T_N=$((T_N + 1)); echo "ok $T_N # SKIP a termpsa-sync is installed"
else
	is "$RC" 70 "no helper next to termpsa nor in libexecdir: exit 70"
	like "$ERR" "the helper termpsa-sync is not installed" "and says so"
fi

run tp sync
is "$RC" 0 "sync pushes everything"
like "$OUT" "pushed 8," "it reports 8 pushed"
is "$(srv '[(r["method"], r["path"]) for r in R if r["method"] != "GET"]')" \
    '[["POST","/clients"],["POST","/tickets"],["POST","/tickets/102/notes"],["POST","/tickets/102/time_entries"],["POST","/assets"],["POST","/invoices"],["POST","/payments"],["PATCH","/tickets/102"]]' \
    "one request per record, in outbox order, children after parents"
is "$(srv '[r["key"] for r in R if r["method"] != "GET"]')" \
    "$(sql "SELECT json_group_array(op_uuid) FROM (SELECT op_uuid FROM outbox WHERE entity NOT IN ('user', 'project') ORDER BY id)")" \
    "each write carries Idempotency-Key = its op uuid"
is "$(srv 'all(r["auth"] for r in R)')" True "each request is authenticated"
is "$(srv '[S["clients"][0][k] for k in ("name","company_name","status","hourly_rate_cents","external_id")]')" \
    "[\"Acme\",\"Co Acme\",\"active\",12500,\"$(sql "SELECT uuid FROM clients WHERE id = $C")\"]" \
    "client fields and external_id = the client's uuid"
is "$(srv '[S["tickets"][0][k] for k in ("client_id","client_name","subject","description","priority")]')" \
    '["101","Acme","Printer","Details of Printer","high"]' \
    "ticket fields; client_id is the client's remote id"
is "$(srv '[S["notes"][0][k] for k in ("ticket_id","body","visibility")]')" \
    '["102","Toner replaced","public"]' "note fields"
is "$(srv '[S["time_entries"][0][k] for k in ("ticket_id","minutes","billable","work_date","user")]')" \
    '["102",95,true,"2026-01-15","tech"]' "time entry fields"
is "$(srv '[S["assets"][0][k] for k in ("client_id","name","type","serial","warranty_expire")]')" \
    '["101","LAP1","Laptop","SN-LAP1","2027-03-01"]' "asset fields"
is "$(srv '[S["invoices"][0][k] for k in ("client_id","number","status","total_cents","items")]')" \
    '["101","INV-000001","draft",25000,[{"description":"Labor","quantity":200,"price_cents":12500,"total_cents":25000}]]' \
    "invoice fields with its items"
is "$(srv '[S["payments"][0][k] for k in ("client_id","invoice_id","amount_cents","method")]')" \
    '["101","106",25000,"card"]' "payment fields; invoice_id is the invoice's remote id"
is "$(srv 'S["tickets"][0]["status"]')" waiting "the PATCH changed the status"
is "$(sql "SELECT remote_id FROM tickets WHERE id = $T")/$(sql "SELECT remote_id FROM ticket_notes WHERE id = $N")/$(sql "SELECT remote_id FROM time_entries WHERE id = $TE")/$(sql "SELECT remote_id FROM payments WHERE id = $P")" \
    "102/103/104/107" "remote ids are stored on the local records"
is "$(sql "SELECT group_concat(state) FROM (SELECT state FROM outbox WHERE entity NOT IN ('user', 'project') ORDER BY id)")" \
    "done,done,done,done,done,done,done,done" "every row is done"
is "$(sql "SELECT state || ':' || last_error FROM outbox WHERE entity = 'project'")" \
    "unsupported:not supported by this PSA" "a row the profile has no op for ends unsupported, kept"

run tp sync
is "$(srv 'len([r for r in R if r["method"] != "GET"])')" 8 "a second run sends nothing again"

# --- a ticket waits for its client --------------------------------------------
ctl POST /_control/clear >/dev/null
fault '{"method":"POST","path":"/clients","status":503}'
C2=$(mk_client Beta)
T2=$(mk_ticket "$C2" "Wifi down")
run tp sync
is "$(sql "SELECT state || ',' || attempts || ',' || http_status FROM outbox WHERE entity = 'client' AND local_id = $C2")" \
    "pending,1,503" "a 503 leaves the client pending with attempt 1"
is "$(srv 'len([r for r in R if r["path"] == "/tickets" and r["method"] == "POST"])')" 0 \
    "its ticket is not sent while the client has no remote id"
is "$(sql "SELECT state || ',' || attempts FROM outbox WHERE entity = 'ticket' AND local_id = $T2")" \
    "pending,0" "the ticket waits, untried"
export TERMPSA_NOW=2026-01-15T10:10:00Z
run tp sync
is "$(sql "SELECT group_concat(state) FROM outbox WHERE local_id IN ($C2, $T2) AND entity IN ('client', 'ticket') AND op = 'create'")" \
    "done,done" "after the backoff both go, client first"
is "$(srv '[r["key"] for r in R if r["path"] == "/clients" and r["method"] == "POST"]')" \
    "$(sql "SELECT json_array(op_uuid, op_uuid) FROM outbox WHERE entity = 'client' AND local_id = $C2")" \
    "the retry carried the same Idempotency-Key"
is "$(srv 'S["tickets"][-1]["client_id"]')" "$(sql "SELECT remote_id FROM clients WHERE id = $C2")" \
    "the ticket points at the client's new remote id"

# --- each retryable status; Retry-After -------------------------------------
sync_config termpsa "  breaker:
    failure_threshold: 50"
ctl POST /_control/clear >/dev/null
export TERMPSA_NOW=2026-01-15T11:00:00Z
NOW=$((1768471200 + 3600))
for code in 408 429 500 502 503 504; do
	fault "{\"path\":\"/clients\",\"status\":$code,\"match\":\"R$code\"}"
	mk_client "R$code" >/dev/null
done
run tp sync
is "$(sql "SELECT group_concat(http_status || ':' || state || ':' || attempts) FROM (SELECT * FROM outbox WHERE entity = 'client' AND state <> 'done' ORDER BY id)")" \
    "408:pending:1,429:pending:1,500:pending:1,502:pending:1,503:pending:1,504:pending:1" \
    "408, 429, 500, 502, 503 and 504 are retried, not failed"
is "$(sql "SELECT count(*) FROM outbox WHERE entity = 'client' AND state = 'pending' AND next_try_at BETWEEN $NOW + 1 AND $NOW + 2")" 6 \
    "first backoff is full jitter within base 1 s (at least 1 s)"
export TERMPSA_NOW=2026-01-15T11:10:00Z
run tp sync
is "$(sql "SELECT count(*) FROM outbox WHERE entity = 'client' AND state <> 'done'")" 0 "all six go through on the next run"
is "$(srv 'sorted(c["name"] for c in S["clients"] if c["name"].startswith("R"))')" \
    '["R408","R429","R500","R502","R503","R504"]' "each exactly once on the server"

NOW=$((1768471200 + 7200))
export TERMPSA_NOW=2026-01-15T12:00:00Z
fault '{"path":"/clients","status":429,"retry_after":120}'
RA=$(mk_client RetryAfter)
run tp sync
is "$(sql "SELECT next_try_at - $NOW FROM outbox WHERE entity = 'client' AND local_id = $RA")" 120 \
    "Retry-After: 120 schedules the retry 120 s later"
wsql "UPDATE outbox SET state = 'done' WHERE entity = 'client' AND local_id = $RA"
fault '{"path":"/clients","status":503,"retry_after":99999}'
RB=$(mk_client RetryLong)
run tp sync
is "$(sql "SELECT next_try_at - $NOW FROM outbox WHERE entity = 'client' AND local_id = $RB")" 3600 \
    "Retry-After is honoured up to 1 h"
wsql "UPDATE outbox SET state = 'done' WHERE entity = 'client' AND local_id = $RB"
DATE=$("$PYTHON3" -c 'import time, email.utils; print(email.utils.formatdate(time.time() + 600, usegmt=True))')
fault "{\"path\":\"/clients\",\"status\":503,\"retry_after\":\"$DATE\"}"
RC3=$(mk_client RetryDate)
run tp sync
D=$(sql "SELECT next_try_at - $NOW FROM outbox WHERE entity = 'client' AND local_id = $RC3")
ok "$([ "$D" -ge 595 ] && [ "$D" -le 600 ] && echo 0 || echo 1)" \
    "Retry-After as an HTTP date (10 min ahead) gives ~600 s (got $D)"
wsql "UPDATE outbox SET state = 'done' WHERE entity = 'client' AND local_id = $RC3"

# --- a stall: timeout, then the same key replays -------------------------------
ctl POST /_control/clear >/dev/null
fault '{"path":"/clients","delay":3}'
ST=$(mk_client Stalled)
run tp sync
is "$(sql "SELECT state || ':' || attempts FROM outbox WHERE entity = 'client' AND local_id = $ST")" \
    "pending:1" "a stalled request times out and is retried later"
like "$(sql "SELECT last_error FROM outbox WHERE entity = 'client' AND local_id = $ST")" \
    "did not answer in time" "with a message saying so"
sleep 1.5   # the server finishes the stalled request: an unknown outcome
export TERMPSA_NOW=2026-01-15T12:30:00Z
run tp sync
is "$(sql "SELECT state FROM outbox WHERE entity = 'client' AND local_id = $ST")" done \
    "the retry succeeds"
is "$(srv 'len([c for c in S["clients"] if c["name"] == "Stalled"])')" 1 \
    "the server has the stalled client exactly once (key replayed)"

# --- a 422 parks one row, the rest flow ------------------------------------------
ctl POST /_control/clear >/dev/null
fault '{"path":"/clients","status":422,"match":"Bad Co","times":99,"body":{"error":"client name \u001b[31mreserved"}}'
G1=$(mk_client "Good One")
B=$(mk_client "Bad Co")
G2=$(mk_client "Good Two")
TB=$(mk_ticket "$B" "Needs bad client")
TG=$(mk_ticket "$G2" "Fine ticket")
run tp sync
is "$RC" 0 "a run with a permanent failure still exits 0"
BID=$(sql "SELECT id FROM outbox WHERE entity = 'client' AND local_id = $B")
is "$(outbox_state "$BID")" failed "the 422 row is failed"
is "$(sql "SELECT last_error FROM outbox WHERE id = $BID")" \
    "HTTP 422: client name ^[[31mreserved" "with the server's message, sanitised"
is "$(sql "SELECT group_concat(state) FROM outbox WHERE (entity = 'client' AND local_id IN ($G1, $G2)) OR (entity = 'ticket' AND local_id = $TG)")" \
    "done,done,done" "later independent rows keep flowing"
is "$(sql "SELECT state || ':' || attempts || ':' || last_error FROM outbox WHERE entity = 'ticket' AND local_id = $TB")" \
    "failed:0:blocked: its client was not sent (outbox row $BID is failed: HTTP 422: client name ^[[31mreserved)" \
    "the failed client's ticket is not sent, and shows as blocked by it"
run tp sync status --json
is "$(jget "$OUT" failed)/$(jget "$OUT" breaker.failures)/$(jget "$OUT" breaker.state)" "2/0/closed" \
    "sync status: the failed row and the one it blocks; a 4xx does not count against the breaker"
like "$(jget "$OUT" last_error)" "HTTP 422" "sync status --json: last_error"
run tp sync status
like "$OUT" "failed $BID: client $B create: HTTP 422: client name \^\[\[31mreserved" \
    "sync status lists the failed row, terminal-safe"

D0=$(db_digest)
run tp sync retry abc
is "$RC" 65 "sync retry abc: exit 65"
run tp sync retry 99999
is "$RC:$ERR" "1:termpsa: outbox row 99999 not found" "sync retry of an unknown row: exit 1, named"
run tp sync retry
is "$RC" 64 "sync retry with nothing: exit 64"
run tp sync discard "$(sql "SELECT id FROM outbox WHERE entity = 'client' AND local_id = $G1")"
is "$RC" 1 "discarding a done row is refused"
is "$(db_digest)" "$D0" "bad input changes nothing"

run tp sync retry "$BID"
is "$RC:$(outbox_state "$BID")" "0:pending" "sync retry ID queues the failed row again"
run tp sync
is "$(outbox_state "$BID")" failed "it fails again (the server still refuses)"
run tp sync retry --failed
like "$OUT" "2 failed rows queued again" "sync retry --failed (the client and the ticket it blocks)"
run tp sync discard "$BID"
is "$RC:$(sql "SELECT count(*) FROM outbox WHERE id = $BID"):$(sql "SELECT count(*) FROM clients WHERE id = $B")" \
    "0:0:1" "sync discard drops the row and keeps the client"

# --- poison: 5xx for one record while others succeed ------------------------------
ctl POST /_control/clear >/dev/null
fault '{"path":"/clients","status":500,"match":"Poison","times":99}'
PO=$(mk_client Poison)
POID=$(sql "SELECT id FROM outbox WHERE entity = 'client' AND local_id = $PO")
for i in 1 2 3 4 5; do
	export TERMPSA_NOW="2026-01-15T1$((2 + i)):40:00Z"
	mk_client "Healthy $i" >/dev/null
	run tp sync
done
is "$(outbox_state "$POID"):$(sql "SELECT attempts FROM outbox WHERE id = $POID")" "failed:5" \
    "a row answered 500 five times while others go through is parked"
like "$(sql "SELECT last_error FROM outbox WHERE id = $POID")" "parked after 5 attempts: HTTP 500" \
    "with a message saying why"
is "$(sql "SELECT count(*) FROM clients c JOIN outbox o ON o.entity = 'client' AND o.local_id = c.id WHERE c.name LIKE 'Healthy%' AND o.state = 'done'")" 5 \
    "the healthy rows all went through"
is "$(sql "SELECT state FROM sync_breaker")" closed "the breaker stayed closed"

# --- a bad token: the run stops, the row waits, no secret in the message ----------
SAVED="$PSA_TOKEN"
mk_client Unauth >/dev/null
export PSA_TOKEN=wrong-token-value-123
run tp sync
export PSA_TOKEN="$SAVED"
UID=$(sql "SELECT id FROM outbox WHERE entity = 'client' AND local_id = (SELECT id FROM clients WHERE name = 'Unauth')")
is "$RC:$(outbox_state "$UID")" "77:pending" "a 401 stops the run (exit 77) and keeps the row pending"
is "$(sql "SELECT error FROM sync_auth")" "authentication failed: HTTP 401: bad or missing token" \
    "with the server's message"
run tp sync
is "$RC:$(outbox_state "$UID")" "0:done" "the right token sends it"

# --- prune ---------------------------------------------------------------------
wsql "UPDATE outbox SET updated_at = 0 WHERE entity = 'client' AND local_id = $C"
run tp sync
is "$(sql "SELECT count(*) FROM outbox WHERE entity = 'client' AND local_id = $C")" 0 \
    "done rows older than 7 days are pruned"
is "$(sql "SELECT count(*) FROM outbox WHERE state = 'done' AND updated_at > 0 AND entity = 'ticket' AND local_id = $T")" 2 \
    "recent done rows stay"

# --- 412: the PSA says our copy is stale ------------------------------------------
fault '{"method":"PATCH","path":"/tickets","status":412,"body":{"error":"stale"}}'
ticket_status "$T" open
CID=$(sql "SELECT max(id) FROM outbox")
run tp sync
is "$(outbox_state "$CID"):$(sql "SELECT last_error FROM outbox WHERE id = $CID")" \
    "conflict:HTTP 412: stale" "a 412 makes the row a conflict"
run tp sync status --json
is "$(jget "$OUT" conflicts)" 1 "sync status counts it among the conflicts"

# --- no secret anywhere -------------------------------------------------------------
OUTS=$(all_output; cat "$TERMPSA_TRACE_SQL" "$TERMPSA_DB" "$TERMPSA_DB-wal" 2>/dev/null)
ok "$(printf '%s' "$OUTS" | grep -c -a -- "$PSA_TOKEN" | grep -qx 0 && echo 0 || echo 1)" \
    "the token appears in no output, log, trace or database file"
ok "$([ -s "$TERMPSA_TRACE_SQL" ] && echo 0 || echo 1)" "(the SQL trace was written)"
done_testing
