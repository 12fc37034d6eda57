#!/bin/sh
# ui_sla_paint.sh - painting the queue reads no database: the SLA column
# comes with the rows ticket_list fetched, so repainting (here: opening
# and closing ? five times) runs no SLA query per visible row, where it
# used to run one per row on every paint (a cost on every keystroke).
# Counted with TERMPSA_TRACE_SQL, which logs every statement run.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
export TERMPSA_TRACE_SQL="$TMPD/trace"
# reads N: start the UI, repaint N times, quit; READS: the SLA reads
# run (not in a $(...): ui_start's session must stay this shell's).
reads() {
	: >"$TMPD/trace"
	ui_start 100 30
	ui_wait_for 'Ticket queue' >/dev/null
	i=0
	while [ "$i" -lt "$1" ]; do
		ui_keys '?'
		ui_wait_for '^Help: Ticket queue' >/dev/null
		ui_keys q
		ui_wait_gone '^Help: Ticket queue' >/dev/null
		i=$((i + 1))
	done
	ui_quit
	READS=$(grep -c 'FROM ticket_status_log' "$TMPD/trace")
}
reads 0
once=$READS
reads 5
more=$READS
like "$once" '^[1-9][0-9]*$' 'the queue reads the SLA clocks of the rows it fetches'
is "$more" "$once" 'five repaints read nothing more'
done_testing
