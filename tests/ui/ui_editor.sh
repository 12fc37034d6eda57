#!/bin/sh
# ui_editor.sh - long text in $EDITOR (the screen suspended and restored),
# the ticket create and edit forms, and C-z (SIGTSTP) suspending and
# resuming cleanly.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
# The "editor": appends two lines to the file it is given, and notes
# whether it had the terminal.
cat >"$TMPD/ed.sh" <<EOF2
#!/bin/sh
[ -t 0 ] && [ -t 1 ] && echo tty >"$TMPD/ed.tty"
printf '%s\n' "from the editor" "second line" >>"\$1"
EOF2
chmod +x "$TMPD/ed.sh"
export EDITOR="$TMPD/ed.sh" VISUAL=

ui_start
ui_see 'Ticket queue' 'starts'
ui_keys m
ui_see 'Note \(C-e' 'm asks for a note'
ui_type 'draft'
ui_keys C-e
ui_see 'note added' 'C-e runs $EDITOR and saves its text'
ui_see 'Ticket queue' 'the screen is restored after the editor'
is "$(cat "$TMPD/ed.tty" 2>/dev/null)" tty 'the editor had the terminal'
is "$(sql 'SELECT body FROM ticket_notes WHERE ticket_id = 9')" \
    "$(printf 'draftfrom the editor\nsecond line')" \
    'the note holds what the editor wrote after the draft'

# c: the ticket form, the description in the editor.
ui_keys c
ui_see 'New ticket' 'c opens the ticket form'
ui_see 'Client\* +Cobalt Labs #3' 'the client defaults to the selected ticket'"'"'s'
ui_keys Tab
ui_type 'Toner low'
ui_keys Tab Space
ui_see '< high >' 'Space cycles the priority'
ui_keys Tab
ui_see 'C-e \$EDITOR' "the form's hint names the editor key on the description"
ui_type 'typed, '
ui_see 'Description +typed,$' 'typing goes into the description in place'
ui_keys C-e
ui_see 'Description +typed, from the editor.second line' 'C-e takes it to the editor, and back with its lines'
ui_keys Tab
ui_type '2026-13-01'
ui_keys C-s
ui_see '2026-13-01' 'the cursor moved on to the due date'
ui_see "bad date|not a date|invalid date|2026-13-01'" 'a bad date is refused in the form'
ui_keys C-u
ui_type '2026-01-20'
ui_keys C-s
ui_see 'ticket #[0-9]+ created' 'created'
is "$(sql "SELECT client_id || '|' || priority || '|' || body || '|' || date(due_at, 'unixepoch') FROM tickets WHERE subject = 'Toner low'")" \
    "3|high|$(printf 'typed, from the editor\nsecond line')|2026-01-20" \
    'the ticket is in the database with every field'
ui_see 'Toner low' 'and in the queue'

# e: edit the subject of the new ticket (now on top).
ui_keys g e
ui_see 'Edit ticket' 'e opens the edit form'
ui_keys C-u
ui_type 'Toner empty'
ui_keys C-s
ui_see 'ticket updated' 'updated'
is "$(sql "SELECT count(*) FROM tickets WHERE subject = 'Toner empty'")" 1 \
    'the new subject is in the database'

# C-z: suspended, then resumed with the screen back.  The wrapper is a
# job-control shell, like the technician's.
ui_quit
command -v bash >/dev/null || { done_testing; }
UI_JOBCONTROL=1 ui_start
ui_see 'Ticket queue' 'starts under a job-control shell'
pid=$(ui_pid)
ui_keys C-z
n=0
while [ ! -f "$TMPD/ui.stopped" ] && [ $n -lt 300 ]; do
	sleep 0.1; n=$((n + 1))
done
is "$(ps -o stat= -p "$pid" | cut -c1)" T 'C-z stops the program'
ui_not_see 'Ticket queue' 'and gives the terminal back (the screen restored)'
: >"$TMPD/ui.go"
ui_see 'Ticket queue' 'fg brings the screen back'
ui_keys j
ui_sel_is 'Toner empty|Server disk' 'and it takes keys again'
ui_quit
is "$UI_RC" 0 'quits'

# An editor that writes DOS line ends: the note is taken, with LF only
# (it was refused for U+000D).
cat >"$TMPD/dos.sh" <<EOF2
#!/bin/sh
printf 'one\r\ntwo\r\n' >"\$1"
EOF2
chmod +x "$TMPD/dos.sh"
EDITOR="$TMPD/dos.sh" ui_start
ui_see 'Ticket queue' 'starts with a DOS editor'
ui_keys m
ui_see 'Note \(C-e' 'm asks for a note'
ui_keys C-e
ui_see 'note added' 'a note with CRLF line ends from the editor is added'
is "$(sql "SELECT hex(body) FROM ticket_notes ORDER BY id DESC LIMIT 1")" \
    "$(printf 'one\ntwo' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" '... stored with LF only'
ui_quit
done_testing
