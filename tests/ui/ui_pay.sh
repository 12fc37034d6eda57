#!/bin/sh
# ui_pay.sh - P refuses an amount over what the invoice still owes at the
# amount, naming what is outstanding, before the method picker and the
# confirmation (uifix); an amount that fits goes on to them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more

ui_start
ui_keys 4
ui_see 'Invoices \[all\]' 'the invoices'
ui_keys G
ui_sel_is 'INV-000001 .*sent' 'INV-000001 (500.00 outstanding) selected'
ui_keys P
ui_see 'Payment on INV-000001 \(outstanding 500\.00\): 500\.00' \
    'P asks for the amount, all of it to begin with'
ui_keys C-u
ui_type '900'
ui_keys Enter
ui_see 'payment of 900\.00 is more than the 500\.00 outstanding on invoice 1' \
    'too much is refused at once, with what is outstanding'
ui_not_see 'Method' 'no method is asked for'
ui_not_see 'Pay 900\.00' 'and no confirmation'
is "$(sql 'SELECT count(*) FROM payments')" 0 'nothing recorded'

ui_keys P
ui_see 'Payment on INV-000001' 'P again'
ui_keys C-u
ui_type '0'
ui_keys Enter
ui_see 'bad amount 0\.00' 'nothing is refused at the amount too'
ui_not_see 'Method' 'no method is asked for'

ui_keys P
ui_see 'Payment on INV-000001' 'P again'
ui_keys C-u
ui_type '200'
ui_keys Enter
ui_see 'Method' 'an amount that fits: the method'
ui_keys Enter
ui_see 'Reference \(optional' 'the optional reference'
ui_keys Enter
ui_see 'Pay 200\.00 USD by transfer on INV-000001 \(outstanding 500\.00\)\?' \
    'then the confirmation'
ui_keys y
ui_see 'payment of 200\.00 recorded on INV-000001' 'recorded'
is "$(sql 'SELECT amount_cents FROM payments')" 20000 'in the database'
ui_quit
is "$UI_RC" 0 'quits cleanly'
done_testing
