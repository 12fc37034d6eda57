#!/bin/sh
# sync_breaker.sh - the circuit breaker in the database: opens after 5
# retryable failures, sends nothing while open (exit 69 "breaker open until
# HH:MM"), survives restarts, lets exactly one half-open probe through when
# two processes race, reopens for twice as long up to 10 min, closes on
# success; every transition an activity line.  Also: no connection at all,
# and the daemon stopping on SIGTERM.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"
NOW=1768471200

start_server --state "$TMPD/psa.json"   # it comes back after a stop
sync_config termpsa
tp init >/dev/null
posts() { srv 'len([r for r in R if r["method"] == "POST"])'; }

fault '{"path":"/clients","status":503,"times":99}'
for i in 1 2 3 4 5 6 7; do mk_client "C$i" >/dev/null; done
run tp sync
is "$RC" 69 "five 503s open the breaker: exit 69"
like "$ERR" "breaker open until 10:00" "with 'breaker open until HH:MM'"
is "$(posts)" 5 "exactly five requests were sent"
is "$(sql "SELECT state || ',' || failures || ',' || (open_until - $NOW) FROM sync_breaker")" \
    "open,5,30" "the breaker row: open, 5 failures, open for 30 s"
like "$(sql "SELECT line FROM activity WHERE entity = 'sync'")" \
    "Sync breaker opened until 10:00 \(30 s\)" "the transition is an activity line"

run tp sync
is "$RC:$ERR" "69:termpsa: sync: breaker open until 10:00" \
    "a new process (a restart) still finds it open: exit 69"
is "$(posts)" 5 "and sends nothing while open"
run tp sync status --json
is "$(jget "$OUT" breaker.state)/$(jget "$OUT" breaker.failures)/$(jget "$OUT" breaker.open_until)" \
    "open/5/2026-01-15T10:00:30Z" "sync status --json shows the open breaker"
run tp sync status
like "$OUT" "breaker open until 10:00 \(5 failures\)" "sync status shows it as text"

export TERMPSA_NOW=2026-01-15T10:00:31Z
run tp sync
is "$RC" 69 "after open_until the probe fails: exit 69 again"
is "$(posts)" 6 "exactly one probe request was sent"
is "$(sql "SELECT state || ',' || open_for || ',' || (open_until - $NOW - 31) FROM sync_breaker")" \
    "open,60,60" "a failed probe reopens for open_seconds * 2"
like "$(sql "SELECT group_concat(line, '|') FROM activity WHERE entity = 'sync'")" \
    "half-open.*probe failed: reopened until 10:01 \(60 s\)" \
    "half-open and reopen are activity lines"

wsql "UPDATE sync_breaker SET open_for = 400, open_until = $NOW"
export TERMPSA_NOW=2026-01-15T10:02:00Z
run tp sync
is "$(sql "SELECT open_for FROM sync_breaker")" 600 "reopen periods stop at 10 min"

# --- two processes race for the probe: exactly one goes ----------------------
ctl POST /_control/clear >/dev/null
fault '{"path":"/clients","delay":1}'
export TERMPSA_NOW=2026-01-15T10:20:00Z
"$TERMPSA" sync >"$TMPD/a.out" 2>"$TMPD/a.err" &
PA=$!
"$TERMPSA" sync >"$TMPD/b.out" 2>"$TMPD/b.err" &
PB=$!
wait $PA; RA=$?
wait $PB; RB=$?
is "$(echo "$RA $RB" | tr ' ' '\n' | sort | tr '\n' ' ')" "0 69 " \
    "of two racing processes one probes (exit 0), the other is refused (69)"
like "$(cat "$TMPD/a.err" "$TMPD/b.err")" "breaker open until" "the refused one says why"
is "$(srv 'len(set(r["key"] for r in R if r["method"] == "POST"))')" 7 \
    "no request was sent twice (seven distinct keys)"
is "$(srv 'len([r for r in R if r["method"] == "POST"])')" 7 \
    "the winner sent the probe, then the seven clients once each"
is "$(sql "SELECT state || ',' || failures FROM sync_breaker")" "closed,0" \
    "a successful probe closes the breaker"
like "$(sql "SELECT line FROM activity WHERE entity = 'sync' ORDER BY id DESC LIMIT 1")" \
    "Sync breaker closed" "closing is an activity line"
is "$(sql "SELECT count(*) FROM outbox WHERE entity = 'client' AND state = 'done'")" 7 \
    "the outbox drained"

# --- no connection at all -----------------------------------------------------
stop_server
mk_client Offline >/dev/null
run tp sync
is "$RC" 69 "no PSA listening: exit 69"
like "$ERR" "cannot reach the PSA" "with 'cannot reach the PSA'"
is "$(sql "SELECT state || ',' || attempts FROM outbox WHERE entity = 'client' AND local_id = (SELECT id FROM clients WHERE name = 'Offline')")" \
    "pending,1" "the row stays pending"
is "$(sql "SELECT failures FROM sync_breaker")" 1 "a connect error counts against the breaker"

# --- the daemon -----------------------------------------------------------------
start_server --port "$PSA_PORT" --state "$TMPD/psa.json"
export TERMPSA_NOW=2026-01-15T11:00:00Z
"$TERMPSA" sync --daemon >"$TMPD/d.out" 2>"$TMPD/d.err" &
PD=$!
i=0
while [ "$(sql "SELECT count(*) FROM outbox WHERE state = 'pending'")" != 0 ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
kill -TERM $PD
wait $PD
is "$?" 0 "sync --daemon pushes, then stops cleanly on SIGTERM"
is "$(sql "SELECT state FROM outbox WHERE entity = 'client' AND local_id = (SELECT id FROM clients WHERE name = 'Offline')")" \
    done "the daemon sent the pending row"
# --- the server crashes mid-request, after storing the record -----------------
fault '{"path":"/clients","drop":true}'
fault '{"path":"/clients","crash":true,"process":true}'
mk_client Dropped >/dev/null
mk_client Crashy >/dev/null
run tp sync
is "$RC" 69 "a dropped connection, then the PSA dies mid-request: exit 69"
is "$(sql "SELECT group_concat(state || ':' || attempts) FROM outbox WHERE entity = 'client' AND local_id IN (SELECT id FROM clients WHERE name IN ('Dropped', 'Crashy'))")" \
    "pending:1,pending:1" "both rows wait, each tried once"
wait "$SRV_PID" 2>/dev/null
SRV_PID=
start_server --port "$PSA_PORT" --state "$TMPD/psa.json"
export TERMPSA_NOW=2026-01-15T12:00:00Z
run tp sync
is "$RC" 0 "after the PSA is back the next run succeeds"
is "$(srv '[len([c for c in S["clients"] if c["name"] == n]) for n in ("Crashy", "Dropped")]')" \
    "[1,1]" "the crashed and the dropped create each arrived exactly once"
is "$(sql "SELECT count(*) FROM outbox WHERE state = 'pending'")" 0 "nothing left pending"
done_testing
