/*
 * schedule.h - recurring maintenance (issue 14, part 3): an asset's
 * schedules (every N days, weeks or months from a first date) and the job
 * that makes each occurrence's maintenance ticket (domain.md scenario 4,
 * through asset_schedule_maintenance) `lead` days before its date.
 *
 * The job is idempotent per occurrence: the table maintenance_occurrences
 * (schema/0009_schedules.sql) has one row per schedule and date, claimed
 * before the ticket is made, so two workers, a rerun or a clock moved back
 * never make an occurrence twice.  Coming back after a long time offline,
 * the job makes only the occurrences still ahead, and the latest one whose
 * date has passed while its period is still open (the next occurrence has
 * not come yet); the older ones are skipped, counted, and said in the
 * activity log.
 *
 * Month arithmetic: occurrence k is always counted from the first date, a
 * day past the end of a shorter month landing on its last day (the 31st
 * every month: Jan 31, Feb 28, Mar 31, Apr 30).
 *
 * Every function that writes is one unit of work (its own transaction, a
 * savepoint when nested).  Strings in requests are borrowed; rows returned
 * are the caller's (rows_free).
 */
#ifndef TP_SCHEDULE_H
#define TP_SCHEDULE_H

#include <stdint.h>

#include "core/clock.h"
#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

#define SCHEDULE_LEAD_DEFAULT 7     /* days, as scenario 4's default due */
#define SCHEDULE_LEAD_MAX     365

struct schedule_new {
	int64_t     asset_id;
	const char *every;         /* "3m", "2w", "30d" (required) */
	const char *first;         /* YYYY-MM-DD; NULL: today + lead */
	const char *lead;          /* "7d", "2w" or "7"; NULL: 7 days */
	const char *type;          /* asset_maintenance_types; NULL: preventive */
	const char *description;   /* NULL: the ticket's default body */
};

/* Parsers that name `what` (an option such as "--every", or a field) in
 * their TP_BADINPUT message; the error's field is "every", "lead" or
 * "first" (struct schedule_new's members) for a form to focus. */
int schedule_parse_every(const char *s, const char *what, int *n,
    char *unit, struct err *e);
int schedule_parse_lead(const char *s, const char *what, int *days,
    struct err *e);
int schedule_check_first(const char *s, const char *what, struct err *e);

/* Add a schedule to an asset (not retired or lost).  A first date in the
 * past is an anchor: the first occurrence made is the first from today
 * on.  Enqueues the job, due now, that makes the tickets.  *id gets the
 * new schedule's id. */
int schedule_add(struct db *db, const struct schedule_new *s, int64_t *id,
    struct err *e);

/* Remove a schedule.  The tickets it made stay (they are real work). */
int schedule_remove(struct db *db, int64_t id, struct err *e);

/* id, asset_id, asset_name, client_id, every, every_n, every_unit,
 * first_on, lead_days, maintenance_type, description, next_on (the next
 * occurrence to be made), make_on (when its ticket will be made), made
 * (tickets made so far), last_ticket_id; by asset then id.  asset_id 0:
 * every asset's. */
int schedule_list(struct db *db, int64_t asset_id, struct rows *out,
    struct err *e);

/* One schedule, as a row of schedule_list. */
int schedule_get(struct db *db, int64_t id, struct rows *out,
    struct err *e);

/* The job (a row of service/listeners.c's table): make every occurrence
 * whose day to be made has come, then enqueue itself again for the next
 * such day.  The payload is unused. */
int schedule_job(struct db *db, const char *payload, struct err *e);

/* What the job did in this process since the last call (occurrences made
 * and skipped), for `termpsa jobs run` to say; the counters are reset. */
void schedule_tally_take(int *made, int *skipped);

/* Occurrence k of a schedule starting on first (for tests too). */
void schedule_occurrence(const char *first, int n, char unit, int64_t k,
    char out[CLOCK_DATE_LEN]);

#endif
