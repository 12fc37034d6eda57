#!/bin/sh
# sync_contact.sh - a contact or location edited (contact update, location
# update, the dashboard's e) reaches the PSA as a PATCH of its record with
# the termpsa profile, and is unsupported (parked, said) with ITFlow's.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"
start_server

sync_config termpsa
tp init >/dev/null
tp client add "Acme Corp" >/dev/null
tp contact add 1 "Jo Doe" --email jo@acme.test >/dev/null
tp location add 1 HQ --city Oslo >/dev/null
run tp sync
is "$RC" 0 "the contact and location are created remotely"
tp contact update 1 --title Boss >/dev/null
tp location update 1 --city Bergen >/dev/null
run tp sync
is "$RC" 0 "the edits sync"
is "$(srv '[r["method"] + " " + r["path"].split("/")[1] for r in R if r["method"] == "PATCH"]')" \
    '["PATCH contacts","PATCH locations"]' "each edit is a PATCH of its record"
is "$(srv '[r["body"].get("title") or r["body"].get("city") for r in R if r["method"] == "PATCH"]')" \
    '["Boss","Bergen"]' "with the new values"
is "$(sql "SELECT count(*) FROM outbox WHERE state <> 'done'")" 0 "nothing left in the outbox"

sync_config itflow
tp contact update 1 --title Owner >/dev/null
run tp sync
is "$(sql "SELECT state FROM outbox WHERE entity = 'client_contact' AND op = 'update' ORDER BY id DESC LIMIT 1")" \
    unsupported "ITFlow has no contact endpoint: the edit is parked as unsupported"

done_testing
