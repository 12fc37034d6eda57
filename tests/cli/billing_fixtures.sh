# tests/billing_fixtures.sh - clients, tickets, users, projects, time and
# expenses for the billing tests, sourced after tests/lib.sh.
#
# Every fixture is made by the real commands (client add, ticket add, user
# add, time log, project add/log/expense); each helper prints the new
# row's id.

# money CENTS: "125.00" for 12500.
money() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# id_of "what N ...": N.
id_of() { _x=${1#* }; echo "${_x%% *}"; }

# fx_client NAME RATE_CENTS|NULL [NET_TERMS_DAYS]
fx_client() {
	if [ "$2" = NULL ]; then
		_o=$(tp client add "$1" --net-terms "${3:-30}")
	else
		_o=$(tp client add "$1" --rate "$(money "$2")" \
		    --net-terms "${3:-30}")
	fi
	id_of "$_o"
}

# fx_ticket CLIENT SUBJECT [PROJECT]
fx_ticket() {
	if [ -n "${3:-}" ]; then
		id_of "$(tp ticket add "$1" "$2" --project "$3")"
	else
		id_of "$(tp ticket add "$1" "$2")"
	fi
}

# fx_user NAME RATE_CENTS|NULL
fx_user() {
	if [ "$2" = NULL ]; then
		id_of "$(tp user add "$1")"
	else
		id_of "$(tp user add "$1" --rate "$(money "$2")")"
	fi
}

# fx_time TICKET MINUTES [BILLABLE=1] [USER=me] [WORK_DATE=today]
fx_time() {
	_o=$(tp time log "$1" "$2" ${4:+--user "$4"} ${5:+--date "$5"} \
	    $([ "${3:-1}" = 0 ] && echo --no-billable))
	echo "${_o##* }"
}

# fx_project CLIENT NAME
fx_project() { id_of "$(tp project add "$1" "$2")"; }

# fx_ptime PROJECT USER MINUTES [BILLABLE=1] [WORK_DATE=today]
fx_ptime() {
	_o=$(tp project log "$1" "$3" --user "$2" ${5:+--date "$5"} \
	    $([ "${4:-1}" = 0 ] && echo --no-billable))
	echo "${_o##* }"
}

# fx_expense PROJECT DESCRIPTION AMOUNT_CENTS [BILLABLE=1]
fx_expense() {
	_o=$(tp project expense "$1" "$(money "$3")" "$2" \
	    $([ "${4:-1}" = 0 ] && echo --no-billable))
	echo "${_o##* }"
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
