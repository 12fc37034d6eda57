/*
 * syncstate.h - the sync state every termpsa process reads (sync.md): the
 * summary the status line and `sync status` show, the technician's actions
 * on outbox rows (retry, discard), the lists of the Y view, and conflicts.
 * The outbox's claims are outbox.h's, the circuit breaker breaker.h's.
 *
 * Nothing here touches the network: the worker (termpsa-sync) sends the
 * requests and records their outcome through these functions; the CLI and
 * the UI read the same state.  All state lives in the database, so it holds
 * across processes and restarts.  Every change is one transaction (nested
 * as a savepoint when the caller already holds one).  Times come from
 * clock_now(), so TERMPSA_NOW drives leases, backoff and the breaker.
 * Rows returned are owned by the caller (rows_free); struct outbox_row
 * owns its `fields` (outbox_row_free).
 */
#ifndef TP_SYNCSTATE_H
#define TP_SYNCSTATE_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

/* --- summary ------------------------------------------------------------ */

struct sync_summary {
	int     configured;        /* 1 once a sync run was recorded; callers
	                              with a config set it from
	                              cfg.sync.enabled instead */
	int64_t pending;           /* waiting to be sent (incl. backoff) */
	int64_t failed;            /* parked: needs the technician */
	int64_t in_flight;
	int64_t conflicts;         /* open conflicts (sync_conflicts) and
	                              rows the PSA refused as stale (412) */
	int64_t unsupported;       /* kept locally: the PSA has no such op */
	char    breaker_state[12]; /* closed | open | half_open */
	int64_t breaker_failures;  /* consecutive retryable failures */
	int64_t open_until;        /* 0 unless open or half_open */
	int64_t last_success_at;   /* 0: never */
	int64_t last_run_at;       /* start of the newest run, 0: never */
	char    last_error[256];   /* "" when none; already sanitised of
	                              secrets by the worker */
	char    auth_error[256];   /* "" unless the PSA refused the
	                              credentials (401/403) at the last try */
};

int sync_summary(struct db *db, struct sync_summary *s, struct err *e);

/* The summary as cli.md's `sync status --json` object, appended to out
 * (built by SQLite's json_object). */
int sync_summary_json(struct db *db, const struct sync_summary *s,
    struct buf *out, struct err *e);

/* --- the technician's actions (`sync retry`, `sync discard`, `Y`) ------- */

/* A failed/unsupported/conflict row back to pending, due now.  attempts
 * are kept: a target without idempotency keys then reads back first, in
 * case an earlier try got through after all.
 * TP_NOTFOUND "outbox row 9 not found"; TP_REFUSED when it is pending,
 * in flight or done. */
int sync_retry(struct db *db, int64_t id, struct err *e);

/* Every failed row back to pending; *n receives how many. */
int sync_retry_failed(struct db *db, int *n, struct err *e);

/* The unsent rows that can only follow outbox row id, which creates a
 * record the PSA never got: the later changes of that record and every
 * row of the records that wait on it for a remote id (a client's
 * contacts, tickets, invoices...; a ticket's notes and time; an invoice's
 * payments), transitively.  Columns id, entity, local_id, op, state, in
 * id order; none when the row is not such a create. */
int sync_dependents(struct db *db, int64_t id, struct rows *out,
    struct err *e);

/* Drop a row that will not be sent, and with it, in the same transaction,
 * its dependents (sync_dependents): without the record's create they
 * could never be sent either, and would wait forever.  The local records
 * stay.  Refused for a row in flight or done, or when a dependent is in
 * flight (nothing is dropped then).  also (may be NULL) receives the
 * dependents dropped (caller frees, rows_free). */
int sync_discard(struct db *db, int64_t id, struct rows *also,
    struct err *e);

/* Outbox rows for `Y`: id, op_uuid, entity, local_id, op, fields, state,
 * attempts, next_try_at, last_error, http_status, remote_id, created_at,
 * updated_at; state NULL = every row not done; newest first; limit 0 =
 * 100. */
int sync_outbox_list(struct db *db, const char *state, int limit,
    struct rows *out, struct err *e);

/* Open conflicts: id, entity, local_id, field, local_value, remote_value,
 * created_at; plus number and subject for tickets, and outbox_id: the
 * outbox row (state conflict) that waits on it, or NULL. */
int sync_conflict_list(struct db *db, struct rows *out, struct err *e);

/* Outbox rows in state conflict that no open conflict explains (the PSA
 * refused them as stale, HTTP 412, and no pull saw the change): the
 * columns of sync_outbox_list, newest first; limit 0 = 100.  A row an
 * open conflict holds is that conflict's outbox_id instead, so each
 * conflict is listed (and counted, sync_summary) once. */
int sync_stale_list(struct db *db, int limit, struct rows *out,
    struct err *e);

/* Windows of the two lists above for the UI's `Y`, newest first (id
 * descending) with keyset paging: after_id > 0 continues after that row
 * (ids below it, never OFFSET); an empty result means the end; limit 0 =
 * 100.  The outbox by state seeks outbox_state (state, id); state NULL
 * (every row not done) and the open conflicts walk the rowid down from
 * after_id, skipping done rows and closed conflicts. */
int sync_outbox_list_after(struct db *db, const char *state,
    int64_t after_id, int limit, struct rows *out, struct err *e);
int sync_conflict_list_after(struct db *db, int64_t after_id, int limit,
    struct rows *out, struct err *e);

/* Close a conflict: keep_local = 1 keeps the local value (it is pushed);
 * 0 takes the remote value into the record and drops the unsent change of
 * that field. */
int sync_conflict_resolve(struct db *db, int64_t id, int keep_local,
    struct err *e);

/* Record the newest request success / error for the summary. */
int sync_note_success(struct db *db, struct err *e);
int sync_note_error(struct db *db, const char *msg, struct err *e);

/* The PSA refused the credentials (401/403): msg is kept as the auth
 * error and the last error until a run gets an answer again. */
int sync_note_auth(struct db *db, const char *msg, struct err *e);

/* The end of a worker's run: answered > 0 requests were answered (not
 * refused as unauthorised) and errors of them were errors.  An answer
 * moves last_success_at (a run that only pulled is a success too); a run
 * with answers and no error clears the last error; any answer clears the
 * auth error. */
int sync_note_run(struct db *db, int answered, int errors, struct err *e);

#endif
