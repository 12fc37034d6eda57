#!/bin/sh
# tests/list_sort.sh - invoice list --search and --sort, asset list and
# client list --sort:
# exact rows in exact order, keyset paging (--after) across a window
# boundary in every order (ties broken by id), bad input refused with
# nothing changed, and the migration that adds the invoices' search index
# fills it from invoices already there.
. "$top_srcdir/tests/lib.sh"

tp init >/dev/null
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF'
INSERT INTO clients(id, name, company_name, created_at, updated_at) VALUES
 (1, 'Acme Dental', 'Acme Dental LLC', 1768000000, 1768000000),
 (2, 'Birch Legal', NULL, 1768000000, 1768000000),
 (3, 'Cobalt Labs', NULL, 1768000000, 1768000000);
INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at) VALUES
 (1, 'INV-000001', 1, 'Support Services', 'sent', '2025-11-01', '2025-12-01', 50000, 1768000000, 1768000000),
 (2, 'INV-000002', 2, 'Support Services', 'sent', '2026-01-10', '2026-02-09', 12550, 1768000000, 1768000000),
 (3, 'INV-000003', 3, 'Project: Move', 'draft', '2026-01-14', '2026-02-13', 9900, 1768000000, 1768000000),
 (4, 'INV-000004', 1, 'Project: Firewall', 'paid', '2025-10-01', '2025-10-31', 75000, 1768000000, 1768000000),
 (5, 'INV-000012', 2, 'Support Services', 'sent', '2025-12-01', '2025-12-31', 12550, 1768000000, 1768000000),
 (6, 'INV-000005', 3, 'Support Services', 'cancelled', '2025-12-05', '2026-01-04', 300, 1768000000, 1768000000),
 (7, 'INV-000120', 1, 'Hardware refresh', 'sent', '2026-01-10', '2026-02-09', 12550, 1768000000, 1768000000);
INSERT INTO assets(id, client_id, name, serial, status, warranty_expire, created_at, updated_at) VALUES
 (1, 1, 'Front desk PC', 'SN-1', 'deployed', '2025-06-01', 1768000000, 1768000000),
 (2, 2, 'Core switch', 'SN-2', 'deployed', '2026-02-01', 1768000000, 1768000000),
 (3, 3, 'Backup NAS', 'SN-3', 'deployed', '2027-03-01', 1768000000, 1768000000),
 (4, 1, 'Alpha printer', 'SN-4', 'deployed', NULL, 1768000000, 1768000000),
 (5, 3, 'Core switch', 'SN-5', 'deployed', '2026-02-01', 1768000000, 1768000000),
 (6, 2, 'Zebra label printer', 'SN-6', 'deployed', NULL, 1768000000, 1768000000);
EOF

# ids LIST-ARGS...: the ids a list prints, in order, comma-separated.
ids() { tp "$@" | awk 'NR > 1 { print $1 }' | paste -sd, -; }

# --- invoice list --sort ---------------------------------------------------
is "$(ids invoice list)" 7,6,5,4,3,2,1 'invoice list: newest first by default'
is "$(ids invoice list --sort newest)" 7,6,5,4,3,2,1 '--sort newest'
is "$(ids invoice list --sort due)" 4,1,5,6,2,7,3 \
    '--sort due: soonest due first, a tie (2 and 7) by id'
is "$(ids invoice list --sort amount)" 4,1,7,5,2,3,6 \
    '--sort amount: largest first, ties (7, 5, 2) by id descending'
is "$(ids invoice list --sort number)" 1,2,3,4,6,5,7 \
    '--sort number: by number, not by id'

# Paging: the window boundary falls inside a tie of the sort key.
is "$(ids invoice list --sort due --limit 5)" 4,1,5,6,2 'due, first window'
is "$(ids invoice list --sort due --limit 5 --after 2)" 7,3 \
    'due, next window after 2 (same due date as 7): 7 is not lost'
is "$(ids invoice list --sort amount --limit 3)" 4,1,7 'amount, first window'
is "$(ids invoice list --sort amount --limit 3 --after 7)" 5,2,3 \
    'amount, second window continues inside the tie'
is "$(ids invoice list --sort amount --limit 3 --after 3)" 6 \
    'amount, last window'
is "$(ids invoice list --sort number --limit 5 --after 4)" 6,5,7 \
    'number, after INV-000004'
is "$(ids invoice list --limit 3 --after 5)" 4,3,2 'newest, after 5'
is "$(ids invoice list --sort due --status sent)" 1,5,2,7 \
    '--sort with --status'
is "$(ids invoice list --sort amount --client 1)" 4,1,7 '--sort with --client'

# --- invoice list --search -------------------------------------------------
is "$(ids invoice list --search 12)" 5 \
    'digits are the padded number: 12 is INV-000012 only'
is "$(ids invoice list --search INV-00012)" 7 'a number prefix'
is "$(ids invoice list --search inv-00012)" 7 '... typed in lower case'
is "$(ids invoice list --search INV-00000)" 6,4,3,2,1 \
    'INV-00000 is a prefix of five numbers'
is "$(ids invoice list --search birch)" 5,2 "the client's name (FTS5 prefix)"
is "$(ids invoice list --search 'acme llc')" 7,4,1 \
    "every word of the client's name or company"
is "$(ids invoice list --search proj)" 4,3 'a subject word prefix'
is "$(ids invoice list --search 'proj fire')" 4 'two subject words'
is "$(ids invoice list --search 'HARDWARE')" 7 'case does not matter'
is "$(ids invoice list --search zzz)" "" 'no match: no rows'
run tp invoice list --search zzz --json
is "$RC$OUT" "0[]" '... and --json prints []'
is "$(ids invoice list --search 'acme' --status sent)" 7,1 'search and --status'
is "$(ids invoice list --search 'support' --client 2)" 5,2 'search and --client'
is "$(ids invoice list --search 'support' --sort amount)" 1,5,2,6 \
    'search sorted by amount'
is "$(ids invoice list --search 'support' --sort amount --limit 2)" 1,5 \
    'search, first window'
is "$(ids invoice list --search 'support' --sort amount --limit 2 --after 5)" 2,6 \
    'search, next window keeps the search and the order'
is "$(ids invoice list --search 'birch 12')" "" \
    'words are all required (no number has a space)'
run tp invoice list --search '" OR *' --json
is "$RC$OUT" "0[]" 'FTS5 syntax in the text is only text'

# A subject changed: the search follows it (the index's triggers).
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" \
    "UPDATE invoices SET subject = 'Network audit' WHERE id = 3"
is "$(ids invoice list --search audit)" 3 'a changed subject is found'
is "$(ids invoice list --search move)" "" '... and the old one is not'

# --- asset list --sort -----------------------------------------------------
is "$(ids asset list)" 4,3,2,5,1,6 'asset list: by name by default, ties by id'
is "$(ids asset list --sort name)" 4,3,2,5,1,6 '--sort name'
is "$(ids asset list --sort warranty)" 1,2,5,3,4,6 \
    '--sort warranty: soonest end first, ties by id, none last'
is "$(ids asset list --sort newest)" 6,5,4,3,2,1 '--sort newest'
is "$(ids asset list --sort warranty --limit 3)" 1,2,5 'warranty, first window'
is "$(ids asset list --sort warranty --limit 3 --after 5)" 3,4,6 \
    'warranty, next window crosses into the assets without one'
is "$(ids asset list --sort warranty --after 4)" 6 \
    'warranty, after an asset without one'
is "$(ids asset list --sort name --limit 3)" 4,3,2 'name, first window'
is "$(ids asset list --sort name --limit 3 --after 2)" 5,1,6 \
    'name, next window continues inside the tie'
is "$(ids asset list --sort newest --limit 2 --after 5)" 4,3 'newest, after 5'
is "$(ids asset list --expiring 30)" 1,2,5 \
    '--expiring alone still sorts by warranty'
is "$(ids asset list --expiring 30 --sort name)" 2,5,1 '--expiring by name'
is "$(ids asset list --sort warranty --client 2)" 2,6 '--sort with --client'
is "$(ids asset list --sort newest --search core)" 5,2 '--sort with --search'

# --- client list --sort ----------------------------------------------------
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" \
    "UPDATE clients SET balance_cents = CASE id WHEN 1 THEN 9000 ELSE 5000 END"
is "$(ids client list)" 1,2,3 'client list: by name by default'
is "$(ids client list --sort balance)" 1,3,2 \
    '--sort balance: largest first, a tie (2 and 3) by id descending'
is "$(ids client list --sort balance --limit 2)" 1,3 'balance, first window'
is "$(ids client list --sort balance --limit 2 --after 3)" 2 \
    'balance, next window continues inside the tie'
is "$(ids client list --sort newest)" 3,2,1 '--sort newest'
is "$(ids client list --sort newest --after 3)" 2,1 'newest, after 3'
is "$(ids client list --sort balance --search 'acme')" 1 '--sort with --search'

# --- bad input ---------------------------------------------------------------
before=$(db_digest)
run tp invoice list --sort oldest
is "$RC" 65 'invoice list: a bad --sort is exit 65'
is "$ERR" "termpsa: bad sort 'oldest': expected one of newest, due, amount, number" \
    '... naming the valid choices'
run tp asset list --sort size
is "$RC" 65 'asset list: a bad --sort is exit 65'
is "$ERR" "termpsa: bad sort 'size': expected one of name, warranty, newest" \
    '... naming the valid choices'
run tp client list --sort owed
is "$RC" 65 'client list: a bad --sort is exit 65'
is "$ERR" "termpsa: bad sort 'owed': expected one of name, balance, newest" \
    '... naming the valid choices'
run tp client list --sort balance --after 99
is "$RC" 1 'client list: --after an unknown client is exit 1'
run tp invoice list --sort due --after 99
is "$RC" 1 'invoice list: --after an unknown invoice is exit 1'
like "$ERR" 'invoice 99 not found' '... naming it'
run tp invoice list --sort
is "$RC" 64 '--sort without a value is a usage error'
is "$(db_digest)" "$before" 'bad input changed nothing'

run tp invoice list --help
like "$OUT$ERR" '--search Q' 'invoice list --help shows --search'
like "$OUT$ERR" '--sort newest[|]due[|]amount[|]number' '... and --sort'
run tp asset list --help
like "$OUT$ERR" '--sort name[|]warranty[|]newest' 'asset list --help shows --sort'

# --- the migration fills the search index from existing invoices -----------
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF'
DROP TRIGGER invoices_fts_ai; DROP TRIGGER invoices_fts_ad;
DROP TRIGGER invoices_fts_au; DROP TABLE invoices_fts;
DROP INDEX invoices_due; DROP INDEX invoices_total;
DROP INDEX assets_warranty_end; DROP INDEX clients_balance;
DROP TRIGGER tickets_terms_ai; DROP TRIGGER tickets_terms_au;
DROP TRIGGER invoices_terms_ai; DROP TRIGGER invoices_terms_au;
DROP TABLE search_scratch_vocab; DROP TABLE search_scratch;
DROP TABLE search_terms;
DROP INDEX payments_received; DROP INDEX payments_client_received;
ALTER TABLE invoice_items DROP COLUMN minutes;
PRAGMA user_version = 3;
EOF
is "$(ids invoice list --search proj)" 4 \
    'after migrating a version 3 database, subjects already there are found'
ok "$([ "$(sql 'PRAGMA user_version')" -ge 4 ]; echo $?)" \
    'the database is migrated past version 3'
is "$(sql "SELECT count(*) FROM sqlite_master WHERE name IN ('invoices_due', 'invoices_total', 'assets_warranty_end', 'clients_balance')")" 4 \
    'with the sort indexes'

done_testing
