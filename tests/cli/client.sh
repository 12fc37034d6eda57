#!/bin/sh
# tests/client.sh - client, contact, location and user commands: what they
# write (rows, events, activity, outbox), their output, and that bad input
# changes nothing.
. "$top_srcdir/tests/lib.sh"

# bad EXIT ERE CMD...: the command fails with EXIT, says ERE, and leaves the
# database exactly as it was.
bad() {
	want_rc=$1
	want_msg=$2
	shift 2
	before=$(db_digest)
	run tp "$@"
	is "$RC" "$want_rc" "'$*' exits $want_rc"
	like "$ERR" "^termpsa: .*$want_msg" "'$*' says why"
	is "$(db_digest)" "$before" "'$*' changes nothing"
}

# --- client add: the onboarding saga's result --------------------------------

run tp client add "Acme Corp" --company "Acme Inc" --rate 125.50 \
    --email ops@acme.example --phone "+1 555 0100" --net-terms 15
is "$RC" 0 "client add succeeds"
is "$OUT" "client 1 (welcome ticket 1)" "client add prints the client and its welcome ticket"

is "$(sql "SELECT name, company_name, email, phone, status, hourly_rate_cents,
    currency, net_terms_days, notes IS NULL, balance_cents, unbilled_cents,
    created_at, updated_at FROM clients")" \
    "Acme Corp|Acme Inc|ops@acme.example|+1 555 0100|active|12550|USD|15|1|0|0|1768471200|1768471200" \
    "client row holds every field given"

is "$(sql "SELECT count(*) FROM tickets")" 1 "client add makes exactly one ticket"
is "$(sql "SELECT id, number, client_id, subject, body, priority, status,
    source, category, assigned_to IS NULL, contact_id IS NULL,
    asset_id IS NULL, project_id IS NULL, billable, due_at IS NULL,
    resolved_at IS NULL FROM tickets")" \
    "1|1|1|Welcome to our services|Welcome! This ticket will help us get you started.|normal|open|system|onboarding|1|1|1|1|1|1|1" \
    "welcome ticket is exactly domain.md scenario 1's"

is "$(sql "SELECT group_concat(name, ',') FROM (SELECT name FROM
    asset_categories WHERE client_id = 1 ORDER BY name)")" \
    "Mobile,Network,Other,Printer,Server,Workstation" \
    "ClientCreated initialises the six asset categories"

is "$(sql "SELECT id, client_id, currency FROM accounts")" "1|1|USD" \
    "client add makes the client's account"

is "$(sql "SELECT group_concat(name || ':' || entity || ':' || entity_id || ':'
    || client_id || ':' || payload, ' ') FROM (SELECT * FROM events
    WHERE client_id = 1 ORDER BY id)")" \
    "ClientCreated:client:1:1:{} TicketCreated:ticket:1:1:{} AccountCreated:account:1:1:{}" \
    "client add emits ClientCreated, TicketCreated, AccountCreated in order"
is "$(sql "SELECT group_concat(line, ' | ') FROM (SELECT line FROM activity
    WHERE client_id = 1 ORDER BY id)")" \
    "Client Acme Corp created | Ticket #1 created: Welcome to our services | Account 1 created for client 1" \
    "each onboarding event writes its activity line"
is "$(sql "SELECT count(*) FROM activity a JOIN events v ON v.id = a.event_id
    WHERE v.client_id = 1")" 3 "activity rows point at their events"
is "$(sql "SELECT group_concat(entity || ':' || local_id || ':' || op, ' ')
    FROM (SELECT * FROM outbox WHERE state = 'pending' AND entity <> 'user'
    ORDER BY id)")" "client:1:create ticket:1:create" \
    "client and welcome ticket are queued for sync; the account is not"
is "$(sql "SELECT kind, state, step, json_extract(data, '$.client_id'),
    json_extract(data, '$.welcome_ticket_id'), json_extract(data,
    '$.account_id'), error IS NULL FROM sagas")" \
    "onboard_client|done|3|1|1|1|1" "the saga row ends done with the ids it made"

run tp client add "Beta Ltd" --json
is "$RC" 0 "client add --json succeeds"
is "$(jget "$OUT" "")" "$OUT" "client add --json prints one JSON document"
is "$("$PYTHON3" -c 'import json,sys; print(",".join(json.loads(sys.argv[1])))' "$OUT")" \
    "id,uuid,welcome_ticket_id" "client add --json has exactly id, uuid, welcome_ticket_id"
is "$(jget "$OUT" id)" 2 "--json id"
is "$(jget "$OUT" welcome_ticket_id)" 2 "--json welcome_ticket_id"
is "$(jget "$OUT" uuid)" "$(sql "SELECT uuid FROM clients WHERE id = 2")" \
    "--json uuid is the client's"
like "$(jget "$OUT" uuid)" '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' \
    "the uuid is a version-4 UUID"
is "$(sql "SELECT status, hourly_rate_cents IS NULL, net_terms_days,
    company_name IS NULL, email IS NULL FROM clients WHERE id = 2")" \
    "active|1|30|1|1" "defaults: active, no own rate, net 30, no company/email"

# --- client list ------------------------------------------------------------------

tp client add "Gamma Networks" --company "Zeta Holdings" >/dev/null
tp client add "delta dental" >/dev/null
tp client add "Acme Corp" >/dev/null          # same name: ordered by id
tp client update 4 --status prospect >/dev/null

run tp client list --json
is "$RC" 0 "client list succeeds"
is "$(jget "$OUT" 0)" \
    '{"id":1,"name":"Acme Corp","company_name":"Acme Inc","status":"active","hourly_rate_cents":12550,"balance_cents":0,"unbilled_cents":0,"open_tickets":1,"city":null}' \
    "client list rows carry exactly the documented columns"
is "$("$PYTHON3" -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.loads(sys.argv[1])))' "$OUT")" \
    "1 5 2 3 4" "client list sorts by name, then id (delta after Gamma: binary order)"

run tp client list
like "$OUT" '^ID +NAME +COMPANY_NAME +STATUS +HOURLY_RATE +BALANCE +UNBILLED +OPEN_TICKETS +CITY$' \
    "client list text has a header"
like "$OUT" '^1 +Acme Corp +Acme Inc +active +125\.50 +0\.00 +0\.00 +1 +-$' \
    "client list text shows money as amounts"

ids() { "$PYTHON3" -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.loads(sys.argv[1])))' "$1"; }

run tp client list --status prospect --json
is "$(ids "$OUT")" 4 "--status filters"
run tp client list --search acm --json
is "$(ids "$OUT")" "1 5" "--search matches name prefixes"
run tp client list --search zeta --json
is "$(ids "$OUT")" 3 "--search matches the company name"
run tp client list --search "acme inc" --json
is "$(ids "$OUT")" 1 "--search words must all match"
run tp client list --search "gam net" --json
is "$(ids "$OUT")" 3 "every search word is a prefix"
run tp client list --search acme --status prospect --json
is "$OUT" "[]" "--search and --status combine"
for q in '"' 'acme"' 'acme AND' 'NEAR(' '*' 'acme OR beta' '-acme' 'name:acme' '^acme' '(' "acme'"; do
	run tp client list --search "$q" --json
	is "$RC" 0 "search text '$q' is never FTS5 syntax"
done
run tp client list --search 'acme OR beta' --json
is "$OUT" "[]" "OR in search text is a word, not an operator"
run tp client list --search 'name:acme' --json
is "$OUT" "[]" "a column filter in search text is a word, not syntax"

run tp client list --limit 2 --json
is "$(ids "$OUT")" "1 5" "--limit cuts the page"
run tp client list --limit 2 --after 5 --json
is "$(ids "$OUT")" "2 3" "--after continues after that row (keyset, same name ordered by id)"
run tp client list --limit 2 --after 3 --json
is "$(ids "$OUT")" "4" "the last page"
run tp client list --after 1 --json
is "$(ids "$OUT")" "5 2 3 4" "--after with equal names keeps the later id"

# --- client update -----------------------------------------------------------------

ev_count() { sql "SELECT count(*) FROM events WHERE name = 'ClientUpdated'"; }
n0=$(ev_count)
run env TERMPSA_NOW=2026-01-16T09:00:00Z "$TERMPSA" client update 1 --status inactive
is "$RC" 0 "client update succeeds"
is "$OUT" "client 1" "client update prints the id"
is "$(sql "SELECT status, updated_at FROM clients WHERE id = 1")" \
    "inactive|1768554000" "the status changed and updated_at moved"
is "$(sql "SELECT payload FROM events WHERE name = 'ClientUpdated' ORDER BY id DESC LIMIT 1")" \
    '{"status":"inactive"}' "ClientUpdated payload holds only the changed field"
is "$(sql "SELECT entity || ':' || local_id || ':' || op || ':' || fields FROM
    outbox ORDER BY id DESC LIMIT 1")" 'client:1:update:{"status":"inactive"}' \
    "the update is queued for sync with the changed field"
is "$(sql "SELECT line FROM activity ORDER BY id DESC LIMIT 1")" \
    "Client Acme Corp updated: status" "the update writes an activity line"

run tp client update 1 --status inactive --name "Acme Corp"
is "$RC" 0 "an update that changes nothing succeeds"
is "$(ev_count)" "$((n0 + 1))" "an update that changes nothing emits no event"

run tp client update 1 --rate none --company "" --net-terms 0 --notes "Line 1
Line 2" --email billing@acme.example --phone 555 --name "Acme Corporation"
is "$RC" 0 "client update of many fields"
is "$(sql "SELECT payload FROM events WHERE name = 'ClientUpdated' ORDER BY id DESC LIMIT 1")" \
    '{"name":"Acme Corporation","company_name":null,"hourly_rate_cents":null,"email":"billing@acme.example","phone":"555","net_terms_days":0,"notes":"Line 1\nLine 2"}' \
    "cleared fields are null in the payload; net terms 0 is a change"
is "$(sql "SELECT name, company_name IS NULL, hourly_rate_cents IS NULL,
    net_terms_days, email, phone FROM clients WHERE id = 1")" \
    "Acme Corporation|1|1|0|billing@acme.example|555" "the row has every new value"
run tp client update 1 --rate 99
is "$(sql "SELECT hourly_rate_cents FROM clients WHERE id = 1")" 9900 "--rate sets a rate again"
is "$(sql "SELECT payload FROM events ORDER BY id DESC LIMIT 1")" \
    '{"hourly_rate_cents":9900}' "rate payload is a number of cents"
run tp client update 1 --rate 0
is "$(sql "SELECT payload FROM events ORDER BY id DESC LIMIT 1")" \
    '{"hourly_rate_cents":0}' "a rate of 0 is a rate, not none"
run tp client update 1 --json --status active
is "$(jget "$OUT" status)" active "client update --json prints the client"
is "$(jget "$OUT" id)" 1 "client update --json carries the id"
run tp client list --search "acme corporation" --json
is "$(ids "$OUT")" 1 "search follows a renamed client"

# --- contacts -------------------------------------------------------------------------

run tp contact add 2 "Ann Lee" --email ann@beta.example --phone 111 --title CTO --primary
is "$RC" 0 "contact add succeeds"
is "$OUT" "contact 1" "contact add prints the id"
is "$(sql "SELECT client_id, name, email, phone, title, is_primary FROM client_contacts WHERE id = 1")" \
    "2|Ann Lee|ann@beta.example|111|CTO|1" "contact row holds every field"
is "$(sql "SELECT name || ':' || entity || ':' || entity_id || ':' || client_id
    FROM events ORDER BY id DESC LIMIT 1")" "ContactCreated:client_contact:1:2" \
    "contact add emits ContactCreated about the client"
is "$(sql "SELECT entity || ':' || local_id || ':' || op FROM outbox ORDER BY id DESC LIMIT 1")" \
    "client_contact:1:create" "the contact is queued for sync"
run tp contact add 2 "Bob Roy" --primary --json
is "$(jget "$OUT" name)" "Bob Roy" "contact add --json prints the contact"
is "$(jget "$OUT" client_name)" "Beta Ltd" "... with the client's name"
is "$(jget "$OUT" is_primary)" 1 "... primary"
is "$(sql "SELECT group_concat(name || '=' || is_primary, ' ') FROM (SELECT * FROM client_contacts ORDER BY id)")" \
    "Ann Lee=0 Bob Roy=1" "--primary makes the new contact the only primary"
tp contact add 2 "Cy Dee" >/dev/null
is "$(sql "SELECT group_concat(name || '=' || is_primary, ' ') FROM (SELECT * FROM client_contacts ORDER BY id)")" \
    "Ann Lee=0 Bob Roy=1 Cy Dee=0" "a contact without --primary leaves the primary alone"
tp contact add 3 "Dee Gamma" --primary >/dev/null
is "$(sql "SELECT count(*) FROM client_contacts WHERE is_primary = 1")" 2 \
    "primary is per client"

# --- locations --------------------------------------------------------------------------

run tp location add 2 "Head office" --address "1 Main St" --city Springfield --zip 12345 --country US
is "$RC" 0 "location add succeeds"
is "$OUT" "location 1" "location add prints the id"
is "$(sql "SELECT client_id, name, address, city, zip, country FROM client_locations")" \
    "2|Head office|1 Main St|Springfield|12345|US" "location row holds every field"
is "$(sql "SELECT name || ':' || entity || ':' || entity_id || ':' || client_id
    FROM events ORDER BY id DESC LIMIT 1")" "LocationCreated:client_location:1:2" \
    "location add emits LocationCreated"
is "$(sql "SELECT entity || ':' || local_id || ':' || op FROM outbox ORDER BY id DESC LIMIT 1")" \
    "client_location:1:create" "the location is queued for sync"
run tp location add 2 "Branch" --json
is "$(jget "$OUT" name)" Branch "location add --json prints the location"
is "$(jget "$OUT" address)" "" "... unset fields are null"

# --- users ---------------------------------------------------------------------------------

run tp user add jane --rate 95 --email jane@msp.example
is "$RC" 0 "user add succeeds"
is "$OUT" "user 2" "user add prints the id"
is "$(sql "SELECT name, email, hourly_rate_cents FROM users WHERE id = 2")" \
    "jane|jane@msp.example|9500" "user row holds every field"
is "$(sql "SELECT name FROM events ORDER BY id DESC LIMIT 1")" UserCreated "user add emits UserCreated"
run tp user add sam --json
is "$(jget "$OUT" name)" sam "user add --json prints the user"
is "$(jget "$OUT" hourly_rate_cents)" "" "... without a rate"
run tp user list --json
is "$("$PYTHON3" -c 'import json,sys; print(" ".join(r["name"] for r in json.loads(sys.argv[1])))' "$OUT")" \
    "jane sam tech" "user list lists every user by name"
run tp user list
like "$OUT" '^2 +jane +jane@msp\.example +95\.00 +0 ' "user list text"

# --- bad input: right exit, clear message, nothing changed ------------------------------

long=$("$PYTHON3" -c 'print("x" * 201)')
bad 64 "missing arguments" client add
bad 64 "unexpected argument" client add A B
bad 64 "unknown option --color" client add A --color red
bad 64 "--rate needs a value" client add A --rate
bad 65 "client name must be 1 to 200" client add ""
bad 65 "client name must be 1 to 200" client add "$long"
bad 65 "--rate: bad amount 'abc'" client add A --rate abc
bad 65 "must not be negative" client add A --rate -5
bad 65 "at most 2 decimals" client add A --rate 12.345
bad 65 "expected a number" client add A --rate 1e3
bad 65 "bad --net-terms '400'" client add A --net-terms 400
bad 65 "bad --net-terms 'x'" client add A --net-terms x
bad 65 "bad email 'nope'" client add A --email nope
bad 65 "control character" client add "$(printf 'A\033[31m')"

bad 65 "bad status 'gone': expected one of active, inactive, prospect, archived" client list --status gone
bad 65 "bad --limit '0'" client list --limit 0
bad 65 "bad --limit '1001'" client list --limit 1001
bad 65 "bad --limit 'ten'" client list --limit ten
bad 1 "client 99 not found" client list --after 99
bad 65 "bad --after 'x'" client list --after x
bad 64 "unexpected argument" client list extra

bad 64 "missing arguments" client update
bad 64 "nothing to change" client update 1
bad 65 "bad client id 'abc'" client update abc --status active
bad 1 "client 99 not found" client update 99 --status active
bad 65 "bad status 'urgent'" client update 1 --status urgent
bad 65 "bad amount" client update 1 --rate 12,50
bad 65 "bad --net-terms '-1'" client update 1 --net-terms -1
bad 65 "client name must be 1 to 200" client update 1 --name ""
bad 65 "bad email" client update 1 --email "a b@c"

bad 64 "missing arguments" contact add 1
bad 65 "bad client id 'x'" contact add x Ann
bad 1 "client 99 not found" contact add 99 Ann
bad 65 "contact name must be 1 to 200" contact add 1 ""
bad 65 "bad email 'ann'" contact add 1 Ann --email ann
bad 64 "takes no value" contact add 1 Ann --primary=yes

bad 64 "missing arguments" location add
bad 65 "bad client id '0'" location add 0 Office
bad 1 "client 99 not found" location add 99 Office
bad 65 "location name must be 1 to 200" location add 1 ""

bad 64 "missing arguments" user add
bad 65 "--rate: bad amount" user add bob --rate ten
bad 65 "bad email" user add bob --email bob
bad 1 "user 'jane' exists already" user add jane
bad 65 "user name must be 1 to 200" user add ""
bad 64 "unexpected argument" user list extra

# --- contact update, location update (the dashboard's e, issue 12 item 9) -------
run tp contact update 1 --title "Chief" --phone ""
is "$RC|$OUT" "0|contact 1 updated" "contact update succeeds"
is "$(sql "SELECT name, email, phone, title FROM client_contacts WHERE id = 1")" \
    "Ann Lee|ann@beta.example||Chief" "it changes what is given, \"\" clears"
is "$(sql "SELECT name || ':' || entity || ':' || entity_id || ':' || client_id
    FROM events ORDER BY id DESC LIMIT 1")" "ContactUpdated:client_contact:1:2" \
    "contact update emits ContactUpdated about the client"
is "$(sql "SELECT entity || ':' || local_id || ':' || op FROM outbox ORDER BY id DESC LIMIT 1")" \
    "client_contact:1:update" "the change is queued for sync"
n=$(sql "SELECT count(*) FROM events")
run tp contact update 1 --title "Chief"
is "$(sql "SELECT count(*) FROM events")" "$n" "no change: no event"
run tp contact update 1 --primary
is "$(sql "SELECT group_concat(name || '=' || is_primary, ' ') FROM (SELECT * FROM client_contacts WHERE client_id = 2 ORDER BY id)")" \
    "Ann Lee=1 Bob Roy=0 Cy Dee=0" "--primary makes it the only primary"
bad 1 "contact 99 not found" contact update 99 --title x
bad 65 "contact name must be 1 to 200" contact update 1 --name ""
bad 64 "--primary or --no-primary, not both" contact update 1 --primary --no-primary
run tp location update 1 --city Shelbyville --zip ""
is "$RC|$OUT" "0|location 1 updated" "location update succeeds"
is "$(sql "SELECT name, city, zip FROM client_locations WHERE id = 1")" \
    "Head office|Shelbyville|" "it changes what is given"
is "$(sql "SELECT name FROM events ORDER BY id DESC LIMIT 1")" LocationUpdated \
    "location update emits LocationUpdated"
bad 1 "location 99 not found" location update 99 --city x

done_testing
