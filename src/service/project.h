/*
 * project.h - the project service: a client's projects, the time logged on
 * them without a ticket, and their expenses (billed by bill-project,
 * domain.md scenario 3).
 *
 * Every function that writes is one unit of work: its own transaction (a
 * savepoint when nested), its events, all or nothing; those that change
 * what is unbilled recompute the client's balance inside it.  Rows
 * returned are owned by the caller (rows_free).
 */
#ifndef TP_PROJECT_H
#define TP_PROJECT_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

extern const char *const project_statuses[];   /* active, on_hold, completed */

/* Create a project (status active; due_date NULL: none).  Emits
 * ProjectCreated.  *id receives its id. */
int project_create(struct db *db, int64_t client_id, const char *name,
    const char *due_date, int64_t *id, struct err *e);

/* One row: id, uuid, remote_id, client_id, client_name, name, status,
 * due_date, created_at, updated_at, then the project's sums: minutes,
 * unbilled_minutes (billable, not invoiced), expenses_cents and
 * unbilled_cents (what bill-project would invoice now). */
int project_get(struct db *db, int64_t id, struct rows *out, struct err *e);

struct project_filter {
	int64_t     client_id;  /* 0: any */
	const char *status;     /* NULL: any */
	int64_t     after_id;   /* keyset: continue after this project */
	int         limit;      /* 0: 50; at most 1000 */
};

/* id, client_id, client_name, name, status, due_date, unbilled_cents;
 * sorted by name, then id. */
int project_list(struct db *db, const struct project_filter *f,
    struct rows *out, struct err *e);

/* Change the status.  There is no ProjectUpdated event in the design, so
 * this writes the activity line and invalidates the client's cache itself.
 * Setting the current status again changes nothing. */
int project_set_status(struct db *db, int64_t id, const char *status,
    struct err *e);

/* What project_update changes: NULL leaves a field alone. */
struct project_patch {
	const char *name;       /* 1 to 200 characters */
	const char *status;     /* one of project_statuses */
	const char *due_date;   /* YYYY-MM-DD, or "" to clear */
	int         clear_due;  /* 1: clear the due date (as due_date "") */
};

/* Change a project's name, status and due date in one transaction.  Like
 * project_set_status (no ProjectUpdated event in the design) it writes one
 * activity line naming the changed fields as a JSON object ({"status":
 * "on_hold"}) and invalidates the client's cache.  Nothing changed: no
 * write, TP_OK.  *changed (may be NULL) receives the number of fields
 * changed. */
int project_update(struct db *db, int64_t id, const struct project_patch *p,
    int *changed, struct err *e);

/* Log time on the project with no ticket (time_log with project_id):
 * emits TimeLogged and recomputes the client's unbilled amount. */
int project_log(struct db *db, int64_t project_id, int64_t user_id,
    int64_t minutes, const char *work_date, int billable, const char *note,
    int64_t *id, struct err *e);

/* Add an expense (amount_cents > 0).  Emits ProjectExpenseAdded and
 * recomputes the client's unbilled amount. */
int project_add_expense(struct db *db, int64_t project_id,
    int64_t amount_cents, const char *description, int billable,
    int64_t *id, struct err *e);

/* id, project_id, description, amount_cents, billable, invoice_id,
 * created_at; oldest first. */
int project_expense_list(struct db *db, int64_t project_id, struct rows *out,
    struct err *e);

#endif
