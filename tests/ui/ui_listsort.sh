#!/bin/sh
# ui_listsort.sh - `/` on the invoices pane narrows the list as characters
# are typed (invoice_list's search: client name, subject, number), Esc
# restores it, Enter keeps it, n / N jump between matches; `o` on the
# invoices and assets panes and the client hub changes the visible order,
# names it, and keeps the selection on its record.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF'
INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at) VALUES
 (4, 'INV-000010', 1, 'Backup review', 'paid', '2025-10-01', '2025-10-31', 20000, 1768000000, 1768000000);
INSERT INTO assets(id, client_id, name, type, serial, status, warranty_expire, created_at, updated_at) VALUES
 (4, 2, 'Zebra printer', 'Printer', 'SN-400', 'deployed', NULL, 1768000000, 1768000000);
UPDATE clients SET balance_cents = CASE id WHEN 2 THEN 30000 WHEN 3 THEN 10000 ELSE 0 END;
EOF

# The invoice numbers on the screen, top to bottom.
invoices() { ui_screen | grep -Eo '^. INV-[0-9]{6}' | cut -c3- | paste -sd, -; }
# The asset names on the screen, top to bottom.
assets() {
	ui_screen | grep -Eo '^. (Backup NAS|Core switch|Front desk PC|Zebra printer)' |
	    cut -c3- | paste -sd, -
}
# The client names on the screen, top to bottom.
clients() {
	ui_screen | grep -Eo '^. (Acme Dental|Birch Legal|Cobalt Labs) ' |
	    cut -c3- | sed 's/ $//' | paste -sd, -
}
# wait_list FN WANT: poll until FN prints WANT (the screen settles).
wait_list() {
	n=0
	while [ "$($1)" != "$2" ] && [ $n -lt 200 ]; do
		sleep 0.05
		n=$((n + 1))
	done
	$1
}

ui_start
ui_see 'Ticket queue' 'starts'
ui_keys 4
ui_see 'Invoices \[all\] by newest' 'the invoices pane, newest first'
is "$(wait_list invoices INV-000010,INV-000003,INV-000002,INV-000001)" \
    INV-000010,INV-000003,INV-000002,INV-000001 'four invoices, newest first'
ui_keys j
ui_sel_is 'INV-000003' 'j selects the second row'

# / narrows as characters are typed.
ui_keys /
ui_see '^/' 'the search line opens'
ui_type b
ui_wait_for 'Invoices.*/b( |$)' >/dev/null
is "$(wait_list invoices INV-000010,INV-000002)" INV-000010,INV-000002 \
    'b: a subject (Backup review) and a client (Birch Legal)'
ui_type i
ui_wait_for 'Invoices.*/bi( |$)' >/dev/null
is "$(wait_list invoices INV-000002)" INV-000002 'bi: only Birch Legal'"'"'s'
ui_type z
ui_see 'no rows match the search' 'biz matches nothing, and says so'
ui_keys BSpace
ui_wait_for 'Invoices.*/bi( |$)' >/dev/null
is "$(wait_list invoices INV-000002)" INV-000002 'Backspace widens it again'
ui_keys Escape
ui_not_see 'Invoices.*/bi' 'Esc leaves the search'
is "$(wait_list invoices INV-000010,INV-000003,INV-000002,INV-000001)" \
    INV-000010,INV-000003,INV-000002,INV-000001 'Esc restores every invoice'
ui_sel_is 'INV-000003' 'and the selection'

# A number: digits are the padded number, a prefix narrows by number.
ui_keys /
ui_type inv-00001
ui_wait_for 'Invoices.*/inv-00001' >/dev/null
is "$(wait_list invoices INV-000010)" INV-000010 'a number prefix, in lower case'
ui_keys Escape
ui_keys /
ui_type 2
ui_wait_for 'Invoices.*/2( |$)' >/dev/null
is "$(wait_list invoices INV-000002)" INV-000002 '2 is invoice number 2'
ui_keys Escape

# Enter keeps the filter; Esc clears it, and n / N jump between matches.
ui_keys /
ui_type b
ui_keys Enter
ui_wait_for 'Invoices.*/b( |$)' >/dev/null
is "$(wait_list invoices INV-000010,INV-000002)" INV-000010,INV-000002 \
    'Enter keeps the filter'
ui_keys Escape
ui_not_see 'Invoices.*/b' 'Esc clears it'
is "$(wait_list invoices INV-000010,INV-000003,INV-000002,INV-000001)" \
    INV-000010,INV-000003,INV-000002,INV-000001 'every invoice again'
# (Where Esc leaves the selection is the queue's rule, tested in
# ui_search.sh; g makes the start of n / N certain here.)
ui_keys g
ui_sel_is 'INV-000010' 'g: the first row, a match'
ui_keys n
ui_sel_is 'INV-000002' 'n jumps over INV-000003 to the next match'
ui_keys N
ui_sel_is 'INV-000010' 'N jumps back'

# o: the sort picker; the order changes, the selection stays.
ui_keys j
ui_sel_is 'INV-000003' 'INV-000003 selected'
ui_keys o
ui_see 'amount' 'o opens the sort picker'
ui_keys j j Enter
ui_see 'Invoices \[all\] by amount' 'the title names the new order'
ui_see 'sorted by amount' 'and the status line'
is "$(wait_list invoices INV-000001,INV-000010,INV-000002,INV-000003)" \
    INV-000001,INV-000010,INV-000002,INV-000003 'largest total first'
ui_sel_is 'INV-000003' 'the selection stays on INV-000003 (now last)'
ui_keys o j Enter
ui_see 'Invoices \[all\] by number' 'number'
is "$(wait_list invoices INV-000001,INV-000002,INV-000003,INV-000010)" \
    INV-000001,INV-000002,INV-000003,INV-000010 'by number'
ui_keys o k k Enter
ui_see 'Invoices \[all\] by due' 'due'
is "$(wait_list invoices INV-000010,INV-000001,INV-000002,INV-000003)" \
    INV-000010,INV-000001,INV-000002,INV-000003 'soonest due first'
ui_keys /
ui_type support
ui_keys Enter
ui_wait_for 'Invoices.*/support' >/dev/null
is "$(wait_list invoices INV-000001,INV-000002)" INV-000001,INV-000002 \
    'a search keeps the order'
ui_keys Escape

# Assets.
ui_keys 3
ui_see 'Assets \[all\] by name' 'the assets pane, by name'
is "$(wait_list assets 'Backup NAS,Core switch,Front desk PC,Zebra printer')" \
    'Backup NAS,Core switch,Front desk PC,Zebra printer' 'by name'
ui_keys o
ui_see 'warranty' 'o opens the sort picker'
ui_keys j Enter
ui_see 'Assets \[all\] by warranty' 'the title names the order'
ui_see 'sorted by warranty' 'and the status line'
is "$(wait_list assets 'Front desk PC,Core switch,Backup NAS,Zebra printer')" \
    'Front desk PC,Core switch,Backup NAS,Zebra printer' \
    'warranty end soonest first, none last'
ui_sel_is 'Backup NAS' 'the selection stays on Backup NAS'
ui_keys o j Enter
ui_see 'Assets \[all\] by newest' 'newest'
is "$(wait_list assets 'Zebra printer,Backup NAS,Core switch,Front desk PC')" \
    'Zebra printer,Backup NAS,Core switch,Front desk PC' 'newest first'

# The client hub.
ui_keys 1
ui_see 'Client hub \[all\] by name' 'the hub, by name'
is "$(wait_list clients 'Acme Dental,Birch Legal,Cobalt Labs')" \
    'Acme Dental,Birch Legal,Cobalt Labs' 'clients by name'
ui_keys o j Enter
ui_see 'Client hub \[all\] by balance' 'o: by balance'
ui_see 'sorted by balance' 'named in the status line'
is "$(wait_list clients 'Birch Legal,Cobalt Labs,Acme Dental')" \
    'Birch Legal,Cobalt Labs,Acme Dental' 'largest balance first'
ui_sel_is 'Acme Dental' 'the selection stays on Acme Dental'
ui_quit
is "$UI_RC" 0 'quits'

# The invoices' search reads run beside the UI like the queue's: with each
# slowed to 6 s, the typed text shows at once and the rows stay until the
# read lands.
TERMPSA_TEST_SLOW_READ=6000 ui_start
ui_keys 4
ui_see 'Invoices \[all\]' 'slow reads: the invoices pane'
is "$(wait_list invoices INV-000010,INV-000003,INV-000002,INV-000001)" \
    INV-000010,INV-000003,INV-000002,INV-000001 'slow reads: four invoices'
ui_keys /
ui_type bi
if ui_wait_for '/bi +searching[.][.][.]' 3; then
	ok 0 'slow reads: the characters show at once, with searching...'
else
	ok 1 'slow reads: the characters show at once, with searching...'
	ui_screen | sed 's/^/#   |/'
fi
is "$(invoices)" INV-000010,INV-000003,INV-000002,INV-000001 \
    'slow reads: the rows on screen stay while the read runs'
is "$(wait_list invoices INV-000002)" INV-000002 'slow reads: then the match lands'
ui_quit

done_testing
