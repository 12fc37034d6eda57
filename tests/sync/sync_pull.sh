#!/bin/sh
# sync_pull.sh - pulling the technician's queue (termpsa profile): clients,
# contacts, locations, assets, the technician's and unassigned open tickets,
# invoices read-only; upserts by remote_id with a cursor per entity; paging;
# the conflict rule (an unsent local status kept, both values shown); a
# ticket that leaves the list is not deleted.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"

start_server
sync_config termpsa "  breaker:
    failure_threshold: 50"
tp init >/dev/null
seed() { ctl POST /_control/seed "{\"kind\":\"$1\",\"record\":$2}" | jget "$(cat)" id; }
upd() { ctl POST /_control/update "{\"kind\":\"$1\",\"id\":\"$2\",\"fields\":$3}" >/dev/null; }

RC1=$(seed clients '{"name":"Remote Co","company_name":"Remote Ltd","status":"active"}')
seed contacts "{\"client_id\":\"$RC1\",\"name\":\"Ann\",\"email\":\"ann@example.com\"}" >/dev/null
seed locations "{\"client_id\":\"$RC1\",\"name\":\"HQ\",\"city\":\"Oslo\"}" >/dev/null
seed assets "{\"client_id\":\"$RC1\",\"name\":\"SRV1\",\"type\":\"Server\",\"serial\":\"S1\"}" >/dev/null
T1=$(seed tickets "{\"client_id\":\"$RC1\",\"subject\":\"Mine\",\"description\":\"d1\",\"priority\":\"high\",\"status\":\"open\",\"assigned_to\":\"tech\"}")
T2=$(seed tickets "{\"client_id\":\"$RC1\",\"subject\":\"Nobody's\",\"priority\":\"normal\",\"status\":\"waiting\",\"assigned_to\":null}")
seed tickets "{\"client_id\":\"$RC1\",\"subject\":\"Someone else's\",\"status\":\"open\",\"assigned_to\":\"sam\"}" >/dev/null
seed tickets "{\"client_id\":\"$RC1\",\"subject\":\"Done\",\"status\":\"resolved\",\"assigned_to\":\"tech\"}" >/dev/null
seed tickets '{"client_id":"9999","subject":"Unknown client","status":"open","assigned_to":null}' >/dev/null
seed invoices "{\"client_id\":\"$RC1\",\"number\":\"R-17\",\"status\":\"sent\",\"total_cents\":9900,\"issue_date\":\"2026-01-01\",\"due_date\":\"2026-01-31\"}" >/dev/null

run tp sync
is "$RC" 0 "sync pulls"
is "$(sql "SELECT name || '|' || company_name || '|' || remote_id FROM clients WHERE name = 'Remote Co'")" \
    "Remote Co|Remote Ltd|$RC1" "the client comes down with its remote id"
CL=$(sql "SELECT id FROM clients WHERE remote_id = '$RC1'")
is "$(sql "SELECT name || ',' || email FROM client_contacts WHERE client_id = $CL")" "Ann,ann@example.com" "its contact"
is "$(sql "SELECT name || ',' || city FROM client_locations WHERE client_id = $CL")" "HQ,Oslo" "its location"
is "$(sql "SELECT name || ',' || type || ',' || serial FROM assets WHERE client_id = $CL")" "SRV1,Server,S1" "its asset"
is "$(sql "SELECT group_concat(subject || ':' || status || ':' || priority || ':' || source || ':' || coalesce((SELECT name FROM users WHERE id = assigned_to), '-'), ' | ') FROM (SELECT * FROM tickets ORDER BY id)")" \
    "Mine:open:high:psa:tech | Nobody's:waiting:normal:psa:-" \
    "my open ticket and the unassigned one; not someone else's, not resolved ones, not an unknown client's"
is "$(sql "SELECT count(DISTINCT number) FROM tickets")" 2 "pulled tickets get local numbers"
is "$(sql "SELECT number || ',' || status || ',' || total_cents || ',' || client_id FROM invoices")" \
    "R-17,sent,9900,$CL" "the invoice comes down read-only"
is "$(sql "SELECT count(*) FROM outbox WHERE entity IN ('client', 'ticket', 'invoice')")" 0 \
    "pulled records queue nothing to push back"
is "$(sql "SELECT group_concat(entity) FROM (SELECT entity FROM sync_cursors WHERE updated_since IS NOT NULL ORDER BY entity)")" \
    "asset,client,client_contact,client_location,invoice,ticket" "a cursor per entity"

ctl POST /_control/clear >/dev/null
run tp sync
is "$(srv 'len([r for r in R if r["method"] == "GET" and "updated_since=2026-01-15T10%3A00%3A" in r["query"]])')" 6 \
    "the next run asks each list once, from its cursor (updated_since)"
is "$(sql "SELECT count(*) FROM tickets")/$(sql "SELECT count(*) FROM clients")" "2/1" "and adds nothing twice"

upd tickets "$T1" '{"priority":"critical","subject":"Mine, urgent now"}'
run tp sync
LT1=$(sql "SELECT id FROM tickets WHERE remote_id = '$T1'")
is "$(sql "SELECT priority || '|' || subject FROM tickets WHERE id = $LT1")" "critical|Mine, urgent now" \
    "a remote change comes down"

# --- the conflict rule -------------------------------------------------------------
fault '{"method":"PATCH","path":"/tickets","status":503,"times":2}'
ticket_status "$LT1" waiting
upd tickets "$T1" '{"status":"in_progress"}'
run tp sync
is "$(sql "SELECT status FROM tickets WHERE id = $LT1")" waiting \
    "a remote status change against an unsent local one: local kept"
is "$(sql "SELECT field || ',' || local_value || ',' || remote_value || ',' || state FROM sync_conflicts")" \
    "status,waiting,in_progress,open" "both values are recorded as a conflict"
run tp sync status
like "$OUT" "conflict [0-9]+: ticket #[0-9]+ status: local 'waiting' kept, remote 'in_progress'" \
    "sync status shows both values"
run tp sync status --json
is "$(jget "$OUT" conflicts)/$(jget "$OUT" conflict_list.0.remote_value)" "1/in_progress" \
    "sync status --json counts and lists it"
upd tickets "$T1" '{"priority":"low"}'
export TERMPSA_NOW=2026-01-15T10:10:00Z
run tp sync
is "$(sql "SELECT status || ',' || priority FROM tickets WHERE id = $LT1")" "waiting,low" \
    "the next pull keeps the local status and takes the unconflicted priority"
export TERMPSA_NOW=2026-01-15T10:20:00Z
run tp sync
is "$(srv '[t["status"] for t in S["tickets"] if t["id"] == "'"$T1"'"][0]')" waiting \
    "once the PATCH gets through, the local value reaches the PSA"

# --- a ticket that leaves the list stays ----------------------------------------
upd tickets "$T2" '{"assigned_to":"sam"}'
run tp sync
is "$(sql "SELECT count(*) FROM tickets WHERE remote_id = '$T2'")" 1 \
    "a ticket no longer in my list is not deleted locally"

# --- paging -------------------------------------------------------------------------
ctl POST /_control/seed "$("$PYTHON3" -c 'import json; print(json.dumps({"kind": "clients", "records": [{"name": "Bulk %d" % i} for i in range(1, 121)]}))')" >/dev/null
ctl POST /_control/clear >/dev/null
run tp sync
is "$(sql "SELECT count(*) FROM clients WHERE name LIKE 'Bulk %'")" 120 "120 new clients arrive over two pages"
is "$(srv 'len([r for r in R if r["path"] == "/clients"])')" 2 "two requests for them (next_cursor)"
done_testing
