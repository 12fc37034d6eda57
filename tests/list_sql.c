/* tests/list_sql.c - prints the SQL invoice_list or asset_list runs for a
 * filter, so that tests/list_queryplan.sh can hand the very same text to
 * the sqlite3 shell.  Words name the filter's parts; values are
 * placeholders (the SQL binds them as parameters).
 *
 *   tests/list-sql invoice [client] [status] [overdue] [search] [after]
 *                          [sort=newest|due|amount|number]
 *   tests/list-sql asset [client] [status] [expiring] [search] [after]
 *                        [sort=name|warranty|newest]
 *   tests/list-sql client [status] [search] [after] [sort=balance|newest]
 */
#include <stdio.h>
#include <string.h>

#include "asset.h"
#include "buf.h"
#include "client.h"
#include "invoice.h"

static int
sort_index(const char *a, const char *const names[])
{
	if (strncmp(a, "sort=", 5) != 0)
		return -1;
	for (int i = 0; names[i]; i++)
		if (strcmp(a + 5, names[i]) == 0)
			return i;
	return -1;
}

static int
invoice(int argc, char **argv, struct buf *sql)
{
	struct invoice_filter f = { 0 };
	int s;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "client") == 0)
			f.client_id = 1;
		else if (strcmp(a, "status") == 0)
			f.status = "sent";
		else if (strcmp(a, "overdue") == 0)
			f.overdue = 1;
		else if (strcmp(a, "search") == 0)
			f.search = "x";
		else if (strcmp(a, "after") == 0)
			f.after_id = 1;
		else if ((s = sort_index(a, invoice_sorts)) >= 0)
			f.sort = (enum invoice_sort)s;
		else {
			fprintf(stderr, "list-sql: unknown word '%s'\n", a);
			return 64;
		}
	}
	invoice_list_sql(&f, sql);
	return 0;
}

static int
asset(int argc, char **argv, struct buf *sql)
{
	struct asset_filter f;
	int s;

	memset(&f, 0, sizeof f);
	f.expiring_days = -1;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "client") == 0)
			f.client_id = 1;
		else if (strcmp(a, "status") == 0)
			f.status = "deployed";
		else if (strcmp(a, "expiring") == 0)
			f.expiring_days = 30;
		else if (strcmp(a, "search") == 0)
			f.search = "x";
		else if (strcmp(a, "after") == 0)
			f.after_id = 1;
		else if ((s = sort_index(a, asset_sorts)) >= 0)
			f.sort = (enum asset_sort)(s + 1);
		else {
			fprintf(stderr, "list-sql: unknown word '%s'\n", a);
			return 64;
		}
	}
	asset_list_sql(&f, sql);
	return 0;
}

static int
client(int argc, char **argv, struct buf *sql)
{
	struct client_filter f = { 0 };
	int s;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "status") == 0)
			f.status = "active";
		else if (strcmp(a, "search") == 0)
			f.search = "x";
		else if (strcmp(a, "after") == 0)
			f.after_id = 1;
		else if ((s = sort_index(a, client_sorts)) > 0)
			f.sort = (enum client_sort)s;
		else {
			fprintf(stderr, "list-sql: unknown word '%s'\n", a);
			return 64;
		}
	}
	client_list_sql(&f, sql);
	return 0;
}

int
main(int argc, char **argv)
{
	struct buf sql;
	int rc;

	if (argc < 2 || (strcmp(argv[1], "invoice") != 0 &&
	    strcmp(argv[1], "asset") != 0 && strcmp(argv[1], "client") != 0)) {
		fprintf(stderr, "usage: list-sql invoice|asset|client "
		    "[WORD...]\n");
		return 64;
	}
	buf_init(&sql);
	if (strcmp(argv[1], "invoice") == 0)
		rc = invoice(argc - 2, argv + 2, &sql);
	else if (strcmp(argv[1], "asset") == 0)
		rc = asset(argc - 2, argv + 2, &sql);
	else
		rc = client(argc - 2, argv + 2, &sql);
	if (rc == 0)
		printf("%s;\n", sql.s);
	buf_free(&sql);
	return rc;
}
