#!/bin/sh
# ui_data.sh - the UI shows the data as it is (issue 12): pickers start
# on the record's current value (in the list and in a detail view); after
# a new order or filter the list shows from its first row; a created
# record is selected and visible; the title says where the selection is
# (12/400, with arrows for rows hidden above and below) and what is
# listed during a search; invoice lines multiply as shown; # and a search
# that is a number open a ticket; s sends a draft invoice after asking; P
# refuses a draft or a paid invoice before asking for anything.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
# 40 more open tickets, updated after the first ten (so they list first),
# normal priority: a list longer than the screen.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
WITH RECURSIVE n(i) AS (SELECT 11 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO tickets(id, number, client_id, subject, priority, status, created_at, updated_at)
SELECT i, i, 1 + i % 3, 'Routine check ' || i, 'normal', 'open', 1768400000, 1768402000 + i FROM n;
UPDATE counters SET value = 50 WHERE name = 'ticket';
INSERT INTO invoice_items(invoice_id, position, description, minutes, quantity, price_cents, total_cents) VALUES
 (2, 1, 'Support: Server move', 286, 477, 12500, 59583);
EOF2

ui_start
ui_see 'Ticket queue \[open\] by updated' 'starts on the queue'

# --- 2: the position in the title --------------------------------------------
ui_see '1/49 [v↓] *$' 'the title shows 1/49 and more below'
ui_keys G
ui_see '[↑^] 49/49 *$' 'G: 49/49, rows hidden above, none below'

# --- 2: a new order shows the list from its first row ------------------------
# From the last row (#1, normal), by priority: the critical ones first, on
# screen.
ui_keys o
ui_see 'priority' 'the sort picker'
ui_keys p Enter
ui_see 'sorted by priority' 'sorted'
ui_see '^! +9 crit open +Cobalt Labs' 'the first row after the header is critical #9'
ui_see ' 1/49 [v↓] *$' 'the selection on the first row, nothing hidden above'
ui_sel_is 'crit' 'the selected row is visible and critical'

# --- 1: pickers start on the current value ------------------------------------
# #9 is critical: p then Enter in its detail keeps it critical.
ui_keys Enter
ui_see 'Ticket #9 +\[critical\] open' 'the detail of #9'
ui_keys p
ui_see 'Priority' 'the priority picker'
ui_keys Enter
ui_see 'priority set to critical' 'Enter keeps critical (the picker started on it)'
is "$(sql 'SELECT priority FROM tickets WHERE id = 9')" critical \
    'still critical in the database'
# #3 is in_progress and critical: s then Enter keeps in_progress.
ui_keys q j
ui_sel_is ' 3 crit in_progress' '#3 selected'
ui_keys Enter
ui_see 'Ticket #3 +\[critical\] in_progress' 'the detail of #3'
ui_keys s
ui_see 'Status' 'the status picker'
ui_keys Enter
ui_see 'status set to in_progress' 'Enter keeps in_progress'
is "$(sql 'SELECT status || " " || priority FROM tickets WHERE id = 3')" \
    'in_progress critical' '#3 unchanged in the database'
ui_keys q
# #2 is jane's: the assign picker starts on jane, in the list too.
ui_keys g o Home Enter
ui_see 'sorted by updated' 'back to the updated order'
ui_keys /
ui_type 'email bounces'
ui_keys Enter
ui_sel_is ' 2 high' '#2 found'
ui_keys a
ui_see 'Assign to' 'the assign picker'
ui_keys Enter
ui_see 'assigned to jane' 'Enter keeps jane'
is "$(sql 'SELECT assigned_to FROM tickets WHERE id = 2')" 2 'still jane'

# --- 3: the title says what a search lists ---------------------------------------
# A search looks at every status: #10 (resolved) is listed, and the title
# does not say [open].
ui_keys Escape /
ui_type 'resolved'
ui_see 'Old ticket resolved' 'the search lists a resolved ticket'
ui_see 'Ticket queue \[any status\] by newest' 'the title says any status'
ui_not_see '\[open\]' 'and not [open]'
ui_keys Escape Escape
ui_see 'Ticket queue \[open\] by updated' '[open] again without the search'
ui_keys f m Enter /
ui_type 'resolved'
ui_see 'Ticket queue \[mine, any status\]' 'mine, any status'
ui_keys Escape Escape f Home Enter
ui_see 'Ticket queue \[open\] by updated' 'the open preset again'

# --- 7: # and a search that is a number open a ticket ---------------------------
ui_keys '#'
ui_see 'Open ticket #' '# asks for a number'
ui_type 10
ui_keys Enter
ui_see 'Ticket #10 +\[normal\] resolved' '#10 opens (resolved, not in the list)'
ui_keys q
ui_keys /
ui_type 4
ui_keys Enter
ui_see 'Ticket #4 +\[low\] waiting' '/4 Enter opens #4'
ui_keys q
ui_sel_is ' 4 low +waiting' 'and selects it in the list'
ui_not_see 'by updated /4' 'the search is not kept'
ui_keys '#'
ui_type 999
ui_keys Enter
ui_see 'no ticket #999' 'an unknown number says so'
ui_keys '#'
ui_type 'x1'
ui_keys Enter
ui_see "bad ticket number 'x1'" 'a bad one says so'

# --- 2: a created ticket is selected and visible ------------------------------
ui_keys G c
ui_see 'New ticket' 'the form'
ui_keys Tab    # the client is the selected ticket's (picked by name)
ui_type 'Brand new ticket'
ui_keys C-s
ui_see 'ticket #51 created' 'created'
ui_sel_is 'Brand new ticket' 'the new ticket is selected'
ui_see ' 1/50 [v↓] *$' 'on the first row, from the top'

# --- 4: invoice lines multiply as shown -----------------------------------------
ui_keys 4
ui_see 'Invoices' 'the invoices pane'
ui_keys /
ui_type INV-000002
ui_keys Enter Enter
ui_see '4:46 h x +125\.00 = +595\.83  Support: Server move' \
    'a labor line in hours and minutes'

# --- 8: send from the UI; P refuses a draft before asking ----------------------
ui_keys q Escape /
ui_type INV-000003
ui_keys Enter
ui_sel_is 'INV-000003 .*draft' 'the draft selected'
ui_keys P
ui_see 'invoice 3 is a draft: send it before' 'P on a draft refuses at once'
ui_not_see 'Payment on' 'and asks for no amount'
ui_keys '?'
ui_see '^  s +send +send the draft invoice' '? lists s send'
ui_keys q
ui_keys s
ui_see 'Send INV-000003 to Cobalt Labs \(99\.00 USD\), due 2026-02-14\?' \
    's asks first, saying when it will fall due (sent today)'
ui_keys n
ui_see 'not sent' 'n: not sent'
is "$(sql 'SELECT status FROM invoices WHERE id = 3')" draft 'still a draft'
ui_keys Enter
ui_see 'Invoice INV-000003 \[draft\]' 'its detail'
ui_keys s
ui_see 'Send INV-000003' 's in the detail asks too'
ui_keys y
ui_see 'INV-000003 sent' 'sent'
ui_see 'Invoice INV-000003 \[sent\]' 'the detail shows it sent'
is "$(sql 'SELECT status FROM invoices WHERE id = 3')" sent 'sent in the database'
is "$(sql "SELECT issue_date || '/' || due_date FROM invoices WHERE id = 3")" \
    2026-01-15/2026-02-14 'dated today, due after the net terms (the draft had 2026-01-14)'
ui_see 'INV-000003 sent, dated 2026-01-15, due 2026-02-14' 'the status line says so'
ui_keys s
ui_see 'INV-000003 is sent: only a draft can be sent' 'a second s refuses'
# A paid invoice: refused before the amount too.
wsql "UPDATE invoices SET status = 'paid' WHERE id = 1;
INSERT INTO payments(client_id, invoice_id, amount_cents, method, status, received_at, created_at, updated_at)
VALUES (1, 1, 50000, 'cash', 'completed', 1768400000, 1768400000, 1768400000);"
ui_keys q Escape /
ui_type INV-000001
ui_keys Enter
ui_sel_is 'INV-000001' 'the paid invoice selected'
ui_keys P
ui_see 'invoice 1 is paid: it cannot be paid' 'P on a paid invoice refuses at once'
ui_not_see 'Payment on' 'and asks for no amount'
ui_quit
is "$UI_RC" 0 'the UI exits 0'

# --- 2 on the demo, 80x24 and 120x40: a filter, then a sort ----------------
rm -f "$TERMPSA_DB"
tp demo >/dev/null
first=$(sql "SELECT name FROM assets WHERE warranty_expire IS NOT NULL ORDER BY warranty_expire, id LIMIT 1")
for size in "80 24" "120 40"; do
	ui_start $size
	ui_see 'Ticket queue' "the demo at $size"
	ui_keys 3 f e Enter
	ui_see 'Assets \[expiring\]' "$size: expiring"
	ui_keys G o w Enter
	ui_see 'Assets \[expiring\] by warranty' "$size: by warranty"
	ui_see "^! $first " "$size: the soonest warranty ($first) is the first row"
	ui_see "warranty .* [0-9]+/[0-9]+( |$)" "$size: the title shows the position"
	ui_not_see "[↑^] [0-9]+/[0-9]+ " "$size: nothing hidden above"
	ui_quit
done

# --- 2: an onboarded client is selected and visible (last by name) -----------
ui_start
ui_see 'Ticket queue' 'the demo again'
ui_keys 1 j j j c
ui_see 'New client' 'the onboarding form'
ui_type 'Zeta Works'
ui_keys C-s
ui_see 'onboarded' 'onboarded'
ui_see '^  Zeta Works ' 'the new client is on screen'
ui_sel_is 'Zeta Works' 'and selected'
ui_see '[↑^] 26/26 *$' 'the title: the last of 26, rows above'
ui_quit
is "$UI_RC" 0 'the UI exits 0 again'

done_testing
