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

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

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

/* Triage.  Each is one unit of work with its events (BRIEF's table):
 * TicketUpdated carries the changed fields.  A closed ticket refuses every
 * change except reopening (status open); a change to the value a ticket
 * already has writes nothing and succeeds. */
int ticket_assign(struct db *db, int64_t id, int64_t user_id /* 0: nobody */,
    struct err *e);
/* "resolved" goes through ticket_resolve, "closed" through ticket_close;
 * leaving resolved or closed for an open status clears resolved_at and
 * closed_at. */
int ticket_set_status(struct db *db, int64_t id, const char *status,
    struct err *e);
int ticket_set_priority(struct db *db, int64_t id, const char *priority,
    struct err *e);
/* One step up (+1) or down (-1); refused past critical or low. */
int ticket_bump_priority(struct db *db, int64_t id, int dir, struct err *e);

/* An edit: NULL text leaves a field alone ("" clears body or category);
 * 0 leaves a number alone and -1 clears it. */
struct ticket_edit {
	const char *subject;
	const char *body;
	const char *category;
	int64_t     due_at;
	int64_t     contact_id;    /* each must belong to the ticket's client */
	int64_t     location_id;
	int64_t     asset_id;
	int64_t     project_id;
};
int ticket_update(struct db *db, int64_t id, const struct ticket_edit *u,
    struct err *e);

/* visibility NULL: internal.  The author is db->me.  *note_id may be NULL. */
int ticket_add_note(struct db *db, int64_t id, const char *body,
    const char *visibility, int64_t *note_id, struct err *e);
/* Status resolved, resolved_at now, TicketResolved (whose listeners queue
 * UpdateClientBalance and complete maintenance); note: an optional
 * internal note added in the same unit of work.  Refused when already
 * resolved or closed. */
int ticket_resolve(struct db *db, int64_t id, const char *note,
    struct err *e);
/* The same with the note's visibility (NULL: internal; "public": the
 * client sees it, e.g. the resolution told to them). */
int ticket_resolve_note(struct db *db, int64_t id, const char *note,
    const char *visibility, struct err *e);
/* Status closed, closed_at now, TicketClosed.  Refused when closed. */
int ticket_close(struct db *db, int64_t id, struct err *e);

/* The queue.  A zeroed filter is the default list: open work (every
 * status but resolved and closed), newest updated first, 50 rows.  With a
 * search and no statuses every status is searched. */
enum ticket_sort {
	TICKET_SORT_UPDATED,   /* updated_at DESC, id DESC */
	TICKET_SORT_PRIORITY,  /* priority_rank DESC, updated_at DESC, id DESC */
	TICKET_SORT_DUE,       /* due first, no due date last, then id */
	/* id DESC, newest created first.  With a search FTS5 hands rows in
	 * this order, so a page costs its own rows and not every match: the
	 * order for search-as-you-type. */
	TICKET_SORT_NEWEST,
	TICKET_SORT_CLIENT,    /* client name, then id (a sort of the rows) */
	/* Soonest SLA breach first (sla_due: overdue ones, most overdue
	 * first), tickets with no clock running last, then id.  A sort of
	 * the rows that computes every candidate's clocks: narrow the list
	 * for speed on a large set. */
	TICKET_SORT_SLA
};
#define TICKET_UNASSIGNED (-1)
#define TICKET_LIST_MAX   1000

struct ticket_filter {
	int64_t          client_id;  /* 0: any */
	unsigned         statuses;   /* bit i: ticket_statuses[i]; 0: default */
	int64_t          assignee;   /* 0: any; TICKET_UNASSIGNED; a user id */
	const char      *priority;   /* NULL: any */
	const char      *search;     /* NULL or "": no search */
	int              overdue;    /* due_at < now, not resolved or closed */
	/* Filter language (service/filter.h, ticket_filter_table): every
	 * term must hold besides the members above; its full-text words
	 * join search.  A status: term replaces the default status set. */
	const char      *terms;
	enum ticket_sort sort;
	int              reverse;    /* the sort's order backwards */
	int64_t          after_id;   /* keyset: continue after this row */
	int              limit;      /* 0: 50; at most TICKET_LIST_MAX */
	int              sla;        /* also the rows' SLA clocks */
};

/* Rows: id, number, priority, status, client_id, client_name, subject,
 * assigned_to, assignee, due_at, created_at, updated_at, overdue (0/1);
 * with f->sla also sla_due_at, sla_breached and sla_state
 * (sla_annotate_next), computed for the rows returned only, so a pane
 * that paints them runs nothing per paint. */
int ticket_list(struct db *db, const struct ticket_filter *f,
    struct rows *out, struct err *e);

/* How a search in an order other than newest is read.  DRIVE reads
 * every match from tickets_fts and orders them: cheap for a rare word, a
 * quarter of a second for a word in 157k of a million tickets.  WALK reads
 * the list's own index in order and asks tickets_fts about each row
 * (about 40 us): the first page comes after limit / density rows, cheap
 * for a common word and slow for a rare one.  ticket_list counts the
 * matches lazily up to ticket_walk_at and walks at or above it. */
enum ticket_search_plan { TICKET_SEARCH_DRIVE, TICKET_SEARCH_WALK };

/* The exact SQL ticket_list runs for f with that plan, for the bench and
 * the query-plan test.  Named parameters, bound only when present in the
 * text: :client, :assignee, :priority, :q (ticket_fts_query of the
 * search), :now, :after, :limit, and the terms' :f1, :f2 ...  A bad term
 * is TP_BADINPUT (sql is then empty). */
int ticket_list_sql(const struct ticket_filter *f,
    enum ticket_search_plan plan, struct buf *sql);

/* The number of matches from which a search walks, for a table whose
 * highest id is top: where both plans cost the same, sqrt(1340 * top)
 * (measured: a sort costs 1.6 us a match, a probe 43 us; 37k at a million
 * tickets).  TERMPSA_TEST_SEARCH_WALK_AT=N sets it, for the tests. */
int64_t ticket_walk_at(int64_t top);

/* User text as a safe FTS5 query for tickets_fts: terms_query's, or ""
 * (matches nothing) when there is no word.  *prefixes as terms_query's
 * (may be NULL). */
int ticket_fts_query(struct db *db, const char *text, struct buf *out,
    int *prefixes, struct err *e);

/* The id of the ticket numbered number (the number people say: #382);
 * TP_NOTFOUND "no ticket #382". */
int ticket_by_number(struct db *db, int64_t number, int64_t *id,
    struct err *e);

/* One row: every ticket column plus client_name, assignee, contact_name,
 * location_name, asset_name, project_name, overdue.  TP_NOTFOUND. */
int ticket_get(struct db *db, int64_t id, struct rows *out, struct err *e);
/* id, author_id, author, body, visibility, created_at; oldest first. */
int ticket_notes(struct db *db, int64_t id, struct rows *out,
    struct err *e);

/* Validators shared with the CLI and the UI. */
extern const char *const ticket_priorities[];   /* low ... critical */
extern const char *const ticket_statuses[];     /* open ... closed */
extern const char *const ticket_sources[];
extern const char *const ticket_visibilities[];  /* internal, public */
/* TP_BADINPUT "bad what 'x': expected one of ..." naming what as the
 * error's field (so what is the input's member name: "status"). */
int ticket_check_enum(const char *value, const char *what,
    const char *const choices[], struct err *e);

#endif
