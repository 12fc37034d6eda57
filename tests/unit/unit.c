/*
 * unit.c - unit tests of the core modules: money, clock, text, buffers,
 * the database layer and migrations, events, jobs and the cache.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/cache.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/event.h"
#include "core/job.h"
#include "core/migrate.h"
#include "core/money.h"
#include "core/rows.h"
#include "core/text.h"
#include "service/balance.h"
#include "service/listeners.h"
#include "tap.h"
#include "testdb.h"

static void
money_parses_accepted_forms(void)
{
	int64_t c = -1;

	ok(money_parse("125", 0, &c, NULL) == TP_OK && c == 12500, "money: 125");
	ok(money_parse("125.5", 0, &c, NULL) == TP_OK && c == 12550, "money: 125.5");
	ok(money_parse("125.50", 0, &c, NULL) == TP_OK && c == 12550, "money: 125.50");
	ok(money_parse("0.05", 0, &c, NULL) == TP_OK && c == 5, "money: 0.05");
	ok(money_parse("-5", 1, &c, NULL) == TP_OK && c == -500,
	    "money: -5 where negatives are allowed");
}

static void
money_rejects_bad_forms(void)
{
	static const char *const bad[] = {
		"12.345", "1e3", "-5", "", "abc", "12.", ".5", "1,000", " 5",
		"5 ", "+5", "0x10", "99999999999999999999",
	};
	struct err e = ERR_INIT;
	int64_t c;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char name[64];

		snprintf(name, sizeof name, "money: rejects '%s'", bad[i]);
		err_clear(&e);
		ok(money_parse(bad[i], 0, &c, &e) == TP_BADINPUT && e.msg[0],
		    name);
	}
}

static void
money_labor_rule(void)
{
	char out[MONEY_LEN];

	is_int(money_labor(90, 12500), 18750, "labor: 90 min at 125.00 = 187.50");
	is_int(money_labor(20, 15000), 5000, "labor: 20 min at 150.00 = 50.00");
	is_int(money_labor(1, 10), 0, "labor: 1 min at 0.10 rounds to 0.00");
	is_int(money_labor(3, 10), 1, "labor: 3 min at 0.10 = 0.005 rounds up");
	is_int(money_labor(7, 12345), 1440, "labor: 7 min at 123.45 = 14.4025");
	is_int(money_hours_qty(90), 150, "qty: 90 min = 1.50 h");
	is_int(money_hours_qty(20), 33, "qty: 20 min = 0.33 h");
	money_qty_format(286, 477, out);
	is_str(out, "4:46 h", "a labor line's quantity: 286 min = 4:46 h");
	money_qty_format(5, 8, out);
	is_str(out, "0:05 h", "5 min = 0:05 h");
	money_qty_format(-1, 100, out);
	is_str(out, "1.00", "another line: its quantity, 1.00");
	money_format(18750, out);
	is_str(out, "187.50", "format 187.50");
	money_format(-5, out);
	is_str(out, "-0.05", "format -0.05");
}

static void
clock_rules(void)
{
	char d[CLOCK_DATE_LEN];
	int64_t t;

	ok(clock_parse_iso("2026-01-15T10:00:00Z", &t, NULL) == TP_OK &&
	    t == 1768471200, "iso: parses Z time");
	ok(clock_parse_iso("2026-02-30T10:00:00Z", &t, NULL) != TP_OK,
	    "iso: refuses Feb 30");
	setenv("TERMPSA_NOW", "2026-01-15T10:00:00Z", 1);
	is_int(clock_now(), 1768471200, "TERMPSA_NOW fixes the clock");
	clock_today(d);
	is_str(d, "2026-01-15", "today under TERMPSA_NOW (TZ=UTC)");
	clock_add_days("2026-12-28", 7, d, NULL);
	is_str(d, "2027-01-04", "add 7 days across a year");
	clock_add_days("2024-02-28", 1, d, NULL);
	is_str(d, "2024-02-29", "leap day");
	is_int(clock_days_between("2026-01-01", "2026-03-01"), 59, "days between");
	ok(clock_check_date("2026-13-01", NULL) != TP_OK, "date: month 13 refused");
	ok(clock_check_date("2026-1-01", NULL) != TP_OK, "date: short form refused");
	unsetenv("TERMPSA_NOW");
}

static void
text_is_made_harmless(void)
{
	struct buf b;

	buf_init(&b);
	text_sanitize("a\x1b[2Jb\x1b]0;title\x07" "c", (size_t)-1, 0, &b);
	ok(strchr(b.s, 0x1b) == NULL && strchr(b.s, 0x07) == NULL,
	    "text: ESC and BEL removed");
	is_str(b.s, "a^[[2Jb^[]0;title^Gc", "text: controls shown as ^X");
	buf_reset(&b);
	text_sanitize("x\xc2\x9b" "31m\xe2\x80\xae" "evil", (size_t)-1, 0, &b);
	ok(strstr(b.s, "\xc2\x9b") == NULL && strstr(b.s, "\xe2\x80\xae") == NULL,
	    "text: C1 CSI and RLO removed");
	buf_reset(&b);
	text_sanitize("bad\xff\xfeutf", (size_t)-1, 0, &b);
	is_str(b.s, "bad\xef\xbf\xbd\xef\xbf\xbdutf", "text: invalid UTF-8 replaced");
	buf_reset(&b);
	text_sanitize("caf\xc3\xa9 \xe4\xb8\xad", (size_t)-1, 0, &b);
	is_str(b.s, "caf\xc3\xa9 \xe4\xb8\xad", "text: UTF-8 kept");
	buf_free(&b);
}

static void
db_migrates_and_is_private(void)
{
	struct db *db = testdb_open("mig");
	struct err e = ERR_INIT;
	int64_t v = 0;

	if (!ok(db != NULL, "db: opens and migrates"))
		return;
	db_int(db, &e, &v, "PRAGMA user_version", NULL);
	is_int(v, migrate_latest(), "db: user_version is the newest migration");
	db_int(db, &e, &v, "PRAGMA foreign_keys", NULL);
	is_int(v, 1, "db: foreign keys on");
	ok(db_exec(db, &e, "INSERT INTO clients(name, status, created_at, "
	    "updated_at) VALUES ('x', 'bogus', 0, 0)", NULL) == TP_BADINPUT,
	    "db: CHECK refuses a bad enum");
	testdb_drop(db);
}

static void
events_write_rows_and_jobs(void)
{
	struct db *db = testdb_open("ev");
	struct err e = ERR_INIT;
	int64_t n = 0;
	int ran, failed;
	struct event ev = { EV_INVOICE_CREATED, "invoice", 7, 0, NULL,
	    "Invoice 7 created", "create" };

	if (db == NULL)
		return;
	db_begin(db, &e);
	ok(event_emit(db, &ev, &e) == TP_OK, "event: emits in a transaction");
	db_commit(db, &e);
	db_int(db, &e, &n, "SELECT count(*) FROM events WHERE name = "
	    "'InvoiceCreated'", NULL);
	is_int(n, 1, "event: one event row");
	db_int(db, &e, &n, "SELECT count(*) FROM activity", NULL);
	is_int(n, 1, "event: LogActivity wrote a line");
	db_int(db, &e, &n, "SELECT count(*) FROM outbox WHERE entity = 'invoice'",
	    NULL);
	is_int(n, 1, "event: QueueForSync wrote an outbox row");
	db_int(db, &e, &n, "SELECT count(*) FROM jobs", NULL);
	is_int(n, 2, "event: SendNotifications and GenerateReports queued");
	ok(event_emit(db, &ev, &e) == TP_INTERNAL,
	    "event: refused outside a transaction");
	job_run(db, 0, &ran, &failed, &e);
	is_int(ran, 2, "jobs: both ran");
	is_int(failed, 0, "jobs: none failed");
	db_int(db, &e, &n, "SELECT count(*) FROM jobs", NULL);
	is_int(n, 0, "jobs: deleted on success");
	db_int(db, &e, &n, "SELECT count(*) FROM notifications", NULL);
	is_int(n, 1, "jobs: a notification was written");
	testdb_drop(db);
}

static void
failing_job_backs_off_then_fails(void)
{
	struct db *db = testdb_open("job");
	struct err e = ERR_INIT;
	int64_t n = 0, avail = 0, now;
	int ran, failed;

	if (db == NULL)
		return;
	setenv("TERMPSA_NOW", "2026-01-15T10:00:00Z", 1);
	now = clock_now();
	/* A row from another build: its stored name no handler claims. */
	db_exec(db, &e, "INSERT INTO jobs(name, payload, available_at, "
	    "max_attempts, created_at) VALUES ('no_such_job', '{}', ?1, 5, ?1)",
	    "i", now);
	job_run(db, 0, &ran, &failed, &e);
	is_int(failed, 1, "job: a stored name without a handler fails");
	db_int(db, &e, &avail, "SELECT available_at FROM jobs", NULL);
	ok(avail > now, "job: failure backs off");
	db_int(db, &e, &n, "SELECT count(*) FROM jobs WHERE last_error LIKE "
	    "'%no handler%'", NULL);
	is_int(n, 1, "job: last_error recorded");
	for (int i = 0; i < 6; i++) {
		char t[32];

		snprintf(t, sizeof t, "2026-01-15T1%d:00:00Z", i + 1);
		setenv("TERMPSA_NOW", t, 1);
		job_run(db, 0, &ran, &failed, &e);
	}
	db_int(db, &e, &n, "SELECT count(*) FROM jobs WHERE failed_at IS NOT "
	    "NULL AND attempts = 5", NULL);
	is_int(n, 1, "job: after 5 attempts it stays failed");
	unsetenv("TERMPSA_NOW");
	testdb_drop(db);
}

static int
no_op_job(struct db *db, const char *payload, struct err *e)
{
	(void)db;
	(void)payload;
	(void)e;
	return TP_OK;
}

struct job_rows {
	int jobs, unhandled;
};

static void
count_job_row(const char *event, const char *listener, const char *mode,
    int delay, void *arg)
{
	struct job_rows *r = arg;

	(void)event;
	(void)delay;
	if (strcmp(mode, "in transaction") == 0)
		return;
	r->jobs++;
	if (!job_known(mode)) {
		r->unhandled++;
		printf("# %s enqueues %s, which has no handler\n", listener, mode);
	}
}

/* Every job a listener enqueues, and every job in the enum, has a handler
 * under the name that is stored; and a broken table is a startup error. */
static void
every_job_has_a_handler(void)
{
	static const struct job_handler dup[] = {
		{ "a", no_op_job }, { "a", no_op_job },
	};
	static const struct job_handler hole[] = {
		{ "a", no_op_job }, { NULL, NULL },
	};
	struct job_handler stray = { "update_client_balance", NULL };
	struct event_listener bad = { EVENT_ON_EVERY, 0, "Stray", NULL, &stray,
	    0 };
	struct event ev = { EV_USER_CREATED, "user", 1, 0, NULL, NULL, NULL };
	struct job_rows r = { 0, 0 };
	struct err e = ERR_INIT;
	struct db *db;
	int rc;

	ok(listeners_install(&e) == TP_OK, "listeners: the tables install");
	event_listeners_each(count_job_row, &r);
	ok(r.jobs >= 5, "listeners: the table enqueues jobs");
	is_int(r.unhandled, 0, "listeners: every job a listener enqueues has "
	    "a handler");
	rc = 1;
	for (int j = 0; j < JOB__COUNT; j++)
		rc &= listeners_job((enum listeners_job)j) != NULL &&
		    job_known(listeners_job((enum listeners_job)j)->name);
	ok(rc, "listeners: every job of the enum has a handler");
	ok(!job_known("no_such_job"), "listeners: an unknown name is not known");

	ok(job_handlers_set(dup, 2, &e) == TP_INTERNAL,
	    "listeners: a job table naming one job twice is refused");
	ok(job_handlers_set(hole, 2, &e) == TP_INTERNAL,
	    "listeners: a job table with a row left empty is refused");
	ok(event_listeners_set(&bad, 1, &e) == TP_INTERNAL &&
	    strstr(e.msg, "not in the job table") != NULL,
	    "listeners: a listener whose job is not in the job table is refused");
	db = testdb_open("wiring");
	if (db == NULL)
		return;
	ok(job_enqueue(db, &stray, "{}", 0, &e) == TP_INTERNAL,
	    "jobs: a job not in the table cannot be enqueued");
	event_listeners_set(NULL, 0, &e);
	db_begin(db, &e);
	ok(event_emit(db, &ev, &e) == TP_INTERNAL &&
	    strstr(e.msg, "no listener table") != NULL,
	    "event: emitting before the table is installed is an error");
	db_rollback(db);
	ok(listeners_install(&e) == TP_OK, "listeners: installed again");
	testdb_drop(db);
}

static void
cache_round_trip(void)
{
	struct db *db = testdb_open("cache");
	struct err e = ERR_INIT;
	char *v = NULL;

	if (db == NULL)
		return;
	cache_put(db, "k", "client.1", "{\"a\":1}", 60, &e);
	cache_get(db, "k", &v, &e);
	is_str(v, "{\"a\":1}", "cache: hit");
	free(v);
	cache_invalidate_client(db, 1, &e);
	cache_get(db, "k", &v, &e);
	ok(v == NULL, "cache: invalidated by client tag");
	testdb_drop(db);
}

static void
sql_trace_writes_statements(void)
{
	struct db *db;
	char path[64], line[512];
	FILE *f;
	int found = 0;

	snprintf(path, sizeof path, "unit-trace-%d.log", (int)getpid());
	unlink(path);
	setenv("TERMPSA_TRACE_SQL", path, 1);
	db = testdb_open("trace");
	unsetenv("TERMPSA_TRACE_SQL");
	if (db == NULL)
		return;
	db_exec(db, NULL, "SELECT ?1 + 1", "i", (int64_t)41);
	testdb_drop(db);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, "\tSELECT 41 + 1"))
			found = 1;
	if (f)
		fclose(f);
	ok(found, "TERMPSA_TRACE_SQL logs statements with their values");
	unlink(path);
}

int
main(void)
{
	setenv("TZ", "UTC", 1);
	money_parses_accepted_forms();
	money_rejects_bad_forms();
	money_labor_rule();
	clock_rules();
	text_is_made_harmless();
	db_migrates_and_is_private();
	events_write_rows_and_jobs();
	failing_job_backs_off_then_fails();
	every_job_has_a_handler();
	cache_round_trip();
	sql_trace_writes_statements();
	return tap_done();
}
