/* syncstate.c - see syncstate.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "service/activity.h"
#include "service/breaker.h"
#include "service/syncstate.h"

/* --- helpers ------------------------------------------------------------- */

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

/* An outbox row in state 'conflict' that an open conflict on its record
 * explains: the worker held it (the PSA changed the field too), or the
 * pull found the same change after a 412.  Counted and listed once, as
 * that conflict; only the rows it does not explain are stale rows of
 * their own.  o is the outbox row. */
#define HELD_BY_CONFLICT "EXISTS (SELECT 1 FROM sync_conflicts k WHERE " \
	"k.state = 'open' AND k.entity = o.entity AND k.local_id = o.local_id)"

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
		    "outbox o WHERE state = 'conflict' AND NOT " HELD_BY_CONFLICT
		    ")", NULL);
	if (rc != TP_OK)
		return rc;
	st = db_prepare(db, e,
	    "SELECT b.state, b.failures, coalesce(b.open_until, 0), "
	    "coalesce(m.last_success_at, 0), coalesce(m.last_error, ''), "
	    "coalesce((SELECT max(started_at) FROM sync_runs), 0), "
	    "EXISTS (SELECT 1 FROM sync_runs), coalesce((SELECT error FROM "
	    "sync_auth WHERE id = 1), '') "
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
		snprintf(s->auth_error, sizeof s->auth_error, "%s",
		    (const char *)sqlite3_column_text(st, 7));
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
	    "'open_until', ?9), 'last_success', ?10, 'last_error', ?11, "
	    "'auth_error', ?12)",
	    "tiiiiititttt", s->configured ? "true" : "false", s->pending,
	    s->failed, s->in_flight, s->conflicts, s->unsupported,
	    s->breaker_state, s->breaker_failures,
	    s->open_until ? until : NULL, s->last_success_at ? last : NULL,
	    s->last_error[0] ? s->last_error : NULL,
	    s->auth_error[0] ? s->auth_error : NULL) != TP_OK)
		return e->code;
	buf_add(out, json);
	free(json);
	return TP_OK;
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
	return db_end(db, rc, e);
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
	return db_end(db, rc, e);
}

/* The unsent rows that can only follow outbox row ?1: when it creates a
 * record the PSA never got, every later row of that record and every row
 * of the records that wait on it for a remote id, transitively (a
 * client's contacts, locations, tickets, assets, invoices and payments; a
 * ticket's notes and time; an invoice's payments: the references
 * outbox.c's claim waits on).  A record that has a remote id of its own
 * needs nothing from its parent and stops the walk; an entity without a
 * remote id (a user) sends its changes without its create, so its row
 * has no dependents. */
static const char dependents_sql[] =
    "WITH RECURSIVE gone(entity, local_id) AS ("
    " SELECT o.entity, o.local_id FROM outbox o WHERE o.id = ?1 AND"
    "  o.op = 'create' AND (CASE o.entity"
    "  WHEN 'client' THEN (SELECT remote_id IS NULL FROM clients WHERE id = o.local_id)"
    "  WHEN 'client_contact' THEN (SELECT remote_id IS NULL FROM client_contacts WHERE id = o.local_id)"
    "  WHEN 'client_location' THEN (SELECT remote_id IS NULL FROM client_locations WHERE id = o.local_id)"
    "  WHEN 'ticket' THEN (SELECT remote_id IS NULL FROM tickets WHERE id = o.local_id)"
    "  WHEN 'ticket_note' THEN (SELECT remote_id IS NULL FROM ticket_notes WHERE id = o.local_id)"
    "  WHEN 'time_entry' THEN (SELECT remote_id IS NULL FROM time_entries WHERE id = o.local_id)"
    "  WHEN 'asset' THEN (SELECT remote_id IS NULL FROM assets WHERE id = o.local_id)"
    "  WHEN 'invoice' THEN (SELECT remote_id IS NULL FROM invoices WHERE id = o.local_id)"
    "  WHEN 'payment' THEN (SELECT remote_id IS NULL FROM payments WHERE id = o.local_id)"
    "  ELSE 0 END) IS NOT 0"
    " UNION SELECT 'client_contact', x.id FROM gone g JOIN client_contacts x"
    "  ON g.entity = 'client' AND x.client_id = g.local_id WHERE x.remote_id IS NULL"
    " UNION SELECT 'client_location', x.id FROM gone g JOIN client_locations x"
    "  ON g.entity = 'client' AND x.client_id = g.local_id WHERE x.remote_id IS NULL"
    " UNION SELECT 'ticket', x.id FROM gone g JOIN tickets x"
    "  ON g.entity = 'client' AND x.client_id = g.local_id WHERE x.remote_id IS NULL"
    " UNION SELECT 'asset', x.id FROM gone g JOIN assets x"
    "  ON g.entity = 'client' AND x.client_id = g.local_id WHERE x.remote_id IS NULL"
    " UNION SELECT 'invoice', x.id FROM gone g JOIN invoices x"
    "  ON g.entity = 'client' AND x.client_id = g.local_id WHERE x.remote_id IS NULL"
    " UNION SELECT 'payment', x.id FROM gone g JOIN payments x"
    "  ON g.entity = 'client' AND x.client_id = g.local_id WHERE x.remote_id IS NULL"
    " UNION SELECT 'payment', x.id FROM gone g JOIN payments x"
    "  ON g.entity = 'invoice' AND x.invoice_id = g.local_id WHERE x.remote_id IS NULL"
    " UNION SELECT 'ticket_note', x.id FROM gone g JOIN ticket_notes x"
    "  ON g.entity = 'ticket' AND x.ticket_id = g.local_id WHERE x.remote_id IS NULL"
    " UNION SELECT 'time_entry', x.id FROM gone g JOIN time_entries x"
    "  ON g.entity = 'ticket' AND x.ticket_id = g.local_id WHERE x.remote_id IS NULL"
    ") SELECT o.id, o.entity, o.local_id, o.op, o.state FROM outbox o"
    " JOIN gone g ON o.entity = g.entity AND o.local_id = g.local_id"
    " WHERE o.id <> ?1 AND o.state <> 'done' ORDER BY o.id";

int
sync_dependents(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	return rows_query(db, out, e, dependents_sql, "i", id);
}

int
sync_discard(struct db *db, int64_t id, struct rows *also, struct err *e)
{
	struct rows dep = { 0 };
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
		rc = rows_query(db, &dep, e, dependents_sql, "i", id);
	/* All or nothing: a row being sent (it should not be, it waits on
	 * this one) keeps the lot. */
	for (size_t i = 0; rc == TP_OK && i < dep.n; i++)
		if (strcmp(rows_text(&dep, i, "state"), "in_flight") == 0)
			rc = err_set(e, TP_REFUSED, "outbox row %lld, which can only "
			    "follow outbox row %lld, is being sent: nothing "
			    "discarded (try again when the sync run ends)",
			    (long long)rows_int(&dep, i, "id"), (long long)id);
	for (size_t i = 0; rc == TP_OK && i < dep.n; i++)
		rc = db_exec(db, e, "DELETE FROM outbox WHERE id = ?1", "i",
		    rows_int(&dep, i, "id"));
	if (rc == TP_OK)
		rc = db_exec(db, e, "DELETE FROM outbox WHERE id = ?1", "i", id);
	if (rc == TP_OK) {
		char line[160];

		if (dep.n > 0)
			snprintf(line, sizeof line, "Sync: outbox row %lld discarded "
			    "with the %zu row%s that could only follow it (the local "
			    "records stay)", (long long)id, dep.n, dep.n == 1 ? "" :
			    "s");
		else
			snprintf(line, sizeof line, "Sync: outbox row %lld discarded "
			    "(the local record stays)", (long long)id);
		rc = activity_add(db, 0, "outbox", id, line, e);
	}
	free(state);
	rc = db_end(db, rc, e);
	if (rc == TP_OK && also != NULL)
		*also = dep;
	else
		rows_free(&dep);
	return rc;
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
	    "k.local_value, k.remote_value, k.created_at, (SELECT min(o.id) "
	    "FROM outbox o WHERE o.entity = k.entity AND o.local_id = "
	    "k.local_id AND o.state = 'conflict') AS outbox_id "
	    "FROM sync_conflicts k "
	    "LEFT JOIN tickets t ON k.entity = 'ticket' AND t.id = k.local_id "
	    "WHERE k.state = 'open' ORDER BY k.id", "");
}

int
sync_stale_list(struct db *db, int limit, struct rows *out, struct err *e)
{
	return rows_query(db, out, e, OUTBOX_COLS "o WHERE state = 'conflict' "
	    "AND NOT " HELD_BY_CONFLICT " ORDER BY id DESC LIMIT ?1", "i",
	    (int64_t)(limit > 0 ? limit : 100));
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
		 * rows not sent (also those the PSA cannot take), and delete
		 * rows left with nothing to send. */
		if (rc == TP_OK)
			rc = db_exec(db, e, "UPDATE outbox SET fields = "
			    "json_remove(fields, '$.' || ?3) WHERE entity = ?1 "
			    "AND local_id = ?2 AND op IN ('update', 'resolve') AND "
			    "state IN ('pending', 'failed', 'conflict', "
			    "'unsupported')", "tit", rows_text(&r, 0, "entity"),
			    local, field);
		if (rc == TP_OK)
			rc = db_exec(db, e, "DELETE FROM outbox WHERE entity = ?1 "
			    "AND local_id = ?2 AND op IN ('update', 'resolve') AND "
			    "fields = '{}' AND state IN ('pending', 'failed', "
			    "'conflict', 'unsupported')", "ti",
			    rows_text(&r, 0, "entity"), local);
	}
	/* Either way the technician has seen the PSA's value: it becomes the
	 * base the next check compares with, and a row held back by the
	 * conflict may go (carrying the local value, or what is left). */
	if (rc == TP_OK)
		rc = db_exec(db, e, "UPDATE sync_shadow SET data = json_set(data, "
		    "'$.' || ?3, ?4) WHERE entity = ?1 AND local_id = ?2", "titt",
		    rows_text(&r, 0, "entity"), rows_int(&r, 0, "local_id"),
		    rows_text(&r, 0, "field"), rows_isnull(&r, 0, "remote_value") ?
		    NULL : rows_text(&r, 0, "remote_value"));
	if (rc == TP_OK)
		rc = db_exec(db, e, "UPDATE outbox SET state = 'pending', "
		    "next_try_at = 0, updated_at = ?3 WHERE entity = ?1 AND "
		    "local_id = ?2 AND state = 'conflict' AND http_status IS NOT "
		    "412 AND NOT EXISTS (SELECT 1 FROM sync_conflicts k WHERE "
		    "k.state = 'open' AND k.entity = ?1 AND k.local_id = ?2 AND "
		    "k.id <> ?4)", "tiii", rows_text(&r, 0, "entity"),
		    rows_int(&r, 0, "local_id"), clock_now(), id);
	if (rc == TP_OK)
		rc = db_exec(db, e, "UPDATE sync_conflicts SET state = ?2, "
		    "resolved_at = ?3 WHERE id = ?1", "iti", id,
		    keep_local ? "kept_local" : "took_remote", clock_now());
	rows_free(&r);
	return db_end(db, rc, e);
}

int
sync_note_success(struct db *db, struct err *e)
{
	return db_exec(db, e, "UPDATE sync_meta SET last_success_at = ?1 "
	    "WHERE id = 1", "i", clock_now());
}

int
sync_note_auth(struct db *db, const char *msg, struct err *e)
{
	int rc;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e, "UPDATE sync_auth SET error = ?1 WHERE id = 1", "t",
	    msg);
	if (rc == TP_OK)
		rc = sync_note_error(db, msg, e);
	return db_end(db, rc, e);
}

int
sync_note_run(struct db *db, int answered, int errors, struct err *e)
{
	int rc;

	if (answered <= 0)
		return TP_OK;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e, "UPDATE sync_meta SET last_success_at = ?1, "
	    "last_error = CASE WHEN ?2 THEN last_error END, last_error_at = "
	    "CASE WHEN ?2 THEN last_error_at END WHERE id = 1", "ii",
	    clock_now(), (int64_t)(errors > 0));
	if (rc == TP_OK)
		rc = db_exec(db, e, "UPDATE sync_auth SET error = NULL WHERE id = 1",
		    "");
	return db_end(db, rc, e);
}

int
sync_note_error(struct db *db, const char *msg, struct err *e)
{
	return db_exec(db, e, "UPDATE sync_meta SET last_error = ?1, "
	    "last_error_at = ?2 WHERE id = 1", "ti", msg, clock_now());
}
