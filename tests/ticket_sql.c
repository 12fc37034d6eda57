/* tests/ticket_sql.c - prints the SQL ticket_list runs for a filter, so
 * that tests/queryplan.sh and the bench can hand the very same text to
 * the sqlite3 shell.  Flags name the filter's parts; values are
 * placeholders (the SQL binds them as :named parameters).
 *
 *   tests/ticket-sql [client] [assignee] [unassigned] [search] [priority]
 *                    [overdue] [after] [status] [sort=updated|priority|due|newest]
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "ticket.h"

int
main(int argc, char **argv)
{
	struct ticket_filter f = { 0 };
	struct buf sql;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "client") == 0)
			f.client_id = 1;
		else if (strcmp(a, "assignee") == 0)
			f.assignee = 1;
		else if (strcmp(a, "unassigned") == 0)
			f.assignee = TICKET_UNASSIGNED;
		else if (strcmp(a, "search") == 0)
			f.search = "x";
		else if (strcmp(a, "priority") == 0)
			f.priority = "high";
		else if (strcmp(a, "overdue") == 0)
			f.overdue = 1;
		else if (strcmp(a, "after") == 0)
			f.after_id = 1;
		else if (strcmp(a, "status") == 0)
			f.statuses = 1u;   /* open */
		else if (strcmp(a, "sort=priority") == 0)
			f.sort = TICKET_SORT_PRIORITY;
		else if (strcmp(a, "sort=due") == 0)
			f.sort = TICKET_SORT_DUE;
		else if (strcmp(a, "sort=newest") == 0)
			f.sort = TICKET_SORT_NEWEST;
		else if (strcmp(a, "sort=updated") == 0)
			f.sort = TICKET_SORT_UPDATED;
		else {
			fprintf(stderr, "ticket-sql: unknown word '%s'\n", a);
			return 64;
		}
	}
	buf_init(&sql);
	ticket_list_sql(&f, &sql);
	printf("%s;\n", sql.s);
	buf_free(&sql);
	return 0;
}
