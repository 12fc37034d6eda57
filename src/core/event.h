/*
 * event.h - domain events and the listener table that reacts to them.
 *
 * event_emit writes the event row and, in the caller's transaction, runs
 * every in-transaction listener and enqueues every deferred one as a job,
 * so nothing is lost if the process dies after commit.  Which listener
 * hears which event is one table in event.c (domain.md "Events and
 * listeners").  The strings an event points at are borrowed.
 */
#ifndef TP_EVENT_H
#define TP_EVENT_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

enum event_kind {
	EV_CLIENT_CREATED,
	EV_CLIENT_UPDATED,
	EV_CLIENT_DELETED,
	EV_CONTACT_CREATED,
	EV_LOCATION_CREATED,
	EV_USER_CREATED,
	EV_TICKET_CREATED,
	EV_TICKET_UPDATED,        /* assign, status, priority, edit */
	EV_TICKET_NOTE_ADDED,
	EV_TICKET_RESOLVED,
	EV_TICKET_CLOSED,
	EV_TICKET_DELETED,
	EV_TIME_LOGGED,
	EV_ASSET_CREATED,
	EV_ASSET_UPDATED,
	EV_ASSET_MAINTENANCE_SCHEDULED,
	EV_PROJECT_CREATED,
	EV_PROJECT_EXPENSE_ADDED,
	EV_INVOICE_CREATED,
	EV_INVOICE_SENT,
	EV_INVOICE_PAID,
	EV_INVOICE_CANCELLED,
	EV_PAYMENT_RECEIVED,
	EV_ACCOUNT_CREATED,
	EV_ACCOUNT_DELETED,
	EV_CONTACT_UPDATED,
	EV_LOCATION_UPDATED,
	EV__COUNT
};

struct event {
	enum event_kind kind;
	const char *entity;     /* "ticket", "client", ... (table-ish name) */
	int64_t     entity_id;
	int64_t     client_id;  /* 0 when the event is about no client */
	const char *payload;    /* a JSON object, NULL for {} */
	const char *line;       /* the activity line for a person */
	const char *sync_op;    /* NULL, or the outbox op: create, update,
	                           resolve, note, time, payment */
};

/* "ClientCreated" and so on. */
const char *event_name(enum event_kind kind);

/* Must be called inside a transaction (db_begin). */
int event_emit(struct db *db, const struct event *ev, struct err *e);

/* For tests and `termpsa --help`: the listener table as text lines
 * "Event -> Listener (mode)". Returns the number of rows; calls fn per row. */
int event_listeners_each(void (*fn)(const char *event, const char *listener,
    const char *mode, int delay, void *arg), void *arg);

#endif
