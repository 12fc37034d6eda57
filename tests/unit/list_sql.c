/* tests/list_sql.c - prints the SQL a list service (ticket_list,
 * invoice_list, asset_list, client_list) runs for a filter, so that
 * tests/queryplan.sh and tests/list_queryplan.sh can hand the very same
 * text to the sqlite3 shell.  Words name the filter's parts; values are
 * placeholders (the SQL binds them as parameters).
 *
 *   tests/list-sql ticket [client] [assignee] [unassigned] [search] [walk]
 *                         [priority] [overdue] [after] [status]
 *                         [sort=updated|priority|due|newest|client|sla]
 *                         [reverse]
 *                         ['terms=pri:high+ assignee:me ...']
 *   tests/list-sql invoice [client] [status] [overdue] [search] [after]
 *                          [sort=newest|due|amount|number]
 *   tests/list-sql asset [client] [status] [expiring] [search] [after]
 *                        [sort=name|warranty|newest]
 *   tests/list-sql client [status] [search] [after] [sort=balance|newest]
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "service/asset.h"
#include "service/client.h"
#include "service/invoice.h"
#include "service/ticket.h"

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
ticket(int argc, char **argv, struct buf *sql)
{
	static const char *const sorts[] = {
		"updated", "priority", "due", "newest", "client", "sla", NULL
	};
	static const enum ticket_sort sort_of[] = {
		TICKET_SORT_UPDATED, TICKET_SORT_PRIORITY, TICKET_SORT_DUE,
		TICKET_SORT_NEWEST, TICKET_SORT_CLIENT, TICKET_SORT_SLA
	};
	struct ticket_filter f = { 0 };
	enum ticket_search_plan plan = TICKET_SEARCH_DRIVE;
	int s;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "client") == 0)
			f.client_id = 1;
		else if (strcmp(a, "assignee") == 0)
			f.assignee = 1;
		else if (strcmp(a, "unassigned") == 0)
			f.assignee = TICKET_UNASSIGNED;
		else if (strcmp(a, "search") == 0)
			f.search = "x";
		else if (strcmp(a, "walk") == 0)
			plan = TICKET_SEARCH_WALK;
		else if (strcmp(a, "priority") == 0)
			f.priority = "high";
		else if (strcmp(a, "overdue") == 0)
			f.overdue = 1;
		else if (strcmp(a, "after") == 0)
			f.after_id = 1;
		else if (strcmp(a, "status") == 0)
			f.statuses = 1u;   /* open */
		else if (strcmp(a, "reverse") == 0)
			f.reverse = 1;
		else if (strncmp(a, "terms=", 6) == 0)
			f.terms = a + 6;   /* the filter language, as typed */
		else if ((s = sort_index(a, sorts)) >= 0)
			f.sort = sort_of[s];
		else {
			fprintf(stderr, "list-sql: unknown word '%s'\n", a);
			return 64;
		}
	}
	if (ticket_list_sql(&f, plan, sql) != 0) {
		fprintf(stderr, "list-sql: bad terms\n");
		return 65;
	}
	return 0;
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

static const struct {
	const char *name;
	int (*print)(int argc, char **argv, struct buf *sql);
} lists[] = {
	{ "ticket", ticket }, { "invoice", invoice }, { "asset", asset },
	{ "client", client },
};

int
main(int argc, char **argv)
{
	struct buf sql;
	int rc = -1;

	buf_init(&sql);
	for (size_t i = 0; argc >= 2 && i < sizeof lists / sizeof lists[0]; i++)
		if (strcmp(argv[1], lists[i].name) == 0)
			rc = lists[i].print(argc - 2, argv + 2, &sql);
	if (rc < 0) {
		fprintf(stderr, "usage: list-sql ticket|invoice|asset|client "
		    "[WORD...]\n");
		rc = 64;
	} else if (rc == 0) {
		printf("%s;\n", sql.s);
	}
	buf_free(&sql);
	return rc;
}
