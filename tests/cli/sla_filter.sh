#!/bin/sh
# sla_filter.sh - the filter language's sla: terms and the SLA sort
# (issue 14) as a user meets them in `ticket list`, across a weekend:
# sla:breached, sla:<2h (time to breach under two hours, breached ones
# included), sla:>1d, sla:none (no clock running: waiting), each negated
# with "-"; --sort sla (soonest breach first, no clock last) and
# --reverse, paging with --after; a bad sla: value is exit 65 naming the
# valid ones.  Default calendar Mon-Fri 08:00-18:00 UTC; 2026-01-16 is a
# Friday.
. "$top_srcdir/tests/lib.sh"

at() { TERMPSA_NOW=$1; export TERMPSA_NOW; }
# ids ARGS...: the ids ticket list ARGS... prints, in its order.
ids() {
	tp ticket list --json "$@" | "$PYTHON3" -c '
import json, sys
print(" ".join(str(t["id"]) for t in json.load(sys.stdin)))'
}
newticket() { tp ticket add 1 "$1" --priority "$2" | sed 's/^ticket //'; }

at 2026-01-16T15:00:00Z
tp init >/dev/null
tp client add Acme >/dev/null            # ticket 1, the welcome: normal
crit=$(newticket "Server down" critical) # response due Fri 16:00
at 2026-01-16T16:30:00Z
high=$(newticket "Mail slow" high)       # 1.5h Fri + 2.5h Mon: Mon 10:30
low=$(newticket "New laptop" low)        # 30 business hours: Wed 16:30
at 2026-01-16T17:00:00Z
park=$(newticket "Printer toner" normal)
at 2026-01-16T17:30:00Z
tp ticket status "$park" waiting >/dev/null   # its clocks stop
is "$crit $high $low $park" "2 3 4 5" "five tickets"

# --- Saturday: the weekend counts nothing down -------------------------
at 2026-01-17T12:00:00Z
is "$(ids sla:breached)" "2" "Saturday: only the critical ticket is breached"
is "$(ids 'sla:<2h')" "2" "Saturday: nothing else falls due within 2h"
is "$(ids 'sla:<2d')" "3 2" "sla:<2d: Mail slow is due Monday 10:30, within two days"

# --- Monday 08:31 --------------------------------------------------------
at 2026-01-19T08:31:00Z
is "$(ids sla:breached)" "2" "Monday: sla:breached"
is "$(ids 'sla:<2h')" "3 2" "sla:<2h: Mail slow (due 10:30) and the breached one"
is "$(ids 'sla:<2h' -sla:breached)" "3" "sla:<2h -sla:breached: about to breach, not yet"
is "$(ids -sla:breached)" "5 4 3 1" "-sla:breached: every other open ticket"
is "$(ids 'sla:>1d')" "4" "sla:>1d: only New laptop (due Wednesday)"
is "$(ids sla:none)" "5" "sla:none: the waiting ticket has no clock running"
is "$(ids -sla:none)" "4 3 2 1" "-sla:none"
is "$(ids 'sla:<=2h' pri:high+)" "3 2" "with another term"
is "$(ids 'sla:<2h' --search mail)" "3" "with a search"
at 2026-01-19T08:30:00Z
is "$(ids 'sla:<2h')" "2" "Monday 08:30: Mail slow is exactly 2h away, not under"

# --- the SLA sort ----------------------------------------------------------
at 2026-01-19T08:31:00Z
is "$(ids --sort sla)" "2 3 1 4 5" "--sort sla: soonest breach first, no clock last"
is "$(ids --sort sla --reverse)" "5 4 1 3 2" "--sort sla --reverse"
is "$(ids --sort sla --limit 2)" "2 3" "--sort sla pages: first window"
is "$(ids --sort sla --limit 2 --after 3)" "1 4" "... next window"
is "$(ids --sort sla --after 4)" "5" "... into the tickets without a clock"
is "$(ids --sort sla --reverse --after 5 --limit 2)" "4 1" "--reverse pages too"
is "$(ids --sort sla -sla:breached)" "3 1 4 5" "--sort sla with a term"
is "$(ids --sort sla --search ser)" "2 1" "--sort sla with a search (Server down, services)"
tp ticket resolve "$crit" >/dev/null
is "$(ids --sort sla --status open,waiting,resolved)" "3 1 4 2 5" \
    "a resolved ticket has no clock: last, by id"

# --- bad values ------------------------------------------------------------
run tp ticket list sla:xyz
is "$RC" 65 "sla:xyz: exit 65"
like "$ERR" "bad filter term 1 'sla:xyz' \\(column 1\\): sla takes breached\\|<2h\\|>1d\\|none" \
    "... naming the valid values"
run tp ticket list 'sla:2h'
is "$RC" 65 "a time to breach needs < or >"
run tp ticket list pri:high -sla:soon
is "$RC" 65 "-sla:soon: exit 65"
like "$ERR" "term 2 '-sla:soon'" "... naming the term"
run tp ticket list --sort slaa
is "$RC" 65 "an unknown sort: exit 65"
like "$ERR" "sla" "... naming sla among the sorts"

run tp ticket list --help
like "$OUT" "sla:breached" "ticket list --help shows the sla: terms"
like "$OUT" "sla:<2h" "... time to breach"
like "$OUT" "updated\\|priority\\|due\\|newest\\|client\\|sla" "... and the sla sort"

done_testing
