#!/bin/sh
# sync_profile.sh - hostile custom profiles (sync.profile: a path): deep
# nesting is refused while the file is parsed, by the rule the config file
# follows (core/yamldepth), fast and with file:line:col; the shipped
# profiles' depth and a profile 16 levels deep still load.  No PSA: the
# profile is read before anything is sent.
. "$top_srcdir/tests/lib.sh"
[ -x "$TERMPSA_SYNC" ] || skip_all "termpsa-sync not built"
[ "$PYTHON3" != no ] || skip_all "python3 not found"
export PSA_TOKEN=t0ken

# use PROFILE: a config whose sync: section reads that profile file.
use() {
	printf 'sync:\n  profile: %s\n  base_url: https://psa.invalid\n  auth:\n    kind: bearer\n    token_env: PSA_TOKEN\n' \
	    "$1" >"$TMPD/config.yaml"
	chmod 600 "$TMPD/config.yaml"
	export TERMPSA_CONFIG="$TMPD/config.yaml"
}

# --- deep nesting: refused while parsing, fast --------------------------------
# The document loader took more than a minute on these (and held a node
# for each bracket) before anything looked at the depth.
"$PYTHON3" -c 'print("ops: " + "[" * 100000 + "]" * 100000)' >"$TMPD/deep.yaml"
use "$TMPD/deep.yaml"
run timeout 5 "$TERMPSA" sync
is "$RC" 65 "a profile of 200 KB of nested brackets is refused within 5 s"
like "$ERR" "deep.yaml:1:[0-9]+: nested deeper than 16 levels" "... saying where"
run timeout 5 "$TERMPSA" sync --dry-run
is "$RC" 65 "sync --dry-run refuses it too"

"$PYTHON3" -c 'print("ops:\n  x: " + "{a: " * 30000 + "1" + "}" * 30000)' >"$TMPD/deep2.yaml"
use "$TMPD/deep2.yaml"
run timeout 5 "$TERMPSA" sync
is "$RC" 65 "nested flow mappings are refused within 5 s"
like "$ERR" "deep2.yaml:2:[0-9]+: nested deeper than 16 levels" "... saying where"

# --- the limit is the config file's: 16 levels load, 17 do not ------------------
level() {
	cp "$top_srcdir/contrib/profiles/termpsa.yaml" "$TMPD/$1.yaml"
	"$PYTHON3" -c 'import sys; n = int(sys.argv[1]); print("extra: " + "[" * n + "1" + "]" * n)' \
	    "$2" >>"$TMPD/$1.yaml"
}
level d16 15    # the top mapping and 15 lists
use "$TMPD/d16.yaml"
run tp sync --dry-run
is "$RC" 0 "a profile nested 16 levels deep loads"
level d17 16
use "$TMPD/d17.yaml"
run tp sync --dry-run
is "$RC" 65 "17 levels are refused"
like "$ERR" "d17.yaml:[0-9]+:[0-9]+: nested deeper than 16 levels" "... with the same message"

# An alias puts a deep anchor inside more lists: each half is shallow,
# together they are 20 levels.
{
	cat "$top_srcdir/contrib/profiles/termpsa.yaml"
	echo 'extra: &deep [[[[[[[[[[1]]]]]]]]]]'
	echo 'extra2: [[[[[[[[[[*deep]]]]]]]]]]'
} >"$TMPD/alias.yaml"
use "$TMPD/alias.yaml"
run tp sync --dry-run
is "$RC" 65 "nesting made deep by an alias is refused"
like "$ERR" "alias.yaml:[0-9]+:[0-9]+: nested deeper than 16 levels" "... with the same message"

# --- size: a profile is read whole, so it is bounded ---------------------------
"$PYTHON3" -c 'print("ops: {}\n" + "# padding\n" * 120000)' >"$TMPD/big.yaml"
use "$TMPD/big.yaml"
run tp sync --dry-run
is "$RC" 65 "a profile over 1 MB is refused"
like "$ERR" "big.yaml: too large \\(over 1048576 bytes\\) for a profile" "... saying why"

done_testing
