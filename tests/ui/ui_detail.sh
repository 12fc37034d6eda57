#!/bin/sh
# ui_detail.sh - detail views longer than the screen (uifix): the title
# says which lines show of how many, with the arrows the lists have for
# text hidden above and below (ticket, invoice, asset); `?` in a detail
# lists the keys that scroll it and only keys that work there (no Enter,
# no Space), while the list's `?` still has them.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
# Ticket #1 with a 40-line description, invoice 2 with 30 lines, asset 1
# with 30 lines of notes; ticket #2 short.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
UPDATE tickets SET body = (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
  SELECT group_concat('Step ' || i || ' of the fix', char(10)) FROM n) WHERE id = 1;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
INSERT INTO invoice_items(invoice_id, position, description, minutes, quantity, price_cents, total_cents)
SELECT 2, i, 'Line item ' || i, NULL, 100, 100, 100 FROM n;
UPDATE assets SET notes = (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
  SELECT group_concat('Note line ' || i, char(10)) FROM n) WHERE id = 1;
EOF2

ui_start
ui_see 'Ticket queue' 'starts'

# --- a long ticket ------------------------------------------------------------
ui_keys G
ui_sel_is 'Printer jams' '#1 selected'
ui_keys Enter
ui_see '^Ticket #1 ' 'its detail'
ui_see ' 1-21/[0-9]+ [↓v] *$' 'the title: lines 1-21 of more, more below'
n=$(ui_screen | sed -n '1s/.* 1-21\/\([0-9]*\) .*/\1/p')
ok $([ "${n:-0}" -gt 40 ]; echo $?) "the count is every line of the detail ($n)"
ui_keys j
ui_see '[↑^] 2-22/[0-9]+ [↓v] *$' 'j: one line down, text hidden above and below'
ui_keys G
ui_see "[↑^] $((n - 20))-$n/$n *\$" 'G: the end, nothing more below'
ui_see 'Step 40 of the fix' 'the last line shows'
ui_keys g
ui_see ' 1-21/[0-9]+ [↓v] *$' 'g: the top again'

# --- ? in the detail: the scroll keys, and no Enter or Space -----------------
ui_keys '?'
ui_see '^Help: ticket detail' 'the detail help'
screen=$(ui_screen; ui_keys G; ui_wait_for 'Rebind in' >/dev/null; ui_screen)
like "$screen" '^  j, Down +move-down +scroll the text down one line' \
    'it lists j to scroll'
like "$screen" '^  PgDn +page-down +scroll one screen down' 'and PgDn'
like "$screen" '^  g, Home +move-first +the top of the text' 'and g'
like "$screen" '^  q +back +back to the list' 'and q'
unlike "$screen" '^  Enter ' 'no Enter: it does nothing here'
unlike "$screen" '^  Space ' 'no Space: there are no rows to mark'
unlike "$screen" 'Row markers' 'and no row markers'
like "$screen" '^  e +edit ' 'the pane keys that work here are there (e)'
ui_keys q
ui_see '^Ticket #1 ' 'q: the detail again'
ui_keys q
ui_see 'Ticket queue' 'q: the queue'
ui_keys '?'
ui_see '^Help: Ticket queue' 'the list help'
screen=$(ui_screen; ui_keys G; ui_wait_for 'Rebind in' >/dev/null; ui_screen)
like "$screen" '^  Enter +open ' 'the list help lists Enter'
like "$screen" '^  Space +mark ' 'and Space'
ui_keys q

# --- a short ticket: nothing to mark ------------------------------------------
ui_keys '#'
ui_type 2
ui_keys Enter
ui_see '^Ticket #2 ' 'its detail'
ui_not_see '[0-9]+-[0-9]+/[0-9]+' 'all of it shows: no position'

# --- a long invoice, a long asset ---------------------------------------------
ui_keys 4
ui_see 'Invoices' 'the invoices'
ui_keys g j
ui_sel_is 'INV-000002' 'INV-000002 selected'
ui_keys Enter
ui_see '^Invoice INV-000002' 'its detail'
ui_see ' 1-21/[0-9]+ [↓v] *$' 'the invoice detail says there is more below'
ui_keys C-d
ui_see '[↑^] [0-9]+-[0-9]+/[0-9]+ [↓v] *$' 'C-d: half a screen down, more above'
ui_keys 3
ui_see 'Assets' 'the assets'
ui_keys G
ui_sel_is 'Front desk PC' 'asset 1 selected'
ui_keys Enter
ui_see '^Asset 1: Front desk PC' 'its detail'
ui_see ' 1-21/[0-9]+ [↓v] *$' 'the asset detail says there is more below'
ui_keys PgDn
ui_see '[↑^] 22-' 'PgDn: the next screen'
ui_quit
is "$UI_RC" 0 'quits cleanly'
done_testing
