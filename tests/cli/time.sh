#!/bin/sh
# tests/time.sh - time worked: time log and its validation, the timer
# (start, the refused second start, stop rounding up, status), time list,
# and that each logged entry emits TimeLogged and recomputes unbilled.
. "$top_srcdir/tests/lib.sh"

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

refused 65 "bad minutes '0': expected a whole number from 1 to 1440" "log 0 minutes" time log 1 0
refused 65 "bad minutes '1441'" "log 1441 minutes" time log 1 1441
refused 65 "bad minutes '1.5'" "log fractional minutes" time log 1 1.5
refused 65 "--date" "log with a bad date" time log 1 30 --date 2026-13-01
refused 65 "--date" "log with a malformed date" time log 1 30 --date 15/01/2026
refused 1 "ticket 99 not found" "log on an unknown ticket" time log 99 30
refused 64 "missing arguments" "log without minutes" time log 1
refused 64 "unknown option --hours" "log with an unknown option" time log 1 30 --hours 2

# --- the timer -------------------------------------------------------------
run tp time status
is "$OUT" "no timer running" "status with no timer"
run tp time status --json
is "$OUT" "null" "status --json with no timer"
refused 1 "no timer is running" "stop with no timer" time stop

export TERMPSA_NOW=2026-01-15T10:00:00Z
run tp time start 1
is "$RC" 0 "timer starts"
is "$(sql "SELECT ticket_id, user_id, minutes IS NULL, started_at
	FROM time_entries WHERE id = 3")" "1|1|1|1768471200" "running entry row"
export TERMPSA_NOW=2026-01-15T10:05:00Z
refused 1 "a timer is already running on ticket 1 \(#1 Server down\) for 5 min" "a second start is refused, naming the running ticket" \
    time start 2
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

refused 1 "ticket 99 not found" "start on an unknown ticket" time start 99
refused 65 "bad ticket id 'x'" "start with a bad id" time start x
refused 64 "unexpected argument" "stop with an argument" time stop 1
run tp ticket close 2
refused 1 "ticket 2 is closed" "start on a closed ticket" time start 2

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
refused 1 "ticket 99 not found" "list an unknown ticket" time list --ticket 99
refused 65 "bad --ticket id 'x'" "list with a bad ticket id" time list --ticket x
refused 65 "bad --limit '0'" "list --limit 0" time list --limit 0
refused 64 "unexpected argument" "status with an argument" time status now
refused 64 "missing arguments" "start without a ticket" time start

# --- --user: the command's own option after its words, else global ---------
run tp time log 1 15 --user ghost
is "$RC" 1 "time log --user names an existing user (exit 1)"
like "$ERR" "user 'ghost' not found" "time log --user ghost: message"
is "$(sql "SELECT count(*) FROM users WHERE name = 'ghost'")" 0 \
    "time log --user does not create users"
run tp user list --user zed
is "$RC" 1 "global --user after the command words names 'me' ..."
like "$ERR" "user 'zed' not found \(--user, TERMPSA_USER or user: in the config\): 'termpsa user add zed' adds them" \
    "... who must exist: the message says how to add them"
is "$(sql "SELECT count(*) FROM users WHERE name = 'zed'")" 0 \
    "a global --user no longer makes a technician"

# --- a timer of seconds, and billing.timer_rounding (issue 12 item 20) -------
export TERMPSA_NOW=2026-01-15T12:00:00Z
run tp time start 1
is "$RC" 0 "a timer started"
export TERMPSA_NOW=2026-01-15T12:00:03Z
run tp time stop
is "$RC|$OUT" "0|time entry $(sql 'SELECT max(id) FROM time_entries'): 1 min" \
    "a 3-second timer still logs (scripts rely on it) ..."
like "$ERR" "the timer ran 3 s: logged as 1 min \(rounded up\); 'time stop --discard' drops a timer" \
    "... and says so, naming the flag that would not"
export TERMPSA_NOW=2026-01-15T12:10:00Z
run tp time start 1
n=$(sql 'SELECT count(*) FROM time_entries')
export TERMPSA_NOW=2026-01-15T12:10:04Z
run tp time stop --discard
is "$RC|$OUT" "0|timer on ticket 1 discarded after 4 s: nothing logged" \
    "time stop --discard drops the timer"
is "$(sql 'SELECT count(*) FROM time_entries')" "$((n - 1))" "no entry left for it"
is "$(sql "SELECT count(*) FROM events WHERE name = 'TimeLogged' AND created_at = 1768476604")" 0 \
    "and no TimeLogged"
refused 1 "no timer is running" "discard with no timer" time stop --discard

mkdir -p "$TMPD/round"
printf 'billing:\n  timer_rounding: 6\n' >"$TMPD/round/c.yaml"
chmod 600 "$TMPD/round/c.yaml"
export TERMPSA_NOW=2026-01-15T13:00:00Z
run tp --config "$TMPD/round/c.yaml" time start 1
export TERMPSA_NOW=2026-01-15T13:07:10Z
run tp --config "$TMPD/round/c.yaml" time stop
like "$OUT" ": 12 min$" "7 min 10 s with timer_rounding 6 logs 12 minutes"
is "$ERR" "" "a timer over a minute says nothing more"
printf 'billing:\n  timer_rounding: 15\n' >"$TMPD/round/c.yaml"
run tp --config "$TMPD/round/c.yaml" time start 1
export TERMPSA_NOW=2026-01-15T13:07:40Z
run tp --config "$TMPD/round/c.yaml" time stop
like "$OUT" ": 15 min$" "30 s with timer_rounding 15 logs 15 minutes"
like "$ERR" "ran 30 s: logged as 15 min \(rounded up to billing.timer_rounding\)" \
    "and names the setting"
printf 'billing:\n  timer_rounding: 0\n' >"$TMPD/round/c.yaml"
run tp --config "$TMPD/round/c.yaml" time status
is "$RC" 65 "timer_rounding 0 is a bad config value"
like "$ERR" "billing.timer_rounding: bad value '0': expected a whole number from 1 to 60" \
    "with the range"

done_testing
