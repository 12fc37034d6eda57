/* push.c - the outbox worker (sync.md "Outbox"): claim rows in id order,
 * turn each into the profile's request, send it with its op uuid as the
 * Idempotency-Key, and record the outcome (see sync.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "sync.h"
#include "text.h"

/* Each entity as one JSON object with the names profiles map from.
 * References carry remote ids (client_remote_id ...), users their name. */
static const char *
record_sql(const char *entity)
{
	if (strcmp(entity, "client") == 0)
		return "SELECT json_object('uuid', uuid, 'remote_id', remote_id, "
		    "'name', name, 'company_name', company_name, 'email', email, "
		    "'phone', phone, 'status', status, 'hourly_rate_cents', "
		    "hourly_rate_cents, 'net_terms_days', net_terms_days, "
		    "'notes', notes) FROM clients WHERE id = ?1";
	if (strcmp(entity, "client_contact") == 0)
		return "SELECT json_object('uuid', x.uuid, 'remote_id', "
		    "x.remote_id, 'client_remote_id', c.remote_id, 'name', x.name, "
		    "'email', x.email, 'phone', x.phone, 'title', x.title, "
		    "'is_primary', json(CASE x.is_primary WHEN 1 THEN 'true' ELSE "
		    "'false' END)) FROM client_contacts x JOIN clients c ON "
		    "c.id = x.client_id WHERE x.id = ?1";
	if (strcmp(entity, "client_location") == 0)
		return "SELECT json_object('uuid', x.uuid, 'remote_id', "
		    "x.remote_id, 'client_remote_id', c.remote_id, 'name', x.name, "
		    "'address', x.address, 'city', x.city, 'zip', x.zip, "
		    "'country', x.country) FROM client_locations x JOIN clients c "
		    "ON c.id = x.client_id WHERE x.id = ?1";
	if (strcmp(entity, "ticket") == 0)
		return "SELECT json_object('uuid', t.uuid, 'remote_id', "
		    "t.remote_id, 'number', t.number, 'client_remote_id', "
		    "c.remote_id, 'client_name', c.name, 'subject', t.subject, "
		    "'body', t.body, 'priority', t.priority, 'status', t.status, "
		    "'category', t.category, 'source', t.source, 'billable', "
		    "json(CASE t.billable WHEN 1 THEN 'true' ELSE 'false' END), "
		    "'due_at', strftime('%Y-%m-%dT%H:%M:%SZ', t.due_at, "
		    "'unixepoch'), 'assigned_to', u.name, 'contact_remote_id', "
		    "ct.remote_id, 'asset_remote_id', a.remote_id) FROM tickets t "
		    "JOIN clients c ON c.id = t.client_id LEFT JOIN users u ON "
		    "u.id = t.assigned_to LEFT JOIN client_contacts ct ON ct.id = "
		    "t.contact_id LEFT JOIN assets a ON a.id = t.asset_id "
		    "WHERE t.id = ?1";
	if (strcmp(entity, "ticket_note") == 0)
		return "SELECT json_object('uuid', n.uuid, 'remote_id', "
		    "n.remote_id, 'ticket_remote_id', t.remote_id, "
		    "'client_remote_id', c.remote_id, 'body', n.body, "
		    "'visibility', n.visibility, 'author', u.name) FROM "
		    "ticket_notes n JOIN tickets t ON t.id = n.ticket_id JOIN "
		    "clients c ON c.id = t.client_id LEFT JOIN users u ON u.id = "
		    "n.author_id WHERE n.id = ?1";
	if (strcmp(entity, "time_entry") == 0)
		return "SELECT json_object('uuid', x.uuid, 'remote_id', "
		    "x.remote_id, 'ticket_id', x.ticket_id, 'ticket_remote_id', "
		    "t.remote_id, 'client_remote_id', c.remote_id, 'minutes', "
		    "x.minutes, 'billable', json(CASE x.billable WHEN 1 THEN "
		    "'true' ELSE 'false' END), 'work_date', x.work_date, 'user', "
		    "u.name, 'note', x.note) FROM time_entries x LEFT JOIN tickets "
		    "t ON t.id = x.ticket_id LEFT JOIN clients c ON c.id = "
		    "t.client_id LEFT JOIN users u ON u.id = x.user_id "
		    "WHERE x.id = ?1";
	if (strcmp(entity, "asset") == 0)
		return "SELECT json_object('uuid', a.uuid, 'remote_id', "
		    "a.remote_id, 'client_remote_id', c.remote_id, 'name', a.name, "
		    "'type', a.type, 'make', a.make, 'model', a.model, 'serial', "
		    "a.serial, 'ip', a.ip, 'mac', a.mac, 'status', a.status, "
		    "'purchase_date', a.purchase_date, 'warranty_expire', "
		    "a.warranty_expire, 'notes', a.notes) FROM assets a JOIN "
		    "clients c ON c.id = a.client_id WHERE a.id = ?1";
	if (strcmp(entity, "invoice") == 0)
		return "SELECT json_object('uuid', i.uuid, 'remote_id', "
		    "i.remote_id, 'client_remote_id', c.remote_id, 'number', "
		    "i.number, 'subject', i.subject, 'status', i.status, "
		    "'issue_date', i.issue_date, 'due_date', i.due_date, "
		    "'total_cents', i.total_cents, 'currency', i.currency, "
		    "'items', (SELECT json_group_array(json_object('description', "
		    "description, 'quantity', quantity, 'price_cents', price_cents, "
		    "'total_cents', total_cents)) FROM (SELECT * FROM "
		    "invoice_items WHERE invoice_id = i.id ORDER BY position))) "
		    "FROM invoices i JOIN clients c ON c.id = i.client_id "
		    "WHERE i.id = ?1";
	if (strcmp(entity, "payment") == 0)
		return "SELECT json_object('uuid', p.uuid, 'remote_id', "
		    "p.remote_id, 'client_remote_id', c.remote_id, "
		    "'invoice_remote_id', i.remote_id, 'amount_cents', "
		    "p.amount_cents, 'method', p.method, 'reference', p.reference, "
		    "'status', p.status) FROM payments p JOIN clients c ON c.id = "
		    "p.client_id LEFT JOIN invoices i ON i.id = p.invoice_id "
		    "WHERE p.id = ?1";
	return NULL;
}

/* The op's spec in the profile ("ticket.update"), or NULL. */
static char *
op_spec(struct sync *s, const char *entity, const char *op)
{
	struct buf k;
	char *path, *spec;

	buf_init(&k);
	buf_addf(&k, "%s.%s", entity, op);
	path = js_key_path("$.ops", k.s);
	spec = js_get(s->js, s->prof.json, path);
	free(path);
	buf_free(&k);
	return spec;
}

/* The record with the row's changed fields laid over it (the value at the
 * time of the change); assigned_to becomes the user's name. */
static char *
load_record(struct sync *s, const struct outbox_row *row, struct err *e)
{
	const char *sql = record_sql(row->entity);
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
		next = js_q(s->js, "SELECT json_quote(CASE WHEN json_type(?1) IN "
		    "('null') OR coalesce(json(?1) ->> '$', '') = '' THEN ?2 ELSE "
		    "(json(?1) ->> '$') || char(10) || char(10) || ?2 END)", "tt",
		    v, mk.s);
		buf_free(&mk);
		free(m);
		if (next != NULL) {
			free(v);
			v = next;
		}
	}
	return v;
}

/* The request body for a record under a body spec.  changed_only keeps
 * the members whose source field is among the row's changed fields (and
 * those marked always). */
static char *
build_body(struct sync *s, const struct outbox_row *row, const char *spec,
    const char *record, int changed_only)
{
	char *bspec = js_get(s->js, spec, "$.body"), *body = xstrdup("{}");
	int omit_null = js_i(s->js, "SELECT coalesce(?1 ->> '$.omit_null', 0)",
	    "t", s->prof.json) != 0;
	struct js_list l;

	js_each(s->js, bspec ? bspec : "{}", "$", &l);
	for (size_t i = 0; i < l.n; i++) {
		int is_text = strcmp(l.type[i], "text") == 0;
		char *field = is_text ? js_text(s->js, l.val[i], "$") :
		    js_text(s->js, l.val[i], "$.field");
		char *v = NULL, *t;
		int always = !is_text && js_i(s->js, "SELECT coalesce(?1 ->> "
		    "'$.always', 0)", "t", l.val[i]);

		if (changed_only && !always &&
		    (field == NULL || !has_key(s, row->fields, field))) {
			free(field);
			continue;
		}
		if (!is_text && (t = js_get(s->js, l.val[i], "$.const")) != NULL) {
			v = t;
		} else if (!is_text && (t = js_text(s->js, l.val[i],
		    "$.template")) != NULL) {
			char *txt = sync_template(s, t, record, 0);
			size_t n = strlen(txt);

			while (n > 0 && (txt[n - 1] == ' ' || txt[n - 1] == '\n'))
				txt[--n] = '\0';   /* an empty last place */
			v = js_quote(s->js, txt);
			free(txt);
			free(t);
		} else if (field != NULL) {
			char *path = js_key_path("$", field);

			v = js_get(s->js, record, path);
			free(path);
		}
		if (v == NULL)
			v = xstrdup("null");
		if (!is_text)
			v = shape_value(s, row, l.val[i], v);
		if (v != NULL && !(omit_null && strcmp(v, "null") == 0)) {
			char *path = js_key_path("$", l.key[i]);
			char *next = js_set(s->js, body, path, v);

			free(body);
			body = next;
			free(path);
		}
		free(v);
		free(field);
	}
	js_list_free(&l);
	free(bspec);
	return body;
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
	int ok = 1;

	if (match != NULL)
		ok = js_i(s->js, "SELECT NOT EXISTS (SELECT 1 FROM json_each(?1) m "
		    "WHERE CAST(json_extract(?2, '$.\"' || m.key || '\"') AS TEXT) "
		    "IS NULL OR CAST(json_extract(?2, '$.\"' || m.key || '\"') AS "
		    "TEXT) NOT IN (SELECT CAST(value AS TEXT) FROM json_each("
		    "CASE WHEN m.type = 'array' THEN m.value ELSE json_array("
		    "m.value) END)))", "tt", match, item) != 0;
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
	return outbox_retry(s->db, row, clock_now() + delay, (int)r->status,
	    r->msg, e);
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

/* Mark a sent row done; an id already on another local record parks the
 * row for the technician instead of stopping the run. */
static int
record_done(struct sync *s, const struct outbox_row *row, const char *remote,
    int status, struct err *e)
{
	int rc;

	s->pushed++;
	rc = outbox_done(s->db, row, remote, status, e);
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
	char *spec = op_spec(s, row->entity, row->op), *record = NULL;
	char *body = NULL, *path = NULL, *q, *idp, *found = NULL;
	struct sync_result r;
	int rc = TP_OK, is_create = strcmp(row->op, "create") == 0;
	struct buf url;

	memset(&r, 0, sizeof r);
	if (spec == NULL || js_type(s->js, spec, "$.unsupported") != NULL) {
		s->unsupported++;
		free(spec);
		return outbox_fail(s->db, row, "unsupported", 0, SYNC_UNSUPPORTED, e);
	}
	record = load_record(s, row, e);
	if (record == NULL) {
		s->failed++;
		free(spec);
		return outbox_fail(s->db, row, "failed", 0,
		    "the local record no longer exists", e);
	}
	/* Time on a project (no ticket) has nowhere to go on a PSA that
	 * takes time per ticket; an update may change fields the PSA has
	 * no way to change (ITFlow: only status, as a reply). */
	if ((strcmp(row->entity, "time_entry") == 0 && js_i(s->js,
	    "SELECT json_type(?1, '$.ticket_id') = 'null'", "t", record)) ||
	    (!is_create && !fields_supported(s, spec, row->fields))) {
		s->unsupported++;
		rc = outbox_fail(s->db, row, "unsupported", 0, SYNC_UNSUPPORTED, e);
		goto out;
	}
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
			if (r.outcome == SYNC_DENIED)
				rc = outbox_retry(s->db, row, clock_now(), 0, r.msg, e);
			else if (r.outcome == SYNC_RETRY)
				rc = finish_retry(s, row, &r, probe, e);
			else
				rc = outbox_retry(s->db, row, clock_now() +
				    outbox_backoff(row->attempts - 1, SYNC_BACKOFF_BASE,
				    SYNC_BACKOFF_CAP), (int)r.status, r.msg, e);
			goto out;
		}
		sync_result_free(&r);
	}
	body = build_body(s, row, spec, record, js_i(s->js, "SELECT coalesce(?1 "
	    "->> '$.changed_only', 0)", "t", spec) != 0);
	if (!is_create && strcmp(body, "{}") == 0 &&
	    js_i(s->js, "SELECT coalesce(?1 ->> '$.changed_only', 0)", "t", spec)) {
		s->pushed++;     /* nothing this PSA keeps changed */
		rc = outbox_done(s->db, row, NULL, 0, e);
		goto out;
	}
	path = spec_path(s, spec, "$.path", record);
	buf_init(&url);
	buf_add(&url, path);
	q = js_get(s->js, spec, "$.query");
	sync_add_query(s, &url, q, record);
	free(q);
	{
		char *method = js_text(s->js, spec, "$.method");

		rc = sync_send(s, method, url.s, body, row->op_uuid, &r, e);
		free(method);
	}
	buf_free(&url);
	if (rc != TP_OK) {
		outbox_retry(s->db, row, clock_now(), 0, e->msg, NULL);
		goto out;
	}
	switch (r.outcome) {
	case SYNC_OK: {
		char *remote = NULL;

		if (is_create) {
			char *idpath = js_text(s->js, s->prof.json, "$.id");

			idp = sync_path(idpath ? idpath : "id");
			remote = r.answer ? js_text(s->js, r.answer, idp) : NULL;
			free(idp);
			free(idpath);
			if (remote == NULL) {
				s->failed++;
				rc = outbox_fail(s->db, row, "failed", (int)r.status,
				    "the PSA answered without an id", e);
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
		/* Nothing was sent: give the row back untouched. */
		rc = outbox_retry(s->db, row, clock_now(), 0, r.msg, e);
		break;
	}
out:
	sync_result_free(&r);
	free(found);
	free(path);
	free(body);
	free(record);
	free(spec);
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
		char *spec = op_spec(s, entity, op);
		char *u = spec ? js_type(s->js, spec, "$.unsupported") : NULL;

		if (spec == NULL || u != NULL) {
			rc = outbox_mark_unsupported(s->db, entity, op,
			    SYNC_UNSUPPORTED, &n, e);
			s->unsupported += n;
		}
		free(u);
		free(spec);
	}
	rows_free(&r);
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
 * connection.  Before each row after the first the breaker is asked again
 * (as for a row claimed alone); the rows not sent when it says no, or
 * when half the lease has gone by, are given back untouched. */
static int
push_batch(struct sync *s, struct outbox_row *rows, int n, int probe,
    struct err *e)
{
	struct done_list dl;
	double t0 = mono_seconds();
	int i, rc = TP_OK;

	dl.n = 0;
	for (i = 0; i < n && rc == TP_OK && !s->denied; i++) {
		if (i > 0) {
			enum breaker_decision d;
			int64_t until;

			if (mono_seconds() - t0 > SYNC_LEASE / 2)
				break;
			rc = breaker_allow(s->db, &s->bc, &d, &until, e);
			if (rc != TP_OK)
				break;
			if (d != BREAKER_GO)
				break;
		}
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

int
push_run(struct sync *s, struct err *e)
{
	int n;

	durability(s, 0);
	if (outbox_reclaim(s->db, &n, e) != TP_OK ||
	    outbox_prune(s->db, clock_now() - SYNC_PRUNE_AFTER, &n, e) != TP_OK ||
	    mark_unsupported(s, e) != TP_OK)
		return e->code;
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
		if (s->denied)
			return TP_OK;
	}
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
		if (spec == NULL || js_type(s->js, spec, "$.unsupported") != NULL) {
			buf_add(&line, SYNC_UNSUPPORTED);
		} else if (record == NULL) {
			buf_add(&line, "the local record no longer exists");
		} else {
			method = js_text(s->js, spec, "$.method");
			path = spec_path(s, spec, "$.path", record);
			body = build_body(s, &row, spec, record, js_i(s->js,
			    "SELECT coalesce(?1 ->> '$.changed_only', 0)", "t",
			    spec) != 0);
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
