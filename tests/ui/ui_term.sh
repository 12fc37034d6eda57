#!/bin/sh
# ui_term.sh - a terminal that cannot hold the UI (TERM=dumb, a type
# terminfo does not know, one without cursor addressing) is refused with
# a message and exit status 1 instead of a blank screen (issue 12 #22).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic

# ui_start_term TERM: termpsa in a tmux pane (a real terminal on stdin
# and stdout) with TERM set as given; its exit status in UI_RC.
ui_start_term() {
	TERMPSA_REAL=$TERMPSA
	cat >"$TMPD/term.sh" <<EOS
#!/bin/sh
TERM='$1' exec "$TERMPSA_REAL" "\$@"
EOS
	chmod +x "$TMPD/term.sh"
	TERMPSA="$TMPD/term.sh"
	# ui_start waits for a first frame, which never comes here.
	ui_start 80 24 >/dev/null 2>&1
	TERMPSA=$TERMPSA_REAL
}

# The pane's text with wrapped lines joined: the messages are long.
see_joined() {
	if ui_tmux capture-pane -t t -p -J | grep -Eq -- "$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		ui_tmux capture-pane -t t -p -J | sed 's/^/#   |/'
	fi
}

for t in dumb no-such-terminal-xyz; do
	ui_start_term "$t"
	if ui_wait_exit 10; then
		is "$UI_RC" 1 "TERM=$t: exit status 1"
	else
		ok 1 "TERM=$t: exit status 1 (still running)"
		ui_screen | sed 's/^/#   |/'
	fi
	see_joined "^termpsa: .*terminal UI" "TERM=$t: a message says why"
	see_joined "TERM=$t" "TERM=$t: the message names the terminal type"
	see_joined "termpsa --help" "TERM=$t: and points to the commands"
done

# A terminal type without cursor addressing: a terminfo entry of its own.
if command -v tic >/dev/null 2>&1; then
	mkdir -p "$TMPD/terminfo"
	printf 'tp-glass|glass tty without cursor addressing,\n\tcols#80, lines#24, bel=^G, cr=\\r, cud1=\\n, ind=\\n,\n' \
	    >"$TMPD/glass.src"
	if tic -o "$TMPD/terminfo" "$TMPD/glass.src" 2>/dev/null; then
		export TERMINFO="$TMPD/terminfo"
		ui_start_term tp-glass
		if ui_wait_exit 10; then
			is "$UI_RC" 1 "no cursor addressing: exit status 1"
		else
			ok 1 "no cursor addressing: exit status 1 (still running)"
		fi
		see_joined "cannot move the cursor" \
		    "no cursor addressing: the message says so"
		unset TERMINFO
	fi
fi

# A real terminal still works.
ui_start
ui_see 'Ticket queue' 'TERM from tmux: the UI starts'
ui_quit
is "$UI_RC" 0 'and quits with 0'

done_testing
