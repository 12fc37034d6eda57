-- 0014_report_fill.sql - the monthly revenue kept by GenerateReports,
-- recomputed once for every month: a demo (which raises no events) had
-- none at all, and a partial payment or a cancel left a month stale
-- until listeners for both were added with this migration.  The same
-- sums as report_update_month (src/service/report.c).
DELETE FROM report_monthly;
WITH m(month, inv, cnt, paid) AS (
	SELECT substr(issue_date, 1, 7), total_cents, 1, 0 FROM invoices
	WHERE status <> 'cancelled'
	UNION ALL
	SELECT strftime('%Y-%m', received_at, 'unixepoch', 'localtime'), 0, 0,
	    amount_cents FROM payments WHERE status = 'completed')
INSERT INTO report_monthly(month, invoiced_cents, paid_cents, invoice_count,
    updated_at)
SELECT month, sum(inv), sum(paid), sum(cnt), CAST(strftime('%s', 'now') AS INTEGER)
FROM m WHERE month IS NOT NULL GROUP BY month;
