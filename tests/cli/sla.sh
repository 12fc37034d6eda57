#!/bin/sh
# sla.sh - SLA clocks (issue 14 part 2) as a user meets them: ticket
# show/list --json carry sla_response_due_at, sla_resolve_due_at and
# sla_breached; clocks count business hours only (Mon-Fri 08:00-18:00 by
# default), skip weekends and holidays, follow a named time zone across
# DST, stop while a ticket is waiting; the dashboard counts breaches; a
# breach raises TicketSlaBreached and one notification per ticket and
# target however often the jobs run; config check refuses bad sla: values.
# Every step fixes the clock with TERMPSA_NOW.  2026-01-15 is a Thursday.
. "$top_srcdir/tests/lib.sh"

at() { TERMPSA_NOW=$1; export TERMPSA_NOW; }
# sla TICKET: "response_due resolve_due breached" from ticket show --json
sla() {
	j=$(tp ticket show "$1" --json) || return 1
	echo "$(jget "$j" sla_response_due_at) $(jget "$j" sla_resolve_due_at) $(jget "$j" sla_breached)"
}
# lsla TICKET: "response_due breached" of that ticket in ticket list --json
lsla() {
	tp ticket list --json | "$PYTHON3" -c '
import json, sys
for t in json.load(sys.stdin):
    if t["id"] == int(sys.argv[1]):
        print(t["sla_response_due_at"], t["sla_breached"])
' "$1"
}
conf() {
	mkdir -p "$XDG_CONFIG_HOME/termpsa"
	printf "$1" > "$XDG_CONFIG_HOME/termpsa/config.yaml"
	chmod 600 "$XDG_CONFIG_HOME/termpsa/config.yaml"
}
newticket() { tp ticket add 1 "$1" --priority "$2" | sed 's/^ticket //'; }

at 2026-01-15T10:00:00Z
tp init >/dev/null
tp client add Acme >/dev/null

# --- defaults: high is 4h / 1d, counted in business hours --------------
t=$(newticket "Mail down" high)
is "$(sla "$t")" "2026-01-15T14:00:00Z 2026-01-16T10:00:00Z 0" \
    "high: response in 4 business hours, resolution in one business day (10h)"
is "$(lsla "$t")" "2026-01-15T14:00:00Z 0" "ticket list --json carries the SLA fields"
at 2026-01-15T14:00:00Z
is "$(sla "$t" | cut -d' ' -f3)" 0 "not breached at the due second"
at 2026-01-15T14:00:01Z
is "$(sla "$t" | cut -d' ' -f3)" 1 "breached one second later"
is "$(lsla "$t")" "2026-01-15T14:00:00Z 1" "ticket list shows the breach too"

# --- a weekend: Friday 16:00 + 1d (10h) is Monday 16:00 ---------------
at 2026-01-16T16:00:00Z
w=$(newticket "Printer jam" normal)
is "$(sla "$w")" "2026-01-19T16:00:00Z 2026-01-21T16:00:00Z 0" \
    "normal on a Friday afternoon: response Monday, resolution Wednesday"
at 2026-01-17T12:00:00Z
is "$(sla "$w" | cut -d' ' -f3)" 0 "Saturday: nothing breaches over the weekend"

# --- a holiday: the Monday off moves both to the next business day ------
conf 'sla:\n  holidays: [2026-01-19]\n'
is "$(sla "$w")" "2026-01-20T16:00:00Z 2026-01-22T16:00:00Z 0" \
    "a holiday Monday pushes the targets by a business day"
conf 'sla:\n  holidays: [2026-01-19]\n  hours: "Mon-Fri 09:00-17:00"\n  normal: {response: 2h, resolve: 1d4h}\n'
is "$(sla "$w")" "2026-01-20T10:00:00Z 2026-01-21T12:00:00Z 0" \
    "configured hours and targets: Fri 16-17 (1h) then Tue 09-10; 1d is 8h here"
rm -f "$XDG_CONFIG_HOME/termpsa/config.yaml"

# --- waiting stops the clocks; a status change away from open responds --
at 2026-01-15T10:00:00Z
c=$(newticket "Server down" critical)
is "$(sla "$c")" "2026-01-15T11:00:00Z 2026-01-15T14:00:00Z 0" "critical: 1h / 4h"
at 2026-01-15T10:30:00Z
tp ticket status "$c" waiting >/dev/null
at 2026-01-15T12:30:00Z
is "$(sla "$c")" "2026-01-15T11:00:00Z 2026-01-15T16:00:00Z 0" \
    "waiting at 10:30 was the response (not breached at 12:30); resolution would be 3.5h from now"
at 2026-01-15T13:30:00Z
tp ticket status "$c" in_progress >/dev/null
at 2026-01-15T14:30:00Z
is "$(sla "$c")" "2026-01-15T11:00:00Z 2026-01-15T17:00:00Z 0" \
    "three hours of waiting are not counted: resolution due 17:00"
at 2026-01-15T17:00:01Z
is "$(sla "$c" | cut -d' ' -f3)" 1 "past 17:00 it is breached"
at 2026-01-15T16:00:00Z
tp ticket resolve "$c" >/dev/null
at 2026-01-16T12:00:00Z
is "$(sla "$c")" "2026-01-15T11:00:00Z 2026-01-15T17:00:00Z 0" \
    "resolved in time: the clocks stop and nothing breaches later"

# --- a scheduled ticket (maintenance made ahead of its date) waits ------
# Its resolution clock stands still until the work starts: a recurring
# maintenance ticket made a week ahead used to breach days before its date.
at 2026-01-15T10:00:00Z
m=$(newticket "Patch night" normal)
tp ticket status "$m" scheduled >/dev/null
at 2026-01-29T10:00:00Z
is "$(sla "$m" | cut -d' ' -f3)" 0 "scheduled for two weeks: not breached"
is "$(sla "$m" | cut -d' ' -f2)" "2026-02-03T10:00:00Z" \
    "... the resolution stands 3 business days from now, as if it started now"
tp ticket status "$m" in_progress >/dev/null
at 2026-02-03T10:00:01Z
is "$(sla "$m" | cut -d' ' -f3)" 1 "once the work starts its clock runs: breached 3 business days on"

# --- a public note is a response, an internal one is not --------------
at 2026-01-15T10:00:00Z
n=$(newticket "VPN" high)
i=$(newticket "Wifi" high)
at 2026-01-15T11:00:00Z
tp ticket note "$i" "looking" >/dev/null
at 2026-01-15T12:00:00Z
tp ticket note "$n" "we are on it" --public >/dev/null
at 2026-01-15T15:00:00Z
is "$(sla "$n")" "2026-01-15T14:00:00Z 2026-01-16T10:00:00Z 0" \
    "a public note before the due time is the response"
is "$(sla "$i")" "2026-01-15T14:00:00Z 2026-01-16T10:00:00Z 1" \
    "an internal note is not: breached at 15:00"

# --- a named zone across DST: New York 09:00-17:00 ---------------------
conf 'sla:\n  timezone: America/New_York\n  hours: "Mon-Fri 09:00-17:00"\n'
at 2026-03-06T21:00:00Z    # Friday 16:00 EST
d=$(newticket "DST" high)
is "$(sla "$d" | cut -d' ' -f1)" "2026-03-09T16:00:00Z" \
    "Friday 16:00 EST + 4h = Monday 12:00 EDT (the clocks changed on Sunday)"
j=$(TZ=Europe/Paris tp ticket show "$d" --json)
is "$(jget "$j" sla_response_due_at)" \
    "2026-03-09T16:00:00Z" "the process's own TZ does not change the calendar's zone"
rm -f "$XDG_CONFIG_HOME/termpsa/config.yaml"

# --- the dashboard counts open breached tickets -----------------------
at 2026-01-16T12:00:00Z
run tp client show 1 --json
is "$(jget "$OUT" tickets.sla_breached)" 4 \
    "dashboard: Mail down, VPN, Wifi and the welcome ticket are open and past a target"
run tp client show 1
like "$OUT" '^Tickets: .*, 4 past SLA' "the text dashboard says it"

# --- TicketSlaBreached: once per ticket and target --------------------
tp jobs run >/dev/null
tp jobs run >/dev/null
is "$(sql "SELECT count(*) FROM events WHERE name = 'TicketSlaBreached' AND entity_id = $t")" 2 \
    "Mail down breached both targets: two events"
is "$(sql "SELECT group_concat(target, ',') FROM (SELECT target FROM sla_breaches WHERE ticket_id = $t ORDER BY target)")" \
    "resolve,response" "one row per target"
tp jobs run >/dev/null
at 2026-01-20T12:00:00Z
tp jobs run >/dev/null
tp ticket status "$t" in_progress >/dev/null
tp jobs run >/dev/null
is "$(sql "SELECT count(*) FROM events WHERE name = 'TicketSlaBreached' AND entity_id = $t")" 2 \
    "more runs and changes raise no second event"
is "$(sql "SELECT count(*) FROM notifications WHERE kind = 'TicketSlaBreached' AND message LIKE 'Ticket #$(sql "SELECT number FROM tickets WHERE id = $t") missed its SLA %'")" 2 \
    "one notification per target, naming the ticket"
is "$(sql "SELECT count(*) FROM events WHERE name = 'TicketSlaBreached' AND entity_id = $c")" 0 \
    "a ticket resolved in time raises nothing"

# --- the check comes back by itself at the due time -------------------
at 2026-01-22T10:00:00Z
q=$(newticket "Later" high)
tp jobs run >/dev/null
is "$(sql "SELECT datetime(available_at, 'unixepoch') FROM jobs WHERE name = 'check_sla' AND json_extract(payload, '\$.ticket_id') = $q")" \
    "2026-01-22 14:00:01" "the check is queued again for the response due time"
at 2026-01-22T14:00:01Z
tp jobs run >/dev/null
is "$(sql "SELECT target FROM sla_breaches WHERE ticket_id = $q")" response \
    "with no change to the ticket, the breach is found when due"

# --- a change to a ticket past its target announces it at once ---------
at 2026-01-26T10:00:00Z
z=$(newticket "Late reply" high)
at 2026-01-26T15:00:00Z
tp ticket status "$z" in_progress >/dev/null
is "$(sql "SELECT group_concat(target) FROM sla_breaches WHERE ticket_id = $z")|$(sql "SELECT count(*) FROM events WHERE name = 'TicketSlaBreached' AND entity_id = $z")" \
    "response|1" "answering an hour late raises the breach in the change's own transaction (no job run)"

# --- config check refuses bad sla: values (exit 65, where and why) -----
badconf() {
	conf "$2"
	run tp config check
	is "$RC" 65 "$1: exit 65"
	like "$ERR" "$3" "$1: message"
}
badconf bad_hours 'sla:\n  hours: "Mon-Fri 18:00-08:00"\n' 'config.yaml:2:10: sla.hours: the span .* ends before it starts'
badconf bad_day 'sla:\n  hours: "Mon-Fry 08:00-18:00"\n' 'sla.hours: expected a day after'
badconf bad_zone 'sla:\n  timezone: Mars/Olympus\n' 'sla.timezone: no time zone .Mars/Olympus.'
badconf bad_duration 'sla:\n  high: {response: 4 hours}\n' 'sla.high.response: .4 hours. is not a duration'
badconf bad_target_key 'sla:\n  high: {respond: 4h}\n' "unknown key 'respond'.*response"
badconf bad_holiday 'sla:\n  holidays: [2026-02-30]\n' "sla.holidays: '2026-02-30' is not a date"
conf 'sla:\n  hours: "Mon-Thu 08:00-12:00 13:00-17:00, Fri 08:00-12:00"\n  timezone: Europe/Berlin\n  holidays: [2026-12-24, 2026-12-25]\n  critical: {response: 30m, resolve: 2h}\n'
run tp config check --json
is "$RC|$(jget "$OUT" sla.critical.response)|$(jget "$OUT" sla.low.resolve)|$(jget "$OUT" sla.holidays)" \
    '0|30m|10d|["2026-12-24","2026-12-25"]' "a good sla: section checks ok; defaults fill the rest"

done_testing
