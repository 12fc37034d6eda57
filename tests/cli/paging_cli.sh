#!/bin/sh
# paging_cli.sh - `notifications --limit N --after ID`: keyset windows,
# newest first; walking them gives every id once, the window after the
# oldest is empty; --unread pages only the unread ones; bad values are
# refused (65, 64) and change nothing.
. "$top_srcdir/tests/lib.sh"

run tp init
is "$RC" 0 "init"
# 130 notifications, ids 1..130; every other one read.
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 130)
INSERT INTO notifications(id, kind, message, read_at, created_at)
SELECT i, 'TicketCreated', 'note ' || i,
       CASE WHEN i % 2 = 0 THEN 1768471300 END, 1768470000 + i FROM n;
SQL

ids() { "$PYTHON3" -c 'import json,sys; print(" ".join(str(r["id"]) for r in json.load(sys.stdin)))'; }

run tp notifications --json
is "$RC" 0 "notifications"
is "$(printf '%s' "$OUT" | ids | wc -w | tr -d ' ')" 100 \
    "without --limit: the newest 100"
like "$OUT" '^\[\{"id":130,' "newest first"

run tp notifications --limit 3 --json
is "$(printf '%s' "$OUT" | ids)" "130 129 128" "--limit 3: the newest three"
run tp notifications --limit 3 --after 128 --json
is "$(printf '%s' "$OUT" | ids)" "127 126 125" \
    "--after 128: the next window starts right after it"
run tp notifications --limit 3 --after 2 --json
is "$(printf '%s' "$OUT" | ids)" "1" "the last window holds what is left"
run tp notifications --limit 3 --after 1 --json
is "$RC" 0 "after the oldest: exit 0"
is "$OUT" "[]" "after the oldest: nothing"

# Walk all of them in windows of 40: every id once, 130 down to 1.
all="" after=""
while :; do
	if [ -n "$after" ]; then
		page=$(tp notifications --limit 40 --after "$after" --json | ids)
	else
		page=$(tp notifications --limit 40 --json | ids)
	fi
	[ -n "$page" ] || break
	all="$all $page"
	after=${page##* }
done
is "$(echo $all)" "$(seq 130 -1 1 | tr '\n' ' ' | sed 's/ $//')" \
    "windows of 40: 130 down to 1, no duplicate, no gap"

run tp notifications --unread --limit 4 --after 120 --json
is "$(printf '%s' "$OUT" | ids)" "119 117 115 113" \
    "--unread --after: the next unread ones"

run tp notifications --limit 2 --after 5
is "$RC" 0 "text output"
like "$OUT" "note 4" "text: row 4"
like "$OUT" "note 3" "text: row 3"
unlike "$OUT" "note 5" "text: not the row it continues after"

before=$(db_digest)
run tp notifications --limit 0
is "$RC" 65 "--limit 0: 65"
like "$ERR" "limit" "... naming --limit"
run tp notifications --limit 1001
is "$RC" 65 "--limit 1001: 65"
run tp notifications --after abc
is "$RC" 65 "--after abc: 65"
like "$ERR" "after" "... naming --after"
run tp notifications --after
is "$RC" 64 "--after without a value: 64"
run tp notifications 5
is "$RC" 64 "a stray word: 64"
is "$(db_digest)" "$before" "bad input changes nothing"

run tp notifications --help
like "$OUT$ERR" "--after ID" "help shows --after"
like "$OUT$ERR" "--limit N" "help shows --limit"
done_testing
