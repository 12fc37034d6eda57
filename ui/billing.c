/* billing.c - see billing.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "service/invoice.h"
#include "service/payment.h"
#include "service/ticket.h"
#include "ui/billing.h"
#include "ui/widgets.h"

/* "#12 30m, #14 5m" for the preview's lines, as many as fit in room
 * columns, then "+N more": the question names what it bills. */
static void
bill_list(struct ui *ui, const struct invoice_preview *p, size_t room,
    struct buf *out)
{
	size_t shown = 0;

	for (size_t i = 0; i < p->items.n; i++) {
		struct rows t = { 0 };
		struct err e = ERR_INIT;
		char one[64];
		int64_t id = rows_int(&p->items, i, "ticket_id");
		int64_t number = id;

		if (rows_isnull(&p->items, i, "ticket_id"))
			continue;
		if (ticket_get(ui->db, id, &t, &e) == TP_OK)
			number = rows_int(&t, 0, "number");
		rows_free(&t);
		snprintf(one, sizeof one, "%s#%lld %lldm", shown ? ", " : "",
		    (long long)number,
		    (long long)rows_int(&p->items, i, "minutes"));
		/* the last one fits in room; any other keeps room for
		 * ", +N more" after it */
		if (shown > 0 && out->len + strlen(one) +
		    (i + 1 < p->items.n ? 10 : 0) > room) {
			buf_addf(out, ", +%zu more", p->nlines - shown);
			return;
		}
		buf_add(out, one);
		shown++;
	}
}

/* The confirmation shows what invoice_preview_tickets says the bill will
 * be, ticket by ticket, and invoice_bill_preview bills exactly that or
 * nothing. */
void
billing_bill_tickets(struct ui *ui, int64_t client_id, const int64_t *ids,
    size_t n)
{
	struct invoice_preview p;
	struct err e = ERR_INIT;
	int64_t invoice = 0;
	char amount[MONEY_LEN], head[200], tail[120];
	const char *name;
	struct buf q, list;
	/* w_confirm wraps: up to three lines name the tickets. */
	size_t width = COLS > 20 ? 3 * ((size_t)COLS - 1) - 8 : 12;

	if (invoice_preview_tickets(ui->db, client_id, ids, n, &p, &e)
	    != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	name = rows_text(&p.summary, 0, "client_name");
	if (p.nlines == 0) {
		ui_msg(ui, 1, "%s: nothing to bill%s", name, n > 0 ?
		    " on the marked tickets" : "");
		invoice_preview_free(&p);
		return;
	}
	money_format(p.total_cents, amount);
	/* The amount first, then the tickets, then [y/N]. */
	snprintf(head, sizeof head, "Bill %s %s to %.20s: ", amount,
	    rows_text(&p.summary, 0, "currency"), name);
	snprintf(tail, sizeof tail, " (%zu %s, %lld min)?", p.nlines,
	    n > 0 ? "marked" : p.nlines == 1 ? "ticket" : "tickets",
	    (long long)p.minutes);
	buf_init(&q);
	buf_init(&list);
	bill_list(ui, &p, width > strlen(head) + strlen(tail) ?
	    width - strlen(head) - strlen(tail) : 1, &list);
	buf_addf(&q, "%s%s%s", head, list.s, tail);
	if (!w_confirm(ui, q.s))
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
		if (n > 0)
			list_clear_marks(&ui_view(ui)->list);
		ui_changed(ui);
	}
	buf_free(&list);
	buf_free(&q);
	invoice_preview_free(&p);
}

void
billing_bill_client(struct ui *ui, int64_t client_id)
{
	billing_bill_tickets(ui, client_id, NULL, 0);
}

void
billing_pay(struct ui *ui, int64_t invoice_id)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	struct buf amount, ref;
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
	buf_init(&ref);
	snprintf(q, sizeof q, "Payment on %.40s (outstanding %s): ",
	    rows_text(&r, 0, "number"), out_s);
	if (!w_prompt(ui, q, out_s, 0, &amount))
		goto done;
	/* Too much (or nothing) is refused here, with what is outstanding,
	 * before the method and the confirmation are asked for. */
	if (money_parse(amount.s, 0, &cents, &e) != TP_OK ||
	    invoice_check_payment(ui->db, invoice_id, cents, &e) != TP_OK) {
		ui_err(ui, &e);
		goto done;
	}
	while (payment_methods[nm])
		nm++;
	money_format(cents, pay_s);
	/* The picker's title carries the flow's context: a resize redraws
	 * the status line, where the amount prompt was. */
	snprintf(q, sizeof q, "Method for %s on %.40s", pay_s,
	    rows_text(&r, 0, "number"));
	m = w_pick(ui, q, payment_methods, nm, (int)nm - 1);
	if (m < 0)
		goto done;
	/* As the CLI's --reference: a check number, a transfer's id. */
	if (!w_prompt(ui, "Reference (optional, Enter for none): ", "", 0,
	    &ref))
		goto done;
	snprintf(q, sizeof q, "Pay %s %s by %s%s%.40s%s on %.20s "
	    "(outstanding %s)?", pay_s, rows_text(&r, 0, "currency"),
	    payment_methods[m], ref.len ? " (ref " : "", ref.s,
	    ref.len ? ")" : "", rows_text(&r, 0, "number"), out_s);
	if (!w_confirm(ui, q)) {
		ui_msg(ui, 0, "no payment recorded");
		goto done;
	}
	if (invoice_pay(ui->db, invoice_id, cents, payment_methods[m],
	    ref.len ? ref.s : NULL, &pay_id, &e) != TP_OK)
		ui_err(ui, &e);
	else
		ui_msg(ui, 0, "payment of %s recorded on %s", pay_s,
		    rows_text(&r, 0, "number"));
	ui_changed(ui);
done:
	buf_free(&amount);
	buf_free(&ref);
	rows_free(&r);
}

/* draft -> sent after a question naming the invoice, its client and its
 * total: sending is what puts it in the client's balance. */
void
billing_send(struct ui *ui, int64_t invoice_id)
{
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	char total[MONEY_LEN], q[300], issue[CLOCK_DATE_LEN],
	    due[CLOCK_DATE_LEN];

	if (invoice_get(ui->db, invoice_id, &r, &e) != TP_OK ||
	    invoice_send_dates(ui->db, invoice_id, issue, due, &e) != TP_OK) {
		rows_free(&r);
		ui_err(ui, &e);
		return;
	}
	if (strcmp(rows_text(&r, 0, "status"), "draft") != 0) {
		ui_msg(ui, 1, "%s is %s: only a draft can be sent",
		    rows_text(&r, 0, "number"), rows_text(&r, 0, "status"));
		rows_free(&r);
		return;
	}
	/* Sent today, it is dated today (the question says when it falls
	 * due), as `invoice send` does without --keep-dates. */
	money_format(rows_int(&r, 0, "total_cents"), total);
	snprintf(q, sizeof q, "Send %.40s to %.60s (%s %s), due %s?",
	    rows_text(&r, 0, "number"), rows_text(&r, 0, "client_name"),
	    total, rows_text(&r, 0, "currency"), due);
	if (!w_confirm(ui, q))
		ui_msg(ui, 0, "not sent");
	else if (invoice_send(ui->db, invoice_id, 0, &e) != TP_OK)
		ui_err(ui, &e);
	else
		ui_msg(ui, 0, "%s sent, dated %s, due %s",
		    rows_text(&r, 0, "number"), issue, due);
	rows_free(&r);
	ui_changed(ui);
}
