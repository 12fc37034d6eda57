#!/bin/sh
# ui_sync.sh - the status line's sync state, read through syncstate's
# summary: "sync off" without a sync: section; pending and failed counts;
# "breaker open until HH:MM"; "offline" after a failed run.  S starts a
# sync in the background and never blocks the screen.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_start
ui_see '^ tech \| sync off' 'no sync configured: sync off'
ui_keys S
ui_see 'no sync configured' 'S says there is no sync to run'
ui_quit

mkdir -p "$TMPD/cfg"
cat >"$TMPD/cfg/config.yaml" <<'YAML'
sync:
  profile: termpsa
  base_url: http://127.0.0.1:9/api
  auth:
    kind: bearer
    token_env: TERMPSA_TEST_TOKEN
YAML
chmod 600 "$TMPD/cfg/config.yaml"
export TERMPSA_CONFIG="$TMPD/cfg/config.yaml" TERMPSA_TEST_TOKEN=x
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
INSERT INTO outbox(entity, local_id, op, state, created_at, updated_at) VALUES
 ('ticket', 1, 'update', 'pending', 1, 1), ('ticket', 2, 'update', 'pending', 1, 1),
 ('ticket', 3, 'update', 'failed', 1, 1);
SQL
ui_start
ui_see '\| pending 2, failed 1( \||$)' 'pending and failed counts'
ui_quit

# The last run failed after the last success: offline.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
UPDATE sync_meta SET last_success_at = 1768460000, last_error_at = 1768470000,
 last_error = 'connect: connection refused';
INSERT INTO sync_runs(pid, started_at, finished_at, result) VALUES (1, 1768470000, 1768470001, 'error');
SQL
ui_start
ui_see '\| offline, pending 2, failed 1( \||$)' 'offline after a failed run'
ui_quit

# 10:00 now; the breaker is open for ten more minutes.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" \
    "UPDATE sync_breaker SET state = 'open', open_until = 1768471800, open_for = 600"
ui_start
ui_see '\| breaker open until 10:10, pending 2, failed 1( \||$)' \
    'breaker open until HH:MM'
ui_keys S
ui_see 'sync started' 'S starts a sync without waiting'
ui_keys j
ui_see 'Ticket queue' 'the screen still answers'

# Y: the sync issues, failed rows first; r retries, d discards.
ui_keys Y
ui_see 'Sync issues \[failed\]' 'Y opens the sync issues'
ui_see '^! +3 ticket 3 +update +failed' 'the failed row is listed'
ui_keys r
ui_see 'row 3 will be retried' 'r retries it'
is "$(sql 'SELECT state FROM outbox WHERE id = 3')" pending 'the row is pending again'
ui_keys f
ui_see 'pending' 'the filter picker'
ui_keys p Enter
ui_see 'Sync issues \[pending\]' 'the pending rows'
ui_see '^  +1 ticket 1 +update +pending' 'row 1 pending'
ui_keys G d
ui_see 'Discard outbox row 1 \(it will not be sent\)\? \[y/N\]' 'd asks first'
ui_keys y
ui_see 'row 1 discarded' 'discarded'
is "$(sql "SELECT count(*) FROM outbox WHERE id = 1 AND state <> 'discarded'")" 0 \
    'row 1 will not be sent'
ui_keys q
ui_see 'Ticket queue' 'q leaves the sync issues'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
