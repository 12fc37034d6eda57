#!/bin/sh
# project.sh - projects: add/list/show/status, time logged with no ticket,
# expenses, and the client's unbilled amount after each.
. "$top_srcdir/tests/lib.sh"

unbilled() { sql "SELECT unbilled_cents FROM clients WHERE id = ${1:-1}"; }

run tp init
is "$RC" 0 "init"
# The "me" user (tech) exists after init; give it a rate of 100.00.  A
# second user has no rate and bills at the default 150.00.
wsql "INSERT INTO clients(id, name, hourly_rate_cents, created_at, updated_at)
	VALUES (1, 'Acme', 12500, 0, 0), (2, 'Beta', NULL, 0, 0);
UPDATE users SET hourly_rate_cents = 10000 WHERE name = 'tech';
INSERT INTO users(name, created_at, updated_at) VALUES ('jane', 0, 0);"

# --- add ----------------------------------------------------------------------
run tp project add 1 "Office move" --due 2026-03-01
is "$RC|$OUT" "0|project 1" "project add prints the id"
is "$(sql "SELECT client_id || '|' || name || '|' || status || '|' || due_date ||
	'|' || created_at FROM projects WHERE id = 1")" \
    "1|Office move|active|2026-03-01|1768471200" "project add stores it, active"
is "$(sql "SELECT name || '|' || entity || '|' || entity_id || '|' || client_id
	FROM events WHERE name = 'ProjectCreated'")" "ProjectCreated|project|1|1" \
    "project add emits ProjectCreated about the client"
is "$(sql "SELECT count(*) FROM outbox WHERE entity = 'project'")" 0 \
    "ProjectCreated is not synced"
run tp --json project add 2 "Network refresh"
is "$(jget "$OUT" id)|$(jget "$OUT" client_name)|$(jget "$OUT" status)|$(jget "$OUT" due_date)|$(jget "$OUT" unbilled_cents)" \
    "2|Beta|active||0" "project add --json returns the project"
tp project add 1 "Audit" >/dev/null

refused 1 'client 99 not found' "add: unknown client" project add 99 X
refused 65 "bad client 'acme'" "add: bad client id" project add acme X
refused 65 "bad --due '2026-02-29'" "add: bad due date" project add 1 X --due 2026-02-29
refused 65 'a project name must be 1 to 200 characters' "add: empty name" project add 1 ""
refused 64 'missing arguments' "add: no name" project add 1
refused 64 'unknown option --owner' "add: unknown option" project add 1 X --owner me

# --- time on a project, no ticket -------------------------------------------------
is "$(unbilled)" 0 "nothing unbilled yet"
run tp project log 1 90 --note "Cabling plan"
is "$RC|$OUT" "0|time entry 1" "project log prints the entry"
is "$(sql "SELECT coalesce(ticket_id, 'NULL') || '|' || project_id || '|' ||
	u.name || '|' || work_date || '|' || minutes || '|' || billable || '|' ||
	coalesce(invoice_id, 'NULL') || '|' || note FROM time_entries te
	JOIN users u ON u.id = te.user_id WHERE te.id = 1")" \
    "NULL|1|tech|2026-01-15|90|1|NULL|Cabling plan" "project log: the entry"
is "$(sql "SELECT payload FROM events WHERE name = 'TimeLogged'")" '{"project_id":1}' \
    "project log emits TimeLogged with the project"
is "$(unbilled)" 15000 "90 minutes at tech's 100.00 = 150.00 unbilled (not the client's rate)"

run tp project expense 1 25.00 "Patch cables"
is "$RC|$OUT" "0|expense 1" "project expense prints the id"
is "$(sql "SELECT project_id || '|' || description || '|' || amount_cents || '|' ||
	billable || '|' || coalesce(invoice_id, 'NULL') FROM project_expenses
	WHERE id = 1")" "1|Patch cables|2500|1|NULL" "project expense: the row"
is "$(sql "SELECT name || '|' || entity || '|' || entity_id || '|' || client_id
	FROM events WHERE name = 'ProjectExpenseAdded'")" \
    "ProjectExpenseAdded|project_expense|1|1" "expense emits ProjectExpenseAdded"
is "$(unbilled)" 17500 "150.00 + 25.00 expense = 175.00 unbilled"

run tp project log 1 45 --no-billable
is "$RC" 0 "non-billable time logged"
run tp project expense 1 10 "Coffee" --no-billable
is "$RC" 0 "non-billable expense added"
is "$(sql "SELECT group_concat(billable) FROM (SELECT billable FROM time_entries
	WHERE id = 2 UNION ALL SELECT billable FROM project_expenses WHERE id = 2)")" \
    "0,0" "--no-billable stored"
is "$(unbilled)" 17500 "non-billable time and expenses add nothing"

# Another user without a rate bills at the default 150.00: 20 min = 50.00.
run tp project log 1 20 --user jane --date 2026-01-10
is "$(sql "SELECT u.name || '|' || work_date FROM time_entries te JOIN users u
	ON u.id = te.user_id WHERE te.id = 3")" "jane|2026-01-10" "log as --user, with --date"
is "$(unbilled)" 22500 "jane's 20 minutes at the default rate: 175.00 + 50.00"
run tp project expense 2 0.05 "Screw"
is "$(unbilled 2)|$(unbilled)" "5|22500" "an expense on Beta's project is Beta's"

# The cache listener sees the client: a cached dashboard is dropped.
wsql "INSERT INTO cache(key, tag, value, expires_at) VALUES ('dash.1', 'client.1', '{}', 9999999999)"
tp project expense 1 1 "Tape" >/dev/null
is "$(sql "SELECT count(*) FROM cache WHERE tag = 'client.1'")" 0 \
    "expense invalidates the client's cached dashboard"
is "$(unbilled)" 22600 "and adds 1.00"

refused 1 "user 'ghost' not found" "log: --user names an existing user" \
    project log 1 30 --user ghost
refused 65 "bad user 'none'" "log: time belongs to someone" project log 1 30 --user none
refused 1 'project 99 not found' "log: unknown project" project log 99 30
refused 65 "bad minutes '0'" "log: zero minutes" project log 1 0
refused 65 "bad minutes '1441'" "log: over a day" project log 1 1441
refused 65 "bad minutes '1.5'" "log: fractional minutes" project log 1 1.5
refused 65 "bad --date '2026-1-5'" "log: bad date" project log 1 30 --date 2026-1-5
refused 64 'missing arguments' "log: no minutes" project log 1
refused 64 'unknown option --ticket' "log: unknown option" project log 1 30 --ticket 2

refused 1 'project 99 not found' "expense: unknown project" project expense 99 5 X
refused 65 "bad amount '0'" "expense: zero" project expense 1 0 X
refused 65 "amount: .*'-5'" "expense: negative" project expense 1 -5 X
refused 65 "amount: .*'12.345'" "expense: three decimals" project expense 1 12.345 X
refused 65 "amount: .*'1e3'" "expense: exponent" project expense 1 1e3 X
refused 65 'amount: empty amount' "expense: empty amount" project expense 1 "" X
refused 65 'an expense needs a description' "expense: empty description" project expense 1 5 ""
refused 64 'missing arguments' "expense: no description" project expense 1 5

# --- show, list, status ----------------------------------------------------------------
run tp --json project show 1
is "$(jget "$OUT" client_name)|$(jget "$OUT" minutes)|$(jget "$OUT" unbilled_minutes)|$(jget "$OUT" expenses_cents)|$(jget "$OUT" unbilled_cents)|$(jlen "$OUT" expenses)" \
    "Acme|155|110|3600|22600|3" "show --json: sums and expenses"
is "$(jget "$OUT" expenses.0.description)|$(jget "$OUT" expenses.0.amount_cents)" \
    "Patch cables|2500" "show --json: first expense"
run tp project show 1
like "$OUT" '^unbilled +226\.00$' "show: text"
refused 1 'project 42 not found' "show: unknown" project show 42

run tp --json project list
is "$(jget "$OUT" "" | python3 -c 'import json,sys
print(" ".join("%s:%s" % (r["id"], r["unbilled_cents"]) for r in json.load(sys.stdin)))')" \
    "3:0 2:5 1:22600" "list: sorted by name, with unbilled amounts"
run tp --json project list --client 1
is "$(jget "$OUT" 0.name),$(jget "$OUT" 1.name)" "Audit,Office move" "list --client"
run tp --json project list --limit 1 --after 3
is "$(jget "$OUT" 0.id)|$(jlen "$OUT" "")" "2|1" "list: keyset paging"
run tp project status 3 completed
is "$RC|$OUT" "0|project 3 completed" "project status"
is "$(sql "SELECT status FROM projects WHERE id = 3")" completed "status stored"
is "$(sql "SELECT line FROM activity WHERE entity = 'project' ORDER BY id DESC LIMIT 1")" \
    "Project 3: active -> completed" "status change is in the activity log"
run tp --json project list --status active
is "$(jlen "$OUT" "")" 2 "list --status active"
refused 65 "bad status 'done': expected one of active, on_hold, completed" \
    "status: bad value" project status 3 done
refused 1 'project 42 not found' "status: unknown" project status 42 active
refused 65 "bad status 'x'" "list: bad status" project list --status x
refused 1 'client 9 not found' "list: unknown client" project list --client 9
refused 65 "bad --limit '5000'" "list: limit" project list --limit 5000

# --- update --------------------------------------------------------------------
plast() { sql "SELECT line FROM activity WHERE entity = 'project' AND entity_id = $1 ORDER BY id DESC LIMIT 1"; }
prow() { sql "SELECT name || '|' || status || '|' || coalesce(due_date, 'NULL') FROM projects WHERE id = $1"; }
TERMPSA_NOW=2026-01-16T09:00:00Z; export TERMPSA_NOW
run tp project update 2 --name "Network upgrade"
is "$RC|$OUT" "0|project 2 updated" "project update --name prints it"
is "$(prow 2)" "Network upgrade|active|NULL" "update --name: only the name changes"
is "$(plast 2)" 'Project Network upgrade updated: {"name":"Network upgrade"}' \
    "update: activity line with the changed fields only"
is "$(sql "SELECT client_id FROM activity WHERE entity = 'project' AND entity_id = 2 ORDER BY id DESC LIMIT 1")" 2 \
    "update: activity is about the project's client"
is "$(sql "SELECT updated_at FROM projects WHERE id = 2")" 1768554000 "update bumps updated_at"
run tp project update 2 --status on_hold --due 2026-04-30
is "$RC|$(prow 2)" "0|Network upgrade|on_hold|2026-04-30" "update --status --due"
is "$(plast 2)" 'Project Network upgrade updated: {"status":"on_hold","due_date":"2026-04-30"}' \
    "update: payload of status and due date"
run tp --json project update 2 --due none
is "$RC|$(jget "$OUT" id)|$(jget "$OUT" status)|$(jget "$OUT" due_date)" "0|2|on_hold|" \
    "update --due none --json: the project, due date cleared"
is "$(prow 2)" "Network upgrade|on_hold|NULL" "update --due none clears it in the database"
is "$(plast 2)" 'Project Network upgrade updated: {"due_date":null}' "update: cleared due date is null"
before=$(db_digest)
n=$(sql "SELECT count(*) FROM activity")
run tp project update 2 --name "Network upgrade" --status on_hold --due none
is "$RC|$OUT" "0|project 2 updated" "no-op update succeeds"
is "$(db_digest)|$(sql "SELECT count(*) FROM activity")" "$before|$n" "no-op update writes nothing"
refused 64 'nothing to change' "update: no options" project update 2
refused 64 'missing arguments' "update: no id" project update
refused 65 "bad status 'done': expected one of active, on_hold, completed" \
    "update: bad status" project update 2 --name Y --status done
refused 65 "bad --due '2026-13-01'" "update: bad due date" project update 2 --name Y --due 2026-13-01
refused 65 'a project name must be 1 to 200 characters' "update: empty name" project update 2 --name ""
refused 65 "bad project 'x'" "update: bad id" project update x --name Y
refused 1 'project 42 not found' "update: unknown" project update 42 --name Y
TERMPSA_NOW=2026-01-15T10:00:00Z

# --- what project show calls unbilled is what bill-project invoices -----------
before_total=$(sql "SELECT unbilled_cents FROM clients WHERE id = 1")
run tp --json invoice bill-project 1
is "$RC|$(jget "$OUT" total_cents)" "0|22600" \
    "bill-project invoices the 226.00 the project showed as unbilled"
is "$(unbilled)|$before_total" "0|22600" "the client's unbilled drops to 0"
run tp --json project show 1
is "$(jget "$OUT" unbilled_cents)|$(jget "$OUT" unbilled_minutes)" "0|0" \
    "project show: nothing unbilled after billing"

done_testing
