#!/bin/sh
# tests/cli/filter.sh - the filter language of `ticket list` (termpsa(1)
# FILTERS): each word a term that must hold, "-" negating one, other
# words full text; the options meaning the same terms; bad terms exit 65
# naming the word, its column and the valid fields; relative dates from
# TERMPSA_NOW (2026-01-15T10:00:00Z, tests/lib.sh).
. "$top_srcdir/tests/lib.sh"

run tp init
is "$RC" 0 "init"
# tech (id 1) is "me"; jane is 2, bob 3.
wsql "INSERT INTO clients(name, created_at, updated_at) VALUES
	('Acme', 1, 1), ('Beacon Hotel', 1, 1);
INSERT INTO users(name, created_at, updated_at) VALUES ('jane', 1, 1),
	('bob', 1, 1);"
tp asset add 1 "Front desk PC" >/dev/null
tp ticket add 1 "Printer jam" --priority high --assign jane --due 2026-01-10 >/dev/null
tp ticket add 2 "Wifi down in lobby" --priority critical --due 2026-01-20 >/dev/null
tp ticket add 2 "Printer toner low" --priority low --assign me >/dev/null
tp ticket add 1 "Email bounce" --assign bob >/dev/null
tp ticket add 1 "Printer offline" --asset 1 >/dev/null
tp ticket status 3 waiting >/dev/null
tp ticket resolve 4 >/dev/null
# Ages: #1 opened two weeks ago, #3 last touched ten days ago.
wsql "UPDATE tickets SET created_at = 1767225600, updated_at = 1767225600 WHERE id = 1;
UPDATE tickets SET updated_at = 1767607200 WHERE id = 3;"

# ids ARGS...: the ids ticket list prints, ascending.
ids() {
	tp ticket list "$@" --limit 100 | awk 'NR > 1 { print $1 }' | sort -n |
	    paste -sd' ' -
}

is "$(ids)" "1 2 3 5" "no term: open work"
is "$(ids status:open,waiting)" "1 2 3 5" "status:open,waiting"
is "$(ids status:waiting)" "3" "status:waiting"
is "$(ids status:resolved)" "4" "a status term replaces the default set"
is "$(ids -status:waiting)" "1 2 4 5" "-status:waiting: every other status"
is "$(ids pri:high)" "1" "pri:high"
is "$(ids pri:high+)" "1 2" "pri:high+ is high and above"
is "$(ids priority:normal-)" "3 5" "priority:normal- is normal and below"
is "$(ids assignee:me)" "3" "assignee:me"
is "$(ids assignee:none)" "2 5" "assignee:none"
is "$(ids assignee:jane)" "1" "assignee:NAME"
is "$(ids -assignee:me)" "1 2 5" "-assignee:me keeps the unassigned"
is "$(ids client:2)" "2 3" "client:ID"
is "$(ids 'client:beacon hotel')" "2 3" "client:NAME, case-insensitive, with a blank"
is "$(ids -client:Acme)" "2 3" "-client:NAME"
is "$(ids overdue)" "1" "overdue"
is "$(ids -overdue)" "2 3 5" "-overdue"
is "$(ids due:today)" "" "due:today: nothing due today"
is "$(ids due:2026-01-20)" "2" "due:DATE is that day"
is "$(ids 'due:<2026-01-20')" "1" "due:<DATE"
is "$(ids 'due:<=2026-01-20')" "1 2" "due:<=DATE"
is "$(ids 'due:<7d')" "1 2" "due:<7d: due within a week (overdue too)"
is "$(ids due:none)" "3 5" "due:none"
is "$(ids 'age:>7d')" "1" "age:>7d"
is "$(ids 'age:<7d')" "2 3 5" "age:<7d"
is "$(ids 'updated:<24h')" "2 5" "updated:<24h"
is "$(ids 'updated:>1w')" "1 3" "updated:>1w"
is "$(ids asset:1)" "5" "asset:ID"
is "$(ids asset:none)" "1 2 3" "asset:none"
is "$(ids project:none)" "1 2 3 5" "project:none"
is "$(ids printer)" "1 3 5" "a plain word is full text (every status)"
is "$(ids printer pri:low+ -assignee:jane)" "3 5" "full text and terms together"
is "$(ids printer status:open)" "1 5" "full text with a status"
is "$(ids pri:high+ assignee:none)" "2" "terms AND: unassigned and urgent"
is "$(ids 'pri:high+' 'assignee:none' 'client:Beacon Hotel')" "2" "three terms"

# --- the options are the same terms ------------------------------------------
is "$(ids --status waiting)" "$(ids status:waiting)" "--status is status:"
is "$(ids --priority high)" "$(ids pri:high)" "--priority is pri:"
is "$(ids --assignee none)" "$(ids assignee:none)" "--assignee is assignee:"
is "$(ids --client 2)" "$(ids client:2)" "--client is client:"
is "$(ids --overdue)" "$(ids overdue)" "--overdue is overdue"
is "$(ids --search printer)" "$(ids printer)" "--search is full text"
is "$(ids --search printer pri:low)" "3" "--search and terms together"
rm -f "$TMPD/trace"
TERMPSA_TRACE_SQL="$TMPD/trace" tp ticket list --client 2 --priority high >/dev/null
like "$(grep "SELECT t.id" "$TMPD/trace")" "\\(t.client_id = 2\\) AND \\(t.priority IN \\('high'\\)\\)" \
    "the options run as terms: one path"
refused 1 "client 'x' OR 1=1 --' not found" "user text is a value, never SQL" \
    ticket list "client:x' OR 1=1 --"
is "$(ids "assignee:x' OR '1'='1" 2>/dev/null)" "" "... for a user's name too"

# --- bad terms -----------------------------------------------------------------
refused 65 "bad filter term 2 'pri:urgent' \\(column 9\\): pri takes low\\|normal\\|high\\|critical" \
    "a bad value" ticket list printer pri:urgent
refused 65 "no ticket field 'stauts'; fields: status, pri, assignee, client, due, overdue, age, updated, asset, project" \
    "an unknown field lists the fields" ticket list stauts:open
refused 65 "bad filter term 1 '-printer'" "only a term can be negated" ticket list -- -printer
refused 65 "bad filter term 1 'age:7d'" "an age needs < or >" ticket list age:7d
refused 65 "bad filter term 1 'due:2026-02-30'" "an impossible date" ticket list due:2026-02-30
refused 1 "client 'Nobody' not found" "an unknown client name" ticket list client:Nobody
refused 1 "client 99 not found" "an unknown client id" ticket list client:99
refused 1 "user 'zed' not found" "an unknown user" ticket list assignee:zed
refused 65 "bad status 'shut'" "--status still says --status's message" ticket list --status shut

# --- paging keeps the filter --------------------------------------------------
first=$(tp ticket list printer status:open --limit 1 | awk 'NR == 2 { print $1 }')
next=$(tp ticket list printer status:open --limit 5 --after "$first" | awk 'NR > 1 { print $1 }' | paste -sd' ' -)
is "$first $next" "$(tp ticket list printer status:open | awk 'NR > 1 { print $1 }' | paste -sd' ' -)" \
    "--after pages through the filtered list"

# --- assets and invoices: the same language, their own fields -------------------
tp asset add 2 "Lobby AP" --type network --warranty-expire 2026-02-01 >/dev/null
tp asset add 2 "Old switch" --type network --warranty-expire 2025-12-01 --status retired >/dev/null
tp asset add 1 "Spare laptop" --status ready >/dev/null
aids() {
	tp asset list "$@" --limit 100 | awk 'NR > 1 { print $1 }' | sort -n |
	    paste -sd' ' -
}
is "$(aids 'warranty:<30d')" "2 3" "assets: warranty:<30d (ends within 30 days, or ended)"
is "$(aids 'warranty:<30d' -status:retired)" "2" "assets: ... not retired"
is "$(aids warranty:none)" "1 4" "assets: warranty:none"
is "$(aids status:ready,retired)" "3 4" "assets: status:"
is "$(aids 'client:Beacon Hotel' type:network)" "2 3" "assets: client:NAME and type:"
is "$(aids lobby)" "2" "assets: a plain word is full text"
refused 65 "no asset field 'pri'; fields: status, client, warranty, type" \
    "assets: a ticket field is not an asset field" asset list pri:high

wsql "INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at) VALUES
	(1, 'INV-000001', 1, 'Printer service', 'sent', '2025-12-01', '2025-12-31', 80000, 1, 1),
	(2, 'INV-000002', 2, 'Managed services', 'sent', '2026-01-10', '2026-02-09', 20000, 1, 1),
	(3, 'INV-000003', 2, 'Projector repair', 'paid', '2025-11-01', '2025-11-30', 60000, 1, 1),
	(4, 'INV-000004', 1, 'Draft work', 'draft', '2026-01-14', '2026-02-13', 50000, 1, 1);"
iids() {
	tp invoice list "$@" --limit 100 | awk 'NR > 1 { print $1 }' | sort -n |
	    paste -sd' ' -
}
is "$(iids status:overdue)" "1" "invoices: status:overdue"
is "$(iids status:draft,overdue)" "1 4" "invoices: status:draft,overdue"
is "$(iids 'total:>500.00')" "1 3" "invoices: total:>500.00"
is "$(iids 'total:>=500.00' -status:paid)" "1 4" "invoices: total:>=500.00 -status:paid"
is "$(iids 'client:beacon hotel')" "2 3" "invoices: client:NAME"
is "$(iids 'due:<7d' status:sent)" "1" "invoices: due:<7d"
is "$(iids 'issued:>=2026-01-01')" "2 4" "invoices: issued:>=DATE"
is "$(iids printer)" "1" "invoices: a plain word is full text"
is "$(iids serv 'total:<500.00')" "2" "invoices: full text and a term"
refused 65 "bad filter term 1 'total:lots' \\(column 1\\): total takes >500.00" \
    "invoices: a bad amount" invoice list total:lots

# --- views: in the config ----------------------------------------------------------
mkdir -p "$TMPD/cfg"
printf 'views:\n  mine-urgent: "assignee:me pri:high+"\n  beacon: client:2\n' >"$TMPD/cfg/ok.yaml"
chmod 600 "$TMPD/cfg/ok.yaml"
run tp config check --file "$TMPD/cfg/ok.yaml" --json
is "$RC" 0 "config check accepts views:"
is "$(jget "$OUT" views.mine-urgent)" "assignee:me pri:high+" "... a view's filter"
is "$(jget "$OUT" views.beacon)" "client:2" "... another"
printf 'views:\n  "two words": status:open\n' >"$TMPD/cfg/bad.yaml"
chmod 600 "$TMPD/cfg/bad.yaml"
run tp config check --file "$TMPD/cfg/bad.yaml"
is "$RC" 65 "a view's name is one word"
like "$ERR" "bad.yaml:2:3: views: bad name 'two words'" "... said with file:line:col"
printf 'views: [status:open]\n' >"$TMPD/cfg/bad.yaml"
run tp config check --file "$TMPD/cfg/bad.yaml"
like "$ERR" "views: expected a mapping of names to filters" "views: is a mapping"

# --- sorts: by client, and each backwards ------------------------------------
# ordered ARGS...: the ids in the order listed.
ordered() {
	tp ticket list "$@" | awk 'NR > 1 { print $1 }' | paste -sd' ' -
}
backwards() { printf '%s\n' $1 | awk '{ l[NR] = $0 } END { for (i = NR; i > 0; i--) printf "%s%s", l[i], (i > 1 ? " " : "\n") }'; }
is "$(ordered --sort client)" "1 5 2 3" "--sort client: by client name, then id"
is "$(ordered --sort client --reverse)" "3 2 5 1" "--sort client --reverse"
for sort in updated priority due newest client; do
	is "$(ordered --sort $sort --reverse status:open,waiting,resolved)" \
	    "$(backwards "$(ordered --sort $sort status:open,waiting,resolved)")" \
	    "--sort $sort --reverse is that order backwards"
	first=$(ordered --sort $sort --reverse --limit 2)
	last=${first##* }
	is "$first $(ordered --sort $sort --reverse --after "$last")" \
	    "$(ordered --sort $sort --reverse)" "--sort $sort --reverse pages with --after"
done
is "$(ordered printer --sort newest --reverse)" "1 3 5" "a search, oldest first"
refused 65 "bad sort 'size'" "an unknown sort" ticket list --sort size

# --- --help names the language --------------------------------------------------
run tp ticket list --help
like "$OUT" "pri:high\\+" "ticket list --help shows the terms"
done_testing
