/* outbox.c - see outbox.h */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/proc.h"
#include "service/outbox.h"
#include "service/syncstate.h"

/* --- outbox -------------------------------------------------------------- */

struct entity_map {
	const char *entity;
	const char *table;
	const char *set_remote;
};

static const struct entity_map entities[] = {
	{ "client", "clients",
	  "UPDATE clients SET remote_id = ?2 WHERE id = ?1" },
	{ "client_contact", "client_contacts",
	  "UPDATE client_contacts SET remote_id = ?2 WHERE id = ?1" },
	{ "client_location", "client_locations",
	  "UPDATE client_locations SET remote_id = ?2 WHERE id = ?1" },
	{ "ticket", "tickets",
	  "UPDATE tickets SET remote_id = ?2 WHERE id = ?1" },
	{ "ticket_note", "ticket_notes",
	  "UPDATE ticket_notes SET remote_id = ?2 WHERE id = ?1" },
	{ "time_entry", "time_entries",
	  "UPDATE time_entries SET remote_id = ?2 WHERE id = ?1" },
	{ "asset", "assets",
	  "UPDATE assets SET remote_id = ?2 WHERE id = ?1" },
	{ "invoice", "invoices",
	  "UPDATE invoices SET remote_id = ?2 WHERE id = ?1" },
	{ "payment", "payments",
	  "UPDATE payments SET remote_id = ?2 WHERE id = ?1" },
};

static const struct entity_map *
entity_find(const char *entity)
{
	for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
		if (strcmp(entities[i].entity, entity) == 0)
			return &entities[i];
	return NULL;
}

const char *
outbox_table(const char *entity)
{
	const struct entity_map *m = entity_find(entity);

	return m ? m->table : NULL;
}

void
outbox_row_free(struct outbox_row *r)
{
	free(r->fields);
	r->fields = NULL;
}

int
outbox_reclaim(struct db *db, int *n, struct err *e)
{
	int64_t owners[64];
	int nowners = 0, rc, total = 0;
	sqlite3_stmt *st;

	*n = 0;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	st = db_prepare(db, e, "SELECT DISTINCT coalesce(lease_owner, 0) FROM "
	    "outbox WHERE state = 'in_flight' LIMIT 64", "");
	if (st == NULL)
		return db_end(db, e->code, e);
	while ((rc = db_step(db, st, e)) == SQLITE_ROW)
		owners[nowners++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc < 0)
		return db_end(db, e->code, e);
	rc = TP_OK;
	for (int i = 0; i < nowners && rc == TP_OK; i++) {
		/* Our own pid holds nothing yet when a run starts: a row
		 * under it is a dead process's whose pid we reused. */
		if (proc_alive(owners[i]) && owners[i] != (int64_t)getpid())
			continue;
		rc = db_exec(db, e, "UPDATE outbox SET state = 'pending', "
		    "lease_owner = NULL, lease_until = NULL, updated_at = ?2 "
		    "WHERE state = 'in_flight' AND coalesce(lease_owner, 0) = ?1",
		    "ii", owners[i], clock_now());
		total += db_changes(db);
	}
	if (rc == TP_OK) {
		rc = db_exec(db, e, "UPDATE outbox SET state = 'pending', "
		    "lease_owner = NULL, lease_until = NULL, updated_at = ?1 "
		    "WHERE state = 'in_flight' AND lease_until < ?1", "i",
		    clock_now());
		total += db_changes(db);
	}
	*n = total;
	return db_end(db, rc, e);
}

/* When a row's last try may have reached the PSA (0: no such try). */
static int
set_sent(struct db *db, int64_t id, int64_t at, struct err *e)
{
	if (at <= 0)
		return db_exec(db, e, "DELETE FROM outbox_sent WHERE outbox_id = "
		    "?1", "i", id);
	return db_exec(db, e, "INSERT INTO outbox_sent(outbox_id, sent_at) "
	    "VALUES (?1, ?2) ON CONFLICT(outbox_id) DO UPDATE SET sent_at = "
	    "excluded.sent_at", "ii", id, at);
}

/* Ready: see outbox_claim.  Every due pending row in id order, with
 * whether it is ready: the claim skips the rows that wait before the first
 * ready one, and a batch ends at the next row that waits (it may be
 * waiting on a row of the batch: sent alone later, the order is the one
 * row-by-row claims give).  The CASEs name the references of each entity;
 * a record that no longer exists counts as ready so the worker can say so
 * instead of leaving the row waiting forever. */
static const char claim_sql[] =
    "SELECT o.id, o.op_uuid, o.entity, o.local_id, o.op, o.fields, "
    "o.attempts, (NOT EXISTS (SELECT 1 FROM outbox p WHERE p.entity = o.entity "
    "  AND p.local_id = o.local_id AND p.id < o.id "
    "  AND p.state IN ('pending', 'in_flight', 'failed', 'conflict')) "
    "AND (o.op = 'create' OR coalesce(CASE o.entity "
    "  WHEN 'client' THEN (SELECT remote_id IS NOT NULL FROM clients WHERE id = o.local_id) "
    "  WHEN 'client_contact' THEN (SELECT remote_id IS NOT NULL FROM client_contacts WHERE id = o.local_id) "
    "  WHEN 'client_location' THEN (SELECT remote_id IS NOT NULL FROM client_locations WHERE id = o.local_id) "
    "  WHEN 'ticket' THEN (SELECT remote_id IS NOT NULL FROM tickets WHERE id = o.local_id) "
    "  WHEN 'ticket_note' THEN (SELECT remote_id IS NOT NULL FROM ticket_notes WHERE id = o.local_id) "
    "  WHEN 'time_entry' THEN (SELECT remote_id IS NOT NULL FROM time_entries WHERE id = o.local_id) "
    "  WHEN 'asset' THEN (SELECT remote_id IS NOT NULL FROM assets WHERE id = o.local_id) "
    "  WHEN 'invoice' THEN (SELECT remote_id IS NOT NULL FROM invoices WHERE id = o.local_id) "
    "  WHEN 'payment' THEN (SELECT remote_id IS NOT NULL FROM payments WHERE id = o.local_id) "
    "  END, 1)) "
    "AND coalesce(CASE o.entity "
    "  WHEN 'client_contact' THEN (SELECT c.remote_id IS NOT NULL FROM client_contacts x JOIN clients c ON c.id = x.client_id WHERE x.id = o.local_id) "
    "  WHEN 'client_location' THEN (SELECT c.remote_id IS NOT NULL FROM client_locations x JOIN clients c ON c.id = x.client_id WHERE x.id = o.local_id) "
    "  WHEN 'ticket' THEN (SELECT c.remote_id IS NOT NULL FROM tickets x JOIN clients c ON c.id = x.client_id WHERE x.id = o.local_id) "
    "  WHEN 'asset' THEN (SELECT c.remote_id IS NOT NULL FROM assets x JOIN clients c ON c.id = x.client_id WHERE x.id = o.local_id) "
    "  WHEN 'invoice' THEN (SELECT c.remote_id IS NOT NULL FROM invoices x JOIN clients c ON c.id = x.client_id WHERE x.id = o.local_id) "
    "  WHEN 'ticket_note' THEN (SELECT t.remote_id IS NOT NULL FROM ticket_notes x JOIN tickets t ON t.id = x.ticket_id WHERE x.id = o.local_id) "
    "  WHEN 'time_entry' THEN (SELECT x.ticket_id IS NULL OR t.remote_id IS NOT NULL FROM time_entries x LEFT JOIN tickets t ON t.id = x.ticket_id WHERE x.id = o.local_id) "
    "  WHEN 'payment' THEN (SELECT c.remote_id IS NOT NULL AND (x.invoice_id IS NULL OR i.remote_id IS NOT NULL) FROM payments x JOIN clients c ON c.id = x.client_id LEFT JOIN invoices i ON i.id = x.invoice_id WHERE x.id = o.local_id) "
    "  ELSE 1 END, 1)) AS ready, coalesce((SELECT s.sent_at FROM outbox_sent s WHERE "
    "s.outbox_id = o.id), 0) FROM outbox o "
    "WHERE o.state = 'pending' AND o.next_try_at <= ?1 ORDER BY o.id";

int
outbox_claim(struct db *db, int lease_s, struct outbox_row *out,
    struct err *e)
{
	int n = 0;
	int rc = outbox_claim_many(db, lease_s, out, 1, &n, e);

	if (rc == TP_OK && n == 0)
		return TP_NOTFOUND;
	return rc;
}

int
outbox_claim_many(struct db *db, int lease_s, struct outbox_row *out,
    int max, int *n, struct err *e)
{
	int64_t now = clock_now();
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, got = 0;

	*n = 0;
	if (max < 1)
		return TP_OK;
	memset(out, 0, (size_t)max * sizeof *out);
	if (db_begin(db, e) != TP_OK)
		return e->code;
	st = db_prepare(db, e, claim_sql, "i", now);
	if (st == NULL)
		return db_end(db, e->code, e);
	while (got < max && (rc = db_step(db, st, e)) == SQLITE_ROW) {
		struct outbox_row *o;

		if (!sqlite3_column_int(st, 7)) {
			if (got > 0)
				break;
			continue;
		}
		o = &out[got++];

		o->id = sqlite3_column_int64(st, 0);
		snprintf(o->op_uuid, sizeof o->op_uuid, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		snprintf(o->entity, sizeof o->entity, "%s",
		    (const char *)sqlite3_column_text(st, 2));
		o->local_id = sqlite3_column_int64(st, 3);
		snprintf(o->op, sizeof o->op, "%s",
		    (const char *)sqlite3_column_text(st, 4));
		o->fields = xstrdup((const char *)sqlite3_column_text(st, 5));
		o->attempts = sqlite3_column_int64(st, 6) + 1;
		o->prev_sent_at = sqlite3_column_int64(st, 8);
	}
	sqlite3_reset(st);
	rc = rc < 0 ? e->code : TP_OK;
	if (rc == TP_OK && got == 0) {
		db_rollback(db);
		return TP_OK;
	}
	/* Every row claimed in one transaction: one commit for the batch. */
	for (int i = 0; rc == TP_OK && i < got; i++) {
		rc = db_exec(db, e, "UPDATE outbox SET state = 'in_flight', "
		    "attempts = attempts + 1, lease_until = ?2, lease_owner = ?3, "
		    "updated_at = ?4 WHERE id = ?1", "iiii", out[i].id,
		    now + (lease_s > 0 ? lease_s : 60), (int64_t)getpid(), now);
		if (rc == TP_OK)
			rc = set_sent(db, out[i].id, now, e);
	}
	rc = db_end(db, rc, e);
	if (rc != TP_OK) {
		for (int i = 0; i < got; i++)
			outbox_row_free(&out[i]);
		return rc;
	}
	*n = got;
	return TP_OK;
}

int
outbox_release(struct db *db, const struct outbox_row *r, struct err *e)
{
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e,
	    "UPDATE outbox SET state = 'pending', attempts = max(attempts - 1, "
	    "0), lease_owner = NULL, lease_until = NULL, updated_at = ?2 "
	    "WHERE id = ?1 AND state = 'in_flight'", "ii", r->id, clock_now());
	if (rc == TP_OK)
		rc = set_sent(db, r->id, r->prev_sent_at, e);
	return db_end(db, rc, e);
}

int
outbox_wait(struct db *db, const struct outbox_row *r, int64_t until,
    const char *msg, struct err *e)
{
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e,
	    "UPDATE outbox SET state = 'pending', attempts = max(attempts - 1, "
	    "0), lease_owner = NULL, lease_until = NULL, updated_at = ?2, "
	    "next_try_at = ?3, last_error = ?4 WHERE id = ?1 AND state = "
	    "'in_flight'", "iiit", r->id, clock_now(), until, msg);
	if (rc == TP_OK)
		rc = set_sent(db, r->id, r->prev_sent_at, e);
	return db_end(db, rc, e);
}

int
outbox_done(struct db *db, const struct outbox_row *r, const char *remote_id,
    int http_status, struct err *e)
{
	const struct entity_map *m = entity_find(r->entity);
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = TP_OK;
	if (remote_id != NULL && m != NULL && strcmp(r->op, "create") == 0)
		rc = db_exec(db, e, m->set_remote, "it", r->local_id, remote_id);
	if (rc == TP_OK)
		rc = db_exec(db, e,
		    "UPDATE outbox SET state = 'done', remote_id = ?2, "
		    "http_status = ?3, last_error = NULL, lease_owner = NULL, "
		    "lease_until = NULL, updated_at = ?4 WHERE id = ?1",
		    "itii", r->id, remote_id, (int64_t)http_status, clock_now());
	if (rc == TP_OK)
		rc = set_sent(db, r->id, 0, e);
	if (rc == TP_OK)
		rc = sync_note_success(db, e);
	return db_end(db, rc, e);
}

int
outbox_retry(struct db *db, const struct outbox_row *r, int64_t next_try_at,
    int settled, int http_status, const char *msg, struct err *e)
{
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e,
	    "UPDATE outbox SET state = 'pending', next_try_at = ?2, "
	    "http_status = ?3, last_error = ?4, lease_owner = NULL, "
	    "lease_until = NULL, updated_at = ?5 WHERE id = ?1",
	    "iIiti", r->id, next_try_at, (int64_t)http_status, msg, clock_now());
	if (rc == TP_OK && settled)
		rc = set_sent(db, r->id, 0, e);
	return db_end(db, rc, e);
}

int
outbox_fail(struct db *db, const struct outbox_row *r, const char *state,
    int http_status, const char *msg, struct err *e)
{
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e,
	    "UPDATE outbox SET state = ?2, http_status = ?3, last_error = ?4, "
	    "lease_owner = NULL, lease_until = NULL, updated_at = ?5 "
	    "WHERE id = ?1", "itIti", r->id, state, (int64_t)http_status, msg,
	    clock_now());
	if (rc == TP_OK)
		rc = set_sent(db, r->id, 0, e);
	return db_end(db, rc, e);
}

int
outbox_requeue_prefixed(struct db *db, const char *prefix, int *n,
    struct err *e)
{
	int rc = db_exec(db, e, "UPDATE outbox SET state = 'pending', "
	    "next_try_at = 0, last_error = NULL, updated_at = ?2 WHERE state = "
	    "'failed' AND substr(last_error, 1, length(?1)) = ?1", "ti", prefix,
	    clock_now());

	*n = rc == TP_OK ? db_changes(db) : 0;
	return rc;
}

int
outbox_prune(struct db *db, int64_t before, int *n, struct err *e)
{
	int rc = db_exec(db, e, "DELETE FROM outbox WHERE state = 'done' AND "
	    "updated_at < ?1", "i", before);

	*n = rc == TP_OK ? db_changes(db) : 0;
	return rc;
}

int
outbox_mark_unsupported(struct db *db, const char *entity, const char *op,
    const char *allowed, const char *msg, int *n, struct err *e)
{
	int rc = db_exec(db, e,
	    "UPDATE outbox SET state = 'unsupported', last_error = ?3, "
	    "updated_at = ?4 WHERE state = 'pending' AND entity = ?1 "
	    "AND (?2 IS NULL OR op = ?2) AND (?5 IS NULL OR EXISTS (SELECT 1 "
	    "FROM json_each(fields) f WHERE f.key NOT IN (SELECT value FROM "
	    "json_each(?5))))", "tttit", entity, op, msg, clock_now(), allowed);

	*n = rc == TP_OK ? db_changes(db) : 0;
	return rc;
}

int64_t
outbox_backoff(int64_t attempt, int64_t base, int64_t cap)
{
	int64_t ceiling = base;

	for (int64_t i = 0; i < attempt && ceiling < cap; i++)
		ceiling *= 2;
	if (ceiling > cap)
		ceiling = cap;
	if (ceiling <= 0)
		return 0;
	return (int64_t)(random() % (ceiling + 1));
}
