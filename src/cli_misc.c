/* cli_misc.c - init, user, activity, notifications, report, jobs, config,
 * demo, import and export. */
#include <stdio.h>

#include "cli.h"
#include "job.h"
#include "user.h"

static int
cmd_init(struct app *app, const struct cli_args *a, struct err *e)
{
	(void)a;
	if (app_db(app, e) != TP_OK)
		return e->code;
	if (!app->json)
		fprintf(app->out, "database %s ready\n", app->db_path);
	else
		fprintf(app->out, "{\"ok\":true}\n");
	return TP_OK;
}

static int
cmd_jobs_run(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t max = 0;
	int ran, failed;

	if (cli_opt(a, "max") && cli_parse_int(cli_opt(a, "max"), "--max", 1,
	    1000000, &max, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    job_run(app->db, (int)max, &ran, &failed, e) != TP_OK)
		return e->code;
	if (app->json)
		fprintf(app->out, "{\"ran\":%d,\"failed\":%d}\n", ran, failed);
	else
		fprintf(app->out, "%d job%s run, %d failed\n", ran,
		    ran == 1 ? "" : "s", failed);
	return TP_OK;
}

static int
cmd_jobs_list(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "name", "attempts", "available_at", "failed_at",
		"last_error", NULL
	};
	struct rows r = { 0 };
	int rc;

	if (app_db(app, e) != TP_OK)
		return e->code;
	rc = job_list(app->db, cli_flag(a, "failed"), &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	return rc;
}

const struct cli_cmd cli_misc_cmds[] = {
	{ "init", "", "create or migrate the database", "", 0, 0, cmd_init },
	{ "jobs run", "[--max N]", "run the deferred jobs that are due",
	  "max=", 0, 0, cmd_jobs_run },
	{ "jobs list", "[--failed]", "list queued (or failed) jobs",
	  "failed", 0, 0, cmd_jobs_list },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
