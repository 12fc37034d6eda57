/*
 * sla.h - SLA clocks (issue 14): per ticket, when a first response and a
 * resolution are due, and whether either target was missed.
 *
 * The policy is the config's sla: section (a business calendar and a
 * response and a resolution target per priority), installed once per
 * process by sla_configure.  Clocks count business time only
 * (core/bizcal.c), from the ticket's creation, and stop while the ticket
 * is waiting or scheduled (and while it is resolved or closed; reopening
 * restarts them), from the ticket's status history (ticket_status_log, kept by
 * triggers: schema/0012_sla.sql).  The response is the first public note
 * or the first status other than open; the resolution is the moment the
 * ticket last became resolved or closed.
 *
 * Everything is computed when read, from clock_now() (TERMPSA_NOW), so a
 * read writes nothing and is never stale.  The one write is the breach
 * check, which raises TicketSlaBreached once per ticket and target
 * (sla_breaches' primary key): it runs in the transaction of every change
 * to a ticket (sla_check_event) and as a job queued for the ticket's next
 * due time (sla_check_job), since a clock can run out with no change at
 * all.  A job rather than a check at read time because reads write
 * nothing (and work on a read-only database).
 *
 * For SQL (the filter language, sorts): sla_sql_install adds two
 * functions to a connection, both about the ticket with id X, as of
 * clock_now():
 *   sla_due(X)      the unix time of the ticket's next unmet target
 *                   (the earlier of the two), or NULL when both are met or
 *                   its clocks are stopped (waiting): "time to breach" is
 *                   sla_due(t.id) - now, negative once breached.
 *   sla_breached(X) 1 when a target was missed (met late or overdue),
 *                   else 0.
 * So `sla:breached` is "sla_breached(t.id) = 1" and `sla:<2h` is
 * "sla_due(t.id) < ?now + 7200" with ?now = clock_now() bound.
 */
#ifndef TP_SLA_H
#define TP_SLA_H

#include <stdint.h>

#include "core/config.h"
#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

enum sla_target { SLA_RESPONSE, SLA_RESOLVE };

/* One ticket's clocks as of a moment.  Times are unix seconds, 0 = none. */
struct sla_clock {
	int64_t due_at[2];      /* by enum sla_target; while the clock is
	                           stopped, when it would fall due if it
	                           restarted now */
	int64_t met_at[2];      /* the response / the resolution, or 0 */
	int     breached[2];    /* missed: met after due_at, or overdue */
	int     paused;         /* the ticket is waiting (or done) */
	int64_t next_due_at;    /* the earlier unmet due_at while running */
};

/* Install the policy (copied; bad values were refused by config_load, so
 * an error here is TP_INTERNAL).  Until called, the defaults apply. */
int sla_configure(const struct config_sla *cfg, struct err *e);

/* Free what sla_configure allocated (the holidays). */
void sla_release(void);

/* The clocks of ticket id as of now.  TP_NOTFOUND for no such ticket. */
int sla_ticket(struct db *db, int64_t id, int64_t now, struct sla_clock *out,
    struct err *e);

/* Append the columns sla_response_due_at, sla_resolve_due_at (unix
 * seconds, shown as ISO by the JSON writer) and sla_breached (0/1) to
 * rows that have an "id" column of tickets, as of clock_now(). */
int sla_annotate(struct db *db, struct rows *r, struct err *e);

/* The same for a list's rows (the queue's SLA column): sla_due_at, the
 * next unmet target's due time as sla_due(id) gives it (NULL while no
 * clock runs), sla_breached (0/1) and sla_state: "running", "waiting"
 * (clocks stopped) or "met" (resolved or closed). */
int sla_annotate_next(struct db *db, struct rows *r, struct err *e);

/* Tickets of client_id (0: all) not resolved or closed whose SLA is
 * breached, into *n. */
int sla_count_breached(struct db *db, int64_t client_id, int64_t *n,
    struct err *e);

/* Add sla_due(X) and sla_breached(X) to db's connection (see above). */
int sla_sql_install(struct db *db, struct err *e);

/* Remove them again, finalizing their statements: before db_close, which
 * cannot close a connection whose statements are still open. */
void sla_sql_uninstall(struct db *db);

/* The CheckSla job: payload {"ticket_id": N}, queued by the check itself.  Raises TicketSlaBreached for each newly missed target and
 * queues itself again for the ticket's next due time. */
int sla_check_job(struct db *db, const char *payload, struct err *e);

/* The CheckSla listener (in the transaction of every ticket change): the
 * same check for the ticket the event is about, so a change queues no
 * job unless the ticket's next due time needs one. */
struct event;
int sla_check_event(struct db *db, const struct event *ev, int64_t evid,
    struct err *e);

/* Breach is "due < end", so the check looks one second after due. */
#define SLA_CHECK_AFTER 1

#endif
