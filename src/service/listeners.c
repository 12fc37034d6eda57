/* listeners.c - see listeners.h.  The rows are domain.md's, row for row. */
#include <stdio.h>

#include "core/cache.h"
#include "core/clock.h"
#include "core/event.h"
#include "service/balance.h"
#include "service/listeners.h"
#include "service/notify.h"
#include "service/report.h"
#include "service/schedule.h"
#include "service/sla.h"

/* Jobs --------------------------------------------------------------------- */

static int
update_client_balance(struct db *db, const char *payload, struct err *e)
{
	int64_t client_id = 0;

	if (db_int(db, e, &client_id,
	    "SELECT json_extract(?1, '$.client_id')", "t", payload) != TP_OK ||
	    client_id == 0)
		return TP_OK;   /* an event about no client: nothing to do */
	return balance_recompute(db, client_id, e);
}

/* Indexed by the enum, so a listener row names its job by &jobs[JOB_...]:
 * a job that is not here does not compile, and an enum value left without
 * a row (name NULL) is refused by job_handlers_set at startup.  The names
 * are the ones stored in jobs.name: durable keys (see core/job.h), not to
 * be renamed without a migration. */
static const struct job_handler jobs[JOB__COUNT] = {
	[JOB_UPDATE_CLIENT_BALANCE] = { "update_client_balance", update_client_balance },
	[JOB_SEND_NOTIFICATIONS]    = { "send_notifications",    notify_job },
	[JOB_GENERATE_REPORTS]      = { "generate_reports",      report_job },
	[JOB_SCHEDULED_MAINTENANCE] = { "scheduled_maintenance", schedule_job },
	[JOB_CHECK_SLA]             = { "check_sla",             sla_check_job },
};

const struct job_handler *
listeners_job(enum listeners_job j)
{
	return j < JOB__COUNT ? &jobs[j] : NULL;
}

/* In-transaction listeners ------------------------------------------------ */

static int
init_asset_categories(struct db *db, const struct event *ev, int64_t evid,
    struct err *e)
{
	static const char *const cats[] = {
		"Workstation", "Server", "Network", "Printer", "Mobile", "Other"
	};

	(void)evid;
	for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
		if (db_exec(db, e,
		    "INSERT OR IGNORE INTO asset_categories(client_id, name, "
		    "created_at) VALUES (?1, ?2, ?3)", "iti",
		    ev->client_id, cats[i], clock_now()) != TP_OK)
			return e->code;
	}
	return TP_OK;
}

static int
log_activity(struct db *db, const struct event *ev, int64_t evid,
    struct err *e)
{
	char fallback[96];
	const char *line = ev->line;

	if (line == NULL) {
		snprintf(fallback, sizeof fallback, "%s %s #%lld",
		    event_name(ev->kind), ev->entity, (long long)ev->entity_id);
		line = fallback;
	}
	return db_exec(db, e,
	    "INSERT INTO activity(event_id, client_id, user_id, entity, "
	    "entity_id, line, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    "iIItiti", evid, ev->client_id, db->me, ev->entity, ev->entity_id,
	    line, clock_now());
}

static int
invalidate_client_cache(struct db *db, const struct event *ev, int64_t evid,
    struct err *e)
{
	(void)evid;
	return cache_invalidate_client(db, ev->client_id, e);
}

static int
queue_for_sync(struct db *db, const struct event *ev, int64_t evid,
    struct err *e)
{
	int64_t now = clock_now();

	(void)evid;
	return db_exec(db, e,
	    "INSERT INTO outbox(entity, local_id, op, fields, created_at, "
	    "updated_at) VALUES (?1, ?2, ?3, coalesce(?4, '{}'), ?5, ?5)",
	    "titti", ev->entity, ev->entity_id, ev->sync_op, ev->payload, now);
}

/* Resolving a maintenance ticket completes its maintenance and returns the
 * asset to service; for any other ticket there is nothing to do. */
static int
complete_maintenance(struct db *db, const struct event *ev, int64_t evid,
    struct err *e)
{
	int64_t now = clock_now();

	(void)evid;
	if (db_exec(db, e,
	    "UPDATE assets SET status = 'deployed', updated_at = ?2 "
	    "WHERE status = 'maintenance' AND id IN (SELECT asset_id FROM "
	    "asset_maintenance WHERE ticket_id = ?1 AND completed_at IS NULL)",
	    "ii", ev->entity_id, now) != TP_OK)
		return e->code;
	return db_exec(db, e,
	    "UPDATE asset_maintenance SET completed_at = ?2 "
	    "WHERE ticket_id = ?1 AND completed_at IS NULL",
	    "ii", ev->entity_id, now);
}

static int
update_asset_status(struct db *db, const struct event *ev, int64_t evid,
    struct err *e)
{
	(void)evid;
	return db_exec(db, e,
	    "UPDATE assets SET status = 'maintenance', updated_at = ?2 "
	    "WHERE id = ?1", "ii", ev->entity_id, clock_now());
}

/* The table ---------------------------------------------------------------- */

#define TX(fn)          (fn), NULL, 0
#define JOB(j, delay)   NULL, &jobs[j], (delay)

static const struct event_listener table[] = {
	/* match           event                           listener                     runs */
	{ EVENT_ON_KIND,   EV_CLIENT_CREATED,              "InitializeAssetCategories", TX(init_asset_categories) },
	{ EVENT_ON_EVERY,  0,                              "LogActivity",               TX(log_activity) },
	{ EVENT_ON_CLIENT, 0,                              "InvalidateClientCache",     TX(invalidate_client_cache) },
	{ EVENT_ON_SYNC,   0,                              "QueueForSync",              TX(queue_for_sync) },
	{ EVENT_ON_KIND,   EV_TICKET_RESOLVED,             "UpdateClientBalance",       JOB(JOB_UPDATE_CLIENT_BALANCE, 0) },
	{ EVENT_ON_KIND,   EV_TICKET_RESOLVED,             "CompleteMaintenance",       TX(complete_maintenance) },
	{ EVENT_ON_KIND,   EV_PAYMENT_RECEIVED,            "UpdateClientBalance",       JOB(JOB_UPDATE_CLIENT_BALANCE, 5) },
	{ EVENT_ON_KIND,   EV_INVOICE_CREATED,             "SendNotifications",         JOB(JOB_SEND_NOTIFICATIONS, 0) },
	{ EVENT_ON_KIND,   EV_INVOICE_CREATED,             "GenerateReports",           JOB(JOB_GENERATE_REPORTS, 0) },
	{ EVENT_ON_KIND,   EV_INVOICE_PAID,                "GenerateReports",           JOB(JOB_GENERATE_REPORTS, 0) },
	/* Not in domain.md's table, which left the report stale after a
	 * partial payment or a cancel: every change to what it sums. */
	{ EVENT_ON_KIND,   EV_PAYMENT_RECEIVED,            "GenerateReports",           JOB(JOB_GENERATE_REPORTS, 0) },
	{ EVENT_ON_KIND,   EV_INVOICE_CANCELLED,           "GenerateReports",           JOB(JOB_GENERATE_REPORTS, 0) },
	{ EVENT_ON_KIND,   EV_INVOICE_PAID,                "SendNotifications",         JOB(JOB_SEND_NOTIFICATIONS, 0) },
	{ EVENT_ON_KIND,   EV_ASSET_MAINTENANCE_SCHEDULED, "UpdateAssetStatus",         TX(update_asset_status) },
	/* SLA clocks (issue 14): a change to a ticket rechecks it at once,
	 * and the check queues a job for the ticket's next due time. */
	{ EVENT_ON_KIND,   EV_TICKET_CREATED,              "CheckSla",                  TX(sla_check_event) },
	{ EVENT_ON_KIND,   EV_TICKET_UPDATED,              "CheckSla",                  TX(sla_check_event) },
	{ EVENT_ON_KIND,   EV_TICKET_NOTE_ADDED,           "CheckSla",                  TX(sla_check_event) },
	{ EVENT_ON_KIND,   EV_TICKET_RESOLVED,             "CheckSla",                  TX(sla_check_event) },
	{ EVENT_ON_KIND,   EV_TICKET_CLOSED,               "CheckSla",                  TX(sla_check_event) },
	{ EVENT_ON_KIND,   EV_TICKET_SLA_BREACHED,         "SendNotifications",         JOB(JOB_SEND_NOTIFICATIONS, 0) },
};

int
listeners_install(struct err *e)
{
	if (job_handlers_set(jobs, JOB__COUNT, e) != TP_OK)
		return e->code;
	return event_listeners_set(table, sizeof table / sizeof table[0], e);
}
