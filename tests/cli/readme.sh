#!/bin/sh
# readme.sh - README.md's "A minute with the command line" works as
# written: its shell block is read from the README (not typed again here),
# each line is run in order as the README has it (t=_build/termpsa and all)
# on a fresh database, and must exit 0; what the comments promise is
# checked against what the line printed (the demo is deterministic):
#
#   client N, ticket N, invoice N   the line's output says so
#   balance X                       the line's output says "Balance X"
#   invoice N: ... = X              invoice N's total is X
#   (N clients)                     the database then holds N clients
#   a line with --json              prints one JSON document
#
#   readme.sh [README]     TAP: the walk of README (default the tree's),
#                          then the self-test: broken copies must fail
#   readme.sh -c README    the walk only, in TAP; exit 1 when it fails
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
. "$top_srcdir/tests/lib.sh"

SECTION='A minute with the command line'

# blocks README DIR: the first ```sh block of SECTION, one line per file
# pair DIR/cmd.N (the command) and DIR/note.N (its comment); prints N.
blocks() {
	awk -v sect="## $SECTION" -v dir="$2" '
	    $0 == sect { in_sect = 1; next }
	    in_sect && /^## / { exit }
	    in_sect && !in_block && /^```(sh|shell|console)?[[:space:]]*$/ {
	        in_block = 1; next }
	    in_block && /^```/ { exit }
	    in_block && /^[[:space:]]*(#|$)/ { next }
	    in_block {
	        # The comment starts at a # outside quotes after a blank.
	        sq = dq = 0; cut = 0
	        for (i = 1; i <= length($0); i++) {
	            c = substr($0, i, 1)
	            if (c == "\047" && !dq) sq = !sq
	            else if (c == "\"" && !sq) dq = !dq
	            else if (c == "#" && !sq && !dq &&
	                (i == 1 || substr($0, i - 1, 1) ~ /[[:space:]]/)) {
	                cut = i; break }
	        }
	        cmd = cut ? substr($0, 1, cut - 1) : $0
	        note = cut ? substr($0, cut + 1) : ""
	        sub(/[[:space:]]+$/, "", cmd)
	        n++
	        print cmd > (dir "/cmd." n)
	        print note > (dir "/note." n)
	    }
	    END { print n + 0 }
	' "$1"
}

# walk README: run its block in a folder where _build/termpsa is the
# termpsa under test, one TAP line per command and per promise.
walk() {
	W="$TMPD/walk"
	mkdir -p "$W/_build"
	ln -s "$TERMPSA" "$W/_build/termpsa"
	n=$(blocks "$1" "$W")
	if [ "$n" -eq 0 ]; then
		ok 1 "$1 has a shell block under '## $SECTION'"
		return
	fi
	ok 0 "$1 has a shell block under '## $SECTION' ($n lines)"
	# The lines run in this shell, in order, so that t=... carries over
	# and each promise is checked right after its line.
	i=1
	while [ "$i" -le "$n" ]; do
		cd "$W" || return
		{ eval "$(cat "$W/cmd.$i")"; } >"$W/out.$i" 2>"$W/err.$i" </dev/null
		echo $? >"$W/rc.$i"
		cd "$OLDPWD" || return
		promises "$W" "$i"
		i=$((i + 1))
	done
}

# promises DIR N: line N ran, and keeps what its comment says.
promises() {
	cmd=$(cat "$1/cmd.$2") note=$(cat "$1/note.$2")
	out=$(cat "$1/out.$2" 2>/dev/null)
	is "$(cat "$1/rc.$2" 2>/dev/null)" 0 "README: $cmd"
	[ -s "$1/err.$2" ] && sed 's/^/#   stderr: /' "$1/err.$2" | head -5
	for p in $(printf '%s\n' "$note" |
	    grep -oiE '(client|ticket|invoice|balance) [0-9]+(\.[0-9]+)?' |
	    tr ' A-Z' '_a-z'); do
		w=$(printf '%s' "$p" | tr '_' ' ')
		like "$(printf '%s\n' "$out" | tr 'A-Z' 'a-z')" "(^|[^a-z])$w([^0-9.]|\$)" \
		    "README promises '$w' after: $cmd"
	done
	inv=$(printf '%s\n' "$note" | sed -n 's/.*invoice \([0-9][0-9]*\):.*= *\([0-9][0-9.]*\).*/\1 \2/p')
	if [ -n "$inv" ]; then
		total=$(jget "$(tp --json invoice show "${inv% *}")" total_cents)
		is "$total" "$(printf '%s' "${inv#* }" | tr -d .)" \
		    "README promises invoice ${inv% *} totals ${inv#* }"
	fi
	clients=$(printf '%s\n' "$note" | sed -n 's/.*(\([0-9][0-9]*\) clients).*/\1/p')
	if [ -n "$clients" ]; then
		is "$(sql 'SELECT count(*) FROM clients')" "$clients" \
		    "README promises $clients clients after: $cmd"
	fi
	case " $cmd " in
	*" --json "*)
		ok "$(jget "$out" "" >/dev/null 2>&1; echo $?)" \
		    "README: one JSON document from: $cmd" ;;
	esac
}

if [ "${1:-}" = "-c" ]; then
	[ $# -eq 2 ] || { echo "usage: readme.sh [-c] README" >&2; exit 64; }
	walk "$2"
	done_testing
fi

README=${1:-$top_srcdir/README.md}
SELF="$top_srcdir/tests/cli/readme.sh"
walk "$README"

# The walk fails when the README does: a broken command, a broken
# promise, an unknown command, no block at all.
B="$TMPD/broken"
mkdir -p "$B"
sed 's/--rate 125\.00/--rate 12x/' "$README" >"$B/bad-option.md"
sed 's/# ticket 402$/# ticket 499/' "$README" >"$B/bad-promise.md"
sed 's/^\$t ticket assign 402 me/$t ticket asign 402 me/' "$README" >"$B/bad-command.md"
sed "s/^## $SECTION\$/## Another title/" "$README" >"$B/no-block.md"
for f in bad-option bad-promise bad-command; do
	cmp -s "$README" "$B/$f.md"
	ok "$((1 - $?))" "self-test: $f.md differs from the README"
done
run sh "$SELF" -c "$B/bad-option.md"
is "$RC" 1 "a README whose command fails fails the walk"
like "$OUT" '^not ok .* - README: \$t client add "Acme Dental" --rate 12x$' \
    "and names the command"
run sh "$SELF" -c "$B/bad-promise.md"
is "$RC" 1 "a README that promises what does not happen fails the walk"
like "$OUT" "^not ok .* promises 'ticket 499'" "and names the promise"
run sh "$SELF" -c "$B/bad-command.md"
is "$RC" 1 "a README with an unknown command fails the walk"
like "$OUT" '^not ok .* - README: \$t ticket asign 402 me' "and names it"
run sh "$SELF" -c "$B/no-block.md"
is "$RC" 1 "a README without the section fails the walk"
like "$OUT" "^not ok .* has a shell block" "and says why"

# The README's way to the manual works from the source tree, before any
# install (`man termpsa` does not).
cmd=$(grep -o 'man -l man/termpsa\.1' "$top_srcdir/README.md" | head -1)
is "$cmd" "man -l man/termpsa.1" "the README says how to read the manual uninstalled"
if command -v man >/dev/null 2>&1; then
	out=$(cd "$top_srcdir" && MANPAGER=cat MANWIDTH=80 $cmd 2>/dev/null)
	like "$out" "^NAME" "... and that command shows termpsa(1)"
fi
like "$(grep -n 'man -l' "$top_srcdir/contrib/quickstart")" 'man/termpsa\.1' \
    "contrib/quickstart run prints how to read the manual"

done_testing
