#!/bin/sh
# ui_sync_itflow.sh - the UI's side of issue 13 against a strict test
# ITFlow: the status line says "synced" (not "offline") after a clean run
# and "authentication failed" after a refused key; Y lists a conflict
# found before a push, and keeping the local value sends it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"
trap 'stop_server; ui_cleanup' EXIT INT TERM

start_server --itflow-strict
sync_config itflow
tp init >/dev/null
tp client add "Acme Corp" >/dev/null
T=$(tp --json ticket add 1 "Printer jam" | jget "$(cat)" id)
tp sync >/dev/null
ui_start
ui_see '\| synced( \||$)' 'after a clean run the status line says synced, not offline'
ui_quit

TR=$(sql "SELECT remote_id FROM tickets WHERE id = $T")
ctl POST /_control/update "{\"kind\":\"itflow_tickets\",\"id\":$TR,\"fields\":{\"ticket_status\":3}}" >/dev/null
tp ticket status "$T" in_progress >/dev/null
tp sync >/dev/null
K=$(sql "SELECT id FROM sync_conflicts WHERE state = 'open'")
ui_start 120 30
ui_see '\| conflicts 1( \||$)' 'the status line counts the conflict'
ui_keys Y f
ui_see 'conflicts' 'the filter picker'
ui_keys c Enter
ui_see 'Sync issues \[conflicts\]' 'the conflicts'
ui_see "ticket $T +status +conflict +local in_progress / remote waiting" \
    'Y shows both values of the status changed on both sides'
ui_keys r
ui_see "conflict $K keeps the local value" 'r keeps the local value'
ui_quit
ctl POST /_control/clear >/dev/null
later() { export TERMPSA_NOW="$1"; }
later 2026-01-15T10:10:00Z
run tp sync
is "$RC:$(srv '[r["body"].get("ticket_status") for r in R if r["path"].endswith("ticket_replies/create.php")]')" \
    "0:[2]" "then the held status goes to ITFlow"

GOOD=$PSA_KEY
export PSA_KEY=wr0ng
tp client add "Beta" >/dev/null
run tp sync
export PSA_KEY=$GOOD
is "$RC" 77 "a refused key: exit 77"
ui_start
ui_see '\| authentication failed, pending 2( \||$)' \
    'the status line says authentication failed, the rows still pending'
ui_quit
done_testing
