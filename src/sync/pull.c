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
#include "service/user.h"
#include "sync/entity.h"
#include "sync/sync.h"

struct pull_stats {
	int pulled, skipped, conflicts;
};

static char *marker_op(struct sync *s, const char *text);

/* A PSA that names users by id (ITFlow's ticket_assigned_to): the entry's
 * assignee: {field, none} gives the assignee in local names, the
 * technician for sync.remote_user, nobody for the 'none' ids, and "psa
 * user N" for anyone else.  Without sync.remote_user there is nothing to
 * map the ids to, and the assignee is left out.  Consumes norm. */
static char *
map_assignee(struct sync *s, const char *espec, const char *item, char *norm)
{
	char *spec = js_get(s->js, espec, "$.assignee");
	char *rf = spec ? js_text(s->js, spec, "$.field") : NULL;
	char *rp = rf ? js_key_path("$", rf) : NULL;
	char *v = rp && s->cfg->remote_user ? js_text(s->js, item, rp) : NULL;
	char *val = NULL, *next;

	if (v == NULL || *v == '\0' || js_i(s->js, "SELECT EXISTS (SELECT 1 "
	    "FROM json_each(coalesce(?1 -> '$.none', '[]')) WHERE CAST(value "
	    "AS TEXT) = ?2)", "tt", spec, v))
		val = xstrdup("null");
	else if (strcmp(v, s->cfg->remote_user) == 0)
		val = js_quote(s->js, s->me);
	else
		val = js_q(s->js, "SELECT json_quote('psa user ' || ?1)", "t", v);
	if (spec != NULL && s->cfg->remote_user != NULL &&
	    (rp == NULL || js_has(s->js, item, rp))) {
		next = js_set(s->js, norm, "$.assigned_to", val);
		free(norm);
		norm = next;
	}
	free(val);
	free(v);
	free(rp);
	free(rf);
	free(spec);
	return norm;
}

/* The technician's and unassigned tickets only (termpsa-psa(7)), where the
 * profile maps assignees and the PSA cannot filter by them. */
static int
mine_or_none(struct sync *s, const char *espec, const char *norm)
{
	char *who;
	int ok;

	if (s->cfg->remote_user == NULL ||
	    !js_has(s->js, espec, "$.assignee"))
		return 1;
	who = js_text(s->js, norm, "$.assigned_to");
	ok = who == NULL || strcmp(who, s->me) == 0;
	free(who);
	return ok;
}

/* The remote item in local names: fields {local: remote}, values
 * {local: {remote value: local value}}.  A member the item does not have
 * is left out (a pull writes only what the PSA said), a JSON null kept. */
char *
pull_normalise(struct sync *s, const char *espec, const char *item)
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
		if (v != NULL) {
			next = js_set(s->js, norm, lp, v);
			free(norm);
			norm = next;
		}
		free(rk);
		free(rp);
		free(v);
		free(lp);
	}
	js_list_free(&l);
	free(fields);
	free(values);
	norm = map_assignee(s, espec, item, norm);
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

char *
pull_spec(struct sync *s, const char *entity)
{
	return js_q(s->js, "SELECT value FROM json_each(?1, '$.pull.entities') "
	    "WHERE value ->> '$.entity' = ?2 LIMIT 1", "tt", s->prof.json,
	    entity);
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
find_local(struct sync *s, const struct sync_entity *u, const char *norm,
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
		    u->name);
		if (rc == TP_OK)
			rc = db_exec(s->db, e, u->set_remote, "it", *id, rid);
		if (rc == TP_OK)
			rc = db_exec(s->db, e, "UPDATE outbox SET state = 'done', "
			    "remote_id = ?2, last_error = NULL, updated_at = ?3 "
			    "WHERE op_uuid = ?1 AND state IN ('pending', 'failed')",
			    "tti", mop, rid, clock_now());
		if (rc == TP_OK)
			rc = db_exec(s->db, e, "DELETE FROM outbox_sent WHERE "
			    "outbox_id IN (SELECT id FROM outbox WHERE op_uuid = ?1 "
			    "AND state = 'done')", "t", mop);
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

char *
pull_unsent_fields(struct sync *s, const char *entity, int64_t id,
    struct err *e)
{
	char *out = NULL;

	/* Unsent: not done.  A change the PSA cannot take (unsupported)
	 * stays local for good, so a pull never overwrites it either. */
	if (db_text(s->db, e, &out, "SELECT json_group_array(DISTINCT f.key) "
	    "FROM outbox o, json_each(o.fields) f WHERE o.entity = ?1 AND "
	    "o.local_id = ?2 AND o.op <> 'create' AND o.state IN ('pending', "
	    "'in_flight', 'failed', 'conflict', 'unsupported')", "ti", entity,
	    id) != TP_OK) {
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
	    "updated_at) VALUES (?1, ?2, json_remove(?3, '$.marker_op'), ?4) ON "
	    "CONFLICT(entity, local_id) DO UPDATE SET data = excluded.data, "
	    "updated_at = excluded.updated_at", "titi", entity, id, norm,
	    clock_now());
}

/* The remote's empty text and no value are the same (ITFlow answers ''
 * for a column never given). */
int
pull_same(const char *a, const char *b)
{
	if (a != NULL && *a == '\0')
		a = NULL;
	if (b != NULL && *b == '\0')
		b = NULL;
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

int
pull_conflict(struct sync *s, const char *entity, int64_t id,
    const char *field, const char *local, const char *remote, int *added,
    struct err *e)
{
	int64_t open = 0;

	*added = 0;
	if (db_int(s->db, e, &open, "SELECT count(*) FROM sync_conflicts WHERE "
	    "entity = ?1 AND local_id = ?2 AND field = ?3 AND state = 'open' "
	    "AND remote_value IS ?4", "titt", entity, id, field, remote) != TP_OK)
		return e->code;
	*added = open == 0;
	return db_exec(s->db, e, "INSERT INTO sync_conflicts(entity, local_id, "
	    "field, local_value, remote_value, created_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6) ON CONFLICT(entity, local_id, field) WHERE state = "
	    "'open' DO UPDATE SET local_value = excluded.local_value, "
	    "remote_value = excluded.remote_value", "tittti", entity, id, field,
	    local, remote, clock_now());
}

/* Write one pulled value into the local record. */
static int
apply_field(struct sync *s, const struct sync_field *f, int64_t id,
    const char *value, struct err *e)
{
	int64_t uid = 0;

	if (!f->user)
		return db_exec(s->db, e, f->set, "iti", id, value, clock_now());
	if (value != NULL && *value != '\0' &&
	    user_ensure(s->db, value, &uid, e) != TP_OK)
		return e->code;
	return db_exec(s->db, e, f->set, "iii", id, uid, clock_now());
}

/* A record the pull has met before, field by field (termpsa-psa(7)): a
 * field follows the PSA only when the PSA changed it since the last pull
 * (its shadow) and the technician has no unsent change of it.  What the
 * PSA did to a value termpsa sent (ITFlow strips tags, cuts subjects, adds
 * the marker line) is no change, so the local text stays whole.  A record
 * seen for the first time (one termpsa created) only gets its shadow:
 * without versions a remote edit cannot be told from a transformation,
 * and the local copy wins.  Status, priority and assignee changed on both
 * sides are kept local and recorded as conflicts. */
static int
merge(struct sync *s, const struct sync_entity *ent, int64_t id,
    const char *norm, struct pull_stats *st, struct err *e)
{
	char *shadow = NULL, *unsent;
	int rc = TP_OK;

	if (db_text(s->db, e, &shadow, "SELECT data FROM sync_shadow WHERE "
	    "entity = ?1 AND local_id = ?2", "ti", ent->name, id) != TP_OK) {
		err_clear(e);
		return TP_OK;
	}
	unsent = pull_unsent_fields(s, ent->name, id, e);
	for (const struct sync_field *f = ent->fields; rc == TP_OK && f->name;
	    f++) {
		char *path = js_key_path("$", f->name);
		char *remote = NULL, *base = NULL, *local = NULL;

		if (!js_has(s->js, norm, path) ||
		    !js_has(s->js, shadow, path))
			goto next;  /* not pulled, or no base to compare */
		remote = js_text(s->js, norm, path);
		base = js_text(s->js, shadow, path);
		if (pull_same(remote, base))
			goto next;  /* the PSA did not change it */
		if (db_text(s->db, e, &local, f->get, "i", id) != TP_OK &&
		    e->code != TP_NOTFOUND) {
			rc = e->code;
			goto next;
		}
		err_clear(e);
		if (pull_same(remote, local))
			goto next;
		if (in_list(s, unsent, f->name)) {
			int added = 0;

			if (f->conflicts && (rc = pull_conflict(s, ent->name, id,
			    f->name, local, remote, &added, e)) == TP_OK && added)
				st->conflicts++;
			goto next;
		}
		rc = apply_field(s, f, id, remote, e);
next:
		free(path);
		free(remote);
		free(base);
		free(local);
	}
	free(unsent);
	free(shadow);
	return rc;
}

/* A new ticket: a local number, its assignee as a local user. */
static int
insert_ticket(struct sync *s, const char *norm, int64_t client, int64_t *id,
    struct err *e)
{
	int64_t number, uid = 0;
	char *who = js_text(s->js, norm, "$.assigned_to");

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
	    "'$.status' ELSE 'open' END, 'psa', nullif(?1 ->> '$.category', "
	    "''), ?4, ?5, ?5)", "tiiIi", norm, number, client, uid,
	    clock_now()) != TP_OK)
		return e->code;
	*id = db_last_id(s->db);
	return TP_OK;
}

/* Invoices are read-only copies: a new one is added when its number is
 * free and its dates are dates. */
static int
invoice_fits(struct sync *s, const char *norm, struct err *e)
{
	int64_t clash = 0;

	if (db_int(s->db, e, &clash, "SELECT count(*) FROM invoices WHERE "
	    "number = ?1 ->> '$.number'", "t", norm) != TP_OK) {
		err_clear(e);
		return 0;
	}
	return !clash && js_i(s->js, "SELECT date(?1 ->> '$.issue_date') = "
	    "?1 ->> '$.issue_date' AND date(?1 ->> '$.due_date') = ?1 ->> "
	    "'$.due_date' AND ?1 ->> '$.number' IS NOT NULL", "t", norm);
}

/* Does a new item pass the entity's 'only' filter? */
static int
passes_only(struct sync *s, const char *espec, const char *norm)
{
	char *only = js_get(s->js, espec, "$.only");
	int ok = sync_rule_matches(s->js, only, norm);

	free(only);
	return ok;
}

/* The client a local record belongs to (for the balance cache). */
static int64_t
client_id_of(struct sync *s, const struct sync_entity *ent, int64_t id)
{
	struct err e = ERR_INIT;
	int64_t c = 0;

	if (ent->client == NULL ||
	    db_int(s->db, &e, &c, ent->client, "i", id) != TP_OK)
		c = 0;
	return c;
}

static int
upsert(struct sync *s, const char *entity, const char *espec,
    const char *norm, struct pull_stats *st, struct err *e)
{
	const struct sync_entity *ent = sync_entity_find(entity);
	int64_t id = 0, client = 0;

	if (ent == NULL || ent->pull == PULL_NONE)
		return err_set(e, TP_BADINPUT, "profile %s: cannot pull entity "
		    "'%s'", s->prof.name, entity);
	if (js_i(s->js, "SELECT coalesce(?1 ->> '$.remote_id', '') = ''", "t",
	    norm)) {
		st->skipped++;
		return TP_OK;
	}
	if (find_local(s, ent, norm, &id, e) != TP_OK)
		return e->code;
	if (id != 0 && ent->pull == PULL_INVOICE)
		return TP_OK;   /* never merged */
	if (id != 0) {
		if (merge(s, ent, id, norm, st, e) != TP_OK)
			return e->code;
	} else {
		if ((ent->pull == PULL_TICKET && (!passes_only(s, espec, norm) ||
		    !mine_or_none(s, espec, norm))) ||
		    (ent->needs_client && (client = client_of(s, norm, e)) == 0) ||
		    (ent->pull == PULL_INVOICE && !invoice_fits(s, norm, e))) {
			st->skipped++;
			return TP_OK;
		}
		if (ent->pull == PULL_TICKET) {
			if (insert_ticket(s, norm, client, &id, e) != TP_OK)
				return e->code;
		} else {
			if (db_exec(s->db, e, ent->insert, "tii", norm, client,
			    clock_now()) != TP_OK)
				return e->code;
			id = db_last_id(s->db);
		}
	}
	st->pulled++;
	if ((client = client_id_of(s, ent, id)) != 0 &&
	    cache_invalidate_client(s->db, client, e) != TP_OK)
		return e->code;
	return save_shadow(s, entity, id, norm, e);
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
		char *norm = pull_normalise(s, espec, items.val[i]);
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
			s->errors++;   /* the run's end keeps it (sync_note_run) */
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
			if (r.outcome == SYNC_RETRY || r.outcome == SYNC_AUTH)
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
		if (rc != TP_OK) {
			s->errors++;
			sync_note_error(s->db, e->msg, NULL);   /* sync status */
		} else
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
	    !s->auth_failed && !s->pull_stopped; i++)
		rc = pull_entity(s, l.val[i], &pages_left, &st, e);
	js_list_free(&l);
	s->pulled += st.pulled;
	s->conflicts += st.conflicts;   /* the run notes them (main.c) */
	return rc;
}
