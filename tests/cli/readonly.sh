#!/bin/sh
# readonly.sh - reads do not write: a command that only looks (list, show,
# report, export, status) makes no "me" user, event or activity line, even
# when it finds nothing; and on a database that cannot be written (the
# file and its folder read-only) every read works, with or without the
# -wal and -shm files, while a write fails cleanly (exit 74).
. "$top_srcdir/tests/lib.sh"

export TERMPSA_DB="$TMPD/db/t.db"
mkdir -p "$TMPD/db"
tp init >/dev/null
tp client add Acme >/dev/null
tp invoice bill-tickets 1 1 >/dev/null 2>&1

# What a write would change: the rows, the cache left out (client show
# may keep a dashboard: derived data, dropped by any change).
state() {
	"$SQLITE3_SHELL" -batch "file:$TERMPSA_DB?mode=ro" .dump 2>/dev/null |
	    grep -v '^INSERT INTO cache' | cksum
}

READS="client list|client show 1|user list|ticket list|ticket show 1|time list|time status|asset list|project list|invoice list|payment list|report aging|report revenue|report time|activity|notifications|jobs list|export clients|sync status|--json client list|--json ticket show 1|search acme|--json search acme"
NOTFOUND="invoice show 400|client show 400|ticket show 400|asset show 400|project show 400"

# --- reads do not write ----------------------------------------------------------------
before=$(state)
users=$(sql "SELECT count(*) FROM users")
run env TERMPSA_USER=newcomer "$TERMPSA" invoice show 400
is "$RC" 1 "invoice show 400: not found"
is "$(sql "SELECT count(*) FROM users")" "$users" "a read by a new name makes no users row"
is "$(state)" "$before" "and writes no event, activity or anything else"
IFS='|'
for c in $READS $NOTFOUND; do
	IFS=' '
	# shellcheck disable=SC2086
	run env TERMPSA_USER="newcomer" "$TERMPSA" $c
	IFS='|'
	is "$(state)" "$before" "$c writes nothing (exit $RC)"
done
IFS=' '

# --- a database that cannot be written -------------------------------------------------
# As root chmod stops nothing: the reads run as nobody then.
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		chmod a+rx "$TMPD" "$TMPD/db" "$HOME"
		chmod -R a+rX "$HOME"
		as_reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	else
		as_reader() { return 125; }
	fi
else
	as_reader() { "$@"; }
fi

ro_checks() {
	chmod a+r "$TMPD/db"/*
	chmod a-w "$TMPD/db"/* "$TMPD/db"
	as_reader true
	if [ $? -eq 125 ]; then
		ok 0 "# SKIP no way to read as another user ($1)"
		chmod u+w "$TMPD/db" "$TMPD/db"/*
		return
	fi
	IFS='|'
	for c in $READS; do
		IFS=' '
		# shellcheck disable=SC2086
		run as_reader "$TERMPSA" $c
		IFS='|'
		is "$RC|$(printf '%s' "$ERR" | head -1)" "0|" "read-only ($1): $c works"
	done
	for c in $NOTFOUND; do
		IFS=' '
		# shellcheck disable=SC2086
		run as_reader "$TERMPSA" $c
		IFS='|'
		like "$RC|$ERR" "^1\|termpsa: .* not found" "read-only ($1): $c says not found"
	done
	IFS=' '
	run as_reader "$TERMPSA" client show 1
	like "$OUT" "^Acme \(client 1\)" "read-only ($1): the dashboard is shown, uncached"
	run as_reader "$TERMPSA" ticket add 1 "Cannot"
	is "$RC" 74 "read-only ($1): a write fails with exit 74"
	like "$ERR" "read-only" "  and says the database is read-only"
	chmod u+w "$TMPD/db" "$TMPD/db"/*
}
ro_checks "with -wal and -shm"
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
rm -f "$TERMPSA_DB-wal" "$TERMPSA_DB-shm"
ro_checks "no -wal or -shm left"
is "$(state)" "$before" "nothing was written by any of it"

done_testing
