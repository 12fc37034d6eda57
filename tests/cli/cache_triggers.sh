#!/bin/sh
# cache_triggers.sh - money shown is money stored: whatever writes a row
# the dashboard reads (a service, a job, an import, the demo, a plain
# sqlite3 shell), the next `client show` shows what is stored, never the
# cached document from before (schema/0006_cache_triggers.sql).
. "$top_srcdir/tests/lib.sh"

w() { "$SQLITE3_SHELL" -batch "$TERMPSA_DB" "$1"; }
show() { tp client show "${1:-1}" --json; }
cached() { sql "SELECT count(*) FROM cache WHERE tag = 'client.${1:-1}'"; }

# after NAME CMD...: with client 1's dashboard cached, run CMD; then the
# dashboard shown must differ from before and equal one built afresh.
after() {
	_name=$1
	shift
	_before=$(show)
	[ "$(cached)" = 1 ] || echo "# (no cache row before: $_name)"
	"$@" >/dev/null 2>"$TMPD/after.err"
	_rc=$?
	_shown=$(show)
	w "DELETE FROM cache"
	_fresh=$(show)
	if [ "$_rc" -ne 0 ]; then
		ok 1 "$_name: the write ran"
		sed 's/^/#   /' "$TMPD/after.err"
	elif [ "$_before" = "$_fresh" ]; then
		ok 1 "$_name: the write changed the dashboard (test is void)"
	else
		is "$_shown" "$_fresh" "$_name: the dashboard shows what is stored"
	fi
}

tp init >/dev/null
tp client add Acme >/dev/null
tp user add ann --rate 100.00 >/dev/null
tp project add 1 Migration >/dev/null

# --- the issue's case: a payment on account, applied by a job ---------------
tp payment add 1 50.00 >/dev/null
show >/dev/null
is "$(cached)" 1 "client show caches the dashboard"
after "UpdateClientBalance job (payment on account)" \
    env TERMPSA_NOW=2026-01-15T10:00:06Z "$TERMPSA" jobs run
is "$(jget "$(show)" financial.balance_cents)" \
    "$(sql 'SELECT balance_cents FROM clients WHERE id = 1')" \
    "balance shown = clients.balance_cents"
is "$(jget "$(show)" financial.balance_cents)" -5000 "and it is -50.00"

# --- services ------------------------------------------------------------------
after "ticket add" tp ticket add 1 "Printer jam" --priority high
after "asset add" tp asset add 1 pc1 --warranty-expire 2026-02-01
after "contact add" tp contact add 1 Bob --primary
after "location add" tp location add 1 HQ
after "project log" tp project log 1 90 --user ann
after "project expense" tp project expense 1 12.50 Cables
after "client update" tp client update 1 --email ops@acme.test

# --- CSV import ----------------------------------------------------------------
printf 'client_id,subject,priority\n1,Imported,critical\n' >"$TMPD/t.csv"
after "import csv tickets" tp import csv tickets "$TMPD/t.csv"

# --- any writer at all (here a sqlite3 shell: nothing of termpsa runs) --------
after "clients.balance_cents written directly" \
    w "UPDATE clients SET balance_cents = 4242 WHERE id = 1"
after "clients.unbilled_cents written directly" \
    w "UPDATE clients SET unbilled_cents = 99 WHERE id = 1"
after "a ticket inserted directly" \
    w "INSERT INTO tickets(number, client_id, subject, created_at, updated_at)
       VALUES (900, 1, 'raw', 1768471200, 1768471200)"
after "a ticket status updated directly" \
    w "UPDATE tickets SET status = 'closed' WHERE number = 900"
after "a ticket deleted directly" w "DELETE FROM tickets WHERE number = 900"
after "an invoice inserted directly" \
    w "INSERT INTO invoices(number, client_id, subject, status, issue_date,
       due_date, total_cents, created_at, updated_at) VALUES ('X-1', 1, 's',
       'sent', '2026-01-01', '2026-01-02', 7700, 1768471200, 1768471200)"
after "an invoice payment inserted directly" \
    w "INSERT INTO payments(client_id, invoice_id, amount_cents, received_at,
       created_at, updated_at) SELECT 1, id, 700, 1768471200, 1, 1
       FROM invoices WHERE number = 'X-1'"
after "a payment refunded directly" \
    w "UPDATE payments SET status = 'refunded' WHERE amount_cents = 700"
after "an asset's warranty written directly" \
    w "UPDATE assets SET warranty_expire = '2020-01-01'"
after "a contact renamed directly" w "UPDATE client_contacts SET name = 'Rob'"
after "a location deleted directly" w "DELETE FROM client_locations"
after "project time written directly" w "UPDATE time_entries SET minutes = 120"
after "a project expense written directly" \
    w "UPDATE project_expenses SET amount_cents = 1300"
after "a user's rate written directly" \
    w "UPDATE users SET hourly_rate_cents = 15000 WHERE name = 'ann'"
after "a project closed directly" w "UPDATE projects SET status = 'completed'"

# A ticket moved to another client drops both clients' dashboards.
tp client add Beta >/dev/null
show 1 >/dev/null
show 2 >/dev/null
w "UPDATE tickets SET client_id = 2 WHERE subject = 'Printer jam'"
is "$(cached 1)/$(cached 2)" "0/0" "a row moved between clients drops both dashboards"

# Only the changed client's entry goes.
show 1 >/dev/null
show 2 >/dev/null
w "UPDATE clients SET balance_cents = 1 WHERE id = 2"
is "$(cached 1)/$(cached 2)" "1/0" "another client's change keeps this client's cache"

# --- the demo ------------------------------------------------------------------
# An entry left from before (a database that once had client 1) must not
# be shown over what the demo generated.
export TERMPSA_DB="$TMPD/demo.db"
tp init >/dev/null
w "INSERT INTO cache(key, tag, value, expires_at) VALUES ('dashboard.1',
   'client.1', '{\"client\":{\"id\":1},\"financial\":{\"balance_cents\":-1}}',
   1768471200 + 3600)"
run tp demo
is "$RC" 0 "demo"
is "$(jget "$(show)" financial.balance_cents)" \
    "$(sql 'SELECT balance_cents FROM clients WHERE id = 1')" \
    "after the demo, the balance shown is the stored one"
is "$(sql "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%cache%'")" \
    32 "the demo puts its deferred cache triggers back"

done_testing
