#!/bin/sh
# sync_integrity.sh - what a hostile or broken PSA, or a careless config,
# still must not break: a create answered with a bad id fails its row
# (never "done"); a next_cursor that repeats, a page with nothing new and
# an endless cursor end the pull (sync.max_pages caps a run); a URL that
# config check refuses is the URL sync refuses; no header value in any
# output.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"

start_server
sync_config termpsa
tp init >/dev/null
ob_of() { sql "SELECT state || '|' || coalesce(remote_id, '-') FROM outbox WHERE entity = 'client' AND local_id = $1"; }
err_of() { sql "SELECT coalesce(last_error, '') FROM outbox WHERE entity = 'client' AND local_id = $1"; }

# --- a create's answer: the id is a string or an integer, 1-64 printable ASCII
# raw id | why (a part of the message)
while IFS='|' read -r raw why; do
	n=$((${n:-0} + 1))
	C=$(mk_client "Bad$n")
	fault "{\"method\":\"POST\",\"path\":\"/clients\",\"match\":\"Bad$n\",\"raw_id\":$(printf '%s' "$raw" | "$PYTHON3" -c 'import json,sys; print(json.dumps(sys.stdin.read()))')}"
	run tp sync
	is "$(ob_of "$C")" "failed|-" "a create answered with id $raw: the row fails, no remote id"
	like "$(err_of "$C")" "$why" "  and says why ($why)"
	# (the pull finds the record the PSA made by its uuid: the client
	# gets the id the PSA lists, never the bad one)
	is "$(sql "SELECT coalesce(remote_id, '-') FROM clients WHERE id = $C")" \
	    "$(srv "[c['id'] for c in S['clients'] if c['name'] == 'Bad$n'][0]")" \
	    "  the client has the id the PSA lists, not the bad one"
done <<'EOF_IDS'
1e999|a number with a fraction or an exponent
1.5|a number with a fraction or an exponent
-0.0|a number with a fraction or an exponent
true|is true, not a string or an integer
false|is false, not a string or an integer
null|a null id
{"a":1}|an object
[7]|a list
""|is empty
"a\u0001b"|other than printable ASCII
"caf\u00e9"|other than printable ASCII
"1234567890123456789012345678901234567890123456789012345678901234X"|longer than 64
EOF_IDS

# Good ids are kept exactly as the PSA wrote them.
C=$(mk_client Big)
fault '{"method":"POST","path":"/clients","match":"Big","raw_id":"12345678901234567891"}'
run tp sync
is "$(ob_of "$C")" "done|12345678901234567891" \
    "an integer beyond 64 bits keeps every digit (no rounding to a real)"
C=$(mk_client Str)
fault '{"method":"POST","path":"/clients","match":"Str","raw_id":"\"CL-0042 a/b\""}'
run tp sync
is "$(ob_of "$C")" "done|CL-0042 a/b" "a string id with printable ASCII is kept"
C=$(mk_client After)
run tp sync
is "$RC|$(ob_of "$C" | cut -d'|' -f1)" "0|done" \
    "later creates go through (no duplicate id left behind)"
is "$(sql "SELECT count(*) FROM outbox WHERE state = 'done' AND entity = 'client'")" 3 \
    "no bad id was ever marked done"

# --- pulls that page badly --------------------------------------------------------
reqs() { srv "len([r for r in R if r['method'] == 'GET' and r['path'] == '/$1'])"; }
mode() { ctl POST /_control/mode "$1" >/dev/null; }
for i in 1 2 3; do
	ctl POST /_control/seed "{\"kind\":\"clients\",\"record\":{\"name\":\"Remote $i\"}}" >/dev/null
done
ctl POST /_control/clear >/dev/null
mode '{"cursor":"stuck","kind":"clients"}'
run tp sync
is "$RC" 69 "a next_cursor that never changes: the pull fails (exit 69)"
like "$ERR" "pulling client: the PSA gave a next_cursor it gave before" "and says so"
[ "$(reqs clients)" -le 2 ]
ok $? "after at most 2 requests, not 10,000 ($(reqs clients))"
run tp sync status
like "$OUT" "next_cursor it gave before" "sync status shows the error"

w() { "$SQLITE3_SHELL" -batch "$TERMPSA_DB" "$1"; }
w "DELETE FROM sync_cursors"
ctl POST /_control/clear >/dev/null
mode '{"cursor":"same_page","kind":"clients"}'
run tp sync
is "$RC" 69 "a new cursor with the same records: the pull fails"
like "$ERR" "brought no record not seen on an earlier page" "and says so"
is "$(reqs clients)" 2 "after the second page"

w "DELETE FROM sync_cursors"
ctl POST /_control/clear >/dev/null
mode '{"cursor":"endless","kind":"clients"}'
sync_config termpsa "  max_pages: 4"
n0=$(sql "SELECT count(*) FROM clients")
run tp sync
is "$RC" 69 "an endless cursor: the run stops at sync.max_pages"
like "$ERR" "stopped at sync.max_pages \\(4 pages this run\\)" "and says so"
is "$(reqs clients)" 4 "4 requests"
n1=$(sql "SELECT count(*) FROM clients")
[ $((n1 - n0)) -le 400 ]
ok $? "the inserts are bounded by the cap ($((n1 - n0)) new clients)"
mode '{"cursor":null}'

# --- one URL rule: config check and sync refuse the same ---------------------------
for u in 'http://127.0.0.1.evil.example/' 'http://127.0.0.1@10.0.0.1/' \
    'http://127.0.0.1%2eevil.example/'; do
	sed "s|^  base_url: .*|  base_url: $u|" "$TMPD/config.yaml" >"$TMPD/c2.yaml"
	chmod 600 "$TMPD/c2.yaml"
	run tp config check --file "$TMPD/c2.yaml"
	is "$RC" 65 "config check refuses $u"
	run env TERMPSA_CONFIG="$TMPD/c2.yaml" "$TERMPSA" sync
	is "$RC" 65 "and so does sync"
done

# --- no header value in any output ----------------------------------------------------
export TENANT_MARK=tenant-7f3a9
cat >"$TMPD/config.yaml" <<EOC
sync:
  base_url: $PSA_URL
  timeout: 2
  auth:
    kind: headers
    token_env: PSA_TOKEN
    headers:
      Authorization: "Bearer {token}"
      X-Tenant: $TENANT_MARK
EOC
C=$(mk_client Headed)
run tp sync
is "$RC|$(ob_of "$C" | cut -d'|' -f1)" "0|done" "a {token} header authenticates"
: >"$TMPD/all.log"
for cmd in "sync" "sync status" "--json sync status" "--json config check" "config check"; do
	fault '{"status":500,"times":3}'
	# shellcheck disable=SC2086
	tp $cmd >>"$TMPD/all.log" 2>&1
done
fault '{"status":401,"times":3}'
tp sync >>"$TMPD/all.log" 2>&1
OUTS=$(all_output)
ok "$(printf '%s' "$OUTS" | grep -c -a -e "$PSA_TOKEN" -e "$TENANT_MARK" -e Bearer | grep -qx 0 && echo 0 || echo 1)" \
    "no header value (token, tenant, Bearer) in any output, status, error or database row"
done_testing
