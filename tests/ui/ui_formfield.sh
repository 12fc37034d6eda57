#!/bin/sh
# ui_formfield.sh - a refused form focuses the field the service named
# (struct err's field), not the first field whose name shows up in the
# message, through the real binary in tmux:
#  - a new asset whose IP is a host name, mac-mini.local: the IP field is
#    focused (the message holds "mac", which made the form pick MAC);
#  - a bad warranty date focuses Warranty until;
#  - onboarding with a bad email focuses Email, from another field;
#  - a new asset for a client that does not exist focuses Client id (a
#    new ticket's client is picked by name: ui_day.sh);
# and nothing is written by a refused form.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_start
ui_see 'Ticket queue' 'starts'

# The focused field is the line the hardware cursor is on.
ui_keys 3
ui_see 'Assets \[all\]' 'assets'
ui_keys c
ui_see 'New asset' 'c opens the new-asset form'
ui_type Acme
ui_see 'Acme Dental' 'the client picked by name'
ui_keys Enter
ui_type 'Mini'
ui_keys Tab Tab Tab Tab Tab
ui_type 'mac-mini.local'
ui_keys Tab Tab
ui_sel_is '^[ >]Status' 'the focus moved on to Status'
ui_keys C-s
ui_see "bad ip 'mac-mini.local'" 'a host name for an IP is refused in the form'
ui_sel_is '^[ >]IP +mac-mini.local' 'the IP field is focused (not MAC, whose name is in the message)'
is "$(sql 'SELECT count(*) FROM assets')" 0 'nothing written'
ui_keys C-u
ui_type '10.0.0.9'
ui_keys Tab Tab Tab
ui_type '2026-13-01'
ui_keys Up Up Up Up
ui_sel_is '^[ >]Serial' 'the focus moved up to Serial'
ui_keys C-s
ui_see "bad warranty expiry date '2026-13-01'" 'a bad warranty date is refused'
ui_sel_is '^[ >]Warranty until +2026-13-01' 'the Warranty field is focused'
ui_keys Escape

# Onboarding: a bad email focuses Email from the Phone field.
ui_keys 1
ui_see 'Client hub' 'hub'
ui_keys c
ui_see 'New client \(onboarding\)' 'the onboarding form'
ui_type 'Delta Dental'
ui_keys Tab Tab
ui_type 'not an email'
ui_keys Tab Tab
ui_sel_is '^[ >]Rate' 'the focus is on Rate'
ui_keys C-s
ui_see "bad email 'not an email'" 'a bad email is refused'
ui_sel_is '^[ >]Email +not an email' 'the Email field is focused'
is "$(sql 'SELECT count(*) FROM clients')" 3 'nothing written'
ui_keys Escape

# A new asset's client is picked by name, as a new ticket's is (the hub
# never shows ids): with none picked the form says so and focuses it.
ui_keys 3
ui_see 'Assets \[all\]' 'the assets again'
ui_keys c
ui_see 'New asset' 'the new-asset form'
ui_sel_is '^[ >]Client\* +\(none: type to pick\)' 'no asset to take a client from: none picked'
ui_keys Tab
ui_type 'Ghost laptop'
ui_sel_is '^[ >]Name' 'the focus is on Name'
ui_keys C-s
ui_see 'Client is required' 'no client: refused'
ui_sel_is '^[ >]Client\*' 'the Client field is focused'
is "$(sql "SELECT count(*) FROM assets WHERE name = 'Ghost laptop'")" 0 'nothing written'
ui_type Bir
ui_see 'Birch Legal' 'typing narrows the clients by name'
ui_keys Enter
ui_sel_is '^[ >]Name\* +Ghost laptop' 'the pick moves on to Name'
ui_keys C-s
ui_see 'asset [0-9]+ created' 'the asset is made'
is "$(sql "SELECT client_id FROM assets WHERE name = 'Ghost laptop'")" 2 "... for Birch Legal"
ui_keys Escape
# From a client's dashboard the new asset is that client's, by name.
ui_keys 1
ui_sel_is 'Acme Dental' 'the hub, Acme selected'
ui_keys Enter 3
ui_see 'Assets' "Acme's assets"
ui_keys c
ui_sel_is '^[ >]Client\* +Acme Dental \(Acme Dental LLC\) #1' "the new asset's client is the pane's, by name"
ui_keys Escape
ui_quit
is "$UI_RC" 0 'quits'
done_testing
