#!/bin/sh
# tests/saga.sh - the onboarding saga under failure: a failing step is
# compensated so that nothing is left, a failing compensation is left
# visible to a person, and a crash is compensated by the next start.
. "$top_srcdir/tests/lib.sh"

# faulty POINTS CMD...: run termpsa with TERMPSA_FAULT set for that run only.
faulty() {
	points=$1
	shift
	run env TERMPSA_FAULT="$points" "$TERMPSA" "$@"
}

# Everything a client add leaves, as one line, to compare with "nothing".
left() {
	sql "SELECT (SELECT count(*) FROM clients) || ' clients, ' ||
	    (SELECT count(*) FROM tickets) || ' tickets, ' ||
	    (SELECT count(*) FROM accounts) || ' accounts, ' ||
	    (SELECT count(*) FROM asset_categories) || ' categories, ' ||
	    (SELECT count(*) FROM outbox WHERE state = 'pending' AND
	     entity <> 'user') || ' pending outbox'"
}
nothing="0 clients, 0 tickets, 0 accounts, 0 categories, 0 pending outbox"
saga() { sql "SELECT state, step, error FROM sagas ORDER BY id DESC LIMIT 1"; }

tp init >/dev/null
is "$(left)" "$nothing" "a new database holds no client"

# --- a failing step is compensated: nothing is left -------------------------------

faulty saga.client client add "Fails at client"
is "$RC" 70 "failure at step 1 exits 70"
like "$ERR" "^termpsa: client onboarding failed at the client: injected fault saga.client" \
    "the message names the failing step"
is "$(left)" "$nothing" "failure at step 1 leaves nothing (the step's own write rolled back)"
is "$(saga)" "compensated|0|step 1 (the client) failed: injected fault saga.client" \
    "failure at step 1 leaves the saga row compensated"

faulty saga.ticket client add "Fails at ticket"
is "$RC" 70 "failure at step 2 exits 70"
like "$ERR" "failed at the welcome ticket: injected fault saga.ticket \(nothing was kept\)" \
    "the message says nothing was kept"
is "$(left)" "$nothing" "failure at step 2 leaves no client, ticket, account, categories or outbox rows"
is "$(saga)" "compensated|0|step 2 (the welcome ticket) failed: injected fault saga.ticket" \
    "failure at step 2 leaves the saga row compensated"
is "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM events
    WHERE entity = 'client' ORDER BY id)")" "ClientCreated ClientDeleted" \
    "the client was created, then deleted by compensation"

m=$(sql "SELECT max(id) FROM events")
faulty saga.account client add "Fails at account"
is "$RC" 70 "failure at step 3 exits 70"
is "$(left)" "$nothing" "failure at step 3 leaves nothing: ticket and client compensated"
is "$(saga)" "compensated|0|step 3 (the account) failed: injected fault saga.account" \
    "failure at step 3 leaves the saga row compensated"
is "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM events
    WHERE id > $m ORDER BY id)")" "ClientCreated TicketCreated TicketDeleted ClientDeleted" \
    "compensations run in reverse: ticket first, then client"
is "$(sql "SELECT json_extract(data, '$.client_id') IS NOT NULL AND
    json_extract(data, '$.welcome_ticket_id') IS NOT NULL FROM sagas
    ORDER BY id DESC LIMIT 1")" 1 "the saga row recorded the ids it made"

gone=$(sql "SELECT json_extract(data, '$.welcome_ticket_id') FROM sagas
    ORDER BY id DESC LIMIT 1")
run tp client add "Works"
like "$OUT" "^client 3 \(welcome ticket [0-9]+\)$" \
    "ids of compensated clients (1 and 2) are never given out again"
welcome=$(echo "$OUT" | sed -n 's/.*welcome ticket \([0-9]*\)).*/\1/p')
ok "$([ -n "$gone" ] && [ "$welcome" -gt "$gone" ]; echo $?)" \
    "nor the id of a compensated welcome ticket ($gone; the new one is $welcome)"
is "$(sql "SELECT count(*) FROM activity WHERE client_id = 3")" 3 \
    "so a new client's activity holds only its own lines"

# --- a failing compensation is left for a person ------------------------------------

faulty saga.account,saga.compensate.ticket client add "Stuck ticket"
is "$RC" 70 "failed compensation exits with the step's error"
like "$ERR" "undoing the welcome ticket failed too: injected fault saga.compensate.ticket \(saga 5 left compensation_failed" \
    "the message says what could not be undone"
is "$(saga)" "compensation_failed|2|step 3 (the account) failed: injected fault saga.account; injected fault saga.compensate.ticket" \
    "the saga row is left compensation_failed at the step still standing"
is "$(sql "SELECT count(*) FROM clients WHERE name = 'Stuck ticket'")" 1 "its client is still there"
is "$(sql "SELECT count(*) FROM tickets t JOIN clients c ON c.id = t.client_id
    WHERE c.name = 'Stuck ticket'")" 1 "its welcome ticket is still there"
is "$(sql "SELECT count(*) FROM accounts a JOIN clients c ON c.id = a.client_id
    WHERE c.name = 'Stuck ticket'")" 0 "the failed step left no account"
like "$(sql "SELECT line FROM activity WHERE entity = 'saga' AND entity_id = 5")" \
    "^Onboarding saga 5: could not undo the welcome ticket \(id [0-9]+\): injected fault saga.compensate.ticket; left compensation_failed" \
    "a failed compensation writes an activity line"
is "$(sql "SELECT client_id = (SELECT id FROM clients WHERE name = 'Stuck ticket')
    FROM activity WHERE entity = 'saga'")" 1 "the line is in that client's activity"

faulty saga.ticket,saga.compensate.client client add "Stuck client"
is "$RC" 70 "failed client compensation exits with the step's error"
is "$(saga)" "compensation_failed|1|step 2 (the welcome ticket) failed: injected fault saga.ticket; injected fault saga.compensate.client" \
    "failed client compensation leaves the row at step 1"
like "$(sql "SELECT line FROM activity WHERE entity = 'saga' ORDER BY id DESC LIMIT 1")" \
    "could not undo the client \(id [0-9]+\): injected fault saga.compensate.client" \
    "and writes an activity line"

run tp user list
is "$(sql "SELECT count(*) FROM sagas WHERE state = 'compensation_failed'")" 2 \
    "the next start leaves compensation_failed sagas for a person"

# --- a full disk: not even the failure can be written -----------------------------------
# The message says what the row holds, and the half-made client is never
# shown (it lacks its welcome ticket and account) until the next start
# undoes it.
faulty saga.full.ticket client add "Disk full"
is "$RC" 74 "a full disk at step 2 exits 74"
full=$(sql "SELECT max(id) FROM sagas")
like "$ERR" "failed at the welcome ticket: database or disk is full; undoing the client failed too: database or disk is full \(saga $full is left unfinished and its client hidden; the next start of termpsa undoes it\)" \
    "the message says the saga is left unfinished"
unlike "$ERR" "compensation_failed" "and does not claim compensation_failed"
is "$(sql "SELECT state || '|' || step FROM sagas WHERE id = $full")" "running|1" \
    "the row agrees: running at step 1 (nothing could be written)"
cid=$(sql "SELECT id FROM clients WHERE name = 'Disk full'")
is "$(sql "SELECT count(*) FROM tickets WHERE client_id = $cid")/$(sql "SELECT count(*) FROM accounts WHERE client_id = $cid")" \
    "0/0" "its client is in the file without ticket or account"
# Every start undoes it first; a reader that cannot write (the disk still
# full, here a read-only file) must not show it either.
# (As root chmod stops nothing: the reader is then nobody.)
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod a+rx "$TMPD" "$HOME"
	chmod -R a+rX "$HOME"
	chmod a+r "$TERMPSA_DB"*
	reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	reader() { "$@"; }
fi
dbdir=$(dirname "$TERMPSA_DB")
chmod a-w "$TERMPSA_DB"* "$dbdir"
run reader "$TERMPSA" client list
is "$RC" 0 "a reader that cannot write runs"
unlike "$OUT" "Disk full" "and does not show the half-made client"
run reader "$TERMPSA" client show "$cid"
is "$RC" 1 "client show: not found"
run reader "$TERMPSA" export clients --format json
unlike "$OUT" "Disk full" "nor does export clients"
is "$(sql "SELECT state FROM sagas WHERE id = $full")" running \
    "(the reader could not undo it)"
chmod u+w "$TERMPSA_DB"* "$dbdir"
run tp client list
is "$(sql "SELECT state || '|' || step FROM sagas WHERE id = $full")" "compensated|0" \
    "the next start that can write undoes it"
is "$(sql "SELECT count(*) FROM clients WHERE name = 'Disk full'")" 0 "and the client is gone"

# --- a crash leaves a running row; the next start compensates it ----------------------

before=$(sql "SELECT count(*) FROM clients")
base=$(left)
faulty saga.crash.ticket client add "Crash before ticket"
is "$RC" 1 "a crash before step 2 kills the process"
is "$(sql "SELECT state, step FROM sagas ORDER BY id DESC LIMIT 1")" "running|1" \
    "the crash leaves the saga running at step 1"
is "$(sql "SELECT count(*) FROM clients WHERE name = 'Crash before ticket'")" 1 \
    "step 1's client was committed"
run tp user list
is "$RC" 0 "the next start (any command) runs"
is "$(sql "SELECT state, step FROM sagas ORDER BY id DESC LIMIT 1")" "compensated|0" \
    "the next start compensates the crashed saga"
like "$(sql "SELECT error FROM sagas ORDER BY id DESC LIMIT 1")" "^process [0-9]+ stopped mid-saga$" \
    "the row says why it was compensated"
is "$(sql "SELECT count(*) FROM clients")" "$before" "the crashed saga's client is gone"
is "$(left)" "$base" "nothing of the crashed saga is left"

faulty saga.crash.account client add "Crash before account"
is "$RC" 1 "a crash before step 3 kills the process"
is "$(sql "SELECT state, step FROM sagas ORDER BY id DESC LIMIT 1")" "running|2" \
    "the crash leaves the saga running at step 2"
run tp client list
is "$(sql "SELECT state, step FROM sagas ORDER BY id DESC LIMIT 1")" "compensated|0" \
    "client list at the next start compensates it"
is "$(left)" "$base" "its client and welcome ticket are gone"
like "$OUT" "Works" "the command itself still runs after recovery"
unlike "$OUT" "Crash before" "and no longer sees the crashed client"

# --- a compensation refused by a domain rule is left for a person -----------------------

faulty saga.crash.ticket client add "Crash then used"
cid=$(sql "SELECT id FROM clients WHERE name = 'Crash then used'")
# Another process gives the half-made client a ticket before anyone recovers.
"$SQLITE3_SHELL" "$TERMPSA_DB" "INSERT INTO tickets(number, client_id, subject,
    created_at, updated_at) VALUES (999, $cid, 'Real work', 0, 0)"
run tp user list
is "$RC" 0 "a recovery that cannot compensate does not stop the start"
is "$(sql "SELECT state, step FROM sagas ORDER BY id DESC LIMIT 1")" "compensation_failed|1" \
    "client_delete refuses a client with tickets: the saga is left compensation_failed"
like "$(sql "SELECT line FROM activity WHERE entity = 'saga' ORDER BY id DESC LIMIT 1")" \
    "could not undo the client \(id $cid\): client $cid still has 1 tickets" \
    "the activity line says why"
is "$(sql "SELECT count(*) FROM clients WHERE id = $cid")" 1 "the client and its ticket stay"
is "$(sql "SELECT count(*) FROM asset_categories WHERE client_id = $cid")" 6 \
    "a refused compensation changes nothing"

# --- recovery leaves live sagas alone, and never runs twice -----------------------------

sleep 30 &
live=$!
"$SQLITE3_SHELL" "$TERMPSA_DB" "INSERT INTO sagas(kind, state, step, data,
    pid, created_at, updated_at) VALUES ('onboard_client', 'running', 0,
    '{}', $live, 0, 0)"
run tp user list
is "$(sql "SELECT state, pid FROM sagas ORDER BY id DESC LIMIT 1")" "running|$live" \
    "a saga whose process is alive is not touched"
kill "$live"
wait "$live" 2>/dev/null
run tp user list
is "$(sql "SELECT state FROM sagas ORDER BY id DESC LIMIT 1")" compensated \
    "once that process is gone, the next start compensates it"
n=$(sql "SELECT count(*) FROM events")
run tp user list
is "$(sql "SELECT count(*) FROM events")" "$n" "a start with nothing to recover writes nothing"

# --- bad input never starts a saga ----------------------------------------------------------

before=$(db_digest)
run tp client add "" --rate 5
is "$RC" 65 "bad input is refused"
is "$(db_digest)" "$before" "bad input writes no saga row"

done_testing
