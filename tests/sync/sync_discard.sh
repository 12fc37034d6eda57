#!/bin/sh
# sync_discard.sh - discarding a create the PSA refused (a client, through
# the onboarding saga with its welcome ticket) drops, in the same
# transaction, every row that could only follow it: the record's later
# changes and its children's rows (contacts, tickets, their notes and
# time, invoices, payments), and says how many.  Nothing is left pending
# forever; other clients' rows are not touched, and the local records all
# stay.  A change that is not a create goes alone.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"

start_server
sync_config termpsa
tp init >/dev/null
fault '{"path":"/clients","status":422,"match":"Bad Co","times":99,"body":{"error":"name reserved"}}'

tp client add "Good Co" >/dev/null
G=$(sql "SELECT id FROM clients WHERE name = 'Good Co'")
tp client add "Bad Co" >/dev/null
B=$(sql "SELECT id FROM clients WHERE name = 'Bad Co'")
tp contact add "$B" "Jo Doe" >/dev/null
T=$(tp --json ticket add "$B" "Printer jam" | jget "$(cat)" id)
tp ticket note "$T" "Tray 2 jammed" >/dev/null
tp time log "$T" 30 >/dev/null
tp client update "$B" --status inactive >/dev/null
tp ticket add "$G" "Good ticket" >/dev/null
run tp sync
is "$RC" 0 "a run with the client refused"
BID=$(sql "SELECT id FROM outbox WHERE entity = 'client' AND local_id = $B AND op = 'create'")
is "$(outbox_state "$BID")" failed "the client's create failed"
# The welcome ticket, the contact, the ticket, its note and time, and the
# client's own update: each blocked by the client.
DEPS=$(sql "SELECT group_concat(id, ',') FROM (SELECT id FROM outbox WHERE id <> $BID AND state <> 'done' ORDER BY id)")
is "$(sql "SELECT count(*) FROM outbox WHERE id <> $BID AND state = 'failed' AND last_error LIKE 'blocked: %'")" 6 \
    "six rows wait on it, shown as blocked"
is "$(sql "SELECT count(*) FROM outbox WHERE state <> 'done' AND id NOT IN ($BID,$DEPS)")" 0 \
    "(nothing else is unsent)"

run tp sync discard "$BID"
is "$RC" 0 "sync discard of the client's create"
like "$OUT" "^outbox row $BID discarded, with the 6 rows that could only follow it: [0-9]+ \\(ticket [0-9]+ create\\), " \
    "says how many went with it, and which"
like "$OUT" "\\(client $B update\\)" "... its own later change among them"
like "$OUT" "\\(time_entry [0-9]+ create\\)" "... and its ticket's time"
is "$(sql "SELECT count(*) FROM outbox WHERE id IN ($BID,$DEPS)")" 0 "all of them are gone from the outbox"
is "$(sql "SELECT (SELECT count(*) FROM clients WHERE id = $B) || (SELECT count(*) FROM tickets WHERE client_id = $B) || (SELECT count(*) FROM ticket_notes WHERE ticket_id = $T) || (SELECT count(*) FROM time_entries WHERE ticket_id = $T) || (SELECT count(*) FROM client_contacts WHERE client_id = $B)")" \
    12111 "the local client, its two tickets, the note, the time and the contact stay"
is "$(sql "SELECT count(*) FROM activity WHERE line = 'Sync: outbox row $BID discarded with the 6 rows that could only follow it (the local records stay)'")" 1 \
    "the activity says so"

export TERMPSA_NOW=2026-01-15T10:05:00Z
run tp sync
like "$OUT" "; 0 pending\$" "the next run has nothing pending"
run tp sync status --json
is "$(jget "$OUT" pending)/$(jget "$OUT" failed)" 0/0 "sync status: nothing pending or failed for good"
is "$(srv 'sorted(c["name"] for c in S["clients"])')" '["Good Co"]' "only the good client reached the PSA"

# --- --json names the rows; other clients' rows stay -----------------------------
tp client add "Bad Co Two" >/dev/null
B2=$(sql "SELECT id FROM clients WHERE name = 'Bad Co Two'")
run tp sync
B2ID=$(sql "SELECT id FROM outbox WHERE entity = 'client' AND local_id = $B2 AND op = 'create'")
W2=$(sql "SELECT id FROM outbox WHERE entity = 'ticket' AND op = 'create' AND local_id = (SELECT id FROM tickets WHERE client_id = $B2)")
is "$(outbox_state "$B2ID")/$(outbox_state "$W2")" failed/failed "a second refused client and its blocked welcome ticket"
tp ticket add "$G" "Another good one" >/dev/null
KEEP=$(sql "SELECT max(id) FROM outbox")
run tp --json sync discard "$B2ID"
is "$(jget "$OUT" discarded)/$(jget "$OUT" dependents)" "$B2ID/[$W2]" \
    "--json: the row and its dependents' ids"
is "$(outbox_state "$KEEP")" pending "another client's new ticket is still queued"

# --- discarding a change that is not a create drops only that row -------------------
fault '{"method":"PATCH","path":"/clients","status":422,"times":1,"body":{"error":"no"}}'
tp client update "$G" --status inactive >/dev/null
U1=$(sql "SELECT max(id) FROM outbox")
run tp sync
is "$(outbox_state "$U1")" failed "a refused update"
tp client update "$G" --status active >/dev/null
U2=$(sql "SELECT max(id) FROM outbox")
run tp sync discard "$U1"
is "$OUT" "outbox row $U1 discarded" "discarding an update names no dependents"
is "$(outbox_state "$U2")" pending "the later change of the same client is still queued"
run tp sync
is "$(outbox_state "$U2")" done "and goes on the next run"

D0=$(db_digest)
run tp sync discard "$BID"
is "$RC:$ERR" "1:termpsa: outbox row $BID not found" "a discarded row is gone"
is "$(db_digest)" "$D0" "... and nothing changed"
done_testing
