#!/bin/sh
# invoice_send.sh - sending a draft dates it (uifix): `invoice send` makes
# the draft's issue date today (TERMPSA_NOW's date) and its due date that
# plus the client's net terms, so a draft made weeks ago is not overdue
# the day it is sent; --keep-dates keeps the draft's dates; the revenue
# report counts the invoice in the month it is now issued in.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

run tp init
is "$RC" 0 "init"
acme=$(fx_client Acme 6000 30)
quick=$(fx_client Quick 6000 7)

# draft_at DATE CLIENT: a draft billed on DATE; prints its id.
draft_at() {
	_t=$(fx_ticket "$2" "Work $1")
	fx_time "$_t" 30 >/dev/null
	_o=$(TERMPSA_NOW="${1}T09:00:00Z" tp invoice bill-tickets "$2" "$_t")
	echo "${_o#invoice }"
}
dates() { sql "SELECT issue_date || '/' || due_date FROM invoices WHERE id = $1"; }

old=$(draft_at 2025-12-01 "$acme")
is "$(dates "$old")" 2025-12-01/2025-12-31 "a draft of 2025-12-01 is due 30 days later, overdue by now"
run tp jobs run
is "$RC" 0 "jobs run (the revenue report counts the draft in December)"

# --- sent six weeks later: dated today ----------------------------------
run tp invoice send "$old"
is "$RC/$OUT" "0/invoice $old sent" "invoice send"
is "$(dates "$old")" 2026-01-15/2026-02-14 \
    "send_dates_the_invoice: issued today, due after the client's 30 days"
run tp --json invoice list --overdue
is "$OUT" "[]" "so it is not overdue the day it is sent"
run tp --json report revenue
rev=$(printf '%s\n' "$OUT" | "$PYTHON3" -c '
import json, sys
print(" ".join("%s/%s" % (r["month"], r["invoice_count"]) for r in json.load(sys.stdin)))')
is "$rev" "2025-12/0 2026-01/1" "the revenue report counts it in January, not December"

# The client's own terms: 7 days.
q=$(draft_at 2026-01-02 "$quick")
run tp invoice send "$q"
is "$(dates "$q")" 2026-01-15/2026-01-22 "due after the client's own net terms (7 days)"

# --- --keep-dates ---------------------------------------------------------
kept=$(draft_at 2025-12-01 "$acme")
run tp invoice send "$kept" --keep-dates
is "$RC/$OUT" "0/invoice $kept sent" "invoice send --keep-dates"
is "$(dates "$kept")" 2025-12-01/2025-12-31 "--keep-dates keeps the draft's dates"
run tp --json invoice list --overdue
like "$OUT" "\"id\": *$kept[,}]" "and so it is overdue already"

# --- refused: nothing changes ---------------------------------------------
DIGEST=$(db_digest)
run tp invoice send "$old"
refused_unchanged 1 "invoice $old is sent: only a draft can be sent" \
    "sending twice is refused and dates nothing"
run tp invoice send "$kept" --keep-date
refused_unchanged 64 "unknown option --keep-date" "a misspelt option is refused"

run tp invoice send --help
like "$OUT" 'usage: termpsa invoice send ID \[--keep-dates\]' "--help shows --keep-dates"
like "$OUT" "dated today and due after the client's net terms" "and says what send does to the dates"
done_testing
