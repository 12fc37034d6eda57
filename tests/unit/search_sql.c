/* tests/search_sql.c - prints the SQL search_all runs for one kind
 * (tickets, clients, contacts, assets, invoices), so that
 * tests/cli/search_queryplan.sh hands the very same text to the sqlite3
 * shell.
 *
 *   tests/unit/search-sql KIND
 */
#include <stdio.h>
#include <string.h>

#include "service/search.h"

int
main(int argc, char **argv)
{
	for (int k = 0; argc == 2 && k < SEARCH_NKINDS; k++)
		if (strcmp(argv[1], search_kind_name(k)) == 0) {
			puts(search_sql(k));
			return 0;
		}
	fprintf(stderr, "usage: search-sql tickets|clients|contacts|assets|"
	    "invoices\n");
	return 64;
}
