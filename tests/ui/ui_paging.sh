#!/bin/sh
# ui_paging.sh - lists past their first window, and forms and pickers on a
# short terminal, through the real binary in tmux:
#  - I reaches the oldest of 130 notifications (the list reads windows of
#    100 by keyset), k crosses back over the window boundary, and Enter
#    there marks that one read in the database;
#  - Y reaches the oldest of 130 failed outbox rows, and r retries it;
#    the conflicts filter likewise reaches the oldest of 105 conflicts;
#  - on 80x12 the onboarding form scrolls: tabbing to its last field shows
#    it (with "more above"), a resize keeps it shown, and submitting
#    writes the client with that field's value;
#  - on 80x12 a picker of 19 users scrolls: End shows and picks the last.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/ui/ui_lib.sh"

ui_db_basic
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 130)
INSERT INTO notifications(id, kind, message, created_at)
SELECT i, 'TicketCreated', 'note ' || i, 1768470000 + i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 130)
INSERT INTO outbox(id, entity, local_id, op, state, last_error, created_at, updated_at)
SELECT i, 'ticket', i, 'update', 'failed', 'HTTP 422 row ' || i, 1, 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 105)
INSERT INTO sync_conflicts(id, entity, local_id, field, local_value, remote_value, created_at)
SELECT i, 'ticket', 1000 + i, 'status', 'open', 'closed', 1 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 15)
INSERT INTO users(name, created_at, updated_at)
SELECT printf('zed%02d', i), 1768471200, 1768471200 FROM n;
SQL

ui_start
ui_see 'Ticket queue' 'starts'

# Notifications: newest first, the oldest is 130 rows down.
ui_keys I
ui_see 'Notifications' 'I opens the notifications'
ui_sel_is 'note 130( |$)' 'the newest is selected first'
ui_keys G
ui_sel_is 'note 1( |$)' 'G reaches the oldest, past the first window of 100'
for i in $(seq 30); do ui_keys k; done
ui_sel_is 'note 31( |$)' 'k crosses back over the window boundary'
ui_keys j
ui_sel_is 'note 30( |$)' 'and j forward again'
ui_keys G Enter
ui_see 'Notification 1$' 'Enter opens the oldest'
is "$(sql 'SELECT count(*) FROM notifications WHERE read_at IS NOT NULL')" 1 \
    'one notification read'
is "$(sql 'SELECT read_at IS NOT NULL FROM notifications WHERE id = 1')" 1 \
    'and it is the oldest'
ui_keys q q
ui_see 'Ticket queue' 'back to the queue'

# Sync issues: failed rows, newest first, then the oldest.
ui_keys Y
ui_see 'Sync issues \[failed\]' 'Y opens the sync issues'
ui_sel_is '130 ticket 130 +update +failed' 'the newest failed row first'
ui_keys G
ui_sel_is '^! +1 ticket 1 +update +failed' 'G reaches row 1, past the first window'
ui_keys PgUp
ui_sel_is 'ticket' 'PgUp moves back up'
ui_keys G r
ui_see 'row 1 will be retried' 'r retries the oldest row'
is "$(sql 'SELECT state FROM outbox WHERE id = 1')" pending \
    'row 1 is pending again in the database'
is "$(sql "SELECT count(*) FROM outbox WHERE state = 'failed'")" 129 \
    'the other rows are still failed'
ui_keys f
ui_see 'conflicts' 'the filter picker'
ui_keys c Enter
ui_see 'Sync issues \[conflicts\]' 'the conflicts'
ui_sel_is '105 ticket 1105 +status +conflict' 'newest conflict first'
ui_keys G
ui_sel_is '^! +1 ticket 1001 +status +conflict' \
    'G reaches the oldest conflict, past the first window'
ui_quit
is "$UI_RC" 0 'quits'

# A form on 80x12: six fields, room for three.
ui_start 80 12
ui_see 'Ticket queue' 'starts on 80x12'
ui_keys 1
ui_see 'Client hub' 'hub'
ui_keys c
ui_see 'New client \(onboarding\)' 'the onboarding form opens'
ui_see 'v 3 more fields below' 'it says three more fields are below'
ui_not_see 'Net terms' 'the last field is off screen at first'
ui_type 'Echo Optics'
ui_keys Tab Tab
ui_type 'desk@echo.example'
ui_keys Tab Tab Tab
ui_see 'Net terms \(days\)' 'tabbing to the last field shows it'
ui_see '\^ 3 more fields above' 'with a mark for the fields above'
ui_not_see 'more fields below' 'and none below'
ui_resize 80 24
ui_see 'Company' 'after a resize to 80x24 every field shows'
ui_not_see 'more fields' 'and no more marks'
ui_resize 80 10
ui_see 'Net terms \(days\)' 'after a resize to 80x10 the last field still shows'
ui_keys C-u
ui_type '45'
ui_keys Enter
ui_see 'client 4 onboarded' 'Enter on the last field submits'
is "$(sql "SELECT name || '|' || email || '|' || net_terms_days FROM clients WHERE id = 4")" \
    'Echo Optics|desk@echo.example|45' 'the client is in the database with its terms'

# A picker on 80x10: 19 choices ((nobody), jane, omar, tech, zed01..15),
# room for 4.
ui_keys 2
ui_see 'Ticket queue' 'the queue'
ui_keys a
ui_see 'Assign to' 'the assign picker'
ui_see 'v 15 more' 'it marks the 15 choices below'
ui_not_see 'zed15' 'the last choice is off screen'
ui_keys End
ui_see 'zed15' 'End shows the last choice'
ui_see '\^ 15 more' 'with a mark for the 15 choices above'
ui_sel_is 'zed15' 'the cursor is on the selected choice'
ui_keys k
ui_sel_is 'zed14' 'k moves up; the picker stays on the screen'
ui_keys j
ui_sel_is 'zed15' 'j back to the last'
ui_keys Enter
ui_see 'assigned to zed15' 'Enter picks it'
is "$(sql "SELECT count(*) FROM tickets t JOIN users u ON u.id = t.assigned_to WHERE u.name = 'zed15'")" \
    1 'one ticket assigned to zed15 in the database'
ui_quit
is "$UI_RC" 0 'quits'
done_testing
