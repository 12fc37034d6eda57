/*
 * saga.h - the onboarding saga (domain.md scenario 1): create client ->
 * welcome ticket -> account, each step its own transaction, compensated in
 * reverse when a later step fails.  The saga row (table sagas) records the
 * step reached and the ids made, so a crash mid-saga is compensated by
 * saga_recover at the next start.  Fault points for tests: the environment
 * variable TERMPSA_FAULT names one of saga.client, saga.ticket,
 * saga.account (fail that step), saga.crash.ticket, saga.crash.account
 * (_exit(1) before that step, leaving the row running), and
 * saga.compensate.client / saga.compensate.ticket (fail that compensation).
 * TERMPSA_FAULT may name several, separated by commas
 * ("saga.account,saga.compensate.ticket").
 */
#ifndef TP_SAGA_H
#define TP_SAGA_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"
#include "service/client.h"

/* struct client_new is in client.h. */

struct onboard_result {
	int64_t saga_id;
	int64_t client_id;
	int64_t welcome_ticket_id;
	int64_t account_id;
};

/* Run the saga.  On failure every completed step is compensated (and e
 * says which step failed); r is filled only on success. */
int saga_onboard_client(struct db *db, const struct client_new *c,
    struct onboard_result *r, struct err *e);

/* Compensate sagas whose process died mid-way (state running or
 * compensating, pid no longer alive).  *n counts those handled. */
int saga_recover(struct db *db, int *n, struct err *e);

#endif
