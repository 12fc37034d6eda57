/* pull.c - bringing the technician's queue down (sync.md "Pull"): per
 * entity a stored cursor, pages of remote records normalised by the
 * profile's field and value maps, upserts by remote_id, and the conflict
 * rule for a ticket's status, priority and assignee (see sync.h).
 *
 * Local rows are never deleted here, and a field with an unsent local
 * change is never overwritten. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/cache.h"
#include "core/clock.h"
#include "service/activity.h"
#include "service/user.h"
#include "sync/sync.h"

struct pull_stats {
	int pulled, skipped, conflicts;
};

static char *marker_op(struct sync *s, const char *text);

/* The remote item in local names: fields {local: remote}, values
 * {local: {remote value: local value}}. */
static char *
normalise(struct sync *s, const char *espec, const char *item)
{
	char *fields = js_get(s->js, espec, "$.fields");
	char *values = js_get(s->js, espec, "$.values");
	char *norm = xstrdup("{}");
	struct js_list l;

	js_each(s->js, fields ? fields : "{}", "$", &l);
	for (size_t i = 0; i < l.n; i++) {
		char *rk = js_text(s->js, l.val[i], "$");
		char *rp = rk ? js_key_path("$", rk) : NULL;
		char *v = rp ? js_get(s->js, item, rp) : NULL;
		char *lp = js_key_path("$", l.key[i]), *next;

		if (v != NULL && values != NULL) {
			char *map = js_get(s->js, values, lp);

			if (map != NULL) {
				char *key = js_q(s->js, "SELECT coalesce(json(?1) ->> "
				    "'$', 'null')", "t", v);
				char *kp = js_key_path("$", key);
				char *mapped = js_get(s->js, map, kp);

				if (mapped != NULL) {
					free(v);
					v = mapped;
				}
				free(key);
				free(kp);
				free(map);
			}
		}
		next = js_set(s->js, norm, lp, v ? v : "null");
		free(norm);
		norm = next;
		free(rk);
		free(rp);
		free(v);
		free(lp);
	}
	js_list_free(&l);
	free(fields);
	free(values);
	{
		char *mf = js_text(s->js, espec, "$.marker_in");
		char *mp = mf ? js_key_path("$", mf) : NULL;
		char *txt = mp ? js_text(s->js, item, mp) : NULL;
		char *op = marker_op(s, txt);

		if (op != NULL) {
			char *q = js_quote(s->js, op), *next;

			next = js_set(s->js, norm, "$.marker_op", q);
			free(norm);
			norm = next;
			free(q);
		}
		free(op);
		free(txt);
		free(mp);
		free(mf);
	}
	return norm;
}

/* Does the item pass the entity's 'only' filter (for new rows)? */
static int
passes_only(struct sync *s, const char *espec, const char *norm)
{
	char *only = js_get(s->js, espec, "$.only");
	int ok = 1;

	if (only != NULL)
		ok = js_i(s->js, "SELECT NOT EXISTS (SELECT 1 FROM json_each(?1) m "
		    "WHERE CAST(json_extract(?2, '$.\"' || m.key || '\"') AS TEXT) "
		    "IS NULL OR CAST(json_extract(?2, '$.\"' || m.key || '\"') AS "
		    "TEXT) NOT IN (SELECT CAST(value AS TEXT) FROM json_each("
		    "CASE WHEN m.type = 'array' THEN m.value ELSE json_array("
		    "m.value) END)))", "tt", only, norm) != 0;
	free(only);
	return ok;
}

struct upsert_sql {
	const char *entity;
	const char *by_remote;     /* ?1 remote_id -> id */
	const char *by_uuid;       /* ?1 uuid, ?2 remote_id: set and return */
	const char *set_remote;    /* ?1 id, ?2 remote_id, when unset */
};

static const struct upsert_sql lookups[] = {
	{ "client", "SELECT id FROM clients WHERE remote_id = ?1",
	  "UPDATE clients SET remote_id = ?2 WHERE uuid = ?1 AND remote_id IS "
	  "NULL RETURNING id",
	  "UPDATE clients SET remote_id = ?2 WHERE id = ?1 AND remote_id IS NULL" },
	{ "client_contact", "SELECT id FROM client_contacts WHERE remote_id = ?1",
	  "UPDATE client_contacts SET remote_id = ?2 WHERE uuid = ?1 AND "
	  "remote_id IS NULL RETURNING id",
	  "UPDATE client_contacts SET remote_id = ?2 WHERE id = ?1 AND "
	  "remote_id IS NULL" },
	{ "client_location", "SELECT id FROM client_locations WHERE remote_id = ?1",
	  "UPDATE client_locations SET remote_id = ?2 WHERE uuid = ?1 AND "
	  "remote_id IS NULL RETURNING id",
	  "UPDATE client_locations SET remote_id = ?2 WHERE id = ?1 AND "
	  "remote_id IS NULL" },
	{ "asset", "SELECT id FROM assets WHERE remote_id = ?1",
	  "UPDATE assets SET remote_id = ?2 WHERE uuid = ?1 AND remote_id IS "
	  "NULL RETURNING id",
	  "UPDATE assets SET remote_id = ?2 WHERE id = ?1 AND remote_id IS NULL" },
	{ "ticket", "SELECT id FROM tickets WHERE remote_id = ?1",
	  "UPDATE tickets SET remote_id = ?2 WHERE uuid = ?1 AND remote_id IS "
	  "NULL RETURNING id",
	  "UPDATE tickets SET remote_id = ?2 WHERE id = ?1 AND remote_id IS NULL" },
	{ "invoice", "SELECT id FROM invoices WHERE remote_id = ?1",
	  "UPDATE invoices SET remote_id = ?2 WHERE uuid = ?1 AND remote_id IS "
	  "NULL RETURNING id",
	  "UPDATE invoices SET remote_id = ?2 WHERE id = ?1 AND remote_id IS "
	  "NULL" },
};

static const struct upsert_sql *
lookup_for(const char *entity)
{
	for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++)
		if (strcmp(lookups[i].entity, entity) == 0)
			return &lookups[i];
	return NULL;
}

/* The op uuid in a marker we sent ("[termpsa:{op}]" in the profile),
 * found in text; caller frees; NULL when there is none. */
static char *
marker_op(struct sync *s, const char *text)
{
	char *tmpl = js_text(s->js, s->prof.json, "$.marker");
	const char *t = tmpl ? tmpl : "[termpsa:{op}]";
	const char *op = strstr(t, "{op}"), *at;
	char pre[64], *out = NULL;
	size_t n;

	if (text != NULL && op != NULL && (n = (size_t)(op - t)) > 0 &&
	    n < sizeof pre) {
		memcpy(pre, t, n);
		pre[n] = '\0';
		if ((at = strstr(text, pre)) != NULL && strlen(at + n) >= 36) {
			out = xmalloc(37);
			memcpy(out, at + n, 36);
			out[36] = '\0';
		}
	}
	free(tmpl);
	return out;
}

/* The local id of a remote record (0: new): by remote id; by the uuid we
 * sent as external_id; or by the marker we sent (a PSA without external
 * ids, whose answer to our create was lost): then the remote id is stored
 * and the create's outbox row is done, so the record is not pulled in a
 * second time nor created twice. */
static int
find_local(struct sync *s, const struct upsert_sql *u, const char *norm,
    int64_t *id, struct err *e)
{
	char *rid = js_text(s->js, norm, "$.remote_id");
	char *ext = js_text(s->js, norm, "$.external_id");
	char *mop = js_text(s->js, norm, "$.marker_op");
	int rc;

	*id = 0;
	rc = db_int(s->db, e, id, u->by_remote, "t", rid);
	if (rc == TP_NOTFOUND && ext != NULL)
		rc = db_int(s->db, e, id, u->by_uuid, "tt", ext, rid);
	if (rc == TP_NOTFOUND && mop != NULL) {
		rc = db_int(s->db, e, id, "SELECT local_id FROM outbox WHERE "
		    "op_uuid = ?1 AND entity = ?2 AND op = 'create'", "tt", mop,
		    u->entity);
		if (rc == TP_OK)
			rc = db_exec(s->db, e, u->set_remote, "it", *id, rid);
		if (rc == TP_OK)
			rc = db_exec(s->db, e, "UPDATE outbox SET state = 'done', "
			    "remote_id = ?2, last_error = NULL, updated_at = ?3 "
			    "WHERE op_uuid = ?1 AND state IN ('pending', 'failed')",
			    "tti", mop, rid, clock_now());
	}
	if (rc == TP_NOTFOUND) {
		*id = 0;
		rc = TP_OK;
	}
	free(rid);
	free(ext);
	free(mop);
	return rc;
}

static int64_t
client_of(struct sync *s, const char *norm, struct err *e)
{
	int64_t id = 0;

	if (db_int(s->db, e, &id, "SELECT id FROM clients WHERE remote_id = "
	    "CAST(?1 ->> '$.client_remote_id' AS TEXT)", "t", norm) != TP_OK)
		id = 0;
	err_clear(e);
	return id;
}

/* Field names with unsent local changes on this record, as a JSON array. */
static char *
unsent_fields(struct sync *s, const char *entity, int64_t id, struct err *e)
{
	char *out = NULL;

	if (db_text(s->db, e, &out, "SELECT json_group_array(DISTINCT f.key) "
	    "FROM outbox o, json_each(o.fields) f WHERE o.entity = ?1 AND "
	    "o.local_id = ?2 AND o.op <> 'create' AND o.state IN ('pending', "
	    "'in_flight', 'failed', 'conflict')", "ti", entity, id) != TP_OK) {
		err_clear(e);
		return xstrdup("[]");
	}
	return out;
}

static int
in_list(struct sync *s, const char *list, const char *key)
{
	return js_i(s->js, "SELECT EXISTS (SELECT 1 FROM json_each(?1) WHERE "
	    "value = ?2)", "tt", list, key) != 0;
}

static int
save_shadow(struct sync *s, const char *entity, int64_t id, const char *norm,
    struct err *e)
{
	return db_exec(s->db, e, "INSERT INTO sync_shadow(entity, local_id, data, "
	    "updated_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(entity, local_id) "
	    "DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
	    "titi", entity, id, norm, clock_now());
}

/* Clients, contacts, locations, assets: insert, or update the fields
 * without unsent changes.  Values outside the schema's enums are kept
 * local. */
static int
upsert_simple(struct sync *s, const char *entity, const char *norm,
    struct pull_stats *st, struct err *e)
{
	const struct upsert_sql *u = lookup_for(entity);
	int64_t id, client = 0, now = clock_now();
	char *unsent;
	int rc;

	if (find_local(s, u, norm, &id, e) != TP_OK)
		return e->code;
	if (strcmp(entity, "client") != 0 && (client = client_of(s, norm, e)) == 0) {
		st->skipped++;    /* its client is not here (yet) */
		return TP_OK;
	}
	if (id == 0) {
		if (strcmp(entity, "client") == 0)
			rc = db_exec(s->db, e, "INSERT INTO clients(remote_id, name, "
			    "company_name, email, phone, status, hourly_rate_cents, "
			    "created_at, updated_at) VALUES (?1 ->> '$.remote_id', "
			    "coalesce(?1 ->> '$.name', 'unnamed'), ?1 ->> "
			    "'$.company_name', ?1 ->> '$.email', ?1 ->> '$.phone', "
			    "CASE WHEN ?1 ->> '$.status' IN ('active', 'inactive', "
			    "'prospect', 'archived') THEN ?1 ->> '$.status' ELSE "
			    "'active' END, ?1 ->> '$.hourly_rate_cents', ?2, ?2)",
			    "ti", norm, now);
		else if (strcmp(entity, "client_contact") == 0)
			rc = db_exec(s->db, e, "INSERT INTO client_contacts(remote_id, "
			    "client_id, name, email, phone, title, created_at, "
			    "updated_at) VALUES (?1 ->> '$.remote_id', ?2, coalesce(?1 "
			    "->> '$.name', 'unnamed'), ?1 ->> '$.email', ?1 ->> "
			    "'$.phone', ?1 ->> '$.title', ?3, ?3)", "tii", norm, client,
			    now);
		else if (strcmp(entity, "client_location") == 0)
			rc = db_exec(s->db, e, "INSERT INTO client_locations("
			    "remote_id, client_id, name, address, city, zip, country, "
			    "created_at, updated_at) VALUES (?1 ->> '$.remote_id', ?2, "
			    "coalesce(?1 ->> '$.name', 'unnamed'), ?1 ->> '$.address', "
			    "?1 ->> '$.city', ?1 ->> '$.zip', ?1 ->> '$.country', ?3, "
			    "?3)", "tii", norm, client, now);
		else
			rc = db_exec(s->db, e, "INSERT INTO assets(remote_id, "
			    "client_id, name, type, make, model, serial, "
			    "warranty_expire, created_at, updated_at) VALUES (?1 ->> "
			    "'$.remote_id', ?2, coalesce(?1 ->> '$.name', 'unnamed'), "
			    "?1 ->> '$.type', ?1 ->> '$.make', ?1 ->> '$.model', ?1 ->> "
			    "'$.serial', CASE WHEN date(?1 ->> '$.warranty_expire') = "
			    "?1 ->> '$.warranty_expire' THEN ?1 ->> '$.warranty_expire' "
			    "END, ?3, ?3)", "tii", norm, client, now);
		if (rc != TP_OK)
			return rc;
		id = db_last_id(s->db);
	} else {
		unsent = unsent_fields(s, entity, id, e);
		if (strcmp(entity, "client") == 0)
			rc = db_exec(s->db, e, "UPDATE clients SET "
			    "name = CASE WHEN 'name' IN (SELECT value FROM json_each(?3)) "
			    "OR ?2 ->> '$.name' IS NULL THEN name ELSE ?2 ->> '$.name' END, "
			    "company_name = CASE WHEN 'company_name' IN (SELECT value "
			    "FROM json_each(?3)) THEN company_name ELSE ?2 ->> "
			    "'$.company_name' END, status = CASE WHEN 'status' IN "
			    "(SELECT value FROM json_each(?3)) OR coalesce(?2 ->> "
			    "'$.status', '') NOT IN ('active', 'inactive', 'prospect', "
			    "'archived') THEN status ELSE ?2 ->> '$.status' END, "
			    "updated_at = ?4 WHERE id = ?1", "itti", id, norm, unsent,
			    now);
		else if (strcmp(entity, "asset") == 0)
			rc = db_exec(s->db, e, "UPDATE assets SET "
			    "name = CASE WHEN 'name' IN (SELECT value FROM json_each(?3)) "
			    "OR ?2 ->> '$.name' IS NULL THEN name ELSE ?2 ->> '$.name' END, "
			    "serial = CASE WHEN 'serial' IN (SELECT value FROM "
			    "json_each(?3)) THEN serial ELSE ?2 ->> '$.serial' END, "
			    "updated_at = ?4 WHERE id = ?1", "itti", id, norm, unsent,
			    now);
		else
			rc = TP_OK;   /* contacts, locations: created once */
		free(unsent);
		if (rc != TP_OK)
			return rc;
	}
	st->pulled++;
	if (client == 0)
		client = id;
	if (cache_invalidate_client(s->db, client, e) != TP_OK)
		return e->code;
	return save_shadow(s, entity, id, norm, e);
}

/* Invoices are read-only copies: new ones are added, existing ones are
 * never merged (sync.md). */
static int
upsert_invoice(struct sync *s, const char *norm, struct pull_stats *st,
    struct err *e)
{
	const struct upsert_sql *u = lookup_for("invoice");
	int64_t id, client, clash = 0;

	if (find_local(s, u, norm, &id, e) != TP_OK)
		return e->code;
	if (id != 0)
		return TP_OK;
	if ((client = client_of(s, norm, e)) == 0 ||
	    db_int(s->db, e, &clash, "SELECT count(*) FROM invoices WHERE number "
	    "= ?1 ->> '$.number'", "t", norm) != TP_OK || clash ||
	    !js_i(s->js, "SELECT date(?1 ->> '$.issue_date') = ?1 ->> "
	    "'$.issue_date' AND date(?1 ->> '$.due_date') = ?1 ->> '$.due_date' "
	    "AND ?1 ->> '$.number' IS NOT NULL", "t", norm)) {
		err_clear(e);
		st->skipped++;
		return TP_OK;
	}
	if (db_exec(s->db, e, "INSERT INTO invoices(remote_id, number, client_id, "
	    "subject, status, issue_date, due_date, total_cents, created_at, "
	    "updated_at) VALUES (?1 ->> '$.remote_id', ?1 ->> '$.number', ?2, "
	    "coalesce(?1 ->> '$.subject', 'Invoice ' || (?1 ->> '$.number')), "
	    "CASE WHEN ?1 ->> '$.status' IN ('draft', 'sent', 'partial', 'paid', "
	    "'cancelled') THEN ?1 ->> '$.status' ELSE 'sent' END, ?1 ->> "
	    "'$.issue_date', ?1 ->> '$.due_date', max(0, coalesce(?1 ->> "
	    "'$.total_cents', 0)), ?3, ?3)", "tii", norm, client, clock_now())
	    != TP_OK)
		return e->code;
	st->pulled++;
	if (cache_invalidate_client(s->db, client, e) != TP_OK)
		return e->code;
	return save_shadow(s, "invoice", db_last_id(s->db), norm, e);
}

static const char *const ticket_conflict_fields[] = {
	"status", "priority", "assigned_to"
};

/* The local value of a conflict field as text (assignee by name). */
static char *
ticket_local(struct sync *s, int64_t id, const char *field, struct err *e)
{
	char *v = NULL;
	const char *sql =
	    strcmp(field, "status") == 0 ? "SELECT status FROM tickets WHERE id = ?1" :
	    strcmp(field, "priority") == 0 ? "SELECT priority FROM tickets WHERE id = ?1" :
	    "SELECT u.name FROM tickets t LEFT JOIN users u ON u.id = "
	    "t.assigned_to WHERE t.id = ?1";

	if (db_text(s->db, e, &v, sql, "i", id) != TP_OK)
		err_clear(e);
	return v;
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

static int
ticket_apply_field(struct sync *s, int64_t id, const char *field,
    const char *value, struct err *e)
{
	int64_t now = clock_now(), uid = 0;

	if (strcmp(field, "status") == 0)
		return db_exec(s->db, e, "UPDATE tickets SET status = ?2, "
		    "resolved_at = CASE WHEN ?2 IN ('resolved', 'closed') THEN "
		    "coalesce(resolved_at, ?3) END, updated_at = ?3 WHERE id = ?1 "
		    "AND ?2 IN ('open', 'in_progress', 'waiting', 'scheduled', "
		    "'resolved', 'closed')", "iti", id, value, now);
	if (strcmp(field, "priority") == 0)
		return db_exec(s->db, e, "UPDATE tickets SET priority = ?2, "
		    "updated_at = ?3 WHERE id = ?1 AND ?2 IN ('low', 'normal', "
		    "'high', 'critical')", "iti", id, value, now);
	if (value != NULL && *value != '\0' &&
	    user_ensure(s->db, value, &uid, e) != TP_OK)
		return e->code;
	return db_exec(s->db, e, "UPDATE tickets SET assigned_to = ?2, "
	    "updated_at = ?3 WHERE id = ?1", "iIi", id, uid, now);
}

/* sync.md's conflict rule, field by field. */
static int
ticket_merge(struct sync *s, int64_t id, const char *norm,
    struct pull_stats *st, struct err *e)
{
	char *shadow = NULL, *unsent = unsent_fields(s, "ticket", id, e);
	int rc = TP_OK;

	if (db_text(s->db, e, &shadow, "SELECT data FROM sync_shadow WHERE "
	    "entity = 'ticket' AND local_id = ?1", "i", id) != TP_OK) {
		err_clear(e);
		shadow = NULL;
	}
	for (size_t i = 0; rc == TP_OK && i < 3; i++) {
		const char *f = ticket_conflict_fields[i];
		char *path = js_key_path("$", f);
		char *remote = js_text(s->js, norm, path);
		char *base = shadow ? js_text(s->js, shadow, path) : NULL;
		char *local = ticket_local(s, id, f, e);
		int unsent_f = in_list(s, unsent, f);

		if (!js_i(s->js, "SELECT json_type(?1, ?2) IS NOT NULL", "tt",
		    norm, path)) {
			/* the profile does not pull this field */
		} else if (unsent_f) {
			/* A remote change against an unsent local one: keep the
			 * local value, record both. */
			if (shadow != NULL && !same(remote, base) &&
			    !same(remote, local)) {
				rc = db_exec(s->db, e, "INSERT INTO sync_conflicts(entity, "
				    "local_id, field, local_value, remote_value, "
				    "created_at) VALUES ('ticket', ?1, ?2, ?3, ?4, ?5) "
				    "ON CONFLICT(entity, local_id, field) WHERE state = "
				    "'open' DO UPDATE SET local_value = excluded.local_value, "
				    "remote_value = excluded.remote_value", "itttI", id, f,
				    local, remote, clock_now());
				st->conflicts++;
			}
		} else if ((shadow == NULL || !same(remote, base)) &&
		    !same(remote, local)) {
			/* Only a remote change is applied: a value the profile
			 * maps lossily (in_progress -> Open -> open) must not
			 * flap back on every pull. */
			rc = ticket_apply_field(s, id, f, remote, e);
		}
		free(path);
		free(remote);
		free(base);
		free(local);
	}
	/* Subject and body follow a remote change only (against the last
	 * pulled copy): a PSA that cuts or decorates them (ITFlow: 200
	 * characters, our marker line) must not overwrite the local text. */
	if (rc == TP_OK && shadow != NULL)
		rc = db_exec(s->db, e, "UPDATE tickets SET "
		    "subject = CASE WHEN 'subject' IN (SELECT value FROM "
		    "json_each(?3)) OR coalesce(?2 ->> '$.subject', '') = '' OR "
		    "(?2 ->> '$.subject') IS (?4 ->> '$.subject') THEN subject "
		    "ELSE substr(?2 ->> '$.subject', 1, 10000) END, "
		    "body = CASE WHEN 'body' IN (SELECT value FROM json_each(?3)) OR "
		    "json_type(?2, '$.body') IS NULL OR (?2 ->> '$.body') IS "
		    "(?4 ->> '$.body') THEN body ELSE ?2 ->> '$.body' END "
		    "WHERE id = ?1", "ittt", id, norm, unsent, shadow);
	free(shadow);
	free(unsent);
	return rc;
}

static int
upsert_ticket(struct sync *s, const char *espec, const char *norm,
    struct pull_stats *st, struct err *e)
{
	const struct upsert_sql *u = lookup_for("ticket");
	int64_t id, client, number, uid = 0, now = clock_now();
	char *who;

	if (find_local(s, u, norm, &id, e) != TP_OK)
		return e->code;
	if (id != 0) {
		if (ticket_merge(s, id, norm, st, e) != TP_OK)
			return e->code;
	} else {
		if (!passes_only(s, espec, norm) ||
		    (client = client_of(s, norm, e)) == 0) {
			st->skipped++;
			return TP_OK;
		}
		who = js_text(s->js, norm, "$.assigned_to");
		if (who != NULL && *who != '\0' &&
		    user_ensure(s->db, who, &uid, e) != TP_OK) {
			free(who);
			return e->code;
		}
		free(who);
		if (db_next_counter(s->db, "ticket", &number, e) != TP_OK ||
		    db_exec(s->db, e, "INSERT INTO tickets(remote_id, number, "
		    "client_id, subject, body, priority, status, source, category, "
		    "assigned_to, created_at, updated_at) VALUES (?1 ->> "
		    "'$.remote_id', ?2, ?3, substr(coalesce(nullif(?1 ->> "
		    "'$.subject', ''), '(no subject)'), 1, 10000), ?1 ->> '$.body', "
		    "CASE WHEN ?1 ->> '$.priority' IN ('low', 'normal', 'high', "
		    "'critical') THEN ?1 ->> '$.priority' ELSE 'normal' END, "
		    "CASE WHEN ?1 ->> '$.status' IN ('open', 'in_progress', "
		    "'waiting', 'scheduled', 'resolved', 'closed') THEN ?1 ->> "
		    "'$.status' ELSE 'open' END, 'psa', ?1 ->> '$.category', ?4, "
		    "?5, ?5)", "tiiIi", norm, number, client, uid, now) != TP_OK)
			return e->code;
		id = db_last_id(s->db);
	}
	st->pulled++;
	if (db_int(s->db, e, &client, "SELECT client_id FROM tickets WHERE id = ?1",
	    "i", id) == TP_OK && cache_invalidate_client(s->db, client, e) != TP_OK)
		return e->code;
	return save_shadow(s, "ticket", id, norm, e);
}

static int
upsert(struct sync *s, const char *entity, const char *espec,
    const char *norm, struct pull_stats *st, struct err *e)
{
	if (js_i(s->js, "SELECT coalesce(?1 ->> '$.remote_id', '') = ''", "t",
	    norm)) {
		st->skipped++;
		return TP_OK;
	}
	if (strcmp(entity, "ticket") == 0)
		return upsert_ticket(s, espec, norm, st, e);
	if (strcmp(entity, "invoice") == 0)
		return upsert_invoice(s, norm, st, e);
	if (lookup_for(entity) != NULL)
		return upsert_simple(s, entity, norm, st, e);
	return err_set(e, TP_BADINPUT, "profile %s: cannot pull entity '%s'",
	    s->prof.name, entity);
}

/* One page applied in one transaction, with its cursor. */
static int
apply_page(struct sync *s, const char *entity, const char *espec,
    const char *answer, const char *list_path, const char *cursor,
    const char *since, size_t *n, char **max_seen, struct pull_stats *st,
    struct err *e)
{
	struct js_list items;
	int rc = TP_OK;

	js_each(s->js, answer, list_path, &items);
	*n = items.n;
	if (items.n == 0 && cursor == NULL) {
		js_list_free(&items);   /* nothing new: no write at all */
		return TP_OK;
	}
	if (db_begin(s->db, e) != TP_OK) {
		js_list_free(&items);
		return e->code;
	}
	for (size_t i = 0; rc == TP_OK && i < items.n; i++) {
		char *norm = normalise(s, espec, items.val[i]);
		char *up = js_text(s->js, norm, "$.updated_at");

		rc = upsert(s, entity, espec, norm, st, e);
		if (up != NULL && (*max_seen == NULL || strcmp(up, *max_seen) > 0)) {
			free(*max_seen);
			*max_seen = up;
			up = NULL;
		}
		free(up);
		free(norm);
	}
	if (rc == TP_OK)
		rc = db_exec(s->db, e, "INSERT INTO sync_cursors(entity, cursor, "
		    "updated_since, updated_at) VALUES (?1, ?2, ?3, ?4) ON "
		    "CONFLICT(entity) DO UPDATE SET cursor = excluded.cursor, "
		    "updated_since = excluded.updated_since, updated_at = "
		    "excluded.updated_at", "ttti", entity, cursor,
		    *max_seen ? *max_seen : since, clock_now());
	js_list_free(&items);
	if (rc != TP_OK) {
		db_rollback(s->db);
		return rc;
	}
	return db_commit(s->db, e);
}

/*
 * What one entity's pull has seen, so that a PSA that pages badly ends it
 * instead of looping: the cursors sent, and a hash of every record.  A
 * next_cursor that was sent before, or a page with a next one whose
 * records were all on earlier pages, is an error (issue 11: a cursor that
 * never changed made 10,000 requests per entity).
 */
struct pull_guard {
	char    **cursors;
	size_t    ncursors;
	uint64_t *seen;        /* open addressing; 0 is an empty slot */
	size_t    nseen, cap;
};

static uint64_t
item_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;   /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h ? h : 1;
}

/* 1 when h is new (and now remembered). */
static int
guard_add(struct pull_guard *g, uint64_t h)
{
	size_t i;

	if (2 * (g->nseen + 1) > g->cap) {
		struct pull_guard old = *g;

		g->cap = old.cap ? 2 * old.cap : 256;
		g->seen = xcalloc(g->cap, sizeof *g->seen);
		g->nseen = 0;
		for (i = 0; i < old.cap; i++)
			if (old.seen[i])
				guard_add(g, old.seen[i]);
		free(old.seen);
	}
	for (i = h & (g->cap - 1); g->seen[i]; i = (i + 1) & (g->cap - 1))
		if (g->seen[i] == h)
			return 0;
	g->seen[i] = h;
	g->nseen++;
	return 1;
}

static void
guard_free(struct pull_guard *g)
{
	for (size_t i = 0; i < g->ncursors; i++)
		free(g->cursors[i]);
	free(g->cursors);
	free(g->seen);
	memset(g, 0, sizeof *g);
}

/* Before a page is applied: sent is the cursor asked with (NULL at the
 * start), next the page's next_cursor, more whether another page would be
 * asked for.  An error leaves the page unapplied and the stored cursor
 * where it was. */
static int
guard_page(struct pull_guard *g, struct sync *s, const char *entity,
    const char *answer, const char *lp, const char *sent, const char *next,
    int more, struct err *e)
{
	struct js_list items;
	size_t fresh = 0;

	if (sent != NULL) {
		g->cursors = xrealloc(g->cursors,
		    (g->ncursors + 1) * sizeof *g->cursors);
		g->cursors[g->ncursors++] = xstrdup(sent);
	}
	for (size_t i = 0; next != NULL && i < g->ncursors; i++)
		if (strcmp(next, g->cursors[i]) == 0)
			return err_set(e, TP_UNAVAILABLE, "pulling %s: the PSA "
			    "gave a next_cursor it gave before (a loop): stopped "
			    "after %zu pages", entity, g->ncursors);
	js_each(s->js, answer, lp, &items);
	for (size_t i = 0; i < items.n; i++)
		fresh += (size_t)guard_add(g, item_hash(items.val[i]));
	js_list_free(&items);
	if (more && fresh == 0)
		return err_set(e, TP_UNAVAILABLE, "pulling %s: a page with a next "
		    "one brought no record not seen on an earlier page: stopped "
		    "after %zu pages", entity, g->ncursors + 1);
	return TP_OK;
}

static int
pull_entity(struct sync *s, const char *espec, int *pages_left,
    struct pull_stats *st, struct err *e)
{
	char *entity = js_text(s->js, espec, "$.entity");
	char *path = js_text(s->js, espec, "$.path");
	char *paging = js_text(s->js, s->prof.json, "$.pull.paging");
	char *list_at = js_text(s->js, s->prof.json, "$.pull.list");
	char *next_at = js_text(s->js, s->prof.json, "$.pull.next_cursor");
	char *lp = sync_path(list_at ? list_at : "data");
	char *np = sync_path(next_at ? next_at : "next_cursor");
	int64_t limit = js_i(s->js, "SELECT coalesce(?1 ->> '$.pull.limit', 100)",
	    "t", s->prof.json);
	int offset_paging = paging != NULL && strcmp(paging, "offset") == 0;
	char *cursor = NULL, *since = NULL, *max_seen = NULL, *next;
	int rc = TP_OK;
	int64_t offset = 0;
	struct pull_guard guard = { NULL, 0, NULL, 0, 0 };

	if (entity == NULL || path == NULL) {
		rc = err_set(e, TP_BADINPUT, "profile %s: a pull entry needs entity "
		    "and path", s->prof.name);
		goto out;
	}
	if (!offset_paging) {
		if (db_text(s->db, e, &cursor, "SELECT cursor FROM sync_cursors "
		    "WHERE entity = ?1", "t", entity) != TP_OK)
			err_clear(e);
		if (db_text(s->db, e, &since, "SELECT updated_since FROM "
		    "sync_cursors WHERE entity = ?1", "t", entity) != TP_OK)
			err_clear(e);
	}
	while (rc == TP_OK) {
		struct sync_result r;
		struct buf url;
		char *q;
		size_t n = 0;

		if ((*pages_left)-- <= 0) {
			rc = err_set(e, TP_UNAVAILABLE, "pulling %s: stopped at "
			    "sync.max_pages (%d pages this run); the next run goes "
			    "on from here", entity, s->cfg->max_pages);
			sync_note_error(s->db, e->msg, NULL);   /* sync status */
			break;
		}
		q = js_get(s->js, espec, "$.query");
		buf_init(&url);
		buf_add(&url, path);
		sync_add_query(s, &url, q, NULL);
		free(q);
		if (offset_paging) {
			buf_addf(&url, "%slimit=%lld&offset=%lld", strchr(url.s, '?') ?
			    "&" : "?", (long long)limit, (long long)offset);
		} else {
			char *es = since ? http_escape(s->http, since) : NULL;
			char *ec = cursor ? http_escape(s->http, cursor) : NULL;

			buf_addf(&url, "%slimit=%lld", strchr(url.s, '?') ? "&" : "?",
			    (long long)limit);
			if (es)
				buf_addf(&url, "&updated_since=%s", es);
			if (ec)
				buf_addf(&url, "&cursor=%s", ec);
			free(es);
			free(ec);
		}
		rc = sync_send(s, "GET", url.s, NULL, NULL, &r, e);
		buf_free(&url);
		if (rc != TP_OK)
			break;
		if (r.outcome == SYNC_PERMANENT && r.status == 200 && offset_paging) {
			sync_result_free(&r);   /* ITFlow: "No resource" = empty */
			break;
		}
		if (r.outcome != SYNC_OK) {
			/* The pull stops; the cursor stays where it was.  A
			 * retryable failure stops the whole pull: no point asking
			 * a failing server for the next entity. */
			if (r.outcome == SYNC_RETRY)
				s->pull_stopped = 1;
			if (r.outcome == SYNC_PERMANENT)
				rc = err_set(e, TP_UNAVAILABLE, "pulling %s: %s", entity,
				    r.msg);
			sync_result_free(&r);
			break;
		}
		next = offset_paging ? NULL : js_text(s->js, r.answer, np);
		rc = guard_page(&guard, s, entity, r.answer, lp, cursor, next,
		    offset_paging ? js_i(s->js, "SELECT json_array_length(?1, "
		    "?2) >= ?3", "tti", r.answer, lp, limit) != 0 : next != NULL,
		    e);
		free(cursor);
		cursor = next;
		if (rc != TP_OK)
			sync_note_error(s->db, e->msg, NULL);   /* sync status */
		else
			rc = apply_page(s, entity, espec, r.answer, lp, cursor,
			    since, &n, &max_seen, st, e);
		sync_result_free(&r);
		if (offset_paging) {
			offset += (int64_t)n;
			if ((int64_t)n < limit)
				break;
		} else if (cursor == NULL) {
			break;
		}
	}
out:
	guard_free(&guard);
	free(entity);
	free(path);
	free(paging);
	free(list_at);
	free(next_at);
	free(lp);
	free(np);
	free(cursor);
	free(since);
	free(max_seen);
	return rc;
}

int
pull_run(struct sync *s, struct err *e)
{
	struct js_list l;
	struct pull_stats st = { 0, 0, 0 };
	int rc = TP_OK, pages_left = s->cfg->max_pages > 0 ?
	    s->cfg->max_pages : 1000;

	js_each(s->js, s->prof.json, "$.pull.entities", &l);
	s->pull_stopped = 0;
	for (size_t i = 0; rc == TP_OK && i < l.n && !s->denied &&
	    !s->pull_stopped; i++)
		rc = pull_entity(s, l.val[i], &pages_left, &st, e);
	js_list_free(&l);
	s->pulled += st.pulled;
	s->conflicts += st.conflicts;
	if (rc == TP_OK && st.conflicts > 0) {
		char line[128];

		snprintf(line, sizeof line, "Sync: %d conflict%s kept local "
		    "(see sync status)", st.conflicts, st.conflicts == 1 ? "" : "s");
		rc = activity_add(s->db, 0, "sync", 0, line, e);
	}
	return rc;
}
