/* balance.c - see balance.h. */
#include "core/clock.h"
#include "service/balance.h"

static const char balance_sql[] =
    "SELECT coalesce((SELECT sum(total_cents) FROM invoices "
    "   WHERE client_id = ?1 AND status IN ('sent', 'partial')), 0)"
    " - coalesce((SELECT sum(p.amount_cents) FROM payments p "
    "   JOIN invoices i ON i.id = p.invoice_id WHERE p.client_id = ?1 "
    "   AND p.status = 'completed' AND i.status IN ('sent', 'partial')), 0)"
    " - coalesce((SELECT sum(amount_cents) FROM payments WHERE client_id = ?1 "
    "   AND invoice_id IS NULL AND status = 'completed'), 0)";

/* The client's tickets and projects drive the joins (CROSS JOIN fixes the
 * order): left to itself the planner walks time_entries_invoice for
 * "invoice_id IS NULL", every client's unbilled time, on each recompute.
 * Per ticket and per user, minutes * rate / 60 rounded half up (amounts are
 * never negative here), exactly as billing will compute the lines. */
static const char unbilled_sql[] =
    "SELECT coalesce((SELECT sum((m * r + 30) / 60) FROM ("
    "   SELECT sum(te.minutes) AS m, coalesce(c.hourly_rate_cents, ?2) AS r"
    "   FROM tickets t CROSS JOIN time_entries te ON te.ticket_id = t.id"
    "   JOIN clients c ON c.id = t.client_id"
    "   WHERE t.client_id = ?1 AND te.billable = 1 AND te.invoice_id IS NULL"
    "   AND te.minutes IS NOT NULL GROUP BY te.ticket_id)), 0)"
    " + coalesce((SELECT sum((m * r + 30) / 60) FROM ("
    "   SELECT sum(te.minutes) AS m, coalesce(u.hourly_rate_cents, ?2) AS r"
    "   FROM projects p CROSS JOIN time_entries te ON te.project_id = p.id"
    "   JOIN users u ON u.id = te.user_id"
    "   WHERE p.client_id = ?1 AND te.ticket_id IS NULL AND te.billable = 1"
    "   AND te.invoice_id IS NULL AND te.minutes IS NOT NULL"
    "   GROUP BY te.project_id, te.user_id)), 0)"
    " + coalesce((SELECT sum(x.amount_cents) FROM project_expenses x"
    "   JOIN projects p ON p.id = x.project_id WHERE p.client_id = ?1"
    "   AND x.billable = 1 AND x.invoice_id IS NULL), 0)";

int
balance_compute(struct db *db, int64_t client_id, int64_t *balance,
    int64_t *unbilled, struct err *e)
{
	if (db_int(db, e, balance, balance_sql, "i", client_id) != TP_OK ||
	    db_int(db, e, unbilled, unbilled_sql, "ii", client_id,
	    db->default_rate_cents) != TP_OK)
		return e->code ? e->code : err_set(e, TP_INTERNAL, "balance");
	return TP_OK;
}

int
balance_recompute(struct db *db, int64_t client_id, struct err *e)
{
	int64_t bal, unb;

	if (balance_compute(db, client_id, &bal, &unb, e) != TP_OK)
		return e->code;
	return db_exec(db, e,
	    "UPDATE clients SET balance_cents = ?2, unbilled_cents = ?3 "
	    "WHERE id = ?1 AND (balance_cents <> ?2 OR unbilled_cents <> ?3)",
	    "iii", client_id, bal, unb);
}
