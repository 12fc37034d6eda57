/* billing.c - see billing.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billing.h"
#include "client.h"
#include "invoice.h"
#include "money.h"
#include "payment.h"
#include "ticket.h"
#include "timeentry.h"
#include "widgets.h"

struct unbilled {
	int64_t *ids;
	size_t   n, cap;
	int64_t  cents;
	int64_t  minutes;
};

/* The billable, uninvoiced minutes of one ticket (time_list pages). */
static int
ticket_minutes(struct ui *ui, int64_t ticket, int64_t *minutes,
    struct err *e)
{
	struct time_filter f;
	struct rows r = { 0 };

	memset(&f, 0, sizeof f);
	f.ticket_id = ticket;
	f.uninvoiced = 1;
	f.limit = 1000;
	*minutes = 0;
	if (time_list(ui->db, &f, &r, e) != TP_OK)
		return e->code;
	for (size_t i = 0; i < r.n; i++)
		if (rows_int(&r, i, "billable") &&
		    !rows_isnull(&r, i, "minutes"))
			*minutes += rows_int(&r, i, "minutes");
	rows_free(&r);
	return TP_OK;
}

/* Walk the client's tickets (keyset pages) and price what bill-tickets
 * would invoice: one line per ticket by the labor rule. */
static int
collect(struct ui *ui, int64_t client_id, int64_t rate, struct unbilled *u,
    struct err *e)
{
	struct ticket_filter f;
	struct rows r = { 0 };
	int64_t after = 0, m;

	memset(&f, 0, sizeof f);
	f.client_id = client_id;
	f.statuses = 0x3f;
	f.limit = 500;
	for (;;) {
		f.after_id = after;
		if (ticket_list(ui->db, &f, &r, e) != TP_OK)
			return e->code;
		for (size_t i = 0; i < r.n; i++) {
			int64_t id = rows_int(&r, i, "id");

			if (ticket_minutes(ui, id, &m, e) != TP_OK) {
				rows_free(&r);
				return e->code;
			}
			if (m <= 0)
				continue;
			if (u->n == u->cap) {
				u->cap = u->cap ? u->cap * 2 : 16;
				u->ids = xrealloc(u->ids,
				    u->cap * sizeof *u->ids);
			}
			u->ids[u->n++] = id;
			u->minutes += m;
			u->cents += money_labor(m, rate);
		}
		if (r.n < (size_t)f.limit) {
			rows_free(&r);
			return TP_OK;
		}
		after = rows_int(&r, r.n - 1, "id");
		rows_free(&r);
	}
}

void
billing_bill_client(struct ui *ui, int64_t client_id)
{
	struct rows c = { 0 };
	struct err e = ERR_INIT;
	struct unbilled u = { NULL, 0, 0, 0, 0 };
	int64_t rate, invoice = 0;
	char amount[MONEY_LEN], q[400];

	if (client_get(ui->db, client_id, &c, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	rate = rows_isnull(&c, 0, "hourly_rate_cents") ?
	    ui->db->default_rate_cents : rows_int(&c, 0, "hourly_rate_cents");
	if (collect(ui, client_id, rate, &u, &e) != TP_OK) {
		ui_err(ui, &e);
	} else if (u.n == 0) {
		ui_msg(ui, 1, "%s: nothing to bill", rows_text(&c, 0, "name"));
	} else {
		money_format(u.cents, amount);
		/* The amount first: it must fit in 80 columns. */
		snprintf(q, sizeof q, "Bill %s %s for %zu ticket%s (%lld min) "
		    "to %.20s?", amount, rows_text(&c, 0, "currency"), u.n,
		    u.n == 1 ? "" : "s", (long long)u.minutes,
		    rows_text(&c, 0, "name"));
		if (!w_confirm(ui, q))
			ui_msg(ui, 0, "not billed");
		else if (invoice_bill_tickets(ui->db, client_id, u.ids, u.n,
		    &invoice, &e) != TP_OK)
			ui_err(ui, &e);
		else {
			struct rows inv = { 0 };

			if (invoice_get(ui->db, invoice, &inv, &e) == TP_OK) {
				money_format(rows_int(&inv, 0, "total_cents"),
				    amount);
				ui_msg(ui, 0, "invoice %s created: %s",
				    rows_text(&inv, 0, "number"), amount);
			}
			rows_free(&inv);
			ui_changed(ui);
		}
	}
	free(u.ids);
	rows_free(&c);
}

void
billing_pay(struct ui *ui, int64_t invoice_id)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	struct buf amount;
	int64_t cents, outstanding, pay_id;
	char out_s[MONEY_LEN], pay_s[MONEY_LEN], q[400];
	size_t nm = 0;
	int m;

	if (invoice_get(ui->db, invoice_id, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	outstanding = rows_int(&r, 0, "outstanding_cents");
	money_format(outstanding, out_s);
	buf_init(&amount);
	snprintf(q, sizeof q, "Payment on %.40s (outstanding %s): ",
	    rows_text(&r, 0, "number"), out_s);
	if (!w_prompt(ui, q, out_s, 0, &amount))
		goto done;
	if (money_parse(amount.s, 0, &cents, &e) != TP_OK) {
		ui_err(ui, &e);
		goto done;
	}
	while (payment_methods[nm])
		nm++;
	m = w_pick(ui, "Method", payment_methods, nm, (int)nm - 1);
	if (m < 0)
		goto done;
	money_format(cents, pay_s);
	snprintf(q, sizeof q, "Pay %s %s by %s on %.20s (outstanding %s)?",
	    pay_s, rows_text(&r, 0, "currency"), payment_methods[m],
	    rows_text(&r, 0, "number"), out_s);
	if (!w_confirm(ui, q)) {
		ui_msg(ui, 0, "no payment recorded");
		goto done;
	}
	if (invoice_pay(ui->db, invoice_id, cents, payment_methods[m], NULL,
	    &pay_id, &e) != TP_OK)
		ui_err(ui, &e);
	else
		ui_msg(ui, 0, "payment of %s recorded on %s", pay_s,
		    rows_text(&r, 0, "number"));
	ui_changed(ui);
done:
	buf_free(&amount);
	rows_free(&r);
}
