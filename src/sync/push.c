/* push.c - the outbox worker (sync.md "Outbox"): claim rows in id order,
 * turn each into the profile's request, send it with its op uuid as the
 * Idempotency-Key, and record the outcome (see sync.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/text.h"
#include "sync/entity.h"
#include "sync/sync.h"

/* One member of an op's body spec, read from the profile once per run. */
struct body_member {
	char *key;        /* the member name as a JSON string */
	char *field;      /* the record field it comes from, or NULL */
	char *opts;       /* its options object, NULL for the "field" form */
	char *cnst;       /* options: const (JSON text), or NULL */
	char *tmpl;       /* options: template, or NULL */
	int   always;     /* options: sent even when unchanged */
	int   shaped;     /* options: map, format, max or marker */
};

/* An op of the profile ("ticket.update") as the worker uses it: looking
 * the same things up in the profile's JSON for every record was most of
 * the worker's own time. */
struct op_cache {
	char   *name;
	char   *spec;             /* NULL: the profile has no such op */
	int     unsupported;      /* the profile marks it unsupported */
	int     changed_only;
	char   *method, *path;    /* path: a template */
	char   *query;            /* the query spec (JSON), or NULL */
	char   *check;            /* check: read the record before an update */
	char   *why;              /* unsupported: the profile's own words */
	char   *fields;           /* fields: what an update may change (JSON) */
	char   *fields_why;       /* fields_unsupported: why not the others */
	char   *by_status;        /* by_status: {status: op} sent instead */
	char   *local_only;       /* local_only: records that stay here */
	char   *local_why;        /* local_only_why */
	struct body_member *m;
	size_t  nm;
};

struct push_cache {
	struct op_cache **op;
	size_t nop;
	int    omit_null;
	char  *id_path;           /* where a create's new id is: "$.id" */
};

static struct op_cache *
op_get(struct sync *s, const char *entity, const char *op)
{
	struct push_cache *pc = s->push;
	struct op_cache *oc;
	struct js_list l;
	struct buf k;
	char *path, *bspec;

	if (pc == NULL) {
		char *idp = js_text(s->js, s->prof.json, "$.id");

		pc = s->push = xcalloc(1, sizeof *pc);
		pc->omit_null = js_i(s->js, "SELECT coalesce(?1 ->> '$.omit_null', "
		    "0)", "t", s->prof.json) != 0;
		pc->id_path = sync_path(idp ? idp : "id");
		free(idp);
	}
	buf_init(&k);
	buf_addf(&k, "%s.%s", entity, op);
	for (size_t i = 0; i < pc->nop; i++)
		if (strcmp(pc->op[i]->name, k.s) == 0) {
			buf_free(&k);
			return pc->op[i];
		}
	pc->op = xrealloc(pc->op, (pc->nop + 1) * sizeof *pc->op);
	oc = pc->op[pc->nop++] = xcalloc(1, sizeof *oc);
	path = js_key_path("$.ops", k.s);
	oc->spec = js_get(s->js, s->prof.json, path);
	oc->name = js_take(&k);
	free(path);
	if (oc->spec == NULL)
		return oc;
	oc->changed_only = js_i(s->js, "SELECT coalesce(?1 ->> "
	    "'$.changed_only', 0)", "t", oc->spec) != 0;
	oc->unsupported = js_i(s->js, "SELECT json_type(?1, '$.unsupported') "
	    "IS NOT NULL", "t", oc->spec) != 0;
	oc->method = js_text(s->js, oc->spec, "$.method");
	oc->path = js_text(s->js, oc->spec, "$.path");
	oc->query = js_get(s->js, oc->spec, "$.query");
	oc->check = js_get(s->js, oc->spec, "$.check");
	oc->why = js_text(s->js, oc->spec, "$.unsupported");
	oc->fields = js_get(s->js, oc->spec, "$.fields");
	oc->fields_why = js_text(s->js, oc->spec, "$.fields_unsupported");
	oc->by_status = js_get(s->js, oc->spec, "$.by_status");
	oc->local_only = js_get(s->js, oc->spec, "$.local_only");
	oc->local_why = js_text(s->js, oc->spec, "$.local_only_why");
	bspec = js_get(s->js, oc->spec, "$.body");
	js_each(s->js, bspec ? bspec : "{}", "$", &l);
	oc->m = xcalloc(l.n + 1, sizeof *oc->m);
	for (size_t i = 0; i < l.n; i++) {
		struct body_member *m = &oc->m[oc->nm++];
		const char *v = l.val[i];

		m->key = js_quote(s->js, l.key[i]);
		if (strcmp(l.type[i], "text") == 0) {
			m->field = js_text(s->js, v, "$");
			continue;
		}
		m->opts = xstrdup(v);
		m->field = js_text(s->js, v, "$.field");
		m->cnst = js_get(s->js, v, "$.const");
		m->tmpl = js_text(s->js, v, "$.template");
		m->always = js_i(s->js, "SELECT coalesce(?1 ->> '$.always', 0)",
		    "t", v) != 0;
		/* what shape_value would change: nothing else is worth its
		 * queries */
		m->shaped = js_i(s->js, "SELECT (?1 -> '$.map') IS NOT NULL OR "
		    "(?1 ->> '$.format') IS NOT NULL OR coalesce(?1 ->> '$.max', "
		    "0) > 0 OR coalesce(?1 ->> '$.marker', 0)", "t", v) != 0;
	}
	js_list_free(&l);
	free(bspec);
	return oc;
}

void
push_cache_free(struct sync *s)
{
	struct push_cache *pc = s->push;

	if (pc == NULL)
		return;
	for (size_t i = 0; i < pc->nop; i++) {
		struct op_cache *oc = pc->op[i];

		for (size_t j = 0; j < oc->nm; j++) {
			free(oc->m[j].key);
			free(oc->m[j].field);
			free(oc->m[j].opts);
			free(oc->m[j].cnst);
			free(oc->m[j].tmpl);
		}
		free(oc->m);
		free(oc->name);
		free(oc->spec);
		free(oc->method);
		free(oc->path);
		free(oc->query);
		free(oc->check);
		free(oc->why);
		free(oc->fields);
		free(oc->fields_why);
		free(oc->by_status);
		free(oc->local_only);
		free(oc->local_why);
		free(oc);
	}
	free(pc->op);
	free(pc->id_path);
	free(pc);
	s->push = NULL;
}

/* "not supported by this PSA", with the profile's reason (its
 * unsupported: text, or what the caller says) when it gives one. */
static void
unsupported_why(const struct op_cache *oc, const char *reason, char *out,
    size_t size)
{
	const char *r = reason ? reason : oc->why;

	if (r != NULL && *r != '\0' && strcmp(r, "true") != 0)
		snprintf(out, size, "%s: %s", SYNC_UNSUPPORTED, r);
	else
		snprintf(out, size, "%s", SYNC_UNSUPPORTED);
}

/* Why the entity table says the row's record has nowhere to go, or NULL. */
static const char *
unsendable(struct sync *s, const struct outbox_row *row)
{
	const struct sync_entity *ent = sync_entity_find(row->entity);
	struct err e = ERR_INIT;
	int64_t yes = 0;

	if (ent == NULL || ent->unsendable == NULL ||
	    db_int(s->db, &e, &yes, ent->unsendable, "i", row->local_id) !=
	    TP_OK || !yes)
		return NULL;
	return ent->unsendable_why;
}

/* The op a row goes out as: a change of status alone may have an op of
 * its own (by_status: {closed: close} -> ticket.close, the call ITFlow
 * closes a ticket with), when the profile has it. */
static const struct op_cache *
route_op(struct sync *s, const struct outbox_row *row)
{
	const struct op_cache *oc = op_get(s, row->entity, row->op), *to;
	char *name;

	if (oc->by_status == NULL || !js_i(s->js, "SELECT (SELECT count(*) "
	    "FROM json_each(?1)) = 1 AND json_type(?1, '$.status') = 'text'",
	    "t", row->fields))
		return oc;
	name = js_q(s->js, "SELECT ?1 ->> ('$.\"' || (?2 ->> '$.status') || "
	    "'\"')", "tt", oc->by_status, row->fields);
	if (name == NULL)
		return oc;
	to = op_get(s, row->entity, name);
	free(name);
	return to->spec != NULL && !to->unsupported ? to : oc;
}

/* The op's spec in the profile ("ticket.update"), or NULL; caller frees. */
static char *
op_spec(struct sync *s, const char *entity, const char *op)
{
	const struct op_cache *oc = op_get(s, entity, op);

	return oc->spec ? xstrdup(oc->spec) : NULL;
}

/* The record with the row's changed fields laid over it (the value at the
 * time of the change); assigned_to becomes the user's name. */
static char *
load_record(struct sync *s, const struct outbox_row *row, struct err *e)
{
	const struct sync_entity *ent = sync_entity_find(row->entity);
	const char *sql = ent ? ent->record : NULL;
	char *rec = NULL;
	struct js_list l;

	if (sql == NULL || db_text(s->db, e, &rec, sql, "i", row->local_id)
	    != TP_OK) {
		err_clear(e);
		return NULL;
	}
	if (strcmp(row->op, "create") == 0)
		return rec;
	js_each(s->js, row->fields, "$", &l);
	for (size_t i = 0; i < l.n; i++) {
		char *path = js_key_path("$", l.key[i]);
		char *val = xstrdup(l.val[i]), *next;

		if (strcmp(l.key[i], "assigned_to") == 0) {
			char *name = NULL, *id = js_text(s->js, l.val[i], "$");

			free(val);
			val = NULL;
			if (id != NULL && db_text(s->db, e, &name, "SELECT name "
			    "FROM users WHERE id = ?1", "t", id) == TP_OK)
				val = js_quote(s->js, name);
			err_clear(e);
			free(name);
			free(id);
		}
		next = js_set(s->js, rec, path, val);
		free(rec);
		rec = next;
		free(path);
		free(val);
	}
	js_list_free(&l);
	return rec;
}

static int
has_key(struct sync *s, const char *json, const char *key)
{
	char *path = js_key_path("$", key);
	char *t = js_type(s->js, json, path);
	int yes = t != NULL;

	free(path);
	free(t);
	return yes;
}

/* "H:MM:SS" for ITFlow's time worked (exactly: anything else is stored
 * as 0). */
static char *
fmt_hms(struct sync *s, const char *v)
{
	int64_t m = js_i(s->js, "SELECT CAST(json(?1) ->> '$' AS INTEGER)",
	    "t", v);
	char t[32];

	if (m < 0)
		m = 0;
	snprintf(t, sizeof t, "%lld:%02lld:00", (long long)(m / 60),
	    (long long)(m % 60));
	return js_quote(s->js, t);
}

/* Apply one body spec's options to a value (JSON text; consumed). */
static char *
shape_value(struct sync *s, const struct outbox_row *row, const char *spec,
    char *v)
{
	char *t, *next;

	if ((t = js_get(s->js, spec, "$.map")) != NULL) {
		char *key = js_q(s->js, "SELECT coalesce(json(?1) ->> '$', 'null')",
		    "t", v);
		char *path = js_key_path("$", key);

		next = js_get(s->js, t, path);
		if (next == NULL)
			next = js_get(s->js, t, "$.\"*\"");
		free(key);
		free(path);
		free(t);
		free(v);
		if (next == NULL)
			return NULL;    /* unmapped: do not send the field */
		v = next;
	}
	if ((t = js_text(s->js, spec, "$.format")) != NULL) {
		next = NULL;
		if (strcmp(t, "hms") == 0)
			next = fmt_hms(s, v);
		else if (strcmp(t, "string") == 0)
			next = js_q(s->js, "SELECT CASE WHEN json_type(?1) = 'null' "
			    "THEN 'null' ELSE json_quote(CAST(json(?1) ->> '$' AS "
			    "TEXT)) END", "t", v);
		else if (strcmp(t, "integer") == 0)
			next = js_q(s->js, "SELECT CASE WHEN json_type(?1) = 'null' "
			    "THEN 'null' ELSE CAST(CAST(json(?1) ->> '$' AS "
			    "INTEGER) AS TEXT) END", "t", v);
		else if (strcmp(t, "int01") == 0)
			next = js_q(s->js, "SELECT CASE json_type(?1) WHEN 'true' "
			    "THEN '1' WHEN 'false' THEN '0' ELSE json(?1) END", "t", v);
		else if (strcmp(t, "date") == 0)
			next = js_q(s->js, "SELECT CASE WHEN json_type(?1) = 'null' "
			    "THEN 'null' ELSE json_quote(substr(json(?1) ->> '$', 1, "
			    "10)) END", "t", v);
		else if (strcmp(t, "decimal") == 0)
			next = js_q(s->js, "SELECT CASE WHEN json_type(?1) = 'null' "
			    "THEN 'null' ELSE json_quote(printf('%.2f', "
			    "(json(?1) ->> '$') / 100.0)) END", "t", v);
		if (next != NULL) {
			free(v);
			v = next;
		}
		free(t);
	}
	if (js_i(s->js, "SELECT coalesce(?1 ->> '$.max', 0)", "t", spec) > 0)
		if ((next = js_q(s->js, "SELECT CASE WHEN json_type(?1) = 'text' "
		    "THEN json_quote(substr(json(?1) ->> '$', 1, ?2 ->> '$.max')) "
		    "ELSE json(?1) END", "tt", v, spec)) != NULL) {
			free(v);
			v = next;
		}
	if (js_i(s->js, "SELECT coalesce(?1 ->> '$.marker', 0)", "t", spec)) {
		char *m = js_text(s->js, s->prof.json, "$.marker");
		struct buf mk;

		buf_init(&mk);
		for (const char *p = m ? m : "[termpsa:{op}]"; *p; p++) {
			if (strncmp(p, "{op}", 4) == 0) {
				buf_add(&mk, row->op_uuid);
				p += 3;
			} else {
				buf_addc(&mk, *p);
			}
		}
		/* marker_at: start puts it before the text: a PSA that strips
		 * tags (ITFlow) drops everything after an unclosed '<', and
		 * the marker must come back verbatim. */
		next = js_q(s->js, "SELECT json_quote(CASE WHEN json_type(?1) IN "
		    "('null') OR coalesce(json(?1) ->> '$', '') = '' THEN ?2 WHEN "
		    "coalesce(?3 ->> '$.marker_at', 'end') = 'start' THEN ?2 || "
		    "char(10) || char(10) || (json(?1) ->> '$') ELSE "
		    "(json(?1) ->> '$') || char(10) || char(10) || ?2 END)", "ttt",
		    v, mk.s, s->prof.json);
		buf_free(&mk);
		free(m);
		if (next != NULL) {
			free(v);
			v = next;
		}
	}
	return v;
}

/* The JSON value of a record's member (as -> gives it), or NULL. */
static char *
member_value(const struct js_list *rec, const char *field)
{
	for (size_t i = 0; i < rec->n; i++) {
		if (strcmp(rec->key[i], field) != 0)
			continue;
		/* json_each gives true and false as 1 and 0 */
		if (strcmp(rec->type[i], "true") == 0 ||
		    strcmp(rec->type[i], "false") == 0 ||
		    strcmp(rec->type[i], "null") == 0)
			return xstrdup(rec->type[i]);
		return xstrdup(rec->val[i]);
	}
	return NULL;
}

/* The request body for a record under an op's body spec.  changed_only
 * keeps the members whose source field is among the row's changed fields
 * (and those marked always).  Members go in the spec's order, each value
 * JSON text made by SQLite's JSON functions. */
static char *
build_body(struct sync *s, const struct outbox_row *row,
    const struct op_cache *oc, const char *record, int changed_only)
{
	struct js_list rec;
	struct buf body;
	int omit_null = s->push->omit_null, first = 1;

	js_each(s->js, record, "$", &rec);
	buf_init(&body);
	buf_addc(&body, '{');
	for (size_t i = 0; i < oc->nm; i++) {
		const struct body_member *m = &oc->m[i];
		char *v = NULL;

		if (changed_only && !m->always &&
		    (m->field == NULL || !has_key(s, row->fields, m->field)))
			continue;
		if (m->cnst != NULL) {
			v = xstrdup(m->cnst);
		} else if (m->tmpl != NULL) {
			char *txt = sync_template(s, m->tmpl, record, 0);
			size_t n = strlen(txt);

			while (n > 0 && (txt[n - 1] == ' ' || txt[n - 1] == '\n'))
				txt[--n] = '\0';   /* an empty last place */
			v = js_quote(s->js, txt);
			free(txt);
		} else if (m->field != NULL) {
			v = member_value(&rec, m->field);
		}
		if (v == NULL)
			v = xstrdup("null");
		if (m->shaped)
			v = shape_value(s, row, m->opts, v);
		if (v != NULL && !(omit_null && strcmp(v, "null") == 0)) {
			if (!first)
				buf_addc(&body, ',');
			first = 0;
			buf_add(&body, m->key);
			buf_addc(&body, ':');
			buf_add(&body, v);
		}
		free(v);
	}
	buf_addc(&body, '}');
	js_list_free(&rec);
	return js_take(&body);
}

/* The changed fields the op may carry (its 'fields' list); 0 when the row
 * changes something else (ITFlow: priority, assignee). */
static int
fields_supported(struct sync *s, const char *spec, const char *fields)
{
	char *allowed = js_get(s->js, spec, "$.fields");
	int ok = 1;

	if (allowed != NULL)
		ok = js_i(s->js, "SELECT NOT EXISTS (SELECT 1 FROM json_each(?1) "
		    "f WHERE f.key NOT IN (SELECT value FROM json_each(?2)))",
		    "tt", fields, allowed) != 0;
	free(allowed);
	return ok;
}

static char *
spec_path(struct sync *s, const char *spec, const char *member,
    const char *record)
{
	char *tmpl = js_text(s->js, spec, member);
	char *p;

	if (tmpl == NULL)
		return NULL;
	p = sync_template(s, tmpl, record, 1);
	free(tmpl);
	return p;
}

/* Does a listed item match the read-back rule? */
static int
item_matches(struct sync *s, const char *rb, const char *item,
    const char *marker)
{
	char *match = js_get(s->js, rb, "$.match");
	char *in = js_text(s->js, rb, "$.marker_in");
	int ok = sync_rule_matches(s->js, match, item);

	if (ok && in != NULL) {
		char *path = js_key_path("$", in);
		char *v = js_text(s->js, item, path);

		ok = v != NULL && strstr(v, marker) != NULL;
		free(v);
		free(path);
	}
	free(match);
	free(in);
	return ok;
}

enum readback { RB_NOTFOUND, RB_FOUND, RB_FAILED };

/* Before re-sending to a PSA without idempotency keys: did an earlier try
 * get through?  Pages the read endpoint and matches the marker we sent
 * (or the state the op leads to).  *found_id gets the record's id. */
static enum readback
read_back(struct sync *s, const struct outbox_row *row, const char *spec,
    const char *record, char **found_id, struct sync_result *r,
    struct err *e)
{
	char *rb = js_get(s->js, spec, "$.read_back");
	char *path, *list_at, *idf, *m, *pl;
	int page = 0, paged, limit = 100;
	enum readback out = RB_NOTFOUND;
	struct buf marker;

	*found_id = NULL;
	if (rb == NULL)
		return RB_NOTFOUND;
	paged = js_i(s->js, "SELECT coalesce(?1 ->> '$.page', 0)", "t", rb) != 0;
	path = spec_path(s, rb, "$.path", record);
	list_at = js_text(s->js, rb, "$.list");
	pl = sync_path(list_at ? list_at : "data");
	idf = js_text(s->js, rb, "$.id");
	buf_init(&marker);
	m = js_text(s->js, s->prof.json, "$.marker");
	for (const char *p = m ? m : "[termpsa:{op}]"; *p; p++) {
		if (strncmp(p, "{op}", 4) == 0) {
			buf_add(&marker, row->op_uuid);
			p += 3;
		} else {
			buf_addc(&marker, *p);
		}
	}
	free(m);
	for (;;) {
		struct buf url;
		char *q = js_get(s->js, rb, "$.query");
		struct js_list items;
		size_t n;

		buf_init(&url);
		buf_add(&url, path);
		sync_add_query(s, &url, q, record);
		free(q);
		if (paged)
			buf_addf(&url, "%slimit=%d&offset=%d", strchr(url.s, '?') ?
			    "&" : "?", limit, page * limit);
		if (sync_send(s, "GET", url.s, NULL, NULL, r, e) != TP_OK) {
			buf_free(&url);
			out = RB_FAILED;
			break;
		}
		buf_free(&url);
		if (r->outcome == SYNC_PERMANENT && r->status == 200) {
			/* ITFlow answers an empty list with success False */
			sync_result_free(r);
			break;
		}
		if (r->outcome != SYNC_OK) {
			out = RB_FAILED;
			break;
		}
		js_each(s->js, r->answer, pl, &items);
		n = items.n;
		for (size_t i = 0; i < items.n && out == RB_NOTFOUND; i++) {
			if (!item_matches(s, rb, items.val[i], marker.s))
				continue;
			out = RB_FOUND;
			if (idf != NULL) {
				char *ip = js_key_path("$", idf);

				*found_id = js_text(s->js, items.val[i], ip);
				free(ip);
			}
		}
		js_list_free(&items);
		sync_result_free(r);
		if (out != RB_NOTFOUND || !paged || (int)n < limit || ++page > 1000)
			break;
	}
	buf_free(&marker);
	free(rb);
	free(path);
	free(list_at);
	free(pl);
	free(idf);
	return out;
}

static int
finish_retry(struct sync *s, const struct outbox_row *row,
    const struct sync_result *r, int probe, struct err *e)
{
	int64_t delay;
	char bstate[12] = "";
	struct sync_summary sum;

	if (sync_summary(s->db, &sum, e) == TP_OK)
		snprintf(bstate, sizeof bstate, "%s", sum.breaker_state);
	/* Poison: the server answers 5xx for this row while the breaker
	 * stays closed (others get through): park it. */
	if (row->attempts >= SYNC_POISON_ATTEMPTS && !r->transport &&
	    r->status >= 500 && !probe && strcmp(bstate, "closed") == 0) {
		char msg[300];

		snprintf(msg, sizeof msg, "parked after %lld attempts: %s",
		    (long long)row->attempts, r->msg);
		s->failed++;
		return outbox_fail(s->db, row, "failed", (int)r->status, msg, e);
	}
	delay = r->retry_after >= 0 ? r->retry_after :
	    outbox_backoff(row->attempts - 1, SYNC_BACKOFF_BASE, SYNC_BACKOFF_CAP);
	/* At least a second: a row is tried once per run, never in a tight
	 * loop against a failing server. */
	if (delay < 1)
		delay = 1;
	s->retried++;
	return outbox_retry(s->db, row, clock_now() + delay, !r->unknown,
	    (int)r->status,
	    r->msg, e);
}

/* A PSA keeps working on a request after the client gave up (PHP runs
 * to its execution limit): a row whose last try may still be running
 * there is neither read back nor sent again until the profile's
 * request_limit has passed since that try; a read-back before then could
 * miss a record about to land and send it twice.  1: the row waits
 * (*rc the outcome of writing that down). */
static int
still_running(struct sync *s, const struct outbox_row *row, int *rc,
    struct err *e)
{
	int64_t until = row->prev_sent_at + s->request_limit;
	char msg[160], hhmm[8];

	if (row->prev_sent_at <= 0 || s->request_limit <= 0 ||
	    clock_now() >= until)
		return 0;
	breaker_hhmm(until, hhmm);
	snprintf(msg, sizeof msg, "an earlier try may still be running on the "
	    "PSA: read back after %s", hhmm);
	s->retried++;
	*rc = outbox_wait(s->db, row, until, msg, e);
	return 1;
}

/* A read (read-back or check) that got no usable answer: the row waits
 * as a send would have (the breaker said no, a retryable failure, or a
 * refusal of the read: tried again later). */
static int
read_failed(struct sync *s, const struct outbox_row *row,
    const struct sync_result *r, int probe, struct err *e)
{
	if (r->outcome == SYNC_DENIED || r->outcome == SYNC_AUTH)
		return outbox_release(s->db, row, e);
	if (r->outcome == SYNC_RETRY)
		return finish_retry(s, row, r, probe, e);
	return outbox_retry(s->db, row, clock_now() + outbox_backoff(
	    row->attempts - 1, SYNC_BACKOFF_BASE, SYNC_BACKOFF_CAP), 0,
	    (int)r->status, r->msg, e);
}

/* The value a field of ours will have on the PSA, in the names a pull
 * gives it: the body's value map there, the pull's value map back
 * (in_progress -> 2 -> open for ITFlow's status).  JSON text. */
static char *
psa_value(struct sync *s, const struct op_cache *oc, const char *espec,
    const char *field, const char *local_json)
{
	char *v = xstrdup(local_json), *path = js_key_path("$.values", field);
	char *back = js_get(s->js, espec, path);

	for (size_t i = 0; i < oc->nm; i++) {
		const struct body_member *m = &oc->m[i];
		char *map, *key, *kp, *there;

		if (m->field == NULL || strcmp(m->field, field) != 0 ||
		    m->opts == NULL ||
		    (map = js_get(s->js, m->opts, "$.map")) == NULL)
			continue;
		key = js_q(s->js, "SELECT coalesce(json(?1) ->> '$', 'null')", "t",
		    v);
		kp = js_key_path("$", key);
		there = js_get(s->js, map, kp);
		free(key);
		free(kp);
		free(map);
		if (there == NULL)
			break;
		free(v);
		v = there;
		if (back != NULL) {
			key = js_q(s->js, "SELECT coalesce(json(?1) ->> '$', 'null')",
			    "t", v);
			kp = js_key_path("$", key);
			there = js_get(s->js, back, kp);
			free(key);
			free(kp);
			if (there != NULL) {
				free(v);
				v = there;
			}
		}
		break;
	}
	free(back);
	free(path);
	return v;
}

/* After an update went through, the shadow holds what the PSA now has
 * for the fields sent, so the next pull sees no remote change where the
 * PSA only shows our own value its way. */
static int
shadow_after_push(struct sync *s, const struct outbox_row *row,
    struct err *e)
{
	const struct op_cache *oc = op_get(s, row->entity, row->op);
	char *espec, *record;
	struct js_list f;
	int rc = TP_OK;

	if (strcmp(row->op, "create") == 0 || oc->spec == NULL ||
	    (espec = pull_spec(s, row->entity)) == NULL)
		return TP_OK;
	if ((record = load_record(s, row, e)) == NULL) {
		free(espec);
		return TP_OK;
	}
	js_each(s->js, row->fields, "$", &f);
	for (size_t i = 0; rc == TP_OK && i < f.n; i++) {
		char *fp = js_key_path("$.fields", f.key[i]);
		char *rp = js_key_path("$", f.key[i]), *local, *there;

		if (js_has(s->js, espec, fp) &&
		    (local = js_get(s->js, record, rp)) != NULL) {
			there = psa_value(s, oc, espec, f.key[i], local);
			rc = db_exec(s->db, e, "UPDATE sync_shadow SET data = "
			    "json_set(data, ?3, json(?4)) WHERE entity = ?1 AND "
			    "local_id = ?2", "titt", row->entity, row->local_id, rp,
			    there);
			free(there);
			free(local);
		}
		free(fp);
		free(rp);
	}
	js_list_free(&f);
	free(record);
	free(espec);
	return rc;
}

/* The conflict rule against a PSA without versions (termpsa-psa(7)):
 * before an update overwrites a ticket's status, priority or assignee,
 * read the record as the PSA has it now.  A value that moved away from
 * the shadow (what the last pull saw) to something other than ours was
 * changed there too: nothing is sent, both values are recorded, and the
 * row waits as a conflict for the technician.  *held: the row is dealt
 * with (conflict, or the read failed). */
static int
check_remote(struct sync *s, const struct outbox_row *row,
    const struct op_cache *oc, const char *record, int probe, int *held,
    struct err *e)
{
	const struct sync_entity *ent = sync_entity_find(row->entity);
	char *shadow = NULL, *espec = NULL, *path, *list_at, *lp, *item, *norm;
	struct sync_result r;
	struct buf url, why;
	int rc, any = 0, found = 0;

	*held = 0;
	for (const struct sync_field *f = ent ? ent->fields : NULL; f && f->name;
	    f++)
		any |= f->conflicts && has_key(s, row->fields, f->name);
	if (!any || db_text(s->db, e, &shadow, "SELECT data FROM sync_shadow "
	    "WHERE entity = ?1 AND local_id = ?2", "ti", row->entity,
	    row->local_id) != TP_OK || (espec = pull_spec(s, row->entity)) ==
	    NULL) {
		err_clear(e);    /* no base to compare with: send */
		free(shadow);
		return TP_OK;
	}
	path = spec_path(s, oc->check, "$.path", record);
	buf_init(&url);
	buf_add(&url, path ? path : "");
	{
		char *q = js_get(s->js, oc->check, "$.query");

		sync_add_query(s, &url, q, record);
		free(q);
	}
	rc = sync_send(s, "GET", url.s, NULL, NULL, &r, e);
	buf_free(&url);
	free(path);
	if (rc != TP_OK || (r.outcome != SYNC_OK && !(r.outcome ==
	    SYNC_PERMANENT && r.status == 200))) {
		if (rc == TP_OK) {
			*held = 1;
			rc = read_failed(s, row, &r, probe, e);
		}
		sync_result_free(&r);
		free(shadow);
		free(espec);
		return rc;
	}
	list_at = js_text(s->js, oc->check, "$.list");
	lp = sync_path(list_at ? list_at : "data");
	path = js_q(s->js, "SELECT ?1 || '[0]'", "t", lp);
	item = r.answer ? js_get(s->js, r.answer, path) : NULL;
	norm = item ? pull_normalise(s, espec, item) : NULL;
	buf_init(&why);
	for (const struct sync_field *f = ent->fields; norm && rc == TP_OK &&
	    f->name; f++) {
		char *fp = js_key_path("$", f->name);
		char *remote, *base, *mine;
		int added = 0;

		if (!f->conflicts || !has_key(s, row->fields, f->name) ||
		    !js_has(s->js, norm, fp) ||
		    !js_has(s->js, shadow, fp)) {
			free(fp);
			continue;
		}
		remote = js_text(s->js, norm, fp);
		base = js_text(s->js, shadow, fp);
		mine = js_text(s->js, record, fp);
		if (!pull_same(remote, base) && !pull_same(remote, mine)) {
			rc = pull_conflict(s, row->entity, row->local_id, f->name,
			    mine, remote, &added, e);
			s->conflicts += added;
			buf_addf(&why, "%s%s is '%s' on the PSA", found ? ", " : "",
			    f->name, remote ? remote : "");
			found = 1;
		}
		free(remote);
		free(base);
		free(mine);
		free(fp);
	}
	if (rc == TP_OK && found) {
		*held = 1;
		buf_add(&why, " (changed there too): kept local, see sync status");
		rc = outbox_fail(s->db, row, "conflict", (int)r.status, why.s, e);
	}
	buf_free(&why);
	free(norm);
	free(item);
	free(path);
	free(lp);
	free(list_at);
	sync_result_free(&r);
	free(shadow);
	free(espec);
	return rc;
}

/* A success sent but not yet written down: push_batch writes a batch's
 * successes in one transaction (see push_batch). */
struct done_list {
	size_t n;
	struct {
		const struct outbox_row *row;
		char *remote;
		int status;
	} d[PUSH_BATCH];
};

/*
 * The id a create's answer gives the new record, as the remote_id to keep:
 * a JSON string or integer of 1 to 64 printable ASCII characters, kept as
 * the PSA wrote it (an integer's digits, never a rounded real: 64-bit
 * overflow loses nothing).  Anything else (1e999, 1.5, true, {"a":1}, "",
 * a control or non-ASCII character, no id at all) is no id: NULL, with the
 * reason in why; the row must then fail, never be marked done.
 */
static char *
create_id(struct sync *s, const char *answer, const char *path, char *why,
    size_t whysz)
{
	static const struct {
		const char *code, *text;
	} reasons[] = {
		{ "missing", "the PSA answered without an id" },
		{ "null", "the PSA answered with a null id" },
		{ "real", "the PSA's id is a number with a fraction or an "
		  "exponent, not a string or an integer" },
		{ "true", "the PSA's id is true, not a string or an integer" },
		{ "false", "the PSA's id is false, not a string or an integer" },
		{ "object", "the PSA's id is an object, not a string or an "
		  "integer" },
		{ "array", "the PSA's id is a list, not a string or an integer" },
		{ "empty", "the PSA's id is empty" },
		{ "long", "the PSA's id is longer than 64 characters" },
		{ "chars", "the PSA's id has characters other than printable "
		  "ASCII" },
	};
	char *v = answer ? js_q(s->js, "SELECT CASE"
	    " WHEN NOT json_valid(?1) OR t IS NULL THEN 'E:missing'"
	    " WHEN t = 'integer' THEN CASE WHEN length(raw) > 64 THEN 'E:long'"
	    "  WHEN raw GLOB '*[^0-9-]*' THEN 'E:real' ELSE 'I:' || raw END"
	    " WHEN t = 'text' THEN CASE WHEN length(CAST(v AS BLOB)) = 0"
	    "  THEN 'E:empty' WHEN length(CAST(v AS BLOB)) > 64 THEN 'E:long'"
	    "  WHEN length(CAST(v AS BLOB)) <> length(v) OR v GLOB '*[^ -~]*'"
	    "  THEN 'E:chars' ELSE 'I:' || v END"
	    " ELSE 'E:' || t END FROM (SELECT"
	    " CASE WHEN json_valid(?1) THEN json_type(?1, ?2) END AS t,"
	    " CASE WHEN json_valid(?1) THEN ?1 -> ?2 END AS raw,"
	    " CASE WHEN json_valid(?1) THEN ?1 ->> ?2 END AS v)",
	    "tt", answer, path) : NULL;
	char *id = NULL;

	if (v != NULL && strncmp(v, "I:", 2) == 0) {
		id = xstrdup(v + 2);
	} else {
		const char *code = v ? v + 2 : "missing";

		snprintf(why, whysz, "%s", reasons[0].text);
		for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
			if (strcmp(code, reasons[i].code) == 0)
				snprintf(why, whysz, "%s", reasons[i].text);
	}
	free(v);
	return id;
}

/* Mark a sent row done; an id already on another local record parks the
 * row for the technician instead of stopping the run. */
static int
record_done(struct sync *s, const struct outbox_row *row, const char *remote,
    int status, struct err *e)
{
	int rc;

	s->pushed++;
	rc = outbox_done(s->db, row, remote, status, e);
	if (rc == TP_OK)
		rc = shadow_after_push(s, row, e);
	if (rc == TP_BADINPUT) {
		char msg[200];

		snprintf(msg, sizeof msg, "the PSA's id %s is already used by "
		    "another local %s", remote ? remote : "", row->entity);
		s->pushed--;
		s->failed++;
		err_clear(e);
		rc = outbox_fail(s->db, row, "failed", status, msg, e);
	}
	return rc;
}

/* Turn one claimed row into its request and record what happened.  A
 * success goes to *dl when dl is not NULL (written by the caller). */
static int
push_row(struct sync *s, const struct outbox_row *row, int probe,
    struct done_list *dl, struct err *e)
{
	const struct op_cache *oc = route_op(s, row);
	const char *spec = oc->spec, *unsend;
	char *record = NULL;
	char *body = NULL, *path = NULL, *found = NULL;
	struct sync_result r;
	int rc = TP_OK, is_create = strcmp(row->op, "create") == 0;
	struct buf url;

	memset(&r, 0, sizeof r);
	if (spec == NULL || oc->unsupported) {
		char why[300];

		s->unsupported++;
		unsupported_why(oc, NULL, why, sizeof why);
		return outbox_fail(s->db, row, "unsupported", 0, why, e);
	}
	record = load_record(s, row, e);
	if (record == NULL) {
		s->failed++;
		return outbox_fail(s->db, row, "failed", 0,
		    "the local record no longer exists", e);
	}
	/* A record with nowhere to go (time on a project, no ticket, for a
	 * PSA that takes time per ticket); an update may change fields the
	 * PSA has no way to change (ITFlow: only status, as a reply). */
	if ((unsend = unsendable(s, row)) != NULL ||
	    (!is_create && !fields_supported(s, spec, row->fields))) {
		char why[300];

		s->unsupported++;
		unsupported_why(oc, unsend ? unsend : oc->fields_why, why,
		    sizeof why);
		rc = outbox_fail(s->db, row, "unsupported", 0, why, e);
		goto out;
	}
	/* The profile keeps some records local (ITFlow: termpsa's own
	 * onboarding ticket; ITFlow has its own onboarding). */
	if (is_create && oc->local_only != NULL &&
	    sync_rule_matches(s->js, oc->local_only, record)) {
		char why[300];

		snprintf(why, sizeof why, "kept local by the profile: %s",
		    oc->local_why ? oc->local_why : "local_only");
		s->unsupported++;
		rc = outbox_fail(s->db, row, "unsupported", 0, why, e);
		goto out;
	}
	if (!is_create && oc->check != NULL) {
		int held = 0;

		if ((rc = check_remote(s, row, oc, record, probe, &held, e)) !=
		    TP_OK || held)
			goto out;
	}
	if (!s->prof.idempotency && row->attempts > 1 &&
	    still_running(s, row, &rc, e))
		goto out;
	if (!s->prof.idempotency && row->attempts > 1) {
		enum readback rb = read_back(s, row, spec, record, &found, &r, e);

		if (rb == RB_FOUND) {
			s->pushed++;
			rc = outbox_done(s->db, row, found, 200, e);
			if (rc == TP_BADINPUT) {
				err_clear(e);
				s->pushed--;
				s->failed++;
				rc = outbox_fail(s->db, row, "failed", 200, "found on the "
				    "PSA, but its id is already used by another local "
				    "record", e);
			}
			goto out;
		}
		if (rb == RB_FAILED) {
			rc = read_failed(s, row, &r, probe, e);
			goto out;
		}
		sync_result_free(&r);
	}
	body = build_body(s, row, oc, record, oc->changed_only);
	if (!is_create && strcmp(body, "{}") == 0 && oc->changed_only) {
		s->pushed++;     /* nothing this PSA keeps changed */
		rc = outbox_done(s->db, row, NULL, 0, e);
		goto out;
	}
	path = oc->path ? sync_template(s, oc->path, record, 1) : NULL;
	buf_init(&url);
	buf_add(&url, path);
	sync_add_query(s, &url, oc->query, record);
	rc = sync_send(s, oc->method, url.s, body, row->op_uuid, &r, e);
	buf_free(&url);
	if (rc != TP_OK) {
		outbox_retry(s->db, row, clock_now(), 0, 0, e->msg, NULL);
		goto out;
	}
	switch (r.outcome) {
	case SYNC_OK: {
		char *remote = NULL;

		if (is_create) {
			char why[160];

			remote = create_id(s, r.answer, s->push->id_path, why,
			    sizeof why);
			if (remote == NULL) {
				s->failed++;
				rc = outbox_fail(s->db, row, "failed", (int)r.status,
				    why, e);
				break;
			}
		}
		if (dl != NULL && dl->n < PUSH_BATCH) {
			dl->d[dl->n].row = row;
			dl->d[dl->n].remote = remote;
			dl->d[dl->n].status = (int)r.status;
			dl->n++;
			break;
		}
		rc = record_done(s, row, remote, (int)r.status, e);
		free(remote);
		break;
	}
	case SYNC_RETRY:
		rc = finish_retry(s, row, &r, probe, e);
		break;
	case SYNC_PERMANENT:
		s->failed++;
		rc = outbox_fail(s->db, row, r.status == 412 ? "conflict" :
		    "failed", (int)r.status, r.msg, e);
		break;
	case SYNC_DENIED:
	case SYNC_AUTH:
		/* Nothing was taken: give the row back untouched (its claim's
		 * attempt undone); a refused key stops the run. */
		rc = outbox_release(s->db, row, e);
		break;
	}
out:
	sync_result_free(&r);
	free(found);
	free(path);
	free(body);
	free(record);
	return rc;
}

/* The helper's commits need not survive a power cut, only a crash (kill
 * -9): WAL with synchronous=NORMAL gives exactly that, and a lost "done"
 * only means a resend, which the Idempotency-Key or the read-back makes
 * harmless.  full = 1 for the claims that must be durable. */
static void
durability(struct sync *s, int full)
{
	sqlite3_exec(s->db->h, full ? "PRAGMA synchronous = FULL" :
	    "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
}

/* Rows of entities or ops the profile cannot send never become ready
 * (their references may never get a remote id): mark them up front. */
static int
mark_unsupported(struct sync *s, struct err *e)
{
	struct rows r = { 0 };
	int rc, n;

	rc = rows_query(s->db, &r, e, "SELECT DISTINCT entity, op FROM outbox "
	    "WHERE state = 'pending'", "");
	for (size_t i = 0; rc == TP_OK && i < r.n; i++) {
		const char *entity = rows_text(&r, i, "entity");
		const char *op = rows_text(&r, i, "op");
		const struct op_cache *oc = op_get(s, entity, op);
		char why[300];

		if (oc->spec == NULL || oc->unsupported) {
			unsupported_why(oc, NULL, why, sizeof why);
			rc = outbox_mark_unsupported(s->db, entity, op, NULL, why,
			    &n, e);
			s->unsupported += n;
		} else if (oc->fields != NULL) {
			/* changes of fields the op cannot carry: marked now, so
			 * they show as such even while an earlier row of the
			 * record waits */
			unsupported_why(oc, oc->fields_why, why, sizeof why);
			rc = outbox_mark_unsupported(s->db, entity, op, oc->fields,
			    why, &n, e);
			s->unsupported += n;
		}
	}
	rows_free(&r);
	return rc;
}

#define BLOCKED "blocked: "

/* Mark the rows a query finds (id, blocker id, its state, why) as failed,
 * blocked: a pending row that can never be sent would say "1 pending" on
 * every run. */
static int
block_rows(struct sync *s, const char *sql, const char *fmt,
    const char *entity, const char *pentity, const char *what,
    struct err *e)
{
	struct rows r = { 0 };
	int rc = rows_query(s->db, &r, e, sql, fmt, entity, pentity);

	for (size_t i = 0; rc == TP_OK && i < r.n; i++) {
		struct outbox_row row;
		char msg[400];

		memset(&row, 0, sizeof row);
		row.id = rows_int(&r, i, "id");
		if (what != NULL)
			snprintf(msg, sizeof msg, BLOCKED "its %s was not sent (outbox "
			    "row %lld is %s: %s)", what, (long long)rows_int(&r, i,
			    "pid"), rows_text(&r, i, "pstate"), rows_text(&r, i, "why"));
		else
			snprintf(msg, sizeof msg, BLOCKED "an earlier change of this "
			    "record waits (outbox row %lld is %s: %s)",
			    (long long)rows_int(&r, i, "pid"), rows_text(&r, i,
			    "pstate"), rows_text(&r, i, "why"));
		rc = outbox_fail(s->db, &row, "failed", 0, msg, e);
	}
	rows_free(&r);
	return rc;
}

/* Rows that wait on something that will not happen by itself: a record
 * whose create failed or is not supported (a note on a ticket ITFlow
 * refused, an update of a ticket kept local), or an earlier change of
 * the same record that failed or is a conflict.  They are shown as failed
 * with the blocker and its reason; each run looks again, so once the
 * blocker is retried or discarded they are pending again. */
static int
mark_blocked(struct sync *s, struct err *e)
{
	const struct sync_entity *ent;
	int n, rc = outbox_requeue_prefixed(s->db, BLOCKED, &n, e);

	for (size_t i = 0; rc == TP_OK && (ent = sync_entity_at(i)) != NULL;
	    i++) {
		for (int p = 0; rc == TP_OK && p < 2 && ent->parents[p].entity;
		    p++) {
			const struct sync_parent *par = &ent->parents[p];
			const struct sync_entity *pe = sync_entity_find(par->entity);

			rc = block_rows(s, par->blocked, "t", ent->name, NULL,
			    pe ? pe->what : par->entity, e);
		}
	}
	if (rc == TP_OK)
		rc = block_rows(s, "SELECT o.id, b.id AS pid, b.state AS pstate, "
		    "coalesce(b.last_error, '') AS why FROM outbox o JOIN outbox b "
		    "ON b.entity = o.entity AND b.local_id = o.local_id AND b.id < "
		    "o.id AND (b.state IN ('failed', 'conflict') OR (b.op = "
		    "'create' AND b.state = 'unsupported')) WHERE o.state = "
		    "'pending' GROUP BY o.id", "", NULL, NULL, NULL, e);
	return rc;
}

/* Write a batch's successes in one transaction (each row's own change a
 * savepoint in it).  Until then the rows stay in_flight under this
 * process's lease: after a crash they are given back and sent again with
 * the same Idempotency-Key, which the PSA answers with its first answer. */
static int
flush_done(struct sync *s, struct done_list *dl, struct err *e)
{
	int rc = TP_OK;

	if (dl->n > 0 && (rc = db_begin(s->db, e)) == TP_OK) {
		for (size_t i = 0; i < dl->n && rc == TP_OK; i++)
			rc = record_done(s, dl->d[i].row, dl->d[i].remote,
			    dl->d[i].status, e);
		if (rc == TP_OK)
			rc = db_commit(s->db, e);
		else
			db_rollback(s->db);
	}
	for (size_t i = 0; i < dl->n; i++)
		free(dl->d[i].remote);
	dl->n = 0;
	return rc;
}

static double
mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Send a batch of claimed rows, one after the other on the one
 * connection.  sync_send asks the breaker before each request; once it
 * says no (or half the lease has gone by) the rows not sent are given
 * back untouched. */
static int
push_batch(struct sync *s, struct outbox_row *rows, int n, int probe,
    struct err *e)
{
	struct done_list dl;
	double t0 = mono_seconds();
	int i, rc = TP_OK;

	dl.n = 0;
	for (i = 0; i < n && rc == TP_OK && !s->denied && !s->auth_failed; i++) {
		if (i > 0 && mono_seconds() - t0 > SYNC_LEASE / 2)
			break;
		rc = push_row(s, &rows[i], probe, &dl, e);
	}
	if (rc == TP_OK) {
		rc = flush_done(s, &dl, e);
	} else {
		struct err e2 = ERR_INIT;

		flush_done(s, &dl, &e2);
	}
	for (; i < n; i++) {
		struct err e2 = ERR_INIT;

		if (outbox_release(s->db, &rows[i], &e2) != TP_OK && rc == TP_OK)
			rc = err_set(e, e2.code, "%s", e2.msg);
	}
	return rc;
}

/* Claim and send batches until nothing is ready or the run must stop. */
static int
push_drain(struct sync *s, struct err *e)
{
	int n;

	for (;;) {
		struct outbox_row rows[PUSH_BATCH];
		enum breaker_decision d;
		int64_t until;
		int rc, max;

		if (breaker_allow(s->db, &s->bc, &d, &until, e) != TP_OK)
			return e->code;
		if (d == BREAKER_DENY) {
			s->denied = 1;
			s->deny_until = until;
			return TP_OK;
		}
		/* A batch of rows per claim, and their successes written in
		 * one transaction: two commits per batch instead of two per
		 * row.  Only where a resend is harmless (Idempotency-Key); a
		 * half-open breaker sends exactly one probe.  The lease
		 * outlives any request (a live worker is also known by its
		 * pid; the lease only matters for a hung one).  Without
		 * idempotency keys the claim (attempts + 1: "maybe sent") must
		 * reach the disk before the request goes out, or a power cut
		 * could hide an earlier try from the read-back. */
		max = s->prof.idempotency && d == BREAKER_GO ? PUSH_BATCH : 1;
		if (!s->prof.idempotency)
			durability(s, 1);
		rc = outbox_claim_many(s->db, SYNC_LEASE + 2 * (s->cfg->timeout > 0
		    ? s->cfg->timeout : 10), rows, max, &n, e);
		if (!s->prof.idempotency)
			durability(s, 0);
		if (rc != TP_OK)
			return rc;
		if (n == 0)
			return TP_OK;
		rc = push_batch(s, rows, n, d == BREAKER_PROBE, e);
		for (int i = 0; i < n; i++)
			outbox_row_free(&rows[i]);
		if (rc != TP_OK)
			return rc;
		if (s->denied || s->auth_failed)
			return TP_OK;
	}
}

int
push_run(struct sync *s, struct err *e)
{
	int n;

	s->request_limit = js_i(s->js, "SELECT coalesce(?1 ->> "
	    "'$.request_limit', 0)", "t", s->prof.json);
	http_fresh_writes(s->http, !s->prof.idempotency);
	durability(s, 0);
	/* The technician's id on the PSA (sync.remote_user): tickets
	 * assigned here to the technician are assigned to it there. */
	if (s->cfg->remote_user != NULL && db_exec(s->db, e, "UPDATE users SET "
	    "remote_id = ?1 WHERE id = ?2 AND remote_id IS NOT ?1", "ti",
	    s->cfg->remote_user, s->db->me) != TP_OK)
		return e->code;
	if (outbox_reclaim(s->db, &n, e) != TP_OK ||
	    outbox_prune(s->db, clock_now() - SYNC_PRUNE_AFTER, &n, e) != TP_OK ||
	    mark_unsupported(s, e) != TP_OK || mark_blocked(s, e) != TP_OK)
		return e->code;
	/* What failed in this run may block rows behind it: say so now. */
	if (push_drain(s, e) != TP_OK || mark_blocked(s, e) != TP_OK)
		return e->code;
	return TP_OK;
}

int
push_dry_run(struct sync *s, FILE *out, struct err *e)
{
	struct rows r = { 0 };
	int rc;

	rc = rows_query(s->db, &r, e, "SELECT id, op_uuid, entity, local_id, op, "
	    "fields, attempts FROM outbox WHERE state = 'pending' ORDER BY id", "");
	for (size_t i = 0; rc == TP_OK && i < r.n; i++) {
		struct outbox_row row;
		char *spec, *record, *body = NULL, *path = NULL, *method = NULL;
		struct buf line, safe;

		memset(&row, 0, sizeof row);
		row.id = rows_int(&r, i, "id");
		snprintf(row.op_uuid, sizeof row.op_uuid, "%s",
		    rows_text(&r, i, "op_uuid"));
		snprintf(row.entity, sizeof row.entity, "%s",
		    rows_text(&r, i, "entity"));
		snprintf(row.op, sizeof row.op, "%s", rows_text(&r, i, "op"));
		row.local_id = rows_int(&r, i, "local_id");
		row.fields = (char *)rows_text(&r, i, "fields");
		spec = op_spec(s, row.entity, row.op);
		record = load_record(s, &row, e);
		buf_init(&line);
		buf_addf(&line, "%lld %s %s %lld: ", (long long)row.id, row.entity,
		    row.op, (long long)row.local_id);
		if (spec == NULL || js_has(s->js, spec, "$.unsupported")) {
			char why[300];

			unsupported_why(op_get(s, row.entity, row.op), NULL, why,
			    sizeof why);
			buf_add(&line, why);
		} else if (record == NULL) {
			buf_add(&line, "the local record no longer exists");
		} else {
			const struct op_cache *oc = op_get(s, row.entity, row.op);

			method = js_text(s->js, spec, "$.method");
			path = spec_path(s, spec, "$.path", record);
			body = build_body(s, &row, oc, record, oc->changed_only);
			buf_addf(&line, "%s %s %s", method, path, body);
		}
		buf_init(&safe);
		text_sanitize(line.s, line.len, 0, &safe);
		fprintf(out, "%s\n", safe.s);
		buf_free(&safe);
		buf_free(&line);
		free(method);
		free(path);
		free(body);
		free(record);
		free(spec);
	}
	rows_free(&r);
	return rc;
}
