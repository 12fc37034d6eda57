/* cli_dashboard.c - `client show ID`: the client dashboard (domain.md
 * scenario 7) as text for people or as cli.md's JSON document. */
#include <stdio.h>

#include "cli/cli.h"
#include "core/money.h"
#include "service/dashboard.h"

static const char *
money(int64_t cents, char out[MONEY_LEN])
{
	money_format(cents, out);
	return out;
}

static void
add_header(struct buf *b, const struct dashboard *d)
{
	char m[MONEY_LEN];

	buf_addf(b, "%s (client %lld)", d->name ? d->name : "",
	    (long long)d->client_id);
	if (d->company_name)
		buf_addf(b, " - %s", d->company_name);
	buf_addf(b, "\nstatus %s, rate %s/h%s\n", d->status ? d->status : "",
	    money(d->rate_cents, m),
	    d->hourly_rate_cents < 0 ? " (default)" : "");
	if (d->email || d->phone)
		buf_addf(b, "%s%s%s\n", d->email ? d->email : "",
		    d->email && d->phone ? ", " : "", d->phone ? d->phone : "");
	buf_addf(b, "primary contact: %s\n",
	    d->primary_contact ? d->primary_contact : "none");
	for (size_t i = 0; i < d->contacts.n; i++)
		buf_addf(b, "  contact  %s%s%s%s\n",
		    rows_text(&d->contacts, i, "name"),
		    rows_isnull(&d->contacts, i, "email") ? "" : " <",
		    rows_isnull(&d->contacts, i, "email") ? "" :
		    rows_text(&d->contacts, i, "email"),
		    rows_isnull(&d->contacts, i, "email") ? "" : ">");
	for (size_t i = 0; i < d->locations.n; i++)
		buf_addf(b, "  location %s%s%s\n",
		    rows_text(&d->locations, i, "name"),
		    rows_isnull(&d->locations, i, "city") ? "" : ", ",
		    rows_text(&d->locations, i, "city"));
}

static void
add_tickets(struct buf *b, const struct dashboard *d)
{
	buf_addf(b, "\nTickets: %lld open, %lld overdue, %lld high/critical",
	    (long long)d->tickets_open, (long long)d->tickets_overdue,
	    (long long)d->tickets_open_urgent);
	if (d->oldest_open_age_days >= 0)
		buf_addf(b, ", oldest open %lld day%s",
		    (long long)d->oldest_open_age_days,
		    d->oldest_open_age_days == 1 ? "" : "s");
	if (d->tickets_sla_breached > 0)
		buf_addf(b, ", %lld past SLA", (long long)d->tickets_sla_breached);
	buf_add(b, "\n ");
	for (size_t i = 0; i < d->by_status.n; i++)
		buf_addf(b, " %s %lld", rows_text(&d->by_status, i, "status"),
		    (long long)rows_int(&d->by_status, i, "count"));
	buf_addf(b, "\nAssets: %lld, warranty expired %lld, expiring within "
	    "30 days %lld\n", (long long)d->assets_total,
	    (long long)d->warranty_expired,
	    (long long)d->warranty_expiring_30d);
}

static void
add_money(struct buf *b, const struct dashboard *d)
{
	char m1[MONEY_LEN], m2[MONEY_LEN];

	buf_addf(b, "\nBalance %s, unbilled %s\n", money(d->balance_cents, m1),
	    money(d->unbilled_cents, m2));
	buf_addf(b, "Unpaid: %lld invoice%s, %s\n", (long long)d->unpaid_count,
	    d->unpaid_count == 1 ? "" : "s", money(d->unpaid_cents, m1));
	buf_addf(b, "Overdue: %lld invoice%s, %s\n",
	    (long long)d->overdue_count, d->overdue_count == 1 ? "" : "s",
	    money(d->overdue_cents, m1));
	buf_addf(b, "Paid in the last 365 days: %s\n",
	    money(d->paid_365d_cents, m1));
	if (d->projects.n)
		buf_add(b, "\nActive projects:\n");
	for (size_t i = 0; i < d->projects.n; i++)
		buf_addf(b, "  %-30s unbilled %s\n",
		    rows_text(&d->projects, i, "name"),
		    money(rows_int(&d->projects, i, "unbilled_cents"), m1));
	if (d->recent.n)
		buf_add(b, "\nRecent activity:\n");
	for (size_t i = 0; i < d->recent.n; i++)
		buf_addf(b, "  %.10s  %-7s %s\n",
		    rows_text(&d->recent, i, "date"),
		    rows_text(&d->recent, i, "type"),
		    rows_text(&d->recent, i, "label"));
}

static int
cmd_client_show(struct app *app, const struct cli_args *a, struct err *e)
{
	struct dashboard d;
	struct buf b;
	int64_t id;

	if (cli_parse_id(a->pos[0], "client", &id, e) != TP_OK ||
	    app_db(app, e) != TP_OK)
		return e->code;
	buf_init(&b);
	if (app->json) {
		if (dashboard_json(app->db, id, &b, e) == TP_OK)
			cli_print_json(app, b.s);
		buf_free(&b);
		return e->code;
	}
	if (dashboard_get(app->db, id, &d, e) != TP_OK) {
		buf_free(&b);
		return e->code;
	}
	add_header(&b, &d);
	add_tickets(&b, &d);
	add_money(&b, &d);
	buf_truncate(&b, b.len - 1);    /* cli_puts_safe ends the line */
	cli_puts_safe(app, b.s);
	buf_free(&b);
	dashboard_free(&d);
	return TP_OK;
}

const struct cli_cmd cli_dashboard_cmds[] = {
	{ "client show", "ID",
	  "the client's dashboard (tickets, assets, money)", "", 1, 1,
	  cmd_client_show },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
