/*
 * syncstate.h - the sync tables every termpsa process shares (sync.md):
 * the outbox's claims and outcomes, the circuit breaker, conflicts, and
 * the summary the status line and `sync status` show.
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

#include "db.h"
#include "err.h"
#include "rows.h"

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
};

int sync_summary(struct db *db, struct sync_summary *s, struct err *e);

/* The summary as cli.md's `sync status --json` object, appended to out
 * (built by SQLite's json_object). */
int sync_summary_json(struct db *db, const struct sync_summary *s,
    struct buf *out, struct err *e);

/* --- circuit breaker ---------------------------------------------------- */

struct breaker_cfg {
	int threshold;        /* failures that open it (config, default 5) */
	int open_seconds;     /* first open period (config, default 30) */
	int probe_lease;      /* seconds a half-open probe may take */
};

enum breaker_decision {
	BREAKER_GO,           /* closed: send */
	BREAKER_PROBE,        /* half-open: this process holds the one probe */
	BREAKER_DENY          /* open (or another process is probing) */
};

#define BREAKER_MAX_OPEN 600   /* reopen periods double up to 10 min */

/* May this process send a request now?  Taking the half-open probe is a
 * BEGIN IMMEDIATE transaction, so exactly one process across all of them
 * gets BREAKER_PROBE; a probe whose owner died (or whose lease ran out)
 * can be taken again.  *until receives open_until on BREAKER_DENY. */
int breaker_allow(struct db *db, const struct breaker_cfg *c,
    enum breaker_decision *out, int64_t *until, struct err *e);

/* A request succeeded (any HTTP answer that is not a retryable failure,
 * including a permanent 4xx: the server is up).  Closes the breaker. */
int breaker_success(struct db *db, struct err *e);

/* A retryable failure: counts while closed, opens at the threshold; a
 * failed probe reopens for twice the last period, up to 10 min.  Each
 * transition writes an activity line.  *opened (may be NULL) is set when
 * the breaker is open afterwards. */
int breaker_failure(struct db *db, const struct breaker_cfg *c, int *opened,
    struct err *e);

/* "HH:MM" (local time) of ts, for "breaker open until HH:MM". */
void breaker_hhmm(int64_t ts, char out[8]);

/* --- outbox ------------------------------------------------------------- */

struct outbox_row {
	int64_t id;
	char    op_uuid[40];
	char    entity[32];
	int64_t local_id;
	char    op[16];
	char   *fields;       /* JSON object text, owned */
	int64_t attempts;     /* including this claim */
};

void outbox_row_free(struct outbox_row *r);

/* The tables an outbox entity maps to ("ticket" -> "tickets"), or NULL. */
const char *outbox_table(const char *entity);

/* Give back in-flight rows whose worker died (pid gone) or whose lease ran
 * out: they become pending again (attempts kept, so a target without
 * idempotency reads back before re-sending).  *n: rows given back. */
int outbox_reclaim(struct db *db, int *n, struct err *e);

/* Claim the next ready row in id order: pending and due, no earlier
 * unfinished op of the same record, the record itself known remotely
 * (unless this op creates it), and what it refers to (client, ticket,
 * invoice) already has a remote id.  The row becomes in_flight with a
 * lease of lease_s seconds owned by this pid; attempts is incremented.
 * TP_NOTFOUND (e untouched) when nothing is ready. */
int outbox_claim(struct db *db, int lease_s, struct outbox_row *out,
    struct err *e);

/* Success: in one transaction store remote_id on the record (for a create,
 * when remote_id is not NULL) and mark the row done. */
int outbox_done(struct db *db, const struct outbox_row *r,
    const char *remote_id, int http_status, struct err *e);

/* A retryable failure: back to pending, tried again at next_try_at. */
int outbox_retry(struct db *db, const struct outbox_row *r,
    int64_t next_try_at, int http_status, const char *msg, struct err *e);

/* A final outcome: state is "failed", "unsupported" or "conflict"; msg is
 * kept for `Y` and `sync status`. */
int outbox_fail(struct db *db, const struct outbox_row *r, const char *state,
    int http_status, const char *msg, struct err *e);

/* Delete done rows finished before `before` (sync.md: 7 days). */
int outbox_prune(struct db *db, int64_t before, int *n, struct err *e);

/* Mark pending rows matching entity (and op, NULL = any) unsupported with
 * msg; used by the worker for a profile's unsupported operations. */
int outbox_mark_unsupported(struct db *db, const char *entity, const char *op,
    const char *msg, int *n, struct err *e);

/* Full jitter: random(0, min(cap, base * 2^attempt)) seconds. */
int64_t outbox_backoff(int64_t attempt, int64_t base, int64_t cap);

/* --- the technician's actions (`sync retry`, `sync discard`, `Y`) ------- */

/* A failed/unsupported/conflict row back to pending, due now.  attempts
 * are kept: a target without idempotency keys then reads back first, in
 * case an earlier try got through after all.
 * TP_NOTFOUND "outbox row 9 not found"; TP_REFUSED when it is pending,
 * in flight or done. */
int sync_retry(struct db *db, int64_t id, struct err *e);

/* Every failed row back to pending; *n receives how many. */
int sync_retry_failed(struct db *db, int *n, struct err *e);

/* Drop a row that will not be sent (the local record stays).  Refused for
 * a row in flight or done. */
int sync_discard(struct db *db, int64_t id, struct err *e);

/* Outbox rows for `Y`: id, op_uuid, entity, local_id, op, fields, state,
 * attempts, next_try_at, last_error, http_status, remote_id, created_at,
 * updated_at; state NULL = every row not done; newest first; limit 0 =
 * 100. */
int sync_outbox_list(struct db *db, const char *state, int limit,
    struct rows *out, struct err *e);

/* Open conflicts: id, entity, local_id, field, local_value, remote_value,
 * created_at; plus number and subject for tickets. */
int sync_conflict_list(struct db *db, struct rows *out, struct err *e);

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

#endif
