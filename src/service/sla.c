/* sla.c - see sla.h. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bizcal.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/event.h"
#include "core/job.h"
#include "service/listeners.h"
#include "service/sla.h"

/* The installed policy. */
static struct bizcal cal;
static int64_t target_secs[4][2];   /* [priority rank][enum sla_target] */
static int configured;
/* The calendar's sums set TZ around them (bizcal.h: not from two threads
 * at once) and the UI's background reader computes clocks beside the UI's
 * own thread: one computation at a time. */
static pthread_mutex_t cal_mu = PTHREAD_MUTEX_INITIALIZER;

static const char *const target_names[2] = { "response", "resolve" };

static void
defaults(void)
{
	static const int64_t h = 3600, d = 36000;   /* a 10h business day */
	static const int64_t dflt[4][2] = {
		{ 3 * d, 10 * d }, { d, 3 * d }, { 4 * h, d }, { h, 4 * h }
	};

	bizcal_default(&cal);
	memcpy(target_secs, dflt, sizeof target_secs);
	configured = 1;
}

int
sla_configure(const struct config_sla *c, struct err *e)
{
	int64_t day;

	sla_release();
	defaults();
	if (c->hours && bizcal_parse_hours(&cal, c->hours, e) != TP_OK)
		goto bad;
	if (c->timezone && bizcal_set_zone(&cal, c->timezone, e) != TP_OK)
		goto bad;
	for (size_t i = 0; c->holidays && c->holidays[i]; i++)
		if (bizcal_add_holiday(&cal, c->holidays[i], e) != TP_OK)
			goto bad;
	day = bizcal_day_seconds(&cal);
	for (int p = 0; p < 4; p++) {
		for (int t = 0; t < 2; t++) {
			int64_t days, secs;

			if (c->target[p][t] == NULL)
				continue;
			if (bizcal_parse_duration(c->target[p][t], &days, &secs,
			    e) != TP_OK)
				goto bad;
			target_secs[p][t] = days * day + secs;
		}
	}
	return TP_OK;
bad:
	e->code = TP_INTERNAL;   /* config_load checked every value */
	return e->code;
}

void
sla_release(void)
{
	bizcal_free(&cal);
	configured = 0;
}

/* The clock arithmetic ------------------------------------------------- */

/* One row of the status history. */
struct step {
	int64_t at;
	int     running;    /* the clocks run in this status */
	int     done;       /* resolved or closed */
	int     open;
};

struct ticket_in {
	int64_t     created_at, first_public_note;
	int         rank;
	struct step *steps;
	size_t      n, cap;
};

static void
step_push(struct ticket_in *t, int64_t at, const char *status)
{
	struct step *s;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 8;
		t->steps = xrealloc(t->steps, t->cap * sizeof *t->steps);
	}
	s = &t->steps[t->n++];
	s->at = at;
	s->done = strcmp(status, "resolved") == 0 || strcmp(status, "closed") == 0;
	/* A scheduled ticket (planned maintenance, made a lead time ahead
	 * of its date) is not late before its work starts: its clocks
	 * stand still as a waiting one's do. */
	s->running = !s->done && strcmp(status, "waiting") != 0 &&
	    strcmp(status, "scheduled") != 0;
	s->open = strcmp(status, "open") == 0;
}

/* When the target of `secs` business seconds falls due, counting only
 * the running steps up to `end`; *paused when the clock is stopped at
 * end.  A target not reached by end is projected from end onward, so a
 * stopped clock shows when it would fall due if it restarted now. */
static int64_t
due_of(const struct ticket_in *t, int64_t secs, int64_t end, int *paused)
{
	int64_t used = 0;
	int running = 1;

	for (size_t i = 0; i < t->n && t->steps[i].at < end; i++) {
		int64_t s = t->steps[i].at;
		int64_t f = i + 1 < t->n ? t->steps[i + 1].at : end;
		int64_t d;

		running = t->steps[i].running;
		if (f > end)
			f = end;
		if (!running || f <= s)
			continue;
		d = bizcal_add(&cal, s, secs - used);
		if (d <= f) {
			*paused = 0;
			return d;
		}
		used += bizcal_between(&cal, s, f);
	}
	*paused = !running;
	return bizcal_add(&cal, end, secs - used);
}

static void
evaluate(const struct ticket_in *t, int64_t now, struct sla_clock *c)
{
	int64_t resp = t->first_public_note, resolved = 0;
	int prev_done = 0, paused;

	memset(c, 0, sizeof *c);
	for (size_t i = 0; i < t->n; i++) {
		const struct step *s = &t->steps[i];

		if (!s->open && (resp == 0 || s->at < resp))
			resp = s->at;
		if (s->done && !prev_done)
			resolved = s->at;
		prev_done = s->done;
	}
	if (!prev_done)
		resolved = 0;
	if (resp > now)
		resp = 0;
	c->met_at[SLA_RESPONSE] = resp;
	c->met_at[SLA_RESOLVE] = resolved;
	pthread_mutex_lock(&cal_mu);
	bizcal_enter(&cal);
	for (int k = 0; k < 2; k++) {
		int64_t end = c->met_at[k] ? c->met_at[k] : now;

		c->due_at[k] = due_of(t, target_secs[t->rank][k], end, &paused);
		c->breached[k] = c->due_at[k] < end;
		if (c->met_at[k] == 0) {
			c->paused = paused;
			if (!paused && (c->next_due_at == 0 ||
			    c->due_at[k] < c->next_due_at))
				c->next_due_at = c->due_at[k];
		}
	}
	bizcal_leave(&cal);
	pthread_mutex_unlock(&cal_mu);
	if (c->met_at[SLA_RESOLVE])
		c->paused = 1;
}

/* Loading a ticket ----------------------------------------------------- */

static const char ticket_sql[] =
    "SELECT t.created_at, t.priority_rank, t.status, (SELECT min(n.created_at) "
    "FROM ticket_notes n WHERE n.ticket_id = t.id AND n.visibility = 'public') "
    "FROM tickets t WHERE t.id = ?1";
static const char history_sql[] =
    "SELECT status, at FROM ticket_status_log WHERE ticket_id = ?1 "
    "ORDER BY at, id";

/* Fill t from the two statements (reset and bound here).  1 when the
 * ticket exists, 0 when not, -1 on an SQLite error. */
static int
load(sqlite3_stmt *tk, sqlite3_stmt *hist, int64_t id, struct ticket_in *t)
{
	char status[16];
	int rc;

	t->n = 0;
	sqlite3_reset(tk);
	sqlite3_bind_int64(tk, 1, id);
	rc = sqlite3_step(tk);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 0 : -1;
	t->created_at = sqlite3_column_int64(tk, 0);
	t->rank = (int)sqlite3_column_int64(tk, 1);
	if (t->rank < 0 || t->rank > 3)
		t->rank = 1;
	snprintf(status, sizeof status, "%s",
	    (const char *)sqlite3_column_text(tk, 2));
	t->first_public_note = sqlite3_column_int64(tk, 3);
	sqlite3_reset(tk);
	sqlite3_reset(hist);
	sqlite3_bind_int64(hist, 1, id);
	while ((rc = sqlite3_step(hist)) == SQLITE_ROW)
		step_push(t, sqlite3_column_int64(hist, 1),
		    (const char *)sqlite3_column_text(hist, 0));
	sqlite3_reset(hist);
	if (rc != SQLITE_DONE)
		return -1;
	/* A ticket from before its history was kept: it has been as it is
	 * since it was made. */
	if (t->n == 0)
		step_push(t, t->created_at, status);
	return 1;
}

static int
load_db(struct db *db, int64_t id, struct ticket_in *t, struct err *e)
{
	sqlite3_stmt *tk, *hist;
	int rc;

	if (!configured)
		defaults();
	if ((tk = db_stmt(db, ticket_sql, e)) == NULL ||
	    (hist = db_stmt(db, history_sql, e)) == NULL)
		return e->code;
	rc = load(tk, hist, id, t);
	if (rc < 0)
		return db_error(db, e, "reading a ticket's SLA");
	if (rc == 0)
		return err_set(e, TP_NOTFOUND, "no ticket with id %lld",
		    (long long)id);
	return TP_OK;
}

int
sla_ticket(struct db *db, int64_t id, int64_t now, struct sla_clock *out,
    struct err *e)
{
	struct ticket_in t = { 0 };
	int rc = load_db(db, id, &t, e);

	if (rc == TP_OK)
		evaluate(&t, now, out);
	free(t.steps);
	return rc;
}

/* Rows ----------------------------------------------------------------- */

static void
set_int(struct cell *c, int64_t v, int null)
{
	char tmp[24];

	if (null) {
		c->type = CELL_NULL;
		c->s = NULL;
		return;
	}
	snprintf(tmp, sizeof tmp, "%lld", (long long)v);
	c->type = CELL_INT;
	c->i = v;
	c->s = xstrdup(tmp);
}

static void
set_text(struct cell *c, const char *v)
{
	c->type = CELL_TEXT;
	c->s = xstrdup(v);
}

/* Columns to append and how one row's are filled from its clocks. */
struct extra {
	const char *const *names;
	int                n;
	void             (*fill)(const struct sla_clock *c, struct cell *out);
};

/* Append x's columns to rows with an "id" column of tickets, as of
 * clock_now(); rows that already have the first of them are left. */
static int
append(struct db *db, struct rows *r, const struct extra *x, struct err *e)
{
	const int add = x->n, idcol = rows_col(r, "id");
	int oldn = r->ncol, newn = r->ncol + add;
	struct ticket_in t = { 0 };
	struct cell *cells;
	int64_t now = clock_now();
	int rc = TP_OK, own;

	if (idcol < 0 || rows_col(r, x->names[0]) >= 0)
		return TP_OK;
	/* One read transaction for the rows: each statement alone would
	 * take and drop SQLite's shared lock (two fcntl calls, and the WAL
	 * index checked), a tenth of the time of a page of 100 rows. */
	own = db->depth == 0 && r->n > 1;
	if (own && db_begin_deferred(db, e) != TP_OK)
		return e->code;
	cells = xcalloc(r->n ? r->n * (size_t)newn : 1, sizeof *cells);
	for (size_t i = 0; i < r->n; i++) {
		struct cell *row = &cells[i * (size_t)newn];
		struct sla_clock c;

		memcpy(row, &r->cells[i * (size_t)oldn], (size_t)oldn *
		    sizeof *row);
		if (rc == TP_OK)
			rc = load_db(db, rows_cell(r, i, idcol)->i, &t, e);
		if (rc != TP_OK) {
			for (int k = 0; k < add; k++)
				set_int(&row[oldn + k], 0, 1);
			continue;
		}
		evaluate(&t, now, &c);
		x->fill(&c, &row[oldn]);
	}
	free(t.steps);
	free(r->cells);
	r->cells = cells;
	r->cap = r->n;
	r->cols = xrealloc(r->cols, (size_t)newn * sizeof *r->cols);
	for (int k = 0; k < add; k++)
		r->cols[oldn + k] = xstrdup(x->names[k]);
	r->ncol = newn;
	return own ? db_end(db, rc, e) : rc;
}

static void
fill_targets(const struct sla_clock *c, struct cell *out)
{
	set_int(&out[0], c->due_at[SLA_RESPONSE], 0);
	set_int(&out[1], c->due_at[SLA_RESOLVE], 0);
	set_int(&out[2], c->breached[0] || c->breached[1], 0);
}

int
sla_annotate(struct db *db, struct rows *r, struct err *e)
{
	static const char *const names[] = {
		"sla_response_due_at", "sla_resolve_due_at", "sla_breached"
	};
	static const struct extra x = { names, 3, fill_targets };

	return append(db, r, &x, e);
}

static void
fill_next(const struct sla_clock *c, struct cell *out)
{
	set_int(&out[0], c->next_due_at, c->next_due_at == 0);
	set_int(&out[1], c->breached[0] || c->breached[1], 0);
	set_text(&out[2], c->met_at[SLA_RESOLVE] ? "met" : c->paused ?
	    "waiting" : "running");
}

int
sla_annotate_next(struct db *db, struct rows *r, struct err *e)
{
	static const char *const names[] = {
		"sla_due_at", "sla_breached", "sla_state"
	};
	static const struct extra x = { names, 3, fill_next };

	return append(db, r, &x, e);
}

int
sla_count_breached(struct db *db, int64_t client_id, int64_t *n,
    struct err *e)
{
	struct rows r = { 0 };
	int rc;

	/* In C rather than through sla_breached(): any connection can count,
	 * whether or not the SQL functions are installed on it. */
	*n = 0;
	/* Two statements: "?1 = 0 OR client_id = ?1" scans every ticket
	 * (128 ms on the large set for one client's dashboard) where
	 * client_id = ?1 seeks its index. */
	if (client_id != 0)
		rc = rows_query(db, &r, e, "SELECT id FROM tickets WHERE "
		    "client_id = ?1 AND status NOT IN ('resolved', 'closed')", "i",
		    client_id);
	else
		rc = rows_query(db, &r, e, "SELECT id FROM tickets WHERE status "
		    "NOT IN ('resolved', 'closed')", NULL);
	if (rc == TP_OK)
		rc = sla_annotate(db, &r, e);
	for (size_t i = 0; rc == TP_OK && i < r.n; i++)
		*n += rows_int(&r, i, "sla_breached") != 0;
	rows_free(&r);
	return rc;
}

/* SQL functions -------------------------------------------------------- */

/* One per connection: its own statements, so that a function called for
 * every row of a query never touches the connection's statement cache
 * (which the query itself may be using). */
struct sqlfn {
	sqlite3_stmt *tk, *hist;
	struct ticket_in t;
	int refs;
};

static void
sqlfn_unref(void *p)
{
	struct sqlfn *s = p;

	if (--s->refs > 0)
		return;
	sqlite3_finalize(s->tk);
	sqlite3_finalize(s->hist);
	free(s->t.steps);
	free(s);
}

static void
sqlfn_call(sqlite3_context *cx, sqlite3_value **argv, int which)
{
	struct sqlfn *s = sqlite3_user_data(cx);
	struct sla_clock c;
	int rc;

	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(cx);
		return;
	}
	if (!configured)
		defaults();
	rc = load(s->tk, s->hist, sqlite3_value_int64(argv[0]), &s->t);
	if (rc < 0) {
		sqlite3_result_error(cx, "sla: cannot read the ticket", -1);
		return;
	}
	if (rc == 0) {
		sqlite3_result_null(cx);
		return;
	}
	evaluate(&s->t, clock_now(), &c);
	if (which == 0 && c.next_due_at == 0)
		sqlite3_result_null(cx);
	else if (which == 0)
		sqlite3_result_int64(cx, c.next_due_at);
	else
		sqlite3_result_int(cx, c.breached[0] || c.breached[1]);
}

static void
fn_due(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlfn_call(cx, argv, 0);
}

static void
fn_breached(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlfn_call(cx, argv, 1);
}

int
sla_sql_install(struct db *db, struct err *e)
{
	struct sqlfn *s = xcalloc(1, sizeof *s);

	if (sqlite3_prepare_v2(db->h, ticket_sql, -1, &s->tk, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db->h, history_sql, -1, &s->hist, NULL)
	    != SQLITE_OK) {
		sqlite3_finalize(s->tk);
		sqlite3_finalize(s->hist);
		free(s);
		return db_error(db, e, "installing the SLA functions");
	}
	s->refs = 2;
	if (sqlite3_create_function_v2(db->h, "sla_due", 1, SQLITE_UTF8, s,
	    fn_due, NULL, NULL, sqlfn_unref) != SQLITE_OK) {
		s->refs = 1;
		sqlfn_unref(s);
		return db_error(db, e, "installing sla_due");
	}
	if (sqlite3_create_function_v2(db->h, "sla_breached", 1, SQLITE_UTF8,
	    s, fn_breached, NULL, NULL, sqlfn_unref) != SQLITE_OK) {
		return db_error(db, e, "installing sla_breached");
	}
	return TP_OK;
}

void
sla_sql_uninstall(struct db *db)
{
	if (db == NULL || db->h == NULL)
		return;
	/* Redefining a function with no implementation deletes it, and
	 * SQLite runs the old one's destructor (sqlfn_unref). */
	sqlite3_create_function_v2(db->h, "sla_due", 1, SQLITE_UTF8, NULL,
	    NULL, NULL, NULL, NULL);
	sqlite3_create_function_v2(db->h, "sla_breached", 1, SQLITE_UTF8, NULL,
	    NULL, NULL, NULL, NULL);
}

/* The breach check ----------------------------------------------------- */

static int
announce(struct db *db, int64_t id, enum sla_target k, int64_t due,
    struct err *e)
{
	char payload[96], line[160];
	int64_t client_id = 0, number = 0;
	struct event ev = { EV_TICKET_SLA_BREACHED, "ticket", id, 0, payload,
	    line, NULL };

	if (db_exec(db, e, "INSERT OR IGNORE INTO sla_breaches(ticket_id, "
	    "target, due_at, created_at) VALUES (?1, ?2, ?3, ?4)", "itii", id,
	    target_names[k], due, clock_now()) != TP_OK)
		return e->code;
	if (db_changes(db) == 0)
		return TP_OK;   /* announced before */
	if (db_int(db, e, &client_id, "SELECT client_id FROM tickets WHERE "
	    "id = ?1", "i", id) != TP_OK ||
	    db_int(db, e, &number, "SELECT number FROM tickets WHERE id = ?1",
	    "i", id) != TP_OK)
		return e->code;
	ev.client_id = client_id;
	snprintf(payload, sizeof payload, "{\"target\":\"%s\",\"due_at\":%lld,"
	    "\"number\":%lld}", target_names[k], (long long)due,
	    (long long)number);
	snprintf(line, sizeof line, "Ticket #%lld missed its %s target",
	    (long long)number, k == SLA_RESPONSE ? "response" : "resolution");
	return event_emit(db, &ev, e);
}

/* Queue the next check of ticket id at `at` unless one is queued by
 * then already (every ticket event queues one too). */
static int
reschedule(struct db *db, int64_t id, int64_t at, struct err *e)
{
	const struct job_handler *h = listeners_job(JOB_CHECK_SLA);
	char payload[48];
	int64_t queued = 0;

	if (db_int(db, e, &queued, "SELECT count(*) FROM jobs WHERE name = ?1 "
	    "AND failed_at IS NULL AND reserved_at IS NULL AND available_at "
	    "<= ?3 AND json_extract(payload, '$.ticket_id') = ?2", "tii",
	    h->name, id, at) != TP_OK)
		return e->code;
	if (queued > 0)
		return TP_OK;
	snprintf(payload, sizeof payload, "{\"ticket_id\":%lld}", (long long)id);
	return job_enqueue(db, h, payload, (int)(at - clock_now()), e);
}

static int check(struct db *db, int64_t id, struct err *e);

int
sla_check_event(struct db *db, const struct event *ev, int64_t evid,
    struct err *e)
{
	int64_t id = ev->entity_id;

	(void)evid;
	if (strcmp(ev->entity, "ticket_note") == 0 && db_int(db, e, &id,
	    "SELECT ticket_id FROM ticket_notes WHERE id = ?1", "i",
	    ev->entity_id) != TP_OK) {
		if (e->code != TP_NOTFOUND)
			return e->code;
		err_clear(e);
		return TP_OK;
	}
	return check(db, id, e);
}

int
sla_check_job(struct db *db, const char *payload, struct err *e)
{
	int64_t id = 0;

	/* {"ticket_id": N}: not entity_id, which other jobs' payloads use
	 * for other tables' rows. */
	if (db_int(db, e, &id, "SELECT json_extract(?1, '$.ticket_id')", "t",
	    payload) != TP_OK) {
		if (e->code != TP_NOTFOUND)
			return e->code;
		err_clear(e);
	}
	return id == 0 ? TP_OK : check(db, id, e);
}

static int
check(struct db *db, int64_t id, struct err *e)
{
	struct sla_clock c;
	int64_t next = 0, now = clock_now();
	int rc;

	rc = sla_ticket(db, id, now, &c, e);
	if (rc == TP_NOTFOUND) {
		err_clear(e);
		return TP_OK;   /* deleted since */
	}
	if (rc != TP_OK)
		return rc;
	for (int k = 0; k < 2; k++) {
		if (c.breached[k] && announce(db, id, (enum sla_target)k,
		    c.due_at[k], e) != TP_OK)
			return e->code;
		/* The next target still ahead on a running clock. */
		if (!c.paused && c.met_at[k] == 0 && c.due_at[k] >= now &&
		    (next == 0 || c.due_at[k] < next))
			next = c.due_at[k];
	}
	if (next != 0)
		return reschedule(db, id, next + SLA_CHECK_AFTER, e);
	return TP_OK;
}
