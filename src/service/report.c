/* report.c - see report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "service/report.h"

int
report_update_month(struct db *db, const char *month, struct err *e)
{
	return db_exec(db, e,
	    "INSERT INTO report_monthly(month, invoiced_cents, paid_cents, "
	    "invoice_count, updated_at) SELECT ?1,"
	    " coalesce((SELECT sum(total_cents) FROM invoices WHERE status <> "
	    "   'cancelled' AND substr(issue_date, 1, 7) = ?1), 0),"
	    " coalesce((SELECT sum(amount_cents) FROM payments WHERE status = "
	    "   'completed' AND strftime('%Y-%m', received_at, 'unixepoch', "
	    "   'localtime') = ?1), 0),"
	    " (SELECT count(*) FROM invoices WHERE status <> 'cancelled' AND "
	    "   substr(issue_date, 1, 7) = ?1), ?2 "
	    "ON CONFLICT(month) DO UPDATE SET invoiced_cents = excluded.invoiced_cents,"
	    " paid_cents = excluded.paid_cents, invoice_count = excluded.invoice_count,"
	    " updated_at = excluded.updated_at",
	    "ti", month, clock_now());
}

/* The months an event touches: an invoice's issue month and the months
 * its payments were received in; a payment's received month and its
 * invoice's issue month. */
static const char event_months_sql[] =
    "WITH ev(entity, id) AS (SELECT json_extract(?1, '$.entity'), "
    "json_extract(?1, '$.entity_id')) "
    "SELECT substr(i.issue_date, 1, 7) AS month FROM ev JOIN invoices i ON "
    " (ev.entity = 'invoice' AND i.id = ev.id) OR (ev.entity = 'payment' "
    " AND i.id = (SELECT invoice_id FROM payments WHERE id = ev.id)) "
    "UNION SELECT strftime('%Y-%m', p.received_at, 'unixepoch', 'localtime') "
    "FROM ev JOIN payments p ON (ev.entity = 'payment' AND p.id = ev.id) "
    " OR (ev.entity = 'invoice' AND p.invoice_id = ev.id)";

int
report_job(struct db *db, const char *payload, struct err *e)
{
	char today[CLOCK_DATE_LEN], month[8];
	struct rows r = { 0 };
	int rc;

	rc = rows_query(db, &r, e, event_months_sql, "t", payload);
	for (size_t i = 0; rc == TP_OK && i < r.n; i++)
		if (*rows_text(&r, i, "month"))
			rc = report_update_month(db, rows_text(&r, i, "month"),
			    e);
	rows_free(&r);
	if (rc != TP_OK)
		return rc;
	clock_today(today);
	memcpy(month, today, 7);
	month[7] = '\0';
	return report_update_month(db, month, e);
}

int
report_rebuild(struct db *db, struct err *e)
{
	if (db_exec(db, e, "DELETE FROM report_monthly", NULL) != TP_OK)
		return e->code;
	return db_exec(db, e,
	    "WITH m(month, inv, cnt, paid) AS ("
	    " SELECT substr(issue_date, 1, 7), total_cents, 1, 0 FROM invoices"
	    " WHERE status <> 'cancelled' UNION ALL"
	    " SELECT strftime('%Y-%m', received_at, 'unixepoch', 'localtime'),"
	    " 0, 0, amount_cents FROM payments WHERE status = 'completed') "
	    "INSERT INTO report_monthly(month, invoiced_cents, paid_cents, "
	    "invoice_count, updated_at) SELECT month, sum(inv), sum(paid), "
	    "sum(cnt), ?1 FROM m WHERE month IS NOT NULL GROUP BY month",
	    "i", clock_now());
}

/* Days past due on each unpaid invoice (of one client when ?2 is not 0),
 * against five fixed buckets, so that an empty bucket is still a row. */
static const char aging_sql[] =
    "WITH b(pos, bucket, lo, hi) AS (VALUES (1, 'current', NULL, 0),"
    " (2, '1-30', 1, 30), (3, '31-60', 31, 60), (4, '61-90', 61, 90),"
    " (5, '90+', 91, NULL)),"
    " o AS (SELECT CAST(julianday(?1) - julianday(i.due_date) AS INTEGER)"
    "   AS days, i.total_cents - coalesce((SELECT sum(p.amount_cents)"
    "   FROM payments p WHERE p.invoice_id = i.id AND p.status = 'completed'),"
    "   0) AS outstanding FROM invoices i"
    "   WHERE i.status IN ('sent', 'partial')"
    "   AND (?2 = 0 OR i.client_id = ?2))"
    " SELECT b.bucket, count(o.days) AS count,"
    " coalesce(sum(o.outstanding), 0) AS outstanding_cents"
    " FROM b LEFT JOIN o ON (b.lo IS NULL OR o.days >= b.lo)"
    " AND (b.hi IS NULL OR o.days <= b.hi) GROUP BY b.pos ORDER BY b.pos";

int
report_aging(struct db *db, int64_t client_id, struct rows *out,
    struct err *e)
{
	char today[CLOCK_DATE_LEN];

	clock_today(today);
	return rows_query(db, out, e, aging_sql, "ti", today, client_id);
}

int
report_revenue(struct db *db, int year, struct rows *out, struct err *e)
{
	char y[8];

	if (year < 0 || year > 9999)
		return err_set(e, TP_BADINPUT, "bad year %d: expected 1 to "
		    "9999", year);
	snprintf(y, sizeof y, "%04d", year);
	return rows_query(db, out, e,
	    "SELECT month, invoiced_cents, paid_cents, invoice_count "
	    "FROM report_monthly WHERE (?1 = 0 OR substr(month, 1, 4) = ?2) "
	    "ORDER BY month", "it", (int64_t)year, y);
}

int
report_time(struct db *db, const char *month, struct rows *out,
    struct err *e)
{
	char today[CLOCK_DATE_LEN], day[16], m[8];

	if (month == NULL) {
		clock_today(today);
		memcpy(m, today, 7);
	} else {
		snprintf(day, sizeof day, "%.7s-01", month);
		if (strlen(month) != 7 || clock_check_date(day, NULL) != TP_OK)
			return err_set(e, TP_BADINPUT, "bad month '%s': "
			    "expected YYYY-MM", month);
		memcpy(m, month, 7);
	}
	m[7] = '\0';
	return rows_query(db, out, e,
	    "SELECT u.id AS user_id, u.name AS user_name, "
	    "sum(te.minutes) AS minutes, "
	    "sum(CASE WHEN te.billable = 1 THEN te.minutes ELSE 0 END) "
	    "AS billable_minutes, count(*) AS entries "
	    "FROM time_entries te JOIN users u ON u.id = te.user_id "
	    "WHERE te.work_date >= ?1 || '-01' AND te.work_date <= ?1 || '-31' "
	    "AND te.minutes IS NOT NULL GROUP BY u.id ORDER BY u.name, u.id",
	    "t", m);
}
