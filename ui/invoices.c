/*
 * invoices.c - the invoices pane: status, due date, total, outstanding,
 * with an aging bar chart of unpaid invoices (current, 1-30, 31-60, 61-90,
 * 90+ days past due) above the list.  s sends a draft (invoice_send), P
 * records a payment (invoice_pay) and b bills the selected invoice's
 * client, each after a confirmation that shows the amount.  / searches number, subject and client name
 * (invoice_list's search); o orders by newest, due date, amount, number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/bgread.h"
#include "core/clock.h"
#include "core/money.h"
#include "service/invoice.h"
#include "service/payment.h"
#include "service/report.h"
#include "ui/billing.h"
#include "ui/view.h"

static const struct column cols[] = {
	{ "Number", 10, 0 }, { "Client", 14, 0 }, { "Status", 9, 0 },
	{ "Due", 10, 0 }, { "Total", 10, 1 }, { "Outstanding", 11, 1 },
	{ "Subject", 0, 0 },
};

/* Appended presets keep the index of the ones before (a view names
 * one by index); unpaid is status:unpaid, sent or partial. */
static const char *const presets[] = {
	"all", "overdue", "draft", "sent", "partial", "paid", "cancelled",
	"unpaid", NULL
};
#define PRESET_UNPAID 7

/* The pane's filter; f->search borrows v->search. */
static void
filter_of(const struct view *v, int64_t after, int limit,
    struct invoice_filter *f)
{
	memset(f, 0, sizeof *f);
	f->client_id = v->client_id;
	f->overdue = v->preset == 1;
	f->status = v->preset >= 2 && v->preset != PRESET_UNPAID ?
	    presets[v->preset] : NULL;
	f->terms = v->preset == PRESET_UNPAID ? "status:unpaid" : NULL;
	f->search = v->search[0] ? v->search : NULL;
	f->sort = (enum invoice_sort)v->sort;   /* sorts[] is invoice_sorts */
	f->after_id = after;
	f->limit = limit;
}

static int
fetch(struct ui *ui, struct view *v, int64_t after, int limit,
    struct rows *out, struct err *e)
{
	struct invoice_filter f;

	filter_of(v, after, limit, &f);
	return invoice_list(ui->db, &f, out, e);
}

/* A search read for the background reader (ui->bg): the filter as it is
 * now, with its own copy of the text (the view changes as one types). */
struct bg_list {
	struct invoice_filter f;
	char search[sizeof ((struct view *)0)->search];
};

static int
bg_run(struct db *db, const void *arg, struct rows *out, struct err *e)
{
	const struct bg_list *q = arg;

	return invoice_list(db, &q->f, out, e);
}

uint64_t
invoices_submit(struct ui *ui, struct view *v, int64_t after, int limit)
{
	struct bg_list *q = xcalloc(1, sizeof *q);

	filter_of(v, after, limit, &q->f);
	snprintf(q->search, sizeof q->search, "%s", v->search);
	q->f.search = q->search[0] ? q->search : NULL;
	return bgread_submit(ui->bg, bg_run, q, free);
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	(void)ui; (void)v;
	c->text[0] = rows_text(r, i, "number");
	c->text[1] = rows_text(r, i, "client_name");
	c->text[2] = rows_text(r, i, "status");
	c->text[3] = rows_text(r, i, "due_date");
	money_format(rows_int(r, i, "total_cents"), c->tmp[4]);
	c->text[4] = c->tmp[4];
	money_format(rows_int(r, i, "outstanding_cents"), c->tmp[5]);
	c->text[5] = c->tmp[5];
	c->text[6] = rows_text(r, i, "subject");
	if (rows_int(r, i, "overdue")) {
		c->marker = '!';
		c->role = R_OVERDUE;
	} else if (strcmp(c->text[2], "paid") == 0) {
		c->role = R_DIM;
	}
}

/* The aging chart: one bar per bucket, scaled to the largest amount; of
 * the client whose invoices the pane lists (from a dashboard), as the
 * list below it is. */
static int
panel(struct ui *ui, struct view *v, struct doc *d, struct err *e)
{
	struct rows r = { 0 };
	int64_t max = 0;
	char fig[64], m[MONEY_LEN];

	if (report_aging(ui->db, v->client_id, &r, e) != TP_OK)
		return e->code;
	for (size_t i = 0; i < r.n; i++)
		if (rows_int(&r, i, "outstanding_cents") > max)
			max = rows_int(&r, i, "outstanding_cents");
	doc_line(d, R_HEADER, "Aging of unpaid invoices (days past due)%s",
	    v->client_id > 0 ? ", this client's" : "");
	for (size_t i = 0; i < r.n; i++) {
		money_format(rows_int(&r, i, "outstanding_cents"), m);
		snprintf(fig, sizeof fig, "%12s  (%lld)", m,
		    (long long)rows_int(&r, i, "count"));
		doc_bar(d, rows_text(&r, i, "bucket"),
		    rows_int(&r, i, "outstanding_cents"), max, fig);
	}
	rows_free(&r);
	return TP_OK;
}

/* The payments on the invoice, oldest first: the total's "paid" is
 * their sum (completed ones), so each is shown with its status. */
static int
detail_payments(struct ui *ui, int64_t id, struct doc *d, struct err *e)
{
	struct rows p = { 0 };
	char day[CLOCK_DATE_LEN], m[MONEY_LEN];

	if (payment_list_invoice(ui->db, id, &p, e) != TP_OK)
		return e->code;
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Payments (%zu)", p.n);
	if (p.n == 0)
		doc_line(d, R_DIM, "  none");
	for (size_t i = 0; i < p.n; i++) {
		clock_date(rows_int(&p, i, "received_at"), day);
		money_format(rows_int(&p, i, "amount_cents"), m);
		doc_line(d, R_NORMAL, "  %s  %-8s  %10s  %-9s  %s", day,
		    rows_text(&p, i, "method"), m, rows_text(&p, i, "status"),
		    rows_isnull(&p, i, "reference") ? "-" :
		    rows_text(&p, i, "reference"));
	}
	rows_free(&p);
	return TP_OK;
}

static int
detail(struct ui *ui, struct view *v, int64_t id, struct doc *d,
    struct err *e)
{
	struct rows r = { 0 }, it = { 0 };
	char a[MONEY_LEN], b[MONEY_LEN], c[MONEY_LEN];

	(void)v;
	if (invoice_get(ui->db, id, &r, e) != TP_OK)
		return e->code;
	doc_line(d, rows_int(&r, 0, "overdue") ? R_CRITICAL : R_HEADER,
	    "Invoice %s [%s]%s", rows_text(&r, 0, "number"),
	    rows_text(&r, 0, "status"), rows_int(&r, 0, "overdue") ?
	    "  ! OVERDUE" : "");
	doc_field(d, "Client", rows_text(&r, 0, "client_name"));
	doc_field(d, "Subject", rows_text(&r, 0, "subject"));
	doc_field(d, "Project", rows_text(&r, 0, "project_name"));
	doc_field(d, "Issued", rows_text(&r, 0, "issue_date"));
	doc_field(d, "Due", rows_text(&r, 0, "due_date"));
	money_format(rows_int(&r, 0, "total_cents"), a);
	money_format(rows_int(&r, 0, "paid_cents"), b);
	money_format(rows_int(&r, 0, "outstanding_cents"), c);
	doc_line(d, R_LABEL, "%-14s %s %s, paid %s, outstanding %s", "Total", a,
	    rows_text(&r, 0, "currency"), b, c);
	rows_free(&r);
	if (invoice_items(ui->db, id, &it, e) != TP_OK)
		return e->code;
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Lines (%zu)", it.n);
	for (size_t i = 0; i < it.n; i++) {
		struct buf l;

		/* a labor line as 4:46 h: the line multiplies as shown */
		money_qty_format(rows_isnull(&it, i, "minutes") ? -1 :
		    rows_int(&it, i, "minutes"), rows_int(&it, i, "quantity"),
		    c);
		money_format(rows_int(&it, i, "price_cents"), a);
		money_format(rows_int(&it, i, "total_cents"), b);
		buf_init(&l);
		buf_addf(&l, "  %9s x %10s = %10s  %s", c, a, b,
		    rows_text(&it, i, "description"));
		doc_line(d, R_NORMAL, "%s", l.s);
		buf_free(&l);
	}
	rows_free(&it);
	if (detail_payments(ui, id, d, e) != TP_OK)
		return e->code;
	doc_line(d, R_DIM, "s sends a draft, P records a payment");
	return TP_OK;
}

static int
act(struct ui *ui, struct view *v, enum action a)
{
	size_t idx;
	const struct rows *r;

	switch (a) {
	case A_PAY:
		if (ui_selected(ui, v) == 0)
			ui_msg(ui, 1, "no invoice selected");
		else
			billing_pay(ui, ui_selected(ui, v));
		return 0;
	case A_SEND:
		if (ui_selected(ui, v) == 0)
			ui_msg(ui, 1, "no invoice selected");
		else
			billing_send(ui, ui_selected(ui, v));
		return 0;
	case A_BILL:
		r = ui_selected_row(ui, v, &idx);
		if (r == NULL && v->client_id == 0)
			ui_msg(ui, 1, "no invoice selected");
		else
			billing_bill_client(ui, v->client_id ? v->client_id :
			    rows_int(r, idx, "client_id"));
		return 0;
	default:
		return -1;
	}
}

static const enum action own[] = { A_OPEN, A_SEND, A_PAY, A_BILL, A_NONE };
static const enum action hints[] = { A_SEND, A_PAY, A_BILL, A_FILTER,
    A_NONE };

/* The markers cells() sets. */
static const char *const legend[] = { "! overdue", NULL };

const struct view_ops invoices_ops = {
	"Invoices", legend, cols, 7, presets, invoice_sorts,
	fetch, cells, detail, act, own, hints, panel, 0
};
