#!/bin/sh
# sync_kill.sh - kill -9 of the sync worker at random moments during a
# push, many times, for both profiles: the server ends with every record
# exactly once (termpsa: by external_id under Idempotency-Key; itflow: by
# the marker, resolved by read-back) and the database passes
# PRAGMA integrity_check.  Two more itflow runs against a server that
# behaves as ITFlow does: itflow-strip (--itflow-strict: names, notes and
# replies lose what follows an unclosed '<', and every text here has one)
# and itflow-late (--late: each write is handled a while after it came,
# also when the worker was killed meanwhile).  `make stress` runs it
# bigger: SYNC_KILL_RECORDS=2000 SYNC_KILLS=50.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"
: "${SYNC_KILL_RECORDS:=500}"
: "${SYNC_KILLS:=20}"
# sizes N KILLS: the records and the kills of one run.
sizes() {
	N=$1
	SYNC_KILLS_NOW=$2
	NC=$((N / 5)); NT=$((2 * N / 5)); NN=$((N / 5)); NE=$((N - NC - NT - NN))
}

# N records: clients, tickets (spread over them), notes and time entries
# (spread over the tickets), each with its outbox row, in that order.
fixtures() {
	wsql "BEGIN;
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NC)
	INSERT INTO clients(name, notes, created_at, updated_at)
	    SELECT 'Kill client $LT' || i, 'notes $LT' || i, 0, 0 FROM n;
	INSERT INTO outbox(entity, local_id, op, created_at, updated_at)
	    SELECT 'client', id, 'create', 0, 0 FROM clients ORDER BY id;
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NT)
	INSERT INTO tickets(number, client_id, subject, body, created_at, updated_at)
	    SELECT i, (SELECT min(id) FROM clients) + i % $NC, 'Kill ticket ' || i,
	    'body $LT' || i, 0, 0 FROM n;
	INSERT INTO counters(name, value) VALUES ('ticket', $NT);
	INSERT INTO outbox(entity, local_id, op, created_at, updated_at)
	    SELECT 'ticket', id, 'create', 0, 0 FROM tickets ORDER BY id;
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NN)
	INSERT INTO ticket_notes(ticket_id, body, created_at, updated_at)
	    SELECT (SELECT min(id) FROM tickets) + i % $NT, 'Kill note $LT' || i, 0, 0
	    FROM n;
	INSERT INTO outbox(entity, local_id, op, fields, created_at, updated_at)
	    SELECT 'ticket_note', id, 'create', json_object('ticket_id', ticket_id),
	    0, 0 FROM ticket_notes ORDER BY id;
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NE)
	INSERT INTO time_entries(ticket_id, user_id, work_date, minutes, note,
	    created_at, updated_at)
	    SELECT (SELECT min(id) FROM tickets) + i % $NT, (SELECT min(id) FROM
	    users), '2026-01-15', 1 + i % 300, 'Kill time $LT' || i, 0, 0 FROM n;
	INSERT INTO outbox(entity, local_id, op, fields, created_at, updated_at)
	    SELECT 'time_entry', id, 'create', json_object('ticket_id', ticket_id),
	    0, 0 FROM time_entries ORDER BY id;
	COMMIT;"
}

done_rows() {
	"$SQLITE3_SHELL" -batch -noheader -cmd ".timeout 5000" \
	    "file:$TERMPSA_DB?mode=ro" "SELECT count(*) FROM outbox WHERE state = 'done'"
}

# kill_loop: SYNC_KILLS times, start the worker and kill -9 it once the
# push has reached the next of SYNC_KILLS points spread over the records,
# plus a random 0-30 ms (mid-request, mid-commit, between rows).
kill_loop() {
	k=0
	for jitter in $(awk -v n="$SYNC_KILLS_NOW" -v s="$$" 'BEGIN { srand(s);
	    for (i = 0; i < n; i++) printf "%.3f\n", rand() * 0.03 }'); do
		k=$((k + 1))
		target=$((k * N / (SYNC_KILLS_NOW + 1)))
		"$TERMPSA" sync >/dev/null 2>>"$TMPD/kill.log" &
		pid=$!
		while kill -0 "$pid" 2>/dev/null &&
		    [ "$(done_rows)" -lt "$target" ]; do
			sleep 0.01
		done
		sleep "$jitter"
		if kill -9 "$pid" 2>/dev/null; then
			KILLED=$((KILLED + 1))
		fi
		wait "$pid" 2>/dev/null
	done
	# Finish: later runs, past any backoff.  They jump the clock by an
	# hour; give a server that handles writes late (itflow-late) the time
	# that hour would have given it to finish what the last killed
	# worker sent.
	[ -z "$LATE" ] || sleep 1
	for h in 11 12 13 14 15; do
		export TERMPSA_NOW="2026-01-15T$h:00:00Z"
		"$TERMPSA" sync >/dev/null 2>>"$TMPD/kill.log"
		[ "$(sql "SELECT count(*) FROM outbox WHERE state NOT IN ('done', 'unsupported')")" = 0 ] && break
	done
	export TERMPSA_NOW=2026-01-15T10:00:00Z
}

for mode in termpsa itflow itflow-strip itflow-late; do
	rm -f "$TERMPSA_DB" "$TERMPSA_DB-wal" "$TERMPSA_DB-shm" "$TMPD/psa.json"
	profile=${mode%%-*}
	LATE=
	LT=
	case $mode in
	itflow-strip)
		sizes $((SYNC_KILL_RECORDS * 2 / 5)) $((SYNC_KILLS / 2))
		LT='<'
		start_server --itflow-strict ;;
	itflow-late)
		# a quarter second per write: a kill lands in one, and the
		# next worker's read-back comes before that write lands
		sizes $((SYNC_KILL_RECORDS / 8)) $((SYNC_KILLS / 2))
		LATE=0.25
		start_server --itflow-strict --late "$LATE" ;;
	*)
		sizes "$SYNC_KILL_RECORDS" "$SYNC_KILLS"
		start_server ;;
	esac
	sync_config "$profile" "  breaker:
    failure_threshold: 1000"
	tp init >/dev/null
	fixtures
	KILLED=0
	kill_loop
	ok "$([ "$KILLED" -ge $((SYNC_KILLS_NOW * 3 / 4)) ] && echo 0 || echo 1)" \
	    "$mode: $KILLED of $SYNC_KILLS_NOW workers were killed while running"
	is "$(sql "SELECT count(*) FROM outbox WHERE state NOT IN ('done', 'unsupported')")" 0 \
	    "$mode: after the kills the outbox drained"
	is "$(sql "PRAGMA integrity_check")" ok "$mode: integrity_check ok"
	is "$(sql "SELECT (SELECT count(*) FROM clients WHERE remote_id IS NULL) + (SELECT count(*) FROM tickets WHERE remote_id IS NULL) + (SELECT count(*) FROM ticket_notes WHERE remote_id IS NULL) + (SELECT count(*) FROM time_entries WHERE remote_id IS NULL)")" 0 \
	    "$mode: every local record has its remote id"
	sql "SELECT op_uuid FROM outbox WHERE state = 'done' AND entity <> 'user'
	    UNION ALL SELECT uuid FROM clients UNION ALL SELECT uuid FROM tickets
	    UNION ALL SELECT uuid FROM ticket_notes UNION ALL SELECT uuid FROM
	    time_entries" >"$TMPD/ids"
	if [ "$profile" = termpsa ]; then
		got=$(srv '
import collections
kinds = ["clients", "tickets", "notes", "time_entries"]
ext = collections.Counter(r["external_id"] for k in kinds for r in S[k])
ids = set(open("'"$TMPD/ids"'").read().split())
[len(ext), max(ext.values()), sum(1 for x in ext if x not in ids)]' 2>&1 | tail -1)
	else
		got=$(srv '
import collections, re
texts = [t["ticket_details"] for t in S["itflow_tickets"]] + \
    [c["client_notes"] for c in S["itflow_clients"]] + \
    [r["ticket_reply"] for r in S["itflow_ticket_replies"]]
mk = collections.Counter(m for t in texts for m in re.findall(r"\[termpsa:([0-9a-f-]{36})\]", t or ""))
ids = set(open("'"$TMPD/ids"'").read().split())
[len(mk), max(mk.values()), sum(1 for x in mk if x not in ids)]' 2>&1 | tail -1)
	fi
	is "$got" "[$N,1,0]" "$mode: the server holds all $N records, each exactly once"
	stop_server
done
done_testing
