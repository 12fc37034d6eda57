/* timeentry.c - see timeentry.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/event.h"
#include "core/text.h"
#include "service/balance.h"
#include "service/timeentry.h"

/* The client the work is for, through the ticket or the project. */
static int
owner_client(struct db *db, const struct time_new *t, int64_t *client_id,
    struct err *e)
{
	if (t->ticket_id != 0) {
		if (db_int(db, e, client_id, "SELECT client_id FROM tickets WHERE "
		    "id = ?1", "i", t->ticket_id) != TP_OK)
			return err_set(e, TP_NOTFOUND, "ticket %lld not found",
			    (long long)t->ticket_id);
		return TP_OK;
	}
	if (t->project_id != 0) {
		if (db_int(db, e, client_id, "SELECT client_id FROM projects WHERE "
		    "id = ?1", "i", t->project_id) != TP_OK)
			return err_set(e, TP_NOTFOUND, "project %lld not found",
			    (long long)t->project_id);
		return TP_OK;
	}
	return err_set(e, TP_BADINPUT, "time needs a ticket or a project");
}

static int
insert(struct db *db, const struct time_new *t, int64_t client_id,
    int64_t *id, struct err *e)
{
	char today[CLOCK_DATE_LEN], line[120], payload[64];
	const char *date = t->work_date;
	int64_t now = clock_now(), x;
	struct event ev = { EV_TIME_LOGGED, "time_entry", 0, client_id, payload,
	    line, "create" };

	clock_today(today);
	if (date == NULL)
		date = today;
	else if (clock_check_date(date, e) != TP_OK)
		return err_field(e, e->code, "work_date");
	/* Work is logged when it is done; a date ahead would be billed for
	 * work nobody did yet. */
	if (strcmp(date, today) > 0)
		return err_set_field(e, TP_BADINPUT, "work_date", "work date "
		    "'%s' is after today (%s): time is logged for work done",
		    date, today);
	if (text_check(t->note, "note", 0, TEXT_MULTILINE, e) != TP_OK)
		return e->code;
	if (db_int(db, e, &x, "SELECT id FROM users WHERE id = ?1", "i",
	    t->user_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "user %lld not found",
		    (long long)t->user_id);
	if (db_exec(db, e,
	    "INSERT INTO time_entries(ticket_id, project_id, user_id, work_date, "
	    "minutes, billable, note, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
	    "IIitiiti", t->ticket_id, t->project_id, t->user_id, date,
	    t->minutes, (int64_t)!t->not_billable, t->note, now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	if (t->ticket_id)
		snprintf(payload, sizeof payload, "{\"ticket_id\":%lld}",
		    (long long)t->ticket_id);
	else
		snprintf(payload, sizeof payload, "{\"project_id\":%lld}",
		    (long long)t->project_id);
	snprintf(line, sizeof line, "%lld min logged on %s %lld",
	    (long long)t->minutes, t->ticket_id ? "ticket" : "project",
	    (long long)(t->ticket_id ? t->ticket_id : t->project_id));
	if (event_emit(db, &ev, e) != TP_OK)
		return e->code;
	return balance_recompute(db, client_id, e);
}

int
time_log(struct db *db, const struct time_new *t, int64_t *id, struct err *e)
{
	int64_t client_id;

	if (t->minutes < 1 || t->minutes > 1440)
		return err_set(e, TP_BADINPUT, "bad minutes %lld: expected 1 to "
		    "1440", (long long)t->minutes);
	if (t->ticket_id != 0 && t->project_id != 0)
		return err_set(e, TP_BADINPUT, "time goes to a ticket or a "
		    "project, not both");
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (owner_client(db, t, &client_id, e) != TP_OK ||
	    insert(db, t, client_id, id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

/* The running timer ------------------------------------------------------- */

static int
running(struct db *db, int64_t user_id, int64_t *id, int64_t *ticket_id,
    int64_t *started_at, struct err *e)
{
	sqlite3_stmt *q;
	int rc;

	q = db_prepare(db, e, "SELECT id, coalesce(ticket_id, 0), started_at "
	    "FROM time_entries WHERE user_id = ?1 AND minutes IS NULL", "i",
	    user_id);
	if (q == NULL)
		return e->code;
	rc = db_step(db, q, e);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(q, 0);
		*ticket_id = sqlite3_column_int64(q, 1);
		*started_at = sqlite3_column_int64(q, 2);
	}
	sqlite3_reset(q);
	if (rc < 0)
		return e->code;
	return rc == SQLITE_ROW ? TP_OK : TP_NOTFOUND;
}

static int
check_user(struct db *db, int64_t user_id, struct err *e)
{
	int64_t x;

	if (db_int(db, e, &x, "SELECT id FROM users WHERE id = ?1", "i",
	    user_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "user %lld not found",
		    (long long)user_id);
	return TP_OK;
}

/* Name the ticket the running timer is on, so the person knows what to
 * stop. */
static int
refuse_running(struct db *db, int64_t ticket_id, int64_t elapsed,
    struct err *e)
{
	char *subject = NULL;
	int64_t number = 0;

	if (db_int(db, e, &number, "SELECT number FROM tickets WHERE id = ?1",
	    "i", ticket_id) != TP_OK ||
	    db_text(db, e, &subject, "SELECT subject FROM tickets WHERE id = ?1",
	    "i", ticket_id) != TP_OK)
		subject = NULL;
	err_set(e, TP_REFUSED, "a timer is already running on ticket %lld "
	    "(#%lld %.80s) for %lld min: stop it first (termpsa time stop)",
	    (long long)ticket_id, (long long)number, subject ? subject : "",
	    (long long)(elapsed > 0 ? elapsed / 60 : 0));
	free(subject);
	return e->code;
}

static int
do_start(struct db *db, int64_t ticket_id, int64_t user_id, int64_t *id,
    struct err *e)
{
	int64_t rid, rticket, since, now = clock_now();
	char *status = NULL, today[CLOCK_DATE_LEN];
	int rc;

	if (check_user(db, user_id, e) != TP_OK)
		return e->code;
	if (db_text(db, e, &status, "SELECT status FROM tickets WHERE id = ?1",
	    "i", ticket_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)ticket_id);
	rc = strcmp(status ? status : "", "closed") == 0;
	free(status);
	if (rc)
		return err_set(e, TP_REFUSED, "ticket %lld is closed",
		    (long long)ticket_id);
	rc = running(db, user_id, &rid, &rticket, &since, e);
	if (rc == TP_OK)
		return refuse_running(db, rticket, now - since, e);
	if (rc != TP_NOTFOUND)
		return e->code;
	clock_today(today);
	if (db_exec(db, e, "INSERT INTO time_entries(ticket_id, user_id, "
	    "work_date, started_at, billable, created_at, updated_at) VALUES "
	    "(?1, ?2, ?3, ?4, 1, ?4, ?4)", "iiti", ticket_id, user_id, today,
	    now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	return TP_OK;
}

int
time_start(struct db *db, int64_t ticket_id, int64_t user_id, int64_t *id,
    struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (do_start(db, ticket_id, user_id, id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

static int
do_stop(struct db *db, int64_t user_id, int64_t *id, int64_t *minutes,
    struct err *e)
{
	int64_t rid, ticket_id, since, client_id, now = clock_now(), m;
	char line[120], payload[64];
	struct event ev = { EV_TIME_LOGGED, "time_entry", 0, 0, payload, line,
	    "create" };
	int rc;

	if (check_user(db, user_id, e) != TP_OK)
		return e->code;
	rc = running(db, user_id, &rid, &ticket_id, &since, e);
	if (rc == TP_NOTFOUND)
		return err_set(e, TP_REFUSED, "no timer is running");
	if (rc != TP_OK)
		return e->code;
	/* Started minutes count whole: 29 min 10 s is 30 minutes, and
	 * started increments too (6: 31 min is 36).  A day is the most one
	 * entry holds (a timer forgotten overnight). */
	m = now > since ? (now - since + 59) / 60 : 1;
	if (m < 1)
		m = 1;
	if (db->timer_rounding > 1)
		m = (m + db->timer_rounding - 1) / db->timer_rounding *
		    db->timer_rounding;
	if (m > 1440)
		m = 1440;
	if (db_exec(db, e, "UPDATE time_entries SET minutes = ?2, updated_at = "
	    "?3 WHERE id = ?1", "iii", rid, m, now) != TP_OK ||
	    db_int(db, e, &client_id, "SELECT client_id FROM tickets WHERE "
	    "id = ?1", "i", ticket_id) != TP_OK)
		return e->code;
	ev.entity_id = rid;
	ev.client_id = client_id;
	snprintf(payload, sizeof payload, "{\"ticket_id\":%lld}",
	    (long long)ticket_id);
	snprintf(line, sizeof line, "%lld min logged on ticket %lld (timer)",
	    (long long)m, (long long)ticket_id);
	if (event_emit(db, &ev, e) != TP_OK ||
	    balance_recompute(db, client_id, e) != TP_OK)
		return e->code;
	*id = rid;
	*minutes = m;
	return TP_OK;
}

int
time_stop(struct db *db, int64_t user_id, int64_t *id, int64_t *minutes,
    struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (do_stop(db, user_id, id, minutes, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

static int
do_discard(struct db *db, int64_t user_id, int64_t *ticket_id,
    int64_t *seconds, struct err *e)
{
	int64_t rid, since;
	int rc;

	if (check_user(db, user_id, e) != TP_OK)
		return e->code;
	rc = running(db, user_id, &rid, ticket_id, &since, e);
	if (rc == TP_NOTFOUND)
		return err_set(e, TP_REFUSED, "no timer is running");
	if (rc != TP_OK)
		return e->code;
	*seconds = clock_now() > since ? clock_now() - since : 0;
	/* A running timer was never TimeLogged (no event, no outbox row):
	 * dropping it leaves nothing to undo elsewhere. */
	return db_exec(db, e, "DELETE FROM time_entries WHERE id = ?1", "i",
	    rid);
}

int
time_discard(struct db *db, int64_t user_id, int64_t *ticket_id,
    int64_t *seconds, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (do_discard(db, user_id, ticket_id, seconds, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

int
time_status(struct db *db, int64_t user_id, struct rows *out, struct err *e)
{
	return rows_query(db, out, e,
	    "SELECT te.id, te.ticket_id, t.number, t.subject, c.name AS "
	    "client_name, te.started_at, max(0, ?2 - te.started_at) AS "
	    "elapsed_seconds FROM time_entries te LEFT JOIN tickets t ON "
	    "t.id = te.ticket_id LEFT JOIN clients c ON c.id = t.client_id "
	    "WHERE te.user_id = ?1 AND te.minutes IS NULL", "ii", user_id,
	    clock_now());
}

int
time_list(struct db *db, const struct time_filter *f, struct rows *out,
    struct err *e)
{
	if (f->limit < 0)
		return err_set(e, TP_BADINPUT, "bad limit %d", f->limit);
	/* billing: what billing makes of the entry (invoice.c bills the
	 * billable, uninvoiced, finished ones); non-billable time is never
	 * billed, whatever invoice it was imported with. */
	return rows_query(db, out, e,
	    "SELECT te.id, te.ticket_id, t.number, te.project_id, p.name AS "
	    "project_name, te.user_id, u.name AS user_name, te.work_date, "
	    "te.minutes, te.billable, te.invoice_id, i.number AS "
	    "invoice_number, CASE WHEN NOT te.billable THEN 'non-billable' "
	    "WHEN te.invoice_id IS NOT NULL THEN coalesce(i.number, "
	    "'invoiced') WHEN te.minutes IS NULL THEN 'running' ELSE "
	    "'billable' END AS billing, te.note, te.created_at "
	    "FROM time_entries te LEFT JOIN tickets t ON t.id = te.ticket_id "
	    "LEFT JOIN projects p ON p.id = te.project_id "
	    "LEFT JOIN users u ON u.id = te.user_id "
	    "LEFT JOIN invoices i ON i.id = te.invoice_id "
	    "WHERE (?1 = 0 OR te.ticket_id = ?1) AND (?2 = 0 OR te.project_id "
	    "= ?2) AND (?3 = 0 OR te.user_id = ?3) AND (?4 = 0 OR "
	    "te.invoice_id IS NULL) ORDER BY te.work_date DESC, te.id DESC "
	    "LIMIT ?5", "iiiii", f->ticket_id, f->project_id, f->user_id,
	    (int64_t)(f->uninvoiced != 0), (int64_t)(f->limit ? f->limit : 100));
}

void
time_sum(const struct rows *r, int64_t *total, int64_t *unbilled)
{
	*total = 0;
	*unbilled = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (rows_isnull(r, i, "minutes"))
			continue;
		*total += rows_int(r, i, "minutes");
		if (strcmp(rows_text(r, i, "billing"), "billable") == 0)
			*unbilled += rows_int(r, i, "minutes");
	}
}
