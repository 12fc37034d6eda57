#!/bin/sh
# sync_text.sh - text from the PSA is not refused but repaired where it
# enters (src/sync/send.c): bytes that are not UTF-8 are stored as U+FFFD
# and the run says how many; controls are kept as data and escaped on the
# way out (--json), like any other text.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"

start_server
sync_config termpsa
tp init >/dev/null
seed() { ctl POST /_control/seed "{\"kind\":\"$1\",\"record\":$2}" | jget "$(cat)" id; }

# The test server writes JSON with json.dumps, which cannot hold a byte
# that is not UTF-8: have its answers carry one where a record says XFF.
srv 'import __main__, json
H = __main__.Handler
def send(self, status, body=None, headers=None, prefix="", _o=H.send):
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body).encode().replace(b"XFF", b"\xff")
    return _o(self, status, body, headers, prefix)
H.send = send
1' >/dev/null

seed clients '{"name":"Remote XFF Co","company_name":"Ltd \u202e evil","status":"active"}' >/dev/null
run tp sync
is "$RC" 0 "sync pulls a client whose name is not UTF-8"
is "$(sql "SELECT name FROM clients WHERE remote_id IS NOT NULL")" \
    "$(printf 'Remote \357\277\275 Co')" "the bad byte is stored as U+FFFD"
like "$ERR" "^termpsa: sync: warning: 1 byte of the PSA's answers were not UTF-8" \
    "the run reports the repair"
run tp client list --json
is "$("$PYTHON3" -c 'import json,sys; print([c["company_name"] for c in json.loads(sys.argv[1]) if c["company_name"]])' "$OUT")" \
    "['Ltd \\u202e evil']" "a bidi control from the PSA is kept as data"
unlike "$OUT" "$(printf '\342\200\256')" "... and never printed raw"

done_testing
