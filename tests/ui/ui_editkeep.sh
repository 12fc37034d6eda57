#!/bin/sh
# ui_editkeep.sh - an edit form saved keeps every field it was not asked
# to change, exactly: the ticket's due time (shown to the minute, held to
# the second) survives a subject edit, and the client, contact, location,
# project and asset forms saved untouched change nothing.  The ticket
# form's due field takes a date (its midnight) or a date and a time.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
# Every optional field filled, so that none can pass for "none".  Ticket
# #3 is due 2026-01-13 10:26:40 UTC (1768300000): the form shows minutes.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF'
UPDATE clients SET phone = '555-0100', status = 'active',
	hourly_rate_cents = 12550, net_terms_days = 15, notes = 'VIP'
	WHERE id = 2;
INSERT INTO client_contacts(id, client_id, name, email, phone, title,
	is_primary, created_at, updated_at) VALUES
 (1, 2, 'Dana Reyes', 'dana@birch.example', '555-0101', 'Paralegal', 1,
	1768000000, 1768000000);
INSERT INTO client_locations(id, client_id, name, address, city, zip,
	country, created_at, updated_at) VALUES
 (1, 2, 'Main office', '1 Elm St', 'Ogdenville', '12345', 'US',
	1768000000, 1768000000);
INSERT INTO projects(id, client_id, name, status, due_date, created_at,
	updated_at) VALUES
 (1, 2, 'Office move', 'active', '2026-03-01', 1768000000, 1768000000);
UPDATE assets SET location_id = 1, make = 'Cisco', model = 'C9200',
	ip = '10.0.0.2', mac = '00:11:22:33:44:55', purchase_date = '2024-01-02',
	notes = 'rack 2' WHERE id = 2;
UPDATE tickets SET category = 'network', contact_id = 1, location_id = 1,
	asset_id = 2, project_id = 1, assigned_to = 3,
	body = 'Since Monday.
Every hour on the hour.' WHERE id = 3;
EOF

# snap TABLE ID [COLUMN...]: the row's columns but updated_at and those
# named, one per line.
snap() {
	tbl=$1 id=$2
	shift 2
	skip="'updated_at'"
	for c in "$@"; do skip="$skip, '$c'"; done
	expr=
	for c in $(sql "SELECT name FROM pragma_table_info('$tbl')
		WHERE name NOT IN ($skip)"); do
		expr="${expr:+$expr || char(10) || }'$c=' || quote($c)"
	done
	sql "SELECT $expr FROM $tbl WHERE id = $id"
}

ticket_before=$(snap tickets 3 subject)
ui_start
ui_see 'Ticket queue' 'starts'
ui_keys j j j j j j
ui_sel_is 'VPN drops every hour' '#3 selected'

# --- the ticket: a subject edit keeps the due time to the second -----------
ui_keys e
ui_see 'Edit ticket' 'e opens the edit form'
ui_see 'Due \(YYYY-MM-DD \[HH:MM\]\) +2026-01-13 10:26' \
    'the due field shows the date and the time'
ui_keys End
ui_type ' (2)'
ui_keys C-s
ui_see 'ticket updated' 'saved'
is "$(sql 'SELECT subject FROM tickets WHERE id = 3')" 'VPN drops every hour (2)' \
    'the subject changed'
is "$(snap tickets 3 subject)" "$ticket_before" \
    'every other field as it was: the due time (1768300000), category, body, contact, location, asset, project, assignee'

# A date and a time, a bare date (midnight), and a bad time refused.
ui_keys e
ui_see 'Edit ticket' 'the form again'
ui_keys Tab Tab C-u
ui_type '2026-02-01 09:30'
ui_keys C-s
ui_see 'ticket updated' 'a date and a time saved'
is "$(sql 'SELECT due_at FROM tickets WHERE id = 3')" 1769938200 \
    'due 2026-02-01 09:30'
ui_keys e
ui_see 'Due \(YYYY-MM-DD \[HH:MM\]\) +2026-02-01 09:30' 'shown as saved'
ui_keys Tab Tab C-u
ui_type '2026-02-03 25:00'
ui_keys C-s
ui_see "bad date '2026-02-03 25:00': expected YYYY-MM-DD or YYYY-MM-DD HH:MM" \
    'an impossible time is refused in the form'
ui_keys C-u
ui_type '2026-02-03'
ui_keys C-s
ui_see 'ticket updated' 'a bare date saved'
is "$(sql 'SELECT due_at FROM tickets WHERE id = 3')" 1770076800 \
    'due at the start of 2026-02-03'

# --- the other edit forms, saved untouched, change nothing ----------------
client_before=$(snap clients 2)
contact_before=$(snap client_contacts 1)
location_before=$(snap client_locations 1)
project_before=$(snap projects 1)
asset_before=$(snap assets 2)

ui_keys 1
ui_see 'Client hub' 'the hub'
ui_keys g j
ui_sel_is 'Birch Legal' 'Birch Legal selected'
ui_keys Enter
ui_see 'Client 2: Birch Legal' 'its dashboard'
ui_keys e
ui_see 'Edit which' 'e asks what to edit'
ui_keys Enter
ui_see 'Edit client' 'the client form'
ui_see 'Rate \(default 150\.00\) +125\.50' 'its rate'
ui_keys C-s
ui_see 'client updated' 'client saved'
is "$(snap clients 2)" "$client_before" 'the client unchanged'

ui_keys e
ui_see 'Edit which' 'e again'
ui_keys Down Enter
ui_see 'Edit contact' 'the contact form'
ui_keys C-s
ui_see 'contact updated' 'contact saved'
is "$(snap client_contacts 1)" "$contact_before" 'the contact unchanged'

ui_keys e
ui_see 'Edit which' 'e again'
ui_keys Down Down Enter
ui_see 'Edit location' 'the location form'
ui_keys C-s
ui_see 'location updated' 'location saved'
is "$(snap client_locations 1)" "$location_before" 'the location unchanged'

ui_keys e
ui_see 'Edit which' 'e again'
ui_keys Down Down Down Enter
ui_see 'Edit project' 'the project form'
ui_keys C-s
ui_see 'project 1 unchanged' 'project saved, nothing changed'
is "$(snap projects 1)" "$project_before" 'the project unchanged'

ui_keys 3
ui_see 'Assets \(Birch Legal\) \[all\]' "the client's assets"
ui_sel_is 'Core switch' 'the core switch selected'
ui_keys e
ui_see 'Edit asset' 'the asset form'
ui_keys C-s
ui_see 'asset updated \(0 changes\)' 'asset saved, nothing changed'
is "$(snap assets 2)" "$asset_before" 'the asset unchanged'

ui_quit
is "$UI_RC" 0 'quits'
done_testing
