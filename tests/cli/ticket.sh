#!/bin/sh
# tests/ticket.sh - tickets: add, triage (assign, status, priority, note,
# resolve, close, update), each visible in the database (row, event,
# outbox, activity, job), the queue's filters, sorts and keyset paging,
# search, and bad input that must change nothing.
. "$top_srcdir/tests/lib.sh"

run tp init
is "$RC" 0 "init"
# tech (id 1) is "me"; jane is id 2, bob id 3.
wsql "INSERT INTO clients(name, created_at, updated_at) VALUES
	('Acme', 1, 1), ('Beta', 1, 1);
INSERT INTO users(name, created_at, updated_at) VALUES ('jane', 1, 1),
	('bob', 1, 1);"

# --- add -------------------------------------------------------------------
run tp ticket add 1 "Printer jam on floor 2" --priority high \
    --due 2026-01-10 --assign jane --category hardware --body "toner light"
is "$RC" 0 "ticket add succeeds"
is "$OUT" "ticket 1" "ticket add prints the new id"
is "$(sql "SELECT number, client_id, priority, status, assigned_to, due_at,
	category, source FROM tickets WHERE id = 1")" \
    "1|1|high|open|2|1768003200|hardware|technician" "ticket row as asked"
is "$(sql "SELECT name, payload FROM events WHERE entity = 'ticket' AND
	entity_id = 1")" "TicketCreated|{}" "TicketCreated emitted"

run tp ticket add 2 "Email down" --json
is "$RC" 0 "ticket add --json succeeds"
is "$(jget "$OUT" id)" 2 "ticket add --json: id"
is "$(jget "$OUT" client_name)" "Beta" "ticket add --json: client_name"
is "$(jget "$OUT" status)" "open" "ticket add --json: status"
is "$(jget "$OUT" priority)" "normal" "ticket add --json: default priority"

refused 65 "bad priority 'urgent': expected one of low, normal, high, critical" "add with a bad priority" ticket add 1 "x" --priority urgent
refused 65 "--due" "add with an impossible due date" ticket add 1 "x" --due 2026-02-30
refused 65 "--due" "add with a malformed due date" ticket add 1 "x" --due tomorrow
refused 65 "bad source 'fax'" "add with a bad source" ticket add 1 "x" --source fax
refused 1 "client 99 not found" "add for an unknown client" ticket add 99 "x"
refused 65 "bad client id 'acme'" "add with a client that is not an id" ticket add acme "x"
refused 64 "missing arguments" "add without a subject" ticket add 1
refused 65 "subject" "add with an empty subject" ticket add 1 ""
refused 1 "user 'nobody' not found" "add assigned to an unknown user" ticket add 1 "x" --assign nobody
refused 1 "asset 5 not found" "add with an unknown asset" ticket add 1 "x" --asset 5
refused 64 "unknown option --color" "add with an unknown option" ticket add 1 "x" --color red

# --- assign ----------------------------------------------------------------
run tp ticket assign 1 none
is "$RC" 0 "assign none succeeds"
is "$(sql "SELECT assigned_to IS NULL FROM tickets WHERE id = 1")" 1 \
    "assign none clears assigned_to"
is "$(sql "SELECT payload FROM events WHERE name = 'TicketUpdated'
	ORDER BY id DESC LIMIT 1")" '{"assigned_to":null}' \
    "TicketUpdated payload names the cleared assignee"
run tp ticket assign 1 me
is "$(sql "SELECT assigned_to FROM tickets WHERE id = 1")" 1 "assign me"
run tp ticket assign 1 bob --json
is "$RC" 0 "assign by name --json"
is "$(jget "$OUT" assignee)" "bob" "assign --json returns the ticket"
is "$(sql "SELECT op, fields FROM outbox WHERE entity = 'ticket' AND
	local_id = 1 ORDER BY id DESC LIMIT 1")" 'update|{"assigned_to":3}' \
    "outbox row for the assignment carries the changed field"
is "$(sql "SELECT line FROM activity ORDER BY id DESC LIMIT 1")" \
    "Ticket #1 assigned to bob" "activity line names the assignee"
n=$(sql "SELECT count(*) FROM events")
run tp ticket assign 1 bob
is "$RC" 0 "assigning the same user again succeeds"
is "$(sql "SELECT count(*) FROM events")" "$n" "... and writes no event"
refused 1 "user 'zed' not found" "assign an unknown user" ticket assign 1 zed
refused 1 "ticket 99 not found" "assign an unknown ticket" ticket assign 99 jane
refused 65 "bad ticket id 'one'" "assign with a bad ticket id" ticket assign one jane
refused 64 "missing arguments" "assign without a user" ticket assign 1

# --- status and priority ---------------------------------------------------
run tp ticket status 2 waiting
is "$RC" 0 "status waiting"
is "$(sql "SELECT status FROM tickets WHERE id = 2")" waiting "status stored"
is "$(sql "SELECT fields FROM outbox WHERE entity = 'ticket' AND
	local_id = 2 ORDER BY id DESC LIMIT 1")" '{"status":"waiting"}' \
    "status payload"
refused 65 "bad status 'done': expected one of open, in_progress, waiting, scheduled, resolved, closed" "bad status" ticket status 2 done

run tp ticket priority 2 critical
is "$(sql "SELECT priority FROM tickets WHERE id = 2")" critical "priority set"
is "$(sql "SELECT payload FROM events ORDER BY id DESC LIMIT 1")" \
    '{"priority":"critical"}' "priority payload"
refused 1 "ticket 2 is already critical" "priority up past critical" ticket priority 2 up
run tp ticket priority 2 down
is "$(sql "SELECT priority FROM tickets WHERE id = 2")" high "priority down"
run tp ticket priority 2 low
refused 1 "ticket 2 is already low" "priority down past low" ticket priority 2 down
refused 65 "bad priority 'urgent'" "bad priority" ticket priority 2 urgent

# --- notes -----------------------------------------------------------------
run tp ticket note 1 "checked the toner" --public
is "$RC" 0 "note added"
is "$OUT" "note 1 on ticket 1" "note names its id and the ticket's"
is "$(sql "SELECT ticket_id, author_id, body, visibility FROM ticket_notes
	WHERE id = 1")" "1|1|checked the toner|public" "note row"
is "$(sql "SELECT name, entity, entity_id, client_id, payload FROM events
	ORDER BY id DESC LIMIT 1")" \
    'TicketNoteAdded|ticket_note|1|1|{"ticket_id":1}' "TicketNoteAdded"
is "$(sql "SELECT op, fields FROM outbox WHERE entity = 'ticket_note'")" \
    'create|{"ticket_id":1}' "note outbox row"
run tp ticket note 1 "internal one"
is "$(sql "SELECT visibility FROM ticket_notes WHERE id = 2")" internal \
    "notes are internal by default"
refused 65 "a note needs text" "empty note" ticket note 1 ""
refused 1 "ticket 42 not found" "note on an unknown ticket" ticket note 42 "hi"

# --- resolve and close -----------------------------------------------------
export TERMPSA_NOW=2026-01-15T11:00:00Z
run tp ticket resolve 1 --note "replaced the drum"
is "$RC" 0 "resolve succeeds"
is "$(sql "SELECT status, resolved_at, updated_at FROM tickets WHERE id = 1")" \
    "resolved|1768474800|1768474800" "status resolved, resolved_at now"
is "$(sql "SELECT body FROM ticket_notes ORDER BY id DESC LIMIT 1")" \
    "replaced the drum" "resolve --note adds the note"
is "$(sql "SELECT name, payload FROM events ORDER BY id DESC LIMIT 1")" \
    'TicketResolved|{"status":"resolved"}' "TicketResolved emitted"
is "$(sql "SELECT op, fields FROM outbox ORDER BY id DESC LIMIT 1")" \
    'resolve|{"status":"resolved"}' "outbox op resolve"
is "$(sql "SELECT count(*) FROM jobs WHERE name = 'update_client_balance'
	AND payload LIKE '%TicketResolved%'")" 1 "UpdateClientBalance queued"
is "$(sql "SELECT line FROM activity ORDER BY id DESC LIMIT 1")" \
    "Ticket #1 resolved" "activity line"
refused 1 "ticket 1 is already resolved" "resolve twice" ticket resolve 1
refused 65 "a note needs text" "resolve with an empty note" ticket resolve 2 --note ""
refused 64 "--public is about the note" "resolve --public without a note" \
    ticket resolve 2 --public

run tp ticket close 1
is "$RC" 0 "close succeeds"
is "$(sql "SELECT status, closed_at FROM tickets WHERE id = 1")" \
    "closed|1768474800" "status closed, closed_at now"
is "$(sql "SELECT name, payload FROM events ORDER BY id DESC LIMIT 1")" \
    'TicketClosed|{"status":"closed"}' "TicketClosed emitted"
refused 1 "ticket 1 is already closed" "close twice" ticket close 1
refused 1 "ticket 1 is closed" "resolve a closed ticket" ticket resolve 1
refused 1 "ticket 1 is closed: it can only be reopened" "status waiting on a closed ticket" ticket status 1 waiting
refused 1 "ticket 1 is closed" "assign a closed ticket" ticket assign 1 jane
refused 1 "ticket 1 is closed" "note on a closed ticket" ticket note 1 "late"
refused 1 "ticket 1 is closed" "priority on a closed ticket" ticket priority 1 low
run tp ticket status 1 open
is "$RC" 0 "a closed ticket reopens"
is "$(sql "SELECT status, resolved_at IS NULL, closed_at IS NULL FROM tickets
	WHERE id = 1")" "open|1|1" "reopening clears resolved_at and closed_at"
run tp ticket status 1 resolved
is "$(sql "SELECT status, (SELECT name FROM events ORDER BY id DESC LIMIT 1)
	FROM tickets WHERE id = 1")" "resolved|TicketResolved" \
    "status resolved goes through resolve"
run tp ticket status 1 closed
is "$(sql "SELECT status, (SELECT name FROM events ORDER BY id DESC LIMIT 1)
	FROM tickets WHERE id = 1")" "closed|TicketClosed" \
    "status closed goes through close"
run tp ticket status 1 open

# Resolving a maintenance ticket completes the maintenance (service/listeners.c).
wsql "INSERT INTO assets(client_id, name, status, created_at, updated_at)
	VALUES (1, 'PC-7', 'maintenance', 1, 1);
INSERT INTO tickets(number, client_id, asset_id, subject, status,
	created_at, updated_at) VALUES (100, 1, 1, 'Scheduled Maintenance: PC-7',
	'scheduled', 1, 1);
INSERT INTO asset_maintenance(asset_id, ticket_id, scheduled_date, created_at)
	VALUES (1, 3, '2026-01-20', 1);"
run tp ticket resolve 3
is "$(sql "SELECT a.status, m.completed_at FROM assets a JOIN
	asset_maintenance m ON m.asset_id = a.id")" "deployed|1768474800" \
    "resolving a maintenance ticket completes it"

# --- update ----------------------------------------------------------------
run tp ticket update 2 --subject "Mailbox quota exceeded" --category email \
    --due 2026-02-01
is "$RC" 0 "update succeeds"
is "$(sql "SELECT payload FROM events ORDER BY id DESC LIMIT 1")" \
    '{"subject":"Mailbox quota exceeded","category":"email","due_at":1769904000}' \
    "TicketUpdated payload holds exactly the changed fields"
run tp ticket list --search mailbox --json
is "$(jget "$OUT" 0.id)" 2 "search finds the edited subject"
run tp ticket list --search email --json
is "$OUT" "[]" "... and no longer the old one"
run tp ticket update 2 --category "" --due none
is "$(sql "SELECT category IS NULL, due_at IS NULL FROM tickets WHERE id = 2")" \
    "1|1" "update clears category and due"
refused 1 "asset 1 belongs to another client" "update with another client's asset" ticket update 2 --asset 1
refused 65 "subject" "update with an empty subject" ticket update 2 --subject ""

# --- show ------------------------------------------------------------------
run tp ticket show 1 --json
is "$RC" 0 "show --json"
is "$(jget "$OUT" subject)" "Printer jam on floor 2" "show: subject"
is "$(jlen "$OUT" notes)" 3 "show: notes array"
is "$(jget "$OUT" notes.0.author)" tech "show: note author"
is "$(jlen "$OUT" time_entries)" 0 "show: time_entries array"
run tp ticket show 1
like "$OUT" "^subject +Printer jam" "show as text"
refused 1 "ticket 77 not found" "show an unknown ticket" ticket show 77

# --- the queue -------------------------------------------------------------
# A fresh queue with known times: "Queue item i" updated at 10:0(i-1);
# ids prints the item numbers of a JSON list in order.
wsql "DELETE FROM ticket_notes; DELETE FROM asset_maintenance;
	DELETE FROM tickets;"
i=1
for spec in "1 open normal 2" "1 waiting high none" "2 open critical 3" \
    "1 in_progress low 2" "2 resolved high none" "1 open high none" \
    "2 scheduled normal 2" "1 closed critical 3" "2 open low none" \
    "1 open critical 2"; do
	set -- $spec
	export TERMPSA_NOW="2026-01-16T10:0$((i - 1)):00Z"
	due=
	[ $((i % 3)) -eq 0 ] && due="--due 2026-01-1$((i % 7))"
	if [ "$4" = none ]; then a=; else a="--assign $4"; fi
	run tp ticket add "$1" "Queue item $i widget" --priority "$3" $a $due
	[ "$2" = open ] || wsql "UPDATE tickets SET status = '$2' WHERE
	    id = (SELECT max(id) FROM tickets)"
	i=$((i + 1))
done
export TERMPSA_NOW=2026-01-16T12:00:00Z
ids() { "$PYTHON3" -c '
import json, sys
print(" ".join(r["subject"].split()[2] for r in json.loads(sys.argv[1])))' "$1"; }
# lastid JSON: the id of a list's last row (empty for an empty list).
lastid() { "$PYTHON3" -c '
import json, sys
r = json.loads(sys.argv[1])
print(r[-1]["id"] if r else "")' "$1"; }

run tp ticket list --json
is "$(ids "$OUT")" "10 9 7 6 4 3 2 1" \
    "default list: open work, newest updated first"
run tp ticket list --client 2 --json
is "$(ids "$OUT")" "9 7 3" "--client"
run tp ticket list --status resolved,closed --json
is "$(ids "$OUT")" "8 5" "--status with several statuses"
run tp ticket list --assignee jane --json
is "$(ids "$OUT")" "10 7 4 1" "--assignee by name"
run tp ticket list --assignee none --json
is "$(ids "$OUT")" "9 6 2" "--assignee none"
run tp ticket list --assignee me --json
is "$(ids "$OUT")" "" "--assignee me (nothing assigned to tech)"
run tp ticket list --priority critical --json
is "$(ids "$OUT")" "10 3" "--priority"
run tp ticket list --overdue --json
is "$(ids "$OUT")" "9 6 3" "--overdue: past due and still open"
is "$(jget "$OUT" 0.overdue)" 1 "overdue column"
run tp ticket list --sort priority --json
is "$(ids "$OUT")" "10 3 6 2 7 1 9 4" "--sort priority"
run tp ticket list --sort due --json
is "$(ids "$OUT")" "9 3 6 1 2 4 7 10" \
    "--sort due: soonest first, no due date last"
run tp ticket list --limit 3 --json
is "$(ids "$OUT")" "10 9 7" "--limit"

# Keyset paging: pages of 3 joined equal the whole list, under every sort
# and with a filter too.
for args in "" "--sort priority" "--sort due" "--sort newest --search widget" "--status open,resolved,closed,waiting,in_progress,scheduled --sort priority" "--client 1 --sort due"; do
	run tp ticket list $args --json
	want=$(ids "$OUT")
	got= after=
	while :; do
		run tp ticket list $args --limit 3 $after --json
		[ "$OUT" = "[]" ] && break
		got="$got${got:+ }$(ids "$OUT")"
		after="--after $(lastid "$OUT")"
	done
	is "$got" "$want" "keyset pages of 3 cover the list exactly ($args)"
done

# A note bumps item 2's updated_at: first by update, still in place by
# creation.
item2=$(sql "SELECT id FROM tickets WHERE subject = 'Queue item 2 widget'")
run tp ticket note "$item2" "called back"
run tp ticket list --json
is "$(ids "$OUT")" "2 10 9 7 6 4 3 1" "a note moves its ticket to the top"
run tp ticket list --sort newest --json
is "$(ids "$OUT")" "10 9 7 6 4 3 2 1" "--sort newest: creation order"
run tp ticket list --sort newest --search widget --status open,waiting --json
is "$(ids "$OUT")" "10 9 6 3 2 1" "--sort newest with a search"
run tp ticket list --sort newest --search widget --after "$item2" --json
is "$(ids "$OUT")" "1" "--sort newest with a search, next page"
run tp ticket list --search widget --json
is "$(jlen "$OUT" "")" 10 "search without --status searches every status"
run tp ticket list --search "item 7" --json
is "$(ids "$OUT")" "7" "search narrows to the matching ticket"
run tp ticket list --search "wid" --client 1 --status open --json
is "$(ids "$OUT")" "10 6 1" "search is a prefix match and combines"
run tp ticket list --search "nothing-here" --json
is "$OUT" "[]" "search with no match is an empty array"
for hostile in '"' 'AND(' 'widget OR' '*' 'NEAR(a b' "it's" '-x' '^' ':' \
    'subject:x' '"unterminated' '(' ')' 'a AND'; do
	run tp ticket list --search "$hostile" --json
	is "$RC" 0 "hostile search text does not error: [$hostile]"
done

refused 65 "bad --limit '0'" "list --limit 0" ticket list --limit 0
refused 65 "bad --limit '1001'" "list --limit 1001" ticket list --limit 1001
refused 65 "bad sort 'age': expected one of updated, priority, due, newest" "list --sort age" ticket list --sort age
refused 65 "bad status 'done'" "list --status open,done" ticket list --status open,done
refused 65 "bad priority 'p1'" "list --priority p1" ticket list --priority p1
refused 1 "client 99 not found" "list --client 99" ticket list --client 99
refused 1 "user 'zed' not found" "list --assignee zed" ticket list --assignee zed
refused 1 "ticket 999 not found" "list --after 999" ticket list --after 999
# A word is a filter term or full text (tests/cli/filter.sh); a misspelt
# field is bad input naming it.
refused 65 "bad filter term 1 'stat:open'" "list with a misspelt field" ticket list stat:open

# --- bad input for every other command ---------------------------------------
refused 65 "bad ticket id 'x'" "show x" ticket show x
refused 64 "missing arguments" "show without an id" ticket show
refused 1 "ticket 99 not found" "status on an unknown ticket" ticket status 99 open
refused 65 "bad ticket id '0'" "status on ticket 0" ticket status 0 open
refused 64 "missing arguments" "status without a status" ticket status 4
refused 1 "ticket 99 not found" "priority on an unknown ticket" ticket priority 99 high
refused 64 "missing arguments" "priority without a priority" ticket priority 4
refused 65 "bad ticket id '-3'" "note on ticket -3" ticket note -3 "hi"
refused 64 "unknown option --private" "note with an unknown option" ticket note 4 "hi" --private
refused 1 "ticket 99 not found" "resolve an unknown ticket" ticket resolve 99
refused 65 "bad ticket id 'abc'" "resolve abc" ticket resolve abc
refused 1 "ticket 99 not found" "close an unknown ticket" ticket close 99
refused 64 "unexpected argument '5'" "close with two ids" ticket close 4 5
refused 1 "ticket 99 not found" "update an unknown ticket" ticket update 99 --subject "a"
refused 65 "--due" "update with an impossible due date" ticket update 4 --due 2026-02-31
refused 65 "bad asset id 'x'" "update with a bad asset id" ticket update 4 --asset x
refused 1 "contact 9 not found" "update with an unknown contact" ticket update 4 --contact 9
refused 64 "unknown command 'frobnicate'" "an unknown ticket command" ticket frobnicate 1

# A resolution told to the client: the note public (issue 12 item 11).
pub=$(tp --json ticket add 1 "public resolution" | sed 's/^{"id":\([0-9]*\).*/\1/')
run tp ticket resolve "$pub" --note "told the client: fixed" --public
is "$RC" 0 "resolve --note --public succeeds"
is "$(sql "SELECT body, visibility FROM ticket_notes WHERE ticket_id = $pub
	ORDER BY id DESC LIMIT 1")" "told the client: fixed|public" \
    "resolve --public makes the note public"

done_testing
