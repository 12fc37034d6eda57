/*
 * outbox.h - the sync outbox's rows (sync.md): claims with leases, their
 * outcomes (done, retry with backoff, failed, unsupported) and the tables
 * an entity maps to.  Every change is one transaction (a savepoint inside
 * the caller's).  A struct outbox_row owns its `fields` (outbox_row_free).
 */
#ifndef TP_OUTBOX_H
#define TP_OUTBOX_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

struct outbox_row {
	int64_t id;
	char    op_uuid[40];
	char    entity[32];
	int64_t local_id;
	char    op[16];
	char   *fields;       /* JSON object text, owned */
	int64_t attempts;     /* including this claim */
	int64_t prev_sent_at; /* when the try before this claim may have
	                         reached the PSA (0: none, or its outcome is
	                         known) */
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
 * lease of lease_s seconds owned by this pid; attempts is incremented and
 * the row's outbox_sent time is now (the request may reach the PSA from
 * here on; the outcome functions remove it once the outcome is known).
 * TP_NOTFOUND (e untouched) when nothing is ready. */
int outbox_claim(struct db *db, int lease_s, struct outbox_row *out,
    struct err *e);

/* Claim up to max ready rows (as outbox_claim, in id order) in one
 * transaction: out[0..*n-1], each freed with outbox_row_free.  *n is 0
 * (and TP_OK) when nothing is ready.  A row that waits on another row of
 * the same batch (its client's create) is not ready yet: it comes in a
 * later batch. */
int outbox_claim_many(struct db *db, int lease_s, struct outbox_row *out,
    int max, int *n, struct err *e);

/* Give back a claimed row that was not sent: pending again, its claim's
 * attempt undone. */
int outbox_release(struct db *db, const struct outbox_row *r,
    struct err *e);

/* Give back a claimed row that must not be sent before until (an earlier
 * try may still be running on the PSA): as outbox_release, due at until,
 * with msg saying why. */
int outbox_wait(struct db *db, const struct outbox_row *r, int64_t until,
    const char *msg, struct err *e);

/* Success: in one transaction store remote_id on the record (for a create,
 * when remote_id is not NULL) and mark the row done. */
int outbox_done(struct db *db, const struct outbox_row *r,
    const char *remote_id, int http_status, struct err *e);

/* A retryable failure: back to pending, tried again at next_try_at.
 * settled: the try's outcome is known (an answer came, or the request
 * never left), so nothing of it can still land on the PSA. */
int outbox_retry(struct db *db, const struct outbox_row *r,
    int64_t next_try_at, int settled, int http_status, const char *msg,
    struct err *e);

/* A final outcome: state is "failed", "unsupported" or "conflict"; msg is
 * kept for `Y` and `sync status`. */
int outbox_fail(struct db *db, const struct outbox_row *r, const char *state,
    int http_status, const char *msg, struct err *e);

/* Every failed row whose message starts with prefix back to pending, due
 * now (the worker's "blocked: " rows, looked at again each run). */
int outbox_requeue_prefixed(struct db *db, const char *prefix, int *n,
    struct err *e);

/* Delete done rows finished before `before` (sync.md: 7 days). */
int outbox_prune(struct db *db, int64_t before, int *n, struct err *e);

/* Mark pending rows matching entity (and op, NULL = any) unsupported with
 * msg; used by the worker for a profile's unsupported operations.  With
 * allowed (a JSON array of field names), only the rows that change a
 * field not in it. */
int outbox_mark_unsupported(struct db *db, const char *entity, const char *op,
    const char *allowed, const char *msg, int *n, struct err *e);

/* Full jitter: random(0, min(cap, base * 2^attempt)) seconds. */
int64_t outbox_backoff(int64_t attempt, int64_t base, int64_t cap);

#endif
