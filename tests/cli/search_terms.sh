#!/bin/sh
# tests/search_terms.sh - a search's words read as the terms they cover
# (schema/0005_terms.sql, src/terms.c), for tickets and invoices:
# search_terms holds every term of each index however the text arrived
# (add, update, raw SQL, demo, migration), a search finds exactly what the
# plain prefix query finds, FTS5 is handed named terms (the fast, lazy
# read) where it can be, and a prefix covering too many terms, or a word
# that is not plain ASCII, stays a prefix.
. "$top_srcdir/tests/lib.sh"

# The plain prefix query, by the shell: the ids FTS5 matches, newest first.
prefix_ids() {
	sql "SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH '$1' ORDER BY rowid DESC" |
	    paste -sd' ' -
}
# The ids `ticket list --search` finds, newest first, every status.
search_ids() {
	tp ticket list --search "$1" --sort newest --limit 500 | awk 'NR > 1 { print $1 }' |
	    paste -sd' ' -
}
# The MATCH text `ticket list` (or `invoice list` with invoice_match_of)
# handed FTS5 for a search.
match_of() {
	rm -f "$TMPD/trace"
	TERMPSA_TRACE_SQL="$TMPD/trace" tp ${kind:-ticket} list --search "$1" >/dev/null
	grep -o "${index:-tickets_fts} MATCH '[^']*'" "$TMPD/trace" | head -n 1 |
	    sed "s/^[a-z_]* MATCH '//; s/'$//"
}
invoice_match_of() { kind=invoice index=invoices_fts match_of "$1"; }
# Terms of index ($1, default tickets_fts) missing from search_terms (the
# invariant: none).
missing() {
	ix=${1:-tickets_fts}
	wsql "CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_$ix USING fts5vocab(main, $ix, row);
	SELECT count(*) FROM temp.v_$ix WHERE term NOT IN (SELECT term FROM search_terms WHERE source = '$ix');"
}
terms_of() {
	sql "SELECT group_concat(term, ' ') FROM (SELECT term FROM search_terms WHERE source = '$1' ORDER BY term)"
}

run tp init
is "$RC" 0 "init"
wsql "INSERT INTO clients(name, created_at, updated_at) VALUES ('Acme', 1, 1);"

# --- every way text arrives ------------------------------------------------
run tp ticket add 1 "Printer jam" --body "toner light blinking"
is "$RC" 0 "ticket add"
is "$(terms_of tickets_fts)" \
    "blinking jam light printer toner" "a new ticket's subject and body words are terms"
tp ticket add 1 "Scanner offline" >/dev/null
run tp ticket update 2 --subject "Zebra label printers offline"
is "$RC" 0 "ticket update"
ok "$([ "$(sql "SELECT count(*) FROM search_terms WHERE source = 'tickets_fts' AND term IN ('zebra', 'label', 'printers')")" = 3 ]; echo $?)" \
    "an edited subject's new words are terms"
wsql "INSERT INTO tickets(uuid, number, client_id, subject, body, created_at, updated_at)
	VALUES ('raw-1', 90, 1, 'Café Über-Firewall', 'QUOTA exceeded', 1, 1);"
ok "$([ "$(sql "SELECT count(*) FROM search_terms WHERE source = 'tickets_fts' AND term IN ('cafe', 'uber', 'firewall', 'quota', 'exceeded')")" = 5 ]; echo $?)" \
    "raw SQL goes through the trigger too, folded as FTS5 folds"
is "$(sql "SELECT count(*) FROM search_scratch_data") $(sql "SELECT count(*) FROM search_scratch_idx")" \
    "$(tp ticket add 1 "One more" >/dev/null; sql "SELECT count(*) FROM search_scratch_data") $(sql "SELECT count(*) FROM search_scratch_idx")" \
    "the scratch index is emptied after every ticket: it does not grow"
is "$(missing)" 0 "every term of the index is in search_terms"

# --- named terms for plain words -------------------------------------------
is "$(match_of print)" '("printer" OR "printers")' \
    "a plain word is handed to FTS5 as the terms it covers"
is "$(match_of "PRINT jam")" '("printer" OR "printers") AND ("jam")' \
    "upper case folds; every word is required"
is "$(match_of "wi-fi")" '"wi-fi"*' "a word with punctuation stays a prefix phrase"
is "$(match_of "café")" '"café"*' "a word with other letters stays a prefix"
is "$(match_of "xyz")" '"xyz"*' "a word that covers no term stays a prefix (and finds nothing)"
is "$(match_of 'pri"nt')" '"pri""nt"*' "a quote is doubled, never FTS syntax"
is "$(match_of "")" "" "no search, no MATCH"

# --- a prefix covering too many terms stays a prefix -----------------------
words=$(awk 'BEGIN { for (i = 1; i <= 200; i++) printf "qq%03d ", i }')
tp ticket add 1 "Many words" --body "$words" >/dev/null
is "$(match_of qq)" '"qq"*' "200 terms under one prefix: left a prefix"
m=$(match_of qq1)
like "$m" '^[(]"qq100" OR "qq101" OR ' "100 terms: named"
is "$(printf %s "$m" | grep -o '"qq1[0-9][0-9]"' | wc -l | tr -d ' ')" 100 \
    "... every one of them"

# --- the same rows as the prefix query -------------------------------------
for w in p pr print printer printers z zeb c caf cafe f fire q qq qq1 qq150 \
    t to toner j jam o off e ex uber l la nothing; do
	is "$(search_ids "$w")" "$(prefix_ids "\"$w\"*")" \
	    "'$w' finds what the prefix query finds"
done
is "$(search_ids "print off")" "$(prefix_ids '"print"* "off"*')" \
    "two words find what the two prefixes find"
is "$(search_ids "café")" "$(prefix_ids '"café"*')" "... a word with other letters too"
ok "$([ -n "$(search_ids "caf")" ]; echo $?)" "'caf' finds the café ticket"

# --- invoices: the subjects' index the same way -----------------------------
wsql "INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at) VALUES
	(1, 'INV-000001', 1, 'Printer service', 'draft', '2026-01-01', '2026-01-31', 100, 1, 1),
	(2, 'INV-000002', 1, 'Managed services March', 'sent', '2026-03-01', '2026-03-31', 200, 1, 1),
	(3, 'INV-000003', 1, 'Projector repair', 'paid', '2026-04-01', '2026-04-30', 300, 1, 1);
	UPDATE invoices SET subject = 'Printer service and toner' WHERE id = 1;"
is "$(terms_of invoices_fts)" "and managed march printer projector repair service services toner" \
    "invoice subjects' words are terms, an edited subject's too"
is "$(missing invoices_fts)" 0 "every term of the invoices' index is in search_terms"
is "$(invoice_match_of pr)" '("printer" OR "projector")' \
    "an invoice search names the subjects' terms"
is "$(invoice_match_of "serv mar")" '("service" OR "services") AND ("march")' \
    "... every word required"
run tp invoice list --search pr
like "$OUT" "INV-000001" "invoice search finds the printer invoice"
like "$OUT" "INV-000003" "... and the projector one"
unlike "$OUT" "INV-000002" "... and not the other"
run tp invoice list --search acm
like "$OUT" "INV-000002" "the client name still matches as a prefix"
is "$(sql "SELECT count(*) FROM search_terms WHERE source = 'tickets_fts' AND term = 'projector'")" 0 \
    "each index has its own terms"

# --- the lookup is an index range, not a scan ------------------------------
p=$("$SQLITE3_SHELL" -batch "file:$TERMPSA_DB?mode=ro" \
    "EXPLAIN QUERY PLAN SELECT term FROM search_terms WHERE source = 'tickets_fts' AND term >= 'a' AND term < 'b' ORDER BY term LIMIT 151")
like "$p" "SEARCH search_terms USING PRIMARY KEY [(]source=[?] AND term>[?] AND term<[?][)]" \
    "the terms of a prefix are a range of search_terms' key"
unlike "$p" "TEMP B-TREE" "... read in order, nothing sorted"

# --- a version 4 database is given its terms -------------------------------
wsql "DROP TRIGGER tickets_terms_ai; DROP TRIGGER tickets_terms_au;
	DROP TRIGGER invoices_terms_ai; DROP TRIGGER invoices_terms_au;
	DROP TABLE search_scratch_vocab; DROP TABLE search_scratch;
	DROP TABLE search_terms; DROP INDEX payments_received;
	DROP INDEX payments_client_received;
	ALTER TABLE invoice_items DROP COLUMN minutes; PRAGMA user_version = 4;"
run tp ticket list --search toner
is "$RC" 0 "a version 4 database is migrated"
like "$OUT" "Printer jam" "... and searched"
is "$(missing)" 0 "... with every term of the tickets' index"
is "$(missing invoices_fts)" 0 "... and of the invoices'"
is "$(sql "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_terms_a%'")" 4 \
    "... and the triggers that keep them"

# --- the demo fills them in one walk ---------------------------------------
export TERMPSA_DB="$TMPD/demo.db"
run tp demo
is "$RC" 0 "demo"
is "$(missing)" 0 "the demo's ticket terms are all there"
is "$(missing invoices_fts)" 0 "... and its invoice terms"
for w in p ne net b; do
	is "$(search_ids "$w")" "$(prefix_ids "\"$w\"*")" \
	    "demo: '$w' finds what the prefix query finds"
done

# --- a search in the updated order: driven from FTS5, or a walk -----------
# lines WALK_AT ARGS...: ticket list's rows with the walk threshold set.
lines() {
	at=$1
	shift
	TERMPSA_TEST_SEARCH_WALK_AT=$at tp ticket list "$@" | awk 'NR > 1 { print $1 }' |
	    paste -sd' ' -
}
# plan_of WALK_AT ARGS...: which plan ticket list ran.
plan_of() {
	at=$1
	shift
	rm -f "$TMPD/trace"
	TERMPSA_TEST_SEARCH_WALK_AT=$at TERMPSA_TRACE_SQL="$TMPD/trace" \
	    tp ticket list "$@" >/dev/null
	if grep -q "AND EXISTS (SELECT 1 FROM tickets_fts" "$TMPD/trace"; then
		echo walk
	elif grep -q "FROM tickets_fts CROSS JOIN tickets\|t.id IN (SELECT rowid FROM tickets_fts" "$TMPD/trace"; then
		echo drive
	else
		echo none
	fi
}
is "$(plan_of "" --search printer)" drive \
    "400 tickets: fewer matches than the threshold, driven from FTS5"
is "$(plan_of 1 --search printer)" walk "at or above the threshold, a walk"
is "$(plan_of 1 --search "printer pass")" walk "... for several named words too"
is "$(plan_of 1 --search wi-fi)" drive "a word left a prefix never walks"
is "$(plan_of 1 --search printer --sort priority)" drive "nor another order"
is "$(plan_of 1 --search printer --assignee 2)" drive "nor an assignee's list"
is "$(plan_of 1 --search printer --sort newest)" drive \
    "newest first streams from FTS5 anyway"
big=999999999
for args in "--search printer" "--search pass" "--search printer --status open,waiting" \
    "--search printer --client 3" "--search printer --limit 7" \
    "--search network --status resolved,closed --limit 3"; do
	# shellcheck disable=SC2086
	is "$(lines 1 $args)" "$(lines $big $args)" "walk and drive agree: $args"
done
first=$(lines 1 --search printer --limit 5)
last=$(printf '%s\n' "$first" | awk '{ print $NF }')
is "$(lines 1 --search printer --limit 5 --after "$last")" \
    "$(lines $big --search printer --limit 5 --after "$last")" \
    "... and so does their next page"
ok "$([ "$(printf '%s' "$first" | wc -w)" = 5 ]; echo $?)" "... which is not empty"
is "$(jlen "$(TERMPSA_TEST_SEARCH_WALK_AT=1 tp ticket list --search printer --json)" "")" \
    "$(jlen "$(TERMPSA_TEST_SEARCH_WALK_AT=$big tp ticket list --search printer --json)" "")" \
    "the walk's JSON has as many rows"

done_testing
