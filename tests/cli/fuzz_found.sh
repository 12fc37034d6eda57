#!/bin/sh
# fuzz_found.sh - what the fuzz targets found (tests/fuzz/), each kept
# fixed through the command line: message, exit status, database unchanged.
. "$top_srcdir/tests/lib.sh"

tp init >/dev/null

# A NUL byte in a CSV field used to cut the value short, silently: the
# client below was imported as "Ac".  Now the file is refused.
printf 'name,notes\nAc\000me,x\n' >"$TMPD/nul.csv"
before=$(db_digest)
run tp import csv clients "$TMPD/nul.csv"
is "$RC" 65 "import csv: a NUL byte in a field is bad input"
is "$ERR" "termpsa: $TMPD/nul.csv:2: a NUL byte in a field (not a text file?)" \
    "import csv: the message names the file and line"
is "$(db_digest)" "$before" "import csv: nothing imported"

# "CSV UTF-8" as spreadsheets save it starts with a byte order mark, which
# was taken for part of the first column's name: "unknown column 'name'".
printf '\357\273\277name,email\r\nAcme,ops@acme.test\r\n' >"$TMPD/bom.csv"
run tp import csv clients "$TMPD/bom.csv"
is "$RC|$OUT" "0|1 clients imported" "import csv: a UTF-8 byte order mark is skipped"
is "$(sql "SELECT name || '|' || email FROM clients")" "Acme|ops@acme.test" \
    "import csv: the first column is read under its name"

# A sync profile of a few hundred bytes whose aliases repeat aliases
# stood for 10^8 values, each converted through SQLite: termpsa-sync hung
# for hours reading it.  Now it is refused at once.
if [ -x "$TERMPSA_SYNC" ]; then
	{
		echo 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'
		i=1
		while [ $i -le 7 ]; do
			p="*a$((i - 1))"
			echo "a$i: &a$i [$p, $p, $p, $p, $p, $p, $p, $p, $p, $p]"
			i=$((i + 1))
		done
		echo 'ops: {}'
	} >"$TMPD/laughs.yaml"
	printf 'sync:\n  profile: %s\n  base_url: https://psa.invalid\n  auth:\n    kind: bearer\n    token_env: FUZZ_TOKEN\n' \
	    "$TMPD/laughs.yaml" >"$TMPD/sync.yaml"
	chmod 600 "$TMPD/sync.yaml"
	FUZZ_TOKEN=x run timeout 60 "$TERMPSA_SYNC" --db "$TERMPSA_DB" \
	    --config "$TMPD/sync.yaml" --once
	is "$RC" 65 "sync: a profile whose aliases expand too far is bad input"
	like "$ERR" "laughs.yaml: more than 20000 values \\(an alias repeated too often\\?\\)" \
	    "sync: the message names the profile and why"
else
	ok 0 "# SKIP termpsa-sync not built"
fi

done_testing
