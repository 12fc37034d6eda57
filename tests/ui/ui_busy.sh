#!/bin/sh
# ui_busy.sh - another process writing beside the UI (a sync run, a
# command, a second UI) never freezes it: the idle job run writes nothing
# when no job is due and gives up a tick instead of waiting for another
# writer's lock.  It used to BEGIN IMMEDIATE on every idle tick and wait
# up to 15 s for the lock, with the status line frozen and every key (the
# t that opens the timer's picker, the P of a payment) unanswered until
# the other writer finished: a picker "without its box".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_start
ui_see 'Ticket queue' 'starts on the queue'

# hold_lock SECONDS [SQL]: another connection commits SQL (if any), then
# at once holds the write lock for SECONDS.
hold_lock() {
	{ [ -n "${2:-}" ] && printf '%s\n' "$2"
	  printf 'BEGIN IMMEDIATE;\nUPDATE users SET name = name;\n'
	  sleep "$1"; printf 'COMMIT;\n'; } |
	    "$SQLITE3_SHELL" -batch "$TERMPSA_DB" >/dev/null 2>&1 &
	LOCK_PID=$!
}

# --- no job due --------------------------------------------------------------
hold_lock 12
sleep 2.5          # idle ticks (one a second) meet the lock
t0=$(ui_ms)
ui_keys 3
ui_wait_for 'Assets \[all\]' 4
ok $? 'a key is answered while another process writes (no job due)'
ui_keys 2
ui_wait_for 'Ticket queue' 4
ok $? '... and the next one'
ok $([ $(( $(ui_ms) - t0 )) -lt 8000 ] && echo 0 || echo 1) '... well before the lock is let go'
wait "$LOCK_PID"

# --- a job due: it waits for the lock, the keys do not ------------------------
hold_lock 12 "INSERT INTO jobs(name, payload, available_at, created_at) VALUES ('update_client_balance', '{\"client_id\":1}', 0, 0);"
sleep 2.5
ui_keys 1
ui_wait_for 'Client hub' 4
ok $? 'a key is answered while a job waits for the lock'
is "$(sql 'SELECT count(*) FROM jobs WHERE created_at = 0')" 1 '... the job is still waiting'
wait "$LOCK_PID"
# After the other writer is done the idle run does the job.
n=0
while [ "$(sql 'SELECT count(*) FROM jobs WHERE created_at = 0')" != 0 ] && [ $n -lt 60 ]; do
	sleep 0.1; n=$((n + 1))
done
is "$(sql 'SELECT count(*) FROM jobs WHERE created_at = 0')" 0 'once the lock is free the idle run does the job'
# --- one of the UI's own writes waits for the lock: it says so ------------------
# The write must wait (there is no other way to make it), but a still
# screen with no word is a frozen one to a technician: the status line
# says the database is busy and for how long, then the write lands.
ui_keys 2
ui_wait_for 'Ticket queue' 4
before=$(sql 'SELECT count(*) FROM tickets WHERE assigned_to IS NOT NULL')
hold_lock 6
sleep 0.5
ui_keys A
ui_wait_for 'database busy: another program is writing; waiting [0-9]+ s of 15' 4
ok $? 'a write that waits for another writer says so on the status line'
is "$(sql 'SELECT count(*) FROM tickets WHERE assigned_to IS NOT NULL')" "$before" \
    '... while it waits, nothing is written'
wait "$LOCK_PID"
ui_wait_gone 'database busy' 10
ok $? '... the notice goes once the write is done'
is "$(sql 'SELECT count(*) FROM tickets WHERE assigned_to IS NOT NULL')" "$((before + 1))" \
    '... and the write has landed'
ui_quit
is "$UI_RC" 0 'quits cleanly'
done_testing
