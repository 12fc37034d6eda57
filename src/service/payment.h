/*
 * payment.h - payments: on account (domain.md scenario 6) and the record
 * every payment shares with invoice_pay (scenario 5).
 *
 * A payment on account is eventually consistent: it is recorded and
 * PaymentReceived is emitted; the client's balance changes only when the
 * UpdateClientBalance job (due 5 s later, event.c's listener table) runs.
 * Rows returned are owned by the caller (rows_free).
 */
#ifndef TP_PAYMENT_H
#define TP_PAYMENT_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

/* cash, check, card, transfer (NULL-terminated). */
extern const char *const payment_methods[];

/* Scenario 6: a completed payment of amount_cents (> 0) from client_id, on
 * no invoice, by method (NULL: transfer), reference optional.  Emits
 * PaymentReceived; does not touch the balance.  *id receives its id. */
int payment_on_account(struct db *db, int64_t client_id,
    int64_t amount_cents, const char *method, const char *reference,
    int64_t *id, struct err *e);

/* Insert a completed payment (invoice_id 0: on account) received now and
 * emit PaymentReceived.  Inside a transaction only; the caller has checked
 * the client, the invoice and the amount.  Validates method. */
int payment_record(struct db *db, int64_t client_id, int64_t invoice_id,
    int64_t amount_cents, const char *method, const char *reference,
    int64_t *id, struct err *e);

/* Newest received first (ties: the higher id first): id, client_id, client_name, invoice_id, invoice_number,
 * amount_cents, method, reference, status, received_at, created_at.
 * client_id 0: every client; after_id: keyset, the rows after that
 * payment in this order (0: from the newest);
 * limit 0: 100. */
int payment_list(struct db *db, int64_t client_id, int64_t after_id,
    int limit, struct rows *out, struct err *e);

/* The payments on one invoice, oldest received first (ties: the lower id
 * first), whatever their status: id, received_at, method, reference,
 * amount_cents, status.  An unknown invoice has none. */
int payment_list_invoice(struct db *db, int64_t invoice_id,
    struct rows *out, struct err *e);

/* One payment with payment_list's columns; TP_NOTFOUND names it. */
int payment_get(struct db *db, int64_t id, struct rows *out, struct err *e);

#endif
