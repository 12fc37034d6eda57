#!/bin/sh
# tests/search_all.sh - `termpsa search WORDS`: every kind of record at
# once (tickets, clients, contacts, assets by name, serial, IP and MAC,
# invoices), grouped in a fixed order, best first by bm25 within a kind,
# hostile words harmless, --json one valid, escaped document, and the
# exit codes of cli.md.  The demo loader indexes what it generates.
. "$top_srcdir/tests/lib.sh"

# ids KIND [WORDS...]: the ids of one group of `search --json`.
ids() {
	kind=$1
	shift
	"$PYTHON3" -c '
import json, sys
d = json.loads(sys.stdin.read())
print(" ".join(str(r["id"]) for r in d[sys.argv[1]]))
' "$kind" <<EOT
$(tp --json search "$@")
EOT
}

run tp init
is "$RC" 0 "init"
tp client add "Zephyr Dental" --company "Zephyr Group" >/dev/null
tp client add "Other Place" >/dev/null
tp contact add 1 "Zoe Quill" --email zoe@zephyrmail.example \
    --phone 555-0142 --title "Office manager" >/dev/null
tp asset add 1 "zephyr-nas" --serial ZX900Q --ip 10.77.1.5 \
    --mac aa:bb:cc:dd:ee:ff >/dev/null
tp asset add 2 "front-desk" --serial QQ123 --ip 10.9.9.9 \
    --mac 11:22:33:44:55:66 >/dev/null
run tp ticket add 1 "Zephyr backup failing"
is "$RC" 0 "ticket add"
wsql "INSERT INTO invoices(number, client_id, subject, issue_date, due_date,
	created_at, updated_at) VALUES ('INV-9001', 1, 'Zephyr support March',
	'2026-01-01', '2026-01-31', 1, 1);"

# --- every kind, one word ---------------------------------------------------
run tp --json search zephyr
is "$RC" 0 "search --json exits 0"
for k in tickets clients contacts assets invoices; do
	ok "$([ "$(jlen "$OUT" $k)" -ge 1 ]; echo $?)" "zephyr finds $k"
done
is "$(ids clients zephyr)" "1" "the client by name, not the other one"
is "$(ids contacts zephyr)" "1" "the contact by its email"
is "$(ids assets zx900q)" "1" "an asset by its serial"
is "$(ids assets 10.77.1.5)" "1" "an asset by its IP"
is "$(ids assets aa:bb:cc:dd:ee:ff)" "1" "an asset by its MAC"
is "$(ids assets 11:22)" "2" "an asset by the start of its MAC"
is "$(ids contacts 555-0142)" "1" "a contact by phone"
is "$(ids invoices march)" "1" "an invoice by its subject"
is "$(ids contacts zoe manager)" "1" "every word must hold (name and title)"
is "$(ids contacts zoe backup)" "" "a word nothing holds: none"

# A change is searchable at once (the triggers of schema/0011).
run tp asset update 2 --ip 192.168.44.7
is "$RC" 0 "asset update --ip"
is "$(ids assets 192.168.44.7)" "2" "a changed IP is found"
is "$(ids assets 10.9.9.9)" "" "the old IP is not"
wsql "UPDATE client_contacts SET email = 'zq@elsewhere.example' WHERE id = 1;"
is "$(ids contacts elsewhere)" "1" "a changed contact email is found"
wsql "DELETE FROM client_contacts WHERE id = 1;"
is "$(ids contacts zoe)" "" "a deleted contact is gone"

# --- grouping: a header per kind that found something, in one order --------
run tp search zephyr
is "$RC" 0 "search exits 0"
is "$(printf '%s\n' "$OUT" | grep -E '^[a-z]+ \([0-9]+\)$' | sed 's/ (.*//' | paste -sd' ' -)" \
    "tickets clients assets invoices" "groups in a fixed order, empty ones left out"
run tp search zephyr --limit 1
like "$OUT" '^tickets \(first 1; --limit shows more\)$' \
    "a group cut off at the limit says so: its count is not every match"
like "$OUT" "Zephyr backup failing" "the ticket's subject is shown"
like "$OUT" "10.77.1.5 aa:bb:cc:dd:ee:ff" "the asset's IP and MAC are shown"

# --- ranking: best first by bm25, not newest first --------------------------
tp ticket add 2 "kiwi kiwi kiwi" >/dev/null
tp ticket add 2 "kiwi" --body "a long body about many other things that \
matter more than the word itself, padding padding padding padding" >/dev/null
strong=$(sql "SELECT id FROM tickets WHERE subject = 'kiwi kiwi kiwi'")
weak=$(sql "SELECT id FROM tickets WHERE subject = 'kiwi'")
is "$(ids tickets kiwi)" "$strong $weak" "the better match first, though older"
is "$(ids tickets kiwi --limit 1)" "$strong" "--limit keeps the best"

# --- hostile words: never FTS syntax, never SQL -----------------------------
tp ticket add 2 'Weird "quote" NEAR(x) col:val' >/dev/null
weird=$(sql "SELECT id FROM tickets WHERE subject LIKE 'Weird%'")
before=$(db_digest)
for w in '"' '*' 'AND' 'OR NOT' 'NEAR(' "'); DROP TABLE tickets; --" \
    'subject:x' '^zephyr' '-zephyr' '(((' '\'; do
	run tp search "$w"
	is "$RC" 0 "hostile word [$w]: exit 0"
	unlike "$ERR" "." "hostile word [$w]: no error"
done
is "$(db_digest)" "$before" "hostile words change nothing"
is "$(ids tickets '"quote"')" "$weird" "a quoted word is text, found as such"
is "$(ids tickets 'NEAR(x)')" "$weird" "an FTS operator is text, found as such"
is "$(ids tickets col:val)" "$weird" "a column filter is text, found as such"

# --- JSON: valid and escaped, text made safe --------------------------------
wsql "INSERT INTO tickets(uuid, number, client_id, subject, created_at, updated_at)
	VALUES ('raw-esc', 900, 2, 'Escbell ' || char(27) || '[31m red \"q\" back\\slash', 1, 1);"
run tp --json search escbell
is "$RC" 0 "search --json with control characters"
is "$(jget "$OUT" tickets.0.title)" "$(printf 'Escbell \033[31m red "q" back\\slash')" \
    "the title round-trips through JSON exactly"
unlike "$OUT" "$(printf '\033')" "no raw ESC in JSON"
run tp search escbell
unlike "$OUT" "$(printf '\033')" "no raw ESC in the text output"
run tp --json search nothingmatchesthis
is "$RC" 0 "no match: exit 0"
is "$OUT" '{"tickets":[],"clients":[],"contacts":[],"assets":[],"invoices":[]}' \
    "no match: every group, empty"
run tp search nothingmatchesthis
is "$OUT" "no matches" "no match: says so"

# --- exit codes --------------------------------------------------------------
run tp search
is "$RC" 64 "no words: usage, 64"
run tp search "   "
is "$RC" 65 "blank words: bad input, 65"
like "$ERR" "give a word" "blank words: message"
run tp search x --limit 0
is "$RC" 65 "--limit 0: 65"
run tp search x --limit abc
is "$RC" 65 "--limit abc: 65"
run tp search x --bogus
is "$RC" 64 "unknown option: 64"
run tp search --help
is "$RC" 0 "search --help"
like "$OUT" "--limit" "search --help shows --limit"

# --- a version 7 database: contacts and the assets' IP/MAC indexed -------
tp contact add 2 "Milo Oldrow" --email milo@old.example >/dev/null
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF'
DROP TRIGGER contacts_fts_ai; DROP TRIGGER contacts_fts_ad;
DROP TRIGGER contacts_fts_au; DROP TABLE contacts_fts;
DROP TRIGGER assets_fts_ai; DROP TRIGGER assets_fts_ad;
DROP TRIGGER assets_fts_au; DROP TABLE assets_fts;
CREATE VIRTUAL TABLE assets_fts USING fts5(name, serial, make, model, content='assets', content_rowid='id');
INSERT INTO assets_fts(assets_fts) VALUES ('rebuild');
PRAGMA user_version = 7;
EOF
is "$(ids contacts milo)" "$(sql "SELECT id FROM client_contacts WHERE name = 'Milo Oldrow'")" \
    "after migrating a version 7 database, its contacts are found"
is "$(ids assets 10.77.1.5)" "1" "... and its assets by IP"
ok "$([ "$(sql 'PRAGMA user_version')" -ge 11 ]; echo $?)" "... migrated past 11"

# --- the demo loader indexes contacts and the assets' IP and MAC -----------
export TERMPSA_DB="$TMPD/demo.db"
run tp demo --scale small
is "$RC" 0 "demo"
email=$(sql "SELECT email FROM client_contacts WHERE email IS NOT NULL ORDER BY id LIMIT 1")
cid=$(sql "SELECT id FROM client_contacts WHERE email = '$email' ORDER BY id LIMIT 1")
like " $(ids contacts "$email" --limit 1000) " " $cid " "a demo contact by its email"
mac=$(sql "SELECT mac FROM assets WHERE mac IS NOT NULL ORDER BY id LIMIT 1")
aid=$(sql "SELECT id FROM assets WHERE mac = '$mac'")
is "$(ids assets "$mac")" "$aid" "a demo asset by its MAC"
ip=$(sql "SELECT ip FROM assets WHERE ip IS NOT NULL ORDER BY id DESC LIMIT 1")
like " $(ids assets "$ip" --limit 1000) " " $(sql "SELECT id FROM assets WHERE ip = '$ip' LIMIT 1") " \
    "a demo asset by its IP"
is "$(sql "SELECT count(*) FROM contacts_fts")" \
    "$(sql "SELECT count(*) FROM client_contacts")" "every demo contact indexed"

done_testing
