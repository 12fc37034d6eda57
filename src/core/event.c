/* event.c - see event.h.  Mechanism only: the rows are service/listeners.c's. */
#include "core/clock.h"
#include "core/event.h"
#include "core/job.h"

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
	[EV_TICKET_SLA_BREACHED] = "TicketSlaBreached",
};

const char *
event_name(enum event_kind kind)
{
	return kind < EV__COUNT && names[kind] ? names[kind] : "Unknown";
}

/* The installed table (service/listeners.c's, set by app.c). */
static const struct event_listener *table;
static size_t table_n;

int
event_listeners_set(const struct event_listener *rows, size_t n,
    struct err *e)
{
	for (size_t i = 0; i < n; i++) {
		const struct event_listener *l = &rows[i];

		if (l->name == NULL || *l->name == '\0')
			return err_set(e, TP_INTERNAL, "listener row %zu has no "
			    "name", i);
		if ((l->fn == NULL) == (l->job == NULL))
			return err_set(e, TP_INTERNAL, "listener %s: set exactly "
			    "one of a function and a job", l->name);
		if (l->job != NULL && !job_installed(l->job))
			return err_set(e, TP_INTERNAL, "listener %s: its job is "
			    "not in the job table", l->name);
		if (l->match == EVENT_ON_KIND && l->kind >= EV__COUNT)
			return err_set(e, TP_INTERNAL, "listener %s: no such "
			    "event", l->name);
	}
	table = rows;
	table_n = n;
	return TP_OK;
}

static int
matches(const struct event_listener *l, const struct event *ev)
{
	switch (l->match) {
	case EVENT_ON_KIND:   return l->kind == ev->kind;
	case EVENT_ON_EVERY:  return 1;
	case EVENT_ON_CLIENT: return ev->client_id != 0;
	case EVENT_ON_SYNC:   return ev->sync_op != NULL;
	}
	return 0;
}

static int
enqueue(struct db *db, const struct event_listener *l, const struct event *ev,
    int64_t evid, struct err *e)
{
	return db_exec(db, e,
	    "INSERT INTO jobs(name, payload, available_at, max_attempts, "
	    "created_at) VALUES (?1, json_object('event_id', ?2, 'event', ?3, "
	    "'entity', ?4, 'entity_id', ?5, 'client_id', ?6, 'data', "
	    "json(coalesce(?7, '{}'))), ?8, ?9, ?10)",
	    "titti" "Itiii", l->job->name, evid, event_name(ev->kind), ev->entity,
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
	if (table == NULL)
		return err_set(e, TP_INTERNAL, "event %s: no listener table "
		    "installed", event_name(ev->kind));
	if (db_exec(db, e,
	    "INSERT INTO events(name, entity, entity_id, client_id, payload, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, coalesce(?5, '{}'), ?6)",
	    "ttiIti", event_name(ev->kind), ev->entity, ev->entity_id,
	    ev->client_id, ev->payload, clock_now()) != TP_OK)
		return e->code;
	evid = db_last_id(db);
	for (size_t i = 0; i < table_n; i++) {
		const struct event_listener *l = &table[i];
		int rc;

		if (!matches(l, ev))
			continue;
		rc = l->fn != NULL ? l->fn(db, ev, evid, e)
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
		[EVENT_ON_EVERY] = "*", [EVENT_ON_CLIENT] = "*client*",
		[EVENT_ON_SYNC] = "*sync*",
	};

	for (size_t i = 0; i < table_n; i++) {
		const struct event_listener *l = &table[i];

		fn(l->match == EVENT_ON_KIND ? event_name(l->kind)
		    : match_names[l->match], l->name,
		    l->fn != NULL ? "in transaction" : l->job->name, l->delay, arg);
	}
	return (int)table_n;
}
