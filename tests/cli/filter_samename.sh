#!/bin/sh
# filter_samename.sh - client:NAME when two clients share the name (the
# demo has two Beacon Hotels): both clients' records, never only the
# first one's; client:ID still picks one, and an unknown name is an error.
. "$top_srcdir/tests/lib.sh"

run tp client add "Beacon Hotel"
a=$(printf '%s\n' "$OUT" | sed -n 's/^client \([0-9]*\).*/\1/p')
run tp client add "Beacon Hotel"
b=$(printf '%s\n' "$OUT" | sed -n 's/^client \([0-9]*\).*/\1/p')
run tp client add "Cedar Dental"
run tp ticket add "$a" "First hotel printer"
run tp ticket add "$b" "Second hotel printer"
run tp asset add "$b" "Second hotel router"

run tp ticket list 'client:Beacon Hotel'
is "$RC" 0 'a name two clients share is a filter'
like "$OUT" 'First hotel printer' "... the first hotel's ticket"
like "$OUT" 'Second hotel printer' "... and the second's (it used to be left out)"
run tp ticket list 'client:beacon hotel' status:open
like "$OUT" 'Second hotel printer' '... in any case, beside other terms'
run tp ticket list '-client:Beacon Hotel'
unlike "$OUT" 'hotel printer' '-client:NAME leaves out both'
run tp asset list 'client:Beacon Hotel'
like "$OUT" 'Second hotel router' 'the asset list too'

run tp ticket list "client:$b"
is "$RC" 0 'client:ID picks one'
like "$OUT" 'Second hotel printer' '... its ticket'
unlike "$OUT" 'First hotel printer' '... not the other'
run tp ticket list 'client:Nobody Here'
is "$RC" 1 'an unknown name is an error'
like "$ERR" "client 'Nobody Here' not found" '... saying so'
done_testing
