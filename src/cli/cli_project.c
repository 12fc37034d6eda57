/* cli_project.c - the 'project' commands: add, list, show, status, update,
 * log, expense. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/project.h"
#include "service/user.h"

/* The project, and for --json its expenses as an "expenses" array. */
static int
print_project(struct app *app, int64_t id, int with_expenses, struct err *e)
{
	static const char *const names[] = { "expenses" };
	struct rows r = { 0 }, x = { 0 };
	const struct rows *const lists[] = { &x };
	int rc;

	if (project_get(app->db, id, &r, e) != TP_OK)
		return e->code;
	rc = with_expenses ? project_expense_list(app->db, id, &x, e) : TP_OK;
	if (rc == TP_OK)
		rc = cli_print_nested(app, &r, 0, with_expenses ? 1 : 0, names,
		    lists, NULL, e);
	rows_free(&r);
	rows_free(&x);
	return rc;
}

static int
cmd_add(struct app *app, const struct cli_args *a, struct err *e)
{
	const char *due = cli_opt(a, "due");
	int64_t client_id, id;

	if (cli_parse_id(a->pos[0], "client", &client_id, e) ||
	    cli_parse_date(due, "--due", e))
		return e->code;
	if (app_db(app, e) != TP_OK || project_create(app->db, client_id,
	    a->pos[1], due, &id, e) != TP_OK)
		return e->code;
	if (!app->json)
		return cli_print_id(app, "project", id, e);
	return print_project(app, id, 0, e);
}

static int
cmd_list(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "client_name", "name", "status", "due_date",
		"unbilled_cents", NULL
	};
	struct project_filter f;
	struct rows r = { 0 };
	int rc;
	const struct cli_opt_value opts[] = {
		{ "client", CLI_ID, "client", NULL, 0, 0, &f.client_id },
		{ "status", CLI_CHOICE, "status", project_statuses, 0, 0,
		  &f.status },
		{ "limit", CLI_INT, "--limit", NULL, 1, 1000, &f.limit },
		{ "after", CLI_ID, "--after", NULL, 0, 0, &f.after_id },
	};

	memset(&f, 0, sizeof f);
	if (cli_parse_opts(a, opts, sizeof opts / sizeof opts[0], e) != TP_OK ||
	    app_db(app, e) != TP_OK)
		return e->code;
	rc = project_list(app->db, &f, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	return rc;
}

static int
cmd_show(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id;

	if (cli_parse_id(a->pos[0], "project", &id, e) || app_db(app, e))
		return e->code;
	return print_project(app, id, 1, e);
}

static int
cmd_status(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id;

	if (cli_parse_id(a->pos[0], "project", &id, e) ||
	    cli_parse_enum(a->pos[1], "status", project_statuses, e))
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    project_set_status(app->db, id, a->pos[1], e) != TP_OK)
		return e->code;
	if (app->json)
		return print_project(app, id, 0, e);
	fprintf(app->out, "project %lld %s\n", (long long)id, a->pos[1]);
	return TP_OK;
}

static int
cmd_update(struct app *app, const struct cli_args *a, struct err *e)
{
	struct project_patch p = { cli_opt(a, "name"), cli_opt(a, "status"),
	    cli_opt(a, "due"), 0 };
	int64_t id;

	if (cli_parse_id(a->pos[0], "project", &id, e))
		return e->code;
	if (p.name == NULL && p.status == NULL && p.due_date == NULL)
		return err_set(e, TP_USAGE, "project update: nothing to change "
		    "(--name, --status or --due)");
	if (p.name != NULL && (*p.name == '\0' || strlen(p.name) > 200))
		return err_set(e, TP_BADINPUT, "a project name must be 1 to 200 "
		    "characters");
	if (p.status && cli_parse_enum(p.status, "status", project_statuses, e))
		return e->code;
	if (p.due_date != NULL && strcmp(p.due_date, "none") == 0) {
		p.due_date = NULL;
		p.clear_due = 1;
	} else if (cli_parse_date(p.due_date, "--due", e)) {
		return e->code;
	}
	if (app_db(app, e) != TP_OK ||
	    project_update(app->db, id, &p, NULL, e) != TP_OK)
		return e->code;
	if (app->json)
		return print_project(app, id, 0, e);
	fprintf(app->out, "project %lld updated\n", (long long)id);
	return TP_OK;
}

static int
cmd_log(struct app *app, const struct cli_args *a, struct err *e)
{
	const char *date = cli_opt(a, "date"), *note = cli_opt(a, "note");
	const char *who = cli_opt(a, "user");
	int64_t project_id, minutes, id, uid;

	if (cli_parse_id(a->pos[0], "project", &project_id, e) ||
	    cli_parse_int(a->pos[1], "minutes", 1, 1440, &minutes, e) ||
	    cli_parse_date(date, "--date", e))
		return e->code;
	/* Time belongs to someone: a name, an id or me (time log's rule);
	 * an unknown user is not created here. */
	if (who != NULL && (*who == '\0' || strcmp(who, "none") == 0))
		return err_set(e, TP_BADINPUT, "bad user '%s': time belongs to a "
		    "user (a name, an id or me)", who);
	if (app_db(app, e) != TP_OK ||
	    user_resolve(app->db, who ? who : "me", &uid, e) != TP_OK ||
	    project_log(app->db, project_id, uid, minutes, date,
	    !cli_flag(a, "no-billable"), note, &id, e) != TP_OK)
		return e->code;
	return cli_print_id(app, "time entry", id, e);
}

static int
cmd_expense(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t project_id, cents, id;

	if (cli_parse_id(a->pos[0], "project", &project_id, e) ||
	    cli_parse_money(a->pos[1], "amount", &cents, e))
		return e->code;
	if (cents <= 0)
		return err_set(e, TP_BADINPUT, "bad amount '%s': expected more "
		    "than 0.00", a->pos[1]);
	if (*a->pos[2] == '\0')
		return err_set(e, TP_BADINPUT, "an expense needs a description");
	if (app_db(app, e) != TP_OK || project_add_expense(app->db, project_id,
	    cents, a->pos[2], !cli_flag(a, "no-billable"), &id, e) != TP_OK)
		return e->code;
	return cli_print_id(app, "expense", id, e);
}

const struct cli_cmd cli_project_cmds[] = {
	{ "project add", "CLIENT NAME [--due YYYY-MM-DD]",
	  "add a project to a client", "due=", 2, 2, cmd_add },
	{ "project list", "[--client ID] [--status S] [--limit N] [--after ID]",
	  "list projects with what they have unbilled",
	  "client=,status=,limit=,after=", 0, 0, cmd_list },
	{ "project show", "ID", "a project with its sums and its expenses",
	  "", 1, 1, cmd_show },
	{ "project status", "ID active|on_hold|completed",
	  "change a project's status", "", 2, 2, cmd_status },
	{ "project update", "ID [--name N] [--status S] [--due YYYY-MM-DD|none]",
	  "change a project's name, status or due date", "name=,status=,due=",
	  1, 1, cmd_update },
	{ "project log", "PROJECT MINUTES [--user U] [--date YYYY-MM-DD] "
	  "[--no-billable] [--note N]",
	  "log time on a project (--user, default me) with no ticket",
	  "user=,date=,no-billable,note=", 2, 2, cmd_log },
	{ "project expense", "PROJECT AMOUNT DESCRIPTION [--no-billable]",
	  "add an expense to a project", "no-billable", 3, 3, cmd_expense },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
