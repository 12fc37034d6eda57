/* slacol.c - see slacol.h. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "ui/slacol.h"

static void
span(int64_t s, char *out, size_t n)
{
	const char *sign = s < 0 ? "-" : "";

	if (s < 0)
		s = -s;
	if (s < 3600)
		snprintf(out, n, "%s%lldm", sign, (long long)(s / 60));
	else if (s < 2 * 86400)
		snprintf(out, n, "%s%lldh", sign, (long long)(s / 3600));
	else
		snprintf(out, n, "%s%lldd", sign, (long long)(s / 86400));
}

int
slacol_cell(const struct rows *r, size_t i, char *out, size_t n)
{
	const char *state = rows_text(r, i, "sla_state");
	int64_t now = clock_now(), due = rows_int(r, i, "sla_due_at");
	int running = 0;

	if (rows_col(r, "sla_state") < 0)
		snprintf(out, n, "?");
	else if (strcmp(state, "met") == 0)
		snprintf(out, n, "-");
	else if (strcmp(state, "waiting") == 0 || rows_isnull(r, i,
	    "sla_due_at"))
		snprintf(out, n, "wait");
	else {
		span(due - now, out, n);
		running = 1;
	}
	/* A target that ran out since the rows were read is missed now. */
	return rows_int(r, i, "sla_breached") != 0 || (running && due < now);
}
