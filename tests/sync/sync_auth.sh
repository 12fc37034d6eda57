#!/bin/sh
# sync_auth.sh - the auth kinds against the test PSA: bearer from
# token_command, basic, static headers, oauth2 client credentials (token
# cached, refreshed on a 401); plain http refused off loopback; a failing
# token_command; and no secret in any output.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/sync/sync_lib.sh"
export OAUTH_SECRET=0auth-S3CRET-55e1
start_server --oauth-secret "$OAUTH_SECRET"
tp init >/dev/null

# conf AUTH-LINES: a termpsa-profile config with this auth: section.
conf() {
	cat >"$TMPD/config.yaml" <<EOC
sync:
  base_url: $PSA_URL
  timeout: 2
  auth:
$1
EOC
	chmod 600 "$TMPD/config.yaml"
	export TERMPSA_CONFIG="$TMPD/config.yaml"
}
pushed() { sql "SELECT state FROM outbox WHERE entity = 'client' AND local_id = $1"; }

conf "    kind: bearer
    token_command: [sh, -c, 'printf \"%s\\\\n\" \"\$PSA_TOKEN\"']"
C=$(mk_client ByCommand)
run tp sync
is "$RC:$(pushed "$C")" "0:done" "bearer token from token_command"

conf "    kind: basic
    username: tech
    password_env: PSA_TOKEN"
C=$(mk_client ByBasic)
run tp sync
is "$RC:$(pushed "$C")" "0:done" "basic auth"

conf "    kind: headers
    token_env: PSA_TOKEN
    headers: ['X-Api-Key: {token}']"
C=$(mk_client ByHeader)
run tp sync
is "$RC:$(pushed "$C")" "0:done" "static headers, {token} filled from token_env"

conf "    kind: oauth2
    token_url: $PSA_URL/oauth/token
    client_id: termpsa
    client_secret_env: OAUTH_SECRET"
C=$(mk_client ByOauth)
run tp sync
is "$RC:$(pushed "$C")" "0:done" "oauth2 client credentials"
is "$(srv 'S["tokens"]')" 1 "one token was fetched for the whole run"
ctl POST /_control/rotate >/dev/null
ctl POST /_control/clear >/dev/null
C=$(mk_client AfterRotate)
run tp sync
is "$RC:$(pushed "$C")" "0:done" "an expired token: a 401, a fresh token, the request again"
is "$(srv '[r["status"] for r in R if r["path"] in ("/clients", "/oauth/token") and r["method"] == "POST"]')" \
    '[200,201]' "the new token is fetched once and the create goes through once"
is "$(srv 'len([c for c in S["clients"] if c["name"] == "AfterRotate"])')" 1 "exactly one client"

# --- refusals ---------------------------------------------------------------
conf "    kind: bearer
    token_command: [sh, -c, 'exit 3']"
D0=$(db_digest)
run tp sync
is "$RC" 65 "a failing token_command: exit 65"
like "$ERR" "token_command" "the message names token_command"
cat >"$TMPD/config.yaml" <<EOC
sync:
  base_url: http://192.0.2.10/api
  auth:
    kind: bearer
    token_env: PSA_TOKEN
EOC
run tp sync
is "$RC" 65 "plain http off loopback is refused: exit 65"
like "$ERR" "https" "and says to use https"
is "$(db_digest)" "$D0" "neither touched the database"

OUTS=$(all_output)
ok "$(printf '%s' "$OUTS" | grep -c -a -e "$PSA_TOKEN" -e "$OAUTH_SECRET" -e "oauth-1-" | grep -qx 0 && echo 0 || echo 1)" \
    "no token, client secret or access token in any output"
done_testing
