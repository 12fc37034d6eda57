/* cli_misc.c - init, activity, notifications, jobs, demo, import and
 * export. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/job.h"
#include "core/text.h"
#include "demo/demo.h"
#include "service/activity.h"
#include "service/exchange.h"
#include "service/notify.h"
#include "service/schedule.h"
#include "service/user.h"

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
	int ran, failed, made, skipped;

	if (cli_opt(a, "max") && cli_parse_int(cli_opt(a, "max"), "--max", 1,
	    1000000, &max, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    job_run(app->db, (int)max, &ran, &failed, e) != TP_OK)
		return e->code;
	schedule_tally_take(&made, &skipped);
	if (app->json) {
		fprintf(app->out, "{\"ran\":%d,\"failed\":%d,"
		    "\"maintenance_made\":%d,\"maintenance_skipped\":%d}\n", ran,
		    failed, made, skipped);
		return TP_OK;
	}
	fprintf(app->out, "%d job%s run, %d failed\n", ran, ran == 1 ? "" : "s",
	    failed);
	/* What the recurring maintenance did, skipped occurrences above all
	 * (after a long time offline), is said where it happened. */
	if (made > 0 || skipped > 0)
		fprintf(app->out, "scheduled maintenance: %d ticket%s made, %d past "
		    "occurrence%s skipped\n", made, made == 1 ? "" : "s", skipped,
		    skipped == 1 ? "" : "s");
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

static int
cmd_activity(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"created_at", "client_name", "line", NULL
	};
	struct rows r = { 0 };
	int64_t client = 0, limit = 50, x;
	int rc;

	if ((cli_opt(a, "client") && cli_parse_id(cli_opt(a, "client"),
	    "client", &client, e) != TP_OK) ||
	    (cli_opt(a, "limit") && cli_parse_int(cli_opt(a, "limit"),
	    "--limit", 1, 10000, &limit, e) != TP_OK) ||
	    app_db(app, e) != TP_OK)
		return e->code;
	if (client && db_int(app->db, e, &x, "SELECT id FROM clients "
	    "WHERE id = ?1", "i", client) == TP_NOTFOUND)
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)client);
	rc = activity_list(app->db, client, (int)limit, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	return rc;
}

static int
cmd_notifications(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "created_at", "kind", "message", "read_at", NULL
	};
	struct rows r = { 0 };
	int64_t after = 0;
	int limit = 100, rc;

	/* --after: the id of the last notification of the previous window
	 * (keyset paging, as the other lists). */
	if (cli_parse_paging(a, 1000, &limit, &after, e) != TP_OK ||
	    app_db(app, e) != TP_OK)
		return e->code;
	rc = notify_list_after(app->db, cli_flag(a, "unread"), after, limit,
	    &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	return rc;
}

static int
cmd_notifications_read(struct app *app, const struct cli_args *a,
    struct err *e)
{
	int64_t id = 0;

	if (a->npos == 1 && cli_flag(a, "all"))
		return err_set(e, TP_USAGE, "notifications read: give an ID "
		    "or --all, not both");
	if (a->npos == 0 && !cli_flag(a, "all"))
		return err_set(e, TP_USAGE, "notifications read: give an ID "
		    "or --all");
	if ((a->npos == 1 && cli_parse_id(a->pos[0], "notification", &id, e)
	    != TP_OK) || app_db(app, e) != TP_OK ||
	    notify_mark_read(app->db, id, e) != TP_OK)
		return e->code;
	if (app->json)
		fprintf(app->out, "{\"ok\":true}\n");
	else if (id)
		fprintf(app->out, "notification %lld read\n", (long long)id);
	else
		fprintf(app->out, "all notifications read\n");
	return TP_OK;
}

static int
cmd_import_csv(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t n;

	if (cli_parse_enum(a->pos[0], "entity", exchange_import_entities, e)
	    != TP_OK || app_db(app, e) != TP_OK ||
	    exchange_import_csv(app->db, a->pos[0], a->pos[1], &n, e) != TP_OK)
		return e->code;
	if (app->json)
		fprintf(app->out, "{\"imported\":%lld}\n", (long long)n);
	else
		fprintf(app->out, "%lld %s imported\n", (long long)n,
		    a->pos[0]);
	return TP_OK;
}

struct export_out {
	FILE *f;
	int   sanitize;     /* CSV to a terminal: as safe as plain output */
};

static int
write_out(const char *s, size_t n, void *arg)
{
	struct export_out *o = arg;
	struct buf safe;
	size_t put;

	if (!o->sanitize)
		return fwrite(s, 1, n, o->f) == n ? 0 : -1;
	buf_init(&safe);
	text_sanitize(s, n, TEXT_MULTILINE, &safe);
	put = fwrite(safe.s, 1, safe.len, o->f);
	buf_free(&safe);
	return put == safe.len ? 0 : -1;
}

/* JSON and YAML escape every control themselves (so a file keeps the
 * data and a terminal sees escapes); CSV cannot, so it keeps the bytes in
 * a file or a pipe and is sanitised for a terminal. */
static int
cmd_export(struct app *app, const struct cli_args *a, struct err *e)
{
	const char *format = cli_opt(a, "format");
	struct export_out o = { app->out, 0 };

	if (format == NULL)
		format = app->json ? "json" : "csv";
	if (cli_parse_enum(a->pos[0], "entity", exchange_export_entities, e)
	    != TP_OK || cli_parse_enum(format, "format", exchange_formats, e)
	    != TP_OK || app_db(app, e) != TP_OK)
		return e->code;
	o.sanitize = strcmp(format, "csv") == 0 && isatty(fileno(app->out));
	if (exchange_export(app->db, a->pos[0], format, write_out, &o, e)
	    != TP_OK)
		return e->code;
	if (fflush(app->out) != 0 || ferror(app->out))
		return err_set(e, TP_IO, "export: cannot write: %s",
		    strerror(errno));
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
	{ "activity", "[--client ID] [--limit N]",
	  "what happened, newest first", "client=,limit=", 0, 0, cmd_activity },
	{ "notifications", "[--unread] [--limit N] [--after ID]",
	  "notifications, newest first (100 unless --limit; --after: "
	  "continue after that id)", "unread,limit=,after=", 0, 0,
	  cmd_notifications },
	{ "notifications read", "[ID|--all]",
	  "mark one notification (or all) read", "all", 0, 1,
	  cmd_notifications_read },
	{ "import csv", "ENTITY FILE",
	  "import clients, contacts, assets or tickets from CSV (all or none)",
	  "", 2, 2, cmd_import_csv },
	{ "export", "ENTITY [--format csv|json|yaml]",
	  "export clients, tickets, assets or invoices", "format=", 1, 1,
	  cmd_export },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
