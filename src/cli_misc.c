/* cli_misc.c - init, user, activity, notifications, report, jobs, config,
 * demo, import and export. */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "demo.h"
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

static void
demo_progress(int64_t done, int64_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rgenerating: %lld%% (%lld rows)",
	    (long long)(total ? done * 100 / total : 100), (long long)done);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

static int
cmd_demo(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t tickets, seed = 1, clients = 0;

	if (demo_parse_scale(cli_opt(a, "scale"), &tickets, e) != TP_OK ||
	    (cli_opt(a, "seed") && cli_parse_int(cli_opt(a, "seed"), "--seed",
	    0, INT64_MAX, &seed, e) != TP_OK))
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    db_int(app->db, e, &clients, "SELECT count(*) FROM clients", NULL)
	    != TP_OK)
		return e->code;
	if (clients > 0)
		return err_set(e, TP_REFUSED, "database %s already has %lld "
		    "client%s: demo fills only an empty database", app->db_path,
		    (long long)clients, clients == 1 ? "" : "s");
	if (demo_generate(app->db, tickets, (uint64_t)seed,
	    isatty(STDERR_FILENO) ? demo_progress : NULL, NULL, e) != TP_OK)
		return e->code;
	if (app->json)
		fprintf(app->out, "{\"tickets\":%lld,\"seed\":%lld}\n",
		    (long long)tickets, (long long)seed);
	else
		fprintf(app->out, "demo: %lld tickets generated (seed %lld)\n",
		    (long long)tickets, (long long)seed);
	return TP_OK;
}

const struct cli_cmd cli_misc_cmds[] = {
	{ "init", "", "create or migrate the database", "", 0, 0, cmd_init },
	{ "jobs run", "[--max N]", "run the deferred jobs that are due",
	  "max=", 0, 0, cmd_jobs_run },
	{ "jobs list", "[--failed]", "list queued (or failed) jobs",
	  "failed", 0, 0, cmd_jobs_list },
	{ "demo", "[--scale small|medium|large|N] [--seed N]",
	  "fill an empty database with a generated, deterministic MSP",
	  "scale=,seed=", 0, 0, cmd_demo },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
