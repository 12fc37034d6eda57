#!/bin/sh
# tests/search_queryplan.sh - every arm of `termpsa search` starts from its
# own FTS5 index: EXPLAIN QUERY PLAN, by the sqlite3 shell, of the very
# SQL search_all runs (printed by tests/unit/search-sql).  Each index is
# read with MATCH in rowid order, newest first (FTS5's idxNum 192 =
# ORDER_ROWID | ORDER_DESC, idxStr M...: a MATCH), so that it stops at
# the window; each record is then fetched by its primary key, and the
# only sort is the bm25 order of that window.
. "$top_srcdir/tests/lib.sh"

SSQL="$top_builddir/tests/unit/search-sql"

run tp init
is "$RC" 0 "init"

plan() {
	q=$("$SSQL" "$1") || return 1
	"$SQLITE3_SHELL" -batch "file:$TERMPSA_DB?mode=ro" "EXPLAIN QUERY PLAN $q"
}

for arm in tickets:tickets_fts:t clients:clients_fts:c \
    contacts:contacts_fts:k assets:assets_fts:a invoices:invoices_fts:i; do
	kind=${arm%%:*}
	rest=${arm#*:}
	fts=${rest%%:*}
	alias=${rest#*:}
	p=$(plan "$kind")
	like "$p" "SCAN $fts VIRTUAL TABLE INDEX 192:M" \
	    "$kind: a MATCH on $fts, newest rowid first"
	like "$p" "SEARCH $alias USING INTEGER PRIMARY KEY" \
	    "$kind: each row by its primary key"
	unlike "$p" "SCAN (TABLE )?$alias( |$)" "$kind: no scan of the table"
	is "$(printf '%s\n' "$p" | grep -c 'TEMP B-TREE')" 1 \
	    "$kind: one sort, the ranking of the window"
done
run "$SSQL" nosuchkind
is "$RC" 64 "search-sql refuses an unknown kind"

done_testing
