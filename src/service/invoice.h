/*
 * invoice.h - the invoice service: billing tickets and projects (domain.md
 * scenarios 2 and 3), sending, cancelling and paying an invoice (scenario
 * 5), and the invoice lists.
 *
 * Every function that writes is one unit of work: its own transaction (a
 * savepoint when nested), its events, the client's balance recomputed, all
 * or nothing.  Billing marks what it bills (time entries, expenses) with
 * the invoice's id in the same transaction, so nothing is billed twice;
 * cancelling releases them again.  Rows returned are owned by the caller
 * (rows_free).
 */
#ifndef TP_INVOICE_H
#define TP_INVOICE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

/* draft, sent, partial, paid, cancelled (NULL-terminated). */
extern const char *const invoice_statuses[];

/* Scenario 2: one line "Support: {subject}" per ticket of client_id with
 * billable uninvoiced minutes (quantity in hundredths of an hour, price the
 * client's rate or db->default_rate_cents, total by the labor rule), the
 * time entries marked with the new invoice.  A ticket that is unknown is
 * TP_NOTFOUND, one of another client TP_REFUSED (both naming the ticket);
 * no billable time at all is TP_REFUSED "nothing to bill".  A ticket named
 * twice is billed once.  ticket_ids NULL (n 0): every ticket of the client
 * with billable time, oldest first.  *invoice_id receives the new
 * invoice's id. */
int invoice_bill_tickets(struct db *db, int64_t client_id,
    const int64_t *ticket_ids, size_t n, int64_t *invoice_id, struct err *e);

/* Scenario 3: billable uninvoiced project time without a ticket, one line
 * per user "Professional Services - {name}" at the user's rate (or the
 * default), then one line per billable uninvoiced expense "Expense:
 * {description}" (quantity 1.00).  Nothing to bill is TP_REFUSED. */
int invoice_bill_project(struct db *db, int64_t project_id,
    int64_t *invoice_id, struct err *e);

/* What bill-tickets or bill-project would invoice, read without writing
 * anything: the confirmation before billing, `invoice bill-* --dry-run`.
 * Billing is built on the same selection and pricing code, so the invoice
 * equals its preview to the cent.  Owned by the caller:
 * invoice_preview_free. */
struct invoice_preview {
	int64_t     client_id;
	int64_t     project_id;      /* bill-project; 0 for tickets */
	/* One row: client_id, client_name, project_id, project_name, subject,
	 * currency, line_count, minutes, subtotal_cents, tax_cents,
	 * total_cents (the --dry-run --json object). */
	struct rows summary;
	/* The lines in order: position, ticket_id (NULL on project lines),
	 * description, minutes (NULL on expenses), quantity (hundredths),
	 * price_cents, total_cents. */
	struct rows items;
	int64_t    *ticket_ids;      /* the tickets that get a line, in order */
	size_t      nticket_ids;
	size_t      nlines;
	int64_t     minutes;         /* labor minutes on the lines */
	int64_t     subtotal_cents;  /* sum of the lines */
	int64_t     tax_cents;       /* 0: termpsa bills no tax (domain.md) */
	int64_t     total_cents;     /* subtotal + tax = the invoice's total */
};

/* Scenario 2 previewed: as invoice_bill_tickets (same errors for unknown
 * client or tickets, ticket_ids NULL for every ticket with billable time),
 * except that nothing to bill is TP_OK with nlines 0.  On error *out is
 * empty. */
int invoice_preview_tickets(struct db *db, int64_t client_id,
    const int64_t *ticket_ids, size_t n, struct invoice_preview *out,
    struct err *e);

/* Scenario 3 previewed, likewise (nothing to bill: nlines 0). */
int invoice_preview_project(struct db *db, int64_t project_id,
    struct invoice_preview *out, struct err *e);

/* TP_REFUSED "nothing to bill: ..." when the preview has no line, exactly
 * as billing would refuse; TP_OK otherwise. */
int invoice_preview_check(const struct invoice_preview *p, struct err *e);

/* Bill what p previewed (its tickets, or its project) if it is still
 * exactly that: when the lines, minutes or total changed since (time
 * logged meanwhile) TP_REFUSED, nothing written.  For a confirmation that
 * must match what is billed. */
int invoice_bill_preview(struct db *db, const struct invoice_preview *p,
    int64_t *invoice_id, struct err *e);

void invoice_preview_free(struct invoice_preview *p);

/* The orders of the list; each is the walk of an index. */
enum invoice_sort {
	INVOICE_SORT_NEWEST,   /* id DESC (the default) */
	INVOICE_SORT_DUE,      /* due_date, then id: most overdue first */
	INVOICE_SORT_AMOUNT,   /* total_cents DESC, then id DESC */
	INVOICE_SORT_NUMBER    /* number, then id */
};

/* The sorts' names, in enum invoice_sort's order (NULL-terminated). */
extern const char *const invoice_sorts[];

struct invoice_filter {
	int64_t     client_id;   /* 0: every client */
	const char *status;      /* NULL: any; else one of invoice_statuses */
	int         overdue;     /* only overdue invoices */
	int64_t     after_id;    /* keyset: continue after this invoice */
	int         limit;       /* 0: 100 */
	/* NULL or blank: no search.  Else an invoice matches when its
	 * number starts with the text (as typed or in capitals), or the
	 * text is digits N and the number is the prefix with N padded to
	 * six digits ("12": INV-000012), or every word is a prefix of a
	 * word of its subject, or of its client's name or company (FTS5,
	 * through clients_fts and the invoices' client index). */
	const char *search;
	enum invoice_sort sort;
	/* Filter language (service/filter.h, invoice_filter_table): every
	 * term must hold; its full-text words join search. */
	const char *terms;
};

/* In f->sort's order: id, number, client_id, client_name, subject,
 * status, overdue (0/1: due_date before today and not paid or cancelled),
 * issue_date, due_date, total_cents, paid_cents (completed payments),
 * outstanding_cents (0 when cancelled), currency, project_id,
 * project_name, created_at, updated_at. */
int invoice_list(struct db *db, const struct invoice_filter *f,
    struct rows *out, struct err *e);

/* The exact SQL invoice_list runs for f (for the query-plan test).
 * ?1 is today; named parameters, bound only when present: :client,
 * :status, :after, :limit, :q and :qc (the FTS5 queries of the subjects
 * and of the client names), :num and :numu (the number prefix as typed
 * and in capitals), :numx (the padded number). */
void invoice_list_sql(const struct invoice_filter *f, struct buf *sql);

/* One invoice with invoice_list's columns; TP_NOTFOUND names it. */
int invoice_get(struct db *db, int64_t id, struct rows *out, struct err *e);

/* Its lines in order: position, description, minutes (a labor line's
 * exact minutes, NULL for other lines and for lines from before they were
 * kept), quantity (hundredths), price_cents, total_cents.  TP_NOTFOUND for
 * an unknown invoice. */
int invoice_items(struct db *db, int64_t id, struct rows *out,
    struct err *e);

/* draft -> sent (emits InvoiceSent); anything else is TP_REFUSED.  The
 * invoice is dated as it is sent: issued today (TERMPSA_NOW's date), due
 * after the client's net terms (invoice_send_dates), unless keep_dates,
 * which leaves the dates the draft has. */
int invoice_send(struct db *db, int64_t id, int keep_dates, struct err *e);

/* The dates invoice_send gives invoice id: issue (today) and due (issue
 * + the client's net terms), "YYYY-MM-DD"; TP_NOTFOUND for no invoice. */
int invoice_send_dates(struct db *db, int64_t id, char issue[CLOCK_DATE_LEN],
    char due[CLOCK_DATE_LEN], struct err *e);

/* Cancel a draft or sent invoice that has no payments (emits
 * InvoiceCancelled); its time entries and expenses become unbilled again. */
int invoice_cancel(struct db *db, int64_t id, struct err *e);

/* Scenario 5: record a completed payment of amount_cents (< 0: everything
 * outstanding) by method (NULL: transfer) with an optional reference; the
 * invoice becomes partial or paid; emits PaymentReceived and, when fully
 * paid, InvoicePaid.  A draft, cancelled or paid invoice, or more than is
 * outstanding, is TP_REFUSED; an amount of 0 is TP_BADINPUT.
 * *payment_id receives the payment's id. */
int invoice_pay(struct db *db, int64_t id, int64_t amount_cents,
    const char *method, const char *reference, int64_t *payment_id,
    struct err *e);

/* Whether the invoice can take a payment now, refused with invoice_pay's
 * own message (a draft, cancelled or paid invoice, nothing outstanding):
 * asked before a payment's amount and method are. */
int invoice_check_payable(struct db *db, int64_t id, struct err *e);

/* Whether the invoice can take a payment of amount_cents (< 0: all that
 * is outstanding), refused with invoice_pay's own message (more than is
 * outstanding names what is; 0 is TP_BADINPUT): asked as soon as the
 * amount is typed, before the method and the confirmation. */
int invoice_check_payment(struct db *db, int64_t id, int64_t amount_cents,
    struct err *e);

#endif
