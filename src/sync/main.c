/*
 * termpsa-sync - the sync worker, a helper binary of its own so that only
 * it links libcurl (architecture.md).  `termpsa sync` executes it with the
 * database and config paths:
 *
 *   termpsa-sync --db PATH [--config PATH] [--user NAME]
 *                [--once | --daemon] [--dry-run] [--json]
 *
 * The global options (--db PATH or --db=PATH, --config, --user, --json,
 * and --demo, --no-color as in termpsa) are read by the one parser both
 * binaries share (app_take_globals); what is left is the helper's.
 *
 * One run pushes the outbox, then pulls.  Exit status as cli.md: 0 done,
 * 1 not configured, 64 usage, 65 bad config, 69 breaker open or PSA
 * unreachable, 70 internal, 74 database, 77 credentials refused.
 */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/text.h"
#include "service/activity.h"
#include "sync/sync.h"

static volatile sig_atomic_t stop;

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: termpsa-sync --db PATH [--config PATH] "
	    "[--user NAME] [--once|--daemon] [--dry-run] [--json]\n");
}

/* An error's message may quote the PSA (a server's reason, a field it
 * sent): sanitised like every message the CLI prints (cli_error). */
static void
fail(const struct err *e)
{
	struct buf safe;

	buf_init(&safe);
	text_sanitize(e->msg, (size_t)-1, 0, &safe);
	fprintf(stderr, "termpsa: sync: %s\n", safe.s);
	buf_free(&safe);
}

/* Runs a worker left 'running' when it died are closed as errors. */
static int
close_dead_runs(struct db *db, struct err *e)
{
	struct rows r = { 0 };
	int rc = rows_query(db, &r, e, "SELECT id, pid FROM sync_runs WHERE "
	    "result = 'running'", "");

	for (size_t i = 0; rc == TP_OK && i < r.n; i++) {
		int64_t pid = rows_int(&r, i, "pid");

		if (pid > 0 && pid != (int64_t)getpid() &&
		    (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue;
		rc = db_exec(db, e, "UPDATE sync_runs SET result = 'error', "
		    "finished_at = ?2, error = 'the worker stopped before the end "
		    "of its run' WHERE id = ?1", "ii", rows_int(&r, i, "id"),
		    clock_now());
	}
	rows_free(&r);
	return rc;
}

static int
run_once(struct sync *s, struct err *e)
{
	int64_t run_id;
	int rc;
	const char *result;

	s->pushed = s->failed = s->retried = s->unsupported = 0;
	s->pulled = s->conflicts = s->requests = s->successes = 0;
	s->transport_failures = s->denied = s->auth_failed = s->errors = 0;
	if (close_dead_runs(s->db, e) != TP_OK ||
	    db_exec(s->db, e, "INSERT INTO sync_runs(pid, started_at) VALUES "
	    "(?1, ?2)", "ii", (int64_t)getpid(), clock_now()) != TP_OK)
		return e->code;
	run_id = db_last_id(s->db);
	rc = push_run(s, e);
	/* Pull unless the PSA is known to be out of reach right now. */
	if (rc == TP_OK && !s->denied && !s->auth_failed &&
	    !(s->transport_failures > 0 && s->successes == 0))
		rc = pull_run(s, e);
	/* New conflicts of the run, found by the push's check or the pull,
	 * once each. */
	if (rc == TP_OK && s->conflicts > 0) {
		char line[128];

		snprintf(line, sizeof line, "Sync: %d conflict%s kept local "
		    "(see sync status)", s->conflicts, s->conflicts == 1 ? "" :
		    "s");
		rc = activity_add(s->db, 0, "sync", 0, line, e);
	}
	if (rc == TP_OK && s->auth_failed) {
		rc = err_set(e, TP_AUTH, "%s (check sync.auth; every change "
		    "stays queued)", s->auth_msg);
	} else if (rc == TP_OK && s->denied) {
		char hhmm[8];

		breaker_hhmm(s->deny_until, hhmm);
		rc = err_set(e, TP_UNAVAILABLE, "breaker open until %s", hhmm);
	} else if (rc == TP_OK && s->transport_failures > 0 &&
	    s->successes == 0) {
		struct sync_summary sum;

		rc = err_set(e, TP_UNAVAILABLE, "cannot reach the PSA");
		if (sync_summary(s->db, &sum, NULL) == TP_OK && sum.last_error[0])
			err_set(e, TP_UNAVAILABLE, "%s", sum.last_error);
	}
	result = rc == TP_OK ? "ok" : s->denied ? "breaker_open" : "error";
	{
		struct err e2 = ERR_INIT;

		/* A refused key keeps its error until a run gets through. */
		sync_note_run(s->db, s->auth_failed ? 0 : s->successes,
		    s->errors, &e2);
		err_clear(&e2);
		db_exec(s->db, &e2, "UPDATE sync_runs SET finished_at = ?2, "
		    "result = ?3, pushed = ?4, failed = ?5, pulled = ?6, error = ?7 "
		    "WHERE id = ?1", "iitiiit", run_id, clock_now(), result,
		    (int64_t)s->pushed, (int64_t)s->failed, (int64_t)s->pulled,
		    rc == TP_OK ? NULL : e->msg);
	}
	return rc;
}

static void
report(struct sync *s, int json)
{
	struct sync_summary sum;
	struct err e = ERR_INIT;

	if (sync_summary(s->db, &sum, &e) != TP_OK)
		return;
	if (s->repaired)
		fprintf(stderr, "termpsa: sync: warning: %d byte%s of the PSA's "
		    "answers were not UTF-8 and were stored as U+FFFD\n",
		    s->repaired, s->repaired == 1 ? "" : "s");
	if (json) {
		char *out = js_q(s->js, "SELECT json_object('pushed', ?1, 'failed', "
		    "?2, 'retried', ?3, 'unsupported', ?4, 'pulled', ?5, "
		    "'conflicts', ?6, 'pending', ?7, 'breaker', ?8)", "iiiiiiit",
		    (int64_t)s->pushed, (int64_t)s->failed, (int64_t)s->retried,
		    (int64_t)s->unsupported, (int64_t)s->pulled,
		    (int64_t)s->conflicts, sum.pending, sum.breaker_state);

		printf("%s\n", out ? out : "{}");
		free(out);
	} else {
		printf("sync: pushed %d, failed %d, retrying %d, unsupported %d, "
		    "pulled %d, conflicts %d; %lld pending\n", s->pushed, s->failed,
		    s->retried, s->unsupported, s->pulled, s->conflicts,
		    (long long)sum.pending);
	}
	fflush(stdout);
}

/* Sleep up to secs, waking early on a signal. */
static void
nap(int secs)
{
	for (int i = 0; i < secs * 10 && !stop; i++) {
		struct timespec ts = { 0, 100000000 };

		nanosleep(&ts, NULL);
	}
}

int
main(int argc, char **argv)
{
	struct app app;
	struct sync s;
	struct err e = ERR_INIT;
	int daemon = 0, dry = 0, rc;

	setlocale(LC_ALL, "");
	memset(&app, 0, sizeof app);
	app.out = stdout;
	app.argv0 = argv[0];
	app_from_env(&app);
	argc--;
	argv++;
	if (app_take_globals(&app, &argc, argv, &e) != TP_OK) {
		fail(&e);
		usage();
		return err_exit_status(e.code);
	}
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--once") == 0) {
			daemon = 0;
		} else if (strcmp(a, "--daemon") == 0) {
			daemon = 1;
		} else if (strcmp(a, "--dry-run") == 0) {
			dry = 1;
		} else {
			usage();
			return 64;
		}
	}
	if (app_config(&app, &e) != TP_OK) {
		fail(&e);
		return err_exit_status(e.code);
	}
	if (!app.cfg.sync.enabled) {
		fprintf(stderr, "termpsa: sync is not configured (add a sync: "
		    "section to the config file)\n");
		app_close(&app);
		return 1;
	}
	if (app_db(&app, &e) != TP_OK || sync_ctx_init(&s, &app, &e) != TP_OK) {
		fail(&e);
		rc = err_exit_status(e.code);
		app_close(&app);
		return rc;
	}
	srandom((unsigned)(time(NULL) ^ (getpid() << 8)));
	if (dry) {
		rc = push_dry_run(&s, stdout, &e);
		if (rc != TP_OK)
			fail(&e);
		sync_ctx_free(&s);
		app_close(&app);
		return err_exit_status(rc);
	}
	if (auth_init(&s, &e) != TP_OK) {
		fail(&e);
		rc = err_exit_status(e.code);
		sync_ctx_free(&s);
		app_close(&app);
		return rc;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	do {
		err_clear(&e);
		rc = run_once(&s, &e);
		report(&s, app.json);
		if (rc != TP_OK)
			fail(&e);
		if (daemon && !stop) {
			int secs = app.cfg.sync.interval > 0 ? app.cfg.sync.interval
			    : 60;

			if (s.denied && s.deny_until > clock_now() &&
			    s.deny_until - clock_now() < secs)
				secs = (int)(s.deny_until - clock_now()) + 1;
			nap(secs);
		}
	} while (daemon && !stop);
	sync_ctx_free(&s);
	app_close(&app);
	return daemon ? 0 : err_exit_status(rc);
}
