# tests/sync_lib.sh - sourced by the sync tests after tests/lib.sh: the test
# PSA server, a sync config, fixtures written the way the services write
# them (the record and its outbox row in one transaction), and small
# queries on the server's state.
#
#   start_server                 # PSA_URL, PSA_PORT; stop_server at exit
#   sync_config termpsa|itflow [extra yaml lines under sync:]
#   C=$(mk_client Acme); T=$(mk_ticket "$C" "Printer")
#   run tp sync
#   is "$(srv 'len(S["tickets"])')" 1 "one ticket on the server"

: "${PSA_TOKEN:=s3cr3t-T0KEN-7f1e9c}"
: "${PSA_KEY:=itfl0w-K3Y-a9d2b4}"
export PSA_TOKEN PSA_KEY
SRV_PID=
[ -x "$TERMPSA_SYNC" ] || skip_all "termpsa-sync not built"
[ "$PYTHON3" != no ] || skip_all "python3 not found"
export TERMPSA_PROFILE_DIR="$top_srcdir/contrib/profiles"

stop_server() {
	if [ -n "$SRV_PID" ]; then
		kill "$SRV_PID" 2>/dev/null
		wait "$SRV_PID" 2>/dev/null
	fi
	SRV_PID=
}
trap 'stop_server; rm -rf "$TMPD"' EXIT INT TERM

# start_server [--port N] [more psa_server.py options]
start_server() {
	rm -f "$TMPD/port"
	"$PYTHON3" "$top_srcdir/tests/sync/psa_server.py" --port-file "$TMPD/port" \
	    --token "$PSA_TOKEN" --api-key "$PSA_KEY" \
	    "$@" >>"$TMPD/server.log" 2>&1 &
	SRV_PID=$!
	i=0
	while [ ! -s "$TMPD/port" ] && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	PSA_PORT=$(cat "$TMPD/port")
	PSA_URL="http://127.0.0.1:$PSA_PORT"
}

# ctl METHOD PATH [JSON]: talk to the server's control endpoints (curl
# when there is one: a Python start costs more than the request).
if command -v curl >/dev/null 2>&1; then
	ctl() {
		curl -sS -X "$1" --data-binary "${3:-}" \
		    -H 'Content-Type: application/json' "$PSA_URL$2"
		echo
	}
else
	ctl() {
		"$PYTHON3" - "$PSA_URL$2" "$1" "${3:-}" <<'EOF'
import sys, urllib.request
url, method, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, method=method,
    data=body.encode() if body else None,
    headers={"Content-Type": "application/json"})
print(urllib.request.urlopen(req).read().decode())
EOF
	}
fi

# fault JSON: queue a fault on the server.
fault() { ctl POST /_control/fault "$1" >/dev/null; }

# srv EXPR: a Python expression over the server's state S (R: requests),
# evaluated by the server; with several lines, the last is the expression
# and the others run first.  Prints what print() would, lists and objects
# as compact JSON.
srv() { ctl POST /_control/eval "$1"; }

# sync_config PROFILE [LINES]: a config whose sync: section points at the
# test server; LINES (already indented by two spaces) are added to it.
sync_config() {
	if [ "$1" = itflow ]; then
		auth="    kind: api_key
    token_env: PSA_KEY"
	else
		auth="    kind: bearer
    token_env: PSA_TOKEN"
	fi
	cat >"$TMPD/config.yaml" <<EOF
sync:
  profile: $1
  base_url: $PSA_URL
  auth:
$auth
  timeout: 2
${2:-}
EOF
	chmod 600 "$TMPD/config.yaml"
	export TERMPSA_CONFIG="$TMPD/config.yaml"
}

# wsql SQL: write to the test database (fixtures).
wsql() {
	"$SQLITE3_SHELL" -batch -noheader -cmd ".timeout 5000" "$TERMPSA_DB" \
	    "PRAGMA foreign_keys = ON; $1"
}

# The outbox row the QueueForSync listener writes.
ob() {
	f=${4:-}
	[ -n "$f" ] || f='{}'
	echo "INSERT INTO outbox(entity, local_id, op, fields, created_at,
	    updated_at) VALUES ('$1', $2, '$3', '$f', 0, 0);"
}

mk_client() {
	wsql "BEGIN; INSERT INTO clients(name, company_name, hourly_rate_cents,
	    created_at, updated_at) VALUES ('$1', 'Co $1', 12500, 0, 0);
	    $(ob client 'last_insert_rowid()' create) COMMIT;
	    SELECT max(id) FROM clients;"
}

# mk_ticket CLIENT SUBJECT [PRIORITY]
mk_ticket() {
	wsql "BEGIN; INSERT INTO counters(name, value) VALUES ('ticket', 1)
	    ON CONFLICT(name) DO UPDATE SET value = value + 1;
	    INSERT INTO tickets(number, client_id, subject, body, priority,
	    created_at, updated_at) VALUES ((SELECT value FROM counters WHERE
	    name = 'ticket'), $1, '$2', 'Details of $2', '${3:-normal}', 0, 0);
	    $(ob ticket 'last_insert_rowid()' create) COMMIT;
	    SELECT max(id) FROM tickets;"
}

# ticket_status TICKET STATUS: a status change as the service records it.
ticket_status() {
	wsql "BEGIN; UPDATE tickets SET status = '$2' WHERE id = $1;
	    $(ob ticket "$1" update "{\"status\":\"$2\"}") COMMIT;"
}

mk_note() {
	wsql "BEGIN; INSERT INTO ticket_notes(ticket_id, body, visibility,
	    created_at, updated_at) VALUES ($1, '$2', '${3:-internal}', 0, 0);
	    $(ob ticket_note 'last_insert_rowid()' create "{\"ticket_id\":$1}")
	    COMMIT; SELECT max(id) FROM ticket_notes;"
}

# mk_time TICKET MINUTES
mk_time() {
	wsql "BEGIN; INSERT INTO time_entries(ticket_id, user_id, work_date,
	    minutes, note, created_at, updated_at) VALUES ($1,
	    (SELECT min(id) FROM users), '2026-01-15', $2, 'onsite', 0, 0);
	    $(ob time_entry 'last_insert_rowid()' create "{\"ticket_id\":$1}")
	    COMMIT; SELECT max(id) FROM time_entries;"
}

mk_asset() {
	wsql "BEGIN; INSERT INTO assets(client_id, name, type, serial,
	    warranty_expire, created_at, updated_at) VALUES ($1, '$2',
	    'Laptop', 'SN-$2', '2027-03-01', 0, 0);
	    $(ob asset 'last_insert_rowid()' create) COMMIT;
	    SELECT max(id) FROM assets;"
}

mk_invoice() {
	wsql "BEGIN; INSERT INTO invoices(number, client_id, subject, status,
	    issue_date, due_date, total_cents, created_at, updated_at) VALUES
	    ('$2', $1, 'Work', 'draft', '2026-01-15', '2026-02-14', 25000, 0, 0);
	    INSERT INTO invoice_items(invoice_id, position, description, quantity,
	    price_cents, total_cents) VALUES (last_insert_rowid(), 1, 'Labor',
	    200, 12500, 25000);
	    $(ob invoice '(SELECT max(id) FROM invoices)' create) COMMIT;
	    SELECT max(id) FROM invoices;"
}

# mk_payment CLIENT INVOICE|NULL AMOUNT
mk_payment() {
	wsql "BEGIN; INSERT INTO payments(client_id, invoice_id, amount_cents,
	    method, received_at, created_at, updated_at) VALUES ($1, $2, $3,
	    'card', 0, 0, 0);
	    $(ob payment 'last_insert_rowid()' create) COMMIT;
	    SELECT max(id) FROM payments;"
}

# outbox_state ID
outbox_state() { sql "SELECT state FROM outbox WHERE id = $1"; }

# Every output and log so far, for the secret check.
all_output() {
	cat "$TMPD"/out "$TMPD"/err "$TMPD"/*.log 2>/dev/null
	sql "SELECT coalesce(last_error, '') FROM outbox; SELECT line FROM
	    activity; SELECT coalesce(error, '') FROM sync_runs; SELECT
	    coalesce(last_error, '') FROM sync_meta;"
}
