/* dashboard.c - see dashboard.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cache.h"
#include "core/clock.h"
#include "service/client.h"
#include "service/dashboard.h"
#include "service/sla.h"

/*
 * The whole document in one statement.  ?1 client id, ?2 default rate,
 * ?3 now (unix seconds), ?4 today, ?5 today + 30 days.  Each subquery is
 * bounded by a client index: tickets_client_status_updated,
 * tickets_client_created, assets_client_warranty,
 * invoices_client_status_total, invoices_client_created, payments_invoice,
 * payments_client, projects_client_status, time_entries_project,
 * project_expenses_project, client_contacts_client, client_locations_client.
 * The unary + on due_date keeps the planner off invoices_status_due, which
 * would walk every client's overdue invoices.
 */
#define ISO(x) "strftime('%Y-%m-%dT%H:%M:%SZ', " x ", 'unixepoch')"
#define OPEN_STATUSES "('open', 'in_progress', 'waiting', 'scheduled')"
#define NSTATUS(s) "'" s "', (SELECT count(*) FROM tickets " \
	"WHERE client_id = ?1 AND status = '" s "')"
#define OUTSTANDING "(i.total_cents - coalesce((SELECT " \
	"sum(p.amount_cents) FROM payments p WHERE p.invoice_id = i.id " \
	"AND p.status = 'completed'), 0))"

static const char dashboard_sql[] =
    "SELECT json_object("
    " 'client', json_object("
    "  'id', c.id, 'uuid', c.uuid, 'name', c.name,"
    "  'company_name', c.company_name, 'email', c.email, 'phone', c.phone,"
    "  'status', c.status, 'hourly_rate_cents', c.hourly_rate_cents,"
    "  'rate_cents', coalesce(c.hourly_rate_cents, ?2),"
    "  'currency', c.currency, 'net_terms_days', c.net_terms_days,"
    "  'notes', c.notes,"
    "  'created_at', " ISO("c.created_at") ","
    "  'updated_at', " ISO("c.updated_at") ","
    "  'primary_contact', (SELECT json_object('id', id, 'name', name,"
    "    'email', email, 'phone', phone, 'title', title)"
    "    FROM client_contacts WHERE client_id = ?1 AND is_primary = 1"
    "    ORDER BY name, id LIMIT 1),"
    "  'contacts', (SELECT json_group_array(json_object('id', id,"
    "    'name', name, 'email', email, 'phone', phone, 'title', title,"
    "    'is_primary', is_primary)) FROM (SELECT * FROM client_contacts"
    "    WHERE client_id = ?1 ORDER BY is_primary DESC, name, id)),"
    "  'locations', (SELECT json_group_array(json_object('id', id,"
    "    'name', name, 'address', address, 'city', city, 'zip', zip,"
    "    'country', country)) FROM (SELECT * FROM client_locations"
    "    WHERE client_id = ?1 ORDER BY name, id))),"
    " 'tickets', json_object("
    "  'by_status', json_object(" NSTATUS("open") ", "
    NSTATUS("in_progress") ", " NSTATUS("waiting") ", "
    NSTATUS("scheduled") ", " NSTATUS("resolved") ", "
    NSTATUS("closed") "),"
    "  'open', (SELECT count(*) FROM tickets WHERE client_id = ?1"
    "   AND status IN " OPEN_STATUSES "),"
    "  'overdue', (SELECT count(*) FROM tickets WHERE client_id = ?1"
    "   AND status IN " OPEN_STATUSES " AND due_at < ?3),"
    "  'open_urgent', (SELECT count(*) FROM tickets WHERE client_id = ?1"
    "   AND status IN " OPEN_STATUSES " AND priority IN ('high', 'critical')),"
    "  'oldest_open_age_days', (SELECT (?3 - min(created_at)) / 86400"
    "   FROM tickets WHERE client_id = ?1 AND status IN " OPEN_STATUSES ")),"
    " 'assets', json_object("
    "  'total', (SELECT count(*) FROM assets WHERE client_id = ?1),"
    "  'warranty_expired', (SELECT count(*) FROM assets WHERE client_id = ?1"
    "   AND warranty_expire < ?4),"
    "  'warranty_expiring_30d', (SELECT count(*) FROM assets"
    "   WHERE client_id = ?1 AND warranty_expire BETWEEN ?4 AND ?5)),"
    " 'financial', json_object("
    "  'balance_cents', c.balance_cents,"
    "  'unbilled_cents', c.unbilled_cents,"
    "  'unpaid_count', (SELECT count(*) FROM invoices WHERE client_id = ?1"
    "   AND status IN ('sent', 'partial')),"
    "  'unpaid_cents', (SELECT coalesce(sum(" OUTSTANDING "), 0)"
    "   FROM invoices i WHERE i.client_id = ?1"
    "   AND i.status IN ('sent', 'partial')),"
    "  'overdue_count', (SELECT count(*) FROM invoices WHERE client_id = ?1"
    "   AND status IN ('sent', 'partial') AND +due_date < ?4),"
    "  'overdue_cents', (SELECT coalesce(sum(" OUTSTANDING "), 0)"
    "   FROM invoices i WHERE i.client_id = ?1"
    "   AND i.status IN ('sent', 'partial') AND +i.due_date < ?4),"
    "  'paid_365d_cents', (SELECT coalesce(sum(amount_cents), 0)"
    "   FROM payments WHERE client_id = ?1 AND status = 'completed'"
    "   AND received_at > ?3 - 365 * 86400)),"
    /* Project time with no ticket, per user at the user's rate (what
     * bill-project would charge), plus billable uninvoiced expenses. */
    " 'projects', (SELECT json_group_array(json_object('id', p.id,"
    "   'name', p.name, 'status', p.status, 'due_date', p.due_date,"
    "   'unbilled_cents',"
    "   coalesce((SELECT sum((m * r + 30) / 60) FROM (SELECT"
    "     sum(te.minutes) AS m, coalesce(u.hourly_rate_cents, ?2) AS r"
    "     FROM time_entries te JOIN users u ON u.id = te.user_id"
    "     WHERE te.project_id = p.id AND te.invoice_id IS NULL"
    "     AND te.ticket_id IS NULL AND te.billable = 1"
    "     AND te.minutes IS NOT NULL GROUP BY te.user_id)), 0)"
    "   + coalesce((SELECT sum(x.amount_cents) FROM project_expenses x"
    "     WHERE x.project_id = p.id AND x.invoice_id IS NULL"
    "     AND x.billable = 1), 0)))"
    "  FROM (SELECT * FROM projects WHERE client_id = ?1"
    "   AND status = 'active' ORDER BY name, id) p),"
    /* Newest first; at equal times an invoice (usually made from the
     * tickets) before a ticket. */
    " 'recent_activity', (SELECT json_group_array(json_object('type', type,"
    "   'action', 'created', 'id', id, 'label', label,"
    "   'date', " ISO("created_at") "))"
    "  FROM (SELECT * FROM ("
    "    SELECT * FROM (SELECT 'ticket' AS type, id,"
    "     '#' || number || ' ' || subject AS label, created_at FROM tickets"
    "     WHERE client_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 5)"
    "    UNION ALL"
    "    SELECT * FROM (SELECT 'invoice' AS type, id,"
    "     number || ' ' || subject AS label, created_at FROM invoices"
    "     WHERE client_id = ?1 ORDER BY created_at DESC, id DESC LIMIT 5))"
    "   ORDER BY created_at DESC, type, id DESC LIMIT 10))"
    ") FROM clients c WHERE c.id = ?1 AND " CLIENT_SHOWN;

void
dashboard_cache_key(int64_t client_id, char *out, size_t n)
{
	snprintf(out, n, "dashboard.%lld", (long long)client_id);
}

static int
build(struct db *db, int64_t client_id, char **json, struct err *e)
{
	char today[CLOCK_DATE_LEN], in30[CLOCK_DATE_LEN];
	int rc;

	clock_today(today);
	if (clock_add_days(today, 30, in30, e) != TP_OK)
		return e->code;
	rc = db_text(db, e, json, dashboard_sql, "iiitt", client_id,
	    db->default_rate_cents, clock_now(), today, in30);
	if (rc == TP_NOTFOUND)
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)client_id);
	return rc;
}

/* Build and store under the write lock, so that no change can commit
 * between reading the data and caching the result (its invalidation would
 * run before our write and the cache would go stale). */
static int
cache_write(struct db *db, int64_t client_id, const char *key, char **json,
    struct err *e)
{
	char tag[40];

	if (db_begin(db, e) != TP_OK) {
		/* A read-only database still gets its dashboard, uncached. */
		if (e->code != TP_IO)
			return e->code;
		err_clear(e);
		return build(db, client_id, json, e);
	}
	snprintf(tag, sizeof tag, "client.%lld", (long long)client_id);
	if (build(db, client_id, json, e) != TP_OK ||
	    cache_put(db, key, tag, *json, CACHE_TTL, e) != TP_OK) {
		db_rollback(db);
		free(*json);
		*json = NULL;
		return e->code;
	}
	return db_commit(db, e);
}

static int
build_and_cache(struct db *db, int64_t client_id, const char *key,
    char **json, struct err *e)
{
	struct err ignored = ERR_INIT;
	int rc, outer = db->depth > 0;

	/* The cache is derived data: on a power cut it may lose its last
	 * entries, never its consistency (WAL).  So its write skips the
	 * commit's fsync, the biggest cost of a cold dashboard. */
	if (!outer)
		db_exec(db, &ignored, "PRAGMA synchronous = NORMAL", NULL);
	rc = cache_write(db, client_id, key, json, e);
	if (!outer)
		db_exec(db, &ignored, "PRAGMA synchronous = FULL", NULL);
	return rc;
}

/* The SLA breaches change with the clock alone, so they are counted on
 * every read and never cached (service/sla.c). */
static int
with_breaches(struct db *db, int64_t client_id, char **json, struct err *e)
{
	int64_t n = 0;
	char *out = NULL;

	if (sla_count_breached(db, client_id, &n, e) != TP_OK ||
	    db_text(db, e, &out, "SELECT json_set(?1, '$.tickets.sla_breached', "
	    "?2)", "ti", *json, n) != TP_OK)
		return e->code;
	free(*json);
	*json = out;
	return TP_OK;
}

int
dashboard_json(struct db *db, int64_t client_id, struct buf *out,
    struct err *e)
{
	char key[48], *json = NULL;

	dashboard_cache_key(client_id, key, sizeof key);
	if (cache_get(db, key, &json, e) != TP_OK)
		return e->code;
	if (json == NULL &&
	    build_and_cache(db, client_id, key, &json, e) != TP_OK) {
		/* A database opened read-only (or a full disk) takes no cache
		 * row: the dashboard is shown uncached. */
		if (e->code != TP_IO)
			return e->code;
		err_clear(e);
		if (build(db, client_id, &json, e) != TP_OK)
			return e->code;
	}
	if (with_breaches(db, client_id, &json, e) != TP_OK) {
		free(json);
		return e->code;
	}
	buf_add(out, json);
	free(json);
	return TP_OK;
}

/* The scalar parts of the document, one column each. */
static const char scalars_sql[] =
    "SELECT json_extract(?1, '$.client.id') AS id,"
    " json_extract(?1, '$.client.name') AS name,"
    " json_extract(?1, '$.client.company_name') AS company_name,"
    " json_extract(?1, '$.client.status') AS status,"
    " json_extract(?1, '$.client.email') AS email,"
    " json_extract(?1, '$.client.phone') AS phone,"
    " json_extract(?1, '$.client.currency') AS currency,"
    " coalesce(json_extract(?1, '$.client.hourly_rate_cents'), -1) AS hr,"
    " json_extract(?1, '$.client.rate_cents') AS rate,"
    " json_extract(?1, '$.client.net_terms_days') AS nt,"
    " json_extract(?1, '$.client.primary_contact.name') AS pc,"
    " json_extract(?1, '$.tickets.open') AS t_open,"
    " json_extract(?1, '$.tickets.overdue') AS t_overdue,"
    " json_extract(?1, '$.tickets.open_urgent') AS t_urgent,"
    " json_extract(?1, '$.tickets.sla_breached') AS t_sla,"
    " coalesce(json_extract(?1, '$.tickets.oldest_open_age_days'), -1)"
    "  AS t_age,"
    " json_extract(?1, '$.assets.total') AS a_total,"
    " json_extract(?1, '$.assets.warranty_expired') AS a_exp,"
    " json_extract(?1, '$.assets.warranty_expiring_30d') AS a_soon,"
    " json_extract(?1, '$.financial.balance_cents') AS f_bal,"
    " json_extract(?1, '$.financial.unbilled_cents') AS f_unb,"
    " json_extract(?1, '$.financial.unpaid_count') AS f_upc,"
    " json_extract(?1, '$.financial.unpaid_cents') AS f_upa,"
    " json_extract(?1, '$.financial.overdue_count') AS f_odc,"
    " json_extract(?1, '$.financial.overdue_cents') AS f_oda,"
    " json_extract(?1, '$.financial.paid_365d_cents') AS f_paid";

static char *
dup_or_null(const struct rows *r, const char *col)
{
	return rows_isnull(r, 0, col) ? NULL : xstrdup(rows_text(r, 0, col));
}

static void
fill_scalars(const struct rows *r, struct dashboard *d)
{
	d->client_id = rows_int(r, 0, "id");
	d->name = dup_or_null(r, "name");
	d->company_name = dup_or_null(r, "company_name");
	d->status = dup_or_null(r, "status");
	d->email = dup_or_null(r, "email");
	d->phone = dup_or_null(r, "phone");
	d->currency = dup_or_null(r, "currency");
	d->hourly_rate_cents = rows_int(r, 0, "hr");
	d->rate_cents = rows_int(r, 0, "rate");
	d->net_terms_days = rows_int(r, 0, "nt");
	d->primary_contact = dup_or_null(r, "pc");
	d->tickets_open = rows_int(r, 0, "t_open");
	d->tickets_overdue = rows_int(r, 0, "t_overdue");
	d->tickets_open_urgent = rows_int(r, 0, "t_urgent");
	d->oldest_open_age_days = rows_int(r, 0, "t_age");
	d->tickets_sla_breached = rows_int(r, 0, "t_sla");
	d->assets_total = rows_int(r, 0, "a_total");
	d->warranty_expired = rows_int(r, 0, "a_exp");
	d->warranty_expiring_30d = rows_int(r, 0, "a_soon");
	d->balance_cents = rows_int(r, 0, "f_bal");
	d->unbilled_cents = rows_int(r, 0, "f_unb");
	d->unpaid_count = rows_int(r, 0, "f_upc");
	d->unpaid_cents = rows_int(r, 0, "f_upa");
	d->overdue_count = rows_int(r, 0, "f_odc");
	d->overdue_cents = rows_int(r, 0, "f_oda");
	d->paid_365d_cents = rows_int(r, 0, "f_paid");
}

static int
fill_lists(struct db *db, struct dashboard *d, struct err *e)
{
	const char *j = d->json;

	if (rows_query(db, &d->contacts, e,
	    "SELECT json_extract(value, '$.id') AS id,"
	    " json_extract(value, '$.name') AS name,"
	    " json_extract(value, '$.email') AS email,"
	    " json_extract(value, '$.phone') AS phone,"
	    " json_extract(value, '$.title') AS title,"
	    " json_extract(value, '$.is_primary') AS is_primary"
	    " FROM json_each(?1, '$.client.contacts') ORDER BY key", "t", j)
	    || rows_query(db, &d->locations, e,
	    "SELECT json_extract(value, '$.id') AS id,"
	    " json_extract(value, '$.name') AS name,"
	    " json_extract(value, '$.address') AS address,"
	    " json_extract(value, '$.city') AS city,"
	    " json_extract(value, '$.zip') AS zip,"
	    " json_extract(value, '$.country') AS country"
	    " FROM json_each(?1, '$.client.locations') ORDER BY key", "t", j)
	    || rows_query(db, &d->by_status, e,
	    "SELECT key AS status, value AS count"
	    " FROM json_each(?1, '$.tickets.by_status') ORDER BY id", "t", j)
	    || rows_query(db, &d->recent, e,
	    "SELECT json_extract(value, '$.type') AS type,"
	    " json_extract(value, '$.action') AS action,"
	    " json_extract(value, '$.id') AS id,"
	    " json_extract(value, '$.label') AS label,"
	    " json_extract(value, '$.date') AS date"
	    " FROM json_each(?1, '$.recent_activity') ORDER BY key", "t", j)
	    || rows_query(db, &d->projects, e,
	    "SELECT json_extract(value, '$.id') AS id,"
	    " json_extract(value, '$.name') AS name,"
	    " json_extract(value, '$.status') AS status,"
	    " json_extract(value, '$.due_date') AS due_date,"
	    " json_extract(value, '$.unbilled_cents') AS unbilled_cents"
	    " FROM json_each(?1, '$.projects') ORDER BY key", "t", j))
		return e->code;
	return TP_OK;
}

int
dashboard_get(struct db *db, int64_t client_id, struct dashboard *d,
    struct err *e)
{
	struct buf b;
	struct rows r = { 0 };
	int rc;

	memset(d, 0, sizeof *d);
	buf_init(&b);
	if (dashboard_json(db, client_id, &b, e) != TP_OK) {
		buf_free(&b);
		return e->code;
	}
	d->json = buf_detach(&b);
	buf_free(&b);
	rc = rows_query(db, &r, e, scalars_sql, "t", d->json);
	if (rc == TP_OK && r.n == 1)
		fill_scalars(&r, d);
	rows_free(&r);
	if (rc == TP_OK)
		rc = fill_lists(db, d, e);
	if (rc != TP_OK)
		dashboard_free(d);
	return rc;
}

void
dashboard_free(struct dashboard *d)
{
	if (d == NULL)
		return;
	free(d->name);
	free(d->company_name);
	free(d->status);
	free(d->email);
	free(d->phone);
	free(d->currency);
	free(d->primary_contact);
	rows_free(&d->contacts);
	rows_free(&d->locations);
	rows_free(&d->by_status);
	rows_free(&d->recent);
	rows_free(&d->projects);
	free(d->json);
	memset(d, 0, sizeof *d);
}
