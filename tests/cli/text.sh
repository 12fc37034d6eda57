#!/bin/sh
# text.sh - the text boundary (issue 11): what text may come in (one rule,
# exit 65 naming the field), how it goes out (JSON and YAML escape every
# control, CSV to a terminal is sanitised, error messages are sanitised),
# the config's nesting limit and the one id and --search rules.
. "$top_srcdir/tests/lib.sh"

ESC=$(printf '\033')
BEL=$(printf '\007')
C1=$(printf '\302\233')          # U+009B, the one-byte CSI of C1
RLO=$(printf '\342\200\256')     # U+202E RIGHT-TO-LEFT OVERRIDE
LRI=$(printf '\342\201\246')     # U+2066 LEFT-TO-RIGHT ISOLATE
LS=$(printf '\342\200\250')      # U+2028 LINE SEPARATOR
BAD=$(printf 'Bad\377Name')     # not UTF-8

# no_raw TEXT NAME: TEXT holds no ESC, BEL, C1 CSI, bidi control or U+2028.
no_raw() {
	case $1 in
	*"$ESC"* | *"$BEL"* | *"$C1"* | *"$RLO"* | *"$LRI"* | *"$LS"*)
		ok 1 "$2"
		printf '%s' "$1" | od -c | head -5 | sed 's/^/#   /' ;;
	*) ok 0 "$2" ;;
	esac
}

# bad EXIT ERE ARGS...: refused with EXIT, the message says ERE, nothing
# changed.
bad() {
	want_rc=$1 want_msg=$2
	shift 2
	# the test's name as printable ASCII: the arguments are hostile
	name=$(printf '%s' "$*" | tr -c ' -~' '?')
	before=$(db_digest)
	run tp "$@"
	is "$RC" "$want_rc" "'$name' exits $want_rc"
	like "$ERR" "^termpsa: .*$want_msg" "'$name' says why"
	is "$(db_digest)" "$before" "'$name' changes nothing"
}

run tp client add Acme
is "$RC" 0 "a client to work on"
run tp ticket add 1 "Printer" --body "$(printf 'two\nlines\tand a tab')"
is "$RC" 0 "a body keeps newline and tab"
run tp asset add 1 SRV1
is "$RC" 0 "an asset"
run tp project add 1 Move
is "$RC" 0 "a project"

# Text pasted from Windows: CRLF is a line break, stored as LF (it was
# refused as a control character, U+000D); a CR alone is still refused.
run tp ticket note 2 "$(printf 'multi\nline\r\nnote\r\n')"
is "$RC" 0 "a note with CRLF line breaks is taken"
is "$(sql "SELECT hex(body) FROM ticket_notes ORDER BY id DESC LIMIT 1")" \
    "$(printf 'multi\nline\nnote' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" \
    "... and stored with LF only"
printf 'client_id,subject,body\r\n1,Pasted,"one\r\ntwo"\r\n' > "$TMPD/crlf.csv"
run tp import csv tickets "$TMPD/crlf.csv"
is "$RC" 0 "a CRLF CSV with a CRLF inside a quoted field imports"
is "$(sql "SELECT hex(body) FROM tickets WHERE subject = 'Pasted'")" \
    "$(printf 'one\ntwo' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" "... its body with LF only"
bad 65 "note holds a control character \(U\+000D" ticket note 2 "$(printf 'a\rb')"

# --- text in: one rule at the service layer, every entry ---------------------

bad 65 "client name is not valid UTF-8" client add "$BAD"
bad 65 "client name holds a control character \(U\+009B" client add "X${C1}31m"
bad 65 "company holds a control character \(U\+202E" client add X --company "a${RLO}b"
bad 65 "client name is not valid UTF-8" client update 1 --name "$BAD"
bad 65 "contact name is not valid UTF-8" contact add 1 "$BAD"
bad 65 "title holds a control character" contact add 1 Ann --title "x${LRI}"
bad 65 "location name is not valid UTF-8" location add 1 "$BAD"
bad 65 "city holds a control character" location add 1 HQ --city "$(printf 'a\302\205b')"
bad 65 "user name is not valid UTF-8" user add "$BAD"
bad 65 "user name holds a control character" user add "x${RLO}"
bad 65 "subject is not valid UTF-8" ticket add 1 "$BAD"
bad 65 "subject holds a control character" ticket add 1 "x${LS}y"
bad 65 "body holds a control character \(U\+202E" ticket add 1 ok --body "a${RLO}"
bad 65 "body is not valid UTF-8" ticket add 1 ok --body "$BAD"
bad 65 "category holds a control character" ticket add 1 ok --category "$(printf 'a\tb')"
bad 65 "note holds a control character" ticket note 1 "a${ESC}[2J"
bad 65 "note is not valid UTF-8" ticket resolve 1 --note "$BAD"
bad 65 "name is not valid UTF-8" asset add 1 "$BAD"
bad 65 "serial holds a control character" asset add 1 A --serial "s${C1}"
bad 65 "description holds a control character" asset maintain 1 --description "x${RLO}"
bad 65 "project name is not valid UTF-8" project add 1 "$BAD"
bad 65 "expense description holds a control" project expense 1 5.00 "x${LRI}"
bad 65 "note is not valid UTF-8" time log 1 30 --note "$BAD"
bad 65 "note holds a control character" project log 1 30 --note "a${C1}"
bad 65 "reference holds a control character" payment add 1 5.00 --reference "r${RLO}"
bad 65 "user name is not valid UTF-8" --user "$BAD" ticket assign 1 me

printf 'name,notes\r\nGood,ok\r\n%s,x\r\n' "$BAD" >"$TMPD/bad.csv"
bad 65 "bad.csv:3: client name is not valid UTF-8" import csv clients "$TMPD/bad.csv"
printf 'name,notes\r\nGood,"a%sb"\r\n' "$RLO" >"$TMPD/bidi.csv"
bad 65 "bidi.csv:2: notes holds a control character" import csv clients "$TMPD/bidi.csv"

# --- config strings: C1 and bidi refused like C0 -----------------------------

printf 'user: "\\u009b31m"\n' >"$TMPD/c1.yaml"
run tp config check --file "$TMPD/c1.yaml"
is "$RC" 65 "config: a \\u009b escape is refused"
like "$ERR" "c1.yaml:1:7: user: control characters are not allowed" "... with file:line:col"
printf 'user: "a\\u202eb"\n' >"$TMPD/bidi.yaml"
run tp config check --file "$TMPD/bidi.yaml"
is "$RC" 65 "config: a bidi override is refused"
printf 'user: "x%sy"\n' "$RLO" >"$TMPD/raw.yaml"
run tp config check --file "$TMPD/raw.yaml"
is "$RC" 65 "config: a raw bidi override is refused"
printf 'user: "caf\303\251"\n' >"$TMPD/ok.yaml"
run tp config check --file "$TMPD/ok.yaml"
is "$RC" 0 "config: accented text passes"

# --- config nesting: refused while parsing, fast ------------------------------

"$PYTHON3" -c 'print("user: " + "[" * 100000 + "]" * 100000)' >"$TMPD/deep.yaml"
run timeout 5 "$TERMPSA" config check --file "$TMPD/deep.yaml"
is "$RC" 65 "200 KB of nested brackets is refused within 5 s"
like "$ERR" "deep.yaml:1:[0-9]+: nested deeper than 16 levels" "... saying where"
"$PYTHON3" -c 'print("ui:\n  bind: " + "{a: " * 30000 + "1" + "}" * 30000)' >"$TMPD/deep2.yaml"
run timeout 5 "$TERMPSA" config check --file "$TMPD/deep2.yaml"
is "$RC" 65 "nested flow mappings are refused within 5 s"

# --- text out: --json escapes every control ----------------------------------
# Text stored before the boundary existed, or pulled from a PSA, may hold
# anything: plant it the way an old version would have stored it.

wsql "UPDATE clients SET name = 'C' || char(155) || '31m' || char(8238) || 'x' WHERE id = 1;
UPDATE tickets SET subject = 'S' || char(8294) || 'y' || char(8232) || 'z', body = 'B' || char(155) || char(27) || '[2J' WHERE id = 1;
UPDATE projects SET name = 'P' || char(8238) WHERE id = 1;
UPDATE users SET name = 'U' || char(155) WHERE name = 'tech';
INSERT INTO users(name, created_at, updated_at) VALUES ('tech', 0, 0);
INSERT INTO ticket_notes(ticket_id, author_id, body, visibility, created_at, updated_at)
  VALUES (1, NULL, 'N' || char(8238) || char(133), 'internal', 0, 0);
INSERT INTO time_entries(ticket_id, user_id, work_date, minutes, billable, note, created_at, updated_at)
  VALUES (1, 1, '2026-01-14', 30, 1, 'T' || char(155), 0, 0);"

# json_round_trip JSON PATH WANT NAME: the document is JSON, holds no raw
# control, and PATH decodes to exactly WANT (given as a Python literal).
json_round_trip() {
	no_raw "$1" "$4: nothing raw"
	is "$("$PYTHON3" -c '
import json, sys
v = json.loads(sys.argv[1])
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(v == eval(sys.argv[3]))' "$1" "$2" "$3" 2>&1)" True "$4: the text round-trips"
}

run tp client list --json
json_round_trip "$OUT" 0.name "'C\x9b31m\u202ex'" "client list --json"
run tp client show 1 --json
json_round_trip "$OUT" client.name "'C\x9b31m\u202ex'" "client show --json"
run tp ticket list --json
json_round_trip "$OUT" -1.subject "'S\u2066y\u2028z'" "ticket list --json"
run tp ticket show 1 --json
json_round_trip "$OUT" body "'B\x9b\x1b[2J'" "ticket show --json (body)"
json_round_trip "$OUT" notes.0.body "'N\u202e\x85'" "ticket show --json (notes)"
run tp project list --json
json_round_trip "$OUT" 0.name "'P\u202e'" "project list --json"
run tp time list --json
json_round_trip "$OUT" 0.note "'T\x9b'" "time list --json"
run tp user list --json
json_round_trip "$OUT" 0.name "'U\x9b'" "user list --json"
run tp activity --json
no_raw "$OUT" "activity --json: nothing raw"
run tp ticket show 1
no_raw "$OUT" "ticket show (text): nothing raw"

# --- usage errors: every message is sanitised --------------------------------

run tp ticket show 1 "$(printf '\033]52;c;aGVsbG8=\007')"
is "$RC" 64 "an OSC 52 argument is a usage error"
no_raw "$ERR" "... echoed without ESC or BEL"
like "$ERR" "unexpected argument '\^\[\]52;c;aGVsbG8=\^G'" "... shown as ^[ and ^G"
run tp "$(printf '\033[2J')"
is "$RC" 64 "an escape as the command"
no_raw "$ERR" "... echoed sanitised"
run tp "$(printf '\033[2J')" --help
no_raw "$OUT$ERR" "... and in the group help"
run tp client list "--$(printf '\033[2J')"
is "$RC" 64 "an unknown option with an escape"
no_raw "$ERR" "... echoed sanitised"
run tp client "fr${RLO}ob"
no_raw "$ERR" "an unknown command word is echoed sanitised"
run tp client list --status "$(printf '\033[31mred')"
is "$RC" 65 "a bad value with an escape"
no_raw "$ERR" "... echoed sanitised"
run tp ticket list --db
is "$RC" 64 "--db without a value"
like "$ERR" "^termpsa: --db needs a value" "... says so"

# --- one id rule, one --search rule ------------------------------------------

bad 65 "bad ticket id '\+1'" ticket show +1
bad 65 "bad client '\+1'" client show +1
bad 65 "bad --limit '\+5'" ticket list --limit +5
bad 65 "bad ticket id ' 1'" ticket show " 1"
run tp ticket show 1
is "$RC" 0 "a plain id still works"
for l in client ticket asset invoice; do
	bad 65 "bad --search '': expected a word" $l list --search ''
	bad 65 "bad --search ' ': expected a word" $l list --search ' '
done

# --- export: escaped where the format can, sanitised on a terminal ----------

wsql "UPDATE clients SET notes = 'line' || char(10) || 'E' || char(27) || 'B' || char(7) || char(133) WHERE id = 1;
INSERT INTO clients(uuid, name, status, currency, created_at, updated_at)
  VALUES ('u-bad', CAST(x'4261644e616d65ff' AS TEXT), 'active', 'USD', 0, 0);"

run tp export clients --format json
is "$RC" 0 "export json with invalid UTF-8 stored"
json_round_trip "$OUT" 0.name "'C\x9b31m\u202ex'" "export json"
json_round_trip "$OUT" 0.notes "'line\nE\x1bB\x07\x85'" "export json (notes)"
is "$(jget "$OUT" 1.name)" "$(printf 'BadName\357\277\275')" "export json: an invalid byte is U+FFFD"

run tp export clients --format yaml
is "$RC" 0 "export yaml with invalid UTF-8 stored (no double free)"
no_raw "$OUT" "export yaml: nothing raw"
if "$PYTHON3" -c 'import yaml' 2>/dev/null; then
	is "$(tp export clients --format yaml | "$PYTHON3" -c '
import sys, yaml
d = yaml.safe_load(sys.stdin)
print(d[0]["name"] == "C\x9b31m\u202ex" and d[0]["notes"] == "line\nE\x1bB\x07\x85"
      and d[1]["name"] == "BadName\ufffd")')" True "export yaml: the text round-trips"
else
	ok 0 "export yaml round trip # SKIP no PyYAML"
fi

tp export clients --format csv >"$TMPD/out.csv"
is "$?" 0 "export csv to a file"
if grep -q "$RLO" "$TMPD/out.csv" && grep -q "$ESC" "$TMPD/out.csv"; then
	ok 0 "export csv to a file keeps the data"
else
	ok 1 "export csv to a file keeps the data"
fi
if command -v script >/dev/null 2>&1; then
	script -qec "$TERMPSA export clients --format csv" /dev/null \
	    >"$TMPD/tty.csv" 2>&1 </dev/null
	tty_out=$(cat "$TMPD/tty.csv")
	like "$tty_out" "^1,.*C" "export csv to a terminal prints the rows"
	no_raw "$tty_out" "export csv to a terminal: nothing raw"
else
	ok 0 "export csv to a terminal # SKIP no script(1)"
	ok 0 "export csv to a terminal # SKIP no script(1)"
fi

for f in csv json yaml; do
	run sh -c "'$TERMPSA' export clients --format $f >/dev/full"
	is "$RC" 74 "export $f to a full disk: exit 74"
	like "$ERR" "export: cannot write" "export $f to a full disk: says so"
done

# CSV import takes ids by the same rule as the command line.
printf 'client,name\r\n+1,Box\r\n' >"$TMPD/plus.csv"
bad 65 "plus.csv:2: bad client '\+1'" import csv assets "$TMPD/plus.csv"

# --- termpsa(1) states the rules ---------------------------------------------

if command -v mandoc >/dev/null 2>&1; then
	page=$(mandoc -T ascii -O width=1000 "$top_srcdir/man/termpsa.1")
elif command -v groff >/dev/null 2>&1; then
	page=$(groff -mdoc -Tascii -rLL=1000n -rHY=0 "$top_srcdir/man/termpsa.1" 2>/dev/null)
else
	page=
fi
if [ -n "$page" ]; then
	sec=$(printf '%s\n' "$page" | sed 's/.\x08//g' | sed -n '/^SECURITY CONSIDERATIONS/,/^[A-Z]/p')
	like "$sec" "must be valid UTF-8" "termpsa(1) SECURITY states the input rule"
	like "$sec" "refused with exit status 65 and a message naming the field" "... and how a refusal looks"
	like "$sec" "stored as U\+FFFD" "... and what happens to network text"
	like "$sec" "written as a .\\\\uXXXX. escape" "... and the JSON output rule"
	like "$sec" "sanitised like a table when written to a terminal" "... and the export rule"
else
	ok 0 "termpsa(1) SECURITY # SKIP neither mandoc nor groff"
fi

done_testing
