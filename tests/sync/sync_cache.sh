#!/bin/sh
# sync_cache.sh - money shown is money stored after a pull: a client's
# cached dashboard never outlives a pulled change to what it shows (new
# tickets, a remote ticket's priority, an invoice, an asset), whichever
# pull path wrote it (schema/0006_cache_triggers.sql).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"

start_server
sync_config termpsa
tp init >/dev/null
seed() { ctl POST /_control/seed "{\"kind\":\"$1\",\"record\":$2}" | jget "$(cat)" id; }
upd() { ctl POST /_control/update "{\"kind\":\"$1\",\"id\":\"$2\",\"fields\":$3}" >/dev/null; }
w() { "$SQLITE3_SHELL" -batch "$TERMPSA_DB" "$1"; }

RC1=$(seed clients '{"name":"Remote Co","status":"active"}')
T1=$(seed tickets "{\"client_id\":\"$RC1\",\"subject\":\"Mine\",\"priority\":\"normal\",\"status\":\"open\",\"assigned_to\":\"tech\"}")
run tp sync
is "$RC" 0 "first pull"
CL=$(sql "SELECT id FROM clients WHERE remote_id = '$RC1'")

# pulled NAME: with the dashboard cached, pull; what is shown is what a
# dashboard built afresh shows, and the pull changed it.
pulled() {
	_before=$(tp client show "$CL" --json)
	run tp sync
	_shown=$(tp client show "$CL" --json)
	w "DELETE FROM cache"
	_fresh=$(tp client show "$CL" --json)
	if [ "$RC" -ne 0 ] || [ "$_before" = "$_fresh" ]; then
		ok 1 "$1: the pull ran and changed the dashboard (rc $RC)"
	else
		is "$_shown" "$_fresh" "$1: the dashboard shows what was pulled"
	fi
}

seed tickets "{\"client_id\":\"$RC1\",\"subject\":\"Second\",\"priority\":\"high\",\"status\":\"open\",\"assigned_to\":\"tech\"}" >/dev/null
pulled "a new ticket"
upd tickets "$T1" '{"priority":"critical"}'
pulled "a remote ticket's priority"
seed invoices "{\"client_id\":\"$RC1\",\"number\":\"R-1\",\"status\":\"sent\",\"total_cents\":9900,\"issue_date\":\"2026-01-01\",\"due_date\":\"2026-01-31\"}" >/dev/null
pulled "a new invoice"
seed assets "{\"client_id\":\"$RC1\",\"name\":\"SRV1\",\"serial\":\"S1\"}" >/dev/null
pulled "a new asset"
seed contacts "{\"client_id\":\"$RC1\",\"name\":\"Ann\"}" >/dev/null
pulled "a new contact"
done_testing
