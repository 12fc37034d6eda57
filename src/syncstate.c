/* syncstate.c - see syncstate.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "activity.h"
#include "clock.h"
#include "syncstate.h"

/* --- helpers ------------------------------------------------------------- */

/* Is pid a live process on this host?  (EPERM: alive, someone else's.) */
static int
pid_alive(int64_t pid)
{
	if (pid <= 0)
		return 0;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

static int
commit_or_rollback(struct db *db, int rc, struct err *e)
{
	if (rc != TP_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, e);
}

static int64_t
count_state(struct db *db, const char *state, struct err *e, int *rc)
{
	int64_t n = 0;

	if (*rc == TP_OK)
		*rc = db_int(db, e, &n,
		    "SELECT count(*) FROM outbox WHERE state = ?1", "t", state);
	return n;
}

/* --- summary ------------------------------------------------------------- */

int
sync_summary(struct db *db, struct sync_summary *s, struct err *e)
{
	sqlite3_stmt *st;
	int rc = TP_OK;

	memset(s, 0, sizeof *s);
	s->pending = count_state(db, "pending", e, &rc);
	s->failed = count_state(db, "failed", e, &rc);
	s->in_flight = count_state(db, "in_flight", e, &rc);
	s->unsupported = count_state(db, "unsupported", e, &rc);
	if (rc == TP_OK)
		rc = db_int(db, e, &s->conflicts, "SELECT (SELECT count(*) FROM "
		    "sync_conflicts WHERE state = 'open') + (SELECT count(*) FROM "
		    "outbox WHERE state = 'conflict')", NULL);
	if (rc != TP_OK)
		return rc;
	st = db_prepare(db, e,
	    "SELECT b.state, b.failures, coalesce(b.open_until, 0), "
	    "coalesce(m.last_success_at, 0), coalesce(m.last_error, ''), "
	    "coalesce((SELECT max(started_at) FROM sync_runs), 0), "
	    "EXISTS (SELECT 1 FROM sync_runs) "
	    "FROM sync_breaker b, sync_meta m WHERE b.id = 1 AND m.id = 1", "");
	if (st == NULL)
		return e->code;
	rc = db_step(db, st, e);
	if (rc == SQLITE_ROW) {
		snprintf(s->breaker_state, sizeof s->breaker_state, "%s",
		    (const char *)sqlite3_column_text(st, 0));
		s->breaker_failures = sqlite3_column_int64(st, 1);
		s->open_until = sqlite3_column_int64(st, 2);
		s->last_success_at = sqlite3_column_int64(st, 3);
		snprintf(s->last_error, sizeof s->last_error, "%s",
		    (const char *)sqlite3_column_text(st, 4));
		s->last_run_at = sqlite3_column_int64(st, 5);
		s->configured = sqlite3_column_int(st, 6);
	}
	sqlite3_reset(st);
	if (rc < 0)
		return e->code;
	if (strcmp(s->breaker_state, "closed") == 0)
		s->open_until = 0;
	return TP_OK;
}

int
sync_summary_json(struct db *db, const struct sync_summary *s,
    struct buf *out, struct err *e)
{
	char until[CLOCK_ISO_LEN], last[CLOCK_ISO_LEN];
	char *json = NULL;

	clock_format_iso(s->open_until, until);
	clock_format_iso(s->last_success_at, last);
	if (db_text(db, e, &json,
	    "SELECT json_object('configured', json(?1), 'pending', ?2, "
	    "'failed', ?3, 'in_flight', ?4, 'conflicts', ?5, 'unsupported', ?6, "
	    "'breaker', json_object('state', ?7, 'failures', ?8, "
	    "'open_until', ?9), 'last_success', ?10, 'last_error', ?11)",
	    "tiiiiitittt", s->configured ? "true" : "false", s->pending,
	    s->failed, s->in_flight, s->conflicts, s->unsupported,
	    s->breaker_state, s->breaker_failures,
	    s->open_until ? until : NULL, s->last_success_at ? last : NULL,
	    s->last_error[0] ? s->last_error : NULL) != TP_OK)
		return e->code;
	buf_add(out, json);
	free(json);
	return TP_OK;
}

/* --- circuit breaker ----------------------------------------------------- */

void
breaker_hhmm(int64_t ts, char out[8])
{
	time_t t = (time_t)ts;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(out, 8, "%H:%M", &tm) == 0)
		snprintf(out, 8, "--:--");
}

struct breaker_row {
	char    state[12];
	int64_t failures, open_until, open_for, probe_owner, probe_until;
};

static int
breaker_read(struct db *db, struct breaker_row *b, struct err *e)
{
	sqlite3_stmt *st = db_prepare(db, e,
	    "SELECT state, failures, coalesce(open_until, 0), open_for, "
	    "coalesce(probe_owner, 0), coalesce(probe_until, 0) "
	    "FROM sync_breaker WHERE id = 1", "");
	int rc;

	if (st == NULL)
		return e->code;
	rc = db_step(db, st, e);
	if (rc < 0)
		return e->code;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return err_set(e, TP_INTERNAL, "the breaker row is missing");
	}
	snprintf(b->state, sizeof b->state, "%s",
	    (const char *)sqlite3_column_text(st, 0));
	b->failures = sqlite3_column_int64(st, 1);
	b->open_until = sqlite3_column_int64(st, 2);
	b->open_for = sqlite3_column_int64(st, 3);
	b->probe_owner = sqlite3_column_int64(st, 4);
	b->probe_until = sqlite3_column_int64(st, 5);
	sqlite3_reset(st);
	return TP_OK;
}

static int
take_probe(struct db *db, const struct breaker_cfg *c, int announce,
    struct err *e)
{
	int64_t now = clock_now();

	if (db_exec(db, e,
	    "UPDATE sync_breaker SET state = 'half_open', probe_owner = ?1, "
	    "probe_until = ?2, updated_at = ?3 WHERE id = 1", "iii",
	    (int64_t)getpid(), now + (c->probe_lease > 0 ? c->probe_lease : 60),
	    now) != TP_OK)
		return e->code;
	if (!announce)
		return TP_OK;
	return activity_add(db, 0, "sync", 0,
	    "Sync breaker half-open: sending one probe", e);
}

int
breaker_allow(struct db *db, const struct breaker_cfg *c,
    enum breaker_decision *out, int64_t *until, struct err *e)
{
	struct breaker_row b;
	int64_t now = clock_now();
	int rc;

	*out = BREAKER_DENY;
	*until = 0;
	/* The common case, closed, needs no write lock. */
	if (breaker_read(db, &b, e) != TP_OK)
		return e->code;
	if (strcmp(b.state, "closed") == 0) {
		*out = BREAKER_GO;
		return TP_OK;
	}
	if (strcmp(b.state, "open") == 0 && now < b.open_until) {
		*until = b.open_until;    /* nor does a plain "still open" */
		return TP_OK;
	}
	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = breaker_read(db, &b, e);
	if (rc != TP_OK)
		return commit_or_rollback(db, rc, e);
	if (strcmp(b.state, "closed") == 0) {
		*out = BREAKER_GO;
	} else if (strcmp(b.state, "open") == 0) {
		if (now < b.open_until) {
			*until = b.open_until;
		} else {
			rc = take_probe(db, c, 1, e);
			*out = BREAKER_PROBE;
		}
	} else if (b.probe_owner == (int64_t)getpid()) {
		*out = BREAKER_PROBE;
	} else if (pid_alive(b.probe_owner) && now < b.probe_until) {
		*until = b.open_until;
	} else {
		/* The prober died or overran its lease: probe again. */
		rc = take_probe(db, c, 0, e);
		*out = BREAKER_PROBE;
	}
	return commit_or_rollback(db, rc, e);
}

int
breaker_success(struct db *db, struct err *e)
{
	struct breaker_row b;
	int rc;

	if (breaker_read(db, &b, e) != TP_OK)
		return e->code;
	if (strcmp(b.state, "closed") == 0 && b.failures == 0)
		return TP_OK;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = breaker_read(db, &b, e);
	if (rc == TP_OK && (strcmp(b.state, "closed") != 0 || b.failures != 0))
		rc = db_exec(db, e,
		    "UPDATE sync_breaker SET state = 'closed', failures = 0, "
		    "open_until = NULL, open_for = 0, probe_owner = NULL, "
		    "probe_until = NULL, updated_at = ?1 WHERE id = 1", "i",
		    clock_now());
	if (rc == TP_OK && strcmp(b.state, "closed") != 0)
		rc = activity_add(db, 0, "sync", 0,
		    "Sync breaker closed: the PSA answers again", e);
	return commit_or_rollback(db, rc, e);
}

static int
breaker_open(struct db *db, int64_t open_for, int64_t failures,
    const char *why, struct err *e)
{
	int64_t now = clock_now();
	char hhmm[8], line[160];

	if (db_exec(db, e,
	    "UPDATE sync_breaker SET state = 'open', failures = ?1, "
	    "opened_at = ?2, open_until = ?3, open_for = ?4, probe_owner = NULL, "
	    "probe_until = NULL, updated_at = ?2 WHERE id = 1", "iiii",
	    failures, now, now + open_for, open_for) != TP_OK)
		return e->code;
	breaker_hhmm(now + open_for, hhmm);
	snprintf(line, sizeof line, "Sync breaker %s until %s (%lld s)", why,
	    hhmm, (long long)open_for);
	return activity_add(db, 0, "sync", 0, line, e);
}

int
breaker_failure(struct db *db, const struct breaker_cfg *c, int *opened,
    struct err *e)
{
	struct breaker_row b;
	int64_t threshold = c->threshold > 0 ? c->threshold : 5;
	int64_t first = c->open_seconds > 0 ? c->open_seconds : 30;
	int rc, now_open = 0;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = breaker_read(db, &b, e);
	if (rc != TP_OK)
		return commit_or_rollback(db, rc, e);
	if (strcmp(b.state, "closed") == 0) {
		if (b.failures + 1 >= threshold) {
			rc = breaker_open(db, first, b.failures + 1, "opened", e);
			now_open = 1;
		} else {
			rc = db_exec(db, e, "UPDATE sync_breaker SET failures = "
			    "failures + 1, updated_at = ?1 WHERE id = 1", "i",
			    clock_now());
		}
	} else if (strcmp(b.state, "half_open") == 0) {
		int64_t next = (b.open_for > 0 ? b.open_for : first) * 2;

		if (next > BREAKER_MAX_OPEN)
			next = BREAKER_MAX_OPEN;
		rc = breaker_open(db, next, b.failures + 1,
		    "probe failed: reopened", e);
		now_open = 1;
	} else {
		/* Already open (another process opened it meanwhile). */
		rc = db_exec(db, e, "UPDATE sync_breaker SET failures = "
		    "failures + 1, updated_at = ?1 WHERE id = 1", "i",
		    clock_now());
		now_open = 1;
	}
	if (opened != NULL)
		*opened = now_open;
	return commit_or_rollback(db, rc, e);
}

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
		return commit_or_rollback(db, e->code, e);
	while ((rc = db_step(db, st, e)) == SQLITE_ROW)
		owners[nowners++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc < 0)
		return commit_or_rollback(db, e->code, e);
	rc = TP_OK;
	for (int i = 0; i < nowners && rc == TP_OK; i++) {
		/* Our own pid holds nothing yet when a run starts: a row
		 * under it is a dead process's whose pid we reused. */
		if (pid_alive(owners[i]) && owners[i] != (int64_t)getpid())
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
	return commit_or_rollback(db, rc, e);
}

/* Ready: see outbox_claim.  The CASEs name the references of each entity;
 * a record that no longer exists counts as ready so the worker can say so
 * instead of leaving the row waiting forever. */
static const char claim_sql[] =
    "SELECT o.id, o.op_uuid, o.entity, o.local_id, o.op, o.fields, "
    "o.attempts FROM outbox o "
    "WHERE o.state = 'pending' AND o.next_try_at <= ?1 "
    "AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.entity = o.entity "
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
    "  ELSE 1 END, 1) "
    "ORDER BY o.id LIMIT 1";

int
outbox_claim(struct db *db, int lease_s, struct outbox_row *out,
    struct err *e)
{
	int64_t now = clock_now();
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (db_begin(db, e) != TP_OK)
		return e->code;
	st = db_prepare(db, e, claim_sql, "i", now);
	if (st == NULL)
		return commit_or_rollback(db, e->code, e);
	rc = db_step(db, st, e);
	if (rc < 0)
		return commit_or_rollback(db, e->code, e);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		db_rollback(db);
		return TP_NOTFOUND;
	}
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->op_uuid, sizeof out->op_uuid, "%s",
	    (const char *)sqlite3_column_text(st, 1));
	snprintf(out->entity, sizeof out->entity, "%s",
	    (const char *)sqlite3_column_text(st, 2));
	out->local_id = sqlite3_column_int64(st, 3);
	snprintf(out->op, sizeof out->op, "%s",
	    (const char *)sqlite3_column_text(st, 4));
	out->fields = xstrdup((const char *)sqlite3_column_text(st, 5));
	out->attempts = sqlite3_column_int64(st, 6) + 1;
	sqlite3_reset(st);
	rc = db_exec(db, e,
	    "UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, "
	    "lease_until = ?2, lease_owner = ?3, updated_at = ?4 WHERE id = ?1",
	    "iiii", out->id, now + (lease_s > 0 ? lease_s : 60),
	    (int64_t)getpid(), now);
	rc = commit_or_rollback(db, rc, e);
	if (rc != TP_OK)
		outbox_row_free(out);
	return rc;
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
		rc = sync_note_success(db, e);
	return commit_or_rollback(db, rc, e);
}

int
outbox_retry(struct db *db, const struct outbox_row *r, int64_t next_try_at,
    int http_status, const char *msg, struct err *e)
{
	return db_exec(db, e,
	    "UPDATE outbox SET state = 'pending', next_try_at = ?2, "
	    "http_status = ?3, last_error = ?4, lease_owner = NULL, "
	    "lease_until = NULL, updated_at = ?5 WHERE id = ?1",
	    "iIiti", r->id, next_try_at, (int64_t)http_status, msg, clock_now());
}

int
outbox_fail(struct db *db, const struct outbox_row *r, const char *state,
    int http_status, const char *msg, struct err *e)
{
	return db_exec(db, e,
	    "UPDATE outbox SET state = ?2, http_status = ?3, last_error = ?4, "
	    "lease_owner = NULL, lease_until = NULL, updated_at = ?5 "
	    "WHERE id = ?1", "itIti", r->id, state, (int64_t)http_status, msg,
	    clock_now());
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
    const char *msg, int *n, struct err *e)
{
	int rc = db_exec(db, e,
	    "UPDATE outbox SET state = 'unsupported', last_error = ?3, "
	    "updated_at = ?4 WHERE state = 'pending' AND entity = ?1 "
	    "AND (?2 IS NULL OR op = ?2)", "ttti", entity, op, msg, clock_now());

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

/* --- the technician's actions --------------------------------------------- */

static int
row_state(struct db *db, int64_t id, char **state, struct err *e)
{
	int rc = db_text(db, e, state, "SELECT state FROM outbox WHERE id = ?1",
	    "i", id);

	if (rc == TP_NOTFOUND)
		return err_set(e, TP_NOTFOUND, "outbox row %lld not found",
		    (long long)id);
	return rc;
}

int
sync_retry(struct db *db, int64_t id, struct err *e)
{
	char *state = NULL;
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = row_state(db, id, &state, e);
	if (rc == TP_OK && strcmp(state, "failed") != 0 &&
	    strcmp(state, "unsupported") != 0 && strcmp(state, "conflict") != 0)
		rc = err_set(e, TP_REFUSED, "outbox row %lld is %s: only failed, "
		    "unsupported or conflict rows can be retried", (long long)id,
		    state);
	if (rc == TP_OK)
		rc = db_exec(db, e, "UPDATE outbox SET state = 'pending', "
		    "next_try_at = 0, updated_at = ?2 WHERE id = ?1",
		    "ii", id, clock_now());
	if (rc == TP_OK) {
		char line[96];

		snprintf(line, sizeof line, "Sync: outbox row %lld queued again",
		    (long long)id);
		rc = activity_add(db, 0, "outbox", id, line, e);
	}
	free(state);
	return commit_or_rollback(db, rc, e);
}

int
sync_retry_failed(struct db *db, int *n, struct err *e)
{
	int rc;

	*n = 0;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e, "UPDATE outbox SET state = 'pending', "
	    "next_try_at = 0, updated_at = ?1 WHERE state = 'failed'", "i",
	    clock_now());
	if (rc == TP_OK)
		*n = db_changes(db);
	if (rc == TP_OK && *n > 0) {
		char line[96];

		snprintf(line, sizeof line, "Sync: %d failed outbox row%s queued "
		    "again", *n, *n == 1 ? "" : "s");
		rc = activity_add(db, 0, "outbox", 0, line, e);
	}
	return commit_or_rollback(db, rc, e);
}

int
sync_discard(struct db *db, int64_t id, struct err *e)
{
	char *state = NULL;
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = row_state(db, id, &state, e);
	if (rc == TP_OK && (strcmp(state, "in_flight") == 0 ||
	    strcmp(state, "done") == 0))
		rc = err_set(e, TP_REFUSED, "outbox row %lld is %s: it cannot be "
		    "discarded", (long long)id, state);
	if (rc == TP_OK)
		rc = db_exec(db, e, "DELETE FROM outbox WHERE id = ?1", "i", id);
	if (rc == TP_OK) {
		char line[96];

		snprintf(line, sizeof line, "Sync: outbox row %lld discarded "
		    "(the local record stays)", (long long)id);
		rc = activity_add(db, 0, "outbox", id, line, e);
	}
	free(state);
	return commit_or_rollback(db, rc, e);
}

int
sync_outbox_list(struct db *db, const char *state, int limit,
    struct rows *out, struct err *e)
{
	return sync_outbox_list_after(db, state, 0, limit, out, e);
}

#define OUTBOX_COLS "SELECT id, op_uuid, entity, local_id, op, fields, " \
	"state, attempts, next_try_at, last_error, http_status, remote_id, " \
	"created_at, updated_at FROM outbox "

int
sync_outbox_list_after(struct db *db, const char *state, int64_t after_id,
    int limit, struct rows *out, struct err *e)
{
	/* A bound on the sort key (id), so the first window starts below
	 * every id; one statement per shape so each keeps its index. */
	int64_t below = after_id > 0 ? after_id : INT64_MAX;
	int64_t n = limit > 0 ? limit : 100;

	if (state != NULL)
		return rows_query(db, out, e, OUTBOX_COLS "WHERE state = ?1 "
		    "AND id < ?2 ORDER BY id DESC LIMIT ?3", "tii", state,
		    below, n);
	return rows_query(db, out, e, OUTBOX_COLS "WHERE state <> 'done' "
	    "AND id < ?1 ORDER BY id DESC LIMIT ?2", "ii", below, n);
}

int
sync_conflict_list_after(struct db *db, int64_t after_id, int limit,
    struct rows *out, struct err *e)
{
	int64_t below = after_id > 0 ? after_id : INT64_MAX;

	return rows_query(db, out, e,
	    "SELECT k.id, k.entity, k.local_id, t.number, t.subject, k.field, "
	    "k.local_value, k.remote_value, k.created_at FROM sync_conflicts k "
	    "LEFT JOIN tickets t ON k.entity = 'ticket' AND t.id = k.local_id "
	    "WHERE k.state = 'open' AND k.id < ?1 ORDER BY k.id DESC "
	    "LIMIT ?2", "ii", below, (int64_t)(limit > 0 ? limit : 100));
}

int
sync_conflict_list(struct db *db, struct rows *out, struct err *e)
{
	return rows_query(db, out, e,
	    "SELECT k.id, k.entity, k.local_id, t.number, t.subject, k.field, "
	    "k.local_value, k.remote_value, k.created_at FROM sync_conflicts k "
	    "LEFT JOIN tickets t ON k.entity = 'ticket' AND t.id = k.local_id "
	    "WHERE k.state = 'open' ORDER BY k.id", "");
}

/* Take the remote value of one ticket field; the field names are fixed
 * here, never taken from the row as SQL. */
static int
take_remote(struct db *db, int64_t ticket, const char *field,
    const char *value, struct err *e)
{
	int64_t now = clock_now();

	if (strcmp(field, "status") == 0)
		return db_exec(db, e, "UPDATE tickets SET status = ?2, "
		    "updated_at = ?3 WHERE id = ?1", "iti", ticket, value, now);
	if (strcmp(field, "priority") == 0)
		return db_exec(db, e, "UPDATE tickets SET priority = ?2, "
		    "updated_at = ?3 WHERE id = ?1", "iti", ticket, value, now);
	if (strcmp(field, "assigned_to") == 0)
		return db_exec(db, e, "UPDATE tickets SET assigned_to = "
		    "(SELECT id FROM users WHERE name = ?2), updated_at = ?3 "
		    "WHERE id = ?1", "iti", ticket, value, now);
	return err_set(e, TP_INTERNAL, "conflict on unknown field %s", field);
}

int
sync_conflict_resolve(struct db *db, int64_t id, int keep_local,
    struct err *e)
{
	struct rows r = { 0 };
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = rows_query(db, &r, e, "SELECT entity, local_id, field, "
	    "remote_value FROM sync_conflicts WHERE id = ?1 AND state = 'open'",
	    "i", id);
	if (rc == TP_OK && r.n == 0)
		rc = err_set(e, TP_NOTFOUND, "conflict %lld not found",
		    (long long)id);
	if (rc == TP_OK && !keep_local) {
		int64_t local = rows_int(&r, 0, "local_id");
		const char *field = rows_text(&r, 0, "field");

		rc = take_remote(db, local, field,
		    rows_isnull(&r, 0, "remote_value") ? NULL :
		    rows_text(&r, 0, "remote_value"), e);
		/* Drop the unsent change of that field: remove it from the
		 * pending rows, and delete rows left with nothing to send. */
		if (rc == TP_OK)
			rc = db_exec(db, e, "UPDATE outbox SET fields = "
			    "json_remove(fields, '$.' || ?3) WHERE entity = ?1 "
			    "AND local_id = ?2 AND op = 'update' AND state IN "
			    "('pending', 'failed', 'conflict')", "tit",
			    rows_text(&r, 0, "entity"), local, field);
		if (rc == TP_OK)
			rc = db_exec(db, e, "DELETE FROM outbox WHERE entity = ?1 "
			    "AND local_id = ?2 AND op = 'update' AND fields = '{}' "
			    "AND state IN ('pending', 'failed', 'conflict')", "ti",
			    rows_text(&r, 0, "entity"), local);
	}
	if (rc == TP_OK)
		rc = db_exec(db, e, "UPDATE sync_conflicts SET state = ?2, "
		    "resolved_at = ?3 WHERE id = ?1", "iti", id,
		    keep_local ? "kept_local" : "took_remote", clock_now());
	rows_free(&r);
	return commit_or_rollback(db, rc, e);
}

int
sync_note_success(struct db *db, struct err *e)
{
	return db_exec(db, e, "UPDATE sync_meta SET last_success_at = ?1 "
	    "WHERE id = 1", "i", clock_now());
}

int
sync_note_error(struct db *db, const char *msg, struct err *e)
{
	return db_exec(db, e, "UPDATE sync_meta SET last_error = ?1, "
	    "last_error_at = ?2 WHERE id = 1", "ti", msg, clock_now());
}
