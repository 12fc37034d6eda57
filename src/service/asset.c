/* asset.c - see asset.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/event.h"
#include "core/text.h"
#include "service/asset.h"
#include "service/filter.h"
#include "service/ticket.h"

const char *const asset_statuses[] = {
	"ready", "deployed", "maintenance", "repair", "retired", "lost", NULL
};
const char *const asset_maintenance_types[] = {
	"preventive", "corrective", NULL
};

#define ASSET_TEXT_MAX 200
#define ASSET_NOTES_MAX 10000

/* "" is how an update clears a field; stored, it is NULL. */
static const char *
nz(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* Validation ----------------------------------------------------------- */

static int
check_ip(const char *s, struct err *e)
{
	unsigned char addr[16];

	if (s == NULL || *s == '\0' || inet_pton(AF_INET, s, addr) == 1 ||
	    inet_pton(AF_INET6, s, addr) == 1)
		return TP_OK;
	return err_set_field(e, TP_BADINPUT, "ip", "bad ip '%s': expected an "
	    "IPv4 or IPv6 address", s);
}

static int
check_mac(const char *s, struct err *e)
{
	size_t i;

	if (s == NULL || *s == '\0')
		return TP_OK;
	for (i = 0; i < 17 && s[i]; i++) {
		int sep = i % 3 == 2;

		if (sep ? (s[i] != ':' && s[i] != '-' ) ||
		    (i > 2 && s[i] != s[2]) : !isxdigit((unsigned char)s[i]))
			break;
	}
	if (i == 17 && s[17] == '\0')
		return TP_OK;
	return err_set_field(e, TP_BADINPUT, "mac", "bad mac '%s': expected six "
	    "hex pairs like 00:1a:2b:3c:4d:5e", s);
}

/* field: the member of struct asset_new the error is about. */
static int
check_date(const char *s, const char *what, const char *field,
    struct err *e)
{
	if (s == NULL || *s == '\0' || clock_check_date(s, NULL) == TP_OK)
		return TP_OK;
	return err_set_field(e, TP_BADINPUT, field, "bad %s '%s': expected a "
	    "date YYYY-MM-DD", what, s);
}

/* The text boundary's rule (core/text): UTF-8, no controls, a length.
 * what: the member's name, as the message and the field name it. */
static int
check_len(const char *s, const char *what, size_t max, struct err *e)
{
	if (text_check(s, what, max, 0, e) != TP_OK)
		return err_field(e, e->code, what);
	return TP_OK;
}

static int
check_long(const char *s, const char *what, size_t max, struct err *e)
{
	if (text_check(s, what, max, TEXT_MULTILINE, e) != TP_OK)
		return err_field(e, e->code, what);
	return TP_OK;
}

/* Field checks that need no database; `creating` makes the name required. */
static int
check_fields(const struct asset_new *a, int creating, struct err *e)
{
	if ((creating || a->name != NULL) &&
	    (a->name == NULL || *a->name == '\0'))
		return err_set_field(e, TP_BADINPUT, "name",
		    "an asset needs a name");
	if (check_len(a->name, "name", ASSET_TEXT_MAX, e) ||
	    check_len(a->type, "type", ASSET_TEXT_MAX, e) ||
	    check_len(a->make, "make", ASSET_TEXT_MAX, e) ||
	    check_len(a->model, "model", ASSET_TEXT_MAX, e) ||
	    check_len(a->serial, "serial", ASSET_TEXT_MAX, e) ||
	    check_long(a->notes, "notes", ASSET_NOTES_MAX, e))
		return e->code;
	if (a->status != NULL && ticket_check_enum(a->status, "status",
	    asset_statuses, e) != TP_OK)
		return e->code;
	if (check_ip(a->ip, e) || check_mac(a->mac, e) ||
	    check_date(a->purchase_date, "purchase date", "purchase_date", e) ||
	    check_date(a->warranty_expire, "warranty expiry date",
	    "warranty_expire", e))
		return e->code;
	return TP_OK;
}

static int
check_client(struct db *db, int64_t client_id, struct err *e)
{
	int64_t x;

	if (client_id <= 0 || db_int(db, e, &x, "SELECT id FROM clients WHERE "
	    "id = ?1", "i", client_id) != TP_OK)
		return err_set_field(e, TP_NOTFOUND, "client_id",
		    "client %lld not found", (long long)client_id);
	return TP_OK;
}

static int
check_location(struct db *db, int64_t location_id, int64_t client_id,
    struct err *e)
{
	int64_t owner;

	if (location_id <= 0)
		return TP_OK;
	if (db_int(db, e, &owner, "SELECT client_id FROM client_locations "
	    "WHERE id = ?1", "i", location_id) != TP_OK)
		return err_set_field(e, TP_NOTFOUND, "location_id",
		    "location %lld not found", (long long)location_id);
	if (owner != client_id)
		return err_set_field(e, TP_REFUSED, "location_id", "location "
		    "%lld belongs to another client", (long long)location_id);
	return TP_OK;
}

/* The id of the client's category `name` (case does not matter); an
 * unknown name is bad input that lists the client's categories. */
static int
category_id(struct db *db, int64_t client_id, const char *name, int64_t *id,
    struct err *e)
{
	char *list = NULL;
	int rc;

	if (db_int(db, e, id, "SELECT id FROM asset_categories WHERE "
	    "client_id = ?1 AND name = ?2 COLLATE NOCASE", "it", client_id,
	    name) == TP_OK)
		return TP_OK;
	rc = db_text(db, e, &list, "SELECT group_concat(name, ', ') FROM "
	    "(SELECT name FROM asset_categories WHERE client_id = ?1 "
	    "ORDER BY id)", "i", client_id);
	if (rc != TP_OK && rc != TP_NOTFOUND)
		return rc;
	if (list == NULL)
		rc = err_set_field(e, TP_BADINPUT, "category", "bad category "
		    "'%s': client %lld has no asset categories", name,
		    (long long)client_id);
	else
		rc = err_set_field(e, TP_BADINPUT, "category", "bad category "
		    "'%s': expected one of %s", name, list);
	free(list);
	return rc;
}

/* Create --------------------------------------------------------------- */

static int
insert(struct db *db, const struct asset_new *a, int64_t *id, struct err *e)
{
	int64_t cat = 0, now = clock_now();
	char line[300];
	struct event ev = { EV_ASSET_CREATED, "asset", 0, a->client_id, NULL,
	    line, "create" };

	if (check_client(db, a->client_id, e) ||
	    check_location(db, a->location_id, a->client_id, e))
		return e->code;
	if (nz(a->category) && category_id(db, a->client_id, a->category, &cat,
	    e) != TP_OK)
		return e->code;
	if (db_exec(db, e,
	    "INSERT INTO assets(client_id, location_id, category_id, name, type, "
	    "make, model, serial, ip, mac, status, purchase_date, "
	    "warranty_expire, notes, created_at, updated_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce(?11, 'deployed'), ?12, ?13, "
	    "?14, ?15, ?15)",
	    "iIItttttttttt" "ti", a->client_id, a->location_id, cat, a->name,
	    nz(a->type), nz(a->make), nz(a->model), nz(a->serial), nz(a->ip),
	    nz(a->mac), nz(a->status), nz(a->purchase_date),
	    nz(a->warranty_expire), nz(a->notes), now) != TP_OK)
		return e->code;
	*id = db_last_id(db);
	ev.entity_id = *id;
	snprintf(line, sizeof line, "Asset %.200s added", a->name);
	return event_emit(db, &ev, e);
}

int
asset_create(struct db *db, const struct asset_new *a, int64_t *id,
    struct err *e)
{
	if (check_fields(a, 1, e) != TP_OK)
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (insert(db, a, id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

/* Update --------------------------------------------------------------- */

/* The text columns an update may change, in the order of struct asset_new. */
static const char *const text_cols[] = {
	"name", "type", "make", "model", "serial", "ip", "mac", "status",
	"purchase_date", "warranty_expire", "notes"
};
#define NTEXT (sizeof text_cols / sizeof text_cols[0])

static void
given_text(const struct asset_new *a, const char *v[NTEXT])
{
	v[0] = a->name;
	v[1] = a->type;
	v[2] = a->make;
	v[3] = a->model;
	v[4] = a->serial;
	v[5] = a->ip;
	v[6] = a->mac;
	v[7] = a->status;
	v[8] = a->purchase_date;
	v[9] = a->warranty_expire;
	v[10] = a->notes;
}

/* Add "col": value to the payload object through SQLite's json_set (the
 * column names are ours, never user text). */
static int
payload_set(struct db *db, char **payload, const char *col, const char *text,
    int64_t num, int is_num, struct err *e)
{
	char *next = NULL;
	int rc;

	if (is_num)
		rc = db_text(db, e, &next, "SELECT json_set(?1, '$.' || ?2, ?3)",
		    "ttI", *payload, col, num);
	else
		rc = db_text(db, e, &next, "SELECT json_set(?1, '$.' || ?2, ?3)",
		    "ttt", *payload, col, text);
	if (rc != TP_OK)
		return rc;
	free(*payload);
	*payload = next;
	return TP_OK;
}

struct merged {
	const char *text[NTEXT];
	int64_t     location_id;
	int64_t     category_id;
	int64_t     client_id;
	int         changed;
	char       *payload;
};

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Fold the request into the current row (cur), noting what changed. */
static int
merge(struct db *db, const struct rows *cur, const struct asset_new *a,
    struct merged *m, struct err *e)
{
	const char *given[NTEXT];
	int64_t loc, cat;

	given_text(a, given);
	m->client_id = rows_int(cur, 0, "client_id");
	for (size_t i = 0; i < NTEXT; i++) {
		const char *old = rows_isnull(cur, 0, text_cols[i]) ? NULL :
		    rows_text(cur, 0, text_cols[i]);

		m->text[i] = given[i] ? nz(given[i]) : old;
		if (!same(old, m->text[i])) {
			m->changed++;
			if (payload_set(db, &m->payload, text_cols[i], m->text[i],
			    0, 0, e) != TP_OK)
				return e->code;
		}
	}
	m->location_id = loc = rows_int(cur, 0, "location_id");
	if (a->location_id != 0) {
		m->location_id = a->location_id < 0 ? 0 : a->location_id;
		if (check_location(db, m->location_id, m->client_id, e) != TP_OK)
			return e->code;
	}
	m->category_id = cat = rows_int(cur, 0, "category_id");
	if (a->category != NULL) {
		m->category_id = 0;
		if (*a->category && category_id(db, m->client_id, a->category,
		    &m->category_id, e) != TP_OK)
			return e->code;
	}
	if (loc != m->location_id) {
		m->changed++;
		if (payload_set(db, &m->payload, "location_id", NULL,
		    m->location_id, 1, e) != TP_OK)
			return e->code;
	}
	if (cat != m->category_id) {
		m->changed++;
		if (payload_set(db, &m->payload, "category_id", NULL,
		    m->category_id, 1, e) != TP_OK)
			return e->code;
	}
	return TP_OK;
}

static int
apply(struct db *db, int64_t id, const struct merged *m, struct err *e)
{
	char line[300];
	struct event ev = { EV_ASSET_UPDATED, "asset", id, m->client_id,
	    m->payload, line, "update" };

	if (db_exec(db, e,
	    "UPDATE assets SET name = ?2, type = ?3, make = ?4, model = ?5, "
	    "serial = ?6, ip = ?7, mac = ?8, status = ?9, purchase_date = ?10, "
	    "warranty_expire = ?11, notes = ?12, location_id = ?13, "
	    "category_id = ?14, updated_at = ?15 WHERE id = ?1",
	    "ittttttttttt" "IIi", id, m->text[0], m->text[1], m->text[2],
	    m->text[3], m->text[4], m->text[5], m->text[6], m->text[7],
	    m->text[8], m->text[9], m->text[10], m->location_id, m->category_id,
	    clock_now()) != TP_OK)
		return e->code;
	snprintf(line, sizeof line, "Asset %.200s updated", m->text[0]);
	return event_emit(db, &ev, e);
}

static int
update_tx(struct db *db, int64_t id, const struct asset_new *a,
    struct merged *m, struct err *e)
{
	struct rows cur = { 0 };
	int rc;

	rc = rows_query(db, &cur, e, "SELECT client_id, location_id, "
	    "category_id, name, type, make, model, serial, ip, mac, status, "
	    "purchase_date, warranty_expire, notes FROM assets WHERE id = ?1",
	    "i", id);
	if (rc == TP_OK && cur.n == 0)
		rc = err_set(e, TP_NOTFOUND, "asset %lld not found", (long long)id);
	if (rc == TP_OK)
		rc = merge(db, &cur, a, m, e);
	if (rc == TP_OK && m->changed)
		rc = apply(db, id, m, e);
	rows_free(&cur);
	return rc;
}

int
asset_update(struct db *db, int64_t id, const struct asset_new *a,
    int *changed, struct err *e)
{
	struct merged m;
	int rc;

	memset(&m, 0, sizeof m);
	if (check_fields(a, 0, e) != TP_OK)
		return e->code;
	m.payload = xstrdup("{}");
	if (db_begin(db, e) != TP_OK) {
		free(m.payload);
		return e->code;
	}
	rc = update_tx(db, id, a, &m, e);
	if (rc != TP_OK)
		db_rollback(db);
	else
		rc = db_commit(db, e);
	if (rc == TP_OK && changed != NULL)
		*changed = m.changed;
	free(m.payload);
	return rc;
}

/* Reads ---------------------------------------------------------------- */

/* ?1 today, ?2 the last day that counts as expiring soon. */
#define WARRANTY_STATE \
	"CASE WHEN a.warranty_expire IS NULL THEN 'none' " \
	"WHEN a.warranty_expire < ?1 THEN 'expired' " \
	"WHEN a.warranty_expire <= ?2 THEN 'expiring' ELSE 'ok' END"

static void
warranty_bounds(char today[CLOCK_DATE_LEN], char soon[CLOCK_DATE_LEN])
{
	clock_today(today);
	clock_add_days(today, ASSET_WARRANTY_SOON, soon, NULL);
}

int
asset_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	char today[CLOCK_DATE_LEN], soon[CLOCK_DATE_LEN];

	warranty_bounds(today, soon);
	if (rows_query(db, out, e,
	    "SELECT a.id, a.uuid, a.remote_id, a.client_id, c.name AS "
	    "client_name, a.location_id, l.name AS location, a.category_id, "
	    "k.name AS category, a.name, a.type, a.make, a.model, a.serial, "
	    "a.ip, a.mac, a.status, a.purchase_date, a.warranty_expire, "
	    WARRANTY_STATE " AS warranty_state, a.notes, a.created_at, "
	    "a.updated_at FROM assets a JOIN clients c ON c.id = a.client_id "
	    "LEFT JOIN client_locations l ON l.id = a.location_id "
	    "LEFT JOIN asset_categories k ON k.id = a.category_id "
	    "WHERE a.id = ?3", "tti", today, soon, id) != TP_OK)
		return e->code;
	if (out->n == 0) {
		rows_free(out);
		return err_set(e, TP_NOTFOUND, "asset %lld not found",
		    (long long)id);
	}
	return TP_OK;
}

const char *const asset_sorts[] = { "name", "warranty", "newest", NULL };

#define LIST_HEAD \
	"SELECT a.id, a.client_id, c.name AS client_name, a.name, a.type, " \
	"a.make, a.model, a.serial, a.status, a.warranty_expire, " \
	WARRANTY_STATE " AS warranty_state FROM assets a " \
	"JOIN clients c ON c.id = a.client_id WHERE 1"

/* Warranty end soonest first, none last: the expressions of the index
 * assets_warranty_end (schema/0004_sort.sql), NULL-free for row values. */
#define WARRANTY_KEY(t) \
	t ".warranty_expire IS NULL, coalesce(" t ".warranty_expire, ''), " \
	t ".id"

/* ORDER BY and keyset (rows strictly after :after's own sort key) of
 * each order; the default under expiring_days is the warranty's own
 * order over assets_warranty (only dated rows are listed then). */
static const char *const sort_order[] = {
	[ASSET_SORT_DEFAULT] = " ORDER BY a.name, a.id",
	[ASSET_SORT_NAME] = " ORDER BY a.name, a.id",
	[ASSET_SORT_WARRANTY] = " ORDER BY " WARRANTY_KEY("a"),
	[ASSET_SORT_NEWEST] = " ORDER BY a.id DESC",
};
static const char *const sort_after[] = {
	[ASSET_SORT_DEFAULT] = " AND (a.name, a.id) > (SELECT k.name, k.id "
	    "FROM assets k WHERE k.id = :after)",
	[ASSET_SORT_NAME] = " AND (a.name, a.id) > (SELECT k.name, k.id "
	    "FROM assets k WHERE k.id = :after)",
	[ASSET_SORT_WARRANTY] = " AND (" WARRANTY_KEY("a") ") > (SELECT "
	    WARRANTY_KEY("k") " FROM assets k WHERE k.id = :after)",
	[ASSET_SORT_NEWEST] = " AND a.id < :after",
};
#define EXPIRING_ORDER " ORDER BY a.warranty_expire, a.id"
#define EXPIRING_AFTER " AND (a.warranty_expire, a.id) > (SELECT " \
	"k.warranty_expire, k.id FROM assets k WHERE k.id = :after)"

static void
list_sql(const struct asset_filter *f, const struct filter *terms,
    struct buf *sql)
{
	enum asset_sort sort = f->sort;
	int expiring = f->expiring_days >= 0;

	if ((int)sort < 0 || sort > ASSET_SORT_NEWEST)
		sort = ASSET_SORT_DEFAULT;
	buf_reset(sql);
	buf_add(sql, LIST_HEAD);
	if (f->client_id != 0)
		buf_add(sql, " AND a.client_id = :client");
	if (f->status != NULL)
		buf_add(sql, " AND a.status = :status");
	if (f->search != NULL)
		buf_add(sql, " AND a.id IN (SELECT rowid FROM assets_fts "
		    "WHERE assets_fts MATCH :q)");
	if (expiring)
		buf_add(sql, " AND a.warranty_expire IS NOT NULL AND "
		    "a.warranty_expire <= :last");
	buf_add(sql, terms->where.s);
	/* Only dated rows are listed then: the warranty's own order over
	 * assets_warranty is the same order, and seeks the range. */
	if (expiring && (sort == ASSET_SORT_DEFAULT ||
	    sort == ASSET_SORT_WARRANTY)) {
		if (f->after_id != 0)
			buf_add(sql, EXPIRING_AFTER);
		buf_add(sql, EXPIRING_ORDER);
	} else {
		if (f->after_id != 0)
			buf_add(sql, sort_after[sort]);
		buf_add(sql, sort_order[sort]);
	}
	buf_add(sql, " LIMIT :limit");
}

void
asset_list_sql(const struct asset_filter *f, struct buf *sql)
{
	struct filter_query fq;
	struct asset_filter g;
	struct err e = ERR_INIT;

	buf_reset(sql);
	if (filter_query_parse(&asset_filter_table, f->terms, f->search, &fq,
	    &e) == TP_OK) {
		g = *f;
		g.search = fq.search;
		list_sql(&g, &fq.terms, sql);
	}
	filter_query_free(&fq);
}

static int
list_check(struct db *db, const struct asset_filter *f, struct err *e)
{
	int64_t x;

	if (f->limit < 0 || f->limit > 1000)
		return err_set(e, TP_BADINPUT, "bad limit %d: expected 1 to 1000",
		    f->limit);
	if ((int)f->sort < 0 || f->sort > ASSET_SORT_NEWEST)
		return err_set(e, TP_BADINPUT, "bad sort: expected one of name, "
		    "warranty, newest");
	if (f->expiring_days > 36500)
		return err_set(e, TP_BADINPUT, "bad expiring days %d: expected "
		    "0 to 36500", f->expiring_days);
	if (f->status != NULL && ticket_check_enum(f->status, "status",
	    asset_statuses, e) != TP_OK)
		return e->code;
	if (f->client_id != 0 && check_client(db, f->client_id, e) != TP_OK)
		return e->code;
	if (f->after_id != 0 && db_int(db, e, &x, "SELECT id FROM assets "
	    "WHERE id = ?1", "i", f->after_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "asset %lld not found",
		    (long long)f->after_id);
	return TP_OK;
}

int
asset_list(struct db *db, const struct asset_filter *f0, struct rows *out,
    struct err *e)
{
	char today[CLOCK_DATE_LEN], soon[CLOCK_DATE_LEN], last[CLOCK_DATE_LEN];
	char *query = NULL;
	sqlite3_stmt *st = NULL;
	struct asset_filter g;
	const struct asset_filter *f = &g;
	struct filter_query fq;
	struct buf sql;
	int rc;

	if (list_check(db, f0, e) != TP_OK)
		return e->code;
	buf_init(&sql);
	if (filter_query_parse(&asset_filter_table, f0->terms, f0->search, &fq,
	    e) != TP_OK || filter_resolve(db, &fq.terms, e) != TP_OK) {
		rc = e->code;
		goto out;
	}
	g = *f0;
	g.search = fq.search;
	if (f->search != NULL && asset_fts_query(f->search, &query, e) != TP_OK) {
		rc = e->code;
		goto out;
	}
	warranty_bounds(today, soon);
	last[0] = '\0';
	if (f->expiring_days >= 0)
		clock_add_days(today, f->expiring_days, last, NULL);
	list_sql(f, &fq.terms, &sql);
	/* The text varies with the filter: prepared here, finalized below,
	 * not kept in the statement cache (keyed by constant texts). */
	if (sqlite3_prepare_v2(db->h, sql.s, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, e, "listing assets");
		goto out;
	}
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, soon, -1, SQLITE_TRANSIENT);
	db_bind_named_int(st, ":client", f->client_id);
	db_bind_named_text(st, ":status", f->status);
	db_bind_named_text(st, ":q", query);
	db_bind_named_int(st, ":after", f->after_id);
	db_bind_named_int(st, ":limit", f->limit ? f->limit : 50);
	db_bind_named_text(st, ":last", last);
	filter_bind(st, &fq.terms);
	rc = rows_collect(db, st, out, e);
out:
	sqlite3_finalize(st);
	buf_free(&sql);
	filter_query_free(&fq);
	free(query);
	return rc;
}

int
asset_fts_query(const char *text, char **out, struct err *e)
{
	struct buf q;

	buf_init(&q);
	if (text_fts_query(text, &q) == 0) {
		buf_free(&q);
		return err_set(e, TP_BADINPUT, "bad search '%s': expected a word",
		    text ? text : "");
	}
	*out = buf_detach(&q);
	buf_free(&q);   /* detach leaves q re-initialised */
	return TP_OK;
}

/* Maintenance ---------------------------------------------------------- */

static int
maint_check(const struct maint_req *r, struct err *e)
{
	if (r->type != NULL && ticket_check_enum(r->type, "maintenance type",
	    asset_maintenance_types, e) != TP_OK)
		return err_field(e, TP_BADINPUT, "type");
	if (r->priority != NULL && ticket_check_enum(r->priority, "priority",
	    ticket_priorities, e) != TP_OK)
		return e->code;
	if (check_date(r->date, "maintenance date", "date", e) != TP_OK)
		return e->code;
	if (r->date != NULL && *r->date == '\0')
		return err_set_field(e, TP_BADINPUT, "date", "bad maintenance "
		    "date '': expected a date YYYY-MM-DD");
	if (r->description != NULL && *r->description == '\0')
		return err_set_field(e, TP_BADINPUT, "description", "an empty "
		    "description: leave it out for the default");
	return check_long(r->description, "description", ASSET_NOTES_MAX, e);
}

/* The asset's client, name and status; retired and lost assets are out of
 * service, so maintenance on them is refused. */
static int
maint_asset(struct db *db, int64_t asset_id, struct rows *a, struct err *e)
{
	const char *status;

	if (rows_query(db, a, e, "SELECT client_id, name, status FROM assets "
	    "WHERE id = ?1", "i", asset_id) != TP_OK)
		return e->code;
	if (a->n == 0)
		return err_set(e, TP_NOTFOUND, "asset %lld not found",
		    (long long)asset_id);
	status = rows_text(a, 0, "status");
	if (strcmp(status, "retired") == 0 || strcmp(status, "lost") == 0)
		return err_set(e, TP_REFUSED, "asset %lld is %s: cannot schedule "
		    "maintenance", (long long)asset_id, status);
	return TP_OK;
}

static int
maint_emit(struct db *db, int64_t asset_id, int64_t client_id,
    const char *name, const char *date, int64_t ticket_id, int64_t mid,
    struct err *e)
{
	char *payload = NULL, line[320];
	struct event ev = { EV_ASSET_MAINTENANCE_SCHEDULED, "asset", asset_id,
	    client_id, NULL, line, NULL };
	int rc;

	if (db_text(db, e, &payload, "SELECT json_object('ticket_id', ?1, "
	    "'maintenance_id', ?2)", "ii", ticket_id, mid) != TP_OK)
		return e->code;
	ev.payload = payload;
	snprintf(line, sizeof line, "Maintenance of %.200s scheduled for %s "
	    "(ticket %lld)", name, date, (long long)ticket_id);
	rc = event_emit(db, &ev, e);
	free(payload);
	return rc;
}

static int
maint_tx(struct db *db, int64_t asset_id, const struct maint_req *r,
    int64_t *ticket_id, int64_t *mid, struct err *e)
{
	char due[CLOCK_DATE_LEN], subject[256];
	struct rows a = { 0 };
	struct ticket_new t;
	int rc;

	if (maint_asset(db, asset_id, &a, e) != TP_OK) {
		rows_free(&a);
		return e->code;
	}
	if (r->date != NULL)
		snprintf(due, sizeof due, "%s", r->date);
	else {
		clock_today(due);
		clock_add_days(due, 7, due, NULL);
	}
	snprintf(subject, sizeof subject, "Scheduled Maintenance: %s",
	    rows_text(&a, 0, "name"));
	memset(&t, 0, sizeof t);
	t.client_id = rows_int(&a, 0, "client_id");
	t.asset_id = asset_id;
	t.subject = subject;
	t.body = r->description ? r->description :
	    "Scheduled maintenance required";
	t.priority = r->priority ? r->priority : "normal";
	t.status = "scheduled";
	t.category = "maintenance";
	t.due_at = clock_date_start(due);
	rc = ticket_create(db, &t, ticket_id, e);
	if (rc == TP_OK)
		rc = db_exec(db, e, "INSERT INTO asset_maintenance(asset_id, "
		    "ticket_id, maintenance_type, description, scheduled_date, "
		    "created_at) VALUES (?1, ?2, coalesce(?3, 'preventive'), ?4, "
		    "?5, ?6)", "iittti", asset_id, *ticket_id, r->type,
		    r->description, due, clock_now());
	if (rc == TP_OK) {
		*mid = db_last_id(db);
		rc = maint_emit(db, asset_id, t.client_id, rows_text(&a, 0, "name"),
		    due, *ticket_id, *mid, e);
	}
	rows_free(&a);
	return rc;
}

int
asset_schedule_maintenance(struct db *db, int64_t asset_id,
    const struct maint_req *r, int64_t *ticket_id, int64_t *maintenance_id,
    struct err *e)
{
	if (maint_check(r, e) != TP_OK)
		return e->code;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (maint_tx(db, asset_id, r, ticket_id, maintenance_id, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

int
asset_maintenance_list(struct db *db, int64_t asset_id, struct rows *out,
    struct err *e)
{
	int64_t x;

	if (db_int(db, e, &x, "SELECT id FROM assets WHERE id = ?1", "i",
	    asset_id) != TP_OK)
		return err_set(e, TP_NOTFOUND, "asset %lld not found",
		    (long long)asset_id);
	return rows_query(db, out, e,
	    "SELECT m.id, m.asset_id, m.ticket_id, t.number, t.status AS "
	    "ticket_status, m.maintenance_type, m.description, m.scheduled_date, "
	    "m.completed_at, m.created_at FROM asset_maintenance m "
	    "LEFT JOIN tickets t ON t.id = m.ticket_id WHERE m.asset_id = ?1 "
	    "ORDER BY m.id DESC", "i", asset_id);
}
