#!/bin/sh
# ui_dashboard.sh - a client's dashboard and what it leads to (uifix):
# the invoices of one client (4 from its dashboard) chart that client's
# aging, not every client's; the client forms name the default rate the
# billing uses (billing.default_rate), never a literal; e on a dashboard
# starts its picker on the client; a number searched in the hub opens
# that client, or says there is none.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
INSERT INTO projects(id, client_id, name, status, due_date, created_at, updated_at) VALUES
 (1, 2, 'Archive scan', 'active', NULL, 1768000000, 1768000000);
EOF2

ui_start
ui_see 'Ticket queue' 'starts on the queue'

# --- the aging chart of one client's invoices ---------------------------------
# Acme owes 500.00, 45 days past due; Birch 125.50, 5 days past due.
ui_keys 4
ui_see '^  31-60 .* 500\.00  \(1\)' "every client's aging: Acme's 500.00 at 31-60"
ui_see '^  current .* 125\.50  \(1\)' "every client's aging: Birch's 125.50, current"
ui_keys 1
ui_see 'Client hub' 'the hub'
ui_sel_is 'Acme Dental' 'Acme selected'
ui_keys Enter
ui_see 'Client 1: Acme Dental' "Acme's dashboard"
ui_keys 4
ui_see 'Invoices \(Acme Dental\)' "Acme's invoices"
ui_see "Aging of unpaid invoices \(days past due\), this client's" \
    "the chart says it is the client's"
ui_see '^  31-60 .* 500\.00  \(1\)' "Acme's 500.00 at 31-60"
ui_see '^  current .* 0\.00  \(0\)' "Birch's 125.50 is not in Acme's chart"
ui_keys q
ui_see 'Invoices \[all\]' 'q: every client again'
ui_see '^  current .* 125\.50  \(1\)' "and every client's aging again"


# --- the rate fields name the default rate ------------------------------------
ui_keys 1
ui_see 'Client 1: Acme Dental' "the hub, on Acme's dashboard still"
ui_keys Escape
ui_not_see 'Client 1: Acme Dental' 'Esc: the list of clients'
ui_keys c
ui_see 'New client' 'c: the onboarding form'
ui_see 'Rate \(default 150\.00\)' 'the rate field names the default, 150.00'
ui_not_see '125\.00' 'and no other figure'
ui_keys Escape
ui_not_see 'New client' 'Esc closes it'

# --- e on a dashboard starts on the client ------------------------------------
# Birch Legal has one project and nothing else: the picker offers both and
# starts on the client, so e Enter edits the client.
ui_keys g j
ui_sel_is 'Birch Legal' 'Birch selected'
ui_keys Enter
ui_see 'Client 2: Birch Legal' "Birch's dashboard"
ui_keys e
ui_see 'Edit which\?' 'e asks what to edit'
ui_see 'project: Archive scan' 'the project is offered'
ui_sel_is 'the client itself' 'the picker starts on the client'
ui_keys Enter
ui_see 'Edit client' 'e Enter edits the client'
ui_see 'Birch Legal' 'prefilled'
ui_keys Escape
ui_not_see 'Edit client' 'Esc closes it'
ui_keys q

# --- a number searched in the hub ---------------------------------------------
ui_see 'Client hub \[all\]' 'the hub list'
ui_keys /
ui_type 3
ui_keys Enter
ui_see 'Client 3: Cobalt Labs' '/3 Enter opens client 3'
ui_keys q
ui_see 'Client hub \[all\] by name  ' 'q: the hub list, no search left'
ui_sel_is 'Cobalt Labs' 'client 3 selected'
ui_keys /
ui_type 382
ui_keys Enter
ui_see 'no client 382' '/382 Enter: there is no client 382, and it says so'
ui_see 'Acme Dental' 'the list as it was'
ui_quit
is "$UI_RC" 0 'quits cleanly'

# --- the default rate comes from the config -----------------------------------
mkdir -p "$TMPD/cfg"
printf 'billing:\n  default_rate: "99.50"\n' >"$TMPD/cfg/config.yaml"
export TERMPSA_CONFIG="$TMPD/cfg/config.yaml"
ui_start
ui_keys 1
ui_see 'Client hub' 'the hub, with default_rate 99.50'
ui_keys e
ui_see 'Edit client' 'e: the client form'
ui_see 'Rate \(default 99\.50\)' "the edit form names the config's default rate"
ui_keys Escape
ui_quit
is "$UI_RC" 0 'quits cleanly'
unset TERMPSA_CONFIG

# --- the dashboard's terms, rate, contacts and activity -------------------------
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
UPDATE clients SET net_terms_days = 14, hourly_rate_cents = NULL WHERE id = 1;
UPDATE clients SET hourly_rate_cents = 9000 WHERE id = 2;
INSERT INTO client_contacts(client_id, name, email, is_primary, created_at, updated_at) VALUES
 (1, 'Pat Primary', 'pat@acme.example', 1, 1768000000, 1768000000),
 (1, 'Sam Second', 'sam@acme.example', 0, 1768000000, 1768000000);
EOF2
ui_start 100 40
ui_keys 1
ui_sel_is 'Acme Dental' 'Acme selected'
ui_keys Enter
ui_see '^Terms +net 14 days' "the dashboard shows the client's net terms"
ui_see '^Rate +150\.00/h \(the default rate\)' 'a client without a rate: the default, said so'
ui_see '^  \* Pat Primary' 'the primary contact is starred'
ui_see '^    Sam Second' '... and the others line up with it'
ui_see '^  20[0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]  ticket' \
    'recent activity times are written as elsewhere (no T)'
ui_not_see '^  20[0-9-]+T[0-9]' 'no ISO T in the activity'
ui_keys q j Enter
ui_see '^Rate +90\.00/h *$' "a client's own rate"
ui_quit
is "$UI_RC" 0 'quits cleanly'
done_testing
