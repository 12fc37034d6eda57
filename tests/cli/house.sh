#!/bin/sh
# house.sh - the rules of the house (architecture.md, HELPERS.md) checked
# with plain greps over src/, ui/ and tests/ of a source tree:
#
#   house.sh [ROOT]     TAP: every rule over ROOT (default $top_srcdir),
#                       then the self-test: a copy of a few files with one
#                       violation of each rule planted must be refused
#   house.sh -c ROOT    the rules only: one "file:line: rule: text" line per
#                       violation on stdout, exit 1 if there is any
#
# The rules:
#   layers     an include never points back up: core includes nothing from
#              service/ cli/ sync/ ui/ demo/ (nor app.h); service nothing
#              from cli/ ui/ sync/ demo/ (nor app.h); demo nothing from
#              cli/ ui/ sync/; cli nothing from sync/ and, but for ui/ui.h
#              (starting the UI, checking its keymap), nothing from ui/; sync
#              nothing from cli/ ui/ demo/; app.c nothing from cli/ ui/
#              sync/; ui/ nothing from cli/ sync/ demo/
#   layername  in src/ and ui/ a quoted include names its layer ("core/db.h")
#   ui-sql     ui/ has no sqlite3 (identifier or <sqlite3.h>) and no SQL
#              statement strings ("SELECT ", "INSERT INTO", "UPDATE t SET",
#              "DELETE FROM")
#   curses     src/ never includes curses nor calls it
#   banned     no sprintf, strcpy, strcat, strtok, gets, atoi, atol called
#              (C files of src/ ui/ tests/; snprintf, fgets and strtok_r
#              are fine; a number is read with its checks: text_parse_int)
#   header     every header opens with a comment "NAME.h - what it is for"

# --- the checker ------------------------------------------------------------

# C files under the given folders of the current directory (the tree root).
c_files() {
	for d in "$@"; do
		[ -e "$d" ] && find "$d" -type f \( -name '*.c' -o -name '*.h' \)
	done | sort
}

# report RULE: turn grep's "file:line:text" lines on stdin into violations.
report() {
	sed "s/^\([^:]*:[0-9]*\):[[:space:]]*/\1: $1: /"
}

# An include line; INC_ for the middle of a pattern, INC for its start.
INC_='[[:space:]]*#[[:space:]]*include[[:space:]]*'
INC="^$INC_"

# grep_files ERE FILE...: grep -n with file names, nothing when no file.
grep_files() {
	re=$1
	shift
	[ $# -gt 0 ] && grep -nHE -- "$re" "$@"
}

check_layers() {
	# folder or file prefix     what it may not include
	while read -r where banned; do
		[ -n "$where" ] || continue
		# shellcheck disable=SC2046
		grep_files "$INC\"($banned)" $(c_files src ui | grep "^$where")
	done <<'EOF'
src/core/    service/|cli/|sync/|ui/|demo/|app\.h"
src/service/ cli/|ui/|sync/|demo/|app\.h"
src/demo/    cli/|ui/|sync/
src/cli/     sync/|ui/
src/sync/    cli/|ui/|demo/
src/app\.    cli/|ui/|sync/
ui/          cli/|sync/|demo/
EOF
}

check() {
	root=$1
	cd "$root" || { echo "house.sh: no tree at $root" >&2; return 2; }
	{
		# The CLI reaches the UI through ui.h only: main.c starts it and
		# `config check` asks its keymap about ui.bind lines.
		check_layers | grep -vE "^src/cli/[^/:]*\\.c:[0-9]+:$INC_\"ui/ui\\.h\"" |
		    report layers
		# shellcheck disable=SC2046
		grep_files "$INC\"[^/\"]*\"" $(c_files src ui) |
		    grep -vE "^[^:]*:[0-9]+:$INC_\"app\\.h\"" | report layername
		# shellcheck disable=SC2046
		grep_files '(^|[^A-Za-z0-9_])sqlite3|"[^"]*(SELECT |INSERT INTO|DELETE FROM|UPDATE [A-Za-z_]+ SET)' \
		    $(c_files ui) | report ui-sql
		# shellcheck disable=SC2046
		grep_files "$INC<(n?curses|ncursesw/|term\\.h|panel\\.h)|(^|[^A-Za-z0-9_])(initscr|endwin|newwin|wrefresh|wgetch|doupdate)[[:space:]]*\\(" \
		    $(c_files src) | report curses
		# shellcheck disable=SC2046
		grep_files '(^|[^A-Za-z0-9_])(sprintf|strcpy|strcat|strtok|gets|atoi|atol|atoll)[[:space:]]*\(' \
		    $(c_files src ui tests) | report banned
		for h in $(c_files src ui tests | grep '\.h$'); do
			awk -v name="${h##*/}" -v file="$h" '
			    NR == 1 && !/^\/\*/ { bad = 1; exit }
			    (i = index($0, name " - ")) &&
			        substr($0, i + length(name) + 3) ~ /^[^ ]+ +[^ ]/ {
			        good = 1; exit }
			    /\*\// { exit }
			    END { if (bad || !good) printf "%s:1: header: does not open " \
			        "with a comment \"%s - what it is for\"\n", file, name }
			' "$h"
		done
	} >"${TMPDIR:-/tmp}/house.$$"
	cat "${TMPDIR:-/tmp}/house.$$"
	if [ -s "${TMPDIR:-/tmp}/house.$$" ]; then
		rm -f "${TMPDIR:-/tmp}/house.$$"
		return 1
	fi
	rm -f "${TMPDIR:-/tmp}/house.$$"
	return 0
}

if [ "${1:-}" = "-c" ]; then
	[ $# -eq 2 ] || { echo "usage: house.sh [-c] ROOT" >&2; exit 64; }
	check "$2"
	exit $?
fi

# --- the test ---------------------------------------------------------------

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
. "$top_srcdir/tests/lib.sh"
ROOT=${1:-$top_srcdir}
SELF="$top_srcdir/tests/cli/house.sh"

run sh "$SELF" -c "$ROOT"
is "$RC" 0 "the tree at $ROOT keeps the rules of the house"
[ "$RC" -eq 0 ] || printf '%s\n' "$OUT" | sed 's/^/#   /'

# A minimal tree: a few real files of every layer, which keep the rules.
T="$TMPD/tree"
for f in src/core/err.h src/core/err.c src/core/event.h src/service/client.h \
    src/service/listeners.c src/demo/demo.h src/cli/cli.h src/cli/main.c \
    src/sync/sync.h src/app.c ui/draw.h ui/draw.c tests/unit/tap.h; do
	mkdir -p "$T/${f%/*}"
	cp "$top_srcdir/$f" "$T/$f"
done
run sh "$SELF" -c "$T"
is "$RC|$OUT" "0|" "a minimal copy of the tree passes"

# plant FILE RULE LINE: append LINE to FILE of the copy, run the checker on
# it and expect FILE:N (the new line) reported under RULE, then undo.
plant() {
	f="$T/$1"
	mkdir -p "${f%/*}"
	[ -e "$f" ] && cp "$f" "$f.orig"
	printf '%s\n' "$3" >>"$f"
	n=$(wc -l <"$f" | tr -d ' ')
	run sh "$SELF" -c "$T"
	is "$RC" 1 "$2: '$3' in $1 is refused"
	like "$OUT" "^$1:$n: $2: " "$2: and reported as $1:$n"
	if [ -e "$f.orig" ]; then mv "$f.orig" "$f"; else rm -f "$f"; fi
}

plant src/core/err.c layers '#include "service/client.h"'
plant src/core/err.h layers '#include "ui/draw.h"'
plant src/core/err.c layers '# include "cli/cli.h"'
plant src/core/err.c layers '#include "sync/sync.h"'
plant src/core/err.c layers '#include "app.h"'
plant src/service/listeners.c layers '#include "cli/cli.h"'
plant src/service/client.h layers '#include "ui/draw.h"'
plant src/demo/demo.h layers '#include "cli/cli.h"'
plant src/cli/cli.h layers '#include "ui/draw.h"'
plant src/cli/main.c layers '#include "ui/draw.h"'
plant src/sync/sync.h layers '#include "ui/draw.h"'
plant src/app.c layers '#include "cli/cli.h"'
plant ui/draw.c layers '#include "sync/sync.h"'
plant src/core/err.c layername '#include "db.h"'
plant ui/draw.c ui-sql '#include <sqlite3.h>'
plant ui/draw.c ui-sql '	sqlite3_step(st);'
plant ui/draw.c ui-sql 'static const char q[] = "SELECT id FROM tickets";'
plant ui/draw.c ui-sql '	    "INSERT INTO notes(body) VALUES (?1)",'
plant ui/draw.c ui-sql '	    "UPDATE tickets SET status = ?1",'
plant ui/draw.c ui-sql '	    "DELETE FROM jobs",'
plant src/service/listeners.c curses '#include <curses.h>'
plant src/cli/main.c curses '#include <ncursesw/ncurses.h>'
plant src/core/err.c curses '	initscr();'
plant src/core/err.c banned '	sprintf(buf, "%d", n);'
plant ui/draw.c banned '	strcpy(a, b);'
plant src/service/listeners.c banned '	strcat (a, b);'
plant tests/unit/t.c banned '	p = strtok(s, ",");'
plant src/sync/sync.h banned '	gets(line);'
plant src/core/uncommented.h header 'int uncommented(void);'
plant src/core/unnamed.h header '/* Some helpers. */'

# What the rules leave alone.
cp "$T/ui/draw.c" "$T/ui/draw.c.orig"
cat >>"$T/ui/draw.c" <<'EOF'
/* Select a client; update the list. */
	snprintf(buf, sizeof buf, "%s", "Select the ticket to update");
	fgets(line, sizeof line, stdin);
	vsnprintf(buf, sizeof buf, fmt, ap);
	p = strtok_r(s, ",", &save);
#include "core/db.h"
EOF
run sh "$SELF" -c "$T"
is "$RC|$OUT" "0|" "snprintf, fgets, strtok_r and English words are no violations"
mv "$T/ui/draw.c.orig" "$T/ui/draw.c"

run sh "$SELF" -c "$TMPD/nowhere"
is "$RC" 2 "a root that is not there is an error"

done_testing
