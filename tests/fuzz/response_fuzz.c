/*
 * response_fuzz.c - libFuzzer target for the sync helper's handling of
 * what a PSA answers (src/sync/send.c, push.c, pull.c): the HTTP layer is
 * tests/fuzz/http_stub.c, which answers every request with the input.
 * The first byte picks the status (200, 201, 400, 404, 409, 422, 429,
 * 500: bits 0-2), the profile (termpsa, itflow: bit 3) and the run (pull,
 * or push of a new client and ticket: bit 4); the rest is the body.  Any
 * body must be handled, never a crash, a leak, undefined behaviour or a
 * hang, and:
 *   - the run returns TP_OK or an error with its message;
 *   - the secret (the bearer token) appears in no error message, returned
 *     or kept in the database (outbox, sync_meta, sync_runs);
 *   - those messages hold no terminal escape (ESC) from the PSA.
 * Each input runs in a transaction that is rolled back.  Built by `make
 * fuzz`; tests/fuzz/replay.c runs the seed corpus in `make check`.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "fuzz/fuzz_db.h"
#include "http_stub.h"
#include "service/client.h"
#include "service/ticket.h"
#include "sync/sync.h"

#define SECRET "s3cr3t-T0KEN-xyzzy"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct app apps[2];
static struct sync syncs[2];
static char dir[256], cfg_path[2][300], db_path[300];

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "response_fuzz: %s: %s\n", what, e ? e->msg : "");
	abort();
}

static void
cleanup(void)
{
	for (int i = 0; i < 2; i++) {
		sync_ctx_free(&syncs[i]);
		app_close(&apps[i]);
		unlink(cfg_path[i]);
	}
	fuzz_db_remove(db_path);
	rmdir(dir);
}

static void
setup_one(int i, const char *profile)
{
	const char *top = getenv("top_srcdir");
	struct err e = ERR_INIT;
	FILE *f;

	snprintf(cfg_path[i], sizeof cfg_path[i], "%s/config%d.yaml", dir, i);
	if ((f = fopen(cfg_path[i], "w")) == NULL)
		die("cannot write the config", NULL);
	fprintf(f, "user: jane\nsync:\n  profile: %s/contrib/profiles/%s.yaml\n"
	    "  base_url: https://psa.test/api\n  auth:\n    kind: bearer\n"
	    "    token_env: FUZZ_PSA_TOKEN\n", top ? top : ".", profile);
	fclose(f);
	apps[i].db_path = db_path;
	apps[i].config_path = cfg_path[i];
	apps[i].user_name = "jane";
	apps[i].out = stdout;
	apps[i].may_create = APP_MAKE_DB | APP_MAKE_ME;   /* a fresh database */
	if (app_db(&apps[i], &e) != TP_OK)
		die("app_db", &e);
	sqlite3_exec(apps[i].db->h, "PRAGMA synchronous = OFF", NULL, NULL,
	    NULL);
	if (sync_ctx_init(&syncs[i], &apps[i], &e) != TP_OK ||
	    auth_init(&syncs[i], &e) != TP_OK)
		die("sync_ctx_init", &e);
}

static void
setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(dir, sizeof dir, "%s/response-fuzz.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", NULL);
	snprintf(db_path, sizeof db_path, "%s/t.db", dir);
	setenv("FUZZ_PSA_TOKEN", SECRET, 1);
	atexit(cleanup);
	setup_one(0, "termpsa");
	setup_one(1, "itflow");
}

/* No error message kept in the database holds the secret or an ESC. */
static void
check_kept(struct db *db)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM sync_runs WHERE instr(error, ?1) > 0",
		"SELECT count(*) FROM outbox WHERE instr(last_error, ?1) > 0",
		"SELECT count(*) FROM sync_meta WHERE instr(last_error, ?1) > 0",
	};
	struct err e = ERR_INIT;
	int64_t n;

	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if (db_int(db, &e, &n, sql[i], "t", SECRET) == TP_OK && n > 0)
			die("the secret was kept in the database", NULL);
		if (db_int(db, &e, &n, sql[i], "t", "\033") == TP_OK && n > 0)
			die("an ESC from the PSA was kept in the database",
			    NULL);
	}
}

static void
queue_records(struct db *db)
{
	struct client_new c = { .name = "Acme", .rate_cents = -1,
	    .net_terms = -1 };
	struct ticket_new t = { .subject = "Printer jam" };
	struct err e = ERR_INIT;
	int64_t id;

	if (client_create(db, &c, &id, &e) != TP_OK)
		die("client_create", &e);
	t.client_id = id;
	if (ticket_create(db, &t, &id, &e) != TP_OK)
		die("ticket_create", &e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 201, 400, 404, 409, 422, 429,
	    500 };
	struct err e = ERR_INIT;
	struct sync *s;
	int rc;

	if (size == 0)
		return 0;
	if (syncs[0].js == NULL)
		setup();
	s = &syncs[(data[0] >> 3) & 1];
	http_stub_answer(statuses[data[0] & 7], (const char *)data + 1,
	    size - 1, 3);
	s->denied = s->pull_stopped = 0;
	if (db_begin(s->db, &e) != TP_OK)
		die("db_begin", &e);
	if (data[0] & 0x10) {
		queue_records(s->db);
		rc = push_run(s, &e);
	} else {
		rc = pull_run(s, &e);
	}
	if (getenv("FUZZ_VERBOSE"))
		fprintf(stderr, "# %s %s %ld: %d, %d requests, %s\n",
		    s->prof.name, data[0] & 0x10 ? "push" : "pull",
		    statuses[data[0] & 7], rc, http_stub_calls(), e.msg);
	if (rc != TP_OK && (e.code != rc || e.msg[0] == '\0'))
		die("an error without its message", &e);
	if (strstr(e.msg, SECRET) != NULL || strchr(e.msg, '\033') != NULL)
		die("the secret or an ESC in an error message", &e);
	check_kept(s->db);
	db_rollback(s->db);
	return 0;
}
