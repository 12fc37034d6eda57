#!/bin/sh
# ui_text.sh - $EDITOR output is text that comes in: it passes the text
# boundary's one rule like any other (core/text, through the services),
# so an editor that writes bytes that are not UTF-8 or a bidi override
# has its text refused with a message naming the field, and nothing is
# stored.  The forms' ids follow the one whole-number rule.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
cat >"$TMPD/ed.sh" <<EOF2
#!/bin/sh
printf 'Bad\377Name\n' >>"\$1"
EOF2
chmod +x "$TMPD/ed.sh"
export EDITOR="$TMPD/ed.sh" VISUAL=
notes=$(sql 'SELECT count(*) FROM ticket_notes')

ui_start
ui_see 'Ticket queue' 'starts'
ui_resize 160 24    # room in the status line for the whole message
ui_keys m
ui_see 'Note \(C-e' 'm asks for a note'
ui_keys C-e
ui_see 'note is not valid UTF-8' 'an editor writing invalid UTF-8: refused, naming the field'
is "$(sql 'SELECT count(*) FROM ticket_notes')" "$notes" '... and no note is stored'

cat >"$TMPD/ed.sh" <<EOF2
#!/bin/sh
printf 'evil \342\200\256txt.exe\n' >>"\$1"
EOF2
ui_keys Escape
ui_keys m
ui_see 'Note \(C-e' 'm asks again'
ui_keys C-e
ui_see 'note holds a control character \(U\+202E' 'a bidi override from the editor: refused'
is "$(sql 'SELECT count(*) FROM ticket_notes')" "$notes" '... and no note is stored'

# No form takes an id typed by hand any more: a client is picked by name,
# and '+3' names none.
ui_keys Escape
ui_keys 3
ui_see 'Assets' 'the assets pane'
assets=$(sql "SELECT count(*) FROM assets")
ui_keys c
ui_see 'New asset' 'c opens the asset form'
ui_keys C-u
ui_type '+3'
ui_see 'nothing matches' "'+3' names no client"
ui_keys Escape Escape
ui_not_see 'New asset' 'Esc twice: the picker, then the form'
is "$(sql "SELECT count(*) FROM assets")" "$assets" 'no asset made'
ui_quit
done_testing
