#!/bin/sh
# ui_sync_discard.sh - d in the sync issues (Y) on a create the PSA
# refused asks about the rows that can only follow it, says how many it
# dropped with it, and leaves the other rows queued.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
cat >"$TMPD/config.yaml" <<'YAML'
sync:
  profile: termpsa
  base_url: http://127.0.0.1:9/api
  auth:
    kind: bearer
    token_env: TERMPSA_TEST_TOKEN
YAML
chmod 600 "$TMPD/config.yaml"
export TERMPSA_CONFIG="$TMPD/config.yaml" TERMPSA_TEST_TOKEN=x
# Cobalt Labs' create was refused; its two tickets wait on it; a change of
# Acme Dental's ticket does not.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
INSERT INTO outbox(id, entity, local_id, op, state, last_error, created_at, updated_at) VALUES
 (1, 'client', 3, 'create', 'failed', 'HTTP 422: name reserved', 1, 1),
 (2, 'ticket', 5, 'create', 'failed', 'blocked: its client was not sent', 1, 1),
 (3, 'ticket', 6, 'create', 'failed', 'blocked: its client was not sent', 1, 1),
 (4, 'ticket', 1, 'update', 'pending', NULL, 1, 1);
SQL
ui_start
ui_keys Y
ui_see 'Sync issues \[failed\]' 'Y opens the sync issues'
ui_see '^! +1 client 3 +create +failed' 'the refused create is listed'
ui_keys G
ui_sel_is '^[ >!]+1 client 3' 'G selects the oldest row, the create'
ui_keys d
ui_see 'Discard outbox row 1 and the 2 rows that need it \(none will be sent\)\? \[y/N\]' \
    'd says how many rows go with it'
ui_keys n
ui_see 'nothing changed' 'n keeps them'
is "$(sql 'SELECT count(*) FROM outbox')" 4 '... all four rows'
ui_keys d
ui_see 'Discard outbox row 1 and the 2 rows' 'd asks again'
ui_keys y
ui_see 'row 1 discarded, with the 2 rows that needed it' 'y drops them and says how many'
is "$(sql 'SELECT group_concat(id) FROM outbox')" 4 "only the other client's change is left"
ui_quit
is "$UI_RC" 0 'quits'
done_testing
