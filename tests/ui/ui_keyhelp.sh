#!/bin/sh
# ui_keyhelp.sh - the pane table, Esc as an action, N and the
# notifications on keys of their own, and a help screen titled by its view
# with a legend of the row markers, through the real binary in tmux:
#  - N with no search says so and does not open the notifications; I does,
#    and `?` lists I for notifications and N only for search-prev;
#  - `?` is titled by the view ("Help: Ticket queue", "Help: ticket
#    detail" inside a ticket), its "Everywhere" group comes from the
#    action table (Esc clear among it) and a "Row markers" legend explains
#    the pane's markers;
#  - a binding in the sync pane (sync x retry) and in the notifications
#    pane works, Esc can be rebound like any action, and the tabs show the
#    key bound now;
#  - an unknown pane stops the UI with file:line:col and the valid names,
#    once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
ui_db_more
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
INSERT INTO outbox(id, entity, local_id, op, state, last_error, created_at, updated_at)
VALUES (1, 'ticket', 1, 'update', 'failed', 'HTTP 422 row 1', 1, 1);
SQL

# help_text: the help screen open now, its first page and its last (G).
help_text() {
	ui_screen
	ui_keys G
	ui_wait_for 'Rebind in' >/dev/null
	ui_screen
}

ui_start
ui_see 'Ticket queue' 'starts'

# N is the previous match only.
ui_keys N
ui_see 'no search yet' 'N without a search says there is none'
ui_not_see 'Notifications' 'and does not open the notifications'
ui_keys I
ui_see 'Notifications' 'I opens the notifications'
ui_keys '?'
ui_see 'Help: Notifications' 'the help of the notifications pane is titled by it'
like "$(help_text)" '  \+ unread' 'its legend explains +'
ui_keys q q
ui_see 'Ticket queue' 'back to the queue'

# The queue's help: its title, the Everywhere group, the legend.
ui_keys '?'
ui_see '^Help: Ticket queue' 'the queue help is titled "Ticket queue"'
screen=$(help_text)
like "$screen" '  I +notifications +notifications' '? lists I for the notifications'
like "$screen" '  N +search-prev +previous match' '? lists N for the previous match'
is "$(printf '%s\n' "$screen" | grep -c '^  [^ ]*N[ ,].*notifications')" 0 \
    'N is not listed for the notifications'
like "$screen" '  Esc +clear +undo one' 'Esc is an action (clear), listed under Everywhere'
like "$screen" 'Row markers' 'a legend of the row markers'
like "$screen" '  ! critical, overdue, or past an SLA target' 'the legend explains !'
like "$screen" '  \^ high priority' 'and ^'
like "$screen" '  \* marked' 'and * (marked)'
ui_keys q

# Inside a ticket the help is the detail's.
ui_keys Enter
ui_see '^Ticket #9' 'a ticket open'
ui_keys '?'
ui_see '^Help: ticket detail' 'inside a ticket, ? is titled "ticket detail", not "queue pane"'
ui_keys q q

# The assets pane's legend.
ui_keys 3
ui_see 'Assets \[all\]' 'assets'
ui_keys '?'
ui_see '^Help: Assets' 'the assets help'
ui_keys G
ui_see '^  ~ warranty expiring' 'the assets legend explains ~'
ui_keys q
ui_quit
is "$UI_RC" 0 'quits'

# Bindings in the sync and notifications panes, Esc rebound, the tab of
# a rebound pane key.
mkdir -p "$TMPD/cfg"
cat >"$TMPD/cfg/config.yaml" <<'YAML'
ui:
  bind:
    - "sync x retry"
    - "notifications z back"
    - "global Esc redraw"
    - "global C-x clear"
    - "global 1 redraw"
    - "global 7 pane-hub"
YAML
chmod 600 "$TMPD/cfg/config.yaml"
export TERMPSA_CONFIG="$TMPD/cfg/config.yaml"
run tp config check
is "$RC" 0 'config check accepts bindings in the sync and notifications panes'
ui_start
ui_see 'Ticket queue' 'starts with the config'
ui_see '7:Hub 2:Queue' 'the tab shows the key bound now (7, not 1)'
ui_keys Y
ui_see 'Sync issues' 'Y opens the sync issues'
ui_keys x
ui_see 'row 1 will be retried' 'x retries in the sync pane (sync x retry)'
is "$(sql 'SELECT state FROM outbox WHERE id = 1')" pending 'row 1 is pending again'
ui_keys q I
ui_see 'Notifications' 'the notifications'
ui_keys z
ui_see 'Ticket queue' 'z goes back from the notifications (notifications z back)'
ui_keys /
ui_type Printer
ui_keys Enter
ui_wait_for 'Ticket queue.*/Printer' >/dev/null
ui_keys Escape
sleep 0.3
ui_see 'Ticket queue.*/Printer' 'Esc rebound to redraw no longer clears the search'
ui_keys C-x
ui_not_see 'Ticket queue.*/Printer' 'C-x, bound to clear, clears it'
ui_keys '?'
ui_see 'Help: Ticket queue' 'the help'
like "$(help_text)" '  C-x +clear' '? lists C-x for clear'
ui_keys q
ui_quit

# An unknown pane: the UI does not start; one message, file:line:col and
# the valid names.
cat >"$TMPD/cfg/config.yaml" <<'YAML'
ui:
  bind:
    - "queue x resolve"
    - "notificatons x back"
YAML
run tp
is "$RC" 65 'an unknown pane is a bad config (65)'
is "$ERR" "termpsa: $TMPD/cfg/config.yaml:4:7: unknown pane 'notificatons': expected one of global, hub, queue, assets, invoices, notifications, sync, detail, help (did you mean 'notifications'?)" \
    'reported once, with file:line:col and every valid pane'
done_testing
