#!/bin/sh
# ui_day.sh - a day of triage and billing (issue 12): b bills the marked
# tickets and names them, r offers a public resolution note, opening a
# notification opens its record.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
INSERT INTO time_entries(ticket_id, user_id, work_date, minutes, billable, created_at, updated_at) VALUES
 (1, 2, '2026-01-14', 30, 1, 1768400000, 1768400000),
 (2, 2, '2026-01-14', 45, 1, 1768400000, 1768400000),
 (7, 2, '2026-01-14', 15, 1, 1768400000, 1768400000);
EOF2

# F9 for the notifications, whatever key they have by default.
mkdir -p "$TMPD/cfg"
cat >"$TMPD/cfg/config.yaml" <<'YAML'
billing:
  timer_rounding: 6
ui:
  bind:
    - "global F9 notifications"
YAML
chmod 600 "$TMPD/cfg/config.yaml"
export TERMPSA_CONFIG="$TMPD/cfg/config.yaml"

# --- b with marks: only the marked tickets, named with their minutes ------
ui_start
ui_see 'Ticket queue' 'the queue'
ui_keys j j
ui_sel_is 'Monitor flickers' '#7 selected'
ui_keys Space G
ui_sel_is 'Printer jams' '#1 selected'
ui_keys Space
ui_see '2 marked' 'two tickets marked'
ui_keys b
ui_see 'Bill 112\.50 USD to Acme Dental: (#1 30m, #7 15m|#7 15m, #1 30m) \(2 marked, 45 min\)\? \[y/N\]' \
    'b names the marked tickets and their minutes'
ui_keys y
ui_see 'invoice INV-000004 created' 'y bills them'
is "$(sql "SELECT group_concat(ticket_id) FROM (SELECT ticket_id FROM time_entries WHERE invoice_id IS NOT NULL ORDER BY ticket_id)")" \
    '1,7' 'only the marked tickets are billed'
is "$(sql 'SELECT count(*) FROM time_entries WHERE ticket_id = 2 AND invoice_id IS NULL')" 1 \
    "the unmarked ticket's time stays unbilled"
ui_not_see 'marked' 'the marks are gone after billing'

# Without marks: every unbilled ticket of the client, named.
ui_keys G k
ui_sel_is 'Email bounces' '#2 selected'
ui_keys b
ui_see 'Bill [0-9.]+ USD to Acme Dental: #2 45m \(1 ticket, 45 min\)\? \[y/N\]' \
    'b without marks names the unbilled ticket'
ui_keys n
ui_see 'not billed' 'n: not billed'

# --- r: a public resolution note ---------------------------------------
ui_keys g
ui_sel_is 'Server disk' '#9 selected'
ui_keys r
ui_see 'Resolve; note' 'r asks for a note'
ui_type 'Cleaned up the old backups'
ui_keys Enter
ui_see 'Resolution note seen by' 'a typed note asks who sees it'
ui_keys p Enter
ui_see 'resolved \(public note\)' 'resolved with a public note'
is "$(sql "SELECT t.status || '|' || n.visibility || '|' || n.body FROM tickets t JOIN ticket_notes n ON n.ticket_id = t.id WHERE t.id = 9")" \
    'resolved|public|Cleaned up the old backups' 'the note is public in the database'
ui_sel_is 'Scanner driver|Monitor' 'the resolved ticket left the open list'
ui_keys r
ui_keys Enter
ui_see '^ *resolved *$|resolved' 'r Enter resolves with no note and no question'

# --- t: a timer of seconds asks; a longer one rounds to the increment ----
ui_keys 2 g
ui_sel_is 'Monitor flickers' '#7 selected (#9 and #7 are resolved)'
ui_keys t
ui_see 'timer started' 't starts the timer'
ui_keys t
ui_see 'Timer on #7 ran [0-9]+ s' 't within the first minute asks'
ui_see 'discard it: log nothing' 'offering to discard it'
ui_see 'log 6 min \(rounded up\)' 'or to log the increment'
ui_see 'keep it running' 'or to keep it'
ui_keys Enter
ui_see 'timer on #7 discarded: nothing logged' 'Enter discards it'
is "$(sql 'SELECT count(*) FROM time_entries WHERE ticket_id = 7 AND invoice_id IS NULL')" 0 \
    'no entry for the discarded timer'
ui_keys t
ui_see 'timer started' 'started again'
ui_keys t
ui_see 'Timer on #7 ran' 'asked again'
ui_keys End Enter
ui_see 'timer still running on #7' 'End Enter: keep it running'
wsql 'UPDATE time_entries SET started_at = started_at - 430 WHERE minutes IS NULL'
ui_keys t
ui_see 'timer stopped: 12 min logged on #7 \(rounded up\)' \
    'a timer of 7 min 10 s stops at once, rounded up to 12 (increment 6)'
is "$(sql 'SELECT minutes FROM time_entries WHERE ticket_id = 7 AND invoice_id IS NULL')" 12 \
    '12 minutes in the database'

# --- Enter on a notification: read, and its record opens ----------------
run tp jobs run
# The fixture's tickets are a day old, so their SLA clocks have run out
# (sla.sh): those notifications are not this test's.
wsql "DELETE FROM notifications WHERE kind = 'TicketSlaBreached';
    DELETE FROM jobs WHERE name = 'check_sla'"
is "$(sql "SELECT count(*) FROM notifications WHERE kind = 'InvoiceCreated' AND read_at IS NULL")" 1 \
    'billing made an unread notification'
ui_keys F9
ui_see 'Invoice INV-000004 created for Acme Dental' 'the notifications list it'
ui_sel_is '^\+ .*Invoice INV-000004 created' 'the newest, unread (+), is selected'
ui_keys Enter
ui_see '^Invoice INV-000004' 'Enter opens the invoice it is about'
ui_see '^Lines \(2\)' "its detail: the invoice's lines"
ui_see '^1:Hub 2:Queue 3:Assets 4:Invoices +Invoices' 'in the invoices pane'
ui_not_see 'Notification [0-9]+$' 'not the notification itself'
is "$(sql "SELECT read_at IS NOT NULL FROM notifications WHERE kind = 'InvoiceCreated'")" 1 \
    'the notification is read'
ui_see '\| 1 unread' 'the status line counts one unread less at once'
ui_keys q
ui_see 'Invoices' 'q: the invoices list'
# One about no record (no event): its own detail, and read.
ui_keys F9
ui_see 'Invoice INV-000009 paid' 'back in the notifications'
ui_keys j
ui_sel_is 'INV-000009 paid' 'the old one selected'
ui_keys Enter
ui_see 'Notification [0-9]+' 'a notification without a record shows itself'
ui_keys q
ui_sel_is '^  .*INV-000009 paid' 'no + once read'
ui_see 'sync off *$' 'no unread left'
ui_quit
is "$UI_RC" 0 "quits"

# --- item 9: a client picked by name; contact, asset and assignee in the
# ticket edit form; contacts and locations from the dashboard --------------
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
INSERT INTO clients(id, name, company_name, created_at, updated_at) VALUES
 (4, 'Acme Dental', NULL, 1768000000, 1768000000);
INSERT INTO client_locations(client_id, name, city, created_at, updated_at) VALUES
 (1, 'Head Office', 'Springfield', 1768000000, 1768000000),
 (4, 'Clinic', 'Shelbyville', 1768000000, 1768000000);
INSERT INTO client_contacts(id, client_id, name, title, created_at, updated_at) VALUES
 (1, 1, 'Dana Reyes', 'Office manager', 1768000000, 1768000000);
EOF2
ui_start 120 40
ui_see 'Ticket queue' 'the queue at 120x40'
ui_keys g
ui_sel_is 'Monitor flickers' '#7 (Acme Dental) selected'
ui_keys c
ui_see 'New ticket' 'c opens the ticket form'
ui_see 'Client\* +Acme Dental \(Acme Dental LLC, Springfield\) #1' \
    "the client is the selected ticket's, by name (no raw id to type)"
ui_keys BSpace
ui_see 'Client\* +\(none: type to pick\)' 'Backspace clears it'
ui_type 'a'
ui_see '> a' 'a typed letter opens the picker with it'
ui_type 'cme'
ui_see 'Acme Dental \(Acme Dental LLC, Springfield\) #1' 'the first Acme Dental ...'
ui_see 'Acme Dental \(Shelbyville\) #4' '... and the second, told apart by city and id'
ui_not_see 'Birch Legal' 'typing narrows the choices'
ui_keys Down Enter
ui_see 'Client\* +Acme Dental \(Shelbyville\) #4' 'Enter picks the second one'
ui_type 'Door lock sticks'
ui_see 'Subject\* +Door lock sticks' 'and the form moves on to the subject'
ui_keys C-s
ui_see 'ticket #[0-9]+ created' 'created'
is "$(sql "SELECT client_id FROM tickets WHERE subject = 'Door lock sticks'")" 4 \
    'the ticket is for the client picked'

# e: the edit form changes contact, asset and assignee.
ui_keys G
ui_sel_is 'Printer jams' '#1 selected'
ui_keys e
ui_see 'Edit ticket' 'e opens the edit form'
ui_see 'Contact +\(none: type to pick\)' 'a contact field'
ui_see 'Asset +\(none: type to pick\)' 'an asset field'
ui_see 'Assignee +\(none: type to pick\)' 'an assignee field'
ui_keys Tab Tab Tab Enter
ui_see 'Dana Reyes, Office manager' "the contact picker lists the client's contacts"
ui_type 'dan'
ui_keys Enter
ui_see 'Contact +Dana Reyes, Office manager' 'a contact picked'
ui_type 'front'
ui_see 'Front desk PC SN SN-100 #1' "the asset picker lists the client's assets"
ui_keys Enter
ui_type 'om'
ui_see '│omar +│' 'the assignee picker narrows to omar'
ui_keys Enter
ui_see 'Assignee +omar' 'an assignee picked'
ui_keys C-s
ui_see 'ticket updated' 'updated'
is "$(sql 'SELECT contact_id || "|" || asset_id || "|" || assigned_to FROM tickets WHERE id = 1')" \
    '1|1|3' 'contact, asset and assignee in the database'
ui_keys e
ui_keys Tab Tab Tab BSpace C-s
ui_see 'ticket updated' 'Backspace clears the contact'
is "$(sql 'SELECT contact_id IS NULL FROM tickets WHERE id = 1')" 1 'the contact is cleared'

# The dashboard: add and edit a contact and a location.
ui_keys 1 g
ui_sel_is 'Acme Dental' 'the first Acme Dental in the hub'
ui_keys Enter
ui_see 'Contacts \(1\)' 'its dashboard with one contact'
ui_keys c
ui_see 'New for this client' 'c on a dashboard asks what to add'
ui_keys Enter
ui_see 'New contact' 'a contact'
ui_type 'Lee Park'
ui_keys Tab
ui_type 'lee@acme.example'
ui_keys C-s
ui_see 'contact Lee Park added' 'added'
ui_see 'Contacts \(2\)' 'the dashboard shows two contacts'
ui_see 'Lee Park +lee@acme\.example' 'the new one with its email'
ui_keys c
ui_keys l Enter
ui_see 'New location' 'l Enter: a location'
ui_type 'Branch'
ui_keys Tab Tab
ui_type 'Ogdenville'
ui_keys C-s
ui_see 'location Branch added' 'location added'
ui_see 'Branch +Ogdenville' 'the dashboard lists it'
ui_keys e
ui_see 'Edit which\?' 'e asks what to edit'
ui_see 'contact: Lee Park' 'the contacts are there'
ui_see 'location: Branch, Ogdenville' 'and the locations, with their city'
ui_keys Down Down
ui_keys Enter
ui_see 'Edit contact' 'a contact opens in its form'
ui_keys Tab Tab Tab
ui_type 'Hygienist'
ui_keys C-s
ui_see 'contact updated' 'the contact is updated'
is "$(sql "SELECT title FROM client_contacts WHERE name = 'Lee Park'")" Hygienist \
    'its title in the database'
is "$(sql "SELECT count(*) FROM events WHERE name = 'ContactUpdated'")" 1 'ContactUpdated emitted'
ui_quit
is "$UI_RC" 0 "quits"

# --- the demo's two Beacon Hotels, at 80x24 --------------------------------
export TERMPSA_DB="$TMPD/demo.db"
tp demo >/dev/null
ui_start 80 24
ui_see 'Ticket queue' 'the demo queue at 80x24'
ui_keys c
ui_see 'New ticket' 'the ticket form'
ui_keys BSpace
ui_type 'beacon'
ui_see 'Beacon Hotel \(Beacon Hotel Partners, Springfield\) #1' 'one Beacon Hotel ...'
ui_see 'Beacon Hotel \(Beacon Hotel Ltd, Clinton\) #24' '... and the other, told apart'
ui_keys Escape Escape
ui_quit
is "$UI_RC" 0 "quits"

done_testing
