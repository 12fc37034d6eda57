/*
 * listeners.h - the one table that ties events to what they cause: which
 * listener hears which event (domain.md "Events and listeners", row for
 * row) and which jobs exist and what runs them.
 *
 * core/event.c and core/job.c are the mechanism (the bus and the queue);
 * this module owns the policy rows and the listener functions, and
 * listeners_install hands both tables to the mechanism.  The tables are
 * static: nothing here allocates.
 */
#ifndef TP_LISTENERS_H
#define TP_LISTENERS_H

#include <stddef.h>

#include "core/err.h"
#include "core/job.h"

/* The jobs that exist.  Code that enqueues one names it by this enum
 * (listeners_job), never by its stored name. */
enum listeners_job {
	JOB_UPDATE_CLIENT_BALANCE,
	JOB_SEND_NOTIFICATIONS,
	JOB_GENERATE_REPORTS,
	JOB_SCHEDULED_MAINTENANCE,   /* service/schedule.c: recurring tickets */
	JOB_CHECK_SLA,
	JOB__COUNT
};

/* Install the job table and the listener table into core/job.c and
 * core/event.c.  Once per process before the first event (app_db does
 * it; calling it again is harmless).  TP_INTERNAL when a table is broken
 * (a job without a name or handler, a listener whose job is not in the
 * job table): a startup error, never a miss at run time. */
int listeners_install(struct err *e);

/* The row of job j, for job_enqueue. */
const struct job_handler *listeners_job(enum listeners_job j);

#endif
