#!/bin/sh
# sync_bench.sh - quality.md's sync figure for tests/bench/bench.py: push N
# records (clients and their tickets) to the test PSA on loopback through
# one connection, and the server's own ceiling with a plain HTTP client
# (Python's http.client, one keep-alive connection, the same POSTs).
# Prints one JSON line: {"records_per_s": R, "ceiling_per_s": C, ...}.
#
#   TERMPSA=path/to/termpsa top_srcdir=... N=5000 sh tests/bench/sync_bench.sh
set -eu
: "${N:=5000}"
: "${PYTHON3:=python3}"
: "${SQLITE3_SHELL:=sqlite3}"
T=$(mktemp -d "${TMPDIR:-/tmp}/termpsa-bench-sync.XXXXXX")
SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; rm -rf "$T"' EXIT INT TERM

"$PYTHON3" "$top_srcdir/tests/sync/psa_server.py" --port-file "$T/port" \
    --token bench-token >/dev/null 2>&1 &
SRV=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
PORT=$(cat "$T/port")

# The termpsa profile without its pull: the figure is the push alone.
sed '/^pull:/,$d' "$top_srcdir/contrib/profiles/termpsa.yaml" >"$T/push.yaml"
cat >"$T/config.yaml" <<EOF
sync:
  profile: $T/push.yaml
  base_url: http://127.0.0.1:$PORT
  auth:
    kind: bearer
    token_env: BENCH_TOKEN
EOF
chmod 600 "$T/config.yaml"
export BENCH_TOKEN=bench-token TERMPSA_DB="$T/bench.db" \
    TERMPSA_CONFIG="$T/config.yaml" TERMPSA_USER=bench
unset TERMPSA_TRACE_SQL

NC=$((N / 2)); NT=$((N - NC))
"$TERMPSA" init >/dev/null
"$SQLITE3_SHELL" -batch "$TERMPSA_DB" "BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NC)
INSERT INTO clients(name, created_at, updated_at)
    SELECT 'Bench client ' || i, 0, 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NT)
INSERT INTO tickets(number, client_id, subject, body, created_at, updated_at)
    SELECT i, (SELECT min(id) FROM clients) + (i - 1) % $NC,
    'Bench ticket ' || i, 'body', 0, 0 FROM n;
DELETE FROM outbox;
INSERT INTO outbox(entity, local_id, op, created_at, updated_at)
    SELECT 'client', id, 'create', 0, 0 FROM clients ORDER BY id;
INSERT INTO outbox(entity, local_id, op, created_at, updated_at)
    SELECT 'ticket', id, 'create', 0, 0 FROM tickets ORDER BY id;
COMMIT;"

start=$("$PYTHON3" -c 'import time; print(time.perf_counter())')
"$TERMPSA" sync >/dev/null
end=$("$PYTHON3" -c 'import time; print(time.perf_counter())')
done_rows=$("$SQLITE3_SHELL" -batch -noheader "$TERMPSA_DB" \
    "SELECT count(*) FROM outbox WHERE state = 'done'")

"$PYTHON3" - "$PORT" "$N" "$start" "$end" "$done_rows" <<'EOF'
import http.client, json, sys, time, uuid
port, n, start, end, done = int(sys.argv[1]), int(sys.argv[2]), \
    float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
# Ticket processes call perf_counter in another process: use wall time of
# the run as measured around it (same clock source, CLOCK_MONOTONIC).
elapsed = end - start
c = http.client.HTTPConnection("127.0.0.1", port)
hdr = {"Authorization": "Bearer bench-token",
       "Content-Type": "application/json"}
t0 = time.perf_counter()
for i in range(n):
    body = json.dumps({"external_id": str(uuid.uuid4()), "name": "c%d" % i})
    hdr["Idempotency-Key"] = str(uuid.uuid4())
    c.request("POST", "/clients", body, hdr)
    c.getresponse().read()
ceiling = n / (time.perf_counter() - t0)
print(json.dumps({"records_per_s": done / elapsed, "ceiling_per_s": ceiling,
                  "records": done, "seconds": round(elapsed, 3)}))
EOF
