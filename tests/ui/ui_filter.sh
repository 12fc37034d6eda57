#!/bin/sh
# ui_filter.sh - the queue's f: the five presets kept as named entries,
# the config's views: listed beside them, and a filter typed in the lists'
# language (termpsa(1) FILTERS) with Tab completing fields and values; a
# bad term is shown and the line kept.  Through the real binary in tmux.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
mkdir -p "$TMPD/cfg"
cat >"$TMPD/cfg/config.yaml" <<'YAML'
views:
  urgent-free: "assignee:none pri:high+"
  lab: "client:\"Cobalt Labs\" wifi"
YAML
chmod 600 "$TMPD/cfg/config.yaml"
export TERMPSA_CONFIG="$TMPD/cfg/config.yaml"
run tp config check --json
is "$RC" 0 'config check accepts views:'
is "$(jget "$OUT" views.urgent-free)" "assignee:none pri:high+" 'the view is in the config'

ui_start 100 30
ui_see 'Ticket queue \[open\]' 'the queue starts on the open preset'
ui_keys f
ui_see 'unassigned' 'f lists the presets'
ui_see 'urgent-free +assignee:none pri:high\+' '... and the views of the config'
ui_see 'type a filter' '... and typing one'
# A preset still works by its name.
ui_keys u Enter
ui_see 'Ticket queue \[unassigned\]' 'a preset by name'
ui_not_see 'Email bounces' '... the assigned ticket is gone'
ui_see 'Backup failed' '... unassigned ones stay'

# A view: unassigned and high or above.
ui_keys f
ui_wait_for 'urgent-free' >/dev/null
ui_keys u Enter
ui_see 'Ticket queue \[urgent-free\]' 'a view by its name in the title'
ui_see 'Server disk 90% full' '... its critical unassigned ticket'
ui_see 'Backup failed' '... and the high one'
ui_not_see 'Wifi slow' '... not the normal ones'
ui_not_see 'Email bounces' '... nor the assigned high one'

# Typed, with Tab completion: "cl<Tab>" -> "client:", "st<Tab>" -> status:,
# "status:wa<Tab>" -> "status:waiting ".
ui_keys f
ui_wait_for 'type a filter' >/dev/null
ui_keys End Enter
ui_see 'Filter \(Tab completes\): assignee:none pri:high\+' \
    'the prompt starts from the filter in force'
ui_keys C-u
ui_type 'st'
ui_keys Tab
ui_see 'Filter \(Tab completes\): status:$' 'Tab completes a field'
ui_type 'wa'
ui_keys Tab
# (tmux drops the blank Tab added at the end of the line.)
ui_see 'Filter \(Tab completes\): status:waiting$' 'Tab completes a value'
ui_type 'a'
ui_keys Tab
ui_see 'assignee:  age:  asset:' 'several candidates are shown'
ui_see 'Filter \(Tab completes\): status:waiting a$' \
    '... after the blank a whole value gets, their common start'
ui_keys C-w
ui_type 'pri:urgent'
ui_keys Enter
ui_see "bad filter term 2 'pri:urgent' \\(column 16\\)" 'a bad term is shown'
ui_see 'Filter \(Tab completes\): status:waiting pri:urgent' '... the line kept'
ui_keys C-w
ui_type 'laptop'
ui_keys Enter
ui_see 'Ticket queue \[status:waiting laptop\]' 'a typed filter in the title'
ui_see 'New laptop setup' '... waiting and matching the word'
ui_not_see 'Printer jams' '... nothing else'

# Back to a preset.
ui_keys f
ui_wait_for 'unassigned' >/dev/null
ui_keys Home Enter
ui_see 'Ticket queue \[open\]' 'back to open'
ui_see 'Printer jams' '... everything open again'
# o: by client, and backwards.
ui_keys o
ui_see 'client reversed' 'o lists each order and each backwards'
ui_keys c Enter
ui_see 'Ticket queue \[open\] by client' 'sorted by client'
ui_see '^[!^ ] +[0-9]+ +[a-z]+ +[a-z_]+ +Acme Dental' '... Acme Dental first'
ui_keys o
ui_wait_for 'client reversed' >/dev/null
# The picker starts on the order in force: c jumps to the next c.
ui_keys c Enter
ui_see 'by client reversed' 'and backwards'
ui_see '^[!^ ] +[0-9]+ +[a-z]+ +[a-z_]+ +Cobalt Labs' '... Cobalt Labs first'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
