#!/bin/sh
# uidata_text.sh - text output that shows records as they are (issue 12):
# a labor line multiplies as shown (4:46 h x 125.00 = 595.83) in text and
# in --json (minutes beside the unchanged quantity); money is labelled by
# what it is ("total 595.83", --json keeps total_cents); payment list is
# newest received first and its keyset windows follow that order; ticket
# show prints a multi-line body whole, indented under its label, with
# control characters made visible.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

run tp init
is "$RC" 0 "init"

# --- invoice lines: 286 minutes at 125.00 ----------------------------------
acme=$(fx_client Acme 12500)
t1=$(fx_ticket "$acme" "Server move")
fx_time "$t1" 286 >/dev/null
run tp invoice bill-tickets "$acme" "$t1" --dry-run
like "$OUT" '^1 +Support: Server move +4:46 h +125\.00 +595\.83$' \
    "dry run: the labor line in hours and minutes"
like "$OUT" '^total +595\.83$' "dry run: the total labelled total"
unlike "$OUT" '_cents' "dry run: no _cents label in text"
run tp --json invoice bill-tickets "$acme" "$t1"
inv=$(jget "$OUT" id)
is "$(jget "$OUT" total_cents)|$(jget "$OUT" items.0.quantity)|$(jget "$OUT" items.0.minutes)" \
    "59583|477|286" "--json: total_cents and quantity unchanged, minutes beside"
run tp invoice show "$inv"
is "$RC" 0 "invoice show"
like "$OUT" '^1 +Support: Server move +4:46 h +125\.00 +595\.83$' \
    "invoice show: the line multiplies as shown"
like "$OUT" '^total +595\.83$' "invoice show: total"
like "$OUT" '^outstanding +595\.83$' "invoice show: outstanding"
unlike "$OUT" '_cents' "invoice show: no _cents label"
run tp --json invoice show "$inv"
is "$(jget "$OUT" total_cents)|$(jget "$OUT" outstanding_cents)" "59583|59583" \
    "invoice show --json: the *_cents integers"
# An expense line keeps its plain quantity.
proj=$(fx_project "$acme" "Move")
fx_expense "$proj" "Patch cables" 2500 >/dev/null
run tp invoice bill-project "$proj" --dry-run
like "$OUT" 'Expense: Patch cables +1\.00 +25\.00 +25\.00$' \
    "an expense line: quantity 1.00"

# --- payment list: newest received first ------------------------------------
# Ids in another order than the dates: 1 received last, 3 first; 4 and 5
# at the same moment (the later id first).
wsql "INSERT INTO payments(id, client_id, amount_cents, method, status, received_at, created_at, updated_at) VALUES
 (1, $acme, 100, 'cash', 'completed', 1768400000, 1, 1),
 (2, $acme, 200, 'cash', 'completed', 1768300000, 1, 1),
 (3, $acme, 300, 'cash', 'completed', 1768100000, 1, 1),
 (4, $acme, 400, 'cash', 'completed', 1768200000, 1, 1),
 (5, $acme, 500, 'cash', 'completed', 1768200000, 1, 1);"
ids() { "$PYTHON3" -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin)))'; }
run tp --json payment list
is "$(printf '%s' "$OUT" | ids)" "1 2 5 4 3" "payment list: by received date, ties by id"
run tp payment list
like "$(printf '%s\n' "$OUT" | sed -n 2p)" '^1 ' "text: the newest received first"
run tp --json payment list --limit 2
is "$(printf '%s' "$OUT" | ids)" "1 2" "--limit 2: the two newest"
run tp --json payment list --limit 2 --after 2
is "$(printf '%s' "$OUT" | ids)" "5 4" "--after 2: the next window, tie in order"
run tp --json payment list --limit 2 --after 5
is "$(printf '%s' "$OUT" | ids)" "4 3" "--after 5: inside the tie"
run tp --json payment list --limit 2 --after 3
is "$OUT" "[]" "after the oldest: nothing"
run tp --json payment list --client "$acme" --limit 3 --after 1
is "$(printf '%s' "$OUT" | ids)" "2 5 4" "--client: the same order"

# --- ticket show: a multi-line body whole -------------------------------------
# The escape codes cannot come in (text.sh); one stored before the text
# boundary must still come out sanitized.
t2=$(id_of "$(tp ticket add "$acme" "Notes" --body "First line")")
wsql "UPDATE tickets SET body = 'First line' || char(10) || 'second line' ||
    char(10, 10) || 'fourth ' || char(27) || '[31mred' || char(27) || '[0m'
    WHERE id = $t2"
run tp ticket show "$t2"
is "$RC" 0 "ticket show"
like "$OUT" '^body +First line$' "the body's first line beside its label"
like "$OUT" '^ {7,}second line$' "the second line, indented"
like "$OUT" '^ {7,}fourth \^\[\[31mred\^\[\[0m$' "the fourth, sanitized"
unlike "$OUT" '^second line' "no line starts at the margin"
unlike "$OUT" "$(printf '\033')" "no escape reaches the terminal"
is "$(printf '%s\n' "$OUT" | grep -c '^ *$')" 1 "the blank line kept, without blanks"
like "$OUT" '^priority +normal$' "the next field after the body"

done_testing
