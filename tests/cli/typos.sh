#!/bin/sh
# typos.sh - a typo makes nothing (issue 12 item 25): only init, demo and
# user add make the database --db or TERMPSA_DB names, only init and demo
# the "me" --user, TERMPSA_USER or the config names; every other command
# says what is missing and how to make it, exit 1.  The default database
# and $USER are still made on first use.
. "$top_srcdir/tests/lib.sh"

tp client add "Acme" >/dev/null
tp ticket add 1 "Printer offline" >/dev/null

# --- a mistyped --user ----------------------------------------------------
users=$(sql 'SELECT count(*) FROM users')
refused 1 "user 'ghost' not found \(--user, TERMPSA_USER or user: in the config\): 'termpsa user add ghost' adds them" \
    "--user ghost ticket assign 2 me" --user ghost ticket assign 2 me
is "$(sql "SELECT count(*) FROM users WHERE name = 'ghost'")" 0 "no technician ghost"
is "$(sql 'SELECT assigned_to IS NULL FROM tickets WHERE id = 2')" 1 "the ticket is not assigned"
run env TERMPSA_USER=ghost "$TERMPSA" ticket list
is "$RC" 1 "TERMPSA_USER=ghost: exit 1"
like "$ERR" "user 'ghost' not found" "TERMPSA_USER=ghost: says who is missing"
mkdir -p "$TMPD/cfg"
printf 'user: ghost\n' >"$TMPD/cfg/c.yaml"
chmod 600 "$TMPD/cfg/c.yaml"
run env -u TERMPSA_USER "$TERMPSA" --config "$TMPD/cfg/c.yaml" ticket list
is "$RC" 1 "user: ghost in the config: exit 1"
is "$(sql 'SELECT count(*) FROM users')" "$users" "nobody was made by any of them"
run tp --user tech ticket assign 2 me
is "$RC" 0 "an existing --user works as before"

# --- the setting-up commands make what they are told to -------------------
run tp user add ghost
is "$RC" 0 "user add makes the user"
run tp --user ghost ticket assign 2 me
is "$RC" 0 "then --user ghost is fine"
run tp --user zoe user add ann
is "$RC" 0 "user add with a --user that is not there ..."
is "$(sql "SELECT count(*) FROM users WHERE name = 'zoe'")" 0 "... makes only the user it adds"
run tp --user kim init
is "$RC" 0 "init with a new --user"
is "$(sql "SELECT count(*) FROM users WHERE name = 'kim'")" 1 "init makes the named me"

# --- a mistyped --db or TERMPSA_DB ------------------------------------------
run tp --db "$TMPD/tpyo/x.db" ticket list
is "$RC" 1 "a mistyped --db: exit 1"
like "$ERR" "database $TMPD/tpyo/x\.db not found \(--db or TERMPSA_DB\): 'termpsa init' creates it there" \
    "it names the path and how to create it"
ok "$([ ! -e "$TMPD/tpyo" ]; echo $?)" "no folder made"
run env TERMPSA_DB="$TMPD/nope.db" "$TERMPSA" client add "Beta"
is "$RC" 1 "TERMPSA_DB to a missing file: exit 1"
ok "$([ ! -e "$TMPD/nope.db" ]; echo $?)" "no database made"
run env TERMPSA_DB="$TMPD/nope.db" "$TERMPSA"
is "$RC" 1 "the UI on a missing database: exit 1 before the screen"
like "$ERR" "nope\.db not found" "with the same message"
run tp --db "$TMPD/new/a.db" user add walter
is "$RC" 0 "user add makes a new database"
run tp --db "$TMPD/new/b.db" init
is "$RC" 0 "init makes one"
ok "$([ -f "$TMPD/new/b.db" ]; echo $?)" "there it is"

# --- first use of the default database, as $USER --------------------------
run env -u TERMPSA_DB -u TERMPSA_USER USER=alice "$TERMPSA" ticket list
is "$RC" 0 "the default database is made on first use"
D="$XDG_DATA_HOME/termpsa/termpsa.db"
is "$("$SQLITE3_SHELL" "file:$D?mode=ro" "SELECT name FROM users")" alice \
    "and \$USER as me"
run env -u TERMPSA_DB TERMPSA_USER=bob USER=alice "$TERMPSA" ticket list
is "$RC" 1 "a named me must exist in the default database too"

done_testing
