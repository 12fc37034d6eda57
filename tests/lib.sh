# tests/lib.sh - sourced by every shell test: TAP output, a private home
# and database, and small helpers.  Tests print TAP for automake's driver.
#
#   . "$top_srcdir/tests/lib.sh"
#   run tp client add "Acme"        # runs termpsa; sets OUT, ERR, RC
#   is "$RC" 0 "client add succeeds"
#   like "$OUT" '^client [0-9]+$' "prints the id"
#   is "$(sql 'SELECT count(*) FROM clients')" 1 "one client"
#   is "$(jget "$OUT" financial.balance_cents)" 0 "balance"
#   done_testing
set -u

T_N=0
T_FAIL=0
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/termpsa-test.XXXXXX")
trap 'rm -rf "$TMPD"' EXIT INT TERM

: "${TERMPSA:=$top_builddir/termpsa}"
: "${TERMPSA_SYNC:=$top_builddir/termpsa-sync}"
: "${PYTHON3:=python3}"
: "${SQLITE3_SHELL:=sqlite3}"
export HOME="$TMPD/home"
export XDG_DATA_HOME="$TMPD/home/.local/share"
export XDG_CONFIG_HOME="$TMPD/home/.config"
export TERMPSA_DB="$TMPD/t.db"
export TERMPSA_USER=tech
export TERMPSA_NOW=2026-01-15T10:00:00Z
export TZ=UTC
unset TERMPSA_CONFIG TERMPSA_FAULT NO_COLOR
mkdir -p "$HOME"
# Only init, demo and user add make a database that --db or TERMPSA_DB
# names (and a named "me"): every test starts from an initialised one.
if [ -x "$TERMPSA" ]; then
	"$TERMPSA" init >/dev/null 2>&1 || :
fi

# ok STATUS NAME: pass when STATUS is 0.
ok() {
	T_N=$((T_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_N - $2"
	else
		echo "not ok $T_N - $2"
		T_FAIL=$((T_FAIL + 1))
	fi
}

# is GOT WANT NAME
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2" | head -20
	fi
}

# like TEXT ERE NAME: TEXT has a line matching the extended regex.
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   no line matches /%s/ in:\n' "$2"
		printf '%s\n' "$1" | head -20 | sed 's/^/#     /'
	fi
}

# unlike TEXT ERE NAME
unlike() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 1 "$3"
		printf '#   unexpected match /%s/\n' "$2"
	else
		ok 0 "$3"
	fi
}

# run CMD...: stdout to OUT, stderr to ERR, exit status to RC.
run() {
	"$@" >"$TMPD/out" 2>"$TMPD/err"
	RC=$?
	OUT=$(cat "$TMPD/out")
	ERR=$(cat "$TMPD/err")
}

tp() { "$TERMPSA" "$@"; }

# sql QUERY: run a read-only query on the test database.
sql() { "$SQLITE3_SHELL" -batch -noheader "file:$TERMPSA_DB?mode=ro" "$1"; }

# jget JSON PATH: a value out of a JSON document; PATH like a.b.0.c.
# Prints nothing for null/missing, JSON for objects and arrays.
jget() {
	"$PYTHON3" -c '
import json, sys
v = json.loads(sys.argv[1])
for k in sys.argv[2].split(".") if sys.argv[2] else []:
    if v is None: break
    v = v[int(k)] if isinstance(v, list) else v.get(k)
if v is None: pass
elif isinstance(v, bool): print("true" if v else "false")
elif isinstance(v, (dict, list)): print(json.dumps(v, separators=(",", ":")))
else: print(v)
' "$1" "$2"
}

# jlen JSON PATH: length of an array or object.
jlen() {
	"$PYTHON3" -c '
import json, sys
v = json.loads(sys.argv[1])
for k in sys.argv[2].split(".") if sys.argv[2] else []:
    v = v[int(k)] if isinstance(v, list) else v[k]
print(len(v))
' "$1" "$2"
}

# wsql QUERY: write fixtures straight into the test database (rows another
# area's commands would make).
wsql() { "$SQLITE3_SHELL" -batch "$TERMPSA_DB" "$1"; }

# refused EXIT ERE NAME ARGS...: `tp ARGS` fails with status EXIT, says ERE
# on stderr, and leaves the database exactly as it was.
refused() {
	want=$1 msg=$2 name=$3
	shift 3
	before=$(db_digest)
	run tp "$@"
	is "$RC" "$want" "$name: exit $want"
	like "$ERR" "$msg" "$name: message"
	is "$(db_digest)" "$before" "$name: database unchanged"
}

# db_digest: a checksum of every user table, to prove "nothing changed".
db_digest() {
	"$SQLITE3_SHELL" -batch "file:$TERMPSA_DB?mode=ro" .dump 2>/dev/null |
	    grep -v '^INSERT INTO \(activity\|sqlite_\)' | cksum
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}
