/* cli_invoice.c - the 'invoice', 'payment' and 'report' commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/clock.h"
#include "core/money.h"
#include "service/filter.h"
#include "service/invoice.h"
#include "service/payment.h"
#include "service/report.h"

/* Output ------------------------------------------------------------------- */

/* The invoice as one JSON object with its lines under "items" (cli.md:
 * bill-* return the created object with items and total_cents). */
static int
print_invoice_json(struct app *app, const struct rows *inv,
    const struct rows *items, const struct rows *payments, struct err *e)
{
	static const char *const names[] = { "items", "payments" };
	const struct rows *const lists[] = { items, payments };

	return cli_print_nested(app, inv, 0, 2, names, lists, NULL, e);
}

/* Text for people shows a line's quantity so that the line multiplies as
 * shown: a labor line's minutes as 4:46 h, any other quantity (hundredths)
 * as 1.50 (money_qty_format). */
static void
quantity_as_hours(struct rows *items)
{
	int col = rows_col(items, "quantity");
	char tmp[MONEY_LEN];

	for (size_t i = 0; col >= 0 && i < items->n; i++) {
		struct cell *c = &items->cells[i * (size_t)items->ncol +
		    (size_t)col];
		int64_t minutes = rows_col(items, "minutes") >= 0 &&
		    !rows_isnull(items, i, "minutes") ?
		    rows_int(items, i, "minutes") : -1;

		if (c->type != CELL_INT)
			continue;
		money_qty_format(minutes, c->i, tmp);
		free(c->s);
		c->s = xstrdup(tmp);
	}
}

/* The invoice: with --json the object with items and payments;
 * otherwise, when `full`, its fields, lines and payments (or "payments:
 * none"), else just "invoice N". */
static int
print_invoice(struct app *app, int64_t id, int full, struct err *e)
{
	static const char *const item_cols[] = {
		"position", "description", "quantity", "price_cents",
		"total_cents", NULL
	};
	static const char *const pay_cols[] = {
		"received_at", "method", "reference", "amount_cents", "status",
		NULL
	};
	struct rows inv = { 0 }, items = { 0 }, pays = { 0 };
	int rc;

	rc = invoice_get(app->db, id, &inv, e);
	if (rc == TP_OK)
		rc = invoice_items(app->db, id, &items, e);
	if (rc == TP_OK)
		rc = payment_list_invoice(app->db, id, &pays, e);
	if (rc == TP_OK && app->json) {
		rc = print_invoice_json(app, &inv, &items, &pays, e);
	} else if (rc == TP_OK && full) {
		quantity_as_hours(&items);
		rc = cli_print_record(app, &inv, 0, e);
		if (rc == TP_OK) {
			fputc('\n', app->out);
			rc = cli_print_list(app, &items, item_cols, e);
		}
		if (rc == TP_OK && pays.n == 0)
			fputs("\npayments: none\n", app->out);
		else if (rc == TP_OK) {
			fputs("\npayments:\n", app->out);
			rc = cli_print_list(app, &pays, pay_cols, e);
		}
	} else if (rc == TP_OK) {
		fprintf(app->out, "invoice %lld\n", (long long)id);
	}
	rows_free(&inv);
	rows_free(&items);
	rows_free(&pays);
	return rc;
}

static int
print_payment(struct app *app, int64_t id, struct err *e)
{
	struct rows r = { 0 };
	int rc;

	if (!app->json) {
		fprintf(app->out, "payment %lld\n", (long long)id);
		return TP_OK;
	}
	rc = payment_get(app->db, id, &r, e);
	if (rc == TP_OK)
		rc = cli_print_record(app, &r, 0, e);
	rows_free(&r);
	return rc;
}

/* A status change: "invoice 7 sent", or the invoice object with --json. */
static int
print_changed(struct app *app, int64_t id, const char *what, struct err *e)
{
	if (app->json)
		return print_invoice(app, id, 1, e);
	fprintf(app->out, "invoice %lld %s\n", (long long)id, what);
	return TP_OK;
}

/* Shared argument parsing -------------------------------------------------- */

static int
opt_method(const struct cli_args *a, const char **method, struct err *e)
{
	*method = cli_opt(a, "method");
	if (*method != NULL && cli_parse_enum(*method, "method",
	    payment_methods, e) != TP_OK)
		return e->code;
	return TP_OK;
}

/* invoice ------------------------------------------------------------------ */

/* --dry-run: what the bill would be, nothing written.  With --json the
 * preview's summary with its lines under "items"; for people the summary
 * and the lines, quantity in hours.  Nothing to bill fails as the bill
 * would. */
static int
print_preview(struct app *app, struct invoice_preview *p, struct err *e)
{
	static const char *const names[] = { "items" };
	static const char *const item_cols[] = {
		"position", "description", "quantity", "price_cents",
		"total_cents", NULL
	};
	static const char *const *const cols[] = { item_cols };
	const struct rows *const lists[] = { &p->items };

	if (invoice_preview_check(p, e) != TP_OK)
		return e->code;
	if (!app->json) {
		quantity_as_hours(&p->items);
		fputs("dry run: nothing billed\n", app->out);
	}
	return cli_print_nested(app, &p->summary, 0, 1, names, lists, cols, e);
}

/* The tickets named that get no line, each on stderr with why: billing
 * skips them (it refuses only when nothing at all is billable), and a
 * technician who named them should not have to count the lines. */
static void
note_skipped(const int64_t *named, size_t n, const struct invoice_preview *p)
{
	for (size_t i = 0; i < n; i++) {
		int billed = 0, again = 0;

		for (size_t k = 0; k < p->nticket_ids && !billed; k++)
			billed = p->ticket_ids[k] == named[i];
		for (size_t k = 0; k < i && !again; k++)
			again = named[k] == named[i];
		if (!billed && !again)
			cli_error("skipped ticket %lld: no billable uninvoiced "
			    "time", (long long)named[i]);
	}
}

static int
cmd_bill_tickets(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t client, tickets[CLI_MAX_POS], id;
	size_t n = 0;
	struct invoice_preview p;
	int rc;

	if (cli_parse_id(a->pos[0], "client id", &client, e) != TP_OK)
		return e->code;
	for (int i = 1; i < a->npos; i++)
		if (cli_parse_id(a->pos[i], "ticket id", &tickets[n++], e)
		    != TP_OK)
			return e->code;
	if (app_db(app, e) != TP_OK)
		return e->code;
	/* The bill is the preview billed (invoice_bill_preview), so the
	 * tickets named as skipped are exactly those it leaves out. */
	rc = invoice_preview_tickets(app->db, client, tickets, n, &p, e);
	if (rc == TP_OK && p.nlines > 0)
		note_skipped(tickets, n, &p);
	if (rc == TP_OK && cli_flag(a, "dry-run"))
		rc = print_preview(app, &p, e);
	else if (rc == TP_OK && invoice_bill_preview(app->db, &p, &id, e)
	    == TP_OK)
		rc = print_invoice(app, id, 0, e);
	else if (rc == TP_OK)
		rc = e->code;
	invoice_preview_free(&p);
	return rc;
}

static int
cmd_bill_project(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t project, id;

	if (cli_parse_id(a->pos[0], "project id", &project, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK)
		return e->code;
	if (cli_flag(a, "dry-run")) {
		struct invoice_preview p;
		int rc = invoice_preview_project(app->db, project, &p, e);

		if (rc == TP_OK)
			rc = print_preview(app, &p, e);
		invoice_preview_free(&p);
		return rc;
	}
	if (invoice_bill_project(app->db, project, &id, e) != TP_OK)
		return e->code;
	return print_invoice(app, id, 0, e);
}

static int
cmd_list(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "number", "client_name", "subject", "status",
		"issue_date", "due_date", "total_cents", "outstanding_cents",
		NULL
	};
	struct invoice_filter f = { 0 };
	struct rows r = { 0 };
	struct buf terms;
	int sort = 0, rc;
	const struct cli_opt_value opts[] = {
		{ "client", CLI_ID, "client id", NULL, 0, 0, &f.client_id },
		{ "status", CLI_CHOICE, "status", invoice_statuses, 0, 0,
		  &f.status },
		{ "search", CLI_SEARCH, "--search", NULL, 0, 0, &f.search },
		{ "sort", CLI_INDEX, "sort", invoice_sorts, 0, 0, &sort },
		{ "limit", CLI_INT, "--limit", NULL, 1, 100000, &f.limit },
		{ "after", CLI_ID, "--after", NULL, 0, 0, &f.after_id },
	};

	f.overdue = cli_flag(a, "overdue");
	if (cli_parse_opts(a, opts, sizeof opts / sizeof opts[0], e) != TP_OK ||
	    app_db(app, e) != TP_OK)
		return e->code;
	f.sort = (enum invoice_sort)sort;
	buf_init(&terms);
	filter_join_words(a->pos, a->npos, &terms);
	f.terms = terms.s;
	rc = invoice_list(app->db, &f, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	buf_free(&terms);
	return rc;
}

static int
cmd_show(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id;

	if (cli_parse_id(a->pos[0], "invoice id", &id, e) != TP_OK ||
	    app_db(app, e) != TP_OK)
		return e->code;
	return print_invoice(app, id, 1, e);
}

static int
cmd_send(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id;

	if (cli_parse_id(a->pos[0], "invoice id", &id, e) != TP_OK ||
	    app_db(app, e) != TP_OK || invoice_send(app->db, id,
	    cli_flag(a, "keep-dates"), e) != TP_OK)
		return e->code;
	return print_changed(app, id, "sent", e);
}

static int
cmd_cancel(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id;

	if (cli_parse_id(a->pos[0], "invoice id", &id, e) != TP_OK ||
	    app_db(app, e) != TP_OK || invoice_cancel(app->db, id, e) != TP_OK)
		return e->code;
	return print_changed(app, id, "cancelled", e);
}

static int
cmd_pay(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t id, amount = -1, pid;
	const char *method;

	if (cli_parse_id(a->pos[0], "invoice id", &id, e) != TP_OK)
		return e->code;
	if (cli_opt(a, "amount") != NULL && cli_parse_money(cli_opt(a,
	    "amount"), "--amount", &amount, e) != TP_OK)
		return e->code;
	if (opt_method(a, &method, e) != TP_OK || app_db(app, e) != TP_OK ||
	    invoice_pay(app->db, id, amount, method, cli_opt(a, "reference"),
	    &pid, e) != TP_OK)
		return e->code;
	return print_payment(app, pid, e);
}

/* payment ------------------------------------------------------------------ */

static int
cmd_payment_add(struct app *app, const struct cli_args *a, struct err *e)
{
	int64_t client, amount, id;
	const char *method;

	if (cli_parse_id(a->pos[0], "client id", &client, e) != TP_OK ||
	    cli_parse_money(a->pos[1], "amount", &amount, e) != TP_OK ||
	    opt_method(a, &method, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK ||
	    payment_on_account(app->db, client, amount, method,
	    cli_opt(a, "reference"), &id, e) != TP_OK)
		return e->code;
	return print_payment(app, id, e);
}

static int
cmd_payment_list(struct app *app, const struct cli_args *a, struct err *e)
{
	static const char *const cols[] = {
		"id", "client_name", "invoice_number", "amount_cents", "method",
		"reference", "status", "received_at", NULL
	};
	struct rows r = { 0 };
	int64_t client = 0, after = 0;
	int limit = 0, rc;

	const struct cli_opt_value opts[] = {
		{ "client", CLI_ID, "client id", NULL, 0, 0, &client },
		{ "limit", CLI_INT, "--limit", NULL, 1, 100000, &limit },
		{ "after", CLI_ID, "--after", NULL, 0, 0, &after },
	};

	if (cli_parse_opts(a, opts, sizeof opts / sizeof opts[0], e) != TP_OK ||
	    app_db(app, e) != TP_OK)
		return e->code;
	rc = payment_list(app->db, client, after, limit, &r, e);
	if (rc == TP_OK)
		rc = cli_print_list(app, &r, cols, e);
	rows_free(&r);
	return rc;
}

/* report ------------------------------------------------------------------- */

static int
print_report(struct app *app, int rc, struct rows *r, struct err *e)
{
	if (rc == TP_OK)
		rc = cli_print_list(app, r, NULL, e);
	rows_free(r);
	return rc;
}

static int
cmd_report_aging(struct app *app, const struct cli_args *a, struct err *e)
{
	struct rows r = { 0 };

	(void)a;
	if (app_db(app, e) != TP_OK)
		return e->code;
	return print_report(app, report_aging(app->db, 0, &r, e), &r, e);
}

static int
cmd_report_revenue(struct app *app, const struct cli_args *a, struct err *e)
{
	struct rows r = { 0 };
	int64_t year = 0;

	if (cli_opt(a, "year") != NULL && cli_parse_int(cli_opt(a, "year"),
	    "--year", 1, 9999, &year, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK)
		return e->code;
	return print_report(app, report_revenue(app->db, (int)year, &r, e), &r,
	    e);
}

static int
cmd_report_time(struct app *app, const struct cli_args *a, struct err *e)
{
	struct rows r = { 0 };
	const char *month = cli_opt(a, "month");

	char day[16];

	/* Validated before the database is touched. */
	snprintf(day, sizeof day, "%.7s-01", month ? month : "");
	if (month != NULL && (strlen(month) != 7 ||
	    clock_check_date(day, NULL) != TP_OK))
		return err_set(e, TP_BADINPUT, "bad month '%s': expected "
		    "YYYY-MM", month);
	if (app_db(app, e) != TP_OK)
		return e->code;
	return print_report(app, report_time(app->db, month, &r, e), &r, e);
}

const struct cli_cmd cli_invoice_cmds[] = {
	{ "invoice bill-tickets", "CLIENT TICKET... [--dry-run]",
	  "bill tickets' uninvoiced time on a new draft invoice (--dry-run: "
	  "show it, bill nothing)", "dry-run",
	  2, -1, cmd_bill_tickets },
	{ "invoice bill-project", "PROJECT [--dry-run]",
	  "bill a project's uninvoiced time and expenses (--dry-run: show "
	  "it, bill nothing)", "dry-run",
	  1, 1, cmd_bill_project },
	{ "invoice list", "[TERM|WORD...] [--client ID] [--status S] [--overdue] "
	  "[--search Q] [--sort newest|due|amount|number] [--limit N] "
	  "[--after ID]",
	  "list invoices (newest first, or by --sort); --search matches the "
	  "number, subject or client.  Words are filter terms (status:sent,"
	  "overdue client:ID|NAME total:>500.00 due:<7d issued:>2026-01-01; "
	  "-TERM negates) or full text (termpsa(1) FILTERS)",
	  "client=,status=,overdue,search=,sort=,limit=,after=",
	  0, -1, cmd_list },
	{ "invoice show", "ID", "an invoice with its lines and payments", "",
	  1, 1, cmd_show },
	{ "invoice send", "ID [--keep-dates]",
	  "send a draft invoice (draft -> sent), dated today and due after "
	  "the client's net terms (--keep-dates: keep the draft's dates)",
	  "keep-dates", 1, 1, cmd_send },
	{ "invoice pay", "ID [--amount A] [--method M] [--reference R]",
	  "record a payment (default: all outstanding)",
	  "amount=,method=,reference=", 1, 1, cmd_pay },
	{ "invoice cancel", "ID",
	  "cancel an unpaid invoice; its time can be billed again", "",
	  1, 1, cmd_cancel },
	{ "payment add", "CLIENT AMOUNT [--method M] [--reference R]",
	  "record a payment on account", "method=,reference=", 2, 2,
	  cmd_payment_add },
	{ "payment list", "[--client ID] [--limit N] [--after ID]",
	  "list payments, newest received first", "client=,limit=,after=", 0, 0,
	  cmd_payment_list },
	{ "report aging", "", "unpaid invoices by days past due", "", 0, 0,
	  cmd_report_aging },
	{ "report revenue", "[--year YYYY]",
	  "invoiced and paid per month (kept by the report job)", "year=",
	  0, 0, cmd_report_revenue },
	{ "report time", "[--month YYYY-MM]", "time worked per user in a month",
	  "month=", 0, 0, cmd_report_time },
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};
