#!/bin/sh
# tests/cli/time_future.sh - work is logged when it has been done: time
# dated after today (TERMPSA_NOW's local date) is refused by time log and
# project log, naming the date, with exit 65; today and the past are
# taken, and nothing refused reaches a bill.
. "$top_srcdir/tests/lib.sh"

export TERMPSA_NOW=2026-12-02T10:00:00Z
wsql "INSERT INTO clients(name, hourly_rate_cents, created_at, updated_at)
	VALUES ('Acme', 12000, 1, 1);"
run tp ticket add 1 "Server down"
run tp project add 1 "Office move"

refused 65 "--date: work date '2026-12-31' is after today \(2026-12-02\)" \
    "time log dated after today" time log 1 45 --date 2026-12-31
refused 65 "--date: work date '2026-12-03' is after today" \
    "time log dated tomorrow" time log 1 45 --date 2026-12-03
refused 65 "work date '2027-01-01' is after today \(2026-12-02\)" \
    "project log dated after today" project log 1 30 --date 2027-01-01
is "$(sql 'SELECT count(*) FROM time_entries')" 0 "nothing logged"
is "$(sql 'SELECT unbilled_cents FROM clients WHERE id = 1')" 0 "nothing unbilled"

run tp time log 1 45 --date 2026-12-02
is "$RC" 0 "today is taken"
run tp time log 1 15 --date 2026-11-30
is "$RC" 0 "the past is taken"
run tp time log 1 10
is "$(sql 'SELECT work_date FROM time_entries WHERE id = 3')" 2026-12-02 \
    "no --date: today"

# The local date counts: at 23:30 UTC it is already the 3rd in Tokyo.
export TERMPSA_NOW=2026-12-02T23:30:00Z
refused 65 "work date '2026-12-03' is after today \(2026-12-02\)" \
    "in UTC the 3rd is still tomorrow" time log 1 20 --date 2026-12-03
export TZ=Asia/Tokyo
run tp time log 1 20 --date 2026-12-03
is "$RC" 0 "in Tokyo it is today"
export TZ=UTC
done_testing
