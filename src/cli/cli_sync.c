/* cli_sync.c - the 'sync' commands (sync.md, cli.md).
 *
 * `sync` itself executes the helper termpsa-sync (the only binary linked
 * with libcurl): next to this binary in a build tree, else in libexecdir.
 * The status, retry and discard commands work on the shared sync tables
 * through syncstate.h and never touch the network. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/clock.h"
#include "service/breaker.h"
#include "service/syncstate.h"

#ifndef LIBEXECDIR
#define LIBEXECDIR "/usr/local/libexec"
#endif

static char *
take(struct buf *b)
{
	char *s = buf_detach(b);

	buf_free(b);    /* buf_detach leaves b owning a fresh buffer */
	return s;
}

static int
executable(const char *path)
{
	return path != NULL && access(path, X_OK) == 0;
}

/* The helper: $TERMPSA_SYNC (tests), next to this binary, libexecdir. */
static char *
find_helper(const struct app *app)
{
	const char *env = getenv("TERMPSA_SYNC");
	char self[PATH_MAX];
	const char *base = NULL;
	struct buf b;
	ssize_t n;

	if (executable(env))
		return xstrdup(env);
	buf_init(&b);
	if (app->argv0 != NULL && strchr(app->argv0, '/') != NULL) {
		base = app->argv0;
	} else if ((n = readlink("/proc/self/exe", self, sizeof self - 1)) > 0) {
		self[n] = '\0';
		base = self;
	}
	if (base != NULL) {
		const char *slash = strrchr(base, '/');

		buf_addn(&b, base, (size_t)(slash - base));
		buf_add(&b, "/termpsa-sync");
		if (executable(b.s))
			return take(&b);
	}
	buf_reset(&b);
	buf_add(&b, LIBEXECDIR "/termpsa-sync");
	if (executable(b.s))
		return take(&b);
	buf_free(&b);
	return NULL;
}

static int
cmd_sync(struct app *app, const struct cli_args *a, struct err *e)
{
	char *argv[16], *helper, *dbpath = NULL;
	int n = 0;

	if (cli_flag(a, "once") && cli_flag(a, "daemon"))
		return err_set(e, TP_USAGE, "sync: --once and --daemon exclude "
		    "each other");
	if (app_config(app, e) != TP_OK)
		return e->code;
	if (!app->cfg.sync.enabled)
		return err_set(e, TP_NOTFOUND, "sync is not configured (add a "
		    "sync: section to the config file; see termpsa-psa(7))");
	if ((helper = find_helper(app)) == NULL)
		return err_set(e, TP_INTERNAL, "sync: the helper termpsa-sync is "
		    "not installed (looked next to termpsa and in %s)",
		    LIBEXECDIR);
	if (app->db_path == NULL)
		dbpath = app_default_db_path(app->demo);
	argv[n++] = helper;
	argv[n++] = "--db";
	argv[n++] = dbpath ? dbpath : (char *)app->db_path;
	if (app->config_path != NULL) {
		argv[n++] = "--config";
		argv[n++] = (char *)app->config_path;
	}
	if (app->user_name != NULL) {
		argv[n++] = "--user";
		argv[n++] = (char *)app->user_name;
	}
	argv[n++] = cli_flag(a, "daemon") ? "--daemon" : "--once";
	if (cli_flag(a, "dry-run"))
		argv[n++] = "--dry-run";
	if (app->json)
		argv[n++] = "--json";
	argv[n] = NULL;
	fflush(NULL);
	execv(helper, argv);
	err_set(e, TP_INTERNAL, "sync: cannot run %s: %s", helper,
	    strerror(errno));
	free(helper);
	free(dbpath);
	return e->code;
}

static void
print_conflicts(struct app *app, const struct rows *r)
{
	struct buf line;

	buf_init(&line);
	for (size_t i = 0; i < r->n; i++) {
		buf_reset(&line);
		buf_addf(&line, "  conflict %lld: %s", (long long)rows_int(r, i,
		    "id"), rows_text(r, i, "entity"));
		if (!rows_isnull(r, i, "number"))
			buf_addf(&line, " #%lld", (long long)rows_int(r, i, "number"));
		else
			buf_addf(&line, " %lld", (long long)rows_int(r, i,
			    "local_id"));
		buf_addf(&line, " %s: local '%s' kept, remote '%s'",
		    rows_text(r, i, "field"), rows_text(r, i, "local_value"),
		    rows_text(r, i, "remote_value"));
		/* The change it holds back is not listed again. */
		if (!rows_isnull(r, i, "outbox_id"))
			buf_addf(&line, "; outbox row %lld waits", (long long)
			    rows_int(r, i, "outbox_id"));
		cli_puts_safe(app, line.s);
	}
	buf_free(&line);
}

static void
print_failed(struct app *app, const struct rows *r)
{
	struct buf line;

	buf_init(&line);
	for (size_t i = 0; i < r->n; i++) {
		buf_reset(&line);
		buf_addf(&line, "  %s %lld: %s %lld %s: %s", rows_text(r, i,
		    "state"), (long long)rows_int(r, i, "id"), rows_text(r, i,
		    "entity"), (long long)rows_int(r, i, "local_id"),
		    rows_text(r, i, "op"), rows_text(r, i, "last_error"));
		cli_puts_safe(app, line.s);
	}
	buf_free(&line);
}

static int
status_text(struct app *app, const struct sync_summary *s,
    const struct rows *conflicts, const struct rows *failed)
{
	char when[CLOCK_ISO_LEN], hhmm[8];
	struct buf line;

	buf_init(&line);
	if (!s->configured)
		fprintf(app->out, "sync is not configured\n");
	fprintf(app->out, "pending %lld, in flight %lld, failed %lld, "
	    "unsupported %lld, conflicts %lld\n", (long long)s->pending,
	    (long long)s->in_flight, (long long)s->failed,
	    (long long)s->unsupported, (long long)s->conflicts);
	if (strcmp(s->breaker_state, "closed") == 0) {
		fprintf(app->out, "breaker closed (%lld failure%s)\n",
		    (long long)s->breaker_failures,
		    s->breaker_failures == 1 ? "" : "s");
	} else {
		breaker_hhmm(s->open_until, hhmm);
		fprintf(app->out, "breaker %s until %s (%lld failures)\n",
		    strcmp(s->breaker_state, "open") == 0 ? "open" : "half-open",
		    hhmm, (long long)s->breaker_failures);
	}
	if (s->last_success_at) {
		clock_format_iso(s->last_success_at, when);
		fprintf(app->out, "last success %s\n", when);
	}
	if (s->auth_error[0]) {
		/* already "authentication failed: ..." */
		buf_addf(&line, "%s (every change stays queued: fix sync.auth "
		    "and run sync again)", s->auth_error);
		cli_puts_safe(app, line.s);
	} else if (s->last_error[0]) {
		buf_addf(&line, "last error: %s", s->last_error);
		cli_puts_safe(app, line.s);
	}
	print_failed(app, failed);
	print_conflicts(app, conflicts);
	buf_free(&line);
	return TP_OK;
}

static int
cmd_status(struct app *app, const struct cli_args *a, struct err *e)
{
	struct sync_summary s;
	struct rows conflicts = { 0 }, failed = { 0 }, unsup = { 0 };
	struct buf out;
	int rc;

	(void)a;
	if (app_db(app, e) != TP_OK || sync_summary(app->db, &s, e) != TP_OK)
		return e->code;
	s.configured = app->cfg.sync.enabled;
	rc = sync_conflict_list(app->db, &conflicts, e);
	if (rc == TP_OK)
		rc = sync_outbox_list(app->db, "failed", 50, &failed, e);
	if (rc == TP_OK)
		rc = sync_outbox_list(app->db, "unsupported", 50, &unsup, e);
	if (rc == TP_OK)   /* 412: refused as stale, listed with the failed */
		rc = sync_stale_list(app->db, 50, &failed, e);
	if (rc == TP_OK && app->json) {
		buf_init(&out);
		rc = sync_summary_json(app->db, &s, &out, e);
		if (rc == TP_OK) {
			struct buf arr;
			char *doc = NULL;

			buf_init(&arr);
			rc = rows_json_array(app->db, &conflicts, &arr, e);
			if (rc == TP_OK)
				rc = db_text(app->db, e, &doc, "SELECT json_set(?1, "
				    "'$.conflict_list', json(?2))", "tt", out.s, arr.s);
			if (rc == TP_OK)
				cli_print_json(app, doc);
			free(doc);
			buf_free(&arr);
		}
		buf_free(&out);
	} else if (rc == TP_OK) {
		rc = status_text(app, &s, &conflicts, &failed);
		print_failed(app, &unsup);
	}
	rows_free(&conflicts);
	rows_free(&failed);
	rows_free(&unsup);
	return rc;
}

static int
cmd_retry(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id;
	int n;

	if (cli_flag(a, "failed") == (a->npos == 1))
		return err_set(e, TP_USAGE, "sync retry: give an outbox row ID or "
		    "--failed");
	if (a->npos == 1 && cli_parse_id(a->pos[0], "outbox row", &id, e)
	    != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK)
		return e->code;
	if (a->npos == 1) {
		if (sync_retry(app->db, id, e) != TP_OK)
			return e->code;
		if (app->json)
			fprintf(app->out, "{\"retried\":1}\n");
		else
			fprintf(app->out, "outbox row %lld queued again\n",
			    (long long)id);
		return TP_OK;
	}
	if (sync_retry_failed(app->db, &n, e) != TP_OK)
		return e->code;
	if (app->json)
		fprintf(app->out, "{\"retried\":%d}\n", n);
	else
		fprintf(app->out, "%d failed row%s queued again\n", n,
		    n == 1 ? "" : "s");
	return TP_OK;
}

static int
cmd_discard(struct app *app, const struct cli_args *a, struct err *e)
{
	struct rows also = { 0 };
	struct buf line;
	int64_t id;

	if (cli_parse_id(a->pos[0], "outbox row", &id, e) != TP_OK ||
	    app_db(app, e) != TP_OK || sync_discard(app->db, id, &also, e) !=
	    TP_OK)
		return e->code;
	buf_init(&line);
	if (app->json) {
		buf_addf(&line, "{\"discarded\":%lld,\"dependents\":[",
		    (long long)id);
		for (size_t i = 0; i < also.n; i++)
			buf_addf(&line, "%s%lld", i ? "," : "",
			    (long long)rows_int(&also, i, "id"));
		buf_add(&line, "]}");
	} else {
		buf_addf(&line, "outbox row %lld discarded", (long long)id);
		if (also.n > 0)
			buf_addf(&line, ", with the %zu row%s that could only "
			    "follow it:", also.n, also.n == 1 ? "" : "s");
		/* Which rows: entity and op are the worker's own words. */
		for (size_t i = 0; i < also.n; i++)
			buf_addf(&line, "%s %lld (%s %lld %s)", i ? "," : "",
			    (long long)rows_int(&also, i, "id"), rows_text(&also, i,
			    "entity"), (long long)rows_int(&also, i, "local_id"),
			    rows_text(&also, i, "op"));
	}
	if (app->json)
		cli_print_json(app, line.s);
	else
		cli_puts_safe(app, line.s);
	buf_free(&line);
	rows_free(&also);
	return TP_OK;
}

const struct cli_cmd cli_sync_cmds[] = {
	{ "sync", "[--once|--daemon] [--dry-run]",
	  "push local changes to the PSA and pull the queue (see termpsa-psa(7))",
	  "once,daemon,dry-run", 0, 0, cmd_sync },
	{ "sync status", "", "outbox counts, breaker, last success and error, "
	  "failed rows and conflicts", "", 0, 0, cmd_status },
	{ "sync retry", "ID|--failed", "queue a failed outbox row (or all) again",
	  "failed", 0, 1, cmd_retry },
	{ "sync discard", "ID", "drop an unsent outbox row and the rows that "
	  "need it (local records stay)", "", 1, 1, cmd_discard },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
