# tests/billing_fixtures.sh - clients, tickets, users, projects, time and
# expenses for the billing tests, sourced after tests/lib.sh.
#
# Until `client add`, `ticket add`, `time log` and `project log/expense`
# reach main, rows are written with the sqlite3 shell (schema/0001_core.sql
# columns); each helper prints the new row's id.  Names passed in must not
# contain quotes.  Swap the bodies for the real commands once they land.

# sqlw SQL: run SQL read-write on the test database.
sqlw() {
	"$SQLITE3_SHELL" -batch -noheader "$TERMPSA_DB" \
	    "PRAGMA foreign_keys = ON; $1"
}

# fx_client NAME RATE_CENTS|NULL [NET_TERMS_DAYS]
fx_client() {
	sqlw "INSERT INTO clients(name, hourly_rate_cents, net_terms_days,
	    created_at, updated_at) VALUES ('$1', $2, ${3:-30}, 0, 0);
	    SELECT last_insert_rowid();"
}

# fx_ticket CLIENT SUBJECT [PROJECT]
fx_ticket() {
	sqlw "INSERT INTO counters(name, value) VALUES ('ticket', 1)
	    ON CONFLICT(name) DO UPDATE SET value = value + 1;
	    INSERT INTO tickets(number, client_id, project_id, subject,
	    created_at, updated_at) VALUES ((SELECT value FROM counters WHERE
	    name = 'ticket'), $1, ${3:-NULL}, '$2', 0, 0);
	    SELECT last_insert_rowid();"
}

# fx_user NAME RATE_CENTS|NULL
fx_user() {
	sqlw "INSERT INTO users(name, hourly_rate_cents, created_at, updated_at)
	    VALUES ('$1', $2, 0, 0); SELECT last_insert_rowid();"
}

# fx_time TICKET MINUTES [BILLABLE=1] [USER_ID=tech] [WORK_DATE]
fx_time() {
	sqlw "INSERT INTO time_entries(ticket_id, project_id, user_id, work_date,
	    minutes, billable, created_at, updated_at) VALUES ($1,
	    (SELECT project_id FROM tickets WHERE id = $1),
	    ${4:-(SELECT id FROM users WHERE name = 'tech')},
	    '${5:-2026-01-10}', $2, ${3:-1}, 0, 0); SELECT last_insert_rowid();"
}

# fx_project CLIENT NAME
fx_project() {
	sqlw "INSERT INTO projects(client_id, name, created_at, updated_at)
	    VALUES ($1, '$2', 0, 0); SELECT last_insert_rowid();"
}

# fx_ptime PROJECT USER_ID MINUTES [BILLABLE=1] [WORK_DATE]
fx_ptime() {
	sqlw "INSERT INTO time_entries(project_id, user_id, work_date, minutes,
	    billable, created_at, updated_at) VALUES ($1, $2,
	    '${5:-2026-01-10}', $3, ${4:-1}, 0, 0); SELECT last_insert_rowid();"
}

# fx_expense PROJECT DESCRIPTION AMOUNT_CENTS [BILLABLE=1]
fx_expense() {
	sqlw "INSERT INTO project_expenses(project_id, description, amount_cents,
	    billable, created_at) VALUES ($1, '$2', $3, ${4:-1}, 0);
	    SELECT last_insert_rowid();"
}

# skip_one REASON: a TAP test that is skipped, with the reason.
skip_one() {
	T_N=$((T_N + 1))
	echo "ok $T_N # SKIP $1"
}

# refused_unchanged RC ERE NAME: the last run exited RC with a message
# matching ERE, and the database is as it was when $DIGEST was taken.
refused_unchanged() {
	is "$RC" "$1" "$3: exit $1"
	like "$ERR" "$2" "$3: message"
	is "$(db_digest)" "$DIGEST" "$3: database unchanged"
}

# jvars JSON NAME=PATH...: shell assignments (for eval) of several values
# out of one JSON document, in one python start (jget per value is slow).
# Paths as in jget; "#PATH" gives the length of an array.
jvars() {
	"$PYTHON3" -c '
import json, shlex, sys
doc = json.loads(sys.argv[1])
for arg in sys.argv[2:]:
    name, path = arg.split("=", 1)
    count = path.startswith("#")
    v = doc
    for k in (path[1:] if count else path).split(".") if path.strip("#") else []:
        if v is None: break
        v = v[int(k)] if isinstance(v, list) else v.get(k)
    if count: v = len(v)
    elif v is None: v = ""
    elif isinstance(v, bool): v = "true" if v else "false"
    elif isinstance(v, (dict, list)): v = json.dumps(v, separators=(",", ":"))
    print("%s=%s" % (name, shlex.quote(str(v))))
' "$@"
}
