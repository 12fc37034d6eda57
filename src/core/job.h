/*
 * job.h - durable deferred work: the `jobs` table.
 *
 * Jobs are enqueued by event_emit inside the change's transaction.  A
 * worker (`termpsa jobs run`, or the UI when idle) claims the oldest due
 * job with a 90 s lease, runs its handler and deletes it in one
 * transaction; on failure it backs off exponentially with jitter and after
 * max_attempts leaves the row failed, visible to a person.  Handlers must
 * be idempotent: at-least-once is the promise.
 *
 * Mechanism only: which jobs exist and what they do is the job table of
 * service/listeners.c, installed once per process with job_handlers_set
 * by the composition root (app.c).  The queue borrows that table.
 *
 * Why a job is named by its handler row and not by a string: code that
 * enqueues passes `const struct job_handler *`, and listener rows point at
 * rows of the same table, so a job nobody handles cannot be written (it
 * does not compile, or job_handlers_set/event_listeners_set refuse the
 * table at startup).  The row's name is still what is stored in jobs.name,
 * because rows outlive the binary: a job queued by one build is run by
 * the next, after a restart or a crash.  That name is therefore a durable
 * key like a column name: renaming a C function changes nothing, and
 * changing a name needs a migration (UPDATE jobs SET name).  The only
 * string lookup left is reading a stored row back; a row no handler
 * claims (a database from another build) fails visibly with last_error
 * and failed_at, never silently.
 */
#ifndef TP_JOB_H
#define TP_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

#define JOB_LEASE_SECONDS 90
#define JOB_MAX_ATTEMPTS  5

/* A kind of job: the name stored in jobs.name and the handler that runs
 * it, inside the transaction that deletes the row.  payload is the row's
 * JSON; the handler must be idempotent. */
struct job_handler {
	const char *name;
	int (*fn)(struct db *db, const char *payload, struct err *e);
};

/* Install the job table (borrowed; it must outlive the queue).  A row
 * without a name or a handler, or two rows with one name, is refused
 * (TP_INTERNAL) so that a broken table stops the program at startup. */
int job_handlers_set(const struct job_handler *rows, size_t n,
    struct err *e);

/* Whether h is a row of the installed table. */
int job_installed(const struct job_handler *h);

/* Enqueue a job of kind h (a row of the installed table, TP_INTERNAL
 * otherwise) with a JSON payload, due `delay` seconds from now. */
int job_enqueue(struct db *db, const struct job_handler *h,
    const char *payload, int delay, struct err *e);

/* The same, unless a job of kind h is already waiting (not failed, not
 * reserved by a worker): then that one is brought forward to the time
 * asked if it was due later, and nothing is added.  For jobs that mean
 * "look again" (scheduled maintenance), of which one waiting is enough:
 * a job re-enqueueing itself from its handler does not count itself, as
 * its own row is reserved. */
int job_enqueue_once(struct db *db, const struct job_handler *h,
    const char *payload, int delay, struct err *e);

/* Run up to max due jobs (max <= 0: all that are due).  *ran and *failed
 * count this call's work; a failing job is not an error of this call. */
int job_run(struct db *db, int max, int *ran, int *failed, struct err *e);

/* job_run for a loop that must never freeze between keys (the UI's idle
 * tick): it writes nothing when no job is due (one read, which WAL never
 * blocks), and when another connection holds the write lock it claims
 * nothing this time instead of waiting for it (a sync run or a command
 * writing beside the UI froze the screen for as long as it wrote, up to
 * DB_BUSY_MS, with every key unanswered).  A job it has claimed is run
 * to its end as job_run runs it. */
int job_run_idle(struct db *db, int max, int *ran, int *failed,
    struct err *e);

/* Jobs as rows (id, queue, name, payload, attempts, max_attempts,
 * available_at, reserved_at, failed_at, last_error); failed_only filters. */
int job_list(struct db *db, int failed_only, struct rows *out, struct err *e);

/* Whether a stored job name has a handler in the installed table. */
int job_known(const char *name);

#endif
