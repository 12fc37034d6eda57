/*
 * billing.h - the UI's money-moving flows, each after a confirmation that
 * shows the amount: bill a client's unbilled tickets (the confirmation
 * from invoice_preview_tickets, then invoice_bill_preview bills exactly
 * that, like `termpsa invoice bill-tickets`), send a draft invoice
 * (invoice_send, like `termpsa invoice send`) and record a payment on an
 * invoice (invoice_pay, like `termpsa invoice pay`).
 */
#ifndef TP_UI_BILLING_H
#define TP_UI_BILLING_H

#include <stddef.h>
#include <stdint.h>

#include "ui/view.h"

void billing_bill_client(struct ui *ui, int64_t client_id);
/* The same for the tickets ids[0..n) of that client only (the marked
 * ones); n 0: every ticket with unbilled time. */
void billing_bill_tickets(struct ui *ui, int64_t client_id,
    const int64_t *ids, size_t n);
void billing_pay(struct ui *ui, int64_t invoice_id);
void billing_send(struct ui *ui, int64_t invoice_id);

#endif
