#!/bin/sh
# sync_held.sh - a conflict held before a push (ITFlow has no versions:
# the worker reads the ticket before an update, finds the field changed
# there too, records both values and holds the row) is one conflict: the
# run counts it once, `sync status` lists it once (with the outbox row it
# holds back) in text and JSON.  A row the PSA refused as stale (412) with
# no conflict recorded is still listed on its own.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"

start_server --itflow-strict
sync_config itflow
tp init >/dev/null
tp client add "Acme Corp" --company "Acme Inc" >/dev/null
C=$(sql "SELECT id FROM clients WHERE name = 'Acme Corp'")
T=$(tp --json ticket add "$C" "Printer jam" --body "Tray 2" | jget "$(cat)" id)
run tp sync
is "$RC" 0 "the ticket reaches ITFlow"
TR=$(sql "SELECT remote_id FROM tickets WHERE id = $T")
N=$(sql "SELECT number FROM tickets WHERE id = $T")

# Changed on ITFlow (On Hold) and here (in progress) before the push.
ctl POST /_control/update "{\"kind\":\"itflow_tickets\",\"id\":$TR,\"fields\":{\"ticket_status\":3}}" >/dev/null
tp ticket status "$T" in_progress >/dev/null
HELD=$(sql "SELECT max(id) FROM outbox WHERE entity = 'ticket' AND local_id = $T")
run tp sync
is "$(outbox_state "$HELD")" conflict "the worker read the ticket first and held the update"
like "$OUT" "conflicts 1;" "the run counts the conflict once (the push found it, the pull saw it again)"
is "$(sql "SELECT count(*) FROM activity WHERE line = 'Sync: 1 conflict kept local (see sync status)'")" 1 \
    "the activity says so once"

run tp sync status
like "$OUT" "conflicts 1\$" "sync status counts one conflict"
is "$(printf '%s\n' "$OUT" | grep -c "conflict [0-9]")" 1 "and lists it on one line"
like "$OUT" "^  conflict [0-9]+: ticket #$N status: local 'in_progress' kept, remote 'waiting'; outbox row $HELD waits\$" \
    "with both values and the outbox row it holds back"
unlike "$OUT" "conflict $HELD: " "the held row is not listed again among the failed"

run tp sync status --json
is "$(jget "$OUT" conflicts)/$(jlen "$OUT" conflict_list)" 1/1 "--json: counted and listed once"
is "$(jget "$OUT" conflict_list.0.field)/$(jget "$OUT" conflict_list.0.outbox_id)" "status/$HELD" \
    "--json: the conflict names the outbox row it holds"

# A second run finds the same conflict: not a new one.
export TERMPSA_NOW=2026-01-15T10:05:00Z
run tp sync --json
is "$(jget "$OUT" conflicts)" 0 "the next run finds no new conflict"
run tp sync status --json
is "$(jget "$OUT" conflicts)/$(jlen "$OUT" conflict_list)" 1/1 "and the conflict is still listed once"

# --- a 412 with no conflict recorded: a stale row of its own ------------------------
stop_server
rm -f "$TERMPSA_DB" "$TERMPSA_DB-wal" "$TERMPSA_DB-shm"
start_server
sync_config termpsa
tp init >/dev/null
C=$(mk_client Beta)
T=$(mk_ticket "$C" "Scanner")
run tp sync
fault '{"method":"PATCH","path":"/tickets","status":412,"body":{"error":"stale"}}'
ticket_status "$T" waiting
STALE=$(sql "SELECT max(id) FROM outbox")
run tp sync
is "$(outbox_state "$STALE")" conflict "a 412 makes the row a conflict"
run tp sync status
is "$(printf '%s\n' "$OUT" | grep -c "conflict")" 2 "the counts line and one line for it"
like "$OUT" "^  conflict $STALE: ticket $T update: HTTP 412: stale\$" "listed with its reason"
run tp sync status --json
is "$(jget "$OUT" conflicts)/$(jlen "$OUT" conflict_list)" 1/0 \
    "--json: counted once; no field conflict to list"
done_testing
