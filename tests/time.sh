#!/bin/sh
# tests/time.sh - time worked: time log and its validation, the timer
# (start, the refused second start, stop rounding up, status), time list,
# and that each logged entry emits TimeLogged and recomputes unbilled.
. "$top_srcdir/tests/lib.sh"

wsql() { "$SQLITE3_SHELL" -batch "$TERMPSA_DB" "$1"; }

unchanged() {
	desc=$1
	shift
	before=$(db_digest)
	run "$@"
	is "$RC" "$WANT_RC" "$desc: exit $WANT_RC"
	like "$ERR" "$WANT_MSG" "$desc: message"
	is "$(db_digest)" "$before" "$desc: database unchanged"
}

run tp init
# Acme bills 120.00 an hour; tech (id 1) is "me", jane is id 2.
wsql "INSERT INTO clients(name, hourly_rate_cents, created_at, updated_at)
	VALUES ('Acme', 12000, 1, 1);
INSERT INTO users(name, created_at, updated_at) VALUES ('jane', 1, 1);"
run tp ticket add 1 "Server down"
run tp ticket add 1 "Backup check"

# --- time log --------------------------------------------------------------
run tp time log 1 45 --note "rebooted" --date 2026-01-14
is "$RC" 0 "time log succeeds"
is "$OUT" "time entry 1" "time log prints the entry id"
is "$(sql "SELECT ticket_id, user_id, work_date, minutes, billable, note
	FROM time_entries WHERE id = 1")" "1|1|2026-01-14|45|1|rebooted" \
    "entry row"
is "$(sql "SELECT name, entity, entity_id, client_id, payload FROM events
	ORDER BY id DESC LIMIT 1")" 'TimeLogged|time_entry|1|1|{"ticket_id":1}' \
    "TimeLogged emitted"
is "$(sql "SELECT unbilled_cents FROM clients WHERE id = 1")" 9000 \
    "unbilled recomputed: 45 min at 120.00"
run tp time log 2 30 --user jane --no-billable
is "$(sql "SELECT user_id, billable, work_date FROM time_entries WHERE id = 2")" \
    "2|0|2026-01-15" "--user, --no-billable, date defaults to today"
is "$(sql "SELECT unbilled_cents FROM clients WHERE id = 1")" 9000 \
    "non-billable time adds nothing unbilled"

WANT_RC=65 WANT_MSG="bad minutes '0': expected a whole number from 1 to 1440"
unchanged "log 0 minutes" tp time log 1 0
WANT_RC=65 WANT_MSG="bad minutes '1441'"
unchanged "log 1441 minutes" tp time log 1 1441
WANT_RC=65 WANT_MSG="bad minutes '1.5'"
unchanged "log fractional minutes" tp time log 1 1.5
WANT_RC=65 WANT_MSG="--date"
unchanged "log with a bad date" tp time log 1 30 --date 2026-13-01
WANT_RC=65 WANT_MSG="--date"
unchanged "log with a malformed date" tp time log 1 30 --date 15/01/2026
WANT_RC=1 WANT_MSG="ticket 99 not found"
unchanged "log on an unknown ticket" tp time log 99 30
WANT_RC=64 WANT_MSG="missing arguments"
unchanged "log without minutes" tp time log 1
WANT_RC=64 WANT_MSG="unknown option --hours"
unchanged "log with an unknown option" tp time log 1 30 --hours 2

# --- the timer -------------------------------------------------------------
run tp time status
is "$OUT" "no timer running" "status with no timer"
run tp time status --json
is "$OUT" "null" "status --json with no timer"
WANT_RC=1 WANT_MSG="no timer is running"
unchanged "stop with no timer" tp time stop

export TERMPSA_NOW=2026-01-15T10:00:00Z
run tp time start 1
is "$RC" 0 "timer starts"
is "$(sql "SELECT ticket_id, user_id, minutes IS NULL, started_at
	FROM time_entries WHERE id = 3")" "1|1|1|1768471200" "running entry row"
export TERMPSA_NOW=2026-01-15T10:05:00Z
WANT_RC=1 WANT_MSG="a timer is already running on ticket 1 \(#1 Server down\) for 5 min"
unchanged "a second start is refused, naming the running ticket" \
    tp time start 2
run tp time status --json
is "$(jget "$OUT" ticket_id)" 1 "status: the ticket"
is "$(jget "$OUT" subject)" "Server down" "status: the subject"
is "$(jget "$OUT" elapsed_seconds)" 300 "status: elapsed seconds"
is "$(jget "$OUT" started_at)" "2026-01-15T10:00:00Z" "status: started_at"
# --user is the global option (cli.md): it says who "me" is.
run tp time start 2 --user jane
is "$RC" 0 "another user's timer runs alongside"

export TERMPSA_NOW=2026-01-15T10:29:10Z
run tp time stop
is "$RC" 0 "timer stops"
is "$OUT" "time entry 3: 30 min" "29 min 10 s rounds up to 30"
is "$(sql "SELECT minutes FROM time_entries WHERE id = 3")" 30 "minutes stored"
is "$(sql "SELECT name, entity_id, payload FROM events ORDER BY id DESC
	LIMIT 1")" 'TimeLogged|3|{"ticket_id":1}' "stop emits TimeLogged"
is "$(sql "SELECT op, fields FROM outbox WHERE entity = 'time_entry' AND
	local_id = 3")" 'create|{"ticket_id":1}' "stop queues the entry for sync"
is "$(sql "SELECT unbilled_cents FROM clients WHERE id = 1")" 15000 \
    "unbilled recomputed: 75 min at 120.00"
run tp time status
is "$OUT" "no timer running" "no timer after stop"
run tp time status --json --user jane
is "$(jget "$OUT" ticket_id)" 2 "jane's timer still runs"

run tp time start 2
export TERMPSA_NOW=2026-01-15T10:29:15Z
run tp time stop --json
is "$(jget "$OUT" minutes)" 1 "5 seconds count as 1 minute"
run tp time start 2
export TERMPSA_NOW=2026-01-15T11:29:15Z
run tp time stop
is "$OUT" "time entry 6: 60 min" "exactly 60 minutes stays 60"

WANT_RC=1 WANT_MSG="ticket 99 not found"
unchanged "start on an unknown ticket" tp time start 99
WANT_RC=65 WANT_MSG="bad ticket id 'x'"
unchanged "start with a bad id" tp time start x
WANT_RC=64 WANT_MSG="unexpected argument"
unchanged "stop with an argument" tp time stop 1
run tp ticket close 2
WANT_RC=1 WANT_MSG="ticket 2 is closed"
unchanged "start on a closed ticket" tp time start 2

# --- time list -------------------------------------------------------------
run tp time list --json
is "$(jlen "$OUT" "")" 6 "list: every entry (with jane's running one)"
is "$(jget "$OUT" 0.id)|$(jget "$OUT" 0.user_name)" "6|tech" "list: newest first, with user_name"
run tp time list --ticket 1 --json
is "$(jlen "$OUT" "")" 2 "list --ticket"
wsql "INSERT INTO invoices(number, client_id, subject, issue_date, due_date,
	created_at, updated_at) VALUES ('INV-000001', 1, 's', '2026-01-15',
	'2026-02-14', 1, 1);
UPDATE time_entries SET invoice_id = 1 WHERE id = 1;"
run tp time list --uninvoiced --ticket 1 --json
is "$(jget "$OUT" 0.id)" 3 "list --uninvoiced leaves out invoiced time"
is "$(jlen "$OUT" "")" 1 "... only the uninvoiced entry"
run tp time list
like "$OUT" "^ID +NUMBER" "list as text"
run tp ticket show 1 --json
is "$(jlen "$OUT" time_entries)" 2 "ticket show lists the ticket's time"
WANT_RC=1 WANT_MSG="ticket 99 not found"
unchanged "list an unknown ticket" tp time list --ticket 99
WANT_RC=65 WANT_MSG="bad --ticket id 'x'"
unchanged "list with a bad ticket id" tp time list --ticket x
WANT_RC=65 WANT_MSG="bad --limit '0'"
unchanged "list --limit 0" tp time list --limit 0
WANT_RC=64 WANT_MSG="unexpected argument"
unchanged "status with an argument" tp time status now
WANT_RC=64 WANT_MSG="missing arguments"
unchanged "start without a ticket" tp time start

# --- --user: the command's own option after its words, else global ---------
run tp time log 1 15 --user ghost
is "$RC" 1 "time log --user names an existing user (exit 1)"
like "$ERR" "user 'ghost' not found" "time log --user ghost: message"
is "$(sql "SELECT count(*) FROM users WHERE name = 'ghost'")" 0 \
    "time log --user does not create users"
run tp user list --user zed
is "$RC" 0 "global --user after the command words"
is "$(sql "SELECT count(*) FROM users WHERE name = 'zed'")" 1 \
    "global --user after the words still names 'me' (created on first use)"

done_testing
