#!/bin/sh
# ui_forms.sh - forms and money through the real binary in tmux: onboard
# a client (the welcome ticket appears), edit a project from a client's
# dashboard, schedule maintenance from an asset, bill a client and record a payment, each after a confirmation
# that shows the amount; `:` runs a CLI command.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
# Unbilled time on two of Acme's tickets: 90 + 30 minutes at the default
# 150.00 an hour = 225.00 + 75.00.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF'
INSERT INTO time_entries(ticket_id, user_id, work_date, minutes, billable, created_at, updated_at) VALUES
 (1, 2, '2026-01-14', 90, 1, 1768400000, 1768400000),
 (2, 2, '2026-01-14', 30, 1, 1768400000, 1768400000),
 (2, 2, '2026-01-14', 45, 0, 1768400000, 1768400000);
INSERT INTO projects(id, client_id, name, status, due_date, created_at, updated_at) VALUES
 (1, 3, 'Lab move', 'active', '2026-03-01', 1768000000, 1768000000),
 (2, 3, 'Wiki', 'active', NULL, 1768000000, 1768000000);
EOF

ui_start
ui_see 'Ticket queue' 'starts'

# Onboarding through the form; a bad email first.
ui_keys 1
ui_see 'Client hub' 'hub'
ui_keys c
ui_see 'New client \(onboarding\)' 'c opens the onboarding form'
ui_type 'Delta Dental'
ui_keys Tab Tab
ui_type 'not an email'
ui_keys C-s
ui_see 'email' 'a bad email is refused inside the form'
is "$(sql 'SELECT count(*) FROM clients')" 3 'nothing written by the refused form'
ui_keys C-u
ui_type 'desk@delta.example'
ui_keys C-s
ui_see 'client 4 onboarded; welcome ticket [0-9]+ opened' \
    'the saga ran: client and welcome ticket'
is "$(sql "SELECT name || '|' || email FROM clients WHERE id = 4")" \
    'Delta Dental|desk@delta.example' 'the client is in the database'
is "$(sql "SELECT count(*) FROM tickets WHERE client_id = 4 AND subject = 'Welcome to our services' AND category = 'onboarding'")" 1 \
    'with its welcome ticket'
ui_see 'Delta Dental' 'the new client is listed'
ui_keys 2
ui_see 'Delta Dental +Welcome to our services' 'the welcome ticket appears in the queue'

# Edit a project from Cobalt Labs' dashboard: e picks it, the form is
# prefilled; a bad due date is refused in the form, then name and status
# change and the due date is cleared.
ui_keys 1
ui_see 'Client hub' 'back in the hub'
ui_keys g j j
ui_sel_is 'Cobalt Labs' 'Cobalt Labs selected'
ui_keys Enter
ui_see 'Client 3: Cobalt Labs' 'its dashboard'
ui_keys e
ui_see 'Edit which' 'e on a dashboard asks what to edit'
ui_see 'Wiki' 'the projects are offered'
ui_keys j Enter
ui_see 'Edit project' 'the project form opens'
ui_see 'Lab move' 'prefilled with the name'
ui_see '2026-03-01' 'and the due date'
ui_keys C-u
ui_type 'Lab relocation'
ui_keys Tab Space Tab C-u
ui_type '2026-02-30'
ui_keys C-s
ui_see "2026-02-30.*expected" 'a bad due date is refused in the form'
is "$(sql "SELECT name || '|' || status || '|' || due_date FROM projects WHERE id = 1")" \
    'Lab move|active|2026-03-01' 'nothing written by the refused form'
ui_keys C-u C-s
ui_see 'project 1 updated' 'submitted'
is "$(sql "SELECT name || '|' || status || '|' || coalesce(due_date, 'NULL') FROM projects WHERE id = 1")" \
    'Lab relocation|on_hold|NULL' 'name, status and due date changed in the database'
is "$(sql "SELECT name || '|' || status FROM projects WHERE id = 2")" 'Wiki|active' \
    'the other project is untouched'
ui_keys q

# Maintenance from an asset.
ui_keys 3
ui_see 'Assets' 'assets'
ui_keys j
ui_keys M
ui_see 'Schedule maintenance' 'M opens the maintenance form'
ui_see '2026-01-22' 'the date defaults to a week from today'
ui_keys C-s
ui_see 'maintenance scheduled: ticket [0-9]+' 'maintenance scheduled'
is "$(sql "SELECT status || '|' || category FROM tickets WHERE subject = 'Scheduled Maintenance: Core switch'")" \
    'scheduled|maintenance' 'a scheduled maintenance ticket in the database'
is "$(sql 'SELECT status FROM assets WHERE id = 2')" maintenance \
    'the asset is in maintenance'
ui_see 'Core switch +Birch Legal +Network +SN-200 +maintenance' \
    'the asset shows its new status'

# Bill Acme: the confirmation shows the amount; n first, then y.
ui_keys 1 g
ui_see 'Client hub' 'back in the hub'
ui_keys b
ui_see 'Bill 300.00 USD to Acme Dental: #[0-9]+ [0-9]+m, #[0-9]+ [0-9]+m \(2 tickets, 120 min\)\? \[y/N\]' \
    'b asks with the amount'
ui_keys n
ui_see 'not billed' 'n cancels'
is "$(sql 'SELECT count(*) FROM invoices')" 3 'no invoice after n'
ui_keys b
ui_see 'Bill 300.00 USD' 'asked again'
ui_keys y
ui_see 'invoice INV-000004 created: 300.00' 'y bills'
is "$(sql "SELECT total_cents || '|' || status FROM invoices WHERE number = 'INV-000004'")" \
    '30000|draft' 'the invoice is in the database'
is "$(sql 'SELECT count(*) FROM time_entries WHERE invoice_id = 4')" 2 \
    'its time entries are marked billed'

# `:` runs a CLI command: send the draft.
ui_keys :
ui_see '^:' 'the command line'
ui_type 'invoice send 4'
ui_keys Enter
ui_wait_for 'sent|INV-000004' 10
is "$(sql 'SELECT status FROM invoices WHERE id = 4')" sent ':invoice send 4 ran'

# Record a payment of 100.00 on it: the amount is asked, then confirmed.
ui_keys 4
ui_see 'Invoices' 'invoices'
ui_keys g
ui_see 'INV-000004 Acme Dental +sent' 'the new invoice on top'
ui_keys P
ui_see 'Payment on INV-000004 \(outstanding 300.00\): 300.00' \
    'P asks the amount, all outstanding by default'
ui_keys C-u
ui_type 100
ui_keys Enter
ui_see 'transfer' 'then the method'
ui_keys Enter
ui_see 'Reference \(optional, Enter for none\):' 'then an optional reference'
ui_type 'CHK-1001'
ui_keys Enter
ui_see 'Pay 100.00 USD by transfer \(ref CHK-1001\) on INV-000004 \(outstanding 300.00\)\?' \
    'the confirmation shows the amount and the reference'
ui_keys y
ui_see 'payment of 100.00 recorded on INV-000004' 'recorded'
is "$(sql "SELECT amount_cents || '|' || method || '|' || reference FROM payments WHERE invoice_id = 4")" \
    '10000|transfer|CHK-1001' 'the payment is in the database, with its reference'
is "$(sql 'SELECT status FROM invoices WHERE id = 4')" partial 'the invoice is partial'
ui_see 'INV-000004 Acme Dental +partial .* 300.00 +200.00' \
    'the list shows what is outstanding'

# Paying more than is outstanding is refused, nothing written.
ui_keys P
ui_see 'outstanding 200.00' 'asks again'
ui_keys C-u
ui_type 500
ui_keys Enter Enter Enter y
ui_see 'more|exceed|outstanding' 'too much is refused with a message'
is "$(sql 'SELECT count(*) FROM payments')" 1 'no second payment'

ui_quit
is "$UI_RC" 0 'quits'
done_testing
