#!/bin/sh
# demo.sh - `termpsa demo`: deterministic for (scale, seed), a believable
# MSP in the large set's proportions, refuses a database with clients, and
# `--demo` opens a filled demo database.
. "$top_srcdir/tests/lib.sh"

# dump DB: every row, except the "me" user that app_db makes before the
# generator runs and its outbox row (random uuids, not the demo's).
dump() {
	"$SQLITE3_SHELL" -batch "file:$1?mode=ro" .dump |
	    grep -v "^INSERT INTO \(users VALUES(1,\|outbox\)"
}
q() { "$SQLITE3_SHELL" -batch -noheader "file:$TERMPSA_DB?mode=ro" "$1"; }
# The schema's index names, from a database that never saw a demo.
schema_indexes() {
	[ -f "$TMPD/fresh.db" ] || TERMPSA_DB="$TMPD/fresh.db" tp init >/dev/null
	"$SQLITE3_SHELL" -batch -noheader "file:$TMPD/fresh.db?mode=ro" \
	    "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)"
}

# And its triggers, counted the same way (a migration may add some).
schema_triggers() {
	[ -f "$TMPD/fresh.db" ] || TERMPSA_DB="$TMPD/fresh.db" tp init >/dev/null
	"$SQLITE3_SHELL" -batch -noheader "file:$TMPD/fresh.db?mode=ro" \
	    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
}

run tp demo
is "$RC" 0 "demo (small) succeeds"
is "$OUT" "demo: 400 tickets generated (seed 1)" "says what it made"
is "$ERR" "" "no progress line when stderr is not a terminal"
is "$(q 'SELECT count(*) FROM clients')/$(q 'SELECT count(*) FROM tickets')" \
    "25/400" "small: 25 clients, 400 tickets"
is "$(q "SELECT count(*) FROM users WHERE name <> 'tech' AND hourly_rate_cents > 0")" \
    20 "20 users with rates"
is "$(q 'SELECT count(DISTINCT status) FROM tickets')/$(q 'SELECT count(DISTINCT priority) FROM tickets')/$(q 'SELECT count(DISTINCT source) FROM tickets')" \
    "6/4/6" "tickets in every status, priority and source"
is "$(q 'SELECT value FROM counters WHERE name = '"'ticket'"'')/$(q 'SELECT max(number) FROM tickets')" \
    "400/400" "ticket counter set"
is "$(q "SELECT value FROM counters WHERE name = 'invoice'")" \
    "$(q 'SELECT count(*) FROM invoices')" "invoice counter set"
t=$(q 'SELECT count(*) FROM time_entries WHERE ticket_id IS NOT NULL')
[ "$t" -ge 1000 ] && [ "$t" -le 1400 ]
ok $? "about 3 time entries per ticket ($t)"
is "$(q 'SELECT count(*) > 0 FROM ticket_notes')" 1 "notes"
is "$(q "SELECT count(DISTINCT status) FROM invoices")/$(q 'SELECT count(*) > 0 FROM invoice_items')/$(q "SELECT count(DISTINCT status) FROM payments")" \
    "5/1/4" "invoices in every state, with items, payments in every state"
is "$(q 'SELECT count(*) FROM invoices i WHERE total_cents <> (SELECT sum(total_cents) FROM invoice_items WHERE invoice_id = i.id)')" \
    0 "invoice totals are the sum of their items"
is "$(q "SELECT sum(warranty_expire < '2026-01-15') > 0 AND sum(warranty_expire BETWEEN '2026-01-15' AND '2026-02-14') > 0 AND sum(warranty_expire > '2026-02-14') > 0 FROM assets")" \
    1 "warranties expired, expiring and good"
is "$(q 'SELECT count(*) > 0 FROM project_expenses')/$(q "SELECT count(*) > 0 FROM projects WHERE status = 'active'")" \
    "1/1" "projects with expenses"
is "$(q "SELECT count(*) > 0 FROM tickets_fts WHERE tickets_fts MATCH 'printer'")/$(q "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")" \
    "1/$(schema_triggers)" "tickets are searchable and the search triggers are back"
is "$(q "SELECT count(*) FROM events WHERE name <> 'UserCreated'")/$(q "SELECT count(*) FROM outbox WHERE entity <> 'user'")/$(q 'SELECT count(*) FROM jobs')/$(q 'SELECT count(*) FROM activity')" \
    "0/0/0/1" "no events, outbox rows or jobs per generated row (only UserCreated for me)"
bal=$(q "SELECT count(*) FROM clients WHERE balance_cents <> 0 OR unbilled_cents <> 0")
[ "$bal" -gt 0 ]
ok $? "client balances recomputed ($bal clients with amounts)"
is "$(q 'PRAGMA integrity_check')" ok "integrity_check ok"
# integrity_check does not evaluate CHECK constraints (the load runs
# with them off): loading a dump into a new file does.
out=$("$SQLITE3_SHELL" -batch "file:$TERMPSA_DB?mode=ro" .dump |
    "$SQLITE3_SHELL" -batch -bail "$TMPD/reload.db" 2>&1)
is "$?/$out" "0/" "every CHECK constraint holds (a dump loads into a new file)"
is "$(q 'PRAGMA foreign_key_check')" "" \
    "every reference holds (the load runs with foreign keys off)"
is "$(q "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)")" \
    "$(schema_indexes)" "every index of the schema is back after the load"
is "$(q "SELECT count(*) FROM tickets_fts WHERE tickets_fts MATCH 'attention'")" \
    "$(q "SELECT count(*) FROM tickets WHERE body LIKE '%attention%'")" \
    "every ticket indexed for search"
run tp client show 1 --json
is "$RC" 0 "the dashboard works on the demo"

d=$(db_digest)
run tp demo
is "$RC" 1 "a second demo is refused"
like "$ERR" "already has 25 clients" "and says why"
is "$(db_digest)" "$d" "nothing changed"
run tp demo --scale huge
is "$RC" 65 "bad scale: exit 65"
like "$ERR" "expected small, medium, large or a number" "bad scale names the choices"
run tp demo --seed -3
is "$RC" 65 "bad seed: exit 65"

TERMPSA_DB="$TMPD/a.db" tp demo --seed 7 >/dev/null
TERMPSA_DB="$TMPD/b.db" tp demo --seed 7 >/dev/null
TERMPSA_DB="$TMPD/c.db" tp demo --seed 8 >/dev/null
dump "$TMPD/a.db" >"$TMPD/a.sql"
dump "$TMPD/b.db" >"$TMPD/b.sql"
dump "$TMPD/c.db" >"$TMPD/c.sql"
cmp -s "$TMPD/a.sql" "$TMPD/b.sql"
ok $? "same seed: identical dump"
cmp -s "$TMPD/a.sql" "$TMPD/c.sql"
[ $? -ne 0 ]
ok $? "different seed: different dump"
TERMPSA_NOW=2026-03-01T10:00:00Z TERMPSA_DB="$TMPD/e.db" tp demo --seed 7 >/dev/null
dump "$TMPD/e.db" >"$TMPD/e.sql"
cmp -s "$TMPD/a.sql" "$TMPD/e.sql"
[ $? -ne 0 ]
ok $? "dates follow the clock"

TERMPSA_DB="$TMPD/n.db" tp demo --scale 15000 >/dev/null
TERMPSA_DB="$TMPD/n.db"
is "$(q 'SELECT count(*) FROM clients')/$(q 'SELECT count(*) FROM tickets')/$(q 'SELECT count(*) FROM assets')/$(q 'SELECT count(*) FROM invoices')" \
    "30/15000/750/3000" "--scale N: the large set's proportions"

# Two threads (time entries built in a side file and copied in) or one:
# the same rows, row for row; the side file is gone after; the copy kept
# every index and the search index whole.
rows() { dump "$1" | grep '^INSERT INTO'; }
TERMPSA_DEMO_THREADS=2 TERMPSA_DB="$TMPD/t2.db" tp demo --scale 3000 --seed 5 >/dev/null
TERMPSA_DEMO_THREADS=1 TERMPSA_DB="$TMPD/t1.db" tp demo --scale 3000 --seed 5 >/dev/null
rows "$TMPD/t2.db" >"$TMPD/t2.sql"
rows "$TMPD/t1.db" >"$TMPD/t1.sql"
cmp -s "$TMPD/t1.sql" "$TMPD/t2.sql"
ok $? "one thread or two: the same rows"
is "$(grep -c '^INSERT INTO time_entries' "$TMPD/t2.sql")" \
    "$("$SQLITE3_SHELL" -batch -noheader "file:$TMPD/t2.db?mode=ro" 'SELECT count(*) FROM time_entries')" \
    "the time entries are in the database ($(grep -c '^INSERT INTO time_entries' "$TMPD/t2.sql"))"
[ ! -e "$TMPD/t2.db-demo" ] && [ ! -e "$TMPD/t1.db-demo" ]
ok $? "no side file left"
TERMPSA_DB="$TMPD/t2.db"
is "$(q 'PRAGMA integrity_check')/$(q 'PRAGMA foreign_key_check')" "ok/" \
    "two threads: integrity_check and foreign_key_check ok"
is "$(q "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)")" \
    "$(schema_indexes)" "two threads: every index of the schema"
is "$(q "SELECT count(*) FROM time_entries INDEXED BY time_entries_user_date WHERE user_id > 0")/$(q "SELECT count(*) FROM time_entries INDEXED BY time_entries_invoice WHERE invoice_id IS NULL")" \
    "$(q "SELECT count(*) FROM time_entries NOT INDEXED WHERE user_id > 0")/$(q "SELECT count(*) FROM time_entries NOT INDEXED WHERE invoice_id IS NULL")" \
    "two threads: the copied indexes hold every row"
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" \
    "INSERT INTO tickets_fts(tickets_fts) VALUES ('integrity-check')" 2>&1
ok $? "the search index is consistent"
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" \
    "INSERT INTO invoices_fts(invoices_fts) VALUES ('integrity-check')" 2>&1
ok $? "the invoices' search index is consistent"
is "$(q "SELECT count(*) FROM invoices_fts WHERE invoices_fts MATCH 'Services'")" \
    "$(q "SELECT count(*) FROM invoices WHERE subject LIKE '%services%'")" \
    "and holds every invoice loaded"
is "$(q 'SELECT group_concat(k) FROM tickets_fts_config')/$(q 'PRAGMA journal_mode')" \
    "version/wal" "the load's search and journal settings are gone"
run env TERMPSA_DEMO_THREADS=2 "$TERMPSA" --db "$TMPD/p.db" demo --scale 1000 --seed 5
is "$RC/$ERR" "0/" "no progress line when stderr is not a terminal (two threads)"
if script -qec true /dev/null >/dev/null 2>&1; then
	out=$(TERMPSA_DEMO_THREADS=2 script -qec \
	    "'$TERMPSA' --db '$TMPD/pt.db' demo --scale 30000 --seed 5" /dev/null)
	case "$out" in
	*"generating: 100% ("*"rows)"*) ok 0 "progress line on a terminal, to 100%" ;;
	*) ok 1 "progress line on a terminal, to 100% (got: $out)" ;;
	esac
else
	T_N=$((T_N + 1))
	echo "ok $T_N # skip script(1) cannot run a pseudo-terminal here"
fi

# kill -9 in the middle: the demo is one transaction, so the database is
# as it was before (the "me" user only), with every index and search
# trigger in place, and the demo can simply run again.
TERMPSA_DB="$TMPD/k.db"
"$TERMPSA" demo --scale 100000 >/dev/null 2>&1 &
pid=$!
sleep 1
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ -s "$TMPD/k.db-journal" ] && echo "# killed mid-load (a hot journal)"
# A plain (read-write) open first: that is what rolls back a killed write
# (termpsa's own opens are read-write too).
"$SQLITE3_SHELL" -batch "$TMPD/k.db" "SELECT count(*) FROM clients" >/dev/null
is "$(q "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")/$(q "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name)")" \
    "$(schema_triggers)/$(schema_indexes)" \
    "an interrupted demo leaves every search trigger and index in place"
is "$(q 'SELECT count(*) FROM clients')/$(q 'SELECT count(*) FROM tickets')/$(q 'SELECT count(*) FROM time_entries')" \
    "0/0/0" "and nothing half generated"
"$SQLITE3_SHELL" -batch "$TMPD/k.db" \
    "INSERT INTO tickets_fts(tickets_fts) VALUES ('integrity-check')" 2>&1
ok $? "the search index is consistent"
is "$(q 'PRAGMA integrity_check')" ok "integrity_check ok after the kill"
run tp demo --scale 600
is "$RC" 0 "the demo runs again after an interruption"
is "$(q 'SELECT count(*) FROM tickets')" 600 "and fills the database"
[ ! -e "$TMPD/k.db-demo" ]
ok $? "and removes a killed demo's side file"

TERMPSA_DB="$TMPD/t.db"
run env -u TERMPSA_DB "$TERMPSA" --demo client show 3 --json
is "$RC" 0 "--demo opens a demo database"
is "$(jget "$OUT" client.id)" 3 "its dashboard"
TERMPSA_DB="$XDG_DATA_HOME/termpsa/demo.db"
is "$(q 'SELECT count(*) FROM clients')/$(q 'SELECT count(*) FROM tickets')" \
    "25/400" "the demo database is filled (small)"

done_testing
