/* client.c - see client.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/event.h"
#include "core/money.h"
#include "core/text.h"
#include "service/client.h"

const char *const client_statuses[] = {
	"active", "inactive", "prospect", "archived", NULL
};

#define NAME_MAX_CHARS 200
#define FIELD_MAX_CHARS 200
#define NOTES_MAX_CHARS 10000
#define LIST_DEFAULT 50
#define LIST_MAX 1000

/* Validation -------------------------------------------------------------- */

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Text a person typed, by the text boundary's one rule (core/text):
 * UTF-8, at most max characters, no control characters (newline and tab
 * only where multiline) since these end up in one-line lists.  The error
 * names field (the input struct's member). */
static int
check_field(const char *v, const char *what, const char *field, size_t max,
    int multiline, struct err *e)
{
	if (text_check(v, what, max, multiline ? TEXT_MULTILINE : 0, e) !=
	    TP_OK)
		return err_field(e, e->code, field);
	return TP_OK;
}

/* The same where the member is named as the message names it. */
static int
check_text(const char *v, const char *what, size_t max, int multiline,
    struct err *e)
{
	return check_field(v, what, what, max, multiline, e);
}

static int
check_name(const char *v, const char *what, struct err *e)
{
	char label[32];

	if (v == NULL || *v == '\0' || utf8_chars(v) > NAME_MAX_CHARS)
		return err_set_field(e, TP_BADINPUT, "name", "a %s name must be 1 "
		    "to %d characters", what, NAME_MAX_CHARS);
	snprintf(label, sizeof label, "%s name", what);
	return check_field(v, label, "name", NAME_MAX_CHARS, 0, e);
}

/* An address of the form local@domain, without blanks; "" means none. */
int
client_check_email(const char *v, struct err *e)
{
	const char *at;

	if (v == NULL || *v == '\0')
		return TP_OK;
	at = strchr(v, '@');
	if (at == NULL || at == v || at[1] == '\0' || strchr(at + 1, '@') ||
	    strpbrk(v, " \t\r\n") != NULL)
		return err_set_field(e, TP_BADINPUT, "email", "bad email '%s': "
		    "expected name@domain", v);
	return check_text(v, "email", FIELD_MAX_CHARS, 0, e);
}

static int
check_status(const char *v, struct err *e)
{
	char list[80] = "";
	size_t used = 0;

	for (int i = 0; client_statuses[i]; i++) {
		if (v != NULL && strcmp(v, client_statuses[i]) == 0)
			return TP_OK;
		used += (size_t)snprintf(list + used, sizeof list - used,
		    "%s%s", i ? ", " : "", client_statuses[i]);
	}
	return err_set_field(e, TP_BADINPUT, "status", "bad status '%s': "
	    "expected one of %s", v ? v : "", list);
}

static int
check_rate(int64_t rate, struct err *e)
{
	if (rate > MONEY_MAX_CENTS)
		return err_set_field(e, TP_BADINPUT, "rate_cents",
		    "rate too large");
	return TP_OK;
}

static int
check_terms(int64_t days, struct err *e)
{
	if (days < 0 || days > 365)
		return err_set_field(e, TP_BADINPUT, "net_terms", "bad net terms "
		    "%lld: expected 0 to 365 days", (long long)days);
	return TP_OK;
}

int
client_check_new(const struct client_new *c, struct err *e)
{
	if (check_name(c->name, "client", e) ||
	    check_text(c->company, "company", FIELD_MAX_CHARS, 0, e) ||
	    client_check_email(c->email, e) ||
	    check_text(c->phone, "phone", FIELD_MAX_CHARS, 0, e) ||
	    check_text(c->notes, "notes", NOTES_MAX_CHARS, 1, e) ||
	    (c->status && check_status(c->status, e)) ||
	    check_rate(c->rate_cents, e) ||
	    (c->net_terms >= 0 && check_terms(c->net_terms, e)))
		return e->code;
	return TP_OK;
}

/* "" and NULL both mean "none". */
static const char *
opt(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Append s cut to at most max bytes on a character boundary, so activity
 * lines never end in half a character. */
static void
add_clipped(struct buf *b, const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	buf_addn(b, s, n);
}

int
client_check_exists(struct db *db, int64_t id, struct err *e)
{
	int64_t x;
	int rc = db_int(db, e, &x, "SELECT 1 FROM clients WHERE id = ?1", "i",
	    id);

	if (rc == TP_NOTFOUND)
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)id);
	return rc;
}

/* Create ------------------------------------------------------------------ */

static int
insert_client(struct db *db, const struct client_new *c, int64_t *id,
    struct err *e)
{
	int64_t now = clock_now();
	struct buf line;
	struct event ev = { EV_CLIENT_CREATED, "client", 0, 0, NULL, NULL,
	    "create" };
	int rc;

	/* A rowid reused after deleting the newest client would hand a
	 * compensated client's events and activity to a stranger. */
	if (db_next_row_id(db, "clients", id, e) != TP_OK ||
	    db_exec(db, e,
	    "INSERT INTO clients(id, name, company_name, email, phone, status, "
	    "hourly_rate_cents, currency, net_terms_days, notes, created_at, "
	    "updated_at) VALUES (?11, ?1, ?2, ?3, ?4, coalesce(?5, 'active'), "
	    "CASE WHEN ?6 >= 0 THEN ?6 END, ?7, ?8, ?9, ?10, ?10)",
	    "ttttt" "itit" "ii", c->name, opt(c->company), opt(c->email),
	    opt(c->phone), c->status, c->rate_cents, db->currency,
	    (int64_t)(c->net_terms >= 0 ? c->net_terms : 30), opt(c->notes),
	    now, *id) != TP_OK)
		return e->code;
	buf_init(&line);
	buf_add(&line, "Client ");
	add_clipped(&line, c->name, 200);
	buf_add(&line, " created");
	ev.entity_id = ev.client_id = *id;
	ev.line = line.s;
	rc = event_emit(db, &ev, e);
	buf_free(&line);
	return rc;
}

int
client_create(struct db *db, const struct client_new *c, int64_t *id,
    struct err *e)
{
	if (client_check_new(c, e) != TP_OK)
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, insert_client(db, c, id, e), e);
}

/* Delete (compensation) --------------------------------------------------- */

/* What must be gone before a client may be: each a count query and the
 * word for the message. */
static int
refuse_if_used(struct db *db, int64_t id, struct err *e)
{
	static const struct { const char *sql, *what; } deps[] = {
		{ "SELECT count(*) FROM tickets WHERE client_id = ?1",
		  "tickets" },
		{ "SELECT count(*) FROM invoices WHERE client_id = ?1",
		  "invoices" },
		{ "SELECT count(*) FROM assets WHERE client_id = ?1",
		  "assets" },
		{ "SELECT count(*) FROM projects WHERE client_id = ?1",
		  "projects" },
		{ "SELECT count(*) FROM payments WHERE client_id = ?1",
		  "payments" },
	};

	for (size_t i = 0; i < sizeof deps / sizeof deps[0]; i++) {
		int64_t n = 0;

		if (db_int(db, e, &n, deps[i].sql, "i", id) != TP_OK)
			return e->code;
		if (n > 0)
			return err_set(e, TP_REFUSED, "client %lld still has "
			    "%lld %s; delete them first", (long long)id,
			    (long long)n, deps[i].what);
	}
	return TP_OK;
}

static int
delete_client(struct db *db, int64_t id, struct err *e)
{
	char line[64];
	struct event ev = { EV_CLIENT_DELETED, "client", id, id, NULL, line,
	    NULL };

	if (client_check_exists(db, id, e) != TP_OK ||
	    refuse_if_used(db, id, e) != TP_OK)
		return e->code;
	snprintf(line, sizeof line, "Client %lld deleted", (long long)id);
	if (db_exec(db, e, "DELETE FROM outbox WHERE state = 'pending' AND "
	    "((entity = 'client' AND local_id = ?1) OR "
	    "(entity = 'client_contact' AND local_id IN "
	    " (SELECT id FROM client_contacts WHERE client_id = ?1)) OR "
	    "(entity = 'client_location' AND local_id IN "
	    " (SELECT id FROM client_locations WHERE client_id = ?1)))",
	    "i", id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM asset_categories WHERE client_id = ?1",
	    "i", id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM client_contacts WHERE client_id = ?1",
	    "i", id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM client_locations WHERE client_id = ?1",
	    "i", id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM accounts WHERE client_id = ?1", "i",
	    id) != TP_OK ||
	    db_exec(db, e, "DELETE FROM clients WHERE id = ?1", "i", id)
	    != TP_OK)
		return e->code;
	return event_emit(db, &ev, e);
}

int
client_delete(struct db *db, int64_t id, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, delete_client(db, id, e), e);
}

/* Update ------------------------------------------------------------------ */

/* The client's editable fields, old or new. */
struct fields {
	char   *name, *company, *status, *email, *phone, *notes;
	int64_t rate;           /* -1: none */
	int64_t terms;
};

static void
fields_free(struct fields *f)
{
	free(f->name);
	free(f->company);
	free(f->status);
	free(f->email);
	free(f->phone);
	free(f->notes);
}

static char *
cell_dup(const struct rows *r, const char *col)
{
	return rows_isnull(r, 0, col) ? NULL : xstrdup(rows_text(r, 0, col));
}

static int
load_fields(struct db *db, int64_t id, struct fields *f, struct err *e)
{
	struct rows r = { 0 };

	if (rows_query(db, &r, e, "SELECT name, company_name, status, "
	    "hourly_rate_cents, email, phone, net_terms_days, notes "
	    "FROM clients WHERE id = ?1", "i", id) != TP_OK)
		return e->code;
	if (r.n == 0) {
		rows_free(&r);
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)id);
	}
	f->name = cell_dup(&r, "name");
	f->company = cell_dup(&r, "company_name");
	f->status = cell_dup(&r, "status");
	f->email = cell_dup(&r, "email");
	f->phone = cell_dup(&r, "phone");
	f->notes = cell_dup(&r, "notes");
	f->rate = rows_isnull(&r, 0, "hourly_rate_cents") ? -1
	    : rows_int(&r, 0, "hourly_rate_cents");
	f->terms = rows_int(&r, 0, "net_terms_days");
	rows_free(&r);
	return TP_OK;
}

static int
check_patch(const struct client_patch *p, struct err *e)
{
	if ((p->name && check_name(p->name, "client", e)) ||
	    check_text(p->company, "company", FIELD_MAX_CHARS, 0, e) ||
	    (p->status && check_status(p->status, e)) ||
	    client_check_email(p->email, e) ||
	    check_text(p->phone, "phone", FIELD_MAX_CHARS, 0, e) ||
	    check_text(p->notes, "notes", NOTES_MAX_CHARS, 1, e) ||
	    (p->set_rate && check_rate(p->rate_cents, e)) ||
	    (p->net_terms >= 0 && check_terms(p->net_terms, e)))
		return e->code;
	return TP_OK;
}

static int
same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* *payload = json_set(*payload, path, value), by SQLite; a NULL text or a
 * negative rate becomes JSON null. */
static int
payload_set(struct db *db, char **payload, const char *path, int is_int,
    const char *text, int64_t num, struct err *e)
{
	static const char sql[] =
	    "SELECT json_set(coalesce(?1, json_object()), ?2, ?3)";
	char *out = NULL;
	int rc;

	if (is_int && num >= 0)
		rc = db_text(db, e, &out, sql, "tti", *payload, path, num);
	else if (is_int)
		rc = db_text(db, e, &out, sql, "ttn", *payload, path);
	else
		rc = db_text(db, e, &out, sql, "ttt", *payload, path, text);
	if (rc != TP_OK)
		return rc == TP_NOTFOUND ? err_set(e, TP_INTERNAL, "json_set")
		    : rc;
	free(*payload);
	*payload = out;
	return TP_OK;
}

/* Replace a text field of f when the patch gives one, noting the change. */
static int
patch_text(struct db *db, char **field, const char *given, int optional,
    const char *path, char **payload, struct err *e)
{
	const char *v = given;

	if (given == NULL)
		return TP_OK;
	if (optional)
		v = opt(given);
	if (same_text(*field, v))
		return TP_OK;
	free(*field);
	*field = xstrdup(v);
	return payload_set(db, payload, path, 0, v, 0, e);
}

static int
patch_int(struct db *db, int64_t *field, int apply, int64_t v,
    const char *path, char **payload, struct err *e)
{
	if (!apply)
		return TP_OK;
	if (v < 0)
		v = -1;
	if (*field == v)
		return TP_OK;
	*field = v;
	return payload_set(db, payload, path, 1, NULL, v, e);
}

static int
apply_patch(struct db *db, struct fields *f, const struct client_patch *p,
    char **payload, struct err *e)
{
	if (patch_text(db, &f->name, p->name, 0, "$.name", payload, e) ||
	    patch_text(db, &f->company, p->company, 1, "$.company_name",
	    payload, e) ||
	    patch_text(db, &f->status, p->status, 0, "$.status", payload, e) ||
	    patch_int(db, &f->rate, p->set_rate, p->rate_cents,
	    "$.hourly_rate_cents", payload, e) ||
	    patch_text(db, &f->email, p->email, 1, "$.email", payload, e) ||
	    patch_text(db, &f->phone, p->phone, 1, "$.phone", payload, e) ||
	    patch_int(db, &f->terms, p->net_terms >= 0, p->net_terms,
	    "$.net_terms_days", payload, e) ||
	    patch_text(db, &f->notes, p->notes, 1, "$.notes", payload, e))
		return e->code;
	return TP_OK;
}

/* A line naming the changed fields: "Client Acme updated: status, notes". */
static int
update_line(struct db *db, const char *name, const char *payload,
    struct buf *line, struct err *e)
{
	char *keys = NULL;

	if (db_text(db, e, &keys, "SELECT group_concat(key, ', ') FROM "
	    "json_each(?1)", "t", payload) != TP_OK)
		return e->code;
	buf_add(line, "Client ");
	add_clipped(line, name, 200);
	buf_add(line, " updated: ");
	buf_add(line, keys ? keys : "");
	free(keys);
	return TP_OK;
}

static int
update_client(struct db *db, int64_t id, const struct client_patch *p,
    struct err *e)
{
	struct fields f = { 0 };
	char *payload = NULL;
	struct buf line;
	struct event ev = { EV_CLIENT_UPDATED, "client", id, id, NULL, NULL,
	    "update" };
	int rc;

	buf_init(&line);
	rc = load_fields(db, id, &f, e);
	if (rc == TP_OK)
		rc = apply_patch(db, &f, p, &payload, e);
	if (rc == TP_OK && payload != NULL) {
		rc = db_exec(db, e, "UPDATE clients SET name = ?2, "
		    "company_name = ?3, status = ?4, hourly_rate_cents = CASE "
		    "WHEN ?5 >= 0 THEN ?5 END, email = ?6, phone = ?7, "
		    "net_terms_days = ?8, notes = ?9, updated_at = ?10 "
		    "WHERE id = ?1", "itttittit" "i", id, f.name, f.company,
		    f.status, f.rate, f.email, f.phone, f.terms, f.notes,
		    clock_now());
		if (rc == TP_OK)
			rc = update_line(db, f.name, payload, &line, e);
		ev.payload = payload;
		ev.line = line.s;
		if (rc == TP_OK)
			rc = event_emit(db, &ev, e);
	}
	buf_free(&line);
	free(payload);
	fields_free(&f);
	return rc;
}

int
client_update(struct db *db, int64_t id, const struct client_patch *p,
    struct err *e)
{
	if (check_patch(p, e) != TP_OK)
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, update_client(db, id, p, e), e);
}

/* Reads ------------------------------------------------------------------- */

int
client_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	if (rows_query(db, out, e, "SELECT * FROM clients c WHERE id = ?1 "
	    "AND " CLIENT_SHOWN, "i", id) != TP_OK)
		return e->code;
	if (out->n == 0)
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)id);
	return TP_OK;
}

char *
client_fts_query(const char *text)
{
	struct buf q;
	char *out;

	buf_init(&q);
	out = text_fts_query(text, &q) ? buf_detach(&q) : NULL;
	buf_free(&q);     /* buf_detach leaves q reset, still owning storage */
	return out;
}

/* Open work named status by status (the CHECK allows no other): four seeks
 * on tickets_client_status_updated, where NOT IN would read every ticket
 * the client ever had. */
#define LIST_COLS \
	"SELECT c.id, c.name, c.company_name, c.status, " \
	"c.hourly_rate_cents, c.balance_cents, c.unbilled_cents, " \
	"(SELECT count(*) FROM tickets t WHERE t.client_id = c.id AND " \
	"t.status IN ('open', 'in_progress', 'waiting', 'scheduled')) " \
	"AS open_tickets, " \
	"(SELECT l.city FROM client_locations l WHERE l.client_id = c.id " \
	"AND l.city <> '' ORDER BY l.name, l.id LIMIT 1) AS city " \
	"FROM clients c WHERE " CLIENT_SHOWN " AND "

/* One statement per filter combination, so that each can use its index
 * (clients_name or clients_status_name, both in (name, id) order).  ?1, ?2
 * are the sort key to continue after, ?3 the limit. */
static const char list_all[] = LIST_COLS
    "(c.name, c.id) > (?1, ?2) ORDER BY c.name, c.id LIMIT ?3";
static const char list_status[] = LIST_COLS
    "c.status = ?4 AND (c.name, c.id) > (?1, ?2) "
    "ORDER BY c.name, c.id LIMIT ?3";
static const char list_search[] = LIST_COLS
    "c.id IN (SELECT rowid FROM clients_fts WHERE clients_fts MATCH ?4) "
    "AND (c.name, c.id) > (?1, ?2) ORDER BY c.name, c.id LIMIT ?3";
static const char list_status_search[] = LIST_COLS
    "c.status = ?4 AND c.id IN (SELECT rowid FROM clients_fts WHERE "
    "clients_fts MATCH ?5) AND (c.name, c.id) > (?1, ?2) "
    "ORDER BY c.name, c.id LIMIT ?3";

static int
list_query(struct db *db, const struct client_filter *f, const char *name,
    int64_t limit, const char *match, struct rows *out, struct err *e)
{
	if (match && f->status)
		return rows_query(db, out, e, list_status_search, "tiitt", name,
		    f->after_id, limit, f->status, match);
	if (match)
		return rows_query(db, out, e, list_search, "tiit", name,
		    f->after_id, limit, match);
	if (f->status)
		return rows_query(db, out, e, list_status, "tiit", name,
		    f->after_id, limit, f->status);
	return rows_query(db, out, e, list_all, "tii", name, f->after_id,
	    limit);
}

const char *const client_sorts[] = { "name", "balance", "newest", NULL };

/* The orders other than by name, in built text (the by-name statements
 * above are constants): largest balance first over clients_balance
 * (schema/0004_sort.sql), newest over the rowid. */
void
client_list_sql(const struct client_filter *f, struct buf *sql)
{
	int balance = f->sort == CLIENT_SORT_BALANCE;

	buf_reset(sql);
	buf_add(sql, LIST_COLS "1");
	if (f->status != NULL)
		buf_add(sql, " AND c.status = :status");
	if (f->search != NULL && f->search[strspn(f->search, " \t\r\n\f\v")])
		buf_add(sql, " AND c.id IN (SELECT rowid FROM clients_fts WHERE "
		    "clients_fts MATCH :q)");
	if (f->after_id != 0)
		buf_add(sql, balance ? " AND (c.balance_cents, c.id) < (SELECT "
		    "k.balance_cents, k.id FROM clients k WHERE k.id = :after)" :
		    " AND c.id < :after");
	buf_add(sql, balance ? " ORDER BY c.balance_cents DESC, c.id DESC" :
	    " ORDER BY c.id DESC");
	buf_add(sql, " LIMIT :limit");
}

static int
list_sorted(struct db *db, const struct client_filter *f, int64_t limit,
    const char *match, struct rows *out, struct err *e)
{
	sqlite3_stmt *st = NULL;
	struct buf sql;
	int rc;

	buf_init(&sql);
	client_list_sql(f, &sql);
	/* The text varies with the filter: prepared here, finalized below,
	 * not kept in the statement cache (keyed by constant texts). */
	if (sqlite3_prepare_v2(db->h, sql.s, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, e, "listing clients");
		goto out;
	}
	db_bind_named_text(st, ":status", f->status);
	db_bind_named_text(st, ":q", match);
	db_bind_named_int(st, ":after", f->after_id);
	db_bind_named_int(st, ":limit", limit);
	rc = rows_collect(db, st, out, e);
out:
	sqlite3_finalize(st);
	buf_free(&sql);
	return rc;
}

int
client_list(struct db *db, const struct client_filter *f, struct rows *out,
    struct err *e)
{
	char *after_name = NULL, *match;
	int rc;

	if (f->limit < 0 || f->limit > LIST_MAX)
		return err_set(e, TP_BADINPUT, "bad limit %d: expected 1 to %d",
		    f->limit, LIST_MAX);
	if (f->status && check_status(f->status, e))
		return e->code;
	if ((int)f->sort < 0 || f->sort > CLIENT_SORT_NEWEST)
		return err_set(e, TP_BADINPUT, "bad sort: expected one of name, "
		    "balance, newest");
	if (f->sort != CLIENT_SORT_NAME) {
		int64_t x;

		if (f->after_id != 0 && db_int(db, e, &x, "SELECT id FROM "
		    "clients WHERE id = ?1", "i", f->after_id) != TP_OK)
			return err_set(e, TP_NOTFOUND, "client %lld not found",
			    (long long)f->after_id);
		match = client_fts_query(f->search);
		rc = list_sorted(db, f, f->limit > 0 ? f->limit : LIST_DEFAULT,
		    match, out, e);
		free(match);
		return rc;
	}
	if (f->after_id != 0) {
		rc = db_text(db, e, &after_name, "SELECT name FROM clients "
		    "WHERE id = ?1", "i", f->after_id);
		if (rc == TP_NOTFOUND)
			return err_set(e, TP_NOTFOUND, "client %lld not found",
			    (long long)f->after_id);
		if (rc != TP_OK)
			return rc;
	}
	match = client_fts_query(f->search);
	/* ("", 0) sorts before every row: names are never empty. */
	rc = list_query(db, f, after_name ? after_name : "",
	    f->limit > 0 ? f->limit : LIST_DEFAULT, match, out, e);
	free(after_name);
	free(match);
	return rc;
}

int
client_onboard_row(struct db *db, int64_t client_id, int64_t ticket_id,
    struct rows *out, struct err *e)
{
	if (rows_query(db, out, e, "SELECT id, uuid, ?2 AS welcome_ticket_id "
	    "FROM clients WHERE id = ?1", "ii", client_id, ticket_id) != TP_OK)
		return e->code;
	if (out->n == 0)
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)client_id);
	return TP_OK;
}

/* Contacts and locations -------------------------------------------------- */

/* A patch's text for SQL: NULL keeps the column (bound as NULL, read by
 * coalesce), "" clears it: the statements below take ?N IS NULL as keep
 * and nullif(?N, '') as the new value. */
#define PATCHED(n, col) \
	"CASE WHEN ?" #n " IS NULL THEN " col " ELSE nullif(?" #n ", '') END"

/* Emit an update event for the row of table id, its payload the row as
 * json_object(fields) now, after a write that changed it. */
static int
emit_updated(struct db *db, enum event_kind kind, const char *entity,
    int64_t id, const char *payload_sql, const char *what, struct err *e)
{
	struct event ev = { kind, entity, id, 0, NULL, NULL, "update" };
	char *payload = NULL, *name = NULL;
	struct buf line;
	int rc;

	if (db_text(db, e, &payload, payload_sql, "i", id) != TP_OK)
		return e->code;
	rc = db_int(db, e, &ev.client_id, "SELECT json_extract(?1, "
	    "'$.client_id')", "t", payload);
	if (rc == TP_OK)
		rc = db_text(db, e, &name, "SELECT json_extract(?1, '$.name')",
		    "t", payload);
	buf_init(&line);
	buf_addf(&line, "%s ", what);
	add_clipped(&line, name ? name : "", 200);
	buf_add(&line, " updated");
	ev.payload = payload;
	ev.line = line.s;
	if (rc == TP_OK)
		rc = event_emit(db, &ev, e);
	buf_free(&line);
	free(payload);
	free(name);
	return rc;
}

static int
check_plain(const char *v, const char *what, struct err *e)
{
	return check_text(v, what, FIELD_MAX_CHARS, 0, e);
}

static int
check_email(const char *v, const char *what, struct err *e)
{
	(void)what;
	return client_check_email(v, e);
}

/* One optional text member of a contact or a location and its check. */
struct child_field {
	const char *name;
	int (*check)(const char *v, const char *what, struct err *e);
};

/* What a client's contacts and its locations differ in, so that checking,
 * updating, getting and listing them is one piece of code. */
struct child_kind {
	const char *noun;		/* "contact": messages, the name check */
	const char *what;		/* "Contact": the events' lines */
	const char *entity;		/* the events' entity */
	enum event_kind created, updated;
	const char *owner_sql;		/* its client_id, by id (?1) */
	const char *payload_sql;	/* the update event's payload, by id */
	const char *get_sql;		/* one, by id */
	const char *list_sql;		/* a client's, by client id */
	/* Its optional text members in the order they are checked, ended by
	 * a NULL name; the callers' value arrays follow this order. */
	struct child_field fields[5];
	/* Write a checked patch to row id (of client client_id); only a row
	 * that differs is written, so db_changes() tells if it changed. */
	int (*write)(struct db *db, int64_t id, int64_t client_id,
	    const void *patch, struct err *e);
};

static int
check_fields(const struct child_kind *k, const char *const *vals,
    struct err *e)
{
	for (int i = 0; k->fields[i].name; i++)
		if (k->fields[i].check(vals[i], k->fields[i].name, e) != TP_OK)
			return e->code;
	return TP_OK;
}

/* The created event of row id, a new one of client client_id; its line
 * says "<what> <name><added>". */
static int
emit_created(struct db *db, const struct child_kind *k, int64_t client_id,
    int64_t id, const char *name, const char *added, struct err *e)
{
	struct event ev = { k->created, k->entity, id, client_id, NULL, NULL,
	    "create" };
	struct buf line;
	int rc;

	buf_init(&line);
	buf_addf(&line, "%s ", k->what);
	add_clipped(&line, name, 200);
	buf_add(&line, added);
	ev.line = line.s;
	rc = event_emit(db, &ev, e);
	buf_free(&line);
	return rc;
}

static int
update_child(struct db *db, const struct child_kind *k, int64_t id,
    const void *patch, struct err *e)
{
	int64_t client_id;

	if (db_int(db, e, &client_id, k->owner_sql, "i", id) == TP_NOTFOUND)
		return err_set(e, TP_NOTFOUND, "%s %lld not found", k->noun,
		    (long long)id);
	if (e->code != TP_OK)
		return e->code;
	if (k->write(db, id, client_id, patch, e) != TP_OK)
		return e->code;
	/* No change, no event. */
	if (db_changes(db) == 0)
		return TP_OK;
	return emit_updated(db, k->updated, k->entity, id, k->payload_sql,
	    k->what, e);
}

/* name NULL leaves the name alone; vals are the patch's optional texts in
 * the order of k->fields. */
static int
child_update(struct db *db, const struct child_kind *k, int64_t id,
    const char *name, const char *const *vals, const void *patch,
    struct err *e)
{
	if ((name && check_name(name, k->noun, e)) || check_fields(k, vals, e))
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, update_child(db, k, id, patch, e), e);
}

static int
child_get(struct db *db, const struct child_kind *k, int64_t id,
    struct rows *out, struct err *e)
{
	if (rows_query(db, out, e, k->get_sql, "i", id) != TP_OK)
		return e->code;
	if (out->n == 0)
		return err_set(e, TP_NOTFOUND, "%s %lld not found", k->noun,
		    (long long)id);
	return TP_OK;
}

static int
child_list(struct db *db, const struct child_kind *k, int64_t client_id,
    struct rows *out, struct err *e)
{
	if (client_check_exists(db, client_id, e) != TP_OK)
		return e->code;
	return rows_query(db, out, e, k->list_sql, "i", client_id);
}

/* Contacts ---------------------------------------------------------------- */

static int
write_contact(struct db *db, int64_t id, int64_t client_id,
    const void *patch, struct err *e)
{
	const struct contact_patch *p = patch;
	int64_t now = clock_now();

	if (p->primary == 1 && db_exec(db, e, "UPDATE client_contacts SET "
	    "is_primary = 0, updated_at = ?3 WHERE client_id = ?1 AND id <> ?2 "
	    "AND is_primary = 1", "iii", client_id, id, now) != TP_OK)
		return e->code;
	return db_exec(db, e, "UPDATE client_contacts SET name = coalesce(?2, "
	    "name), email = " PATCHED(3, "email") ", phone = "
	    PATCHED(4, "phone") ", title = " PATCHED(5, "title") ", "
	    "is_primary = CASE WHEN ?6 < 0 THEN is_primary ELSE ?6 END, "
	    "updated_at = ?7 WHERE id = ?1 AND (name IS NOT coalesce(?2, name) "
	    "OR email IS NOT " PATCHED(3, "email") " OR phone IS NOT "
	    PATCHED(4, "phone") " OR title IS NOT " PATCHED(5, "title")
	    " OR (?6 >= 0 AND is_primary IS NOT ?6))", "itttt" "ii", id,
	    p->name, p->email, p->phone, p->title, (int64_t)p->primary, now);
}

#define CONTACT_COLS \
	"SELECT k.id, k.client_id, c.name AS client_name, k.name, k.email, " \
	"k.phone, k.title, k.is_primary, k.created_at, k.updated_at " \
	"FROM client_contacts k JOIN clients c ON c.id = k.client_id "

static const struct child_kind contact_kind = {
	"contact", "Contact", "client_contact", EV_CONTACT_CREATED,
	EV_CONTACT_UPDATED,
	"SELECT client_id FROM client_contacts WHERE id = ?1",
	"SELECT json_object('client_id', client_id, 'name', name, "
	"'email', email, 'phone', phone, 'title', title, 'is_primary', "
	"is_primary) FROM client_contacts WHERE id = ?1",
	CONTACT_COLS "WHERE k.id = ?1",
	CONTACT_COLS "WHERE k.client_id = ?1 "
	"ORDER BY k.is_primary DESC, k.name, k.id",
	{ { "email", check_email }, { "phone", check_plain },
	  { "title", check_plain }, { NULL, NULL } },
	write_contact
};

static int
insert_contact(struct db *db, const struct contact_new *c, int64_t *id,
    struct err *e)
{
	int64_t now = clock_now();

	if (client_check_exists(db, c->client_id, e) != TP_OK)
		return e->code;
	/* --primary makes it the only primary: demote the others first. */
	if (c->primary && db_exec(db, e, "UPDATE client_contacts SET "
	    "is_primary = 0, updated_at = ?2 WHERE client_id = ?1 AND "
	    "is_primary = 1", "ii", c->client_id, now) != TP_OK)
		return e->code;
	if (db_exec(db, e, "INSERT INTO client_contacts(client_id, name, "
	    "email, phone, title, is_primary, created_at, updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)", "itttt" "ii",
	    c->client_id, c->name, opt(c->email), opt(c->phone), opt(c->title),
	    (int64_t)(c->primary != 0), now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	return emit_created(db, &contact_kind, c->client_id, *id, c->name,
	    c->primary ? " added (primary)" : " added", e);
}

int
contact_add(struct db *db, const struct contact_new *c, int64_t *id,
    struct err *e)
{
	const char *vals[] = { c->email, c->phone, c->title };

	if (check_name(c->name, "contact", e) ||
	    check_fields(&contact_kind, vals, e))
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, insert_contact(db, c, id, e), e);
}

int
contact_update(struct db *db, int64_t id, const struct contact_patch *p,
    struct err *e)
{
	const char *vals[] = { p->email, p->phone, p->title };

	return child_update(db, &contact_kind, id, p->name, vals, p, e);
}

int
contact_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	return child_get(db, &contact_kind, id, out, e);
}

int
client_contacts(struct db *db, int64_t client_id, struct rows *out,
    struct err *e)
{
	return child_list(db, &contact_kind, client_id, out, e);
}

/* Locations --------------------------------------------------------------- */

static int
write_location(struct db *db, int64_t id, int64_t client_id,
    const void *patch, struct err *e)
{
	const struct location_patch *p = patch;

	(void)client_id;
	return db_exec(db, e, "UPDATE client_locations SET name = coalesce(?2, "
	    "name), address = " PATCHED(3, "address") ", city = "
	    PATCHED(4, "city") ", zip = " PATCHED(5, "zip") ", country = "
	    PATCHED(6, "country") ", updated_at = ?7 WHERE id = ?1 AND (name "
	    "IS NOT coalesce(?2, name) OR address IS NOT " PATCHED(3, "address")
	    " OR city IS NOT " PATCHED(4, "city") " OR zip IS NOT "
	    PATCHED(5, "zip") " OR country IS NOT " PATCHED(6, "country") ")",
	    "ittttt" "i", id, p->name, p->address, p->city, p->zip, p->country,
	    clock_now());
}

#define LOCATION_COLS \
	"SELECT l.id, l.client_id, c.name AS client_name, l.name, l.address, " \
	"l.city, l.zip, l.country, l.created_at, l.updated_at " \
	"FROM client_locations l JOIN clients c ON c.id = l.client_id "

static const struct child_kind location_kind = {
	"location", "Location", "client_location", EV_LOCATION_CREATED,
	EV_LOCATION_UPDATED,
	"SELECT client_id FROM client_locations WHERE id = ?1",
	"SELECT json_object('client_id', client_id, 'name', name, "
	"'address', address, 'city', city, 'zip', zip, 'country', "
	"country) FROM client_locations WHERE id = ?1",
	LOCATION_COLS "WHERE l.id = ?1",
	LOCATION_COLS "WHERE l.client_id = ?1 ORDER BY l.name, l.id",
	{ { "address", check_plain }, { "city", check_plain },
	  { "zip", check_plain }, { "country", check_plain },
	  { NULL, NULL } },
	write_location
};

static int
insert_location(struct db *db, const struct location_new *l, int64_t *id,
    struct err *e)
{
	if (client_check_exists(db, l->client_id, e) != TP_OK)
		return e->code;
	if (db_exec(db, e, "INSERT INTO client_locations(client_id, name, "
	    "address, city, zip, country, created_at, updated_at) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7, ?7)", "ittttt" "i", l->client_id, l->name,
	    opt(l->address), opt(l->city), opt(l->zip), opt(l->country),
	    clock_now()) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	return emit_created(db, &location_kind, l->client_id, *id, l->name,
	    " added", e);
}

int
location_add(struct db *db, const struct location_new *l, int64_t *id,
    struct err *e)
{
	const char *vals[] = { l->address, l->city, l->zip, l->country };

	if (check_name(l->name, "location", e) ||
	    check_fields(&location_kind, vals, e))
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, insert_location(db, l, id, e), e);
}

int
location_update(struct db *db, int64_t id, const struct location_patch *p,
    struct err *e)
{
	const char *vals[] = { p->address, p->city, p->zip, p->country };

	return child_update(db, &location_kind, id, p->name, vals, p, e);
}

int
location_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	return child_get(db, &location_kind, id, out, e);
}

int
client_locations(struct db *db, int64_t client_id, struct rows *out,
    struct err *e)
{
	return child_list(db, &location_kind, client_id, out, e);
}

/* Accounts ---------------------------------------------------------------- */

static int
insert_account(struct db *db, int64_t client_id, int64_t *id, struct err *e)
{
	char line[96];
	struct event ev = { EV_ACCOUNT_CREATED, "account", 0, client_id, NULL,
	    line, NULL };
	int64_t x;

	if (client_check_exists(db, client_id, e) != TP_OK)
		return e->code;
	if (db_int(db, e, &x, "SELECT id FROM accounts WHERE client_id = ?1",
	    "i", client_id) == TP_OK)
		return err_set(e, TP_REFUSED, "client %lld has an account "
		    "already (account %lld)", (long long)client_id,
		    (long long)x);
	if (db_exec(db, e, "INSERT INTO accounts(client_id, currency, "
	    "created_at) SELECT id, currency, ?2 FROM clients WHERE id = ?1",
	    "ii", client_id, clock_now()) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	snprintf(line, sizeof line, "Account %lld created for client %lld",
	    (long long)*id, (long long)client_id);
	return event_emit(db, &ev, e);
}

int
account_create(struct db *db, int64_t client_id, int64_t *id, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, insert_account(db, client_id, id, e), e);
}

static int
remove_account(struct db *db, int64_t id, struct err *e)
{
	char line[96];
	struct event ev = { EV_ACCOUNT_DELETED, "account", id, 0, NULL, line,
	    NULL };

	int rc = db_int(db, e, &ev.client_id, "SELECT client_id FROM accounts "
	    "WHERE id = ?1", "i", id);

	if (rc == TP_NOTFOUND)
		return err_set(e, TP_NOTFOUND, "account %lld not found",
		    (long long)id);
	if (rc != TP_OK)
		return rc;
	if (db_exec(db, e, "DELETE FROM accounts WHERE id = ?1", "i", id)
	    != TP_OK)
		return e->code;
	snprintf(line, sizeof line, "Account %lld deleted", (long long)id);
	return event_emit(db, &ev, e);
}

int
account_delete(struct db *db, int64_t id, struct err *e)
{
	if (db_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, remove_account(db, id, e), e);
}
