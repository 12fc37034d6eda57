#!/bin/sh
# ui_searchall.sh - F, the one search box: words typed once find tickets,
# clients, contacts, assets (by IP too) and invoices, grouped in the
# CLI's order; Enter opens the record picked in its own pane (a contact
# its client); Esc cancels; nothing found says so; hostile words are
# text; `?` lists the key.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
wsql "UPDATE assets SET ip = '10.40.0.9', mac = 'de:ad:be:ef:00:01' WHERE id = 3;
INSERT INTO client_contacts(client_id, name, email, created_at, updated_at)
 VALUES (2, 'Bea Backupsmith', 'bea@birch.example', 1768000000, 1768000000);"

ui_start
ui_see 'Ticket queue' 'starts'

ui_keys F
ui_see 'Search all:' 'F opens the search prompt'
ui_type backup
ui_keys Enter
ui_see 'search: backup \(3\)' 'the results, counted'
is "$(ui_screen | grep -Eo '(ticket|contact|asset) +[^ ]+' | awk '{ print $1 }' | paste -sd' ' -)" \
    "ticket contact asset" "grouped: tickets, then contacts, then assets"
ui_see 'ticket +#5 Backup failed last night' 'the ticket, with its number'
ui_see 'asset +SN-300 Backup NAS .*10.40.0.9' 'the asset, with its IP'
ui_keys Escape
ui_not_see 'search: backup' 'Esc closes the results'
ui_see 'Ticket queue' 'back in the queue'

# Enter opens the asset in the assets pane.
ui_keys F
ui_see 'Search all:' 'F again'
ui_type 10.40.0.9
ui_keys Enter
ui_see 'asset +SN-300 Backup NAS' 'an asset by its IP'
ui_keys Enter
ui_not_see 'search: 10.40' 'Enter closes the results'
ui_see 'Asset 3: Backup NAS' 'Enter opens the asset in the assets pane'

# A contact opens its client in the hub; a ticket its detail in the queue.
ui_keys F
ui_type bea
ui_keys Enter
ui_see 'contact +bea@birch.example Bea Backupsmith' 'a contact by name'
ui_keys Enter
ui_see 'Client 2: Birch Legal' 'a contact opens its client in the hub'
ui_keys F
ui_type 'vpn hour'
ui_keys Enter
ui_see 'ticket +#3 VPN drops' 'every word must hold'
ui_keys Enter
ui_see 'Since Monday' 'a ticket opens its detail'

# Nothing found, hostile words.
ui_keys q
ui_keys F
ui_type 'zzqq'
ui_keys Enter
ui_see 'no matches' 'nothing found says so'
ui_keys F
ui_type '") OR 1=1; --'
ui_keys Enter
ui_see 'no matches' 'hostile words are only text'
ui_not_see 'error|syntax' 'and no error'

ui_keys '?'
ui_see 'Everywhere' 'the help'
ui_keys G
ui_see 'F +search-all +search every kind' '? lists F (at the end of Everywhere)'
ui_keys q
ui_quit
is "$UI_RC" 0 'exits 0'

done_testing
