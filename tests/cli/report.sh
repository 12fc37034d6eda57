#!/bin/sh
# report.sh - report aging (buckets by days past due), report revenue (kept
# by the GenerateReports job) and report time (per user and month).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cli/billing_fixtures.sh"

run tp init
is "$RC" 0 "init"

# 60.00 an hour: one minute bills one dollar.  Net 0: due on the issue date.
cee=$(fx_client Cee 6000 0)
dee=$(fx_client Dee 6000 30)

# bill_at DATE CLIENT MINUTES: an invoice issued on DATE; prints its id.
bill_at() {
	_t=$(fx_ticket "$2" "Work $1")
	fx_time "$_t" "$3" >/dev/null
	_o=$(TERMPSA_NOW="${1}T09:00:00Z" tp invoice bill-tickets "$2" "$_t")
	echo "${_o#invoice }"
}
send_at() { TERMPSA_NOW="${1}T09:30:00Z" tp invoice send "$2" >/dev/null; }

run tp --json report aging
is "$RC" 0 "report aging on no invoices"
eval "$(jvars "$OUT" n=# b=4.bucket c=4.count o=4.outstanding_cents)"
is "$n" 5 "aging_has_five_rows_when_empty"
is "$b/$c/$o" "90+/0/0" "empty bucket row"

run tp --json report revenue
is "$RC/$OUT" "0/[]" "revenue empty before any job ran"

# Days past due on 2026-01-15: 0, 30 | 31, 60 | 90 | 91.
i_cur=$(bill_at 2026-01-15 "$cee" 10);   send_at 2026-01-15 "$i_cur"
i_fut=$(bill_at 2026-01-15 "$dee" 15);   send_at 2026-01-15 "$i_fut"
i_30=$(bill_at 2025-12-16 "$cee" 20);    send_at 2025-12-16 "$i_30"
i_31=$(bill_at 2025-12-15 "$cee" 30);    send_at 2025-12-15 "$i_31"
i_60=$(bill_at 2025-11-16 "$cee" 40);    send_at 2025-11-16 "$i_60"
i_90=$(bill_at 2025-10-17 "$cee" 50);    send_at 2025-10-17 "$i_90"
i_91=$(bill_at 2025-10-16 "$cee" 60);    send_at 2025-10-16 "$i_91"
i_paid=$(bill_at 2025-10-01 "$cee" 70);  send_at 2025-10-01 "$i_paid"
i_draft=$(bill_at 2026-01-15 "$cee" 80)
i_canc=$(bill_at 2025-12-01 "$cee" 90);  send_at 2025-12-01 "$i_canc"
run tp invoice cancel "$i_canc"
is "$RC" 0 "fixture: cancel"
run tp invoice pay "$i_91" --amount 15
is "$RC" 0 "fixture: partial payment of 15.00 on the 91-day invoice"
run tp invoice pay "$i_paid"
is "$RC" 0 "fixture: pay one invoice in full"
is "$(sql "SELECT count(*) FROM invoices")" 10 "fixture: ten invoices"
is "$(sql "SELECT due_date FROM invoices WHERE id = $i_91")" 2025-10-16 \
    "fixture: net 0 is due on the issue date"

run tp --json report aging
is "$RC" 0 "report aging"
is "$(printf '%s\n' "$OUT" | grep -o '"bucket"' | wc -l | tr -d ' ')" 5 "five buckets"
# rows JSON FIELD...: one line per array element, fields joined by '/'.
rows_of() {
	"$PYTHON3" -c '
import json, sys
for o in json.loads(sys.argv[1]):
    print("/".join(str(o[f]) for f in sys.argv[2:]))
' "$@"
}
eval "$(rows_of "$OUT" bucket count outstanding_cents | awk '{ printf "r%d=%s\n", NR - 1, $0 }')"
row() { eval "echo \$r$1"; }
is "$(row 0)" "current/2/2500" "aging current: due today and due in 30 days"
is "$(row 1)" "1-30/1/2000" "aging 1-30: 30 days past due"
is "$(row 2)" "31-60/2/7000" "aging 31-60: 31 and 60 days past due"
is "$(row 3)" "61-90/1/5000" "aging 61-90: 90 days past due"
is "$(row 4)" "90+/1/4500" "aging 90+: 91 days, outstanding after a partial payment"

run tp report aging
like "$OUT" "^BUCKET +COUNT +OUTSTANDING$" "aging text header"
like "$OUT" "^90\+ +1 +45.00$" "aging text row"

TERMPSA_NOW=2026-01-16T10:00:00Z run tp --json report aging
eval "$(rows_of "$OUT" bucket count outstanding_cents | awk '{ printf "r%d=%s\n", NR - 1, $0 }')"
is "$(row 1)/$(row 2)" "1-30/1/1000/31-60/2/5000" "aging moves with today"

DIGEST=$(db_digest)
run tp report aging extra
refused_unchanged 64 "unexpected argument 'extra'" "aging_extra_argument"
run tp report bogus
refused_unchanged 64 "unknown command 'bogus'" "report_unknown_command"

# --- revenue comes from the jobs ---------------------------------------------
run tp --json report revenue
is "$OUT" "[]" "revenue still empty: the jobs have not run"
run tp jobs run
is "$RC" 0 "jobs run"
run tp --json report revenue
R=$(rows_of "$OUT" month invoiced_cents paid_cents invoice_count)
is "$(printf '%s\n' "$R" | wc -l | tr -d ' ')" 4 "revenue: four months"
is "$(printf '%s\n' "$R" | sed -n 1p)" "2025-10/18000/0/3" "revenue 2025-10"
is "$(printf '%s\n' "$R" | sed -n 2p)" "2025-11/4000/0/1" "revenue 2025-11"
is "$(printf '%s\n' "$R" | sed -n 3p)" "2025-12/5000/0/2" "revenue 2025-12: the cancelled invoice does not count"
is "$(printf '%s\n' "$R" | sed -n 4p)" "2026-01/10500/8500/3" "revenue 2026-01: drafts invoiced, payments received this month"
run tp --json report revenue --year 2026
is "$(rows_of "$OUT" month | tr '\n' ' ')" "2026-01 " "revenue --year 2026"
run tp --json report revenue --year 2025
is "$(rows_of "$OUT" month | tr '\n' ' ')" "2025-10 2025-11 2025-12 " "revenue --year 2025"
run tp report revenue --year 2026
like "$OUT" "^2026-01 +105.00 +85.00 +3$" "revenue text row"
DIGEST=$(db_digest)
for y in abc 0 10000 "" 2026x; do
	run tp report revenue --year "$y"
	refused_unchanged 65 "bad --year" "revenue_bad_year '$y'"
done

# --- time per user for a month (a database of its own) ------------------------
export TERMPSA_DB="$TMPD/time.db"
run tp init
alice=$(fx_user alice 10000)
bob=$(fx_user bob NULL)
c=$(fx_client Acme 12500)
t=$(fx_ticket "$c" "Printer")
p=$(fx_project "$c" Rollout)
# Logged on 2026-02-02, after the work (no work is logged ahead of today);
# the reports below are read on 2026-01-15 as before.
(
export TERMPSA_NOW=2026-02-02T10:00:00Z
fx_time "$t" 60 1 "$alice" 2026-01-05 >/dev/null
fx_time "$t" 30 0 "$alice" 2026-01-20 >/dev/null
fx_time "$t" 45 1 "$alice" 2025-12-31 >/dev/null
fx_ptime "$p" "$bob" 15 1 2026-01-31 >/dev/null
fx_ptime "$p" "$bob" 25 1 2026-02-01 >/dev/null
)
run tp time start "$t" --user bob
is "$RC" 0 "fixture: bob's timer runs on 2026-01-15"

run tp --json report time --month 2026-01
is "$RC" 0 "report time --month 2026-01"
R=$(rows_of "$OUT" user_id user_name minutes billable_minutes entries)
is "$(printf '%s\n' "$R" | wc -l | tr -d ' ')" 2 "report time: two users worked in 2026-01"
is "$(printf '%s\n' "$R" | sed -n 1p)" "$alice/alice/90/60/2" "report_time_alice: minutes, billable, entries"
is "$(printf '%s\n' "$R" | sed -n 2p)" "$bob/bob/15/15/1" "report_time_bob: project time counts; a running timer does not"
run tp --json report time
is "$(rows_of "$OUT" user_name minutes | tr '\n' ' ')" "alice/90 bob/15 " "report time defaults to this month"
run tp --json report time --month 2025-12
is "$(rows_of "$OUT" user_name minutes billable_minutes entries | tr '\n' ' ')" "alice/45/45/1 " "report time --month 2025-12"
run tp report time --month 2026-01
like "$OUT" "^USER_ID +USER_NAME +MINUTES +BILLABLE_MINUTES +ENTRIES$" "time text header"
DIGEST=$(db_digest)
for m in 2026-13 2026-1 202601 "" 2026-01-01 x; do
	run tp report time --month "$m"
	refused_unchanged 65 "bad month '$m': expected YYYY-MM" "report_time_bad_month '$m'"
done

# --- revenue follows a partial payment and a cancel ---------------------------
# Both left the report stale: only a new invoice and a paid one queued it.
rev() { tp --json report revenue --year 2026 | "$PYTHON3" -c '
import json, sys
for r in json.load(sys.stdin):
    if r["month"] == sys.argv[1]:
        print("%s/%s/%s" % (r["invoiced_cents"], r["paid_cents"], r["invoice_count"]))
' "$1"; }
# A database of its own, so that no earlier month's work is billed here.
TERMPSA_DB="$TMPD/rev.db"
TERMPSA_NOW=2026-02-02T10:00:00Z
tp init >/dev/null
eff=$(fx_client Eff 6000 30)
feb=$(bill_at 2026-02-02 "$eff" 30)
send_at 2026-02-02 "$feb"
tp jobs run >/dev/null
is "$(rev 2026-02)" "3000/0/1" "February: one invoice of 30.00"
tp invoice pay "$feb" --amount 10.00 >/dev/null
tp jobs run >/dev/null
is "$(rev 2026-02)" "3000/1000/1" "a partial payment is in February's paid total"
feb2=$(bill_at 2026-02-02 "$eff" 45)
tp jobs run >/dev/null
is "$(rev 2026-02)" "7500/1000/2" "a second invoice of 45.00"
run tp invoice cancel "$feb2"
is "$RC" 0 "cancel the second invoice"
tp jobs run >/dev/null
is "$(rev 2026-02)" "3000/1000/1" "a cancelled invoice leaves February's invoiced total"

# --- a demo's revenue is there at once: the demo raises no events -----------
D="$TMPD/demo.db"
TERMPSA_DB="$D" tp demo >/dev/null 2>&1
is "$?" 0 "a demo database"
got=$(TERMPSA_DB="$D" tp --json report revenue | "$PYTHON3" -c '
import json, sys
r = json.load(sys.stdin)
print(len(r), sum(x["invoiced_cents"] for x in r), sum(x["paid_cents"] for x in r))')
want=$("$SQLITE3_SHELL" -batch "file:$D?mode=ro" "SELECT
  (SELECT count(*) FROM (SELECT substr(issue_date, 1, 7) FROM invoices WHERE status <> 'cancelled'
     UNION SELECT strftime('%Y-%m', received_at, 'unixepoch', 'localtime') FROM payments WHERE status = 'completed'))
  || ' ' || (SELECT sum(total_cents) FROM invoices WHERE status <> 'cancelled')
  || ' ' || (SELECT sum(amount_cents) FROM payments WHERE status = 'completed')")
is "$got" "$want" "the demo's revenue report holds every month, invoiced and paid"
ok "$([ "${got%% *}" -gt 0 ]; echo $?)" "... and is not empty"
# A database made before 0014 (its report empty) gets every month on open.
"$SQLITE3_SHELL" "$D" "DELETE FROM report_monthly; PRAGMA user_version = 13;"
got2=$(TERMPSA_DB="$D" tp --json report revenue | "$PYTHON3" -c '
import json, sys
r = json.load(sys.stdin)
print(len(r), sum(x["invoiced_cents"] for x in r), sum(x["paid_cents"] for x in r))')
is "$got2" "$want" "an older database's empty report is filled on open"

done_testing
