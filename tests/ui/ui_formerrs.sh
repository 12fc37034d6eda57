#!/bin/sh
# ui_formerrs.sh - one submit reports every wrong field: the first in the
# form's order, focused, and how many others (a cold try of the demo: the
# new-client form with a bad email, rate 12.345 and net terms -5 said the
# rate, then the net terms, then the email, one C-s at a time).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_start
ui_keys 1
ui_see 'Client hub' 'the hub'
ui_keys c
ui_see 'New client \(onboarding\)' 'c: the onboarding form'
ui_type 'Delta Dental'
ui_keys Tab Tab
ui_type 'not an email'
ui_keys Tab Tab
ui_type '12.345'
ui_keys Tab C-u
ui_type '-5'
ui_keys C-s
ui_see "bad email 'not an email'.*\\(and 2 other fields are wrong" \
    'C-s: the email first (the form'"'"'s order), and two more wrong'
ui_sel_is '^>Email' '... the email focused'
is "$(sql 'SELECT count(*) FROM clients')" 3 'nothing written'
ui_keys C-u
ui_type 'desk@delta.example'
ui_keys C-s
ui_see '12\.345.*\(and 1 other field is wrong' \
    'the email mended: the rate next, one more wrong'
ui_sel_is '^>Rate' '... the rate focused'
ui_keys C-u
ui_type '125.00'
ui_keys C-s
ui_see "bad net terms '-5'" 'then the net terms, alone'
ui_not_see 'other field' '... no others said'
ui_sel_is '^>Net terms' '... focused'
ui_keys C-u
ui_type 30
ui_keys C-s
ui_see 'client 4 onboarded' 'all mended: the client is made'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
