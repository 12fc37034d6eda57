/* event.c - see event.h.  The listener table is domain.md's, row for row. */
#include <stdio.h>
#include <string.h>

#include "core/cache.h"
#include "core/clock.h"
#include "core/event.h"
#include "core/job.h"
#include "service/balance.h"

static const char *const names[EV__COUNT] = {
	[EV_CLIENT_CREATED] = "ClientCreated",
	[EV_CLIENT_UPDATED] = "ClientUpdated",
	[EV_CLIENT_DELETED] = "ClientDeleted",
	[EV_CONTACT_CREATED] = "ContactCreated",
	[EV_LOCATION_CREATED] = "LocationCreated",
	[EV_USER_CREATED] = "UserCreated",
	[EV_TICKET_CREATED] = "TicketCreated",
	[EV_TICKET_UPDATED] = "TicketUpdated",
	[EV_TICKET_NOTE_ADDED] = "TicketNoteAdded",
	[EV_TICKET_RESOLVED] = "TicketResolved",
	[EV_TICKET_CLOSED] = "TicketClosed",
	[EV_TICKET_DELETED] = "TicketDeleted",
	[EV_TIME_LOGGED] = "TimeLogged",
	[EV_ASSET_CREATED] = "AssetCreated",
	[EV_ASSET_UPDATED] = "AssetUpdated",
	[EV_ASSET_MAINTENANCE_SCHEDULED] = "AssetMaintenanceScheduled",
	[EV_PROJECT_CREATED] = "ProjectCreated",
	[EV_PROJECT_EXPENSE_ADDED] = "ProjectExpenseAdded",
	[EV_INVOICE_CREATED] = "InvoiceCreated",
	[EV_INVOICE_SENT] = "InvoiceSent",
	[EV_INVOICE_PAID] = "InvoicePaid",
	[EV_INVOICE_CANCELLED] = "InvoiceCancelled",
	[EV_PAYMENT_RECEIVED] = "PaymentReceived",
	[EV_ACCOUNT_CREATED] = "AccountCreated",
	[EV_ACCOUNT_DELETED] = "AccountDeleted",
	[EV_CONTACT_UPDATED] = "ContactUpdated",
	[EV_LOCATION_UPDATED] = "LocationUpdated",
};

const char *
event_name(enum event_kind kind)
{
	return kind < EV__COUNT && names[kind] ? names[kind] : "Unknown";
}

/* In-transaction listeners ------------------------------------------------ */

typedef int (*listener_fn)(struct db *, const struct event *, int64_t,
    struct err *);

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

enum match { ON_KIND, ON_EVERY, ON_CLIENT, ON_SYNC };
enum mode { IN_TX, AS_JOB };

struct listener {
	enum match       match;
	enum event_kind  kind;      /* for ON_KIND */
	const char      *name;
	enum mode        mode;
	int              delay;     /* seconds, AS_JOB */
	listener_fn      fn;        /* IN_TX */
	const char      *job;       /* AS_JOB: handler name in job.c */
};

static const struct listener listeners[] = {
	/* match      event                            listener                     mode    delay */
	{ ON_KIND,   EV_CLIENT_CREATED,               "InitializeAssetCategories", IN_TX,  0, init_asset_categories, NULL },
	{ ON_EVERY,  0,                               "LogActivity",               IN_TX,  0, log_activity, NULL },
	{ ON_CLIENT, 0,                               "InvalidateClientCache",     IN_TX,  0, invalidate_client_cache, NULL },
	{ ON_SYNC,   0,                               "QueueForSync",              IN_TX,  0, queue_for_sync, NULL },
	{ ON_KIND,   EV_TICKET_RESOLVED,              "UpdateClientBalance",       AS_JOB, 0, NULL, "update_client_balance" },
	{ ON_KIND,   EV_TICKET_RESOLVED,              "CompleteMaintenance",       IN_TX,  0, complete_maintenance, NULL },
	{ ON_KIND,   EV_PAYMENT_RECEIVED,             "UpdateClientBalance",       AS_JOB, 5, NULL, "update_client_balance" },
	{ ON_KIND,   EV_INVOICE_CREATED,              "SendNotifications",         AS_JOB, 0, NULL, "send_notifications" },
	{ ON_KIND,   EV_INVOICE_CREATED,              "GenerateReports",           AS_JOB, 0, NULL, "generate_reports" },
	{ ON_KIND,   EV_INVOICE_PAID,                 "GenerateReports",           AS_JOB, 0, NULL, "generate_reports" },
	{ ON_KIND,   EV_INVOICE_PAID,                 "SendNotifications",         AS_JOB, 0, NULL, "send_notifications" },
	{ ON_KIND,   EV_ASSET_MAINTENANCE_SCHEDULED,  "UpdateAssetStatus",         IN_TX,  0, update_asset_status, NULL },
};

static int
matches(const struct listener *l, const struct event *ev)
{
	switch (l->match) {
	case ON_KIND:   return l->kind == ev->kind;
	case ON_EVERY:  return 1;
	case ON_CLIENT: return ev->client_id != 0;
	case ON_SYNC:   return ev->sync_op != NULL;
	}
	return 0;
}

static int
enqueue(struct db *db, const struct listener *l, const struct event *ev,
    int64_t evid, struct err *e)
{
	return db_exec(db, e,
	    "INSERT INTO jobs(name, payload, available_at, max_attempts, "
	    "created_at) VALUES (?1, json_object('event_id', ?2, 'event', ?3, "
	    "'entity', ?4, 'entity_id', ?5, 'client_id', ?6, 'data', "
	    "json(coalesce(?7, '{}'))), ?8, ?9, ?10)",
	    "titti" "Itiii", l->job, evid, event_name(ev->kind), ev->entity,
	    ev->entity_id, ev->client_id, ev->payload, clock_now() + l->delay,
	    (int64_t)JOB_MAX_ATTEMPTS, clock_now());
}

int
event_emit(struct db *db, const struct event *ev, struct err *e)
{
	int64_t evid;

	if (db->depth == 0)
		return err_set(e, TP_INTERNAL, "event %s outside a transaction",
		    event_name(ev->kind));
	if (db_exec(db, e,
	    "INSERT INTO events(name, entity, entity_id, client_id, payload, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, coalesce(?5, '{}'), ?6)",
	    "ttiIti", event_name(ev->kind), ev->entity, ev->entity_id,
	    ev->client_id, ev->payload, clock_now()) != TP_OK)
		return e->code;
	evid = db_last_id(db);
	for (size_t i = 0; i < sizeof listeners / sizeof listeners[0]; i++) {
		const struct listener *l = &listeners[i];
		int rc;

		if (!matches(l, ev))
			continue;
		rc = l->mode == IN_TX ? l->fn(db, ev, evid, e)
		    : enqueue(db, l, ev, evid, e);
		if (rc != TP_OK) {
			err_prefix(e, l->name);
			return rc;
		}
	}
	return TP_OK;
}

int
event_listeners_each(void (*fn)(const char *, const char *, const char *,
    int, void *), void *arg)
{
	static const char *const match_names[] = {
		[ON_EVERY] = "*", [ON_CLIENT] = "*client*", [ON_SYNC] = "*sync*",
	};
	size_t n = sizeof listeners / sizeof listeners[0];

	for (size_t i = 0; i < n; i++) {
		const struct listener *l = &listeners[i];

		fn(l->match == ON_KIND ? event_name(l->kind) : match_names[l->match],
		    l->name, l->mode == IN_TX ? "in transaction" : l->job,
		    l->delay, arg);
	}
	return (int)n;
}
