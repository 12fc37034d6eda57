/* saga.c - see saga.h.
 *
 * The saga row is the truth: `step` counts the steps whose work is still
 * standing (it goes up as steps commit and down as compensations commit,
 * each in the same transaction as the work), and `data` holds the ids the
 * steps made.  So the live path and saga_recover share one compensation
 * routine that reads the row, and a crash at any moment leaves a row that
 * says exactly what is left to undo.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/clock.h"
#include "service/activity.h"
#include "service/saga.h"
#include "service/ticket.h"

/* What each step makes, by step number (1-based). */
static const struct {
	const char *what;       /* for messages */
	const char *key;        /* its id in sagas.data */
} steps[] = {
	{ NULL, NULL },
	{ "the client", "$.client_id" },
	{ "the welcome ticket", "$.welcome_ticket_id" },
	{ "the account", "$.account_id" },
};
#define NSTEPS 3

/* Whether TERMPSA_FAULT (a comma-separated list) names point. */
static int
fault(const char *point)
{
	const char *p = getenv("TERMPSA_FAULT");
	size_t n = strlen(point);

	while (p != NULL && *p) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, point, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int
injected(const char *point, struct err *e)
{
	return err_set(e, TP_INTERNAL, "injected fault %s", point);
}

/* saga.full.ticket / saga.full.account: from that step on the disk is
 * full, so every write of this saga fails as SQLite's would, compensation
 * and its record included. */
static int disk_full;

static int
saga_begin(struct db *db, struct err *e)
{
	if (disk_full)
		return err_set(e, TP_IO, "database or disk is full");
	return db_begin(db, e);
}

/* The saga row ------------------------------------------------------------ */

static int
saga_start(struct db *db, int64_t *id, struct err *e)
{
	int64_t now = clock_now();
	int rc;

	if (saga_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e, "INSERT INTO sagas(kind, state, step, data, pid, "
	    "created_at, updated_at) VALUES ('onboard_client', 'running', 0, "
	    "json_object(), ?1, ?2, ?2)", "ii", (int64_t)getpid(), now);
	*id = db_last_id(db);
	return db_end(db, rc, e);
}

/* Record step k done with the id it made, inside the step's transaction;
 * the last step also ends the saga. */
static int
saga_step_done(struct db *db, int64_t saga, int k, int64_t made,
    struct err *e)
{
	return db_exec(db, e, "UPDATE sagas SET step = ?2, "
	    "data = json_set(data, ?3, ?4), "
	    "state = CASE WHEN ?2 >= ?5 THEN 'done' ELSE state END, "
	    "updated_at = ?6 WHERE id = ?1", "iiti" "ii", saga, (int64_t)k,
	    steps[k].key, made, (int64_t)NSTEPS, clock_now());
}

static int
saga_set_state(struct db *db, int64_t saga, const char *state,
    const char *error, struct err *e)
{
	if (saga_begin(db, e) != TP_OK)
		return e->code;
	return db_end(db, db_exec(db, e, "UPDATE sagas SET state = ?2, "
	    "error = CASE WHEN ?3 IS NULL THEN error WHEN error IS NULL "
	    "THEN ?3 ELSE error || '; ' || ?3 END, updated_at = ?4 "
	    "WHERE id = ?1",
	    "itti", saga, state, error, clock_now()), e);
}

/* The steps --------------------------------------------------------------- */

static int
step_client(struct db *db, int64_t saga, const struct client_new *c,
    int64_t *client_id, struct err *e)
{
	int rc;

	if (saga_begin(db, e) != TP_OK)
		return e->code;
	rc = client_create(db, c, client_id, e);
	if (rc == TP_OK && fault("saga.client"))
		rc = injected("saga.client", e);
	if (rc == TP_OK)
		rc = saga_step_done(db, saga, 1, *client_id, e);
	return db_end(db, rc, e);
}

static int
step_ticket(struct db *db, int64_t saga, int64_t client_id,
    int64_t *ticket_id, struct err *e)
{
	/* Exactly domain.md scenario 1's welcome ticket. */
	struct ticket_new t = {
		.client_id = client_id,
		.subject = "Welcome to our services",
		.body = "Welcome! This ticket will help us get you started.",
		.priority = "normal",
		.status = "open",
		.source = "system",
		.category = "onboarding",
	};
	int rc;

	if (fault("saga.crash.ticket"))
		_exit(1);
	if (fault("saga.full.ticket"))
		disk_full = 1;
	if (saga_begin(db, e) != TP_OK)
		return e->code;
	rc = ticket_create(db, &t, ticket_id, e);
	if (rc == TP_OK && fault("saga.ticket"))
		rc = injected("saga.ticket", e);
	if (rc == TP_OK)
		rc = saga_step_done(db, saga, 2, *ticket_id, e);
	return db_end(db, rc, e);
}

static int
step_account(struct db *db, int64_t saga, int64_t client_id,
    int64_t *account_id, struct err *e)
{
	int rc;

	if (fault("saga.crash.account"))
		_exit(1);
	if (fault("saga.full.account"))
		disk_full = 1;
	if (saga_begin(db, e) != TP_OK)
		return e->code;
	rc = account_create(db, client_id, account_id, e);
	if (rc == TP_OK && fault("saga.account"))
		rc = injected("saga.account", e);
	if (rc == TP_OK)
		rc = saga_step_done(db, saga, 3, *account_id, e);
	return db_end(db, rc, e);
}

/* Compensation ------------------------------------------------------------ */

struct saga_row {
	int64_t id;
	int     step;
	int64_t made[NSTEPS + 1];   /* ids by step, 0 when not made */
};

static int
saga_load(struct db *db, int64_t id, struct saga_row *s, struct err *e)
{
	struct rows r = { 0 };
	int rc;

	rc = rows_query(db, &r, e, "SELECT step, "
	    "coalesce(json_extract(data, '$.client_id'), 0) AS c, "
	    "coalesce(json_extract(data, '$.welcome_ticket_id'), 0) AS t, "
	    "coalesce(json_extract(data, '$.account_id'), 0) AS a "
	    "FROM sagas WHERE id = ?1", "i", id);
	if (rc == TP_OK && r.n == 0)
		rc = err_set(e, TP_NOTFOUND, "saga %lld not found",
		    (long long)id);
	if (rc == TP_OK) {
		s->id = id;
		s->step = (int)rows_int(&r, 0, "step");
		s->made[0] = 0;
		s->made[1] = rows_int(&r, 0, "c");
		s->made[2] = rows_int(&r, 0, "t");
		s->made[3] = rows_int(&r, 0, "a");
		if (s->step < 0 || s->step > NSTEPS)
			rc = err_set(e, TP_INTERNAL, "saga %lld: bad step %d",
			    (long long)id, s->step);
	}
	rows_free(&r);
	return rc;
}

/* Undo one step's work.  Something already gone counts as undone, so that
 * running a compensation twice is harmless. */
static int
undo(struct db *db, int k, int64_t made, struct err *e)
{
	static const char *const points[] = {
		NULL, "saga.compensate.client", "saga.compensate.ticket",
		"saga.compensate.account",
	};
	int rc;

	if (made == 0)
		rc = TP_OK;
	else if (k == 1)
		rc = client_delete(db, made, e);
	else if (k == 2)
		rc = ticket_delete(db, made, e);
	else
		rc = account_delete(db, made, e);
	if (rc == TP_NOTFOUND) {
		err_clear(e);
		rc = TP_OK;
	}
	if (rc == TP_OK && fault(points[k]))
		rc = injected(points[k], e);
	return rc;
}

/* A compensation that failed: the row says compensation_failed and the
 * activity log tells a person what is left, in one transaction.  That
 * write may fail too (a full disk fails every write): the caller reads
 * the row to say what it really holds. */
static void
record_failure(struct db *db, const struct saga_row *s, int k,
    const struct err *why)
{
	struct err e2 = ERR_INIT;
	char line[700];
	int rc;

	snprintf(line, sizeof line, "Onboarding saga %lld: could not undo %s "
	    "(id %lld): %s; left compensation_failed for a person to finish",
	    (long long)s->id, steps[k].what, (long long)s->made[k], why->msg);
	if (saga_begin(db, &e2) != TP_OK)
		return;
	rc = db_exec(db, &e2, "UPDATE sagas SET "
	    "state = 'compensation_failed', error = CASE WHEN error IS NULL "
	    "THEN ?2 ELSE error || '; ' || ?2 END, updated_at = ?3 "
	    "WHERE id = ?1", "iti", s->id, why->msg, clock_now());
	if (rc == TP_OK)
		rc = activity_add(db, s->made[1], "saga", s->id, line, &e2);
	db_end(db, rc, &e2);
}

/* Undo the steps still standing, newest first, each in its own transaction
 * with the row's step going down; then mark the saga compensated.  On a
 * failing compensation, *failed_step says which. */
static int
compensate(struct db *db, int64_t saga, int *failed_step, struct err *e)
{
	struct saga_row s;
	int rc;

	*failed_step = 0;
	if (saga_load(db, saga, &s, e) != TP_OK)
		return e->code;
	for (int k = s.step; k >= 1; k--) {
		rc = saga_begin(db, e);
		if (rc == TP_OK) {
			rc = undo(db, k, s.made[k], e);
			if (rc == TP_OK)
				rc = db_exec(db, e, "UPDATE sagas SET "
				    "step = ?2, state = 'compensating', "
				    "updated_at = ?3 WHERE id = ?1", "iii",
				    saga, (int64_t)(k - 1), clock_now());
			rc = db_end(db, rc, e);
		}
		if (rc != TP_OK) {
			*failed_step = k;
			record_failure(db, &s, k, e);
			return e->code;
		}
	}
	return saga_set_state(db, saga, "compensated", NULL, e);
}

static int
saga_state_is(struct db *db, int64_t saga, const char *state)
{
	struct err e = ERR_INIT;
	int64_t yes = 0;

	return db_int(db, &e, &yes, "SELECT state = ?2 FROM sagas WHERE id = "
	    "?1", "it", saga, state) == TP_OK && yes;
}

/* Step k failed with cause: note it on the row, compensate, and tell the
 * caller what happened in one message. */
static int
fail(struct db *db, int64_t saga, int k, const struct err *cause,
    struct err *e)
{
	struct err ce = ERR_INIT;
	char why[600];
	int failed = 0;

	snprintf(why, sizeof why, "step %d (%s) failed: %s", k, steps[k].what,
	    cause->msg);
	/* Compensate even if noting the cause failed: the row's step is
	 * what compensation goes by, and it is already right. */
	saga_set_state(db, saga, "compensating", why, &ce);
	err_clear(&ce);
	if (compensate(db, saga, &failed, &ce) == TP_OK)
		return err_set(e, cause->code, "client onboarding failed at %s: "
		    "%s (nothing was kept)", steps[k].what, cause->msg);
	/* Say what the row holds, not what it should: when even the record
	 * of the failure could not be written, the row is still running (or
	 * compensating) and the next start undoes it; until then its client
	 * is not shown (client.h, CLIENT_SHOWN). */
	if (saga_state_is(db, saga, "compensation_failed"))
		return err_set(e, cause->code, "client onboarding failed at "
		    "%s: %s; undoing %s failed too: %s (saga %lld left "
		    "compensation_failed; see 'termpsa activity')",
		    steps[k].what, cause->msg, failed ? steps[failed].what
		    : "it", ce.msg, (long long)saga);
	return err_set(e, cause->code, "client onboarding failed at %s: %s; "
	    "undoing %s failed too: %s (saga %lld is left unfinished and its "
	    "client hidden; the next start of termpsa undoes it)",
	    steps[k].what, cause->msg, failed ? steps[failed].what : "it",
	    ce.msg, (long long)saga);
}

int
saga_onboard_client(struct db *db, const struct client_new *c,
    struct onboard_result *r, struct err *e)
{
	struct err cause = ERR_INIT;
	int64_t saga = 0, client = 0, ticket = 0, account = 0;
	int k;

	/* Bad input is refused before anything, the saga row included. */
	if (client_check_new(c, e) != TP_OK)
		return e->code;
	if (saga_start(db, &saga, e) != TP_OK)
		return e->code;
	k = 1;
	if (step_client(db, saga, c, &client, &cause) == TP_OK) {
		k = 2;
		if (step_ticket(db, saga, client, &ticket, &cause) == TP_OK) {
			k = 3;
			if (step_account(db, saga, client, &account, &cause)
			    == TP_OK)
				k = 0;
		}
	}
	if (k != 0)
		return fail(db, saga, k, &cause, e);
	r->saga_id = saga;
	r->client_id = client;
	r->welcome_ticket_id = ticket;
	r->account_id = account;
	return TP_OK;
}

/* Recovery ---------------------------------------------------------------- */

/* Whether the process that ran a saga is gone.  Our own pid counts as gone:
 * a saga of this process is never left running when its call returns, so
 * such a row is from an earlier process whose pid was reused. */
static int
owner_dead(int64_t pid)
{
	if (pid <= 0 || pid == (int64_t)getpid())
		return 1;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Take the saga over (so that two starting processes never both
 * compensate it): only if it still belongs to the dead pid. */
static int
claim(struct db *db, int64_t saga, int64_t old_pid, int *won, struct err *e)
{
	int rc;

	*won = 0;
	if (db_begin(db, e) != TP_OK)
		return e->code;
	rc = db_exec(db, e, "UPDATE sagas SET state = 'compensating', "
	    "pid = ?3, error = coalesce(error, "
	    "'process ' || ?2 || ' stopped mid-saga'), "
	    "updated_at = ?4 WHERE id = ?1 AND pid IS ?2 AND state IN "
	    "('running', 'compensating')", "iIii", saga, old_pid,
	    (int64_t)getpid(), clock_now());
	if (rc == TP_OK)
		*won = db_changes(db) == 1;
	return db_end(db, rc, e);
}

int
saga_recover(struct db *db, int *n, struct err *e)
{
	struct rows r = { 0 };
	int rc, failed;

	*n = 0;
	/* The one query every start pays: sagas_state makes it a probe. */
	rc = rows_query(db, &r, e, "SELECT id, pid FROM sagas WHERE state IN "
	    "('running', 'compensating')", NULL);
	for (size_t i = 0; rc == TP_OK && i < r.n; i++) {
		int64_t id = rows_int(&r, i, "id");
		int64_t pid = rows_int(&r, i, "pid");
		int won;

		if (rows_isnull(&r, i, "pid"))
			pid = 0;
		if (!owner_dead(pid))
			continue;
		rc = claim(db, id, pid, &won, e);
		if (rc != TP_OK || !won)
			continue;
		(*n)++;
		/* A failed compensation is recorded on the row and in the
		 * activity log for a person; it must not stop this start. */
		if (compensate(db, id, &failed, e) != TP_OK)
			err_clear(e);
	}
	rows_free(&r);
	return rc;
}
