# tests/ui_lib.sh - drive the real termpsa UI inside tmux.  Source after
# tests/lib.sh:
#
#   . "$top_srcdir/tests/lib.sh"; . "$top_srcdir/tests/ui/ui_lib.sh"
#   ui_db_basic                      # a small hand-made database
#   ui_start                         # termpsa in an 80x24 tmux pane
#   ui_wait 'Ticket queue'           # poll the screen, never a fixed sleep
#   ui_keys j j Enter
#   ui_wait 'Ticket #3' && ok 0 "detail opens"
#   ui_quit                          # q, then the exit status in UI_RC
#
# Every test gets its own tmux socket; the server is killed on exit.
# Timeouts are generous (UI_TIMEOUT seconds, 30 by default) because the
# machine running make check may be loaded; polling returns as soon as
# the text is there.

: "${TMUX_BIN:=tmux}"
[ "$TMUX_BIN" = no ] && TMUX_BIN=tmux
command -v "$TMUX_BIN" >/dev/null 2>&1 || skip_all "tmux is not installed"
: "${UI_TIMEOUT:=30}"
UI_BASE="tp-ui-$$-$(date +%s%N 2>/dev/null || echo 0)"
UI_N=0
UI_SOCK="$UI_BASE-0"
UI_SOCKS=""
UI_RAW="$TMPD/raw.log"
unset TMUX TMUX_PANE
export EDITOR=true VISUAL=
export LANG=C.UTF-8 LC_ALL=C.UTF-8

ui_tmux() { "$TMUX_BIN" -L "$UI_SOCK" -f /dev/null "$@"; }

ui_cleanup() {
	for sock in $UI_SOCKS; do
		"$TMUX_BIN" -L "$sock" kill-server >/dev/null 2>&1
	done
	rm -rf "$TMPD"
}
trap ui_cleanup EXIT INT TERM

# ui_start [WIDTH HEIGHT [termpsa args...]]: start termpsa in a fresh
# session; the bytes it writes go to $UI_RAW (through pipe-pane, set up
# before the program starts).  Waits for the first frame.
ui_start() {
	w=${1:-80}; h=${2:-24}
	[ $# -ge 2 ] && shift 2
	# A fresh server (and socket) for every start: a server being killed
	# may still answer on its old socket for a moment.
	ui_tmux kill-server >/dev/null 2>&1
	UI_N=$((UI_N + 1))
	UI_SOCK="$UI_BASE-$UI_N"
	UI_SOCKS="$UI_SOCKS $UI_SOCK"
	: >"$UI_RAW"
	rm -f "$TMPD/ui.rc"
	# The shell waits for termpsa and writes its exit status: tmux's own
	# pane_dead_status can lag (or miss) the child's exit.  With
	# UI_JOBCONTROL=1 the wrapper is a bash with job control, as a
	# technician's shell would be, so that C-z can stop termpsa (a stop
	# signal to an orphaned process group is discarded); it resumes the
	# job when $TMPD/ui.go appears.
	{
		if [ "${UI_JOBCONTROL:-0}" = 1 ]; then
			printf '#!%s\nset -m\n' "$(command -v bash)"
		else
			printf '#!/bin/sh\n'
		fi
		printf 'printf "%%s\\n" "waiting"\n'
		printf 'read _go\n'
		printf 'trap : INT TERM HUP\n'
		printf '"%s"' "$TERMPSA"
		for a in "$@"; do printf ' "%s"' "$a"; done
		printf '\nrc=$?\n'
		if [ "${UI_JOBCONTROL:-0}" = 1 ]; then
			printf 'while [ -n "$(jobs -p)" ]; do\n'
			printf '  : >"%s"\n' "$TMPD/ui.stopped"
			printf '  while [ ! -f "%s" ]; do sleep 0.05; done\n' "$TMPD/ui.go"
			printf '  rm -f "%s" "%s"; fg >/dev/null; rc=$?\n' "$TMPD/ui.go" "$TMPD/ui.stopped"
			printf 'done\n'
		fi
		printf 'echo $rc >"%s.tmp" && mv "%s.tmp" "%s"\n' \
		    "$TMPD/ui.rc" "$TMPD/ui.rc" "$TMPD/ui.rc"
	} >"$TMPD/run.sh"
	chmod +x "$TMPD/run.sh"
	ui_tmux new-session -d -x "$w" -y "$h" -s t "$TMPD/run.sh" || return 1
	ui_tmux set-option -t t remain-on-exit on >/dev/null
	ui_wait_for 'waiting' || return 1
	ui_tmux pipe-pane -t t -o "cat >>'$UI_RAW'"
	ui_tmux send-keys -t t Enter
	ui_wait_for '\| [^|]*sync' || return 1
}

# ui_screen: the visible screen as text.
ui_screen() { ui_tmux capture-pane -t t -p 2>/dev/null; }

# Milliseconds since the epoch: a deadline in whole seconds could fall
# due a moment after it was set (set at x.999, due at x+1).
ui_ms() { date +%s%3N; }

# ui_wait_for ERE [TIMEOUT]: poll until a screen line matches.
ui_wait_for() {
	limit=$(( $(ui_ms) + ${2:-$UI_TIMEOUT} * 1000 ))
	while :; do
		if ui_screen | grep -Eq -- "$1"; then
			return 0
		fi
		[ "$(ui_ms)" -ge "$limit" ] && return 1
		sleep 0.05
	done
}

# ui_wait_gone ERE [TIMEOUT]: poll until no screen line matches.
ui_wait_gone() {
	limit=$(( $(ui_ms) + ${2:-$UI_TIMEOUT} * 1000 ))
	while :; do
		if ! ui_screen | grep -Eq -- "$1"; then
			return 0
		fi
		[ "$(ui_ms)" -ge "$limit" ] && return 1
		sleep 0.05
	done
}

# ui_see ERE NAME: a test that the screen shows ERE (waiting for it).
ui_see() {
	if ui_wait_for "$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		printf '#   screen never matched /%s/:\n' "$1"
		ui_screen | sed 's/^/#   |/'
	fi
}

# ui_not_see ERE NAME: the screen stops showing ERE.
ui_not_see() {
	if ui_wait_gone "$1"; then
		ok 0 "$2"
	else
		ok 1 "$2"
		printf '#   screen still matches /%s/:\n' "$1"
		ui_screen | sed 's/^/#   |/'
	fi
}

# ui_keys KEY...: tmux key names (j, Enter, Escape, C-d, Space, BTab).
ui_keys() { ui_tmux send-keys -t t "$@"; }

# ui_type TEXT: literal text.
ui_type() { ui_tmux send-keys -t t -l -- "$1"; }

# ui_resize W H
ui_resize() { ui_tmux resize-window -t t -x "$1" -y "$2"; }

# ui_dead: whether the program has exited; UI_RC gets its status.
ui_dead() {
	[ -f "$TMPD/ui.rc" ] || return 1
	UI_RC=$(cat "$TMPD/ui.rc")
}

# ui_pid: the process id of termpsa itself.
ui_pid() {
	ps -o pid= --ppid "$(ui_tmux display-message -t t -p '#{pane_pid}')" |
	    tr -d ' '
}

# ui_wait_exit [TIMEOUT]: wait for the program to exit (UI_RC set).
ui_wait_exit() {
	limit=$(( $(date +%s) + ${1:-$UI_TIMEOUT} ))
	UI_RC=
	while ! ui_dead; do
		[ "$(date +%s)" -ge "$limit" ] && return 1
		sleep 0.05
	done
}

# ui_quit: Q, then wait for the exit status.
ui_quit() {
	ui_keys Q
	ui_wait_exit
}

# ui_sel: the selected row, i.e. the line the hardware cursor is on.
ui_sel() {
	y=$(ui_tmux display-message -t t -p '#{cursor_y}')
	ui_screen | sed -n "$((y + 1))p"
}

# ui_sel_is ERE NAME: a test that the selected row comes to match ERE.
ui_sel_is() {
	limit=$(( $(date +%s) + UI_TIMEOUT ))
	while ! ui_sel | grep -Eq -- "$1"; do
		if [ "$(date +%s)" -ge "$limit" ]; then
			ok 1 "$2"
			printf '#   selected row: %s\n' "$(ui_sel)"
			return
		fi
		sleep 0.05
	done
	ok 0 "$2"
}

# ui_aligned TEXT...: a test that, on every screen line holding one of
# the TEXTs, it starts at the same display column (wide characters count
# two, combining ones none), and that each TEXT is on the screen.
ui_aligned() {
	verdict=$(ui_screen | "$PYTHON3" -c '
import sys, unicodedata
def width(s):
    w = 0
    for c in s:
        if unicodedata.combining(c):
            continue
        w += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return w
found = []
for line in sys.stdin.read().split("\n"):
    for t in sys.argv[1:]:
        i = line.find(t)
        if i >= 0:
            found.append((t, width(line[:i])))
            break
good = set(t for t, w in found) == set(sys.argv[1:]) and \
    len(set(w for t, w in found)) == 1
print("ok" if good else "starts: %r" % found)
' "$@")
	if [ "$verdict" = ok ]; then
		ok 0 "columns aligned: $*"
	else
		ok 1 "columns aligned: $*"
		printf '#   %s\n' "$verdict"
		ui_screen | sed 's/^/#   |/'
	fi
}

# A database made by hand: users, clients, tickets (init migrates it).
ui_db_basic() {
	tp init >/dev/null || return 1
	"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF'
INSERT INTO users(id, name, email, created_at, updated_at) VALUES
 (2, 'jane', 'jane@example.com', 1768471200, 1768471200),
 (3, 'omar', NULL, 1768471200, 1768471200);
INSERT INTO clients(id, name, company_name, email, created_at, updated_at) VALUES
 (1, 'Acme Dental', 'Acme Dental LLC', 'office@acme.example', 1768000000, 1768000000),
 (2, 'Birch Legal', NULL, NULL, 1768000000, 1768000000),
 (3, 'Cobalt Labs', NULL, NULL, 1768000000, 1768000000);
INSERT INTO counters(name, value) VALUES ('ticket', 12);
INSERT INTO tickets(id, number, client_id, subject, body, priority, status, assigned_to, due_at, created_at, updated_at) VALUES
 (1, 1, 1, 'Printer jams on tray 2', 'It jams.', 'normal', 'open', NULL, NULL, 1768400000, 1768400100),
 (2, 2, 1, 'Email bounces for new hire', NULL, 'high', 'open', 2, NULL, 1768400000, 1768400200),
 (3, 3, 2, 'VPN drops every hour', 'Since Monday.', 'critical', 'in_progress', NULL, 1768300000, 1768400000, 1768400300),
 (4, 4, 2, 'New laptop setup', NULL, 'low', 'waiting', 3, NULL, 1768400000, 1768400400),
 (5, 5, 3, 'Backup failed last night', NULL, 'high', 'open', NULL, NULL, 1768400000, 1768400500),
 (6, 6, 3, 'Wifi slow in lab', NULL, 'normal', 'open', NULL, NULL, 1768400000, 1768400600),
 (7, 7, 1, 'Monitor flickers', NULL, 'low', 'open', NULL, NULL, 1768400000, 1768400700),
 (8, 8, 2, 'Scanner driver', NULL, 'normal', 'scheduled', NULL, NULL, 1768400000, 1768400800),
 (9, 9, 3, 'Server disk 90% full', NULL, 'critical', 'open', NULL, NULL, 1768400000, 1768400900),
 (10, 10, 1, 'Old ticket resolved', NULL, 'normal', 'resolved', 2, NULL, 1768400000, 1768401000);
EOF
}

# More of the same database: assets with warranties in each state,
# invoices (one 45 days overdue, one current, one draft) and a
# notification.
ui_db_more() {
	"$SQLITE3_SHELL" -batch "$TERMPSA_DB" <<'EOF2'
INSERT INTO assets(id, client_id, name, type, serial, status, warranty_expire, created_at, updated_at) VALUES
 (1, 1, 'Front desk PC', 'Workstation', 'SN-100', 'deployed', '2025-06-01', 1768000000, 1768000000),
 (2, 2, 'Core switch', 'Network', 'SN-200', 'deployed', '2026-02-01', 1768000000, 1768000000),
 (3, 3, 'Backup NAS', 'Server', 'SN-300', 'deployed', '2027-03-01', 1768000000, 1768000000);
INSERT INTO invoices(id, number, client_id, subject, status, issue_date, due_date, total_cents, created_at, updated_at) VALUES
 (1, 'INV-000001', 1, 'Support Services', 'sent', '2025-11-01', '2025-12-01', 50000, 1768000000, 1768000000),
 (2, 'INV-000002', 2, 'Support Services', 'sent', '2026-01-10', '2026-02-09', 12550, 1768000000, 1768000000),
 (3, 'INV-000003', 3, 'Project: Move', 'draft', '2026-01-14', '2026-02-13', 9900, 1768000000, 1768000000);
INSERT INTO counters(name, value) VALUES ('invoice', 3);
INSERT INTO notifications(kind, message, created_at) VALUES
 ('InvoicePaid', 'Invoice INV-000009 paid by Acme Dental', 1768470000);
EOF2
}
