/* billing.c - see billing.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "service/invoice.h"
#include "service/payment.h"
#include "ui/billing.h"
#include "ui/widgets.h"

/* The confirmation shows what invoice_preview_tickets says the bill will
 * be, and invoice_bill_preview bills exactly that or nothing. */
void
billing_bill_client(struct ui *ui, int64_t client_id)
{
	struct invoice_preview p;
	struct err e = ERR_INIT;
	int64_t invoice = 0;
	char amount[MONEY_LEN], q[400];
	const char *name;

	if (invoice_preview_tickets(ui->db, client_id, NULL, 0, &p, &e)
	    != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	name = rows_text(&p.summary, 0, "client_name");
	if (p.nlines == 0) {
		ui_msg(ui, 1, "%s: nothing to bill", name);
		invoice_preview_free(&p);
		return;
	}
	money_format(p.total_cents, amount);
	/* The amount first: it must fit in 80 columns. */
	snprintf(q, sizeof q,
	    "Bill %s %s for %zu ticket%s (%lld min) to %.20s?", amount, rows_text(&p.summary, 0, "currency"), p.nlines,
	    p.nlines == 1 ? "" : "s", (long long)p.minutes, name);
	if (!w_confirm(ui, q))
		ui_msg(ui, 0, "not billed");
	else if (invoice_bill_preview(ui->db, &p, &invoice, &e) != TP_OK)
		ui_err(ui, &e);
	else {
		struct rows inv = { 0 };

		if (invoice_get(ui->db, invoice, &inv, &e) == TP_OK) {
			money_format(rows_int(&inv, 0, "total_cents"), amount);
			ui_msg(ui, 0, "invoice %s created: %s",
			    rows_text(&inv, 0, "number"), amount);
		}
		rows_free(&inv);
		ui_changed(ui);
	}
	invoice_preview_free(&p);
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

	/* A draft or a paid invoice is refused before amount and method
	 * are asked for, not after. */
	if (invoice_check_payable(ui->db, invoice_id, &e) != TP_OK ||
	    invoice_get(ui->db, invoice_id, &r, &e) != TP_OK) {
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

/* draft -> sent after a question naming the invoice, its client and its
 * total: sending is what puts it in the client's balance. */
void
billing_send(struct ui *ui, int64_t invoice_id)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	char total[MONEY_LEN], q[300];

	if (invoice_get(ui->db, invoice_id, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	if (strcmp(rows_text(&r, 0, "status"), "draft") != 0) {
		ui_msg(ui, 1, "%s is %s: only a draft can be sent",
		    rows_text(&r, 0, "number"), rows_text(&r, 0, "status"));
		rows_free(&r);
		return;
	}
	money_format(rows_int(&r, 0, "total_cents"), total);
	snprintf(q, sizeof q, "Send %.40s to %.60s (%s %s)?",
	    rows_text(&r, 0, "number"), rows_text(&r, 0, "client_name"),
	    total, rows_text(&r, 0, "currency"));
	if (!w_confirm(ui, q))
		ui_msg(ui, 0, "not sent");
	else if (invoice_send(ui->db, invoice_id, &e) != TP_OK)
		ui_err(ui, &e);
	else
		ui_msg(ui, 0, "%s sent", rows_text(&r, 0, "number"));
	rows_free(&r);
	ui_changed(ui);
}
