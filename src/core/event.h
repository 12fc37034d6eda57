/*
 * event.h - the event bus: domain events and the mechanism that hands each
 * one to the listeners that hear it.
 *
 * event_emit writes the event row and, in the caller's transaction, runs
 * every in-transaction listener and enqueues every deferred one as a job,
 * so nothing is lost if the process dies after commit.  Which listener
 * hears which event is policy, not mechanism: the table is
 * service/listeners.c's (domain.md "Events and listeners"), installed once
 * per process with event_listeners_set by the composition root (app.c).
 * The bus owns nothing: the strings an event points at and the installed
 * table are borrowed.
 */
#ifndef TP_EVENT_H
#define TP_EVENT_H

#include <stdint.h>

#include <stddef.h>

#include "core/db.h"
#include "core/err.h"
#include "core/job.h"

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
	EV_TICKET_SLA_BREACHED,   /* service/sla.c: once per ticket and target */
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

/* Which events a listener row hears. */
enum event_match {
	EVENT_ON_KIND,      /* events of one kind */
	EVENT_ON_EVERY,     /* every event */
	EVENT_ON_CLIENT,    /* every event about a client (client_id != 0) */
	EVENT_ON_SYNC       /* every event with a sync op */
};

/* An in-transaction listener; evid is the event's row id. */
typedef int (*event_listener_fn)(struct db *db, const struct event *ev,
    int64_t evid, struct err *e);

/* One row of the listener table.  Exactly one of fn (run before commit)
 * and job (enqueued in the transaction, due `delay` seconds later) is set;
 * job points at a row of the installed job table (job_handlers_set), so a
 * listener names its job by the row itself, never by a string. */
struct event_listener {
	enum event_match          match;
	enum event_kind           kind;     /* for EVENT_ON_KIND */
	const char               *name;     /* "LogActivity", in errors */
	event_listener_fn         fn;
	const struct job_handler *job;
	int                       delay;    /* seconds, for job */
};

/* Install the listener table (borrowed; it must outlive every emit).  Set
 * the job table first: a row whose job is not one of its rows, a row with
 * neither or both of fn and job, or a row without a name is refused
 * (TP_INTERNAL), so a broken table stops the program at startup. */
int event_listeners_set(const struct event_listener *rows, size_t n,
    struct err *e);

/* "ClientCreated" and so on. */
const char *event_name(enum event_kind kind);

/* Must be called inside a transaction (db_begin), after
 * event_listeners_set (TP_INTERNAL otherwise: an event nobody could hear
 * is a wiring bug, not a quiet no-op). */
int event_emit(struct db *db, const struct event *ev, struct err *e);

/* For tests and `termpsa --help`: the listener table as text lines
 * "Event -> Listener (mode)". Returns the number of rows; calls fn per row. */
int event_listeners_each(void (*fn)(const char *event, const char *listener,
    const char *mode, int delay, void *arg), void *arg);

#endif
