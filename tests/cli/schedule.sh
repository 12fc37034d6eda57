#!/bin/sh
# schedule.sh - recurring maintenance (issue 14, part 3) through the CLI,
# with TERMPSA_NOW moving the clock:
#  - asset schedule add/list/remove, --help, and bad input refused with
#    exit 65 naming the option (64 without --every), nothing written;
#  - `jobs run` makes each occurrence's ticket (domain.md scenario 4)
#    `lead` days ahead; the 31st every month lands on the last day of
#    shorter months;
#  - idempotent per occurrence: a rerun, a clock moved back, a watermark
#    lost (the unique key on schedule and date alone), a week offline then
#    catching up, and two `jobs run` processes at once over duplicated job
#    rows each make every occurrence exactly once;
#  - after months offline only the occurrences still ahead or open are
#    made, and how many were skipped is said (output and activity).
. "$top_srcdir/tests/lib.sh"

# fresh NAME: a database of its own with client 1 and asset 1 "Server A".
fresh() {
	export TERMPSA_DB="$TMPD/$1.db"
	export TERMPSA_NOW=2026-01-15T10:00:00Z
	tp init >/dev/null &&
	    tp client add Acme >/dev/null && tp asset add 1 "Server A" >/dev/null
}

# at DATE CMD...: run CMD with the clock at DATE, 10:00 UTC.
at() {
	d=$1
	shift
	TERMPSA_NOW="${d}T10:00:00Z" run "$@"
}

# dues [ASSET]: the due dates of the asset's maintenance tickets, in order.
dues() {
	sql "SELECT group_concat(d, ' ') FROM (SELECT date(due_at, 'unixepoch')
	    AS d FROM tickets WHERE category = 'maintenance' AND
	    asset_id = ${1:-1} ORDER BY due_at, id)"
}

# --- add, list, validation -------------------------------------------------
fresh basic
run tp asset schedule add --help
is "$RC" 0 "asset schedule add --help exits 0"
like "$OUT" "--every N\(d\|w\|m\)" "the help shows --every"
like "$OUT" "--lead" "and --lead"

refused 64 "--every is required" "no --every" asset schedule add 1
refused 64 "asset schedule: which command\? \(add, list, remove\)" \
    "asset schedule alone names its commands" asset schedule
refused 65 "bad --every '3x'" "an unknown unit" asset schedule add 1 --every 3x
refused 65 "bad --every '0m'" "a zero interval" asset schedule add 1 --every 0m
refused 65 "bad --every '121m'" "too many months" asset schedule add 1 --every 121m
refused 65 "bad --every 'm'" "no count" asset schedule add 1 --every m
refused 65 "bad --lead '2m'" "a lead in months" asset schedule add 1 --every 1m --lead 2m
refused 65 "bad --lead '400d'" "a lead over a year" asset schedule add 1 --every 1m --lead 400d
refused 65 "bad --first '2026-02-30'" "a day that does not exist" \
    asset schedule add 1 --every 1m --first 2026-02-30
refused 65 "bad --first '3000-01-01'.*before 3000" "a year past 2999" \
    asset schedule add 1 --every 1m --first 3000-01-01
refused 65 "bad --type 'yearly'" "an unknown type" \
    asset schedule add 1 --every 1m --type yearly
refused 65 "bad --description ''" "an empty description" \
    asset schedule add 1 --every 1m --description ''
refused 65 "bad asset 'x'" "a bad asset id" asset schedule add x --every 1m
refused 1 "asset 9 not found" "an unknown asset" asset schedule add 9 --every 1m
tp asset add 1 "Old PC" --status retired >/dev/null
refused 1 "asset 2 is retired" "a retired asset" asset schedule add 2 --every 1m

run tp asset schedule add 1 --every 1m --first 2026-01-31 --lead 7d \
    --description "Check the UPS"
is "$RC" 0 "schedule add succeeds"
is "$OUT" "schedule 1: every 1m, next 2026-01-31 (its ticket is made on 2026-01-24 by 'termpsa jobs run')" \
    "it says the next occurrence and when its ticket is made"
run tp --json asset schedule add 1 --every 2w
is "$(jget "$OUT" next_on)" "2026-01-22" "without --first the first is in lead (7) days"
is "$(jget "$OUT" make_on)" "2026-01-15" "so its ticket is made today"
run tp --json asset schedule add 1 --every 3m --first 2025-11-20 --lead 2w \
    --type corrective
is "$(jget "$OUT" next_on)|$(jget "$OUT" lead_days)|$(jget "$OUT" maintenance_type)" \
    "2026-02-20|14|corrective" "a past --first is an anchor: next 2026-02-20, lead 2w = 14 days"
run tp asset schedule list 1
is "$RC" 0 "schedule list"
like "$OUT" "^1 +1 +Server A +1m +7 +preventive +2026-01-31 +2026-01-24 +0$" "lists the first"
like "$OUT" "^3 +1 +Server A +3m +14 +corrective +2026-02-20 +2026-02-06 +0$" "and the third"
run tp --json asset schedule list
is "$(jlen "$OUT" "")" 3 "--json: every asset's schedules"
is "$(jget "$OUT" 0.description)" "Check the UPS" "with the description"
refused 1 "asset 9 not found" "list of an unknown asset" asset schedule list 9
run tp asset schedule remove 3
is "$OUT" "schedule 3 removed (its tickets stay)" "remove"
refused 1 "schedule 3 not found" "removing it again" asset schedule remove 3
like "$(tp activity)" "Maintenance schedule 3 for Server A removed" "the activity says so"
run tp asset schedule remove 2
is "$(sql 'SELECT count(*) FROM maintenance_schedules')" 1 "one schedule left"

# --- making tickets, month ends, rerun, clock moved back ---------------------
at 2026-01-15 tp jobs run
is "$(dues)" "" "before the lead nothing is made"
at 2026-01-24 tp jobs run
is "$RC" 0 "jobs run on the day the ticket is due to be made"
like "$OUT" "scheduled maintenance: 1 ticket made, 0 past occurrences skipped" \
    "the output says a ticket was made"
is "$(dues)" "2026-01-31" "the ticket is due on the occurrence"
is "$(sql "SELECT subject || '|' || body || '|' || status || '|' || priority
	FROM tickets WHERE category = 'maintenance'")" \
    "Scheduled Maintenance: Server A|Check the UPS|scheduled|normal" \
    "it is scenario 4's ticket"
is "$(sql "SELECT status FROM assets WHERE id = 1")" "maintenance" \
    "and the asset is in maintenance"
is "$(sql "SELECT count(*) FROM asset_maintenance m JOIN
	maintenance_occurrences o ON o.maintenance_id = m.id
	WHERE m.scheduled_date = '2026-01-31' AND o.ticket_id = m.ticket_id")" 1 \
    "the occurrence is linked to its maintenance row"
at 2026-01-24 tp jobs run
is "$(dues)" "2026-01-31" "a rerun makes nothing more"
run tp --json asset show 1
is "$(jget "$OUT" schedules.0.next_on)|$(jget "$OUT" schedules.0.made)" \
    "2026-02-28|1" "asset show --json carries the schedules"
at 2026-01-31 tp ticket resolve "$(sql "SELECT id FROM tickets WHERE
	category = 'maintenance'")"
is "$(sql "SELECT status FROM assets WHERE id = 1")" "deployed" \
    "resolving the ticket completes the maintenance as scenario 4 says"
for d in 2026-02-21 2026-03-24 2026-04-23 2026-05-24; do
	at $d tp jobs run
done
is "$(dues)" "2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-31" \
    "the 31st every month: Feb 28, Mar 31, Apr 30, May 31"
is "$(sql "SELECT count(*) FROM jobs WHERE name = 'scheduled_maintenance'")" 1 \
    "one job waits for the next occurrence"
is "$(sql "SELECT date(available_at, 'unixepoch') FROM jobs
	WHERE name = 'scheduled_maintenance'")" "2026-06-23" \
    "due the day the next ticket is to be made"

# The clock moved back: a new schedule brings the job forward to now.
tp asset add 1 "Switch" >/dev/null
at 2026-01-20 tp asset schedule add 3 --every 1m --first 2026-01-25
at 2026-01-20 tp jobs run
is "$RC" 0 "jobs run with the clock moved back"
is "$(dues)" "2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-31" \
    "the clock moved back makes no occurrence again"
is "$(dues 3)" "2026-01-25" "while the new schedule's first is made"

# A watermark lost (or a worker that read the schedule before another
# committed): the unique key on schedule and date alone keeps each once.
wsql "UPDATE maintenance_schedules SET next_index = 0, next_on = first_on,
	make_on = date(first_on, '-7 days') WHERE id = 1;
	INSERT INTO jobs(name, payload, available_at, created_at)
	VALUES ('scheduled_maintenance', '{}', 0, 0);"
at 2026-05-24 tp jobs run
is "$RC" 0 "jobs run over a lost watermark"
is "$(dues)" "2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-31" \
    "the unique key keeps every occurrence once"
is "$(sql "SELECT count(*) FROM maintenance_occurrences WHERE schedule_id = 1")" 5 \
    "one occurrence row per date"

# Leap years and the turn of the year: the 31st lands on Feb 29 in 2028,
# Dec 31 goes on to Jan 31.
fresh leap
tp asset schedule add 1 --every 1m --first 2027-12-31 --lead 0 >/dev/null
for d in 2027-12-31 2028-01-31 2028-02-29 2028-03-31; do
	at $d tp jobs run
done
is "$(dues)" "2027-12-31 2028-01-31 2028-02-29 2028-03-31" \
    "Dec 31, Jan 31, Feb 29 in a leap year, Mar 31"
fresh quarter
tp asset schedule add 1 --every 3m --first 2026-11-30 --lead 1w >/dev/null
for d in 2026-11-23 2027-02-21 2027-05-23; do
	at $d tp jobs run
done
is "$(dues)" "2026-11-30 2027-02-28 2027-05-30" "every 3m from Nov 30: Feb 28, May 30"

# --- a week offline, then catching up ----------------------------------------
fresh week
tp asset schedule add 1 --every 1w --first 2026-07-06 --lead 3d >/dev/null
at 2026-07-03 tp jobs run
is "$(dues)" "2026-07-06" "weekly: the first is made 3 days ahead"
at 2026-07-17 tp jobs run
like "$OUT" "2 tickets made, 0 past occurrences skipped" \
    "a week offline: the missed one and the next are made, none skipped"
is "$(dues)" "2026-07-06 2026-07-13 2026-07-20" "each occurrence once"
at 2026-07-17 tp jobs run
is "$(dues)" "2026-07-06 2026-07-13 2026-07-20" "and a rerun adds none"

# --- months offline: only what is ahead or open -----------------------------
fresh months
tp asset schedule add 1 --every 1m --first 2026-01-31 --lead 7d >/dev/null
at 2026-01-15 tp jobs run
at 2026-06-10 tp --json jobs run
is "$(jget "$OUT" maintenance_made)|$(jget "$OUT" maintenance_skipped)" "1|4" \
    "--json: one made, four skipped"
is "$(dues)" "2026-05-31" "only the occurrence whose period is open is made"
is "$(sql "SELECT line FROM activity WHERE line LIKE '%skipped%'")" \
    "Maintenance schedule 1 for Server A: 4 past occurrences skipped (2026-01-31 to 2026-04-30), only those still ahead or open made" \
    "the activity names the skipped occurrences"
at 2026-06-23 tp jobs run
is "$(dues)" "2026-05-31 2026-06-30" "then it goes on as usual"
like "$OUT" "1 ticket made, 0 past" "without skipping"
is "$(sql "SELECT count(*) FROM activity WHERE line LIKE '%skipped%'")" 1 \
    "the skip is said once"

# A retired asset's occurrence is spent without a ticket, and said.
tp asset update 1 --status retired >/dev/null
at 2026-07-24 tp jobs run
is "$(dues)" "2026-05-31 2026-06-30" "no ticket for a retired asset"
like "$OUT" "0 tickets made, 1 past occurrence skipped" "counted as skipped"
is "$(sql "SELECT line FROM activity ORDER BY id DESC LIMIT 1")" \
    "Maintenance schedule 1 for Server A, 2026-07-31: not made: asset 1 is retired: cannot schedule maintenance" \
    "and the activity says why"

# --- two workers at once ----------------------------------------------------
fresh workers
for i in 2 3 4 5 6; do
	tp asset add 1 "Server $i" >/dev/null
done
for i in 1 2 3 4 5 6; do
	tp asset schedule add $i --every 1w --first 2026-02-02 --lead 7d \
	    >/dev/null
done
: >"$TMPD/workers.err"
for d in 2026-01-26 2026-02-02 2026-02-09 2026-02-09 2026-02-16; do
	# Duplicated job rows, as a crash between enqueue and delete or two
	# enqueuers leave them: both workers run the job.
	wsql "INSERT INTO jobs(name, payload, available_at, created_at)
	    SELECT 'scheduled_maintenance', '{}', 0, 0 FROM assets;"
	TERMPSA_NOW="${d}T10:00:00Z" tp jobs run >/dev/null 2>>"$TMPD/workers.err" &
	TERMPSA_NOW="${d}T10:00:00Z" tp jobs run >/dev/null 2>>"$TMPD/workers.err" &
	wait
done
is "$(cat "$TMPD/workers.err")" "" "two workers at once: no error"
is "$(sql "SELECT count(*) FROM tickets WHERE category = 'maintenance'")" 24 \
    "six schedules, four occurrences each: 24 tickets"
is "$(sql "SELECT count(*) FROM (SELECT asset_id, due_at FROM tickets WHERE
	category = 'maintenance' GROUP BY 1, 2 HAVING count(*) > 1)")" 0 \
    "no occurrence made twice"
is "$(dues 4)" "2026-02-02 2026-02-09 2026-02-16 2026-02-23" "each asset's four dates"
is "$(sql "SELECT count(*) FROM jobs WHERE name = 'scheduled_maintenance'
	AND failed_at IS NULL")" 1 "one job left waiting"
is "$(sql 'PRAGMA integrity_check')" ok "integrity_check ok"

done_testing
