/* cli_asset.c - the 'asset' commands: add, list, show, update, maintain. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/asset.h"
#include "service/filter.h"
#include "service/schedule.h"
#include "service/ticket.h"

/* --location ID (or, for update, "none"/"" to clear: -1). */
static int
parse_location(const char *s, int allow_clear, int64_t *out, struct err *e)
{
	*out = 0;
	if (s == NULL)
		return TP_OK;
	if (allow_clear && (*s == '\0' || strcmp(s, "none") == 0)) {
		*out = -1;
		return TP_OK;
	}
	return cli_parse_id(s, "location", out, e);
}

/* The options add and update share, checked before the database opens so
 * that bad input changes nothing. */
static int
fill_fields(const struct cli_args *a, int updating, struct asset_new *n,
    struct err *e)
{
	n->type = cli_opt(a, "type");
	n->make = cli_opt(a, "make");
	n->model = cli_opt(a, "model");
	n->serial = cli_opt(a, "serial");
	n->ip = cli_opt(a, "ip");
	n->mac = cli_opt(a, "mac");
	n->status = cli_opt(a, "status");
	n->purchase_date = cli_opt(a, "purchase-date");
	n->warranty_expire = cli_opt(a, "warranty-expire");
	n->notes = cli_opt(a, "notes");
	n->category = cli_opt(a, "category");
	if (n->status && cli_parse_enum(n->status, "status", asset_statuses, e))
		return e->code;
	if ((!updating || (n->purchase_date && *n->purchase_date)) &&
	    cli_parse_date(n->purchase_date, "purchase date", e))
		return e->code;
	if ((!updating || (n->warranty_expire && *n->warranty_expire)) &&
	    cli_parse_date(n->warranty_expire, "warranty expiry date", e))
		return e->code;
	return parse_location(cli_opt(a, "location"), updating, &n->location_id,
	    e);
}

/* Print the asset, as an object with its maintenance history and its
 * schedules for --json. */
static int
print_asset(struct app *app, int64_t id, int with_history, struct err *e)
{
	static const char *const names[] = { "maintenance", "schedules" };
	static const char *const sched_cols[] = {
		"id", "every", "lead_days", "maintenance_type", "next_on",
		"make_on", "made", NULL
	};
	static const char *const *const cols[] = { NULL, sched_cols };
	struct rows r = { 0 }, m = { 0 }, s = { 0 };
	const struct rows *const lists[] = { &m, &s };
	int rc;

	if (asset_get(app->db, id, &r, e) != TP_OK)
		return e->code;
	if (!with_history) {
		rc = cli_print_record(app, &r, 0, e);
		rows_free(&r);
		return rc;
	}
	rc = asset_maintenance_list(app->db, id, &m, e);
	if (rc == TP_OK)
		rc = schedule_list(app->db, id, &s, e);
	if (rc == TP_OK)
		rc = cli_print_nested(app, &r, 0, 2, names, lists, cols, e);
	rows_free(&r);
	rows_free(&m);
	rows_free(&s);
	return rc;
}

static int
cmd_add(struct app *app, const struct cli_args *a, struct err *e)
{
	struct asset_new n;
	int64_t id;

	memset(&n, 0, sizeof n);
	if (cli_parse_id(a->pos[0], "client", &n.client_id, e) ||
	    fill_fields(a, 0, &n, e))
		return e->code;
	n.name = a->pos[1];
	if (app_db(app, e) != TP_OK ||
	    asset_create(app->db, &n, &id, e) != TP_OK)
		return e->code;
	if (!app->json)
		return cli_print_id(app, "asset", id, e);
	return print_asset(app, id, 0, e);
}

static int
cmd_list(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "client_name", "name", "type", "make", "model", "serial",
		"status", "warranty_expire", "warranty_state", NULL
	};
	struct asset_filter f;
	struct rows r = { 0 };
	struct buf terms;
	int sort = -1, rc;
	const struct cli_opt_value opts[] = {
		{ "search", CLI_SEARCH, "--search", NULL, 0, 0, &f.search },
		{ "client", CLI_ID, "client", NULL, 0, 0, &f.client_id },
		{ "expiring", CLI_INT, "--expiring days", NULL, 0, 36500,
		  &f.expiring_days },
		{ "limit", CLI_INT, "--limit", NULL, 1, 1000, &f.limit },
		{ "after", CLI_ID, "--after", NULL, 0, 0, &f.after_id },
		{ "status", CLI_CHOICE, "status", asset_statuses, 0, 0,
		  &f.status },
		{ "sort", CLI_INDEX, "sort", asset_sorts, 0, 0, &sort },
	};

	memset(&f, 0, sizeof f);
	f.expiring_days = -1;
	if (cli_parse_opts(a, opts, sizeof opts / sizeof opts[0], e) != TP_OK)
		return e->code;
	/* asset_sorts leaves out the default, ASSET_SORT_DEFAULT (0). */
	if (sort >= 0)
		f.sort = (enum asset_sort)(sort + 1);
	if (app_db(app, e) != TP_OK)
		return e->code;
	buf_init(&terms);
	filter_join_words(a->pos, a->npos, &terms);
	f.terms = terms.s;
	rc = asset_list(app->db, &f, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	buf_free(&terms);
	return rc;
}

static int
cmd_show(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id;

	if (cli_parse_id(a->pos[0], "asset", &id, e) || app_db(app, e))
		return e->code;
	return print_asset(app, id, 1, e);
}

static int
cmd_update(struct app *app, const struct cli_args *a, struct err *e)
{
	struct asset_new n;
	int64_t id;
	int changed = 0;

	memset(&n, 0, sizeof n);
	if (a->nopts == 0)
		return err_set(e, TP_USAGE, "asset update: nothing to change; "
		    "usage: termpsa asset update ID [--name N] [--type T] ...");
	if (cli_parse_id(a->pos[0], "asset", &id, e) ||
	    fill_fields(a, 1, &n, e))
		return e->code;
	n.name = cli_opt(a, "name");
	if (app_db(app, e) != TP_OK ||
	    asset_update(app->db, id, &n, &changed, e) != TP_OK)
		return e->code;
	if (app->json)
		return print_asset(app, id, 0, e);
	fprintf(app->out, "asset %lld: %d field%s changed\n", (long long)id,
	    changed, changed == 1 ? "" : "s");
	return TP_OK;
}

/* The created ticket as ticket_get shows it, plus "maintenance_id". */
static int
print_maint_ticket(struct app *app, int64_t ticket_id, int64_t mid,
    struct err *e)
{
	struct rows t = { 0 };
	struct buf obj;
	char *joined = NULL;
	int rc;

	buf_init(&obj);
	rc = ticket_get(app->db, ticket_id, &t, e);
	if (rc == TP_OK)
		rc = rows_json_object(app->db, &t, 0, &obj, e);
	if (rc == TP_OK)
		rc = db_text(app->db, e, &joined, "SELECT json_set(?1, "
		    "'$.maintenance_id', ?2)", "ti", obj.s, mid);
	if (rc == TP_OK)
		cli_print_json(app, joined);
	free(joined);
	buf_free(&obj);
	rows_free(&t);
	return rc;
}

static int
cmd_maintain(struct app *app, const struct cli_args *a, struct err *e)
{
	struct maint_req r;
	int64_t asset_id, ticket_id, mid;

	memset(&r, 0, sizeof r);
	r.date = cli_opt(a, "date");
	r.type = cli_opt(a, "type");
	r.description = cli_opt(a, "description");
	r.priority = cli_opt(a, "priority");
	if (cli_parse_id(a->pos[0], "asset", &asset_id, e) ||
	    cli_parse_date(r.date, "--date", e) ||
	    (r.type && cli_parse_enum(r.type, "--type", asset_maintenance_types,
	    e)) ||
	    (r.priority && cli_parse_enum(r.priority, "--priority",
	    ticket_priorities, e)))
		return e->code;
	if (r.description && *r.description == '\0')
		return err_set(e, TP_BADINPUT, "bad --description '': leave it "
		    "out for the default");
	if (app_db(app, e) != TP_OK || asset_schedule_maintenance(app->db,
	    asset_id, &r, &ticket_id, &mid, e) != TP_OK)
		return e->code;
	if (!app->json) {
		fprintf(app->out, "ticket %lld (maintenance %lld)\n",
		    (long long)ticket_id, (long long)mid);
		return TP_OK;
	}
	return print_maint_ticket(app, ticket_id, mid, e);
}

#define FIELD_OPTS "type=,make=,model=,serial=,ip=,mac=,status=," \
	"purchase-date=,warranty-expire=,notes=,category=,location="

const struct cli_cmd cli_asset_cmds[] = {
	{ "asset add", "CLIENT NAME [--type T] [--make M] [--model M] "
	  "[--serial S] [--ip IP] [--mac MAC] [--warranty-expire YYYY-MM-DD] "
	  "[--purchase-date YYYY-MM-DD] [--category C] [--location ID] "
	  "[--status S] [--notes N]",
	  "add an asset to a client", FIELD_OPTS, 2, 2, cmd_add },
	{ "asset list", "[TERM|WORD...] [--client ID] [--expiring DAYS] [--search Q] "
	  "[--status S] [--sort name|warranty|newest] [--limit N] [--after ID]",
	  "list assets with their warranty state.  Words are filter terms "
	  "(status:deployed client:ID|NAME warranty:<30d type:T; -TERM "
	  "negates) or full text (termpsa(1) FILTERS)",
	  "client=,expiring=,search=,status=,sort=,limit=,after=", 0, -1,
	  cmd_list },
	{ "asset show", "ID",
	  "an asset with its maintenance history and schedules", "", 1, 1,
	  cmd_show },
	{ "asset update", "ID [--name N] [--type T] [--make M] [--model M] "
	  "[--serial S] [--ip IP] [--mac MAC] [--warranty-expire YYYY-MM-DD] "
	  "[--purchase-date YYYY-MM-DD] [--category C] [--location ID|none] "
	  "[--status S] [--notes N]",
	  "change an asset (an empty value clears a field)",
	  "name=," FIELD_OPTS, 1, 1, cmd_update },
	{ "asset maintain", "ASSET [--date YYYY-MM-DD] "
	  "[--type preventive|corrective] [--description D] [--priority P]",
	  "schedule maintenance: a ticket, and the asset in maintenance",
	  "date=,type=,description=,priority=", 1, 1, cmd_maintain },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
