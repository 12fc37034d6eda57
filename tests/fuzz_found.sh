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

done_testing
