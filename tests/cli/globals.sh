#!/bin/sh
# globals.sh - the global options, read by one parser (app_take_globals)
# in both termpsa and the sync helper termpsa-sync: --db PATH and
# --db=PATH are the same, and a value option without its value is a usage
# error (exit 64) that changes nothing.
. "$top_srcdir/tests/lib.sh"

unset TERMPSA_DB
sql_at() { "$SQLITE3_SHELL" -batch -noheader "file:$1?mode=ro" "$2"; }
D="$TMPD/dbs"
mkdir -p "$D"

# termpsa (only init, demo and user add make a database: typos.sh)
run tp --db "$D/a.db" init
is "$RC" 0 "termpsa: --db PATH init"
run tp --db="$D/b.db" --user=ann init
is "$RC" 0 "termpsa: --db=PATH --user=NAME init"
run tp --db "$D/a.db" client add Acme
is "$RC|$(sql_at "$D/a.db" 'SELECT name FROM clients')" "0|Acme" "termpsa: --db PATH"
run tp client list --db="$D/a.db" --json
is "$RC|$(jget "$OUT" 0.name)" "0|Acme" "termpsa: --db=PATH (after the command words) reads the same database"
run tp --db="$D/b.db" --user=ann client add Other
is "$RC|$(sql_at "$D/b.db" 'SELECT name FROM clients')" "0|Other" \
    "termpsa: --db=PATH with --user=NAME"
is "$(sql_at "$D/b.db" 'SELECT group_concat(name) FROM users')" "ann" \
    "termpsa: --user=NAME is who me is"
run tp client list --db
is "$RC" 64 "termpsa: --db with no value: exit 64"
is "$ERR" "termpsa: --db needs a value" "termpsa: and says so"
run tp --db= client list
is "$RC|$ERR" "64|termpsa: --db needs a value" "termpsa: --db= (empty): exit 64"
run tp client list --config
is "$RC|$ERR" "64|termpsa: --config needs a value" "termpsa: --config with no value: exit 64"
run tp --json=yes client list
is "$RC|$ERR" "64|termpsa: --json takes no value" "termpsa: a flag given a value: exit 64"
is "$(ls "$D" | grep '\.db$')" "a.db
b.db" "termpsa: a refused command creates no database"

# termpsa-sync: a dry run opens the database it is given and sends nothing.
cat >"$TMPD/sync.yaml" <<YAML
sync:
  profile: termpsa
  base_url: http://127.0.0.1:9
  auth:
    kind: bearer
    token_env: PSA_TOKEN
YAML
chmod 600 "$TMPD/sync.yaml"
export TERMPSA_PROFILE_DIR="$top_srcdir/contrib/profiles" PSA_TOKEN=t

run "$TERMPSA_SYNC" --db "$D/a.db" --config "$TMPD/sync.yaml" --dry-run
is "$RC" 0 "termpsa-sync: --db PATH --config PATH"
like "$OUT" "client" "termpsa-sync: the dry run shows database a's client"
run tp --db "$D/c.db" init
run "$TERMPSA_SYNC" --db="$D/c.db" --config="$TMPD/sync.yaml" --dry-run --json
is "$RC" 0 "termpsa-sync: --db=PATH --config=PATH"
ok "$([ -s "$D/c.db" ]; echo $?)" "termpsa-sync: --db=PATH opened that database"
run "$TERMPSA_SYNC" --config "$TMPD/sync.yaml" --dry-run --db
is "$RC" 64 "termpsa-sync: --db with no value: exit 64"
like "$ERR" "--db needs a value" "termpsa-sync: and says so"
run "$TERMPSA_SYNC" --db= --config "$TMPD/sync.yaml" --once
is "$RC" 64 "termpsa-sync: --db= (empty): exit 64"
run "$TERMPSA_SYNC" --db "$D/a.db" --bogus
is "$RC" 64 "termpsa-sync: an unknown option: exit 64"
is "$(ls "$D" | grep '\.db$')" "a.db
b.db
c.db" "termpsa-sync: a refused run creates no database"

done_testing
