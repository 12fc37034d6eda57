/*
 * sync_state.c - unit tests of syncstate.c where the worker cannot easily
 * be steered: backoff bounds, claim order and references, taking back rows
 * of a dead worker, the breaker's transitions and probe ownership across
 * processes, the summary, retry/discard refusals and conflict resolution.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/db.h"
#include "service/breaker.h"
#include "service/outbox.h"
#include "service/syncstate.h"
#include "tap.h"
#include "testdb.h"

#define NOW 1768471200   /* 2026-01-15T10:00:00Z */

static struct db *
fresh_db(void)
{
	struct db *db = testdb_open("sync-state");

	if (db == NULL)
		exit(1);
	return db;
}

static void
at(int64_t offset)
{
	char iso[CLOCK_ISO_LEN];

	clock_format_iso(NOW + offset, iso);
	setenv("TERMPSA_NOW", iso, 1);
}

static void
exec_ok(struct db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
		printf("# %s: %s\n", sql, msg);
		exit(1);
	}
}

static int64_t
one(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;
	int64_t v = -1;

	db_int(db, &e, &v, sql, NULL);
	return v;
}

/* A pid that certainly belongs to no process: a child that has exited. */
static int64_t
dead_pid(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return p;
}

static void
test_backoff(void)
{
	int bad = 0, seen0 = 0, seen1 = 0, top = 0;

	for (int a = 0; a <= 12; a++) {
		int64_t ceiling = (int64_t)1 << a;

		if (ceiling > 300)
			ceiling = 300;
		for (int i = 0; i < 500; i++) {
			int64_t d = outbox_backoff(a, 1, 300);

			if (d < 0 || d > ceiling)
				bad++;
			if (a == 0 && d == 0)
				seen0 = 1;
			if (a == 0 && d == 1)
				seen1 = 1;
			if (a == 12 && d > 200)
				top = 1;
		}
	}
	is_int(bad, 0, "backoff stays within [0, min(300, 2^attempt)]");
	ok(seen0 && seen1, "backoff is full jitter: 0 and the ceiling both occur");
	ok(top, "late attempts reach towards the 300 s cap");
}

static void
test_claim(void)
{
	struct db *db = fresh_db();
	struct outbox_row r;
	struct err e = ERR_INIT;
	int n;

	at(0);
	exec_ok(db, "INSERT INTO clients(id, name, created_at, updated_at) "
	    "VALUES (1, 'A', 0, 0); INSERT INTO tickets(id, number, client_id, "
	    "subject, created_at, updated_at) VALUES (1, 1, 1, 'T', 0, 0); "
	    "DELETE FROM outbox; "
	    "INSERT INTO outbox(id, entity, local_id, op, created_at, updated_at) "
	    "VALUES (10, 'ticket', 1, 'create', 0, 0), "
	    "(11, 'client', 1, 'create', 0, 0), "
	    "(12, 'ticket', 1, 'update', 0, 0)");
	is_int(outbox_claim(db, 60, &r, &e), TP_OK, "a ready row is claimed");
	is_int(r.id, 11, "the ticket waits for its client: the client goes first");
	is_int(r.attempts, 1, "the claim counts an attempt");
	outbox_row_free(&r);
	is_int(one(db, "SELECT lease_owner FROM outbox WHERE id = 11"), getpid(),
	    "the lease is this process's");
	is_int(outbox_claim(db, 60, &r, &e) == TP_NOTFOUND, 1,
	    "nothing else is ready while the client has no remote id");
	r.id = 11;
	snprintf(r.entity, sizeof r.entity, "client");
	snprintf(r.op, sizeof r.op, "create");
	r.local_id = 1;
	is_int(outbox_done(db, &r, "R-1", 201, &e), TP_OK, "done");
	is_int(one(db, "SELECT remote_id = 'R-1' AND (SELECT state FROM outbox "
	    "WHERE id = 11) = 'done' FROM clients WHERE id = 1"), 1,
	    "the remote id is stored with the row done");
	outbox_claim(db, 60, &r, &e);
	is_int(r.id, 10, "then the ticket's create");
	outbox_row_free(&r);
	is_int(outbox_claim(db, 60, &r, &e) == TP_NOTFOUND, 1,
	    "its update waits for the create in flight");
	{
		char sql[128];

		snprintf(sql, sizeof sql, "UPDATE outbox SET lease_owner = %lld "
		    "WHERE id = 10", (long long)dead_pid());
		exec_ok(db, sql);
	}
	is_int(outbox_reclaim(db, &n, &e), TP_OK, "reclaim");
	is_int(n, 1, "a dead worker's in-flight row is taken back");
	is_int(one(db, "SELECT state = 'pending' AND attempts = 1 FROM outbox "
	    "WHERE id = 10"), 1, "pending again, its attempt remembered");
	outbox_claim(db, 60, &r, &e);
	outbox_row_free(&r);
	is_int(r.id, 10, "claimed again");
	{
		char sql[128];

		snprintf(sql, sizeof sql, "UPDATE outbox SET lease_owner = %lld "
		    "WHERE id = 10", (long long)getppid());
		exec_ok(db, sql);
	}
	outbox_reclaim(db, &n, &e);
	is_int(n, 0, "a live worker's row is left alone");
	at(1000);
	outbox_reclaim(db, &n, &e);
	is_int(n, 1, "unless its lease ran out");
	testdb_drop(db);
}

static void
test_breaker(void)
{
	struct db *db = fresh_db();
	struct breaker_cfg c = { 5, 30, 40 };
	enum breaker_decision d;
	struct err e = ERR_INIT;
	int64_t until;
	int opened = 0;
	char sql[160];

	at(0);
	for (int i = 0; i < 4; i++)
		breaker_failure(db, &c, &opened, &e);
	is_int(opened, 0, "four failures leave it closed");
	breaker_success(db, &e);
	is_int(one(db, "SELECT failures FROM sync_breaker"), 0,
	    "a success resets the count");
	for (int i = 0; i < 5; i++)
		breaker_failure(db, &c, &opened, &e);
	is_int(opened, 1, "five in a row open it");
	breaker_allow(db, &c, &d, &until, &e);
	ok(d == BREAKER_DENY && until == NOW + 30, "open: denied until +30 s");
	at(31);
	breaker_allow(db, &c, &d, &until, &e);
	ok(d == BREAKER_PROBE, "after open_until: this process takes the probe");
	breaker_allow(db, &c, &d, &until, &e);
	ok(d == BREAKER_PROBE, "and keeps it");
	snprintf(sql, sizeof sql, "UPDATE sync_breaker SET probe_owner = %lld",
	    (long long)getppid());
	exec_ok(db, sql);
	breaker_allow(db, &c, &d, &until, &e);
	ok(d == BREAKER_DENY, "a probe held by another live process: denied");
	snprintf(sql, sizeof sql, "UPDATE sync_breaker SET probe_owner = %lld",
	    (long long)dead_pid());
	exec_ok(db, sql);
	breaker_allow(db, &c, &d, &until, &e);
	ok(d == BREAKER_PROBE, "a probe whose process died is taken over");
	breaker_failure(db, &c, &opened, &e);
	is_int(one(db, "SELECT open_for FROM sync_breaker"), 60,
	    "a failed probe reopens for twice as long");
	at(100);
	breaker_allow(db, &c, &d, &until, &e);
	breaker_success(db, &e);
	is_int(one(db, "SELECT state = 'closed' AND failures = 0 AND open_for = 0 "
	    "FROM sync_breaker"), 1, "a successful probe closes it");
	is_int(one(db, "SELECT count(*) FROM activity WHERE entity = 'sync'"), 5,
	    "opened, half-open, reopened, half-open, closed: five activity lines");
	testdb_drop(db);
}

static void
test_summary_and_actions(void)
{
	struct db *db = fresh_db();
	struct sync_summary s;
	struct err e = ERR_INIT;
	struct buf j;

	at(0);
	exec_ok(db, "DELETE FROM outbox; INSERT INTO clients(id, name, "
	    "created_at, updated_at) VALUES (1, 'A', 0, 0); "
	    "INSERT INTO tickets(id, number, client_id, subject, status, "
	    "remote_id, created_at, updated_at) VALUES (1, 1, 1, 'T', 'waiting', "
	    "'R9', 0, 0); "
	    "INSERT INTO outbox(id, entity, local_id, op, fields, state, "
	    "last_error, created_at, updated_at) VALUES "
	    "(1, 'client', 1, 'create', '{}', 'failed', 'HTTP 422: no', 0, 0), "
	    "(2, 'ticket', 1, 'update', '{\"status\":\"waiting\"}', 'pending', "
	    "NULL, 0, 0), (3, 'invoice', 1, 'create', '{}', 'unsupported', "
	    "'not supported by this PSA', 0, 0), (4, 'client', 1, 'update', "
	    "'{}', 'done', NULL, 0, 0); "
	    "INSERT INTO sync_conflicts(id, entity, local_id, field, local_value, "
	    "remote_value, created_at) VALUES (7, 'ticket', 1, 'status', "
	    "'waiting', 'in_progress', 0)");
	is_int(sync_summary(db, &s, &e), TP_OK, "summary");
	ok(s.pending == 1 && s.failed == 1 && s.unsupported == 1 &&
	    s.conflicts == 1 && s.in_flight == 0, "summary counts each state");
	is_str(s.breaker_state, "closed", "summary: breaker closed");
	buf_init(&j);
	sync_summary_json(db, &s, &j, &e);
	is_str(j.s, "{\"configured\":false,\"pending\":1,\"failed\":1,"
	    "\"in_flight\":0,\"conflicts\":1,\"unsupported\":1,\"breaker\":"
	    "{\"state\":\"closed\",\"failures\":0,\"open_until\":null},"
	    "\"last_success\":null,\"last_error\":null,\"auth_error\":null}",
	    "summary JSON has cli.md's shape");
	buf_free(&j);
	is_int(sync_retry(db, 2, &e), TP_REFUSED, "retrying a pending row is refused");
	is_str(e.msg, "outbox row 2 is pending: only failed, unsupported or "
	    "conflict rows can be retried", "with a message naming the row");
	is_int(sync_discard(db, 4, NULL, &e), TP_REFUSED, "discarding a done row is refused");
	is_int(sync_retry(db, 99, &e), TP_NOTFOUND, "an unknown row");
	is_int(sync_retry(db, 1, &e), TP_OK, "a failed row is queued again");
	is_int(sync_conflict_resolve(db, 7, 0, &e), TP_OK, "take the remote value");
	is_int(one(db, "SELECT (SELECT status FROM tickets WHERE id = 1) = "
	    "'in_progress' AND NOT EXISTS (SELECT 1 FROM outbox WHERE id = 2) AND "
	    "(SELECT state FROM sync_conflicts WHERE id = 7) = 'took_remote'"), 1,
	    "the record takes it, the unsent change is dropped, the conflict closed");
	is_int(sync_conflict_resolve(db, 7, 1, &e), TP_NOTFOUND,
	    "a closed conflict cannot be resolved again");

	/* A conflict found before a push: the row held as 'conflict' counts
	 * once with its open conflict; keeping the local value makes the
	 * PSA's value the base and lets the row go. */
	exec_ok(db, "INSERT INTO outbox(id, entity, local_id, op, fields, state, "
	    "http_status, created_at, updated_at) VALUES (5, 'ticket', 1, "
	    "'update', '{\"status\":\"open\"}', 'conflict', 200, 0, 0); "
	    "INSERT INTO sync_shadow(entity, local_id, data, updated_at) VALUES "
	    "('ticket', 1, '{\"status\":\"open\"}', 0); "
	    "INSERT INTO sync_conflicts(id, entity, local_id, field, local_value, "
	    "remote_value, created_at) VALUES (8, 'ticket', 1, 'status', 'open', "
	    "'waiting', 0)");
	is_int(sync_summary(db, &s, &e), TP_OK, "summary");
	is_int(s.conflicts, 1, "a held row and its conflict count once");
	is_int(sync_conflict_resolve(db, 8, 1, &e), TP_OK, "keep the local value");
	is_int(one(db, "SELECT (SELECT state FROM outbox WHERE id = 5) = "
	    "'pending' AND (SELECT data ->> '$.status' FROM sync_shadow WHERE "
	    "entity = 'ticket' AND local_id = 1) = 'waiting'"), 1,
	    "the held row goes, and the PSA's value is the new base");

	/* The end of a run: an answer moves the last success; no error in
	 * it clears the last and the auth error. */
	exec_ok(db, "UPDATE sync_meta SET last_error = 'x', last_error_at = 1, "
	    "last_success_at = NULL; UPDATE sync_auth SET error = "
	    "'authentication failed: HTTP 401'");
	is_int(sync_note_run(db, 0, 0, &e), TP_OK, "a run with no answer");
	is_int(one(db, "SELECT last_error = 'x' AND (SELECT error FROM "
	    "sync_auth) IS NOT NULL FROM sync_meta"), 1, "changes nothing");
	is_int(sync_note_run(db, 3, 1, &e), TP_OK, "a run with an error");
	is_int(one(db, "SELECT last_error = 'x' AND (SELECT error FROM "
	    "sync_auth) IS NULL AND "
	    "last_success_at IS NOT NULL FROM sync_meta"), 1,
	    "keeps the last error; an answer clears the auth error");
	is_int(sync_note_run(db, 3, 0, &e), TP_OK, "a clean run");
	is_int(one(db, "SELECT last_error IS NULL FROM sync_meta"), 1,
	    "clears the last error");
	testdb_drop(db);
}

int
main(void)
{
	test_backoff();
	test_claim();
	test_breaker();
	test_summary_and_actions();
	return tap_done();
}
