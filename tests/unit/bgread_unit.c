/*
 * tests/bgread_unit.c - the background reader (newest request wins,
 * stale results dropped, errors carried, arguments freed once, the wake-up
 * descriptor, which a stale result wakes only once) and db_set_interrupt
 * (a read gives way; a write never does).
 */
#include <poll.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bgread.h"
#include "core/db.h"
#include "core/rows.h"
#include "tap.h"
#include "testdb.h"

static int freed;
static _Atomic int started;     /* reads begun by the worker */

static void
count_free(void *arg)
{
	freed++;
	free(arg);
}

/* A read returning one row: the number it was given, after a pause long
 * enough that the next request arrives while it runs. */
static int
echo_read(struct db *db, const void *arg, struct rows *out, struct err *e)
{
	started++;
	usleep(100 * 1000);
	return rows_query(db, out, e, "SELECT ?1 AS n", "i",
	    *(const int64_t *)arg);
}

static int
failing_read(struct db *db, const void *arg, struct rows *out,
    struct err *e)
{
	(void)arg;
	return rows_query(db, out, e, "SELECT * FROM no_such_table", NULL);
}

static void *
num(int64_t n)
{
	int64_t *p = malloc(sizeof *p);

	*p = n;
	return p;
}

/* Wait (at most 5 s) until the worker has begun n reads. */
static void
wait_started(int n)
{
	for (int i = 0; i < 500 && started < n; i++)
		usleep(10 * 1000);
}

/* Wait (at most 5 s) for the descriptor, then take seq. */
static int
wait_take(struct bgread *b, uint64_t seq, int *rc, struct rows *out,
    struct err *e)
{
	struct pollfd p = { bgread_fd(b), POLLIN, 0 };

	for (int i = 0; i < 50; i++) {
		if (bgread_poll(b, seq, rc, out, e) == BGREAD_DONE)
			return 1;
		(void)poll(&p, 1, 100);
	}
	return 0;
}

static void
newest_wins(struct db *db)
{
	struct bgread *b = NULL;
	struct err e = ERR_INIT;
	struct rows r = { 0 };
	uint64_t s1, s2, s3;
	int rc = -1;

	if (!ok(bgread_start(db->path, db, &b, &e) == TP_OK,
	    "bgread: starts on a database"))
		return;
	freed = 0;
	started = 0;
	s1 = bgread_submit(b, echo_read, num(1), count_free);
	wait_started(1);                /* s1 is running now */
	s2 = bgread_submit(b, echo_read, num(2), count_free);
	s3 = bgread_submit(b, echo_read, num(3), count_free);
	ok(s1 < s2 && s2 < s3, "bgread: request numbers grow");
	is_int(freed, 1, "bgread: a waiting request replaced by a newer one "
	    "is freed at once");
	ok(bgread_poll(b, s3, &rc, &r, &e) == BGREAD_BUSY,
	    "bgread: the newest request is busy");
	ok(bgread_poll(b, s2, &rc, &r, &e) == BGREAD_GONE,
	    "bgread: the replaced one is gone");
	ok(wait_take(b, s3, &rc, &r, &e), "bgread: the newest result arrives");
	is_int(rc, TP_OK, "bgread: its status");
	is_int(r.n == 1 ? rows_int(&r, 0, "n") : -1, 3,
	    "bgread: its rows are the newest request's");
	rows_free(&r);
	memset(&r, 0, sizeof r);
	is_int(freed, 3, "bgread: every argument freed exactly once");
	ok(bgread_poll(b, s1, &rc, &r, &e) == BGREAD_GONE,
	    "bgread: a stale result is not handed out");
	ok(bgread_poll(b, s3, &rc, &r, &e) == BGREAD_GONE,
	    "bgread: nothing busy once taken");

	s1 = bgread_submit(b, failing_read, num(0), count_free);
	ok(wait_take(b, s1, &rc, &r, &e), "bgread: a failing read reports");
	is_int(rc, TP_IO, "bgread: with the read's error code");
	ok(strstr(e.msg, "no_such_table") != NULL, "bgread: and its message");
	rows_free(&r);
	memset(&r, 0, sizeof r);

	/* Stopping while a read runs waits for it and frees what waits. */
	freed = 0;
	started = 0;
	(void)bgread_submit(b, echo_read, num(4), count_free);
	wait_started(1);
	(void)bgread_submit(b, echo_read, num(5), count_free);
	bgread_stop(b);
	is_int(freed, 2, "bgread: stop frees the running and the waiting "
	    "request");
}

static int
readable(struct bgread *b, int ms)
{
	struct pollfd p = { bgread_fd(b), POLLIN, 0 };

	return poll(&p, 1, ms) == 1;
}

/* The UI sleeps on the descriptor while its read runs: a stale result
 * landing meanwhile must wake it once, not keep it awake (it used to
 * spin, redrawing its prompt, until the newer read was done). */
static void
stale_wakes_once(struct db *db)
{
	struct bgread *b = NULL;
	struct err e = ERR_INIT;
	struct rows r = { 0 };
	uint64_t s1, s2;
	int rc = -1;

	if (!ok(bgread_start(db->path, db, &b, &e) == TP_OK,
	    "bgread: starts again"))
		return;
	started = 0;
	s1 = bgread_submit(b, echo_read, num(1), count_free);
	wait_started(1);
	s2 = bgread_submit(b, echo_read, num(2), count_free);
	ok(readable(b, 5000), "bgread: the stale result wakes the caller");
	ok(bgread_poll(b, s2, &rc, &r, &e) == BGREAD_BUSY,
	    "bgread: the newer read still runs");
	ok(!readable(b, 0), "bgread: and the descriptor is quiet again");
	ok(bgread_poll(b, s1, &rc, &r, &e) == BGREAD_GONE,
	    "bgread: the stale result was dropped on the way");
	ok(wait_take(b, s2, &rc, &r, &e) && rc == TP_OK &&
	    r.n == 1 && rows_int(&r, 0, "n") == 2,
	    "bgread: the newer result still arrives");
	rows_free(&r);
	bgread_stop(b);
}

static int calls;

static int
stop_after_some(void *arg)
{
	(void)arg;
	return ++calls > 20;
}

static void
interrupt_reads_only(struct db *db)
{
	struct err e = ERR_INIT;
	int64_t n = 0;
	const char *count = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
	    "SELECT x + 1 FROM c WHERE x < 3000000) SELECT count(*) FROM c";

	calls = 0;
	db_set_interrupt(db, stop_after_some, NULL);
	ok(db_int(db, &e, &n, count, NULL) != TP_OK,
	    "interrupt: a long read stops when the check says so");
	ok(db_interrupted(db), "interrupt: db_interrupted says why");
	ok(strstr(e.msg, "interrupted") != NULL, "interrupt: the message");

	calls = 0;
	err_clear(&e);
	db_set_interrupt(db, stop_after_some, NULL);
	ok(db_begin(db, &e) == TP_OK, "interrupt: begin");
	ok(db_int(db, &e, &n, count, NULL) == TP_OK && n == 3000000,
	    "interrupt: inside a transaction the work is never stopped");
	ok(!db_interrupted(db), "interrupt: and not marked interrupted");
	db_rollback(db);

	db_set_interrupt(db, NULL, NULL);
	calls = 0;
	ok(db_int(db, &e, &n, count, NULL) == TP_OK && calls == 0,
	    "interrupt: cleared, the check is not asked");
}

int
main(void)
{
	struct db *db = testdb_open("bgread");

	if (db == NULL)
		return 1;
	newest_wins(db);
	stale_wakes_once(db);
	interrupt_reads_only(db);
	testdb_drop(db);
	return tap_done();
}
