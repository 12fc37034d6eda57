/*
 * balance.h - UpdateClientBalance: a client's balance and unbilled amount,
 * recomputed from scratch (never incremented), so running it twice is safe.
 *
 *   balance  = totals of sent|partial invoices
 *              - completed payments on those invoices
 *              - completed payments on account
 *   unbilled = billable uninvoiced ticket time at the client's rate (or the
 *              default), per ticket by the labor rule
 *            + billable uninvoiced project time (entries without a ticket)
 *              at each user's rate (or the default), per user
 *            + billable uninvoiced project expenses
 */
#ifndef TP_BALANCE_H
#define TP_BALANCE_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

/* Recompute and store; call inside a transaction. */
int balance_recompute(struct db *db, int64_t client_id, struct err *e);

/* Compute without storing. */
int balance_compute(struct db *db, int64_t client_id, int64_t *balance,
    int64_t *unbilled, struct err *e);

#endif
