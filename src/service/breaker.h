/*
 * breaker.h - the circuit breaker every sync process shares (sync.md): one
 * row in the database, so it holds across processes and restarts.  It owns
 * the breaker's state (closed, open until, half-open with one probe) and
 * its transitions, each of which writes an activity line.  Times come from
 * clock_now(), so TERMPSA_NOW drives it in tests.
 */
#ifndef TP_BREAKER_H
#define TP_BREAKER_H

#include <stdint.h>

#include "core/db.h"
#include "core/err.h"

struct breaker_cfg {
	int threshold;        /* failures that open it (config, default 5) */
	int open_seconds;     /* first open period (config, default 30) */
	int probe_lease;      /* seconds a half-open probe may take */
};

enum breaker_decision {
	BREAKER_GO,           /* closed: send */
	BREAKER_PROBE,        /* half-open: this process holds the one probe */
	BREAKER_DENY          /* open (or another process is probing) */
};

#define BREAKER_MAX_OPEN 600   /* reopen periods double up to 10 min */

/* May this process send a request now?  Taking the half-open probe is a
 * BEGIN IMMEDIATE transaction, so exactly one process across all of them
 * gets BREAKER_PROBE; a probe whose owner died (or whose lease ran out)
 * can be taken again.  *until receives open_until on BREAKER_DENY. */
int breaker_allow(struct db *db, const struct breaker_cfg *c,
    enum breaker_decision *out, int64_t *until, struct err *e);

/* A request succeeded (any HTTP answer that is not a retryable failure,
 * including a permanent 4xx: the server is up).  Closes the breaker. */
int breaker_success(struct db *db, struct err *e);

/* A retryable failure: counts while closed, opens at the threshold; a
 * failed probe reopens for twice the last period, up to 10 min.  Each
 * transition writes an activity line.  *opened (may be NULL) is set when
 * the breaker is open afterwards. */
int breaker_failure(struct db *db, const struct breaker_cfg *c, int *opened,
    struct err *e);

/* "HH:MM" (local time) of ts, for "breaker open until HH:MM". */
void breaker_hhmm(int64_t ts, char out[8]);

#endif
