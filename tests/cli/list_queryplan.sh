#!/bin/sh
# tests/list_queryplan.sh - the invoice and asset lists keep their plans:
# EXPLAIN QUERY PLAN, by the sqlite3 shell, of the very SQL invoice_list
# and asset_list run (printed by tests/list-sql).  Every order walks an
# index (no sort of the table), a next page seeks or walks the same
# index, and an invoice search drives from the search indexes (the
# subjects' FTS5 table, clients_fts joined to the invoices' client index,
# ranges of the number's unique index), never a scan of every invoice.
# The plans are those of an empty database (no statistics), the state in
# which a planner is most easily tempted by a rowid range or a sort index.
. "$top_srcdir/tests/lib.sh"

LSQL="$top_builddir/tests/unit/list-sql"

run tp init
is "$RC" 0 "init"

# plan invoice|asset WORDS...: the query plan of that list's SQL.
plan() {
	q=$("$LSQL" "$@") || return 1
	"$SQLITE3_SHELL" -batch "file:$TERMPSA_DB?mode=ro" \
	    "EXPLAIN QUERY PLAN $q"
}

# A full scan of a table shows as "SCAN i" / "SCAN TABLE i"; a walk of an
# index in order as "SCAN i USING INDEX name".
p=$(plan invoice)
like "$p" "SCAN i$" "invoices, newest: the table's own order (rowid)"
unlike "$p" "TEMP B-TREE" "invoices, newest: sorts nothing"
p=$(plan invoice after)
like "$p" "SEARCH i USING INTEGER PRIMARY KEY \(rowid<\?\)" \
    "invoices, newest, next page: a rowid range"

for s in due:invoices_due amount:invoices_total \
    number:sqlite_autoindex_invoices_[0-9]; do
	sort=${s%%:*}
	index=${s#*:}
	p=$(plan invoice sort=$sort)
	like "$p" "SCAN i USING INDEX $index" \
	    "invoices by $sort walk $index in order"
	unlike "$p" "TEMP B-TREE" "invoices by $sort: sorts nothing"
	p=$(plan invoice sort=$sort after)
	like "$p" "SEARCH i USING INDEX $index \((due_date|total_cents|number)[<>]\?\)" \
	    "invoices by $sort, next page: a range seek on $index"
	unlike "$p" "TEMP B-TREE" "invoices by $sort, next page: sorts nothing"
done

p=$(plan invoice client sort=amount)
like "$p" "SEARCH i USING (COVERING )?INDEX invoices_client_[a-z_]+ \(client_id=\?\)" \
    "one client's invoices seek a client index"
unlike "$p" "SCAN i( |$)" "... not a scan of invoices"

# A search: a compound of one arm per search index, merged in the list's
# order and cut at the limit inside the compound, then the page's rows
# looked up by id.
for sort in newest due amount number; do
	for extra in "" "status client overdue"; do
		what="search by $sort${extra:+ with filters}"
		p=$(plan invoice search sort=$sort after $extra)
		like "$p" "MERGE \(UNION\)" "$what: the arms merged in order"
		like "$p" "SCAN invoices_fts VIRTUAL TABLE" \
		    "$what: subjects through invoices_fts"
		like "$p" "SCAN clients_fts VIRTUAL TABLE" \
		    "$what: client names through clients_fts"
		like "$p" "SEARCH i USING (COVERING )?INDEX invoices_client_[a-z_]+ \(client_id=\?\)" \
		    "$what: ... then the invoices' client index"
		is "$(printf '%s\n' "$p" | grep -Ec "SEARCH i USING (COVERING )?INDEX sqlite_autoindex_invoices_[0-9] \(number>\? AND number<\?\)")" 2 \
		    "$what: number prefixes through the number's index"
		like "$p" "SEARCH i USING (COVERING )?INDEX sqlite_autoindex_invoices_[0-9] \(number=\?\)" \
		    "$what: the padded number through the number's index"
		like "$p" "SEARCH i USING INTEGER PRIMARY KEY \(rowid=\?\)" \
		    "$what: each match looked up by id"
		unlike "$p" "SCAN (i|invoices)( |$)" "$what: no scan of invoices"
		unlike "$p" "SCAN i USING" "$what: no walk of an invoice index"
		unlike "$p" "rowid[<>]\?|invoices_due|invoices_total|invoices_status" \
		    "$what: no arm walks a rowid range or a sort or status index"
	done
done
# Newest first, FTS5 hands the matches in rowid order: that arm sorts
# nothing, so the merge streams and stops at the limit.
p=$(plan invoice search)
is "$(printf '%s\n' "$p" | grep -A2 'SCAN invoices_fts' | grep -c 'TEMP B-TREE')" 0 \
    "search, newest: the subjects' arm is not sorted"

# Assets.
for s in name:assets_name warranty:assets_warranty_end; do
	sort=${s%%:*}
	index=${s#*:}
	p=$(plan asset sort=$sort)
	like "$p" "SCAN a USING INDEX $index" "assets by $sort walk $index"
	unlike "$p" "TEMP B-TREE" "assets by $sort: sorts nothing"
	p=$(plan asset sort=$sort after)
	like "$p" "(SCAN|SEARCH) a USING INDEX $index" \
	    "assets by $sort, next page: the same index"
	unlike "$p" "TEMP B-TREE" "assets by $sort, next page: sorts nothing"
done
p=$(plan asset sort=newest)
like "$p" "SCAN a$" "assets, newest: the table's own order"
unlike "$p" "TEMP B-TREE" "assets, newest: sorts nothing"
p=$(plan asset sort=newest after)
like "$p" "SEARCH a USING INTEGER PRIMARY KEY \(rowid<\?\)" \
    "assets, newest, next page: a rowid range"
p=$(plan asset)
like "$p" "SCAN a USING INDEX assets_name" "assets, default: by name"
p=$(plan asset expiring)
like "$p" "SEARCH a USING INDEX assets_warranty \(warranty_expire" \
    "expiring assets: a range of assets_warranty"
unlike "$p" "TEMP B-TREE" "expiring assets: sorts nothing"

# Clients by balance and newest (by name: tests/client.sh).
p=$(plan client sort=balance)
like "$p" "SCAN c USING INDEX clients_balance" "clients by balance walk clients_balance"
unlike "$p" "TEMP B-TREE" "clients by balance: sorts nothing"
p=$(plan client sort=balance after)
like "$p" "SEARCH c USING INDEX clients_balance \(balance_cents<\?\)" \
    "clients by balance, next page: a range seek"
unlike "$p" "TEMP B-TREE" "clients by balance, next page: sorts nothing"
p=$(plan client sort=newest after)
like "$p" "SEARCH c USING INTEGER PRIMARY KEY \(rowid<\?\)" \
    "clients, newest, next page: a rowid range"
unlike "$p" "TEMP B-TREE" "clients, newest: sorts nothing"
p=$(plan client sort=balance search)
like "$p" "SCAN clients_fts VIRTUAL TABLE" "clients by balance, search: through clients_fts"
unlike "$p" "SCAN c( |$)" "... not a scan of clients"

# The SQL printed is the SQL the program runs.
like "$("$LSQL" invoice sort=due)" \
    "^SELECT i.id, i.number, .* ORDER BY i.due_date, i.id LIMIT :limit;$" \
    "list-sql prints invoice_list's SQL"
like "$("$LSQL" invoice search sort=due)" \
    "^SELECT i.id, i.number, .* ORDER BY 1, 2 LIMIT :limit\) m CROSS JOIN invoices i .* ORDER BY i.due_date, i.id;$" \
    "... also with a search"

done_testing
