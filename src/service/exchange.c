/* exchange.c - see exchange.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/text.h"
#include "service/asset.h"
#include "service/client.h"
#include "service/exchange.h"
#include "service/ticket.h"
#include "service/user.h"

#define MAXF 16
#define N(a) ((int)(sizeof a / sizeof a[0]))

const char *const exchange_import_entities[] = {
	"clients", "contacts", "assets", "tickets", NULL
};
const char *const exchange_export_entities[] = {
	"clients", "tickets", "assets", "invoices", NULL
};
const char *const exchange_formats[] = { "csv", "json", "yaml", NULL };

/* Import ------------------------------------------------------------------ */

#define IGNORE (-1)

struct column {
	const char *name;
	int         field;      /* index into the row's values, or IGNORE */
	int         required;
};

struct importer {
	const char          *entity;
	const struct column *cols;
	int                  ncols;
	int (*row)(struct db *, const char *const v[MAXF], struct err *);
};

static int
parse_int(const char *s, const char *what, int64_t min, int64_t max,
    int64_t *out, struct err *e)
{
	if (text_parse_int(s, min, max, out) != 0)
		return err_set(e, TP_BADINPUT, "bad %s '%s': expected a whole "
		    "number from %lld to %lld", what, s, (long long)min,
		    (long long)max);
	return TP_OK;
}

static int
parse_bool(const char *s, const char *what, int *out, struct err *e)
{
	static const char *const yes[] = { "1", "true", "yes", "y" };
	static const char *const no[] = { "0", "false", "no", "n" };

	for (int i = 0; i < N(yes); i++) {
		if (strcmp(s, yes[i]) == 0)
			return *out = 1, TP_OK;
		if (strcmp(s, no[i]) == 0)
			return *out = 0, TP_OK;
	}
	return err_set(e, TP_BADINPUT, "bad %s '%s': expected 1 or 0 (true, "
	    "false, yes, no)", what, s);
}

static const struct column client_cols[] = {
	{ "name", 0, 1 }, { "company", 1, 0 }, { "company_name", 1, 0 },
	{ "email", 2, 0 }, { "phone", 3, 0 }, { "notes", 4, 0 },
	{ "status", 5, 0 }, { "rate", 6, 0 }, { "hourly_rate_cents", 7, 0 },
	{ "net_terms", 8, 0 }, { "net_terms_days", 8, 0 },
	{ "id", IGNORE, 0 }, { "uuid", IGNORE, 0 }, { "currency", IGNORE, 0 },
	{ "balance_cents", IGNORE, 0 }, { "unbilled_cents", IGNORE, 0 },
	{ "created_at", IGNORE, 0 }, { "updated_at", IGNORE, 0 },
};

static int
import_client(struct db *db, const char *const v[MAXF], struct err *e)
{
	struct client_new c = {
		.name = v[0], .company = v[1], .email = v[2], .phone = v[3],
		.notes = v[4], .status = v[5], .rate_cents = -1,
		.net_terms = -1,
	};
	int64_t id, n;

	if (v[6] && money_parse(v[6], 0, &c.rate_cents, e) != TP_OK)
		return e->code;
	if (!v[6] && v[7] && parse_int(v[7], "hourly_rate_cents", 0,
	    INT64_MAX / 100, &c.rate_cents, e) != TP_OK)
		return e->code;
	if (v[8]) {
		if (parse_int(v[8], "net terms", 0, 365, &n, e) != TP_OK)
			return e->code;
		c.net_terms = (int)n;
	}
	return client_create(db, &c, &id, e);
}

static const struct column contact_cols[] = {
	{ "client", 0, 1 }, { "client_id", 0, 1 }, { "name", 1, 1 },
	{ "email", 2, 0 }, { "phone", 3, 0 }, { "title", 4, 0 },
	{ "primary", 5, 0 }, { "is_primary", 5, 0 },
	{ "id", IGNORE, 0 }, { "uuid", IGNORE, 0 },
	{ "client_name", IGNORE, 0 }, { "created_at", IGNORE, 0 },
	{ "updated_at", IGNORE, 0 },
};

static int
import_contact(struct db *db, const char *const v[MAXF], struct err *e)
{
	struct contact_new c = {
		.name = v[1], .email = v[2], .phone = v[3], .title = v[4],
	};
	int64_t id;

	if (v[0] == NULL)
		return err_set(e, TP_BADINPUT, "a contact needs a client");
	if (parse_int(v[0], "client", 1, INT64_MAX, &c.client_id, e) != TP_OK ||
	    (v[5] && parse_bool(v[5], "primary", &c.primary, e) != TP_OK))
		return e->code;
	return contact_add(db, &c, &id, e);
}

static const struct column asset_cols[] = {
	{ "client", 0, 1 }, { "client_id", 0, 1 }, { "name", 1, 1 },
	{ "location_id", 2, 0 }, { "category", 3, 0 }, { "type", 4, 0 },
	{ "make", 5, 0 }, { "model", 6, 0 }, { "serial", 7, 0 },
	{ "ip", 8, 0 }, { "mac", 9, 0 }, { "status", 10, 0 },
	{ "purchase_date", 11, 0 }, { "warranty_expire", 12, 0 },
	{ "notes", 13, 0 },
	{ "id", IGNORE, 0 }, { "uuid", IGNORE, 0 },
	{ "client_name", IGNORE, 0 }, { "created_at", IGNORE, 0 },
	{ "updated_at", IGNORE, 0 },
};

static int
import_asset(struct db *db, const char *const v[MAXF], struct err *e)
{
	struct asset_new a = {
		.name = v[1], .category = v[3], .type = v[4], .make = v[5],
		.model = v[6], .serial = v[7], .ip = v[8], .mac = v[9],
		.status = v[10], .purchase_date = v[11],
		.warranty_expire = v[12], .notes = v[13],
	};
	int64_t id;

	if (v[0] == NULL)
		return err_set(e, TP_BADINPUT, "an asset needs a client");
	if (parse_int(v[0], "client", 1, INT64_MAX, &a.client_id, e) != TP_OK ||
	    (v[2] && parse_int(v[2], "location_id", 1, INT64_MAX,
	    &a.location_id, e) != TP_OK))
		return e->code;
	return asset_create(db, &a, &id, e);
}

static const struct column ticket_cols[] = {
	{ "client", 0, 1 }, { "client_id", 0, 1 }, { "subject", 1, 1 },
	{ "body", 2, 0 }, { "priority", 3, 0 }, { "status", 4, 0 },
	{ "source", 5, 0 }, { "category", 6, 0 }, { "assigned_to", 7, 0 },
	{ "assignee", 8, 0 }, { "due", 9, 0 }, { "due_at", 9, 0 },
	{ "billable", 10, 0 },
	{ "id", IGNORE, 0 }, { "uuid", IGNORE, 0 }, { "number", IGNORE, 0 },
	{ "client_name", IGNORE, 0 }, { "resolved_at", IGNORE, 0 },
	{ "closed_at", IGNORE, 0 }, { "created_at", IGNORE, 0 },
	{ "updated_at", IGNORE, 0 },
};

static int
import_ticket(struct db *db, const char *const v[MAXF], struct err *e)
{
	struct ticket_new t = {
		.subject = v[1], .body = v[2], .priority = v[3], .status = v[4],
		.source = v[5], .category = v[6],
	};
	int billable = 1;
	int64_t id;

	if (v[0] == NULL)
		return err_set(e, TP_BADINPUT, "a ticket needs a client");
	if (parse_int(v[0], "client", 1, INT64_MAX, &t.client_id, e) != TP_OK)
		return e->code;
	/* A name travels between databases better than an id. */
	if (v[8] && user_resolve(db, v[8], &t.assigned_to, e) != TP_OK)
		return e->code;
	if (!v[8] && v[7] && parse_int(v[7], "assigned_to", 1, INT64_MAX,
	    &t.assigned_to, e) != TP_OK)
		return e->code;
	if (v[9] && clock_parse_iso(v[9], &t.due_at, e) != TP_OK)
		return e->code;
	if (v[10] && parse_bool(v[10], "billable", &billable, e) != TP_OK)
		return e->code;
	t.not_billable = !billable;
	return ticket_create(db, &t, &id, e);
}

static const struct importer importers[] = {
	{ "clients", client_cols, N(client_cols), import_client },
	{ "contacts", contact_cols, N(contact_cols), import_contact },
	{ "assets", asset_cols, N(asset_cols), import_asset },
	{ "tickets", ticket_cols, N(ticket_cols), import_ticket },
};

/* Map each header column to a field; every required field must appear. */
static int
map_header(const struct importer *im, const struct csv *c, int map[],
    struct err *e)
{
	int seen[MAXF] = { 0 };

	for (int i = 0; i < c->nfields; i++) {
		int k;

		for (k = 0; k < im->ncols; k++)
			if (strcmp(c->fields[i], im->cols[k].name) == 0)
				break;
		if (k == im->ncols) {
			struct buf names;

			buf_init(&names);
			for (k = 0; k < im->ncols; k++)
				if (im->cols[k].field != IGNORE)
					buf_addf(&names, "%s%s",
					    names.len ? ", " : "",
					    im->cols[k].name);
			err_set(e, TP_BADINPUT, "%s:%ld: unknown column '%s' "
			    "for %s: expected %s", c->name, c->record_line,
			    c->fields[i], im->entity, names.s);
			buf_free(&names);
			return e->code;
		}
		map[i] = im->cols[k].field;
		if (map[i] != IGNORE)
			seen[map[i]] = 1;
	}
	for (int k = 0; k < im->ncols; k++)
		if (im->cols[k].required && !seen[im->cols[k].field])
			return err_set(e, TP_BADINPUT, "%s:%ld: %s need a "
			    "column '%s'", c->name, c->record_line,
			    im->entity, im->cols[k].name);
	return TP_OK;
}

static int
import_rows(struct db *db, const struct importer *im, struct csv *c,
    const int map[], int ncols, int64_t *count, struct err *e)
{
	const char *v[MAXF];
	int got;

	for (;;) {
		if (csv_next(c, &got, e) != TP_OK)
			return e->code;
		if (!got)
			return TP_OK;
		if (c->nfields == 1 && c->fields[0][0] == '\0')
			continue;       /* a blank line */
		if (c->nfields != ncols)
			return err_set(e, TP_BADINPUT, "%s:%ld: %d field%s, "
			    "the header has %d", c->name, c->record_line,
			    c->nfields, c->nfields == 1 ? "" : "s", ncols);
		memset(v, 0, sizeof v);
		for (int i = 0; i < ncols; i++)
			if (map[i] != IGNORE && c->fields[i][0] != '\0') {
				text_unix_newlines(c->fields[i]);
				v[map[i]] = csv_unguard(c->fields[i]);
			}
		if (im->row(db, v, e) != TP_OK) {
			char where[600];

			snprintf(where, sizeof where, "%s:%ld", c->name,
			    c->record_line);
			err_prefix(e, where);
			return e->code;
		}
		(*count)++;
	}
}

int
exchange_import_csv(struct db *db, const char *entity, const char *path,
    int64_t *count, struct err *e)
{
	const struct importer *im = NULL;
	int map[CSV_MAX_FIELDS], got, rc;
	struct csv c;
	FILE *f;

	*count = 0;
	for (int i = 0; i < N(importers); i++)
		if (strcmp(importers[i].entity, entity) == 0)
			im = &importers[i];
	if (im == NULL)
		return err_set(e, TP_BADINPUT, "cannot import '%s': expected "
		    "one of clients, contacts, assets, tickets", entity);
	if ((f = fopen(path, "r")) == NULL)
		return err_set(e, TP_IO, "cannot open %s: %s", path,
		    strerror(errno));
	csv_open(&c, f, path);
	rc = csv_next(&c, &got, e);
	if (rc == TP_OK && !got)
		rc = err_set(e, TP_BADINPUT, "%s:1: no header row", path);
	if (rc == TP_OK)
		rc = map_header(im, &c, map, e);
	if (rc == TP_OK)
		rc = db_begin(db, e);
	if (rc == TP_OK) {
		rc = import_rows(db, im, &c, map, c.nfields, count, e);
		if (rc == TP_OK)
			rc = db_commit(db, e);
		else
			db_rollback(db);
	}
	if (rc != TP_OK)
		*count = 0;
	csv_close(&c);
	fclose(f);
	return rc;
}

/* Export ------------------------------------------------------------------ */

/* Each entity's columns once: X(name, expression).  The plain query and
 * the JSON query are both made from it, ending in a dummy column. */
#define ISO(x) "strftime('%Y-%m-%dT%H:%M:%SZ', " x ", 'unixepoch')"
#define PLAIN(n, x) x " AS " n ", "
#define JSON(n, x) "'" n "', " x ", "

#define CLIENT_COLS(X) X("id", "c.id") X("uuid", "c.uuid") \
	X("name", "c.name") X("company_name", "c.company_name") \
	X("email", "c.email") X("phone", "c.phone") X("status", "c.status") \
	X("hourly_rate_cents", "c.hourly_rate_cents") \
	X("currency", "c.currency") X("net_terms_days", "c.net_terms_days") \
	X("notes", "c.notes") X("balance_cents", "c.balance_cents") \
	X("unbilled_cents", "c.unbilled_cents") \
	X("created_at", ISO("c.created_at")) \
	X("updated_at", ISO("c.updated_at"))
#define CLIENT_FROM " FROM clients c WHERE " CLIENT_SHOWN " ORDER BY c.id"

#define TICKET_COLS(X) X("id", "t.id") X("uuid", "t.uuid") \
	X("number", "t.number") X("client_id", "t.client_id") \
	X("client_name", "c.name") X("subject", "t.subject") \
	X("body", "t.body") X("priority", "t.priority") \
	X("status", "t.status") X("source", "t.source") \
	X("category", "t.category") X("assigned_to", "t.assigned_to") \
	X("assignee", "u.name") X("billable", "t.billable") \
	X("due_at", ISO("t.due_at")) X("resolved_at", ISO("t.resolved_at")) \
	X("closed_at", ISO("t.closed_at")) \
	X("created_at", ISO("t.created_at")) \
	X("updated_at", ISO("t.updated_at"))
#define TICKET_FROM " FROM tickets t JOIN clients c ON c.id = t.client_id " \
	"LEFT JOIN users u ON u.id = t.assigned_to ORDER BY t.id"

#define ASSET_COLS(X) X("id", "a.id") X("uuid", "a.uuid") \
	X("client_id", "a.client_id") X("client_name", "c.name") \
	X("name", "a.name") X("category", "k.name") X("type", "a.type") \
	X("make", "a.make") \
	X("model", "a.model") X("serial", "a.serial") X("ip", "a.ip") \
	X("mac", "a.mac") X("status", "a.status") \
	X("purchase_date", "a.purchase_date") \
	X("warranty_expire", "a.warranty_expire") X("notes", "a.notes") \
	X("created_at", ISO("a.created_at")) \
	X("updated_at", ISO("a.updated_at"))
#define ASSET_FROM " FROM assets a JOIN clients c ON c.id = a.client_id " \
	"LEFT JOIN asset_categories k ON k.id = a.category_id ORDER BY a.id"

#define INVOICE_COLS(X) X("id", "i.id") X("uuid", "i.uuid") \
	X("number", "i.number") X("client_id", "i.client_id") \
	X("client_name", "c.name") X("project_id", "i.project_id") \
	X("subject", "i.subject") X("status", "i.status") \
	X("issue_date", "i.issue_date") X("due_date", "i.due_date") \
	X("total_cents", "i.total_cents") X("currency", "i.currency") \
	X("created_at", ISO("i.created_at")) \
	X("updated_at", ISO("i.updated_at"))
#define INVOICE_FROM " FROM invoices i JOIN clients c ON c.id = i.client_id " \
	"ORDER BY i.id"

#define QUERIES(COLS, FROM) \
	"SELECT " COLS(PLAIN) "0 AS _end" FROM, \
	"SELECT json_remove(json_object(" COLS(JSON) "'_end', 0), " \
	"'$._end')" FROM

static const struct exporter {
	const char *entity;
	const char *plain;
	const char *json;
} exporters[] = {
	{ "clients", QUERIES(CLIENT_COLS, CLIENT_FROM) },
	{ "tickets", QUERIES(TICKET_COLS, TICKET_FROM) },
	{ "assets", QUERIES(ASSET_COLS, ASSET_FROM) },
	{ "invoices", QUERIES(INVOICE_COLS, INVOICE_FROM) },
};

struct out {
	exchange_writer write;
	void           *arg;
	struct buf      b;
	struct buf      pending;   /* YAML: bytes of a character not yet whole */
	int             failed;    /* the writer refused: stop */
};

/* Hand what is buffered to the writer; 0 once the writer has failed. */
static int
flush(struct out *o, int force)
{
	if (!o->failed && (o->b.len >= 65536 || (force && o->b.len)) &&
	    o->write(o->b.s, o->b.len, o->arg) != 0)
		o->failed = 1;
	if (o->b.len >= 65536 || force)
		buf_reset(&o->b);
	return !o->failed;
}

static int
write_failed(struct err *e)
{
	return err_set(e, TP_IO, "export: cannot write: %s", errno ?
	    strerror(errno) : "write error");
}

/* SQLite's JSON escapes C0 controls but leaves C1 and bidi controls raw:
 * the text boundary's escape writes them as \uXXXX, the same text. */
static int
export_json(struct db *db, sqlite3_stmt *st, struct out *o, struct err *e)
{
	int rc, n = 0;

	buf_addc(&o->b, '[');
	while ((rc = db_step(db, st, e)) == SQLITE_ROW) {
		if (n++)
			buf_addc(&o->b, ',');
		text_json_escape((const char *)sqlite3_column_text(st, 0),
		    (size_t)-1, &o->b);
		if (!flush(o, 0))
			return write_failed(e);
	}
	buf_add(&o->b, "]\n");
	return rc < 0 ? e->code : TP_OK;
}

static int
export_csv(struct db *db, sqlite3_stmt *st, struct out *o, struct err *e)
{
	int ncol = sqlite3_column_count(st) - 1, rc;     /* without _end */

	for (int i = 0; i < ncol; i++) {
		if (i)
			buf_addc(&o->b, ',');
		csv_field(&o->b, sqlite3_column_name(st, i));
	}
	buf_add(&o->b, "\r\n");
	while ((rc = db_step(db, st, e)) == SQLITE_ROW) {
		for (int i = 0; i < ncol; i++) {
			const char *s;

			s = (const char *)sqlite3_column_text(st, i);
			if (i)
				buf_addc(&o->b, ',');
			/* Numbers (a negative balance) are never formulas. */
			if (sqlite3_column_type(st, i) == SQLITE_TEXT)
				csv_text_field(&o->b, s);
			else
				csv_field(&o->b, s ? s : "");
		}
		buf_add(&o->b, "\r\n");
		if (!flush(o, 0))
			return write_failed(e);
	}
	return rc < 0 ? e->code : TP_OK;
}

/* YAML ------------------------------------------------------------------- */

/* How many bytes of s[0..n) end before a character that is cut off at
 * the end (libyaml hands its output on in pieces). */
static size_t
whole_chars(const char *s, size_t n)
{
	size_t i = n, cont = 0, need;
	unsigned char c;

	while (i > 0 && cont < 3 && ((unsigned char)s[i - 1] & 0xc0) == 0x80) {
		i--;
		cont++;
	}
	if (i == 0)
		return n;
	c = (unsigned char)s[i - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	return need > cont + 1 ? i - 1 : n;
}

/* The emitter's output: with unicode on it writes bidi controls raw even
 * in a double-quoted scalar, and every scalar holding one is emitted
 * double-quoted (emit_scalar), so the text boundary's escape can write
 * them as \uXXXX, which YAML reads back as the same character. */
static int
yaml_write(void *data, unsigned char *buffer, size_t size)
{
	struct out *o = data;
	size_t whole;

	buf_addn(&o->pending, (const char *)buffer, size);
	whole = whole_chars(o->pending.s, o->pending.len);
	text_json_escape(o->pending.s, whole, &o->b);
	if (whole == o->pending.len) {
		buf_reset(&o->pending);
	} else {
		char rest[4];
		size_t nrest = o->pending.len - whole;

		memcpy(rest, o->pending.s + whole, nrest);
		buf_reset(&o->pending);
		buf_addn(&o->pending, rest, nrest);
	}
	return flush(o, 0);
}

/* Text that a YAML reader would take for a number, a boolean or null is
 * quoted, so that strings stay strings. */
static int
looks_typed(const char *s)
{
	static const char *const words[] = {
		"null", "~", "true", "false", "yes", "no", "on", "off",
		"y", "n",
	};
	char *end;

	if (*s == '\0')
		return 1;
	for (int i = 0; i < N(words); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	(void)strtod(s, &end);
	return *end == '\0';
}

/* Whether s holds a character the emitter would write raw that must not
 * reach a terminal (C1 NEL, bidi and other format controls). */
static int
has_raw_control(const char *s)
{
	size_t n = strlen(s), i = 0, len;
	unsigned cp;

	while (i < n) {
		len = text_utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			return 1;
		if (cp >= 0x80 && text_is_control(cp))
			return 1;
		i += len;
	}
	return 0;
}

/* Every emitter call goes through here: an event that could not be made
 * (libyaml refuses text that is not UTF-8) is never emitted, since the
 * emitter would free what it does not own; a failed emit is an error. */
static int
emit(yaml_emitter_t *em, yaml_event_t *ev, int made, struct out *o,
    struct err *e)
{
	if (!made)
		return err_set(e, TP_INTERNAL, "yaml: cannot make an event");
	if (yaml_emitter_emit(em, ev))
		return TP_OK;
	if (o->failed)
		return write_failed(e);
	return err_set(e, TP_INTERNAL, "yaml: %s", em->problem ? em->problem :
	    "emitter error");
}

static int
emit_scalar(yaml_emitter_t *em, const char *s, yaml_scalar_style_t style,
    struct out *o, struct err *e)
{
	struct buf fixed;
	yaml_event_t ev;
	int made, rc;

	/* Text stored before the boundary checked it may not be UTF-8: it
	 * is exported with U+FFFD rather than failing the whole export. */
	buf_init(&fixed);
	text_repair(s, (size_t)-1, &fixed);
	if (has_raw_control(fixed.s))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	made = yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)fixed.s, (int)fixed.len, 1, 1, style);
	rc = emit(em, &ev, made, o, e);
	buf_free(&fixed);
	return rc;
}

static int
emit_row(yaml_emitter_t *em, sqlite3_stmt *st, int ncol, struct out *o,
    struct err *e)
{
	yaml_event_t ev;

	if (emit(em, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL,
	    1, YAML_BLOCK_MAPPING_STYLE), o, e) != TP_OK)
		return e->code;
	for (int i = 0; i < ncol; i++) {
		const char *v = (const char *)sqlite3_column_text(st, i);
		int type = sqlite3_column_type(st, i);

		if (emit_scalar(em, sqlite3_column_name(st, i),
		    YAML_PLAIN_SCALAR_STYLE, o, e) != TP_OK ||
		    emit_scalar(em, v ? v : "null", type == SQLITE_TEXT &&
		    looks_typed(v) ? YAML_DOUBLE_QUOTED_SCALAR_STYLE :
		    type == SQLITE_TEXT ? YAML_ANY_SCALAR_STYLE :
		    YAML_PLAIN_SCALAR_STYLE, o, e) != TP_OK)
			return e->code;
	}
	return emit(em, &ev, yaml_mapping_end_event_initialize(&ev), o, e);
}

static int
yaml_rows(yaml_emitter_t *em, struct db *db, sqlite3_stmt *st,
    struct out *o, struct err *e)
{
	int ncol = sqlite3_column_count(st) - 1, rc;
	yaml_event_t ev;

	if (emit(em, &ev, yaml_stream_start_event_initialize(&ev,
	    YAML_UTF8_ENCODING), o, e) != TP_OK ||
	    emit(em, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL,
	    NULL, 1), o, e) != TP_OK ||
	    emit(em, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL,
	    1, YAML_BLOCK_SEQUENCE_STYLE), o, e) != TP_OK)
		return e->code;
	while ((rc = db_step(db, st, e)) == SQLITE_ROW)
		if (emit_row(em, st, ncol, o, e) != TP_OK)
			return e->code;
	if (rc < 0)
		return e->code;
	if (emit(em, &ev, yaml_sequence_end_event_initialize(&ev), o, e)
	    != TP_OK ||
	    emit(em, &ev, yaml_document_end_event_initialize(&ev, 1), o, e)
	    != TP_OK ||
	    emit(em, &ev, yaml_stream_end_event_initialize(&ev), o, e) != TP_OK)
		return e->code;
	return TP_OK;
}

static int
export_yaml(struct db *db, sqlite3_stmt *st, struct out *o, struct err *e)
{
	yaml_emitter_t em;
	int rc;

	if (!yaml_emitter_initialize(&em))
		return err_set(e, TP_INTERNAL,
		    "yaml: cannot start the emitter");
	yaml_emitter_set_output(&em, yaml_write, o);
	yaml_emitter_set_unicode(&em, 1);
	rc = yaml_rows(&em, db, st, o, e);
	yaml_emitter_delete(&em);
	return rc;
}

int
exchange_export(struct db *db, const char *entity, const char *format,
    exchange_writer write, void *arg, struct err *e)
{
	const struct exporter *x = NULL;
	struct out o = { write, arg, { 0 }, { 0 }, 0 };
	sqlite3_stmt *st;
	int rc;

	for (int i = 0; i < N(exporters); i++)
		if (strcmp(exporters[i].entity, entity) == 0)
			x = &exporters[i];
	if (x == NULL)
		return err_set(e, TP_BADINPUT, "cannot export '%s': expected "
		    "one of clients, tickets, assets, invoices", entity);
	st = db_prepare(db, e, strcmp(format, "json") == 0 ? x->json
	    : x->plain, NULL);
	if (st == NULL)
		return e->code;
	buf_init(&o.b);
	buf_init(&o.pending);
	errno = 0;
	if (strcmp(format, "json") == 0)
		rc = export_json(db, st, &o, e);
	else if (strcmp(format, "yaml") == 0)
		rc = export_yaml(db, st, &o, e);
	else
		rc = export_csv(db, st, &o, e);
	sqlite3_reset(st);
	if (!flush(&o, 1) && rc == TP_OK)
		rc = write_failed(e);
	buf_free(&o.b);
	buf_free(&o.pending);
	return rc;
}
