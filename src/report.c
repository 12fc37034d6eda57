/* report.c - see report.h. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "report.h"

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

int
report_job(struct db *db, const char *payload, struct err *e)
{
	char today[CLOCK_DATE_LEN], month[8];
	char *issue = NULL;
	int rc;

	/* The invoice's month, and this month for the payment side. */
	rc = db_text(db, e, &issue,
	    "SELECT substr(issue_date, 1, 7) FROM invoices WHERE id = "
	    "json_extract(?1, '$.entity_id')", "t", payload);
	if (rc == TP_OK && issue != NULL)
		rc = report_update_month(db, issue, e);
	else if (rc == TP_NOTFOUND)
		rc = TP_OK;
	free(issue);
	if (rc != TP_OK)
		return rc;
	clock_today(today);
	memcpy(month, today, 7);
	month[7] = '\0';
	return report_update_month(db, month, e);
}
