/* invoice.c - see invoice.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/event.h"
#include "core/money.h"
#include "core/terms.h"
#include "core/text.h"
#include "service/balance.h"
#include "service/filter.h"
#include "service/invoice.h"
#include "service/payment.h"
#include "service/report.h"

const char *const invoice_statuses[] = {
	"draft", "sent", "partial", "paid", "cancelled", NULL
};

/* db_int leaves e alone when there is no row; name the missing thing. */
static int
must_exist(struct db *db, const char *sql, const char *what, int64_t id,
    int64_t *out, struct err *e)
{
	int rc = db_int(db, e, out, sql, "i", id);

	if (rc == TP_NOTFOUND && e->code == TP_OK)
		return err_set(e, TP_NOTFOUND, "%s %lld not found", what,
		    (long long)id);
	return rc;
}

/* The labor rule, refusing amounts that would not fit in cents. */
static int
labor(int64_t minutes, int64_t rate, int64_t *total, struct err *e)
{
	if (minutes > 0 && rate > MONEY_MAX_CENTS / minutes)
		return err_set(e, TP_REFUSED, "%lld minutes at %lld cents an "
		    "hour is too large an amount", (long long)minutes,
		    (long long)rate);
	*total = money_labor(minutes, rate);
	return TP_OK;
}

/* Creating an invoice ---------------------------------------------------- */

struct draft {
	int64_t id;
	int64_t client_id;
	int     nlines;
	char    number[64];
};

/* The invoice row itself, total 0 until the lines are in: draft, issued
 * today, due after the client's net terms, numbered from the counter. */
static int
draft_open(struct db *db, int64_t client_id, int64_t project_id,
    const char *subject, struct draft *d, struct err *e)
{
	char today[CLOCK_DATE_LEN], due[CLOCK_DATE_LEN];
	sqlite3_stmt *st;
	int64_t n, terms;
	char currency[16];
	int rc;

	st = db_prepare(db, e, "SELECT net_terms_days, currency FROM clients "
	    "WHERE id = ?1", "i", client_id);
	if (st == NULL || (rc = db_step(db, st, e)) < 0)
		return e->code;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return err_set(e, TP_NOTFOUND, "client %lld not found",
		    (long long)client_id);
	}
	terms = sqlite3_column_int64(st, 0);
	snprintf(currency, sizeof currency, "%s",
	    (const char *)sqlite3_column_text(st, 1));
	sqlite3_reset(st);
	clock_today(today);
	if (clock_add_days(today, (int)terms, due, e) != TP_OK ||
	    db_next_counter(db, "invoice", &n, e) != TP_OK)
		return e->code;
	snprintf(d->number, sizeof d->number, "%s%06lld", db->invoice_prefix,
	    (long long)n);
	if (db_exec(db, e,
	    "INSERT INTO invoices(number, client_id, project_id, subject, "
	    "status, issue_date, due_date, total_cents, currency, created_at, "
	    "updated_at) "
	    "VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?6, 0, ?7, ?8, ?8)",
	    "tiItttti", d->number, client_id, project_id, subject, today, due,
	    currency, clock_now()) != TP_OK)
		return e->code;
	d->id = db_last_id(db);
	d->client_id = client_id;
	d->nlines = 0;
	return TP_OK;
}

/* minutes: a labor line's exact minutes (its quantity is them in hours,
 * rounded); 0 for any other line (stored as NULL). */
static int
draft_line(struct db *db, struct draft *d, const char *description,
    int64_t minutes, int64_t quantity, int64_t price, int64_t total,
    struct err *e)
{
	d->nlines++;
	return db_exec(db, e,
	    "INSERT INTO invoice_items(invoice_id, position, description, "
	    "minutes, quantity, price_cents, total_cents) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	    "iitIiii", d->id, (int64_t)d->nlines, description, minutes,
	    quantity, price, total);
}

/* Total = sum of the lines; InvoiceCreated; the client's unbilled amount
 * drops by what was just billed. */
static int
draft_close(struct db *db, const struct draft *d, struct err *e)
{
	char line[160], amount[MONEY_LEN];
	int64_t total = 0;
	struct event ev = { EV_INVOICE_CREATED, "invoice", d->id, d->client_id,
	    NULL, line, "create" };

	if (d->nlines == 0)
		return err_set(e, TP_REFUSED, "nothing to bill: no billable "
		    "uninvoiced time or expenses");
	if (db_int(db, e, &total, "SELECT coalesce(sum(total_cents), 0) FROM "
	    "invoice_items WHERE invoice_id = ?1", "i", d->id) != TP_OK ||
	    db_exec(db, e, "UPDATE invoices SET total_cents = ?2 WHERE id = ?1",
	    "ii", d->id, total) != TP_OK)
		return e->code ? e->code : err_set(e, TP_INTERNAL, "total");
	money_format(total, amount);
	snprintf(line, sizeof line, "Invoice %s created: %s", d->number,
	    amount);
	if (event_emit(db, &ev, e) != TP_OK)
		return e->code;
	return balance_recompute(db, d->client_id, e);
}

/* Previews: what a bill would invoice ----------------------------------- */

/* The lines a bill writes come from one query (per kind of bill) whose
 * rows are the invoice's lines; the labor lines' quantity and total are
 * then filled in by the labor rule (money.h), here and nowhere else.  Both
 * the preview and the bill are built by this code, so they cannot differ.
 * Placeholder columns (0) are filled by price_lines. */
#define ITEM_COLS \
    "position, ticket_id, description, minutes, quantity, price_cents, " \
    "total_cents"

/* ?1 client, ?2 default rate; one line per ticket with billable,
 * uninvoiced minutes > 0. */
#define TICKET_LINES(filter, order) \
    "SELECT 0 AS position, t.id AS ticket_id, " \
    "'Support: ' || coalesce(t.subject, '') AS description, " \
    "sum(te.minutes) AS minutes, 0 AS quantity, " \
    "coalesce(c.hourly_rate_cents, ?2) AS price_cents, 0 AS total_cents " \
    "FROM tickets t JOIN clients c ON c.id = t.client_id " \
    "JOIN time_entries te ON te.ticket_id = t.id " \
    "WHERE t.client_id = ?1 AND te.billable = 1 AND te.invoice_id IS NULL " \
    "AND te.minutes IS NOT NULL " filter \
    "GROUP BY t.id HAVING sum(te.minutes) > 0 ORDER BY " order

/* Every ticket of the client, oldest first. */
static const char all_ticket_lines_sql[] = TICKET_LINES("", "t.id");

/* ?3: the tickets named (a JSON array), lines in the order first named. */
static const char listed_ticket_lines_sql[] = TICKET_LINES(
    "AND t.id IN (SELECT value FROM json_each(?3)) ",
    "(SELECT min(key) FROM json_each(?3) WHERE value = t.id)");

/* ?1 project, ?2 default rate: project time without a ticket, one line per
 * user at the user's rate; then each billable uninvoiced expense. */
static const char project_lines_sql[] =
    "SELECT " ITEM_COLS " FROM ("
    "SELECT 0 AS position, NULL AS ticket_id, "
    "'Professional Services - ' || coalesce(u.name, '') AS description, "
    "sum(te.minutes) AS minutes, 0 AS quantity, "
    "coalesce(u.hourly_rate_cents, ?2) AS price_cents, 0 AS total_cents, "
    "1 AS k1, u.name AS k2, u.id AS k3 "
    "FROM time_entries te JOIN users u ON u.id = te.user_id "
    "WHERE te.project_id = ?1 AND te.ticket_id IS NULL AND te.billable = 1 "
    "AND te.invoice_id IS NULL AND te.minutes IS NOT NULL "
    "GROUP BY te.user_id HAVING sum(te.minutes) > 0 "
    "UNION ALL "
    "SELECT 0, NULL, 'Expense: ' || coalesce(description, ''), NULL, 100, "
    "amount_cents, amount_cents, 2, NULL, id FROM project_expenses "
    "WHERE project_id = ?1 AND billable = 1 AND invoice_id IS NULL) "
    "ORDER BY k1, k2, k3";

/* ?1 client, ?2 project (NULL for tickets), ?3.. the sums. */
static const char summary_sql[] =
    "SELECT c.id AS client_id, c.name AS client_name, p.id AS project_id, "
    "p.name AS project_name, CASE WHEN p.id IS NULL THEN 'Support Services' "
    "ELSE 'Project: ' || coalesce(p.name, '') END AS subject, c.currency, "
    "?3 AS line_count, ?4 AS minutes, ?5 AS subtotal_cents, "
    "?6 AS tax_cents, ?7 AS total_cents "
    "FROM clients c LEFT JOIN projects p ON p.id = ?2 WHERE c.id = ?1";

static void
cell_set(struct rows *r, size_t row, const char *col, int64_t v)
{
	struct cell *c = &r->cells[row * (size_t)r->ncol +
	    (size_t)rows_col(r, col)];
	char num[32];

	snprintf(num, sizeof num, "%lld", (long long)v);
	free(c->s);
	c->s = xstrdup(num);
	c->type = CELL_INT;
	c->i = v;
}

static void
add_ticket_id(struct invoice_preview *p, int64_t id)
{
	p->ticket_ids = xrealloc(p->ticket_ids,
	    (p->nticket_ids + 1) * sizeof *p->ticket_ids);
	p->ticket_ids[p->nticket_ids++] = id;
}

/* Number the lines, price the labor lines, add up. */
static int
price_lines(struct invoice_preview *p, struct err *e)
{
	struct rows *r = &p->items;
	char max[MONEY_LEN];

	for (size_t i = 0; i < r->n; i++) {
		int64_t total = rows_int(r, i, "total_cents");

		if (!rows_isnull(r, i, "minutes")) {
			int64_t m = rows_int(r, i, "minutes");

			if (labor(m, rows_int(r, i, "price_cents"), &total, e)
			    != TP_OK)
				return e->code;
			cell_set(r, i, "quantity", money_hours_qty(m));
			cell_set(r, i, "total_cents", total);
			p->minutes += m;
		}
		if (total > MONEY_MAX_CENTS - p->subtotal_cents) {
			money_format(MONEY_MAX_CENTS, max);
			return err_set(e, TP_REFUSED, "the invoice would be "
			    "more than %s", max);
		}
		p->subtotal_cents += total;
		cell_set(r, i, "position", (int64_t)i + 1);
		if (!rows_isnull(r, i, "ticket_id"))
			add_ticket_id(p, rows_int(r, i, "ticket_id"));
	}
	p->nlines = r->n;
	p->tax_cents = 0;
	p->total_cents = p->subtotal_cents + p->tax_cents;
	return TP_OK;
}

/* Lines selected: price them and describe the whole. */
static int
preview_finish(struct db *db, struct invoice_preview *p, struct err *e)
{
	if (price_lines(p, e) != TP_OK)
		return e->code;
	return rows_query(db, &p->summary, e, summary_sql, "iIiiiii",
	    p->client_id, p->project_id, (int64_t)p->nlines, p->minutes,
	    p->subtotal_cents, p->tax_cents, p->total_cents);
}

/* The ids as a JSON array of integers (digits and commas only), so that
 * one bound statement takes the whole list through json_each. */
static void
ids_json(const int64_t *ids, size_t n, struct buf *out)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < n; i++)
		buf_addf(out, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_addc(out, ']');
}

/* Every ticket named must exist and be the client's: one query finds the
 * first that is not, in the order given. */
static int
check_tickets(struct db *db, int64_t client_id, const char *ids,
    struct err *e)
{
	struct rows r = { 0 };
	int64_t id, owner;
	int missing;

	if (rows_query(db, &r, e, "SELECT j.value AS id, t.client_id "
	    "FROM json_each(?1) j LEFT JOIN tickets t ON t.id = j.value "
	    "WHERE t.id IS NULL OR t.client_id <> ?2 ORDER BY j.key LIMIT 1",
	    "ti", ids, client_id) != TP_OK)
		return e->code;
	if (r.n == 0) {
		rows_free(&r);
		return TP_OK;
	}
	id = rows_int(&r, 0, "id");
	owner = rows_int(&r, 0, "client_id");
	missing = rows_isnull(&r, 0, "client_id");
	rows_free(&r);
	if (missing)
		return err_set(e, TP_NOTFOUND, "ticket %lld not found",
		    (long long)id);
	return err_set(e, TP_REFUSED, "ticket %lld belongs to client %lld, "
	    "not to client %lld", (long long)id, (long long)owner,
	    (long long)client_id);
}

static int
preview_tickets(struct db *db, int64_t client_id, const int64_t *ids,
    size_t n, struct invoice_preview *p, struct err *e)
{
	struct buf list;
	int64_t x;
	int rc;

	p->client_id = client_id;
	if (must_exist(db, "SELECT id FROM clients WHERE id = ?1", "client",
	    client_id, &x, e) != TP_OK)
		return e->code;
	if (ids == NULL)
		rc = rows_query(db, &p->items, e, all_ticket_lines_sql, "ii",
		    client_id, db->default_rate_cents);
	else if (n == 0)
		return err_set(e, TP_BADINPUT, "no tickets to bill");
	else {
		buf_init(&list);
		ids_json(ids, n, &list);
		rc = check_tickets(db, client_id, list.s, e);
		if (rc == TP_OK)
			rc = rows_query(db, &p->items, e,
			    listed_ticket_lines_sql, "iit", client_id,
			    db->default_rate_cents, list.s);
		buf_free(&list);
	}
	if (rc != TP_OK)
		return rc;
	return preview_finish(db, p, e);
}

static int
preview_project(struct db *db, int64_t project_id, struct invoice_preview *p,
    struct err *e)
{
	p->project_id = project_id;
	if (must_exist(db, "SELECT client_id FROM projects WHERE id = ?1",
	    "project", project_id, &p->client_id, e) != TP_OK ||
	    rows_query(db, &p->items, e, project_lines_sql, "ii", project_id,
	    db->default_rate_cents) != TP_OK)
		return e->code;
	return preview_finish(db, p, e);
}

int
invoice_preview_tickets(struct db *db, int64_t client_id,
    const int64_t *ticket_ids, size_t n, struct invoice_preview *out,
    struct err *e)
{
	memset(out, 0, sizeof *out);
	if (preview_tickets(db, client_id, ticket_ids, n, out, e) != TP_OK) {
		invoice_preview_free(out);
		return e->code;
	}
	return TP_OK;
}

int
invoice_preview_project(struct db *db, int64_t project_id,
    struct invoice_preview *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (preview_project(db, project_id, out, e) != TP_OK) {
		invoice_preview_free(out);
		return e->code;
	}
	return TP_OK;
}

int
invoice_preview_check(const struct invoice_preview *p, struct err *e)
{
	if (p->nlines > 0)
		return TP_OK;
	if (p->project_id != 0)
		return err_set(e, TP_REFUSED, "nothing to bill: project %lld "
		    "has no billable uninvoiced time or expenses",
		    (long long)p->project_id);
	return err_set(e, TP_REFUSED, "nothing to bill: no billable "
	    "uninvoiced time or expenses");
}

void
invoice_preview_free(struct invoice_preview *p)
{
	if (p == NULL)
		return;
	rows_free(&p->summary);
	rows_free(&p->items);
	free(p->ticket_ids);
	memset(p, 0, sizeof *p);
}

/* Billing: the preview's lines written ---------------------------------- */

/* Scenario 2: the billed tickets' entries carry the invoice. */
static int
mark_tickets(struct db *db, const struct invoice_preview *p,
    int64_t invoice_id, struct err *e)
{
	struct buf list;
	int rc;

	buf_init(&list);
	ids_json(p->ticket_ids, p->nticket_ids, &list);
	rc = db_exec(db, e,
	    "UPDATE time_entries SET invoice_id = ?2, updated_at = ?3 "
	    "WHERE ticket_id IN (SELECT value FROM json_each(?1)) "
	    "AND billable = 1 AND invoice_id IS NULL AND minutes IS NOT NULL",
	    "tii", list.s, invoice_id, clock_now());
	buf_free(&list);
	return rc;
}

/* Scenario 3: the project's time without a ticket and its expenses. */
static int
mark_project(struct db *db, int64_t project_id, int64_t invoice_id,
    struct err *e)
{
	if (db_exec(db, e,
	    "UPDATE time_entries SET invoice_id = ?2, updated_at = ?3 "
	    "WHERE project_id = ?1 AND ticket_id IS NULL AND billable = 1 "
	    "AND invoice_id IS NULL AND minutes IS NOT NULL",
	    "iii", project_id, invoice_id, clock_now()) != TP_OK)
		return e->code;
	return db_exec(db, e,
	    "UPDATE project_expenses SET invoice_id = ?2 WHERE project_id = ?1 "
	    "AND billable = 1 AND invoice_id IS NULL", "ii", project_id,
	    invoice_id);
}

/* Inside the caller's transaction: the invoice with exactly p's lines. */
static int
write_invoice(struct db *db, const struct invoice_preview *p,
    struct draft *d, struct err *e)
{
	const struct rows *r = &p->items;

	if (invoice_preview_check(p, e) != TP_OK ||
	    draft_open(db, p->client_id, p->project_id,
	    rows_text(&p->summary, 0, "subject"), d, e) != TP_OK)
		return e->code;
	for (size_t i = 0; i < r->n; i++)
		if (draft_line(db, d, rows_text(r, i, "description"),
		    rows_isnull(r, i, "minutes") ? 0 :
		    rows_int(r, i, "minutes"),
		    rows_int(r, i, "quantity"), rows_int(r, i, "price_cents"),
		    rows_int(r, i, "total_cents"), e) != TP_OK)
			return e->code;
	if ((p->project_id != 0 ? mark_project(db, p->project_id, d->id, e) :
	    mark_tickets(db, p, d->id, e)) != TP_OK)
		return e->code;
	return draft_close(db, d, e);
}

/* Preview (with `ids`, or of the project when project_id), check it still
 * equals `expect` when given, then write it. */
static int
bill_tx(struct db *db, int64_t client_id, const int64_t *ids, size_t n,
    int64_t project_id, const struct invoice_preview *expect,
    struct draft *d, struct err *e)
{
	struct invoice_preview p;
	char was[MONEY_LEN], now[MONEY_LEN];
	int rc;

	memset(&p, 0, sizeof p);
	rc = project_id != 0 ? preview_project(db, project_id, &p, e) :
	    preview_tickets(db, client_id, ids, n, &p, e);
	if (rc == TP_OK && expect != NULL && (p.nlines != expect->nlines ||
	    p.minutes != expect->minutes ||
	    p.total_cents != expect->total_cents)) {
		money_format(expect->total_cents, was);
		money_format(p.total_cents, now);
		rc = err_set(e, TP_REFUSED, "unbilled time changed (now %s, "
		    "not %s): not billed", now, was);
	}
	if (rc == TP_OK)
		rc = write_invoice(db, &p, d, e);
	invoice_preview_free(&p);
	return rc;
}

static int
bill(struct db *db, int64_t client_id, const int64_t *ids, size_t n,
    int64_t project_id, const struct invoice_preview *expect,
    int64_t *invoice_id, struct err *e)
{
	struct draft d = { 0 };

	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (bill_tx(db, client_id, ids, n, project_id, expect, &d, e)
	    != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	if (db_commit(db, e) != TP_OK)
		return e->code;
	*invoice_id = d.id;
	return TP_OK;
}

int
invoice_bill_tickets(struct db *db, int64_t client_id,
    const int64_t *ticket_ids, size_t n, int64_t *invoice_id, struct err *e)
{
	return bill(db, client_id, ticket_ids, n, 0, NULL, invoice_id, e);
}

int
invoice_bill_project(struct db *db, int64_t project_id, int64_t *invoice_id,
    struct err *e)
{
	return bill(db, 0, NULL, 0, project_id, NULL, invoice_id, e);
}

int
invoice_bill_preview(struct db *db, const struct invoice_preview *p,
    int64_t *invoice_id, struct err *e)
{
	if (p->project_id != 0)
		return bill(db, 0, NULL, 0, p->project_id, p, invoice_id, e);
	if (p->nticket_ids == 0)
		return invoice_preview_check(p, e);
	return bill(db, p->client_id, p->ticket_ids, p->nticket_ids, 0, p,
	    invoice_id, e);
}

/* Reading --------------------------------------------------------------- */

#define PAID_SQL \
    "(SELECT coalesce(sum(amount_cents), 0) FROM payments " \
    "WHERE invoice_id = i.id AND status = 'completed')"

/* ?1 is today's date (for overdue). */
#define INVOICE_SELECT \
    "SELECT i.id, i.number, i.client_id, c.name AS client_name, i.subject, " \
    "i.status, (i.due_date < ?1 AND i.status NOT IN ('paid', 'cancelled')) " \
    "AS overdue, i.issue_date, i.due_date, i.total_cents, " \
    PAID_SQL " AS paid_cents, CASE WHEN i.status = 'cancelled' THEN 0 " \
    "ELSE i.total_cents - " PAID_SQL " END AS outstanding_cents, " \
    "i.currency, i.project_id, p.name AS project_name, i.created_at, " \
    "i.updated_at "
#define INVOICE_JOINS \
    "JOIN clients c ON c.id = i.client_id " \
    "LEFT JOIN projects p ON p.id = i.project_id "
#define INVOICE_COLS INVOICE_SELECT "FROM invoices i " INVOICE_JOINS

const char *const invoice_sorts[] = {
	"newest", "due", "amount", "number", NULL
};

/* Each order is the walk of an index (schema/0004_sort.sql): the rowid,
 * invoices_due, invoices_total, the number's unique index. */
static const char *const sort_order[] = {
	[INVOICE_SORT_NEWEST] = " ORDER BY i.id DESC",
	[INVOICE_SORT_DUE] = " ORDER BY i.due_date, i.id",
	[INVOICE_SORT_AMOUNT] = " ORDER BY i.total_cents DESC, i.id DESC",
	[INVOICE_SORT_NUMBER] = " ORDER BY i.number, i.id",
};

/* Keyset: rows strictly after :after's own sort key, as a row value. */
static const char *const sort_after[] = {
	[INVOICE_SORT_NEWEST] = " AND i.id < :after",
	[INVOICE_SORT_DUE] = " AND (i.due_date, i.id) > (SELECT k.due_date, "
	    "k.id FROM invoices k WHERE k.id = :after)",
	[INVOICE_SORT_AMOUNT] = " AND (i.total_cents, i.id) < (SELECT "
	    "k.total_cents, k.id FROM invoices k WHERE k.id = :after)",
	[INVOICE_SORT_NUMBER] = " AND (i.number, i.id) > (SELECT k.number, "
	    "k.id FROM invoices k WHERE k.id = :after)",
};

/* A search: the ids each source matches, each through an index: the
 * subjects' full-text index, the clients' one joined to the invoices'
 * client index, prefix ranges and an equality on the number's unique
 * index.  Each arm applies the filters and the keyset itself, and the
 * compound keeps the first page in the list's order (ORDER BY ... LIMIT
 * on the compound: a merge of the arms, which for newest first streams
 * from FTS5's own rowid order and stops at the limit). */
static const char *const arm_from[] = {
	"invoices_fts CROSS JOIN invoices i ON i.id = invoices_fts.rowid "
	    "WHERE invoices_fts MATCH :q",
	"clients_fts CROSS JOIN invoices i ON i.client_id = clients_fts.rowid "
	    "WHERE clients_fts MATCH :qc",
	"invoices i WHERE i.number >= :num AND i.number < :num || "
	    "char(1114111)",
	"invoices i WHERE i.number >= :numu AND i.number < :numu || "
	    "char(1114111)",
	"invoices i WHERE i.number = :numx",
};

/* Each arm's columns (the sort key, then the id) and the compound's
 * order over them. */
static const char *const arm_cols[] = {
	[INVOICE_SORT_NEWEST] = "i.id AS id",
	[INVOICE_SORT_DUE] = "i.due_date AS k, i.id AS id",
	[INVOICE_SORT_AMOUNT] = "i.total_cents AS k, i.id AS id",
	[INVOICE_SORT_NUMBER] = "i.number AS k, i.id AS id",
};
static const char *const arm_order[] = {
	[INVOICE_SORT_NEWEST] = " ORDER BY 1 DESC",
	[INVOICE_SORT_DUE] = " ORDER BY 1, 2",
	[INVOICE_SORT_AMOUNT] = " ORDER BY 1 DESC, 2 DESC",
	[INVOICE_SORT_NUMBER] = " ORDER BY 1, 2",
};

static int
has_search(const struct invoice_filter *f)
{
	const char *s = f->search;

	return s != NULL && s[strspn(s, TEXT_SPACE)] != '\0';
}

static enum invoice_sort
sort_of(const struct invoice_filter *f)
{
	if ((int)f->sort < 0 || f->sort > INVOICE_SORT_NUMBER)
		return INVOICE_SORT_NEWEST;
	return f->sort;
}

/* The keyset inside a search's arms: the same comparisons, with unary +
 * so that no arm walks a sort index or a rowid range instead of its own
 * search index (an arm's matches are few; the table is not). */
static const char *const arm_after[] = {
	[INVOICE_SORT_NEWEST] = " AND +i.id < :after",
	[INVOICE_SORT_DUE] = " AND (+i.due_date, +i.id) > (SELECT k.due_date, "
	    "k.id FROM invoices k WHERE k.id = :after)",
	[INVOICE_SORT_AMOUNT] = " AND (+i.total_cents, +i.id) < (SELECT "
	    "k.total_cents, k.id FROM invoices k WHERE k.id = :after)",
	[INVOICE_SORT_NUMBER] = " AND (+i.number, +i.id) > (SELECT k.number, "
	    "k.id FROM invoices k WHERE k.id = :after)",
};

/* The filters and the keyset, on invoices aliased i; in a search's arms
 * (arm) none of them may pick the arm's index. */
static void
filter_sql(const struct invoice_filter *f, const struct filter *terms,
    enum invoice_sort sort, int arm, struct buf *sql)
{
	const char *plus = arm ? "+" : "";

	if (f->client_id != 0)
		buf_addf(sql, " AND %si.client_id = :client", plus);
	if (f->status != NULL)
		buf_addf(sql, " AND %si.status = :status", plus);
	if (f->overdue)
		buf_addf(sql, " AND %si.due_date < ?1 AND i.status NOT IN "
		    "('paid', 'cancelled')", plus);
	buf_add(sql, terms->where.s);
	if (f->after_id != 0)
		buf_add(sql, arm ? arm_after[sort] : sort_after[sort]);
}

static void
search_sql(const struct invoice_filter *f, const struct filter *terms,
    enum invoice_sort sort, struct buf *sql)
{
	buf_add(sql, "FROM (");
	for (size_t k = 0; k < sizeof arm_from / sizeof arm_from[0]; k++) {
		/* Newest first from FTS5: its rowid, so that it hands rows
		 * in that order (and seeks past :after) by itself. */
		int fts_rowid = k == 0 && sort == INVOICE_SORT_NEWEST;

		buf_addf(sql, "%sSELECT %s FROM %s", k ? " UNION " : "",
		    fts_rowid ? "invoices_fts.rowid AS id" : arm_cols[sort],
		    arm_from[k]);
		if (fts_rowid && f->after_id != 0)
			buf_add(sql, " AND invoices_fts.rowid < :after");
		filter_sql(f, terms, sort, 1, sql);
	}
	buf_add(sql, arm_order[sort]);
	buf_add(sql, " LIMIT :limit) m CROSS JOIN invoices i ON i.id = m.id "
	    INVOICE_JOINS);
}

static void
list_sql(const struct invoice_filter *f, const struct filter *terms,
    struct buf *sql)
{
	enum invoice_sort sort = sort_of(f);

	buf_reset(sql);
	buf_add(sql, INVOICE_SELECT);
	if (has_search(f)) {
		search_sql(f, terms, sort, sql);
		buf_add(sql, sort_order[sort]);
		return;
	}
	buf_add(sql, "FROM invoices i " INVOICE_JOINS "WHERE 1");
	filter_sql(f, terms, sort, 0, sql);
	buf_add(sql, sort_order[sort]);
	buf_add(sql, " LIMIT :limit");
}

void
invoice_list_sql(const struct invoice_filter *f, struct buf *sql)
{
	struct filter_query fq;
	struct invoice_filter g;
	struct err e = ERR_INIT;

	buf_reset(sql);
	if (filter_query_parse(&invoice_filter_table, f->terms, f->search, &fq,
	    &e) == TP_OK) {
		g = *f;
		g.search = fq.search;
		list_sql(&g, &fq.terms, sql);
	}
	filter_query_free(&fq);
}

static int
check_status(const char *status, struct err *e)
{
	for (int i = 0; invoice_statuses[i]; i++)
		if (strcmp(status, invoice_statuses[i]) == 0)
			return TP_OK;
	return err_set(e, TP_BADINPUT, "bad status '%s': expected one of "
	    "draft, sent, partial, paid, cancelled", status);
}

static int
check_filter(struct db *db, const struct invoice_filter *f, struct err *e)
{
	int64_t x;

	if (f->status != NULL && check_status(f->status, e) != TP_OK)
		return e->code;
	if ((int)f->sort < 0 || f->sort > INVOICE_SORT_NUMBER)
		return err_set(e, TP_BADINPUT, "bad sort: expected one of "
		    "newest, due, amount, number");
	if (f->limit < 0)
		return err_set(e, TP_BADINPUT, "bad limit %d", f->limit);
	if (f->client_id != 0 && must_exist(db, "SELECT id FROM clients "
	    "WHERE id = ?1", "client", f->client_id, &x, e) != TP_OK)
		return e->code;
	if (f->after_id != 0 && must_exist(db, "SELECT id FROM invoices "
	    "WHERE id = ?1", "invoice", f->after_id, &x, e) != TP_OK)
		return e->code;
	return TP_OK;
}

/* The search's bindings: the FTS5 queries of the subjects (the terms
 * they cover, terms.h) and of the client names (plain prefixes: a small
 * index), the number prefix as typed and in capitals (NULL when the
 * same), the padded number for digits. */
struct search_keys {
	struct buf q, qc, num, numu, numx;
};

static int
search_keys(struct db *db, const char *text, struct search_keys *k,
    struct err *e)
{
	const char *s = text + strspn(text, TEXT_SPACE), *end = s + strlen(s);
	int digits = 1, upper = 0;

	buf_init(&k->q);
	buf_init(&k->qc);
	buf_init(&k->num);
	buf_init(&k->numu);
	buf_init(&k->numx);
	if (terms_query(db, "invoices_fts", text, &k->q, NULL, e) != TP_OK)
		return e->code;
	text_fts_query(text, &k->qc);
	while (end > s && strchr(TEXT_SPACE, end[-1]) != NULL)
		end--;
	buf_addn(&k->num, s, (size_t)(end - s));
	for (const char *c = s; c < end; c++) {
		if (*c < '0' || *c > '9')
			digits = 0;
		if (*c >= 'a' && *c <= 'z')
			upper = 1;
		buf_addc(&k->numu, *c >= 'a' && *c <= 'z' ?
		    (char)(*c - 'a' + 'A') : *c);
	}
	if (!upper)
		buf_reset(&k->numu);
	if (digits && end - s <= 15)
		buf_addf(&k->numx, "%s%06lld", db->invoice_prefix,
		    strtoll(s, NULL, 10));
	return TP_OK;
}

static void
search_keys_free(struct search_keys *k)
{
	buf_free(&k->q);
	buf_free(&k->qc);
	buf_free(&k->num);
	buf_free(&k->numu);
	buf_free(&k->numx);
}

/* An empty search key binds NULL, as an absent one. */
static const char *
nz(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

int
invoice_list(struct db *db, const struct invoice_filter *f0,
    struct rows *out, struct err *e)
{
	char today[CLOCK_DATE_LEN];
	struct search_keys k;
	struct invoice_filter g;
	const struct invoice_filter *f = &g;
	struct filter_query fq;
	struct buf sql;
	sqlite3_stmt *st = NULL;
	int rc;

	if (check_filter(db, f0, e) != TP_OK)
		return e->code;
	clock_today(today);
	buf_init(&sql);
	memset(&k, 0, sizeof k);
	if (filter_query_parse(&invoice_filter_table, f0->terms, f0->search, &fq,
	    e) != TP_OK || filter_resolve(db, &fq.terms, e) != TP_OK) {
		rc = e->code;
		buf_free(&sql);
		filter_query_free(&fq);
		return rc;
	}
	g = *f0;
	g.search = fq.search;
	if (search_keys(db, has_search(f) ? f->search : "", &k, e) != TP_OK) {
		rc = e->code;
		goto out;
	}
	list_sql(f, &fq.terms, &sql);
	/* The text varies with the filter: prepared here, finalized below,
	 * not kept in the statement cache (keyed by constant texts). */
	if (sqlite3_prepare_v2(db->h, sql.s, -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(db, e, "listing invoices");
		goto out;
	}
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	db_bind_named_int(st, ":client", f->client_id);
	db_bind_named_text(st, ":status", nz(f->status));
	db_bind_named_int(st, ":after", f->after_id);
	db_bind_named_int(st, ":limit", f->limit > 0 ? f->limit : 100);
	db_bind_named_text(st, ":q", nz(k.q.s));
	db_bind_named_text(st, ":qc", nz(k.qc.s));
	db_bind_named_text(st, ":num", nz(k.num.s));
	db_bind_named_text(st, ":numu", nz(k.numu.s));
	db_bind_named_text(st, ":numx", nz(k.numx.s));
	filter_bind(st, &fq.terms);
	rc = rows_collect(db, st, out, e);
out:
	sqlite3_finalize(st);
	search_keys_free(&k);
	buf_free(&sql);
	filter_query_free(&fq);
	return rc;
}

int
invoice_get(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	static const char sql[] = INVOICE_COLS "WHERE i.id = ?2";
	char today[CLOCK_DATE_LEN];

	clock_today(today);
	if (rows_query(db, out, e, sql, "ti", today, id) != TP_OK)
		return e->code;
	if (out->n == 0)
		return err_set(e, TP_NOTFOUND, "invoice %lld not found",
		    (long long)id);
	return TP_OK;
}

int
invoice_items(struct db *db, int64_t id, struct rows *out, struct err *e)
{
	int64_t x;

	if (must_exist(db, "SELECT id FROM invoices WHERE id = ?1", "invoice",
	    id, &x, e) != TP_OK)
		return e->code;
	return rows_query(db, out, e,
	    "SELECT position, description, minutes, quantity, price_cents, "
	    "total_cents FROM invoice_items WHERE invoice_id = ?1 "
	    "ORDER BY position",
	    "i", id);
}

/* Changing status -------------------------------------------------------- */

struct inv {
	int64_t client_id;
	int64_t total;
	int64_t paid;
	int64_t npayments;
	char    status[16];
	char    number[64];
};

static int
load(struct db *db, int64_t id, struct inv *v, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, e,
	    "SELECT client_id, total_cents, status, number, " PAID_SQL ", "
	    "(SELECT count(*) FROM payments WHERE invoice_id = i.id) "
	    "FROM invoices i WHERE id = ?1", "i", id);
	if (st == NULL || (rc = db_step(db, st, e)) < 0)
		return e->code;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return err_set(e, TP_NOTFOUND, "invoice %lld not found",
		    (long long)id);
	}
	v->client_id = sqlite3_column_int64(st, 0);
	v->total = sqlite3_column_int64(st, 1);
	snprintf(v->status, sizeof v->status, "%s",
	    (const char *)sqlite3_column_text(st, 2));
	snprintf(v->number, sizeof v->number, "%s",
	    (const char *)sqlite3_column_text(st, 3));
	v->paid = sqlite3_column_int64(st, 4);
	v->npayments = sqlite3_column_int64(st, 5);
	sqlite3_reset(st);
	return TP_OK;
}

/* Set the status and emit the event that says so (payload {"status":..}). */
static int
set_status(struct db *db, int64_t id, const struct inv *v,
    enum event_kind kind, const char *status, struct err *e)
{
	char payload[48], line[128];
	struct event ev = { kind, "invoice", id, v->client_id, payload, line,
	    "update" };

	if (db_exec(db, e, "UPDATE invoices SET status = ?2, updated_at = ?3 "
	    "WHERE id = ?1", "iti", id, status, clock_now()) != TP_OK)
		return e->code;
	snprintf(payload, sizeof payload, "{\"status\":\"%s\"}", status);
	snprintf(line, sizeof line, "Invoice %s %s", v->number, status);
	return event_emit(db, &ev, e);
}

int
invoice_send_dates(struct db *db, int64_t id, char issue[CLOCK_DATE_LEN],
    char due[CLOCK_DATE_LEN], struct err *e)
{
	int64_t terms;
	int rc;

	rc = db_int(db, e, &terms, "SELECT c.net_terms_days FROM invoices i "
	    "JOIN clients c ON c.id = i.client_id WHERE i.id = ?1", "i", id);
	if (rc == TP_NOTFOUND)
		return err_set(e, TP_NOTFOUND, "invoice %lld not found",
		    (long long)id);
	if (rc != TP_OK)
		return rc;
	clock_today(issue);
	return clock_add_days(issue, (int)terms, due, e);
}

/* A draft is dated when it is sent, as an invoice on paper is: issued
 * today, due after the client's net terms.  The revenue report counts an
 * invoice in its issue month, so the month it leaves and the one it
 * joins are counted again. */
static int
redate(struct db *db, int64_t id, struct err *e)
{
	char issue[CLOCK_DATE_LEN], due[CLOCK_DATE_LEN], old[8];
	char *was = NULL;
	int rc;

	if (invoice_send_dates(db, id, issue, due, e) != TP_OK ||
	    db_text(db, e, &was, "SELECT substr(issue_date, 1, 7) FROM "
	    "invoices WHERE id = ?1", "i", id) != TP_OK)
		return e->code;
	snprintf(old, sizeof old, "%s", was ? was : "");
	free(was);
	if (db_exec(db, e, "UPDATE invoices SET issue_date = ?2, due_date = "
	    "?3, updated_at = ?4 WHERE id = ?1", "itti", id, issue, due,
	    clock_now()) != TP_OK)
		return e->code;
	if (strncmp(old, issue, 7) == 0)
		return TP_OK;
	issue[7] = '\0';
	if ((old[0] && (rc = report_update_month(db, old, e)) != TP_OK) ||
	    (rc = report_update_month(db, issue, e)) != TP_OK)
		return rc;
	return TP_OK;
}

static int
send_tx(struct db *db, int64_t id, int keep_dates, struct err *e)
{
	struct inv v;

	if (load(db, id, &v, e) != TP_OK)
		return e->code;
	if (strcmp(v.status, "draft") != 0)
		return err_set(e, TP_REFUSED, "invoice %lld is %s: only a "
		    "draft can be sent", (long long)id, v.status);
	if (!keep_dates && redate(db, id, e) != TP_OK)
		return e->code;
	if (set_status(db, id, &v, EV_INVOICE_SENT, "sent", e) != TP_OK)
		return e->code;
	/* A sent invoice counts in the balance. */
	return balance_recompute(db, v.client_id, e);
}

static int
cancel_tx(struct db *db, int64_t id, struct err *e)
{
	int64_t now = clock_now();
	struct inv v;

	if (load(db, id, &v, e) != TP_OK)
		return e->code;
	if (strcmp(v.status, "cancelled") == 0)
		return err_set(e, TP_REFUSED, "invoice %lld is already "
		    "cancelled", (long long)id);
	if (v.npayments > 0)
		return err_set(e, TP_REFUSED, "invoice %lld has payments: it "
		    "cannot be cancelled", (long long)id);
	if (set_status(db, id, &v, EV_INVOICE_CANCELLED, "cancelled", e)
	    != TP_OK)
		return e->code;
	/* What it billed can be billed again. */
	if (db_exec(db, e, "UPDATE time_entries SET invoice_id = NULL, "
	    "updated_at = ?2 WHERE invoice_id = ?1", "ii", id, now) != TP_OK ||
	    db_exec(db, e, "UPDATE project_expenses SET invoice_id = NULL "
	    "WHERE invoice_id = ?1", "i", id) != TP_OK)
		return e->code;
	return balance_recompute(db, v.client_id, e);
}

/* Whether invoice v (id) can take a payment at all: the rule for both
 * invoice_pay and invoice_check_payable. */
static int
payable(const struct inv *v, int64_t id, struct err *e)
{
	if (strcmp(v->status, "draft") == 0)
		return err_set(e, TP_REFUSED, "invoice %lld is a draft: send "
		    "it before taking a payment", (long long)id);
	if (strcmp(v->status, "sent") != 0 && strcmp(v->status, "partial") != 0)
		return err_set(e, TP_REFUSED, "invoice %lld is %s: it cannot "
		    "be paid", (long long)id, v->status);
	if (v->total - v->paid <= 0)
		return err_set(e, TP_REFUSED, "invoice %lld has nothing "
		    "outstanding", (long long)id);
	return TP_OK;
}

int
invoice_check_payable(struct db *db, int64_t id, struct err *e)
{
	struct inv v;

	if (load(db, id, &v, e) != TP_OK)
		return e->code;
	return payable(&v, id, e);
}

/* Whether amount (> 0) fits what invoice v (id) still owes: the rule for
 * both invoice_pay and invoice_check_payment. */
static int
amount_fits(const struct inv *v, int64_t id, int64_t amount, struct err *e)
{
	char want[MONEY_LEN], left[MONEY_LEN];
	int64_t outstanding = v->total - v->paid;

	if (amount <= outstanding)
		return TP_OK;
	money_format(amount, want);
	money_format(outstanding, left);
	return err_set(e, TP_REFUSED, "payment of %s is more than the %s "
	    "outstanding on invoice %lld", want, left, (long long)id);
}

int
invoice_check_payment(struct db *db, int64_t id, int64_t amount_cents,
    struct err *e)
{
	struct inv v;

	if (amount_cents == 0)
		return err_set(e, TP_BADINPUT, "bad amount 0.00: a payment "
		    "must be more than 0");
	if (load(db, id, &v, e) != TP_OK || payable(&v, id, e) != TP_OK)
		return e->code;
	return amount_cents < 0 ? TP_OK : amount_fits(&v, id, amount_cents, e);
}

static int
pay_tx(struct db *db, int64_t id, int64_t amount, const char *method,
    const char *reference, int64_t *payment_id, struct err *e)
{
	int64_t outstanding;
	struct inv v;
	int full;

	if (load(db, id, &v, e) != TP_OK || payable(&v, id, e) != TP_OK)
		return e->code;
	outstanding = v.total - v.paid;
	if (amount < 0)
		amount = outstanding;
	if (amount_fits(&v, id, amount, e) != TP_OK)
		return e->code;
	full = amount == outstanding;
	if (payment_record(db, v.client_id, id, amount, method, reference,
	    payment_id, e) != TP_OK)
		return e->code;
	if (full) {
		if (set_status(db, id, &v, EV_INVOICE_PAID, "paid", e) != TP_OK)
			return e->code;
	} else if (db_exec(db, e, "UPDATE invoices SET status = 'partial', "
	    "updated_at = ?2 WHERE id = ?1", "ii", id, clock_now()) != TP_OK) {
		return e->code;
	}
	return balance_recompute(db, v.client_id, e);
}

/* Run one of the *_tx functions above as a unit of work. */
#define UNIT_OF_WORK(db, e, call) do {                \
	if (db_begin((db), (e)) != TP_OK)             \
		return (e)->code;                     \
	if ((call) != TP_OK) {                        \
		db_rollback(db);                      \
		return (e)->code;                     \
	}                                             \
	return db_commit((db), (e));                  \
} while (0)

int
invoice_send(struct db *db, int64_t id, int keep_dates, struct err *e)
{
	UNIT_OF_WORK(db, e, send_tx(db, id, keep_dates, e));
}

int
invoice_cancel(struct db *db, int64_t id, struct err *e)
{
	UNIT_OF_WORK(db, e, cancel_tx(db, id, e));
}

int
invoice_pay(struct db *db, int64_t id, int64_t amount_cents,
    const char *method, const char *reference, int64_t *payment_id,
    struct err *e)
{
	if (amount_cents == 0)
		return err_set(e, TP_BADINPUT, "bad amount 0.00: a payment "
		    "must be more than 0");
	UNIT_OF_WORK(db, e, pay_tx(db, id, amount_cents, method, reference,
	    payment_id, e));
}
