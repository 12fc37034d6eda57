/*
 * job.h - durable deferred work: the `jobs` table.
 *
 * Jobs are enqueued by event_emit inside the change's transaction.  A
 * worker (`termpsa jobs run`, or the UI when idle) claims the oldest due
 * job with a 90 s lease, runs its handler and deletes it in one
 * transaction; on failure it backs off exponentially with jitter and after
 * max_attempts leaves the row failed, visible to a person.  Handlers must
 * be idempotent: at-least-once is the promise.  Handlers are one table in
 * job.c keyed by name.
 */
#ifndef TP_JOB_H
#define TP_JOB_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

#define JOB_LEASE_SECONDS 90
#define JOB_MAX_ATTEMPTS  5

/* Enqueue `name` with a JSON payload, due `delay` seconds from now. */
int job_enqueue(struct db *db, const char *name, const char *payload,
    int delay, struct err *e);

/* Run up to max due jobs (max <= 0: all that are due).  *ran and *failed
 * count this call's work; a failing job is not an error of this call. */
int job_run(struct db *db, int max, int *ran, int *failed, struct err *e);

/* Jobs as rows (id, queue, name, payload, attempts, max_attempts,
 * available_at, reserved_at, failed_at, last_error); failed_only filters. */
int job_list(struct db *db, int failed_only, struct rows *out, struct err *e);

/* Whether a job name has a handler (tests). */
int job_known(const char *name);

#endif
