/*
 * report.h - reports: monthly revenue kept by the GenerateReports job,
 * receivables aging, and time worked.  Query results are rows the caller
 * owns.
 */
#ifndef TP_REPORT_H
#define TP_REPORT_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

/* GenerateReports: recompute report_monthly for the month of the invoice
 * (and of the payment) the job's event names.  Idempotent. */
int report_job(struct db *db, const char *payload, struct err *e);

/* Recompute one month "YYYY-MM" from scratch. */
int report_update_month(struct db *db, const char *month, struct err *e);

/* Recompute every month from scratch, by report_update_month's rules (for
 * a bulk load such as the demo's, which raises no events). */
int report_rebuild(struct db *db, struct err *e);

/* Aging of unpaid (sent|partial) invoices by days past due, every
 * client's (client_id 0) or one client's: one row per bucket: bucket
 * (current, 1-30, 31-60, 61-90, 90+), count, outstanding_cents. */
int report_aging(struct db *db, int64_t client_id, struct rows *out,
    struct err *e);

/* month, invoiced_cents, paid_cents, invoice_count for a year (0 = all). */
int report_revenue(struct db *db, int year, struct rows *out, struct err *e);

/* Time worked per user for a month "YYYY-MM" (NULL = this month): user_id,
 * user_name, minutes, billable_minutes, entries (finished entries only). */
int report_time(struct db *db, const char *month, struct rows *out,
    struct err *e);

#endif
