/*
 * ticket.h - the ticket service: creating tickets and triage on one ticket
 * at a time (assign, status, priority, notes, resolve, close), and the
 * queue's lists.
 *
 * Every function that writes is one unit of work: its own transaction (a
 * savepoint when nested), its events, all or nothing.  Rows returned are
 * owned by the caller (rows_free).
 */
#ifndef TP_TICKET_H
#define TP_TICKET_H

#include <stdint.h>

#include "db.h"
#include "err.h"
#include "rows.h"

struct ticket_new {
	int64_t     client_id;     /* required */
	const char *subject;       /* required, 1..10000 characters */
	const char *body;
	const char *priority;      /* NULL: normal */
	const char *status;        /* NULL: open */
	const char *source;        /* NULL: technician */
	const char *category;
	int64_t     contact_id;    /* 0: none; each must belong to the client */
	int64_t     location_id;
	int64_t     asset_id;
	int64_t     project_id;
	int64_t     assigned_to;   /* 0: nobody */
	int64_t     due_at;        /* 0: none */
	int         not_billable;  /* 0: billable (the default) */
};

/* Create a ticket (emits TicketCreated).  *id receives its id. */
int ticket_create(struct db *db, const struct ticket_new *t, int64_t *id,
    struct err *e);

/* Delete a ticket and what hangs off it (notes, unbilled time, pending
 * outbox rows); used by compensation.  Emits TicketDeleted. */
int ticket_delete(struct db *db, int64_t id, struct err *e);

/* Validators shared with the CLI and the UI. */
extern const char *const ticket_priorities[];   /* low ... critical */
extern const char *const ticket_statuses[];     /* open ... closed */
extern const char *const ticket_sources[];
int ticket_check_enum(const char *value, const char *what,
    const char *const choices[], struct err *e);

#endif
