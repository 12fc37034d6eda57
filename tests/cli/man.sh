#!/bin/sh
# tests/man.sh - the manual pages: each one lints clean (mandoc -T lint, or
# groff -ww when mandoc is missing) and renders; every command that
# `termpsa --help` lists is documented in termpsa.1; every config key is in
# termpsa.yaml.5.
. "$top_srcdir/tests/lib.sh"

MANDIR="$top_srcdir/man"
have() { command -v "$1" >/dev/null 2>&1; }

# render PAGE: the page as plain text on one very long line per paragraph,
# so that a phrase is never split by filling.
render() {
	if have mandoc; then
		mandoc -T ascii -O width=1000 "$1"
	else
		groff -mdoc -Tascii -rLL=1000n -rHY=0 "$1" 2>/dev/null
	fi | sed 's/.\x08//g' | tr -s ' \t' '  '
}

if ! have mandoc && ! have groff; then
	skip_all "neither mandoc nor groff is installed"
fi

for page in "$MANDIR"/*.[1-9]; do
	name=${page##*/}
	if have mandoc; then
		# STYLE notes (e.g. "referenced manual not found") are not failures.
		out=$(mandoc -T lint -W warning "$page" 2>&1)
		is "$out" "" "$name lints clean with mandoc -T lint -W warning"
		# troff's own warnings ("can't break line") are not lint's.
		if have groff; then
			out=$(groff -mandoc -Tutf8 -ww -z "$page" 2>&1)
			is "$out" "" "$name has no groff -ww warnings"
		fi
	else
		out=$(groff -mdoc -Tutf8 -ww -z "$page" 2>&1)
		is "$out" "" "$name has no groff -ww warnings"
	fi
	if have man; then
		MANPAGER=cat MANWIDTH=80 man -l "$page" >"$TMPD/man.out" 2>"$TMPD/man.err"
		ok $? "$name renders with man -l"
	else
		groff -mdoc -Tutf8 "$page" >"$TMPD/man.out" 2>"$TMPD/man.err"
		ok $? "$name renders with groff"
	fi
	like "$(cat "$TMPD/man.out")" "NAME" "$name rendering has a NAME section"
done

# Every command word sequence in `termpsa --help` appears in termpsa.1 as
# "termpsa WORDS".
run tp --help
is "$RC" 0 "termpsa --help exits 0"
PAGE=$(render "$MANDIR/termpsa.1")
cmds=$(printf '%s\n' "$OUT" | sed -n '/^Commands:/,/^$/p' |
    awk -F '  +' '/^  [a-z]/ { print $2 }')
n=$(printf '%s\n' "$cmds" | grep -c .)
ok "$([ "$n" -ge 3 ]; echo $?)" "termpsa --help lists commands ($n)"
for c in $(printf '%s\n' "$cmds" | tr ' ' '_'); do
	words=$(printf '%s' "$c" | tr '_' ' ')
	case $PAGE in
	*"termpsa $words"*) ok 0 "termpsa.1 documents 'termpsa $words'" ;;
	*) ok 1 "termpsa.1 documents 'termpsa $words'" ;;
	esac
done

# The sections cli.md and the brief ask for.
for s in SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS "USER INTERFACE" \
    ENVIRONMENT FILES "EXIT STATUS" EXAMPLES "SEE ALSO"; do
	like "$PAGE" "^$s\$" "termpsa.1 has $s"
done
for v in TERMPSA_DB TERMPSA_CONFIG TERMPSA_USER TERMPSA_NOW TERMPSA_FAULT \
    NO_COLOR EDITOR VISUAL ESCDELAY XDG_DATA_HOME XDG_CONFIG_HOME; do
	like "$PAGE" "$v" "termpsa.1 mentions $v"
done
for x in 0 1 64 65 69 70 74; do
	like "$PAGE" "^ *$x +[A-Z]" "termpsa.1 explains exit status $x"
done

# Every key of the config file is documented in termpsa.yaml.5.
YPAGE=$(render "$MANDIR/termpsa.yaml.5")
for k in user billing default_rate currency invoice_prefix ui theme bind \
    notify command sync profile base_url auth kind token_env token_command \
    username password_env in param headers token_url client_id \
    client_secret_env scope interval timeout breaker failure_threshold \
    open_seconds max_pages; do
	like "$YPAGE" "^ *$k: " "termpsa.yaml.5 documents $k"
done

done_testing
