#!/bin/sh
# ui_cmdline.sh - `:` runs its command in the background: while a slow
# command runs the UI still answers keys and the status line says what
# runs and for how long; the result shows when it ends; C-c cancels it
# and kills what it started; one command at a time; output of several
# lines shows in a pager as the command printed it (uifix).
#
# TERMPSA_CMDLINE_PROG (for tests only) names the program `:` runs instead
# of termpsa: here a script that is slow on purpose, and runs the real
# termpsa for anything else.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic

PIDS="$TMPD/pids"
cat >"$TMPD/prog.sh" <<EOF2
#!/bin/sh
# The words come after --db X [--config C] --user U.
all="\$*"
while [ \$# -gt 0 ]; do
	case "\$1" in
	--db|--config|--user) shift 2 ;;
	*) break ;;
	esac
done
case "\$1" in
wait)	sleep "\$2"; echo "waited \$2 s" ;;
lines)	printf 'line one\nline two\nline three\n' ;;
hang)	sleep 60 &
	echo "\$\$ \$!" >"$PIDS.tmp" && mv "$PIDS.tmp" "$PIDS"
	wait ;;
*)	exec "$TERMPSA" \$all ;;
esac
EOF2
chmod +x "$TMPD/prog.sh"
export TERMPSA_CMDLINE_PROG="$TMPD/prog.sh"

ui_start
ui_see 'Ticket queue' 'starts'

# A slow command: the UI answers keys meanwhile.
first=$(ui_sel)
ui_keys :
ui_type 'wait 3'
ui_keys Enter
ui_see 'running: wait 3 [0-9]s' 'the status line shows the running command'
ui_keys j
ui_wait_for 'running: wait 3' 1
running_after_j=$?
ui_sel_is "." "a row is selected"
second=$(ui_sel)
is "$running_after_j" 0 "still running after j"
[ "$first" != "$second" ]
ok $? "j moved the selection while the command ran"
ui_see 'running: wait 3 [12]s' 'its running time ticks'
ui_keys :
ui_see 'already running: wait 3 \(C-c cancels\)' \
    'a second : says one is running'
ui_see 'waited 3 s' 'the result shows when it ends'
ui_not_see 'running:' 'the status line no longer shows it'
ui_keys k
ui_sel_is "$(printf '%s' "$first" | sed 's/[][\.*^$()+?{}|]/\\&/g')" \
    'k moves back: keys work after the command too'

# Output of several lines opens the pager.
ui_keys :
ui_type lines
ui_keys Enter
ui_see ':lines \(exit 0\)' 'several lines open the pager'
ui_see 'line three' 'with the output'
ui_see '^line one$' 'as the command printed it, not indented'
ui_keys q
ui_see 'Ticket queue' 'q closes the pager'
# A table keeps its columns, from the first one.
ui_keys :
ui_type 'client list'
ui_keys Enter
ui_see ':client list \(exit 0\)' 'client list opens the pager'
ui_see '^ID +NAME +COMPANY_NAME' 'its header from the first column'
ui_see '^1 +Acme Dental +Acme Dental LLC' 'its rows under it'
ui_keys q
ui_see 'Ticket queue' 'q closes the pager'

# hang NAME: `:hang` runs a command that waits for ever; shpid and sleeppid
# are its shell and the child it started.
hang() {
	rm -f "$PIDS"
	ui_keys :
	ui_type hang
	ui_keys Enter
	ui_see 'running: hang' "$1"
	n=0
	while [ ! -f "$PIDS" ] && [ $n -lt 200 ]; do
		sleep 0.05; n=$((n + 1))
	done
	read -r shpid sleeppid <"$PIDS"
}

# C-c cancels: the command and what it started are killed, the UI stays.
hang 'a command that would hang'
kill -0 "$shpid" 2>/dev/null && kill -0 "$sleeppid" 2>/dev/null
ok $? "it runs, with a child of its own"
ui_keys C-c
ui_see 'cancelled: hang' 'C-c cancels it'
ui_not_see 'running:' 'nothing runs any more'
gone() {
	n=0
	while kill -0 "$1" 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.05; n=$((n + 1))
	done
	! kill -0 "$1" 2>/dev/null
}
gone "$shpid"
ok $? "the command is killed"
gone "$sleeppid"
ok $? "and so is what it started"
ui_dead
is "$?" 1 "the UI is still running after C-c"
ui_keys j
ui_sel_is "$(printf '%s' "$second" | sed 's/[][\.*^$()+?{}|]/\\&/g')" \
    'and answers keys'

# A real command through termpsa itself.
ui_keys :
ui_type 'ticket status 1 waiting'
ui_keys Enter
ui_see '\| ticket 1 waiting' 'its output in the status line'
is "$(sql 'SELECT status FROM tickets WHERE id = 1')" waiting \
    ':ticket status ran termpsa'

# Quitting while a command runs leaves no process behind.
hang 'another hanging command'
ui_quit
is "$UI_RC" 0 "Q quits while a command runs"
gone "$shpid" && gone "$sleeppid"
ok $? "no process left after quitting"

done_testing
