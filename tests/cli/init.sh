#!/bin/sh
# init.sh - the database on first use: where it goes, its modes, the schema
# version, idempotent migration, and the global options and exit codes of
# the command line itself.
. "$top_srcdir/tests/lib.sh"

unset TERMPSA_DB
run tp init
is "$RC" 0 "init with the default path"
db="$XDG_DATA_HOME/termpsa/termpsa.db"
ok "$([ -f "$db" ]; echo $?)" "the database goes to \$XDG_DATA_HOME/termpsa"
is "$(stat -c %a "$db")" 600 "the new database is 0600"
is "$(stat -c %a "$XDG_DATA_HOME/termpsa")" 700 "its new folder is 0700"
v=$("$SQLITE3_SHELL" "$db" 'PRAGMA user_version')
ok "$([ "$v" -ge 2 ]; echo $?)" "migrated to the newest schema (user_version $v)"
is "$("$SQLITE3_SHELL" "$db" 'PRAGMA journal_mode')" wal "WAL journal"
before=$("$SQLITE3_SHELL" "$db" 'SELECT count(*) FROM sqlite_master')
run tp init
is "$RC" 0 "init again"
is "$("$SQLITE3_SHELL" "$db" 'SELECT count(*) FROM sqlite_master')" "$before" \
    "a second init changes no schema"

run tp --db "$TMPD/deep/er/x.db" init
is "$RC" 0 "--db creates missing folders"
is "$(stat -c %a "$TMPD/deep/er")" 700 "each created folder is 0700"

export TERMPSA_DB="$TMPD/env.db"
run tp init
ok "$([ -f "$TMPD/env.db" ]; echo $?)" "TERMPSA_DB picks the database"
run tp --json init
is "$OUT" '{"ok":true}' "init --json"

"$SQLITE3_SHELL" "$TMPD/env.db" 'PRAGMA user_version = 999'
run tp init
is "$RC" 74 "a database from a newer termpsa: exit 74"
like "$ERR" "newer than this termpsa knows" "and says so"

# The command line's own contract.
run tp --version
like "$OUT" '^termpsa [0-9]+\.[0-9]+' "--version"
run tp --help
is "$RC" 0 "--help exits 0"
like "$OUT" '^  ticket assign ' "--help lists the commands"
run tp ticket --help
like "$OUT" '^  ticket list ' "a group's --help lists its commands"
run tp ticket list --help
like "$OUT" '^usage: termpsa ticket list ' "a command's --help shows its usage"
run tp frobnicate
is "$RC" 64 "unknown command: exit 64"
like "$ERR" "unknown command 'frobnicate'" "unknown command: message"
run tp ticket frob
is "$RC" 64 "unknown subcommand: exit 64"
run tp --db
is "$RC" 64 "--db without a value: exit 64"
run tp --db "$TMPD/g.db" --json user list
is "$RC" 1 "a --db that is not there is not made by user list (exit 1)"
like "$ERR" "database .*/g\.db not found \(--db or TERMPSA_DB\): 'termpsa init' creates it there" \
    "it says what is missing and how to make it"
ok "$([ ! -e "$TMPD/g.db" ]; echo $?)" "no database file left behind"
run tp --db "$TMPD/typo/g.db" ticket list
ok "$([ "$RC" -eq 1 ] && [ ! -e "$TMPD/typo" ]; echo $?)" "no folder made for a mistyped --db"
run tp --db "$TMPD/g.db" init
run tp --db "$TMPD/g.db" --json user list
is "$RC" 0 "global options before the command"
run tp user list --json --db "$TMPD/g.db"
is "$RC" 0 "global options after the command"
like "$OUT" '^\[' "--json after the command words"

# A command leaves its WAL in place (no checkpoint when it closes: that
# would cost two fsyncs, and the next command a new WAL file); what it
# wrote is there for the next one all the same.
W="$TMPD/wal.db"
run tp --db "$W" user add walter
is "$RC" 0 "wal: a write"
ok "$([ -s "$W-wal" ]; echo $?)" "wal: the WAL file stays after the command"
run tp --db "$W" user list
like "$OUT" walter "wal: the next command reads the write"
is "$("$SQLITE3_SHELL" -batch "file:$W?mode=ro" "PRAGMA integrity_check")" ok \
    "wal: the database is whole"

done_testing
