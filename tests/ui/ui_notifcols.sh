#!/bin/sh
# ui_notifcols.sh - the notifications list sizes When and Kind to what
# they hold and gives the rest to Message (a cold try of the demo at
# 80x24: When was 17 columns for "8m", Kind and Message were cut).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
INSERT INTO notifications(kind, message, created_at) VALUES
 ('TicketSlaBreached', 'Ticket #3 VPN drops every hour passed its target', 1768478000);
EOF2
ui_start
ui_keys I
ui_see '^  When +Kind +Message' 'the notifications'
ui_see 'TicketSlaBreached +Ticket #3 VPN drops every hour passed its target$' \
    'a long kind and message whole at 80 columns'
ui_see 'InvoicePaid +Invoice INV-000009 paid by Acme Dental' 'the other one too'
ui_see '^. [0-9]+[mhd] {1,3}TicketSla' 'When as wide as its ages'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
