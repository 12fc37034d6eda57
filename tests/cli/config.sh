#!/bin/sh
# tests/config.sh - the YAML config file (cli.md "Config file") and
# `config check`: every key read, every error with its file:line:col,
# secrets refused, the insecure-file warning, default and explicit paths.
. "$top_srcdir/tests/lib.sh"

C="$TMPD/c.yaml"
# write FILE: stdin to FILE, mode 0600 (so no warning unless a test wants it)
write() { cat >"$1"; chmod 600 "$1"; }

# --- every key is read ------------------------------------------------------
write "$C" <<'EOF'
user: jane
billing:
  default_rate: "150.50"
  currency: EUR
  invoice_prefix: ACME-
ui:
  theme: mono
  bind:
    - "queue x resolve"
    - global C-d quit
notify:
  command: [notify-send, termpsa]
sync:
  profile: itflow
  base_url: https://psa.example.com/api
  auth:
    kind: bearer
    token_command: [pass, show, psa]
    username: jane
    password_env: PSA_PASSWORD
    in: body
    param: key
    headers: {X-Tenant: acme, Accept: application/json}
    token_url: https://psa.example.com/oauth/token
    client_id: termpsa
    client_secret_env: PSA_CLIENT_SECRET
    scope: tickets write
  interval: 30
  max_pages: 250
  timeout: 5
  breaker:
    failure_threshold: 3
    open_seconds: 20
EOF
run tp --json config check --file "$C"
is "$RC" 0 "config_check_json_full_file_exits_0"
J=$OUT
is "$(jget "$J" path)" "$C" "json: path of the file read"
is "$(jget "$J" insecure_mode)" false "json: a 0600 file is not insecure"
is "$(jget "$J" user)" jane "json: user"
is "$(jget "$J" billing.default_rate_cents)" 15050 "json: billing.default_rate as cents"
is "$(jget "$J" billing.default_rate)" 150.50 "json: billing.default_rate as money"
is "$(jget "$J" billing.currency)" EUR "json: billing.currency"
is "$(jget "$J" billing.invoice_prefix)" ACME- "json: billing.invoice_prefix"
is "$(jget "$J" ui.theme)" mono "json: ui.theme"
is "$(jget "$J" ui.bind)" \
    '[{"pane":"queue","key":"x","action":"resolve","line":9,"col":7},{"pane":"global","key":"C-d","action":"quit","line":10,"col":7}]' \
    "json: ui.bind split into pane, key, action with line and col"
is "$(jget "$J" notify.command)" '["notify-send","termpsa"]' "json: notify.command argv"
is "$(jget "$J" sync.profile)" itflow "json: sync.profile"
is "$(jget "$J" sync.base_url)" https://psa.example.com/api "json: sync.base_url"
is "$(jget "$J" sync.auth.kind)" bearer "json: sync.auth.kind"
is "$(jget "$J" sync.auth.token_command)" '["pass","show","psa"]' "json: sync.auth.token_command"
is "$(jget "$J" sync.auth.username)" jane "json: sync.auth.username"
is "$(jget "$J" sync.auth.password_env)" PSA_PASSWORD "json: sync.auth.password_env"
is "$(jget "$J" sync.auth.in)" body "json: sync.auth.in"
is "$(jget "$J" sync.auth.param)" key "json: sync.auth.param"
is "$(jget "$J" sync.auth.headers)" '["X-Tenant","Accept"]' \
    "json: sync.auth.headers from a mapping (names only, never a value)"
is "$(jget "$J" sync.auth.token_url)" https://psa.example.com/oauth/token "json: sync.auth.token_url"
is "$(jget "$J" sync.auth.client_id)" termpsa "json: sync.auth.client_id"
is "$(jget "$J" sync.auth.client_secret_env)" PSA_CLIENT_SECRET "json: sync.auth.client_secret_env"
is "$(jget "$J" sync.auth.scope)" "tickets write" "json: sync.auth.scope"
is "$(jget "$J" sync.interval)" 30 "json: sync.interval"
is "$(jget "$J" sync.max_pages)" 250 "json: sync.max_pages"
is "$(jget "$J" sync.timeout)" 5 "json: sync.timeout"
is "$(jget "$J" sync.breaker.failure_threshold)" 3 "json: sync.breaker.failure_threshold"
is "$(jget "$J" sync.breaker.open_seconds)" 20 "json: sync.breaker.open_seconds"

run tp config check --file "$C"
is "$OUT" "$C: ok" "config_check_prints_path_ok"

# The other spellings: a number rate, a one-line command, header lines,
# token_env.
write "$C" <<'EOF'
billing:
  default_rate: 99
notify:
  command: notify-send  -u low termpsa
sync:
  auth:
    kind: headers
    token_env: TERMPSA_TOKEN
    headers:
      - "X-Tenant: acme"
EOF
run tp --json config check --file "$C"
is "$(jget "$OUT" billing.default_rate_cents)" 9900 "a plain number rate: 99 -> 9900 cents"
is "$(jget "$OUT" notify.command)" '["notify-send","-u","low","termpsa"]' \
    "a one-line command is split at blanks"
is "$(jget "$OUT" sync.auth.token_env)" TERMPSA_TOKEN "sync.auth.token_env"
is "$(jget "$OUT" sync.auth.headers)" '["X-Tenant"]' "headers as a list of lines"
is "$(jget "$OUT" sync.profile)" termpsa "sync.profile defaults to termpsa"
is "$(jget "$OUT" sync.interval)" 60 "sync.interval defaults to 60"
is "$(jget "$OUT" sync.max_pages)" 1000 "sync.max_pages defaults to 1000"
is "$(jget "$OUT" sync.timeout)" 10 "sync.timeout defaults to 10"
is "$(jget "$OUT" sync.breaker.failure_threshold)" 5 "failure_threshold defaults to 5"
is "$(jget "$OUT" sync.breaker.open_seconds)" 30 "open_seconds defaults to 30"

# Defaults, and no sync section means no sync object.
printf '# nothing\n' | write "$C"
run tp --json config check --file "$C"
is "$RC" 0 "a file of comments is fine"
is "$(jget "$OUT" billing.default_rate_cents)" 15000 "default rate 150.00"
is "$(jget "$OUT" billing.currency)" USD "default currency USD"
is "$(jget "$OUT" billing.invoice_prefix)" INV- "default prefix INV-"
is "$(jget "$OUT" ui.theme)" default "default theme"
is "$(jget "$OUT" sync)" "" "no sync: section, no sync object"
is "$(jget "$OUT" user)" "" "no user"

# --- errors: file:line:col: message, exit 65 ---------------------------------
# bad NAME FORMAT WANT: the file printf FORMAT writes must fail with exactly
# "termpsa: FILE:WANT" and exit 65.
bad() {
	name=$1 want=$3
	printf -- "$2" | write "$TMPD/bad.yaml"
	run tp config check --file "$TMPD/bad.yaml"
	is "$RC" 65 "$name: exit 65"
	is "$ERR" "termpsa: $TMPD/bad.yaml:$want" "$name: message"
}

bad unknown_top_key_suggests_user 'usr: jane\n' \
    "1:1: unknown key 'usr' (did you mean 'user'?)"
bad unknown_nested_key_suggests_default_rate 'billing:\n  currency: EUR\n  defualt_rate: 12\n' \
    "3:3: unknown key 'defualt_rate' in billing (did you mean 'default_rate'?)"
bad unknown_deep_key_suggests_open_seconds 'sync:\n  breaker:\n    open_secs: 3\n' \
    "3:5: unknown key 'open_secs' in sync.breaker (did you mean 'open_seconds'?)"
bad unknown_key_far_from_all_lists_keys 'colour: red\n' \
    "1:1: unknown key 'colour': expected one of user, billing, ui, notify, sync, views, sla"
bad wrong_type_list_for_text 'user: [a, b]\n' \
    "1:7: user: expected text, got a list"
bad wrong_type_value_for_mapping 'billing: 12\n' \
    "1:10: billing: expected a mapping of keys, got a value"
bad wrong_type_interval 'sync:\n  interval: soon\n' \
    "2:13: sync.interval: bad value 'soon': expected a whole number from 1 to 86400"
bad interval_out_of_range 'sync:\n  timeout: 0\n' \
    "2:12: sync.timeout: bad value '0': expected a whole number from 1 to 3600"
bad bad_theme 'ui:\n  theme: dark\n' \
    "2:10: ui.theme: bad value 'dark': expected one of default, light, mono"
bad bad_theme_suggests 'ui:\n  theme: mnoo\n' \
    "2:10: ui.theme: bad value 'mnoo': expected one of default, light, mono (did you mean 'mono'?)"
bad bad_rate_three_decimals 'billing:\n  default_rate: "12.345"\n' \
    "2:17: billing.default_rate: bad amount '12.345': at most 2 decimals"
bad bad_rate_negative 'billing:\n  default_rate: -5\n' \
    "2:17: billing.default_rate: bad amount '-5': must not be negative"
bad bad_currency 'billing:\n  currency: usd\n' \
    "2:13: billing.currency: bad value 'usd': expected a three-letter ISO 4217 code in capitals, such as USD or EUR"
bad bad_bind_two_words 'ui:\n  bind:\n    - "queue x"\n' \
    "3:7: ui.bind: bad binding 'queue x': expected three words \"PANE KEY ACTION\", such as \"queue x resolve\""
bad bad_bind_four_words 'ui:\n  bind:\n    - queue x resolve now\n' \
    "3:7: ui.bind: bad binding 'queue x resolve now': expected three words \"PANE KEY ACTION\", such as \"queue x resolve\""
bad bad_bind_unknown_pane 'ui:\n  bind:\n    - "queu x resolve"\n' \
    "3:7: unknown pane 'queu': expected one of global, hub, queue, assets, invoices, notifications, sync, detail, help (did you mean 'queue'?)"
is "$(printf '%s\n' "$ERR" | grep -c 'unknown pane')" 1 "an unknown pane is reported once"
bad bad_bind_unknown_action 'ui:\n  bind:\n    - "queue x frobnicate"\n' \
    "3:7: unknown action 'frobnicate'"
bad bad_bind_unknown_key 'ui:\n  bind:\n    - "queue C-1 resolve"\n' \
    "3:7: unknown key 'C-1'"
bad bind_must_be_a_list 'ui:\n  bind: "queue x resolve"\n' \
    "2:9: ui.bind: expected a list of \"PANE KEY ACTION\" lines, got a value"
bad token_key_refused 'sync:\n  auth:\n    kind: bearer\n    token: abc123\n' \
    "4:5: 'token' in sync.auth would put a secret in the config file, which is refused: use token_env or token_command instead (the secret stays in the environment or a password manager)"
bad password_key_refused 'sync:\n  auth:\n    password: hunter2\n' \
    "3:5: 'password' in sync.auth would put a secret in the config file, which is refused: use password_env instead (the secret stays in the environment or a password manager)"
bad token_key_refused_at_top 'token: abc123\n' \
    "1:1: 'token' would put a secret in the config file, which is refused: use token_env or token_command instead (the secret stays in the environment or a password manager)"
unlike "$ERR" abc123 "a refused secret is not echoed"
bad token_env_not_a_name 'sync:\n  auth:\n    token_env: "sk-live 1234"\n' \
    "3:16: sync.auth.token_env: expected the name of an environment variable, such as TERMPSA_TOKEN (the value is not shown: the secret itself never goes in the config file)"
bad bearer_needs_a_token_source 'sync:\n  auth:\n    kind: bearer\n' \
    "2:3: sync.auth: kind bearer needs token_env or token_command"
bad bad_auth_kind 'sync:\n  auth:\n    kind: oauth\n' \
    "3:11: sync.auth.kind: bad value 'oauth': expected one of bearer, api_key, basic, headers, oauth2 (did you mean 'oauth2'?)"
bad plain_http_refused 'sync:\n  base_url: http://psa.example.com\n' \
    "2:13: sync.base_url: bad URL 'http://psa.example.com': plain http is allowed only to loopback (localhost, 127.0.0.1, [::1]): use https"
# The host is compared after parsing, not by prefix (core/url.c; the table
# is tests/unit/url_unit.c): what config check accepts, sync accepts.
bad http_loopback_prefix_refused 'sync:\n  base_url: http://127.0.0.1.evil.example/\n' \
    "2:13: sync.base_url: bad URL 'http://127.0.0.1.evil.example/': plain http is allowed only to loopback (localhost, 127.0.0.1, [::1]): use https"
bad http_userinfo_refused 'sync:\n  base_url: http://127.0.0.1@10.0.0.1/\n' \
    "2:13: sync.base_url: bad URL: credentials in the URL (user@host) are refused: put them in sync.auth"
bad http_percent_host_refused 'sync:\n  base_url: http://127.0.0.1%%2eevil.example/\n' \
    "2:13: sync.base_url: bad URL 'http://127.0.0.1%2eevil.example/': percent-encoding in the host is refused"
bad https_userinfo_not_echoed 'sync:\n  base_url: https://bob:hunter2@psa.example.com/\n' \
    "2:13: sync.base_url: bad URL: credentials in the URL (user@host) are refused: put them in sync.auth"
# A header that carries a credential never holds it in the file: its value
# has a {token} place, filled from token_env or token_command; no output
# shows a header value.
bad header_bearer_literal_refused 'sync:\n  auth:\n    kind: headers\n    headers:\n      Authorization: "Bearer sk-live-5ecr3t"\n' \
    "5:7: sync.auth.headers: header 'Authorization' carries a credential, which is refused in the config file: write its value with a {token} place, such as \"Bearer {token}\", and set token_env or token_command (the value is not shown)"
unlike "$OUT$ERR" 5ecr3t "the refused header value is not echoed"
bad header_api_key_list_refused 'sync:\n  auth:\n    kind: headers\n    headers: ["x-api-key: 5ecr3t"]\n' \
    "4:15: sync.auth.headers: header 'x-api-key' carries a credential, which is refused in the config file: write its value with a {token} place, such as \"Bearer {token}\", and set token_env or token_command (the value is not shown)"
unlike "$OUT$ERR" 5ecr3t "the refused header value is not echoed (list form)"
bad header_token_needs_a_source 'sync:\n  auth:\n    kind: headers\n    headers: {Authorization: "Bearer {token}"}\n' \
    "2:3: sync.auth: headers have a {token} place: set token_env or token_command"
printf 'sync:\n  auth:\n    kind: headers\n    token_env: T\n    headers: {Authorization: "Bearer {token}", X-Tenant: acme-77}\n' |
    write "$TMPD/ok.yaml"
run tp --json config check --file "$TMPD/ok.yaml"
is "$RC|$(jget "$OUT" sync.auth.headers)" '0|["Authorization","X-Tenant"]' \
    "a {token} header is accepted; --json shows the header names only"
unlike "$OUT" 'Bearer|acme-77' "no header value in config check --json"
run tp config check --file "$TMPD/ok.yaml"
unlike "$OUT$ERR" 'Bearer|acme-77' "nor in config check"
for u in 'http://[::1]:8080/api' 'HTTP://LOCALHOST:9/' 'http://127.3.2.1/'; do
	printf 'sync:\n  base_url: "%s"\n  auth:\n    kind: bearer\n    token_env: T\n' "$u" |
	    write "$TMPD/ok.yaml"
	run tp config check --file "$TMPD/ok.yaml"
	is "$RC" 0 "config check accepts $u"
done
bad bad_profile 'sync:\n  profile: autotask\n' \
    "2:12: sync.profile: bad value 'autotask': expected termpsa, itflow, or the path of a profile file (containing '/' or ending in .yaml)"
bad empty_command 'notify:\n  command: []\n' \
    "2:12: notify.command: expected a command as a list of words, such as [notify-send, termpsa], got an empty command"
bad duplicate_key 'user: a\nuser: b\n' \
    "2:1: duplicate key 'user' (first on line 1)"
bad yaml_syntax_error 'user: jane\n  billing: x\n' \
    "2:10: bad YAML: mapping values are not allowed in this context"
bad top_level_not_a_mapping '- user\n' \
    "1:1: expected a mapping of keys such as 'user:' and 'billing:', got a list"
bad two_documents 'user: jane\n---\nuser: joe\n' \
    "2:1: only one YAML document is allowed"
bad empty_user_refused 'user: ""\n' \
    "1:7: user: expected text, got an empty string"
bad null_user_refused 'user:\n' \
    "1:6: user: expected text, got nothing"
bad prefix_too_long 'billing:\n  invoice_prefix: ABCDEFGHIJKLMNOPQ\n' \
    "2:19: billing.invoice_prefix: 'ABCDEFGHIJKLMNOPQ' is too long: at most 16 characters"
bad control_characters_refused 'user: "a\\x1bb"\n' \
    "1:7: user: control characters are not allowed (expected text)"

# A bad config stops every command before the database is touched.
printf 'ui:\n  theme: dark\n' | write "$TMPD/bad.yaml"
run env TERMPSA_DB="$TMPD/never.db" "$TERMPSA" --config "$TMPD/bad.yaml" init
is "$RC" 65 "bad_config_fails_a_command_with_65"
like "$ERR" "bad.yaml:2:10: ui.theme" "the command names file:line:col"
ok "$([ ! -e "$TMPD/never.db" ]; echo $?)" "bad_config_creates_no_database"

# --- a binding in every scope the keymap knows -------------------------------
write "$C" <<'EOF'
ui:
  bind:
    - "global x redraw"
    - "hub x create"
    - "queue x resolve"
    - "assets x maintain"
    - "invoices x pay"
    - "notifications x open"
    - "sync x retry"
    - "detail x back"
    - "help x back"
EOF
run tp --json config check --file "$C"
is "$RC" 0 "config_check_accepts_a_binding_in_every_pane (sync, notifications too)"
is "$(jget "$OUT" ui.bind.6.pane)" sync "the sync pane's binding is read"
is "$(jget "$OUT" ui.bind.5.pane)" notifications "the notifications pane's binding is read"

# --- the sample in contrib/ --------------------------------------------------
write "$C" <"$top_srcdir/contrib/config.yaml.sample"
run tp --json config check --file "$C"
is "$RC" 0 "contrib_sample_config_checks_ok"
is "$(jget "$OUT" billing.default_rate_cents)" 15000 "the sample shows the default rate"
sed -e 's/^#sync:/sync:/' -e 's/^#  /  /' -e 's/^#user/user/' -e 's/^#views/views/' \
    -e 's/^  #bind/  bind/' -e 's/^  #  - /    - /' -e 's/^  #command/  command/' \
    "$top_srcdir/contrib/config.yaml.sample" | write "$C"
run tp --json config check --file "$C"
is "$RC" 0 "the sample with its examples uncommented checks ok"
is "$(jget "$OUT" sync.auth.token_env)" TERMPSA_TOKEN "its sync section is read"
is "$(jget "$OUT" ui.bind.1.action)" redraw "its bindings are read"
is "$(jget "$OUT" views.mine-urgent)" "assignee:me pri:high+" "its views are read"

# --- paths ----------------------------------------------------------------------
run tp config check
is "$RC" 0 "missing_default_config_is_fine"
is "$OUT" "$XDG_CONFIG_HOME/termpsa/config.yaml: ok (no such file: the defaults are in use)" \
    "config check names the default path under XDG_CONFIG_HOME"
run tp init
is "$RC" 0 "a command runs with no config file"

run tp config check --file "$TMPD/nope.yaml"
is "$RC" 74 "missing_explicit_file_exit_74 (--file)"
is "$ERR" "termpsa: $TMPD/nope.yaml: cannot read the config file: No such file or directory" \
    "missing file message"
run tp --config "$TMPD/nope.yaml" init
is "$RC" 74 "missing_explicit_file_exit_74 (--config)"
run env TERMPSA_CONFIG="$TMPD/nope.yaml" "$TERMPSA" init
is "$RC" 74 "missing_explicit_file_exit_74 (TERMPSA_CONFIG)"
run tp config check --file "$TMPD"
is "$RC" 74 "a directory is not a config file"

mkdir -p "$XDG_CONFIG_HOME/termpsa"
printf 'ui:\n  theme: light\n' | write "$XDG_CONFIG_HOME/termpsa/config.yaml"
run tp --json config check
is "$(jget "$OUT" ui.theme)" light "default_path_under_XDG_CONFIG_HOME_is_read"
run env -u XDG_CONFIG_HOME "$TERMPSA" --json config check
is "$(jget "$OUT" path)" "$HOME/.config/termpsa/config.yaml" \
    "default_path_without_XDG_is_HOME/.config (same file here)"
run env XDG_CONFIG_HOME="$TMPD/elsewhere" "$TERMPSA" config check
is "$OUT" "$TMPD/elsewhere/termpsa/config.yaml: ok (no such file: the defaults are in use)" \
    "XDG_CONFIG_HOME moves the default"
run env TERMPSA_CONFIG="$C" "$TERMPSA" --json config check
is "$(jget "$OUT" path)" "$C" "TERMPSA_CONFIG is the config termpsa would use"
run env TERMPSA_CONFIG="$C" "$TERMPSA" --json --config "$XDG_CONFIG_HOME/termpsa/config.yaml" config check
is "$(jget "$OUT" ui.theme)" light "--config wins over TERMPSA_CONFIG"
rm "$XDG_CONFIG_HOME/termpsa/config.yaml"

run tp config check extra
is "$RC" 64 "config check with an extra word is a usage error"
run tp config check --file
is "$RC" 64 "config check --file without a path is a usage error"

# --- insecure mode ----------------------------------------------------------------
printf 'billing:\n  currency: USD\n' >"$C"
chmod 640 "$C"
run tp --json config check --file "$C"
is "$RC" 0 "group_readable_config_still_loads"
is "$(jget "$OUT" insecure_mode)" true "group_readable_sets_insecure_mode"
is "$ERR" "termpsa: warning: $C is readable by group or others; run: chmod 600 $C" \
    "config check warns about a group-readable file"
run tp --config "$C" init
is "$RC" 0 "a command runs with a group-readable config"
is "$(printf '%s\n' "$ERR" | grep -c 'warning: .* readable by group or others')" 1 \
    "group_readable_warns_once_on_stderr"
chmod 604 "$C"
run tp --config "$C" init
is "$(printf '%s\n' "$ERR" | grep -c 'readable by group or others')" 1 "world-readable warns too"
chmod 600 "$C"
run tp --config "$C" init
is "$ERR" "" "a 0600 config gives no warning"

# --- user: is who "me" is -----------------------------------------------------------
printf 'user: jane\n' | write "$C"
run env -u TERMPSA_USER "$TERMPSA" --config "$C" init
is "$RC" 0 "init with user: jane"
is "$(sql "SELECT count(*) FROM users WHERE name = 'jane'")" 1 \
    "config_user_creates_me_on_first_use"
run env -u TERMPSA_USER "$TERMPSA" --config "$C" user list
is "$RC" 0 "user list with user: jane"
like "$OUT" "^[0-9]+ +jane( |$)" "config_user_is_listed_by_user_list"
run env -u TERMPSA_USER "$TERMPSA" --config "$C" --user joe init
is "$(sql "SELECT count(*) FROM users WHERE name = 'joe'")" 1 "--user wins over config user"
run env TERMPSA_USER=kim "$TERMPSA" --config "$C" init
is "$(sql "SELECT count(*) FROM users WHERE name = 'kim'")" 1 "TERMPSA_USER wins over config user"

done_testing
