/* job.c - see job.h.  Mechanism only: the rows are service/listeners.c's. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/job.h"

/* The installed table (service/listeners.c's, set by app.c). */
static const struct job_handler *handlers;
static size_t handlers_n;

int
job_handlers_set(const struct job_handler *rows, size_t n, struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		if (rows[i].name == NULL || *rows[i].name == '\0' ||
		    rows[i].fn == NULL)
			return err_set(e, TP_INTERNAL, "job row %zu has no name or "
			    "no handler", i);
		for (size_t j = 0; j < i; j++)
			if (strcmp(rows[i].name, rows[j].name) == 0)
				return err_set(e, TP_INTERNAL, "two job rows are "
				    "named %s", rows[i].name);
	}
	handlers = rows;
	handlers_n = n;
	return TP_OK;
}

int
job_installed(const struct job_handler *h)
{
	for (size_t i = 0; i < handlers_n; i++)
		if (h == &handlers[i])
			return 1;
	return 0;
}

/* Reading a stored row back is the one lookup by name (see job.h). */
static const struct job_handler *
find(const char *name)
{
	for (size_t i = 0; i < handlers_n; i++)
		if (strcmp(handlers[i].name, name) == 0)
			return &handlers[i];
	return NULL;
}

int
job_known(const char *name)
{
	return find(name) != NULL;
}

int
job_enqueue(struct db *db, const struct job_handler *h, const char *payload,
    int delay, struct err *e)
{
	int64_t now = clock_now();

	if (!job_installed(h))
		return err_set(e, TP_INTERNAL, "job %s is not in the job table",
		    h != NULL && h->name != NULL ? h->name : "(null)");
	return db_exec(db, e,
	    "INSERT INTO jobs(name, payload, available_at, max_attempts, "
	    "created_at) VALUES (?1, coalesce(?2, '{}'), ?3, ?4, ?5)",
	    "ttiii", h->name, payload, now + delay, (int64_t)JOB_MAX_ATTEMPTS, now);
}

int
job_enqueue_once(struct db *db, const struct job_handler *h,
    const char *payload, int delay, struct err *e)
{
	if (!job_installed(h))
		return job_enqueue(db, h, payload, delay, e);
	if (db_exec(db, e, "UPDATE jobs SET available_at = min(available_at, "
	    "?2) WHERE name = ?1 AND failed_at IS NULL AND reserved_at IS NULL",
	    "ti", h->name, clock_now() + delay) != TP_OK)
		return e->code;
	if (db_changes(db) > 0)
		return TP_OK;
	return job_enqueue(db, h, payload, delay, e);
}

struct claimed {
	int64_t id;
	char   *name;
	char   *payload;
	int64_t attempts;
	int64_t max_attempts;
};

/* Claim the oldest due job: 1 claimed, 0 none due, -1 error. */
static int
claim(struct db *db, struct claimed *c, struct err *e)
{
	static const char sql[] =
	    "UPDATE jobs SET reserved_at = ?1, attempts = attempts + 1 "
	    "WHERE id = (SELECT id FROM jobs WHERE failed_at IS NULL "
	    "  AND available_at <= ?1 AND (reserved_at IS NULL OR "
	    "  reserved_at < ?1 - ?2) ORDER BY available_at, id LIMIT 1) "
	    "RETURNING id, name, payload, attempts, max_attempts";
	sqlite3_stmt *st;
	int rc, found = 0;

	if (db_begin(db, e) != TP_OK)
		return -1;
	st = db_prepare(db, e, sql, "ii", clock_now(),
	    (int64_t)JOB_LEASE_SECONDS);
	if (st == NULL || (rc = db_step(db, st, e)) < 0) {
		db_rollback(db);
		return -1;
	}
	if (rc == SQLITE_ROW) {
		found = 1;
		c->id = sqlite3_column_int64(st, 0);
		c->name = xstrdup((const char *)sqlite3_column_text(st, 1));
		c->payload = xstrdup((const char *)sqlite3_column_text(st, 2));
		c->attempts = sqlite3_column_int64(st, 3);
		c->max_attempts = sqlite3_column_int64(st, 4);
		while (db_step(db, st, e) == SQLITE_ROW)
			;
	}
	sqlite3_reset(st);
	if (db_commit(db, e) != TP_OK) {
		if (found) {
			free(c->name);
			free(c->payload);
		}
		return -1;
	}
	return found;
}

/* Full jitter over an exponential ceiling: 0..min(300, 2^attempts) s. */
static int64_t
backoff(int64_t attempts)
{
	int64_t ceil = attempts >= 9 ? 300 : (int64_t)1 << attempts;

	if (ceil > 300)
		ceil = 300;
	return 1 + (int64_t)(random() % (ceil + 1));
}

static int
finish_failed(struct db *db, const struct claimed *c, const char *why,
    struct err *e)
{
	int64_t now = clock_now();
	int dead = c->attempts >= c->max_attempts;

	return db_exec(db, e,
	    "UPDATE jobs SET reserved_at = NULL, last_error = ?2, "
	    "available_at = ?3, failed_at = CASE WHEN ?4 THEN ?5 END WHERE id = ?1",
	    "itiii", c->id, why, now + backoff(c->attempts), (int64_t)dead, now);
}

static int
run_one(struct db *db, const struct claimed *c, int *failed, struct err *e)
{
	const struct job_handler *h = find(c->name);
	struct err je = ERR_INIT;
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (h == NULL)
		rc = err_set(&je, TP_INTERNAL, "no handler for job '%s'", c->name);
	else
		rc = h->fn(db, c->payload, &je);
	if (rc == TP_OK)
		rc = db_exec(db, &je, "DELETE FROM jobs WHERE id = ?1", "i", c->id);
	if (rc == TP_OK)
		return db_commit(db, e);
	db_rollback(db);
	(*failed)++;
	return finish_failed(db, c, je.msg, e);
}

/* The backoff's jitter differs between processes. */
static void
seed_once(void)
{
	static int seeded;

	if (!seeded) {
		srandom((unsigned)(getpid() ^ clock_now()));
		seeded = 1;
	}
}

/* Whether any job is due now (not failed, lease free): a read. */
static int
any_due(struct db *db, struct err *e)
{
	int64_t n = 0;

	if (db_int(db, e, &n, "SELECT count(*) FROM (SELECT 1 FROM jobs "
	    "WHERE failed_at IS NULL AND available_at <= ?1 AND (reserved_at "
	    "IS NULL OR reserved_at < ?1 - ?2) LIMIT 1)", "ii", clock_now(),
	    (int64_t)JOB_LEASE_SECONDS) != TP_OK)
		return -1;
	return n > 0;
}

/* The next due job claimed (1), none (0) or an error (-1).  When idle,
 * nothing is written unless a job is due, and a write lock another
 * connection holds means none this time rather than a wait. */
static int
claim_next(struct db *db, int idle, struct claimed *c, struct err *e)
{
	int got;

	if (!idle)
		return claim(db, c, e);
	if ((got = any_due(db, e)) <= 0)
		return got;
	db_busy_wait(db, 0);
	got = claim(db, c, e);
	db_busy_wait(db, DB_BUSY_MS);
	if (got < 0 && sqlite3_errcode(db->h) == SQLITE_BUSY) {
		err_clear(e);
		return 0;
	}
	return got;
}

static int
run_jobs(struct db *db, int max, int idle, int *ran, int *failed,
    struct err *e)
{
	struct claimed c;
	int got;

	seed_once();
	*ran = *failed = 0;
	if (handlers == NULL)
		return err_set(e, TP_INTERNAL, "no job table installed");
	while (max <= 0 || *ran < max) {
		got = claim_next(db, idle, &c, e);
		if (got < 0)
			return e->code;
		if (got == 0)
			break;
		(*ran)++;
		got = run_one(db, &c, failed, e);
		free(c.name);
		free(c.payload);
		if (got != TP_OK)
			return got;
	}
	return TP_OK;
}

int
job_run(struct db *db, int max, int *ran, int *failed, struct err *e)
{
	return run_jobs(db, max, 0, ran, failed, e);
}

int
job_run_idle(struct db *db, int max, int *ran, int *failed, struct err *e)
{
	return run_jobs(db, max, 1, ran, failed, e);
}

int
job_list(struct db *db, int failed_only, struct rows *out, struct err *e)
{
	return rows_query(db, out, e,
	    "SELECT id, queue, name, payload, attempts, max_attempts, "
	    "available_at, reserved_at, failed_at, last_error FROM jobs "
	    "WHERE (?1 = 0 OR failed_at IS NOT NULL) ORDER BY available_at, id",
	    "i", (int64_t)failed_only);
}
