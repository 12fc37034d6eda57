#!/bin/sh
# concurrency.sh - 4 processes write through the CLI to one database for
# 10 s: no "database is locked" (or any error) reaches stderr, every write
# is there, and the file is intact.  Then a read-only database: a clear
# error and exit 74.
. "$top_srcdir/tests/lib.sh"

DURATION=${CONCURRENCY_SECONDS:-10}
unset TERMPSA_NOW    # real time: jobs and leases behave as in use

tp client add "Acme" >/dev/null || exit 1

# writer KIND N: repeat one kind of write until the time is up; counts
# successes in $TMPD/KIND.n and keeps stderr in $TMPD/KIND.err.
writer() {
	kind=$1 n=0 end=$(($(date +%s) + DURATION))
	while [ "$(date +%s)" -lt "$end" ]; do
		case $kind in
		clients)  tp client add "Client $n" ;;
		contacts) tp contact add 1 "Contact $n" ;;
		payments) tp payment add 1 1.00 && tp client show 1 --json ;;
		jobs)     tp location add 1 "Site $n" && tp jobs run ;;
		esac >/dev/null 2>>"$TMPD/$kind.err" && n=$((n + 1))
	done
	echo "$n" >"$TMPD/$kind.n"
}

for k in clients contacts payments jobs; do
	: >"$TMPD/$k.err"
	writer "$k" &
done
wait

errs=$(cat "$TMPD"/*.err)
is "$errs" "" "no error (no 'database is locked') reaches stderr"
unlike "$errs" "locked|busy" "nothing about locks"
c=$(cat "$TMPD/clients.n") k=$(cat "$TMPD/contacts.n")
p=$(cat "$TMPD/payments.n") l=$(cat "$TMPD/jobs.n")
[ "$c" -gt 0 ] && [ "$k" -gt 0 ] && [ "$p" -gt 0 ] && [ "$l" -gt 0 ]
ok $? "every writer made progress ($c clients, $k contacts, $p payments, $l locations)"
is "$(sql 'SELECT count(*) FROM clients')" "$((c + 1))" "every client is there"
is "$(sql 'SELECT count(*) FROM client_contacts')" "$k" "every contact is there"
is "$(sql 'SELECT count(*) FROM payments')" "$p" "every payment is there"
is "$(sql 'SELECT count(*) FROM client_locations')" "$l" "every location is there"
is "$(sql "SELECT count(*) FROM tickets WHERE subject = 'Welcome to our services'")" \
    "$((c + 1))" "every onboarding saga finished its welcome ticket"
is "$(sql 'PRAGMA integrity_check')" ok "integrity_check ok"

# A read-only database: root ignores file modes, so run as nobody on a
# root-owned 0644 file in a 0755 folder.
if [ "$(id -u)" -ne 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	echo "# read-only checks need root and setpriv; skipped"
	ok 0 "# SKIP read-only database (not root)"
	done_testing
fi
RO="$TMPD/ro"
mkdir -p "$RO" && chmod 0755 "$TMPD" "$RO"
TERMPSA_DB="$RO/ro.db" tp init >/dev/null
TERMPSA_DB="$RO/ro.db" tp client add "Frozen" >/dev/null
chmod 0644 "$RO/ro.db"
rm -f "$RO/ro.db-wal" "$RO/ro.db-shm"
d=$(TERMPSA_DB="$RO/ro.db" db_digest)
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	    env HOME="$RO" XDG_DATA_HOME="$RO" XDG_CONFIG_HOME="$RO" \
	    TERMPSA_DB="$RO/ro.db" "$TERMPSA" "$@"
}
if ! nobody --version >/dev/null 2>&1; then
	ok 0 "# SKIP read-only database (nobody cannot run $TERMPSA)"
	done_testing
fi
run nobody client add "Nope"
is "$RC" 74 "a write to a read-only database exits 74"
like "$ERR" "^termpsa: .*read-only" "with a clear message"
unlike "$ERR" "locked" "not a lock error"
run nobody contact add 1 "Nope"
is "$RC" 74 "every write command: exit 74"
is "$(TERMPSA_DB="$RO/ro.db" db_digest)" "$d" "nothing changed"

done_testing
