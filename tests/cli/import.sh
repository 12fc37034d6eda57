#!/bin/sh
# import.sh - `import csv` (RFC 4180, every row through the services, all
# rows or none, "FILE:LINE: why") and `export` (csv, json, yaml), and the
# round trip between them.
. "$top_srcdir/tests/lib.sh"

A="$TMPD/a.db" B="$TMPD/b.db"
export TERMPSA_DB="$A"
tp init >/dev/null
tp user add jane >/dev/null

# Quoted commas and doubled quotes; CRLF line ends.
printf '%s\r\n' 'name,company,email,rate,status,notes' \
    '"Acme, ""Best"" Inc",Acme Corp,ops@acme.test,120.50,active,"two, three"' \
    'Zed,,,,prospect,' >"$TMPD/clients.csv"
run tp import csv clients "$TMPD/clients.csv"
is "$RC|$OUT" "0|2 clients imported" "import csv clients"
is "$(sql "SELECT name || '|' || company_name || '|' || hourly_rate_cents || '|' || status || '|' || notes FROM clients WHERE id = 1")" \
    'Acme, "Best" Inc|Acme Corp|12050|active|two, three' "quoted fields are read per RFC 4180"
is "$(sql "SELECT status || '|' || coalesce(company_name, 'NULL') || '|' || coalesce(hourly_rate_cents, 'NULL') FROM clients WHERE id = 2")" \
    "prospect|NULL|NULL" "empty fields are none"
is "$(sql "SELECT count(*) FROM events WHERE name = 'ClientCreated'")/$(sql 'SELECT count(*) FROM asset_categories')" \
    "2/12" "each row went through the service: ClientCreated fired and its listener ran"

cat >"$TMPD/contacts.csv" <<'CSV'
client,name,email,primary
1,Bob Smith,bob@acme.test,yes
1,Al,,0
CSV
run tp import csv contacts "$TMPD/contacts.csv"
is "$RC|$OUT" "0|2 contacts imported" "import csv contacts"
is "$(sql "SELECT group_concat(name || ':' || is_primary, ',') FROM client_contacts")" \
    "Bob Smith:1,Al:0" "contacts with their primary flag"

cat >"$TMPD/tickets.csv" <<'CSV'
client_id,subject,body,priority,status,assignee,due,billable
1,Printer jam,"Tray 2,
again",high,open,jane,2026-01-20,1
2,Quote please,,low,waiting,,,0
CSV
run tp import csv tickets "$TMPD/tickets.csv"
is "$RC|$OUT" "0|2 tickets imported" "import csv tickets"
is "$(sql "SELECT group_concat(t.number || ' ' || t.subject || ' ' || t.priority || ' ' || t.status || ' ' || coalesce(u.name, '-') || ' ' || coalesce(t.due_at, '-') || ' ' || t.billable, ',') FROM tickets t LEFT JOIN users u ON u.id = t.assigned_to WHERE t.category IS NOT 'onboarding'")" \
    "1 Printer jam high open jane 1768867200 1,2 Quote please low waiting - - 0" \
    "tickets numbered, assigned by name, due date, billable"
is "$(sql "SELECT body FROM tickets WHERE subject = 'Printer jam'")" "Tray 2,
again" "a line break inside a quoted field"
is "$(sql "SELECT count(*) FROM events WHERE name = 'TicketCreated'")" 2 "TicketCreated fired per row"

cat >"$TMPD/assets.csv" <<'CSV'
client_id,name,category,serial,ip,warranty_expire
1,"Server, rack 2",Server,SN-1,10.0.0.5,2026-02-01
2,Laptop,,SN-2,,2025-01-01
CSV
run tp import csv assets "$TMPD/assets.csv"
is "$RC|$OUT" "0|2 assets imported" "import csv assets"
is "$(sql "SELECT group_concat(a.name || '|' || coalesce(c.name, '-') || '|' || a.serial || '|' || coalesce(a.ip, '-') || '|' || a.warranty_expire, ',') FROM assets a LEFT JOIN asset_categories c ON c.id = a.category_id")" \
    "Server, rack 2|Server|SN-1|10.0.0.5|2026-02-01,Laptop|-|SN-2|-|2025-01-01" "assets with category, serial, ip, warranty"
is "$(sql "SELECT count(*) FROM events WHERE name = 'AssetCreated'")" 2 "AssetCreated fired per row"

# Export ------------------------------------------------------------------
run tp export clients
is "$RC" 0 "export clients (csv by default)"
is "$(printf '%s\n' "$OUT" | sed -n 1p | tr -d '\r')" \
    "id,uuid,name,company_name,email,phone,status,hourly_rate_cents,currency,net_terms_days,notes,balance_cents,unbilled_cents,created_at,updated_at" \
    "csv header names the schema's columns"
like "$OUT" '^1,[0-9a-f-]{36},"Acme, ""Best"" Inc",Acme Corp,ops@acme.test,,active,12050,USD,30,"two, three",' \
    "csv quotes commas, quotes and line breaks (RFC 4180)"
is "$(printf '%s\n' "$OUT" | grep -c "$(printf '\r')\$")" 3 "csv lines end in CRLF"
run tp export tickets --format json
is "$(jlen "$OUT" "")/$(jget "$OUT" 0.client_name)/$(jget "$OUT" 0.assignee)/$(jget "$OUT" 0.due_at)" \
    '2/Acme, "Best" Inc/jane/2026-01-20T00:00:00Z' "json: an array with joined names and ISO times"
run tp --json export clients
is "$(jlen "$OUT" "")" 2 "--json alone picks the json format"
run tp export clients --format yaml
is "$RC" 0 "export yaml"
is "$("$PYTHON3" -c '
import sys, yaml
d = yaml.safe_load(sys.stdin)
c = d[0]
print(len(d), c["name"], c["hourly_rate_cents"], repr(c["notes"]), d[1]["company_name"])' <"$TMPD/out")" \
    "2 Acme, \"Best\" Inc 12050 'two, three' None" "yaml reads back with types intact"
w() { "$SQLITE3_SHELL" -batch "$A" "$1"; }
w "UPDATE clients SET phone = '0123', notes = 'true' WHERE id = 2"
run tp export clients --format yaml
is "$("$PYTHON3" -c 'import sys, yaml; c = yaml.safe_load(sys.stdin)[1]; print(repr(c["phone"]), repr(c["notes"]))' <"$TMPD/out")" \
    "'0123' 'true'" "yaml quotes text that would read as a number or a boolean"
run tp export invoices
is "$RC|$(printf '%s' "$OUT" | tr -d '\r')" \
    "0|id,uuid,number,client_id,client_name,project_id,subject,status,issue_date,due_date,total_cents,currency,created_at,updated_at" \
    "export invoices (empty: the header only)"
run tp export assets --format json
is "$RC/$(jlen "$OUT" "")/$(jget "$OUT" 0.name)/$(jget "$OUT" 0.category)/$(jget "$OUT" 1.client_name)" \
    "0/2/Server, rack 2/Server/Zed" "export assets (json, with the category's name)"

# Round trip: what export writes, import reads back into an empty database.
tp export clients >"$TMPD/c.csv"
tp export tickets >"$TMPD/t.csv"
tp export assets >"$TMPD/as.csv"
TERMPSA_DB="$B" tp init >/dev/null
TERMPSA_DB="$B" tp user add jane >/dev/null
run env TERMPSA_DB="$B" "$TERMPSA" import csv clients "$TMPD/c.csv"
is "$RC|$OUT" "0|2 clients imported" "exported clients import back"
run env TERMPSA_DB="$B" "$TERMPSA" import csv assets "$TMPD/as.csv"
is "$RC|$OUT" "0|2 assets imported" "exported assets import back"
run env TERMPSA_DB="$B" "$TERMPSA" import csv tickets "$TMPD/t.csv"
is "$RC|$OUT" "0|2 tickets imported" "exported tickets import back"
strip_uuid() {
	"$PYTHON3" -c '
import csv, sys
for r in csv.reader(open(sys.argv[1], newline="")):
    del r[1]
    print(r)' "$1"
}
TERMPSA_DB="$B" tp export clients >"$TMPD/c2.csv"
TERMPSA_DB="$B" tp export tickets >"$TMPD/t2.csv"
TERMPSA_DB="$B" tp export assets >"$TMPD/as2.csv"
is "$(strip_uuid "$TMPD/c2.csv")" "$(strip_uuid "$TMPD/c.csv")" "clients round trip (all but uuids)"
is "$(strip_uuid "$TMPD/t2.csv")" "$(strip_uuid "$TMPD/t.csv")" "tickets round trip (all but uuids)"
is "$(strip_uuid "$TMPD/as2.csv")" "$(strip_uuid "$TMPD/as.csv")" "assets round trip (all but uuids)"

# One bad row: nothing imported, FILE:LINE names it -------------------------
d=$(db_digest)
printf '%s\n' 'client,subject,body,priority' '1,Good one,"multi' 'line",low' \
    '2,Good two,,high' '1,Bad,,urgent' >"$TMPD/bad.csv"
run tp import csv tickets "$TMPD/bad.csv"
is "$RC" 65 "a bad row: exit 65"
is "$ERR" "termpsa: $TMPD/bad.csv:5: bad priority 'urgent': expected one of low, normal, high, critical" \
    "FILE:LINE (counting the line break inside a quoted field) and why"
is "$(db_digest)" "$d" "nothing imported: the good rows were rolled back too"

printf 'client,name\n1,Ok\n99,Ghost\n' >"$TMPD/ghost.csv"
run tp import csv contacts "$TMPD/ghost.csv"
is "$RC|$ERR" "1|termpsa: $TMPD/ghost.csv:3: client 99 not found" "an unknown client: exit 1, FILE:LINE"
is "$(db_digest)" "$d" "and nothing imported"

printf 'name,colour\nX,red\n' >"$TMPD/col.csv"
run tp import csv clients "$TMPD/col.csv"
is "$RC" 65 "unknown column: exit 65"
like "$ERR" "col.csv:1: unknown column 'colour' for clients: expected name, company" "names the column and the choices"
printf 'company\nX\n' >"$TMPD/req.csv"
run tp import csv clients "$TMPD/req.csv"
like "$RC|$ERR" "^65\|.*req.csv:1: clients need a column 'name'" "a required column missing"
printf 'name,status\nX\n' >"$TMPD/short.csv"
run tp import csv clients "$TMPD/short.csv"
like "$RC|$ERR" "^65\|.*short.csv:2: 1 field, the header has 2" "a short row"
printf 'name\n"open\n' >"$TMPD/open.csv"
run tp import csv clients "$TMPD/open.csv"
like "$RC|$ERR" "^65\|.*open.csv:2: quoted field not closed" "an unclosed quote"
printf 'name\nab"c\n' >"$TMPD/stray.csv"
run tp import csv clients "$TMPD/stray.csv"
like "$RC|$ERR" "^65\|.*stray.csv:2: stray quote" "a stray quote"
: >"$TMPD/empty.csv"
run tp import csv clients "$TMPD/empty.csv"
like "$RC|$ERR" "^65\|.*empty.csv:1: no header row" "an empty file"
run tp import csv clients "$TMPD/missing.csv"
like "$RC|$ERR" "^74\|termpsa: cannot open .*missing.csv" "a missing file: exit 74"
run tp import csv users "$TMPD/clients.csv"
like "$RC|$ERR" "^65\|.*bad entity 'users': expected one of clients, contacts, assets, tickets" "an entity import does not know"
run tp import xml clients "$TMPD/clients.csv"
is "$RC" 64 "import without csv: exit 64"
run tp export clients --format xml
like "$RC|$ERR" "^65\|.*bad format 'xml': expected one of csv, json, yaml" "a bad format"
run tp export users
is "$RC" 65 "an entity export does not know"
is "$(db_digest)" "$d" "bad input changed nothing"

# A text cell a spreadsheet would run as a formula goes out as text: an
# apostrophe before =, +, - or @ (a client's ticket subject can be
# anything); numbers stay numbers, and import takes the apostrophe off.
f1=$(tp ticket add 1 '=HYPERLINK("http://x","y")' | sed 's/^ticket //')
f2=$(tp ticket add 1 "-5 printers offline" | sed 's/^ticket //')
f3=$(tp ticket add 1 "'=already quoted" | sed 's/^ticket //')
f4=$(tp ticket add 1 "@home VPN" | sed 's/^ticket //')
run tp export tickets
is "$RC" 0 "export tickets"
subj() { printf '%s\n' "$OUT" | tr -d '\r' | grep "^$1," | "$PYTHON3" -c '
import csv, sys
r = next(csv.DictReader(["'"$(printf '%s\n' "$OUT" | sed -n 1p | tr -d '\r')"'"] + sys.stdin.read().splitlines()))
print(r["subject"])'; }
is "$(subj "$f1")" "'=HYPERLINK(\"http://x\",\"y\")" "a formula subject gets an apostrophe before it"
is "$(subj "$f2")" "'-5 printers offline" "... a leading minus too"
is "$(subj "$f3")" "''=already quoted" "... and one more before one already there"
is "$(subj "$f4")" "'@home VPN" "... and a leading @"
w "UPDATE clients SET balance_cents = -2500 WHERE id = 1"
run tp export clients
like "$OUT" '^1,.*,-2500,' "a negative number is written as a number"
printf 'client_id,subject\n1,"\047=SUM(A1)"\n1,"\047\047=two"\n1,\047plain\n' > "$TMPD/guarded.csv"
run tp import csv tickets "$TMPD/guarded.csv"
is "$RC" 0 "import a CSV of guarded cells"
is "$(sql "SELECT group_concat(subject, '|') FROM (SELECT subject FROM tickets ORDER BY id DESC LIMIT 3)")" \
    "'plain|'=two|=SUM(A1)" "import takes the guard off (and leaves a plain apostrophe)"

done_testing
