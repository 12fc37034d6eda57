/*
 * dashboard.h - the client dashboard (domain.md scenario 7).
 *
 * dashboard_json builds the whole document with SQLite's JSON1 functions
 * (cli.md's `client show --json` shape) and keeps it in the cache table
 * under the key "dashboard.{id}" with the tag "client.{id}" for CACHE_TTL;
 * the InvalidateClientCache listener drops it in the transaction of every
 * change about the client, so a read never sees stale data.  Every part of
 * the query walks an index, so a cold dashboard stays cheap on a large
 * database.
 *
 * dashboard_get gives the UI the same document as C values, read out of
 * the cached JSON by SQLite (json_extract / json_each): the UI never runs
 * SQL.  A struct dashboard owns everything in it; dashboard_free releases
 * it.
 */
#ifndef TP_DASHBOARD_H
#define TP_DASHBOARD_H

#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

struct dashboard {
	int64_t client_id;
	char   *name;
	char   *company_name;       /* NULL when none */
	char   *status;
	char   *email;
	char   *phone;
	char   *currency;
	int64_t hourly_rate_cents;  /* -1: no own rate */
	int64_t rate_cents;         /* the rate billing uses (own or default) */
	int64_t net_terms_days;     /* days an invoice has to be paid */
	char   *primary_contact;    /* name, NULL when none */

	int64_t tickets_open;
	int64_t tickets_overdue;
	int64_t tickets_open_urgent;
	int64_t oldest_open_age_days;   /* -1: nothing open */
	int64_t tickets_sla_breached;   /* open tickets past an SLA target */

	int64_t assets_total;
	int64_t warranty_expired;
	int64_t warranty_expiring_30d;

	int64_t balance_cents;
	int64_t unbilled_cents;
	int64_t unpaid_count;
	int64_t unpaid_cents;
	int64_t overdue_count;
	int64_t overdue_cents;
	int64_t paid_365d_cents;

	struct rows contacts;   /* id, name, email, phone, title, is_primary */
	struct rows locations;  /* id, name, address, city, zip, country */
	struct rows by_status;  /* status, count (every status, in order) */
	struct rows recent;     /* type, action, id, label, date */
	struct rows projects;   /* id, name, status, due_date, unbilled_cents */

	char   *json;           /* the document it was read from */
};

/* Append the dashboard document of client_id to out (from the cache when
 * fresh, else built and cached).  TP_NOTFOUND "client N not found". */
int dashboard_json(struct db *db, int64_t client_id, struct buf *out,
    struct err *e);

/* The same document as C values; *d is zeroed first, owned by the caller. */
int dashboard_get(struct db *db, int64_t client_id, struct dashboard *d,
    struct err *e);
void dashboard_free(struct dashboard *d);

/* The cache key of a client's dashboard ("dashboard.{id}"). */
void dashboard_cache_key(int64_t client_id, char *out, size_t n);

#endif
