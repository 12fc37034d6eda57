/*
 * timeentry.h - time worked: logged entries and the running timer.
 *
 * Time is integer minutes.  An entry belongs to a ticket (billed through
 * the ticket) or to a project with no ticket (billed through the project).
 * Each user has at most one running timer (an entry with started_at set
 * and minutes NULL; a unique index enforces it).  Writes are units of work
 * that emit TimeLogged and recompute the client's unbilled amount.  Rows
 * returned are owned by the caller.
 */
#ifndef TP_TIMEENTRY_H
#define TP_TIMEENTRY_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

struct time_new {
	int64_t     ticket_id;     /* one of ticket_id / project_id */
	int64_t     project_id;
	int64_t     user_id;       /* required */
	int64_t     minutes;       /* 1..1440 */
	const char *work_date;     /* NULL: today */
	int         not_billable;
	const char *note;
};

/* Log finished work.  *id receives the entry's id.  A work_date after
 * today (the local date of clock_now) is TP_BADINPUT on field
 * "work_date". */
int time_log(struct db *db, const struct time_new *t, int64_t *id,
    struct err *e);

/* Start the user's timer on a ticket; refused while one runs (the
 * message names its ticket) and on a closed ticket.  No event: the entry
 * becomes TimeLogged when it stops. */
int time_start(struct db *db, int64_t ticket_id, int64_t user_id,
    int64_t *id, struct err *e);

/* Stop the user's running timer: minutes = elapsed rounded up to whole
 * minutes, then up to db->timer_rounding's increment (6: 7 min is 12), at
 * least 1; at most 1440 (one entry's limit, for a timer forgotten
 * overnight); emits TimeLogged.  TP_REFUSED when no timer runs. */
int time_stop(struct db *db, int64_t user_id, int64_t *id, int64_t *minutes,
    struct err *e);

/* Drop the user's running timer without logging anything (started by
 * mistake, or stopped after seconds); *ticket_id and *seconds say which
 * and how long it ran.  No event: a running timer never had one.
 * TP_REFUSED when no timer runs. */
int time_discard(struct db *db, int64_t user_id, int64_t *ticket_id,
    int64_t *seconds, struct err *e);

/* The user's running timer as 0 or 1 row: id, ticket_id, number, subject,
 * client_name, started_at, elapsed_seconds. */
int time_status(struct db *db, int64_t user_id, struct rows *out,
    struct err *e);

struct time_filter {
	int64_t ticket_id;     /* 0: any */
	int64_t project_id;    /* 0: any */
	int64_t user_id;       /* 0: any */
	int     uninvoiced;    /* only entries not yet on an invoice */
	int     limit;         /* 0: 100 */
};

/* id, ticket_id, number, project_id, project_name, user_id, user_name,
 * work_date, minutes, billable, invoice_id, invoice_number, billing
 * ("non-billable", else the invoice's number once invoiced, else
 * "running" or "billable"), note, created_at. */
int time_list(struct db *db, const struct time_filter *f, struct rows *out,
    struct err *e);

/* Minutes in rows from time_list: *total of every finished entry, and
 * *unbilled of those billing would bill (billable, on no invoice). */
void time_sum(const struct rows *r, int64_t *total, int64_t *unbilled);

#endif
