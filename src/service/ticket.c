/* ticket.c - see ticket.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/event.h"
#include "core/terms.h"
#include "core/text.h"
#include "service/filter.h"
#include "service/sla.h"
#include "service/ticket.h"

const char *const ticket_priorities[] = {
	"low", "normal", "high", "critical", NULL
};
const char *const ticket_statuses[] = {
	"open", "in_progress", "waiting", "scheduled", "resolved", "closed", NULL
};
const char *const ticket_sources[] = {
	"system", "technician", "phone", "email", "portal", "psa", NULL
};

int
ticket_check_enum(const char *value, const char *what,
    const char *const choices[], struct err *e)
{
	char list[200] = "";
	size_t used = 0;

	for (int i = 0; choices[i]; i++) {
		if (value != NULL && strcmp(value, choices[i]) == 0)
			return TP_OK;
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
		    i ? ", " : "", choices[i]);
		if (used >= sizeof list)
			break;
	}
	return err_set_field(e, TP_BADINPUT, what, "bad %s '%s': expected one "
	    "of %s", what, value ? value : "", list);
}

/* A reference must exist and, where it has one, belong to the client. */
/* The error names the reference's member: what "_id" (client_id), or
 * assigned_to for the user. */
static int
check_ref(struct db *db, const char *sql, const char *what, int64_t id,
    int64_t client_id, struct err *e)
{
	int64_t owner;
	char field[32];

	if (id == 0)
		return TP_OK;
	if (strcmp(what, "user") == 0)
		snprintf(field, sizeof field, "assigned_to");
	else
		snprintf(field, sizeof field, "%s_id", what);
	if (db_int(db, e, &owner, sql, "i", id) != TP_OK)
		return err_set_field(e, TP_NOTFOUND, field, "%s %lld not found",
		    what, (long long)id);
	if (client_id != 0 && owner != client_id)
		return err_set_field(e, TP_REFUSED, field, "%s %lld belongs to "
		    "another client", what, (long long)id);
	return TP_OK;
}

/* The text a ticket stores, by the text boundary's one rule. */
static int
check_texts(const char *subject, const char *body, const char *category,
    struct err *e)
{
	const struct text_field f[] = {
		{ "subject", subject, 10000, 0 },
		{ "body", body, 0, TEXT_MULTILINE },
		{ "category", category, 200, 0 },
	};

	/* The names are the members', so the error names its field too. */
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (text_check(f[i].value, f[i].name, f[i].max_chars,
		    f[i].flags, e) != TP_OK)
			return err_field(e, e->code, f[i].name);
	return TP_OK;
}

static int
validate(struct db *db, const struct ticket_new *t, struct err *e)
{
	if (t->subject == NULL || *t->subject == '\0')
		return err_set_field(e, TP_BADINPUT, "subject",
		    "a ticket needs a subject");
	if (strlen(t->subject) > 10000)
		return err_set_field(e, TP_BADINPUT, "subject", "subject longer "
		    "than 10000 characters");
	if (check_texts(t->subject, t->body, t->category, e) != TP_OK)
		return e->code;
	if ((t->priority && ticket_check_enum(t->priority, "priority",
	    ticket_priorities, e)) ||
	    (t->status && ticket_check_enum(t->status, "status",
	    ticket_statuses, e)) ||
	    (t->source && ticket_check_enum(t->source, "source",
	    ticket_sources, e)))
		return e->code;
	if (check_ref(db, "SELECT id FROM clients WHERE id = ?1", "client",
	    t->client_id, 0, e) ||
	    check_ref(db, "SELECT client_id FROM client_contacts WHERE id = ?1",
	    "contact", t->contact_id, t->client_id, e) ||
	    check_ref(db, "SELECT client_id FROM client_locations WHERE id = ?1",
	    "location", t->location_id, t->client_id, e) ||
	    check_ref(db, "SELECT client_id FROM assets WHERE id = ?1",
	    "asset", t->asset_id, t->client_id, e) ||
	    check_ref(db, "SELECT client_id FROM projects WHERE id = ?1",
	    "project", t->project_id, t->client_id, e) ||
	    check_ref(db, "SELECT 0 FROM users WHERE id = ?1", "user",
	    t->assigned_to, 0, e))
		return e->code;
	if (t->client_id == 0)
		return err_set_field(e, TP_BADINPUT, "client_id",
		    "a ticket needs a client");
	return TP_OK;
}

static int
insert(struct db *db, const struct ticket_new *t, int64_t *id, struct err *e)
{
	int64_t number, now = clock_now();
	char line[160];
	struct event ev = { EV_TICKET_CREATED, "ticket", 0, t->client_id, NULL,
	    line, "create" };

	/* Ids are never reused: a compensated welcome ticket's events keep
	 * naming its id. */
	if (db_next_counter(db, "ticket", &number, e) != TP_OK ||
	    db_next_row_id(db, "tickets", id, e) != TP_OK)
		return e->code;
	if (db_exec(db, e,
	    "INSERT INTO tickets(id, number, client_id, contact_id, location_id, "
	    "asset_id, project_id, subject, body, priority, status, source, "
	    "category, assigned_to, billable, due_at, created_at, updated_at) "
	    "VALUES (?17, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, 'normal'), "
	    "coalesce(?10, 'open'), coalesce(?11, 'technician'), ?12, ?13, ?14, "
	    "?15, ?16, ?16)",
	    "iiIIIItttttt" "IiIii", number, t->client_id, t->contact_id,
	    t->location_id, t->asset_id, t->project_id, t->subject, t->body,
	    t->priority, t->status, t->source, t->category, t->assigned_to,
	    (int64_t)!t->not_billable, t->due_at, now, *id) != TP_OK)
		return e->code;
	ev.entity_id = *id;
	snprintf(line, sizeof line, "Ticket #%lld created: %.100s",
	    (long long)number, t->subject);
	return event_emit(db, &ev, e);
}

int
ticket_create(struct db *db, const struct ticket_new *t, int64_t *id,
    struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (validate(db, t, e) != TP_OK || insert(db, t, id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

int
ticket_delete(struct db *db, int64_t id, struct err *e)
{
	int64_t client_id;
	char line[80];
	struct event ev = { EV_TICKET_DELETED, "ticket", id, 0, NULL, line, NULL };

	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (db_int(db, e, &client_id, "SELECT client_id FROM tickets WHERE "
	    "id = ?1", "i", id) != TP_OK) {
		db_rollback(db);
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)id);
	}
	ev.client_id = client_id;
	snprintf(line, sizeof line, "Ticket %lld deleted", (long long)id);
	if (db_exec(db, e, "DELETE FROM outbox WHERE state = 'pending' AND "
	    "((entity = 'ticket' AND local_id = ?1) OR (entity = 'ticket_note' "
	    "AND local_id IN (SELECT id FROM ticket_notes WHERE ticket_id = ?1)) "
	    "OR (entity = 'time_entry' AND local_id IN (SELECT id FROM "
	    "time_entries WHERE ticket_id = ?1)))", "i", id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM time_entries WHERE ticket_id = ?1 AND "
	    "invoice_id IS NULL", "i", id) != TP_OK ||
	    db_exec(db, e, "UPDATE asset_maintenance SET ticket_id = NULL WHERE "
	    "ticket_id = ?1", "i", id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM tickets WHERE id = ?1", "i", id) != TP_OK ||
	    event_emit(db, &ev, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

/* Triage ------------------------------------------------------------------ */

const char *const ticket_visibilities[] = { "internal", "public", NULL };

/* What triage needs to know about a ticket before changing it. */
struct tstate {
	int64_t id;
	int64_t client_id;
	int64_t number;
	int64_t assigned_to;   /* 0: nobody */
	char    status[16];
	char    priority[16];
};

static int
load(struct db *db, int64_t id, struct tstate *st, struct err *e)
{
	sqlite3_stmt *q;
	int rc;

	q = db_prepare(db, e, "SELECT client_id, number, coalesce(assigned_to, "
	    "0), status, priority FROM tickets WHERE id = ?1", "i", id);
	if (q == NULL)
		return e->code;
	rc = db_step(db, q, e);
	if (rc == SQLITE_ROW) {
		st->id = id;
		st->client_id = sqlite3_column_int64(q, 0);
		st->number = sqlite3_column_int64(q, 1);
		st->assigned_to = sqlite3_column_int64(q, 2);
		snprintf(st->status, sizeof st->status, "%s",
		    (const char *)sqlite3_column_text(q, 3));
		snprintf(st->priority, sizeof st->priority, "%s",
		    (const char *)sqlite3_column_text(q, 4));
	}
	sqlite3_reset(q);
	if (rc == SQLITE_DONE)
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)id);
	return rc == SQLITE_ROW ? TP_OK : e->code;
}

static int
is_closed(const struct tstate *st)
{
	return strcmp(st->status, "closed") == 0;
}

static int
refuse_closed(const struct tstate *st, struct err *e)
{
	return err_set(e, TP_REFUSED, "ticket %lld is closed: reopen it first "
	    "(termpsa ticket status %lld open)", (long long)st->id,
	    (long long)st->id);
}

/* Payloads are built by SQLite (json_set), one changed field at a time. */
static int
json_put(struct db *db, char **json, const char *path, const char *text,
    int64_t num, int kind, struct err *e)
{
	char *out = NULL;
	int rc;

	if (kind == 't')
		rc = db_text(db, e, &out, "SELECT json_set(coalesce(?1, '{}'), ?2, "
		    "?3)", "ttt", *json, path, text);
	else if (kind == 'i')
		rc = db_text(db, e, &out, "SELECT json_set(coalesce(?1, '{}'), ?2, "
		    "?3)", "tti", *json, path, num);
	else
		rc = db_text(db, e, &out, "SELECT json_set(coalesce(?1, '{}'), ?2, "
		    "json('null'))", "tt", *json, path);
	if (rc != TP_OK)
		return e->code;
	free(*json);
	*json = out;
	return TP_OK;
}

static int
emit(struct db *db, enum event_kind kind, const struct tstate *st,
    const char *payload, const char *line, const char *op, struct err *e)
{
	struct event ev = { kind, "ticket", st->id, st->client_id, payload,
	    line, op };

	return event_emit(db, &ev, e);
}

/* The tail every one-field setter shares: once its UPDATE succeeded, the
 * TicketUpdated event carries that one field as its payload. */
static int
emit_field(struct db *db, int rc, const struct tstate *st, const char *path,
    const char *text, int64_t num, int kind, const char *line, struct err *e)
{
	char *payload = NULL;

	if (rc == TP_OK)
		rc = json_put(db, &payload, path, text, num, kind, e);
	if (rc == TP_OK)
		rc = emit(db, EV_TICKET_UPDATED, st, payload, line, "update", e);
	free(payload);
	return rc;
}

/* Finish a unit of work: commit when the body succeeded, else roll back. */
static int
unit(struct db *db, int rc_of_body, struct err *e)
{
	if (rc_of_body != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

static int
do_assign(struct db *db, int64_t id, int64_t user_id, struct err *e)
{
	struct tstate st;
	char *name = NULL, line[200];
	int rc;

	if (load(db, id, &st, e) != TP_OK)
		return e->code;
	if (user_id < 0)
		return err_set(e, TP_BADINPUT, "bad user id %lld", (long long)user_id);
	if (user_id != 0 && db_text(db, e, &name, "SELECT name FROM users "
	    "WHERE id = ?1", "i", user_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "user %lld not found",
		    (long long)user_id);
	if (is_closed(&st)) {
		free(name);
		return refuse_closed(&st, e);
	}
	if (st.assigned_to == user_id) {
		free(name);
		return TP_OK;
	}
	if (user_id)
		snprintf(line, sizeof line, "Ticket #%lld assigned to %.150s",
		    (long long)st.number, name ? name : "");
	else
		snprintf(line, sizeof line, "Ticket #%lld unassigned",
		    (long long)st.number);
	rc = db_exec(db, e, "UPDATE tickets SET assigned_to = ?2, updated_at = "
	    "?3 WHERE id = ?1", "iIi", id, user_id, clock_now());
	free(name);
	return emit_field(db, rc, &st, "$.assigned_to", NULL, user_id,
	    user_id ? 'i' : 'n', line, e);
}

int
ticket_assign(struct db *db, int64_t id, int64_t user_id, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return unit(db, do_assign(db, id, user_id, e), e);
}

static int
do_resolve(struct db *db, int64_t id, const char *note,
    const char *visibility, struct err *e);
static int
do_close(struct db *db, int64_t id, struct err *e);

static int
do_set_status(struct db *db, int64_t id, const char *status, struct err *e)
{
	struct tstate st;
	char line[120];
	int rc;

	if (ticket_check_enum(status, "status", ticket_statuses, e) != TP_OK)
		return e->code;
	if (strcmp(status, "resolved") == 0)
		return do_resolve(db, id, NULL, NULL, e);
	if (strcmp(status, "closed") == 0)
		return do_close(db, id, e);
	if (load(db, id, &st, e) != TP_OK)
		return e->code;
	if (strcmp(st.status, status) == 0)
		return TP_OK;
	if (is_closed(&st) && strcmp(status, "open") != 0)
		return err_set(e, TP_REFUSED, "ticket %lld is closed: it can only "
		    "be reopened (status open)", (long long)id);
	snprintf(line, sizeof line, "Ticket #%lld status %s -> %s",
	    (long long)st.number, st.status, status);
	/* Leaving resolved or closed reopens: the old stamps no longer hold. */
	rc = db_exec(db, e, "UPDATE tickets SET status = ?2, resolved_at = NULL, "
	    "closed_at = NULL, updated_at = ?3 WHERE id = ?1", "iti", id, status,
	    clock_now());
	return emit_field(db, rc, &st, "$.status", status, 0, 't', line, e);
}

int
ticket_set_status(struct db *db, int64_t id, const char *status,
    struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return unit(db, do_set_status(db, id, status, e), e);
}

static int
do_set_priority(struct db *db, int64_t id, const char *priority,
    struct err *e)
{
	struct tstate st;
	char line[120];
	int rc;

	if (ticket_check_enum(priority, "priority", ticket_priorities, e)
	    != TP_OK || load(db, id, &st, e) != TP_OK)
		return e->code;
	if (is_closed(&st))
		return refuse_closed(&st, e);
	if (strcmp(st.priority, priority) == 0)
		return TP_OK;
	snprintf(line, sizeof line, "Ticket #%lld priority %s -> %s",
	    (long long)st.number, st.priority, priority);
	rc = db_exec(db, e, "UPDATE tickets SET priority = ?2, updated_at = ?3 "
	    "WHERE id = ?1", "iti", id, priority, clock_now());
	return emit_field(db, rc, &st, "$.priority", priority, 0, 't', line, e);
}

int
ticket_set_priority(struct db *db, int64_t id, const char *priority,
    struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return unit(db, do_set_priority(db, id, priority, e), e);
}

static int
do_bump(struct db *db, int64_t id, int dir, struct err *e)
{
	struct tstate st;
	int i;

	if (dir != 1 && dir != -1)
		return err_set(e, TP_BADINPUT, "bad priority step %d: expected +1 "
		    "or -1", dir);
	if (load(db, id, &st, e) != TP_OK)
		return e->code;
	for (i = 0; ticket_priorities[i]; i++)
		if (strcmp(ticket_priorities[i], st.priority) == 0)
			break;
	if (ticket_priorities[i] == NULL)
		return err_set(e, TP_INTERNAL, "ticket %lld has an unknown "
		    "priority", (long long)id);
	if (dir > 0 && ticket_priorities[i + 1] == NULL)
		return err_set(e, TP_REFUSED, "ticket %lld is already critical",
		    (long long)id);
	if (dir < 0 && i == 0)
		return err_set(e, TP_REFUSED, "ticket %lld is already low",
		    (long long)id);
	return do_set_priority(db, id, ticket_priorities[i + dir], e);
}

int
ticket_bump_priority(struct db *db, int64_t id, int dir, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return unit(db, do_bump(db, id, dir, e), e);
}

/* ticket_update: one row of this table per editable column; the SQL is
 * fixed text so that nothing of the caller's reaches it. */
struct edit_col {
	const char *col;
	const char *path;
	const char *sql;
	const char *ref_sql;   /* for references: the owner check */
	const char *what;
};

static const struct edit_col text_cols[] = {
	{ "subject", "$.subject", "UPDATE tickets SET subject = ?2 WHERE id = ?1",
	  NULL, "subject" },
	{ "body", "$.body", "UPDATE tickets SET body = ?2 WHERE id = ?1", NULL,
	  "body" },
	{ "category", "$.category", "UPDATE tickets SET category = ?2 WHERE "
	  "id = ?1", NULL, "category" },
};

static const struct edit_col num_cols[] = {
	{ "due_at", "$.due_at", "UPDATE tickets SET due_at = ?2 WHERE id = ?1",
	  NULL, "due date" },
	{ "contact_id", "$.contact_id", "UPDATE tickets SET contact_id = ?2 "
	  "WHERE id = ?1", "SELECT client_id FROM client_contacts WHERE id = ?1",
	  "contact" },
	{ "location_id", "$.location_id", "UPDATE tickets SET location_id = ?2 "
	  "WHERE id = ?1", "SELECT client_id FROM client_locations WHERE id = ?1",
	  "location" },
	{ "asset_id", "$.asset_id", "UPDATE tickets SET asset_id = ?2 WHERE "
	  "id = ?1", "SELECT client_id FROM assets WHERE id = ?1", "asset" },
	{ "project_id", "$.project_id", "UPDATE tickets SET project_id = ?2 "
	  "WHERE id = ?1", "SELECT client_id FROM projects WHERE id = ?1",
	  "project" },
};

static int
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
edit_text(struct db *db, const struct tstate *st, const struct rows *old,
    const struct edit_col *c, const char *v, char **payload, struct err *e)
{
	const char *nv;

	if (v == NULL)
		return TP_OK;
	if (strcmp(c->col, "subject") == 0 && (*v == '\0' || strlen(v) > 10000))
		return err_set_field(e, TP_BADINPUT, "subject", "a ticket needs "
		    "a subject of 1 to 10000 characters");
	if (text_check(v, c->what, 0, strcmp(c->col, "body") == 0 ?
	    TEXT_MULTILINE : 0, e) != TP_OK)
		return err_field(e, e->code, c->col);
	nv = *v ? v : NULL;
	if (same_text(rows_isnull(old, 0, c->col) ? NULL :
	    rows_text(old, 0, c->col), nv))
		return TP_OK;
	if (db_exec(db, e, c->sql, "it", st->id, nv) != TP_OK)
		return e->code;
	return json_put(db, payload, c->path, nv, 0, nv ? 't' : 'n', e);
}

static int
edit_num(struct db *db, const struct tstate *st, const struct rows *old,
    const struct edit_col *c, int64_t v, char **payload, struct err *e)
{
	int64_t nv = v == -1 ? 0 : v;

	if (v == 0)
		return TP_OK;
	if (v < -1)
		return err_set_field(e, TP_BADINPUT, c->col, "bad %s %lld",
		    c->what, (long long)v);
	if (nv && c->ref_sql &&
	    check_ref(db, c->ref_sql, c->what, nv, st->client_id, e) != TP_OK)
		return e->code;
	if (rows_isnull(old, 0, c->col) ? nv == 0 :
	    rows_int(old, 0, c->col) == nv)
		return TP_OK;
	if (db_exec(db, e, c->sql, "iI", st->id, nv) != TP_OK)
		return e->code;
	return json_put(db, payload, c->path, NULL, nv, nv ? 'i' : 'n', e);
}

static int
do_update(struct db *db, int64_t id, const struct ticket_edit *u,
    struct err *e)
{
	const char *tv[] = { u->subject, u->body, u->category };
	const int64_t nvs[] = { u->due_at, u->contact_id, u->location_id,
	    u->asset_id, u->project_id };
	struct tstate st;
	struct rows old = { 0 };
	char *payload = NULL, line[120];
	int rc;

	if (load(db, id, &st, e) != TP_OK)
		return e->code;
	if (is_closed(&st))
		return refuse_closed(&st, e);
	rc = rows_query(db, &old, e, "SELECT subject, body, category, due_at, "
	    "contact_id, location_id, asset_id, project_id FROM tickets WHERE "
	    "id = ?1", "i", id);
	for (size_t i = 0; rc == TP_OK && i < 3; i++)
		rc = edit_text(db, &st, &old, &text_cols[i], tv[i], &payload, e);
	for (size_t i = 0; rc == TP_OK && i < 5; i++)
		rc = edit_num(db, &st, &old, &num_cols[i], nvs[i], &payload, e);
	if (rc == TP_OK && payload != NULL) {
		snprintf(line, sizeof line, "Ticket #%lld updated",
		    (long long)st.number);
		rc = db_exec(db, e, "UPDATE tickets SET updated_at = ?2 WHERE "
		    "id = ?1", "ii", id, clock_now());
		if (rc == TP_OK)
			rc = emit(db, EV_TICKET_UPDATED, &st, payload, line,
			    "update", e);
	}
	rows_free(&old);
	free(payload);
	return rc;
}

int
ticket_update(struct db *db, int64_t id, const struct ticket_edit *u,
    struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return unit(db, do_update(db, id, u, e), e);
}

static int
do_note(struct db *db, int64_t id, const char *body, const char *visibility,
    int64_t *note_id, struct err *e)
{
	struct tstate st;
	char payload[48], line[120];
	int64_t now = clock_now(), nid;
	struct event ev = { EV_TICKET_NOTE_ADDED, "ticket_note", 0, 0, payload,
	    line, "create" };

	if (body == NULL || *body == '\0')
		return err_set(e, TP_BADINPUT, "a note needs text");
	if (text_check(body, "note", 0, TEXT_MULTILINE, e) != TP_OK)
		return e->code;
	if (visibility && ticket_check_enum(visibility, "visibility",
	    ticket_visibilities, e) != TP_OK)
		return e->code;
	if (load(db, id, &st, e) != TP_OK)
		return e->code;
	if (is_closed(&st))
		return refuse_closed(&st, e);
	if (db_exec(db, e, "INSERT INTO ticket_notes(ticket_id, author_id, body, "
	    "visibility, created_at, updated_at) VALUES (?1, ?2, ?3, "
	    "coalesce(?4, 'internal'), ?5, ?5)", "iItti", id, db->me, body,
	    visibility, now) != TP_OK ||
	    db_exec(db, e, "UPDATE tickets SET updated_at = ?2 WHERE id = ?1",
	    "ii", id, now) != TP_OK)
		return e->code;
	nid = db_last_id(db);
	if (note_id)
		*note_id = nid;
	ev.entity_id = nid;
	ev.client_id = st.client_id;
	snprintf(payload, sizeof payload, "{\"ticket_id\":%lld}", (long long)id);
	snprintf(line, sizeof line, "Note added to ticket #%lld",
	    (long long)st.number);
	return event_emit(db, &ev, e);
}

int
ticket_add_note(struct db *db, int64_t id, const char *body,
    const char *visibility, int64_t *note_id, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return unit(db, do_note(db, id, body, visibility, note_id, e), e);
}

static int
do_resolve(struct db *db, int64_t id, const char *note,
    const char *visibility, struct err *e)
{
	struct tstate st;
	char line[80];

	if (load(db, id, &st, e) != TP_OK)
		return e->code;
	if (strcmp(st.status, "resolved") == 0)
		return err_set(e, TP_REFUSED, "ticket %lld is already resolved",
		    (long long)id);
	if (is_closed(&st))
		return err_set(e, TP_REFUSED, "ticket %lld is closed",
		    (long long)id);
	if (note != NULL && do_note(db, id, note, visibility, NULL, e) != TP_OK)
		return e->code;
	snprintf(line, sizeof line, "Ticket #%lld resolved", (long long)st.number);
	if (db_exec(db, e, "UPDATE tickets SET status = 'resolved', resolved_at "
	    "= ?2, closed_at = NULL, updated_at = ?2 WHERE id = ?1", "ii", id,
	    clock_now()) != TP_OK)
		return e->code;
	return emit(db, EV_TICKET_RESOLVED, &st, "{\"status\":\"resolved\"}",
	    line, "resolve", e);
}

int
ticket_resolve(struct db *db, int64_t id, const char *note, struct err *e)
{
	return ticket_resolve_note(db, id, note, NULL, e);
}

int
ticket_resolve_note(struct db *db, int64_t id, const char *note,
    const char *visibility, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return unit(db, do_resolve(db, id, note, visibility, e), e);
}

static int
do_close(struct db *db, int64_t id, struct err *e)
{
	struct tstate st;
	char line[80];

	if (load(db, id, &st, e) != TP_OK)
		return e->code;
	if (is_closed(&st))
		return err_set(e, TP_REFUSED, "ticket %lld is already closed",
		    (long long)id);
	snprintf(line, sizeof line, "Ticket #%lld closed", (long long)st.number);
	if (db_exec(db, e, "UPDATE tickets SET status = 'closed', closed_at = ?2, "
	    "updated_at = ?2 WHERE id = ?1", "ii", id, clock_now()) != TP_OK)
		return e->code;
	return emit(db, EV_TICKET_CLOSED, &st, "{\"status\":\"closed\"}", line,
	    "update", e);
}

int
ticket_close(struct db *db, int64_t id, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return unit(db, do_close(db, id, e), e);
}

/* Lists ------------------------------------------------------------------- */

#define OPEN_WORK "t.status NOT IN ('resolved', 'closed')"

int
ticket_fts_query(struct db *db, const char *text, struct buf *out,
    int *prefixes, struct err *e)
{
	if (terms_query(db, "tickets_fts", text, out, prefixes, e) != TP_OK)
		return e->code;
	if (out->len == 0)
		buf_add(out, "\"\"");
	return TP_OK;
}

/* The SLA sort's key: the due time, no clock last, one call a row
 * (sla.h's sla_due on every connection: db_set_hooks). */
#define SLA_KEY(t) "coalesce(sla_due(" t ".id), 9223372036854775807)"

static const char *const sort_order[] = {
	[TICKET_SORT_UPDATED] = " ORDER BY t.updated_at DESC, t.id DESC",
	[TICKET_SORT_PRIORITY] = " ORDER BY t.priority_rank DESC, "
	    "t.updated_at DESC, t.id DESC",
	[TICKET_SORT_DUE] = " ORDER BY t.due_at IS NULL, coalesce(t.due_at, 0), "
	    "t.id",
	[TICKET_SORT_NEWEST] = " ORDER BY t.id DESC",
	[TICKET_SORT_CLIENT] = " ORDER BY c.name, t.id",
	[TICKET_SORT_SLA] = " ORDER BY " SLA_KEY("t") ", t.id",
};
/* Each backwards: the same index walked the other way. */
static const char *const sort_order_rev[] = {
	[TICKET_SORT_UPDATED] = " ORDER BY t.updated_at, t.id",
	[TICKET_SORT_PRIORITY] = " ORDER BY t.priority_rank, t.updated_at, t.id",
	[TICKET_SORT_DUE] = " ORDER BY t.due_at IS NULL DESC, coalesce(t.due_at, "
	    "0) DESC, t.id DESC",
	[TICKET_SORT_NEWEST] = " ORDER BY t.id",
	[TICKET_SORT_CLIENT] = " ORDER BY c.name DESC, t.id DESC",
	[TICKET_SORT_SLA] = " ORDER BY " SLA_KEY("t") " DESC, t.id DESC",
};

/* Keyset: rows strictly after :after's own sort key, as a row value. */
static const char *const sort_after[] = {
	[TICKET_SORT_UPDATED] = " AND (t.updated_at, t.id) < (SELECT k.updated_at, "
	    "k.id FROM tickets k WHERE k.id = :after)",
	[TICKET_SORT_PRIORITY] = " AND (t.priority_rank, t.updated_at, t.id) < "
	    "(SELECT k.priority_rank, k.updated_at, k.id FROM tickets k WHERE "
	    "k.id = :after)",
	[TICKET_SORT_DUE] = " AND (t.due_at IS NULL, coalesce(t.due_at, 0), t.id) "
	    "> (SELECT k.due_at IS NULL, coalesce(k.due_at, 0), k.id FROM "
	    "tickets k WHERE k.id = :after)",
	[TICKET_SORT_NEWEST] = " AND t.id < :after",
	[TICKET_SORT_CLIENT] = " AND (c.name, t.id) > (SELECT kc.name, k.id FROM "
	    "tickets k JOIN clients kc ON kc.id = k.client_id WHERE k.id = "
	    ":after)",
	[TICKET_SORT_SLA] = " AND (" SLA_KEY("t") ", t.id) > (SELECT "
	    SLA_KEY("k") ", k.id FROM tickets k WHERE k.id = :after)",
};
static const char *const sort_after_rev[] = {
	[TICKET_SORT_UPDATED] = " AND (t.updated_at, t.id) > (SELECT k.updated_at, "
	    "k.id FROM tickets k WHERE k.id = :after)",
	[TICKET_SORT_PRIORITY] = " AND (t.priority_rank, t.updated_at, t.id) > "
	    "(SELECT k.priority_rank, k.updated_at, k.id FROM tickets k WHERE "
	    "k.id = :after)",
	[TICKET_SORT_DUE] = " AND (t.due_at IS NULL, coalesce(t.due_at, 0), t.id) "
	    "< (SELECT k.due_at IS NULL, coalesce(k.due_at, 0), k.id FROM "
	    "tickets k WHERE k.id = :after)",
	[TICKET_SORT_NEWEST] = " AND t.id > :after",
	[TICKET_SORT_CLIENT] = " AND (c.name, t.id) < (SELECT kc.name, k.id FROM "
	    "tickets k JOIN clients kc ON kc.id = k.client_id WHERE k.id = "
	    ":after)",
	[TICKET_SORT_SLA] = " AND (" SLA_KEY("t") ", t.id) < (SELECT "
	    SLA_KEY("k") ", k.id FROM tickets k WHERE k.id = :after)",
};

static int
has_search(const struct ticket_filter *f)
{
	return f->search != NULL && *f->search != '\0';
}

static void
status_clause(const struct ticket_filter *f, const struct filter *terms,
    struct buf *sql)
{
	int first = 1;

	if (f->statuses == 0) {
		if (!has_search(f) && !terms->status_set)
			buf_add(sql, " AND " OPEN_WORK);
		return;
	}
	/* The names come from ticket_statuses, never from the caller. */
	buf_add(sql, " AND t.status IN (");
	for (int i = 0; ticket_statuses[i]; i++) {
		if (!(f->statuses & (1u << i)))
			continue;
		buf_addf(sql, "%s'%s'", first ? "" : ", ", ticket_statuses[i]);
		first = 0;
	}
	buf_add(sql, ")");
}

static int
list_sql(const struct ticket_filter *f, const struct filter *terms,
    enum ticket_search_plan plan, struct buf *sql)
{
	enum ticket_sort sort = f->sort;
	int drive = has_search(f) && plan == TICKET_SEARCH_DRIVE;
	/* A driven search in an order of the table reads FTS5's matches as
	 * a list the rows are looked up in: the planner may then start from
	 * whichever index narrows most (status, client, assignee) instead
	 * of fetching every match's row (3x faster on the 20k demo with a
	 * status set).  Newest first keeps FTS5's own order. */
	int semi = drive && sort != TICKET_SORT_NEWEST;

	if ((int)sort < 0 || sort > TICKET_SORT_SLA)
		sort = TICKET_SORT_UPDATED;
	buf_reset(sql);
	buf_add(sql, "SELECT t.id, t.number, t.priority, t.status, t.client_id, "
	    "c.name AS client_name, t.subject, t.assigned_to, u.name AS assignee, "
	    "t.due_at, t.created_at, t.updated_at, (t.due_at IS NOT NULL AND "
	    "t.due_at < :now AND " OPEN_WORK ") AS overdue");
	/* A driven search starts from the full-text index; CROSS JOIN keeps
	 * that order whatever the planner thinks.  A walk asks it per row. */
	if (drive && !semi)
		buf_add(sql, " FROM tickets_fts CROSS JOIN tickets t ON t.id = "
		    "tickets_fts.rowid");
	else
		buf_add(sql, " FROM tickets t");
	buf_add(sql, " LEFT JOIN clients c ON c.id = t.client_id"
	    " LEFT JOIN users u ON u.id = t.assigned_to WHERE 1");
	if (semi)
		buf_add(sql, " AND t.id IN (SELECT rowid FROM tickets_fts WHERE "
		    "tickets_fts MATCH :q)");
	else if (drive)
		buf_add(sql, " AND tickets_fts MATCH :q");
	else if (has_search(f))
		buf_add(sql, " AND EXISTS (SELECT 1 FROM tickets_fts WHERE "
		    "tickets_fts.rowid = t.id AND tickets_fts MATCH :q)");
	if (f->client_id)
		buf_add(sql, " AND t.client_id = :client");
	status_clause(f, terms, sql);
	if (f->assignee == TICKET_UNASSIGNED)
		buf_add(sql, " AND t.assigned_to IS NULL");
	else if (f->assignee)
		buf_add(sql, " AND t.assigned_to = :assignee");
	if (f->priority)
		buf_add(sql, " AND t.priority = :priority");
	if (f->overdue)
		buf_add(sql, " AND t.due_at < :now AND " OPEN_WORK);
	buf_add(sql, terms->where.s);
	/* Newest first under a search: stated on tickets_fts.rowid, so that
	 * FTS5 returns rows in that order and stops at the limit. */
	if (sort == TICKET_SORT_NEWEST && drive) {
		if (f->after_id)
			buf_add(sql, f->reverse ? " AND tickets_fts.rowid > :after" :
			    " AND tickets_fts.rowid < :after");
		buf_add(sql, f->reverse ? " ORDER BY tickets_fts.rowid" :
		    " ORDER BY tickets_fts.rowid DESC");
	} else {
		if (f->after_id)
			buf_add(sql, (f->reverse ? sort_after_rev : sort_after)[sort]);
		buf_add(sql, (f->reverse ? sort_order_rev : sort_order)[sort]);
	}
	buf_add(sql, " LIMIT :limit");
	return TP_OK;
}

int
ticket_list_sql(const struct ticket_filter *f, enum ticket_search_plan plan,
    struct buf *sql)
{
	struct filter_query fq;
	struct ticket_filter g;
	struct err e = ERR_INIT;
	int rc;

	buf_reset(sql);
	rc = filter_query_parse(&ticket_filter_table, f->terms,
	    has_search(f) ? f->search : NULL, &fq, &e);
	if (rc == TP_OK) {
		g = *f;
		g.search = fq.search;
		rc = list_sql(&g, &fq.terms, plan, sql);
	}
	filter_query_free(&fq);
	return rc;
}

static int
check_filter(struct db *db, const struct ticket_filter *f, struct err *e)
{
	int64_t x;

	if (f->limit < 0 || f->limit > TICKET_LIST_MAX)
		return err_set(e, TP_BADINPUT, "bad limit %d: expected 1 to %d",
		    f->limit, TICKET_LIST_MAX);
	if ((int)f->sort < 0 || f->sort > TICKET_SORT_SLA)
		return err_set(e, TP_BADINPUT, "bad sort: expected one of updated, "
		    "priority, due, newest, client, sla");
	if (f->statuses >> 6)
		return err_set(e, TP_BADINPUT, "bad status set");
	if (f->assignee < TICKET_UNASSIGNED)
		return err_set(e, TP_BADINPUT, "bad assignee %lld",
		    (long long)f->assignee);
	if (f->priority && ticket_check_enum(f->priority, "priority",
	    ticket_priorities, e) != TP_OK)
		return e->code;
	if (f->client_id && db_int(db, e, &x, "SELECT id FROM clients WHERE "
	    "id = ?1", "i", f->client_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)f->client_id);
	if (f->assignee > 0 && db_int(db, e, &x, "SELECT id FROM users WHERE "
	    "id = ?1", "i", f->assignee) != TP_OK)
		return err_set(e, TP_NOTFOUND, "user %lld not found",
		    (long long)f->assignee);
	if (f->after_id && db_int(db, e, &x, "SELECT id FROM tickets WHERE "
	    "id = ?1", "i", f->after_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)f->after_id);
	return TP_OK;
}

int64_t
ticket_walk_at(int64_t top)
{
	const char *env = getenv("TERMPSA_TEST_SEARCH_WALK_AT");
	int64_t target, r = 1;

	if (env != NULL && *env != '\0')
		return strtoll(env, NULL, 10);
	target = 1340 * (top > 0 ? top : 0);
	while (r * r < target)          /* at most a few thousand steps */
		r = r < 64 ? r + 1 : r + r / 64;
	return r;
}

/* A walk pays off only where the list's order is an index walk whatever
 * the match (the updated order, narrowed by status or client), and where
 * each probe is a seek: a word left a prefix makes FTS5 gather it whole
 * for every row asked about. */
static int
walkable(const struct ticket_filter *f, const struct filter *terms,
    int prefixes)
{
	return has_search(f) && f->sort == TICKET_SORT_UPDATED && !f->reverse &&
	    f->assignee == 0 && f->priority == NULL && !f->overdue &&
	    !terms->unwalkable && prefixes == 0;
}

static int
choose_plan(struct db *db, const struct ticket_filter *f,
    const struct filter *terms, const char *q, int prefixes,
    enum ticket_search_plan *plan, struct err *e)
{
	int64_t top, at, n;

	*plan = TICKET_SEARCH_DRIVE;
	if (!walkable(f, terms, prefixes))
		return TP_OK;
	if (db_int(db, e, &top, "SELECT coalesce(max(id), 0) FROM tickets",
	    NULL) != TP_OK)
		return e->code;
	at = ticket_walk_at(top);
	/* Named terms stream: counting stops at `at` matches. */
	if (db_int(db, e, &n, "SELECT count(*) FROM (SELECT 1 FROM "
	    "tickets_fts WHERE tickets_fts MATCH ?1 LIMIT ?2)", "ti", q, at)
	    != TP_OK)
		return e->code;
	if (n >= at)
		*plan = TICKET_SEARCH_WALK;
	return TP_OK;
}

int
ticket_list(struct db *db, const struct ticket_filter *f0, struct rows *out,
    struct err *e)
{
	enum ticket_search_plan plan = TICKET_SEARCH_DRIVE;
	struct ticket_filter g;
	const struct ticket_filter *f = &g;
	struct filter_query fq;
	struct buf sql, q;
	sqlite3_stmt *st = NULL;
	int rc, i, prefixes = 0;

	if (check_filter(db, f0, e) != TP_OK)
		return e->code;
	buf_init(&sql);
	buf_init(&q);
	if (filter_query_parse(&ticket_filter_table, f0->terms,
	    has_search(f0) ? f0->search : NULL, &fq, e) != TP_OK ||
	    filter_resolve(db, &fq.terms, e) != TP_OK) {
		rc = e->code;
		goto out;
	}
	g = *f0;
	g.search = fq.search;
	if (has_search(f) && (ticket_fts_query(db, f->search, &q, &prefixes,
	    e) != TP_OK || choose_plan(db, f, &fq.terms, q.s, prefixes, &plan, e)
	    != TP_OK)) {
		rc = e->code;
		goto out;
	}
	list_sql(f, &fq.terms, plan, &sql);
	/* The text varies with the filter, so it is prepared here and
	 * finalized below rather than kept in the statement cache. */
	if (sqlite3_prepare_v2(db->h, sql.s, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, e, "listing tickets");
		goto out;
	}
	db_bind_named_int(st, ":client", f->client_id);
	db_bind_named_int(st, ":assignee", f->assignee);
	db_bind_named_int(st, ":now", clock_now());
	db_bind_named_int(st, ":after", f->after_id);
	db_bind_named_int(st, ":limit", f->limit ? f->limit : 50);
	if ((i = sqlite3_bind_parameter_index(st, ":priority")) > 0)
		sqlite3_bind_text(st, i, f->priority, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(st, ":q")) > 0)
		sqlite3_bind_text(st, i, q.s, -1, SQLITE_STATIC);
	filter_bind(st, &fq.terms);
	rc = rows_collect(db, st, out, e);
	if (rc == TP_OK && f->sla)
		rc = sla_annotate_next(db, out, e);
out:
	sqlite3_finalize(st);
	buf_free(&sql);
	buf_free(&q);
	filter_query_free(&fq);
	return rc;
}

int
ticket_by_number(struct db *db, int64_t number, int64_t *id, struct err *e)
{
	int rc = db_int(db, e, id, "SELECT id FROM tickets WHERE number = ?1",
	    "i", number);

	if (rc == TP_NOTFOUND || (rc != TP_OK && e->code == TP_OK))
		return err_set(e, TP_NOTFOUND, "no ticket #%lld",
		    (long long)number);
	return rc;
}

int
ticket_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	if (rows_query(db, out, e,
	    "SELECT t.*, c.name AS client_name, u.name AS assignee, "
	    "ct.name AS contact_name, l.name AS location_name, "
	    "a.name AS asset_name, p.name AS project_name, "
	    "(t.due_at IS NOT NULL AND t.due_at < ?2 AND t.status NOT IN "
	    "('resolved', 'closed')) AS overdue "
	    "FROM tickets t LEFT JOIN clients c ON c.id = t.client_id "
	    "LEFT JOIN users u ON u.id = t.assigned_to "
	    "LEFT JOIN client_contacts ct ON ct.id = t.contact_id "
	    "LEFT JOIN client_locations l ON l.id = t.location_id "
	    "LEFT JOIN assets a ON a.id = t.asset_id "
	    "LEFT JOIN projects p ON p.id = t.project_id WHERE t.id = ?1", "ii",
	    id, clock_now()) != TP_OK)
		return e->code;
	if (out->n == 0)
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)id);
	return TP_OK;
}

int
ticket_notes(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	int64_t x;

	if (db_int(db, e, &x, "SELECT id FROM tickets WHERE id = ?1", "i", id)
	    != TP_OK)
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)id);
	return rows_query(db, out, e,
	    "SELECT n.id, n.author_id, u.name AS author, n.body, n.visibility, "
	    "n.created_at FROM ticket_notes n LEFT JOIN users u ON "
	    "u.id = n.author_id WHERE n.ticket_id = ?1 ORDER BY n.created_at, "
	    "n.id", "i", id);
}
