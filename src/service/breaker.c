/* breaker.c - see breaker.h */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/proc.h"
#include "service/activity.h"
#include "service/breaker.h"

/* --- circuit breaker ----------------------------------------------------- */

void
breaker_hhmm(int64_t ts, char out[8])
{
	time_t t = (time_t)ts;
	struct tm tm;

	if (clock_localtime((int64_t)t, &tm) != 0 ||
	    strftime(out, 8, "%H:%M", &tm) == 0)
		snprintf(out, 8, "--:--");
}

struct breaker_row {
	char    state[12];
	int64_t failures, open_until, open_for, probe_owner, probe_until;
};

static int
breaker_read(struct db *db, struct breaker_row *b, struct err *e)
{
	sqlite3_stmt *st = db_prepare(db, e,
	    "SELECT state, failures, coalesce(open_until, 0), open_for, "
	    "coalesce(probe_owner, 0), coalesce(probe_until, 0) "
	    "FROM sync_breaker WHERE id = 1", "");
	int rc;

	if (st == NULL)
		return e->code;
	rc = db_step(db, st, e);
	if (rc < 0)
		return e->code;
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return err_set(e, TP_INTERNAL, "the breaker row is missing");
	}
	snprintf(b->state, sizeof b->state, "%s",
	    (const char *)sqlite3_column_text(st, 0));
	b->failures = sqlite3_column_int64(st, 1);
	b->open_until = sqlite3_column_int64(st, 2);
	b->open_for = sqlite3_column_int64(st, 3);
	b->probe_owner = sqlite3_column_int64(st, 4);
	b->probe_until = sqlite3_column_int64(st, 5);
	sqlite3_reset(st);
	return TP_OK;
}

static int
take_probe(struct db *db, const struct breaker_cfg *c, int announce,
    struct err *e)
{
	int64_t now = clock_now();

	if (db_exec(db, e,
	    "UPDATE sync_breaker SET state = 'half_open', probe_owner = ?1, "
	    "probe_until = ?2, updated_at = ?3 WHERE id = 1", "iii",
	    (int64_t)getpid(), now + (c->probe_lease > 0 ? c->probe_lease : 60),
	    now) != TP_OK)
		return e->code;
	if (!announce)
		return TP_OK;
	return activity_add(db, 0, "sync", 0,
	    "Sync breaker half-open: sending one probe", e);
}

int
breaker_allow(struct db *db, const struct breaker_cfg *c,
    enum breaker_decision *out, int64_t *until, struct err *e)
{
	struct breaker_row b;
	int64_t now = clock_now();
	int rc;

	*out = BREAKER_DENY;
	*until = 0;
	/* The common case, closed, needs no write lock. */
	if (breaker_read(db, &b, e) != TP_OK)
		return e->code;
	if (strcmp(b.state, "closed") == 0) {
		*out = BREAKER_GO;
		return TP_OK;
	}
	if (strcmp(b.state, "open") == 0 && now < b.open_until) {
		*until = b.open_until;    /* nor does a plain "still open" */
		return TP_OK;
	}
	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = breaker_read(db, &b, e);
	if (rc != TP_OK)
		return db_end(db, rc, e);
	if (strcmp(b.state, "closed") == 0) {
		*out = BREAKER_GO;
	} else if (strcmp(b.state, "open") == 0) {
		if (now < b.open_until) {
			*until = b.open_until;
		} else {
			rc = take_probe(db, c, 1, e);
			*out = BREAKER_PROBE;
		}
	} else if (b.probe_owner == (int64_t)getpid()) {
		*out = BREAKER_PROBE;
	} else if (proc_alive(b.probe_owner) && now < b.probe_until) {
		*until = b.open_until;
	} else {
		/* The prober died or overran its lease: probe again. */
		rc = take_probe(db, c, 0, e);
		*out = BREAKER_PROBE;
	}
	return db_end(db, rc, e);
}

int
breaker_success(struct db *db, struct err *e)
{
	struct breaker_row b;
	int rc;

	if (breaker_read(db, &b, e) != TP_OK)
		return e->code;
	if (strcmp(b.state, "closed") == 0 && b.failures == 0)
		return TP_OK;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = breaker_read(db, &b, e);
	if (rc == TP_OK && (strcmp(b.state, "closed") != 0 || b.failures != 0))
		rc = db_exec(db, e,
		    "UPDATE sync_breaker SET state = 'closed', failures = 0, "
		    "open_until = NULL, open_for = 0, probe_owner = NULL, "
		    "probe_until = NULL, updated_at = ?1 WHERE id = 1", "i",
		    clock_now());
	if (rc == TP_OK && strcmp(b.state, "closed") != 0)
		rc = activity_add(db, 0, "sync", 0,
		    "Sync breaker closed: the PSA answers again", e);
	return db_end(db, rc, e);
}

static int
breaker_open(struct db *db, int64_t open_for, int64_t failures,
    const char *why, struct err *e)
{
	int64_t now = clock_now();
	char hhmm[8], line[160];

	if (db_exec(db, e,
	    "UPDATE sync_breaker SET state = 'open', failures = ?1, "
	    "opened_at = ?2, open_until = ?3, open_for = ?4, probe_owner = NULL, "
	    "probe_until = NULL, updated_at = ?2 WHERE id = 1", "iiii",
	    failures, now, now + open_for, open_for) != TP_OK)
		return e->code;
	breaker_hhmm(now + open_for, hhmm);
	snprintf(line, sizeof line, "Sync breaker %s until %s (%lld s)", why,
	    hhmm, (long long)open_for);
	return activity_add(db, 0, "sync", 0, line, e);
}

int
breaker_failure(struct db *db, const struct breaker_cfg *c, int *opened,
    struct err *e)
{
	struct breaker_row b;
	int64_t threshold = c->threshold > 0 ? c->threshold : 5;
	int64_t first = c->open_seconds > 0 ? c->open_seconds : 30;
	int rc, now_open = 0;

	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = breaker_read(db, &b, e);
	if (rc != TP_OK)
		return db_end(db, rc, e);
	if (strcmp(b.state, "closed") == 0) {
		if (b.failures + 1 >= threshold) {
			rc = breaker_open(db, first, b.failures + 1, "opened", e);
			now_open = 1;
		} else {
			rc = db_exec(db, e, "UPDATE sync_breaker SET failures = "
			    "failures + 1, updated_at = ?1 WHERE id = 1", "i",
			    clock_now());
		}
	} else if (strcmp(b.state, "half_open") == 0) {
		int64_t next = (b.open_for > 0 ? b.open_for : first) * 2;

		if (next > BREAKER_MAX_OPEN)
			next = BREAKER_MAX_OPEN;
		rc = breaker_open(db, next, b.failures + 1,
		    "probe failed: reopened", e);
		now_open = 1;
	} else {
		/* Already open (another process opened it meanwhile). */
		rc = db_exec(db, e, "UPDATE sync_breaker SET failures = "
		    "failures + 1, updated_at = ?1 WHERE id = 1", "i",
		    clock_now());
		now_open = 1;
	}
	if (opened != NULL)
		*opened = now_open;
	return db_end(db, rc, e);
}
