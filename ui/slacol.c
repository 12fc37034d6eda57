/* slacol.c - see slacol.h. */
#include <stdio.h>

#include "core/clock.h"
#include "service/sla.h"
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
slacol_cell(struct db *db, int64_t id, char *out, size_t n)
{
	struct sla_clock c;
	struct err e = ERR_INIT;
	int64_t now = clock_now();
	int breached;

	if (sla_ticket(db, id, now, &c, &e) != TP_OK) {
		snprintf(out, n, "?");
		return 0;
	}
	breached = c.breached[SLA_RESPONSE] || c.breached[SLA_RESOLVE];
	if (c.met_at[SLA_RESOLVE] != 0)
		snprintf(out, n, "-");
	else if (c.paused)
		snprintf(out, n, "wait");
	else
		span(c.next_due_at - now, out, n);
	return breached;
}
