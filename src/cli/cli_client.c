/* cli_client.c - the client, contact, location and user commands.
 *
 * Every handler checks all of its arguments before it opens the database,
 * so bad input changes nothing (cli.md).  `client show` belongs to the
 * dashboard's table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/client.h"
#include "service/saga.h"
#include "service/user.h"

/* --rate R: an amount, or "none" to clear (where clearing makes sense). */
static int
parse_rate(const char *s, int allow_none, int64_t *cents, struct err *e)
{
	if (allow_none && strcmp(s, "none") == 0) {
		*cents = -1;
		return TP_OK;
	}
	return cli_parse_money(s, "--rate", cents, e);
}

static int
parse_terms(const char *s, int *days, struct err *e)
{
	int64_t v;

	if (cli_parse_int(s, "--net-terms", 0, 365, &v, e) != TP_OK)
		return e->code;
	*days = (int)v;
	return TP_OK;
}

/* client add -------------------------------------------------------------- */

static int
cmd_client_add(struct app *app, const struct cli_args *a, struct err *e)
{
	struct client_new c = {
		.name = a->pos[0],
		.company = cli_opt(a, "company"),
		.email = cli_opt(a, "email"),
		.phone = cli_opt(a, "phone"),
		.rate_cents = -1,
		.net_terms = -1,
	};
	struct onboard_result r;
	struct rows row = { 0 };
	int rc;

	if ((cli_opt(a, "rate") &&
	    parse_rate(cli_opt(a, "rate"), 0, &c.rate_cents, e)) ||
	    (cli_opt(a, "net-terms") &&
	    parse_terms(cli_opt(a, "net-terms"), &c.net_terms, e)) ||
	    client_check_new(&c, e))
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    saga_onboard_client(app->db, &c, &r, e) != TP_OK)
		return e->code;
	if (!app->json) {
		fprintf(app->out, "client %lld (welcome ticket %lld)\n",
		    (long long)r.client_id, (long long)r.welcome_ticket_id);
		return TP_OK;
	}
	rc = client_onboard_row(app->db, r.client_id, r.welcome_ticket_id, &row,
	    e);
	if (rc == TP_OK)
		rc = cli_print_record(app, &row, 0, e);
	rows_free(&row);
	return rc;
}

/* client list ------------------------------------------------------------- */

static int
cmd_client_list(struct app *app, const struct cli_args *a, struct err *e)
{
	struct client_filter f = {
		.status = cli_opt(a, "status"),
	};
	struct rows r = { 0 };
	int rc;

	if (cli_parse_search(a, &f.search, e) != TP_OK ||
	    (f.status && cli_parse_enum(f.status, "status", client_statuses,
	    e)) ||
	    cli_parse_paging(a, 1000, &f.limit, &f.after_id, e) != TP_OK)
		return e->code;
	if (cli_opt(a, "sort") != NULL) {
		if (cli_parse_enum(cli_opt(a, "sort"), "sort", client_sorts, e))
			return e->code;
		for (int i = 0; client_sorts[i]; i++)
			if (strcmp(cli_opt(a, "sort"), client_sorts[i]) == 0)
				f.sort = (enum client_sort)i;
	}
	if (app_db(app, e) != TP_OK)
		return e->code;
	rc = client_list(app->db, &f, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, NULL, e);
	rows_free(&r);
	return rc;
}

/* client update ----------------------------------------------------------- */

static int
cmd_client_update(struct app *app, const struct cli_args *a, struct err *e)
{
	struct client_patch p = {
		.name = cli_opt(a, "name"),
		.company = cli_opt(a, "company"),
		.status = cli_opt(a, "status"),
		.email = cli_opt(a, "email"),
		.phone = cli_opt(a, "phone"),
		.notes = cli_opt(a, "notes"),
		.net_terms = -1,
	};
	struct rows r = { 0 };
	int64_t id;
	int rc;

	if (cli_parse_id(a->pos[0], "client id", &id, e) != TP_OK)
		return e->code;
	if (a->nopts == 0)
		return err_set(e, TP_USAGE, "client update: nothing to change; "
		    "give at least one of --name, --company, --rate, --status, "
		    "--email, --phone, --net-terms, --notes");
	if ((p.status && cli_parse_enum(p.status, "status", client_statuses,
	    e)) ||
	    (cli_opt(a, "net-terms") &&
	    parse_terms(cli_opt(a, "net-terms"), &p.net_terms, e)))
		return e->code;
	if (cli_opt(a, "rate")) {
		if (parse_rate(cli_opt(a, "rate"), 1, &p.rate_cents, e)
		    != TP_OK)
			return e->code;
		p.set_rate = 1;
	}
	if (app_db(app, e) != TP_OK ||
	    client_update(app->db, id, &p, e) != TP_OK)
		return e->code;
	if (!app->json)
		return cli_print_id(app, "client", id, e);
	rc = client_get(app->db, id, &r, e);
	if (rc == TP_OK)
		rc = cli_print_record(app, &r, 0, e);
	rows_free(&r);
	return rc;
}

/* contact add, location add ----------------------------------------------- */

/* "contact 7", or the created row with --json. */
static int
print_created(struct app *app, const char *what, int64_t id,
    int (*get)(struct db *, int64_t, struct rows *, struct err *),
    struct err *e)
{
	struct rows r = { 0 };
	int rc;

	if (!app->json)
		return cli_print_id(app, what, id, e);
	rc = get(app->db, id, &r, e);
	if (rc == TP_OK)
		rc = cli_print_record(app, &r, 0, e);
	rows_free(&r);
	return rc;
}

static int
cmd_contact_add(struct app *app, const struct cli_args *a, struct err *e)
{
	struct contact_new c = {
		.name = a->pos[1],
		.email = cli_opt(a, "email"),
		.phone = cli_opt(a, "phone"),
		.title = cli_opt(a, "title"),
		.primary = cli_flag(a, "primary"),
	};
	int64_t id;

	if (cli_parse_id(a->pos[0], "client id", &c.client_id, e) != TP_OK ||
	    client_check_email(c.email, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    contact_add(app->db, &c, &id, e) != TP_OK)
		return e->code;
	return print_created(app, "contact", id, contact_get, e);
}

static int
cmd_location_add(struct app *app, const struct cli_args *a, struct err *e)
{
	struct location_new l = {
		.name = a->pos[1],
		.address = cli_opt(a, "address"),
		.city = cli_opt(a, "city"),
		.zip = cli_opt(a, "zip"),
		.country = cli_opt(a, "country"),
	};
	int64_t id;

	if (cli_parse_id(a->pos[0], "client id", &l.client_id, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    location_add(app->db, &l, &id, e) != TP_OK)
		return e->code;
	return print_created(app, "location", id, location_get, e);
}

/* "contact 7 updated", or the row with --json. */
static int
print_updated(struct app *app, const char *what, int64_t id,
    int (*get)(struct db *, int64_t, struct rows *, struct err *),
    struct err *e)
{
	if (!app->json) {
		fprintf(app->out, "%s %lld updated\n", what, (long long)id);
		return TP_OK;
	}
	return print_created(app, what, id, get, e);
}

static int
cmd_contact_update(struct app *app, const struct cli_args *a, struct err *e)
{
	struct contact_patch p = {
		.name = cli_opt(a, "name"),
		.email = cli_opt(a, "email"),
		.phone = cli_opt(a, "phone"),
		.title = cli_opt(a, "title"),
		.primary = cli_flag(a, "primary") ? 1 :
		    cli_flag(a, "no-primary") ? 0 : -1,
	};
	int64_t id;

	if (cli_parse_id(a->pos[0], "contact id", &id, e) != TP_OK)
		return e->code;
	if (cli_flag(a, "primary") && cli_flag(a, "no-primary"))
		return err_set(e, TP_USAGE, "contact update: --primary or "
		    "--no-primary, not both");
	if (app_db(app, e) != TP_OK ||
	    contact_update(app->db, id, &p, e) != TP_OK)
		return e->code;
	return print_updated(app, "contact", id, contact_get, e);
}

static int
cmd_location_update(struct app *app, const struct cli_args *a, struct err *e)
{
	struct location_patch p = {
		.name = cli_opt(a, "name"),
		.address = cli_opt(a, "address"),
		.city = cli_opt(a, "city"),
		.zip = cli_opt(a, "zip"),
		.country = cli_opt(a, "country"),
	};
	int64_t id;

	if (cli_parse_id(a->pos[0], "location id", &id, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    location_update(app->db, id, &p, e) != TP_OK)
		return e->code;
	return print_updated(app, "location", id, location_get, e);
}

/* user add, user list ----------------------------------------------------- */

static int
cmd_user_add(struct app *app, const struct cli_args *a, struct err *e)
{
	const char *name = a->pos[0], *email = cli_opt(a, "email");
	struct rows r = { 0 };
	int64_t rate = -1, id;
	int rc;

	if ((cli_opt(a, "rate") &&
	    parse_rate(cli_opt(a, "rate"), 0, &rate, e)) ||
	    client_check_email(email, e))
		return e->code;
	if (*name == '\0' || strlen(name) > 200)
		return err_set(e, TP_BADINPUT, "a user name must be 1 to 200 "
		    "characters");
	if (app_db(app, e) != TP_OK ||
	    user_add(app->db, name, email && *email ? email : NULL, rate, &id,
	    e) != TP_OK)
		return e->code;
	if (!app->json)
		return cli_print_id(app, "user", id, e);
	/* The created user as user list shows it (a handful of rows). */
	rc = user_list(app->db, &r, e);
	for (size_t i = 0; rc == TP_OK && i < r.n; i++)
		if (rows_int(&r, i, "id") == id)
			rc = cli_print_record(app, &r, i, e);
	rows_free(&r);
	return rc;
}

static int
cmd_user_list(struct app *app, const struct cli_args *a, struct err *e)
{
	struct rows r = { 0 };
	int rc;

	(void)a;
	if (app_db(app, e) != TP_OK)
		return e->code;
	rc = user_list(app->db, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, NULL, e);
	rows_free(&r);
	return rc;
}

const struct cli_cmd cli_client_cmds[] = {
	{ "client add",
	  "NAME [--company C] [--rate 125.00] [--email E] [--phone P] "
	  "[--net-terms DAYS]",
	  "add a client (onboarding: client, welcome ticket, account)",
	  "company=,rate=,email=,phone=,net-terms=", 1, 1, cmd_client_add },
	{ "client list",
	  "[--status S] [--search Q] [--sort name|balance|newest] [--limit N] "
	  "[--after ID]",
	  "list clients by name or --sort (search: words as name/company "
	  "prefixes)",
	  "status=,search=,sort=,limit=,after=", 0, 0, cmd_client_list },
	{ "client update",
	  "ID [--name N] [--company C] [--rate R|none] [--status S] "
	  "[--email E] [--phone P] [--net-terms D] [--notes T]",
	  "change a client's fields (\"\" clears company, email, phone, notes)",
	  "name=,company=,rate=,status=,email=,phone=,net-terms=,notes=", 1, 1,
	  cmd_client_update },
	{ "contact add",
	  "CLIENT NAME [--email E] [--phone P] [--title T] [--primary]",
	  "add a contact to a client (--primary: the only primary one)",
	  "email=,phone=,title=,primary", 2, 2, cmd_contact_add },
	{ "location add",
	  "CLIENT NAME [--address A] [--city C] [--zip Z] [--country C]",
	  "add a location to a client",
	  "address=,city=,zip=,country=", 2, 2, cmd_location_add },
	{ "contact update",
	  "ID [--name N] [--email E] [--phone P] [--title T] "
	  "[--primary|--no-primary]",
	  "change a contact's fields (\"\" clears email, phone, title)",
	  "name=,email=,phone=,title=,primary,no-primary", 1, 1,
	  cmd_contact_update },
	{ "location update",
	  "ID [--name N] [--address A] [--city C] [--zip Z] [--country C]",
	  "change a location's fields (\"\" clears all but the name)",
	  "name=,address=,city=,zip=,country=", 1, 1, cmd_location_update },
	{ "user add", "NAME [--rate R] [--email E]",
	  "add a technician (rate: their own billing rate)",
	  "rate=,email=", 1, 1, cmd_user_add },
	{ "user list", "", "list technicians", "", 0, 0, cmd_user_list },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
