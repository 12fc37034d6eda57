/* cli_schedule.c - the 'asset schedule' commands: add, list, remove
 * (recurring maintenance, service/schedule.h). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/asset.h"
#include "service/schedule.h"

/* The options checked before the database opens, each error naming its
 * option, so that bad input changes nothing. */
static int
check_opts(const struct cli_args *a, struct schedule_new *s, struct err *e)
{
	int n, lead;
	char unit;

	s->every = cli_opt(a, "every");
	s->first = cli_opt(a, "first");
	s->lead = cli_opt(a, "lead");
	s->type = cli_opt(a, "type");
	s->description = cli_opt(a, "description");
	if (s->every == NULL)
		return err_set(e, TP_USAGE, "asset schedule add: --every is "
		    "required (30d, 2w, 3m); usage: termpsa asset schedule add "
		    "ASSET --every N(d|w|m) [--first YYYY-MM-DD] [--lead 7d] ...");
	if (schedule_parse_every(s->every, "--every", &n, &unit, e) != TP_OK ||
	    (s->first && schedule_check_first(s->first, "--first", e) != TP_OK) ||
	    (s->lead && schedule_parse_lead(s->lead, "--lead", &lead, e)
	    != TP_OK) ||
	    (s->type && cli_parse_enum(s->type, "--type",
	    asset_maintenance_types, e) != TP_OK))
		return e->code;
	if (s->description && *s->description == '\0')
		return err_set(e, TP_BADINPUT, "bad --description '': leave it "
		    "out for the default");
	return TP_OK;
}

static int
cmd_add(struct app *app, const struct cli_args *a, struct err *e)
{
	struct schedule_new s;
	struct rows r = { 0 };
	int64_t id;
	int rc;

	memset(&s, 0, sizeof s);
	if (cli_parse_id(a->pos[0], "asset", &s.asset_id, e) != TP_OK ||
	    check_opts(a, &s, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    schedule_add(app->db, &s, &id, e) != TP_OK ||
	    schedule_get(app->db, id, &r, e) != TP_OK)
		return e->code;
	if (app->json) {
		rc = cli_print_record(app, &r, 0, e);
	} else {
		fprintf(app->out, "schedule %lld: every %s, next %s (its ticket "
		    "is made on %s by 'termpsa jobs run')\n", (long long)id,
		    rows_text(&r, 0, "every"), rows_text(&r, 0, "next_on"),
		    rows_text(&r, 0, "make_on"));
		rc = TP_OK;
	}
	rows_free(&r);
	return rc;
}

static int
cmd_list(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "asset_id", "asset_name", "every", "lead_days",
		"maintenance_type", "next_on", "make_on", "made", NULL
	};
	struct rows r = { 0 };
	int64_t asset = 0;
	int rc;

	if ((a->npos == 1 && cli_parse_id(a->pos[0], "asset", &asset, e)
	    != TP_OK) || app_db(app, e) != TP_OK)
		return e->code;
	rc = schedule_list(app->db, asset, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	return rc;
}

static int
cmd_remove(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id;

	if (cli_parse_id(a->pos[0], "schedule", &id, e) != TP_OK ||
	    app_db(app, e) != TP_OK || schedule_remove(app->db, id, e) != TP_OK)
		return e->code;
	if (app->json)
		fprintf(app->out, "{\"ok\":true,\"id\":%lld}\n", (long long)id);
	else
		fprintf(app->out, "schedule %lld removed (its tickets stay)\n",
		    (long long)id);
	return TP_OK;
}

const struct cli_cmd cli_schedule_cmds[] = {
	{ "asset schedule add", "ASSET --every N(d|w|m) [--first YYYY-MM-DD] "
	  "[--lead N(d|w)] [--type preventive|corrective] [--description D]",
	  "recurring maintenance: a ticket per occurrence, made ahead",
	  "every=,first=,lead=,type=,description=", 1, 1, cmd_add },
	{ "asset schedule list", "[ASSET]",
	  "maintenance schedules (one asset's, or all)", "", 0, 1, cmd_list },
	{ "asset schedule remove", "ID",
	  "remove a schedule (the tickets it made stay)", "", 1, 1,
	  cmd_remove },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
