/*
 * sla_unit.c - the SQL face of the SLA clocks (service/sla.c), the one the
 * filter language binds: sla_due(id) is the next unmet target's time (NULL
 * while the clocks are stopped or both targets are met) and
 * sla_breached(id) is 0 or 1, inside any query, as of TERMPSA_NOW; and
 * sla_annotate adds the JSON columns to ticket rows.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/rows.h"
#include "service/sla.h"
#include "tap.h"
#include "testdb.h"

#define THU10 1768471200   /* 2026-01-15T10:00:00Z, a Thursday */
#define H 3600

int
main(void)
{
	struct err e = ERR_INIT;
	struct config cfg;
	struct rows r = { 0 };
	struct db *db;
	char sql[1024];
	int64_t n = -1;

	setenv("TZ", "UTC", 1);
	setenv("TERMPSA_NOW", "2026-01-15T15:00:00Z", 1);
	if ((db = testdb_open("sla")) == NULL)
		return 1;
	config_defaults(&cfg);
	ok(sla_configure(&cfg.sla, &e) == TP_OK, "the default policy installs");
	ok(sla_sql_install(db, &e) == TP_OK, "sla_due and sla_breached install");
	snprintf(sql, sizeof sql,
	    "INSERT INTO tickets(id, number, client_id, subject, priority, created_at, updated_at) VALUES"
	    " (1, 1, 1, 'late high', 'high', %d, %d),"
	    " (2, 2, 1, 'fresh critical', 'critical', %d, %d),"
	    " (3, 3, 1, 'parked', 'normal', %d, %d),"
	    " (4, 4, 1, 'done', 'low', %d, %d)",
	    THU10, THU10, THU10 + 4 * H + 1800, THU10 + 4 * H + 1800, THU10, THU10,
	    THU10, THU10);
	ok(db_exec(db, &e, "INSERT INTO clients(id, name, created_at, updated_at) "
	    "VALUES (1, 'A', 1, 1)", NULL) == TP_OK &&
	    db_exec(db, &e, sql, NULL) == TP_OK &&
	    db_exec(db, &e, "UPDATE tickets SET status = 'waiting', updated_at = "
	    "?1 WHERE id = 3", "i", (int64_t)THU10 + H) == TP_OK &&
	    db_exec(db, &e, "UPDATE tickets SET status = 'resolved', updated_at = "
	    "?1 WHERE id = 4", "i", (int64_t)THU10 + H) == TP_OK, "fixture");

	ok(rows_query(db, &r, &e, "SELECT id, sla_due(id) AS due, "
	    "sla_breached(id) AS b FROM tickets ORDER BY id", NULL) == TP_OK &&
	    r.n == 4, "both functions in one query");
	is_int(rows_int(&r, 0, "due"), THU10 + 4 * H, "late high: due 14:00 (the response)");
	is_int(rows_int(&r, 0, "b"), 1, "late high: breached");
	is_int(rows_int(&r, 1, "due"), THU10 + 5 * H + 1800, "fresh critical: due 15:30");
	is_int(rows_int(&r, 1, "b"), 0, "fresh critical: not breached");
	ok(rows_isnull(&r, 2, "due"), "waiting: no due time (clocks stopped)");
	is_int(rows_int(&r, 2, "b"), 0, "waiting: not breached");
	ok(rows_isnull(&r, 3, "due"), "resolved: no due time");
	rows_free(&r);

	/* The two terms the filter language makes. */
	ok(db_int(db, &e, &n, "SELECT count(*) FROM tickets WHERE "
	    "sla_breached(id) = 1", NULL) == TP_OK && n == 1, "sla:breached");
	ok(db_int(db, &e, &n, "SELECT group_concat(id) FROM (SELECT id FROM "
	    "tickets WHERE sla_due(id) < ?1 + 7200 ORDER BY sla_due(id))", "i",
	    clock_now()) == TP_OK && n == 1, "sla:<2h (breached first)");
	ok(db_int(db, &e, &n, "SELECT count(*) FROM tickets WHERE "
	    "sla_due(id) BETWEEN ?1 AND ?1 + 3600", "i", clock_now()) == TP_OK &&
	    n == 1, "due within the hour: only the critical one");
	ok(db_int(db, &e, &n, "SELECT sla_due(NULL) IS NULL AND sla_due(99) "
	    "IS NULL", NULL) == TP_OK && n == 1, "NULL or no such ticket: NULL");

	/* The clock is read on every call. */
	setenv("TERMPSA_NOW", "2026-01-15T15:30:01Z", 1);
	ok(db_int(db, &e, &n, "SELECT sla_breached(2)", NULL) == TP_OK && n == 1,
	    "a second past its due time the critical one is breached");

	ok(rows_query(db, &r, &e, "SELECT id, subject FROM tickets WHERE id = 1",
	    NULL) == TP_OK && sla_annotate(db, &r, &e) == TP_OK, "annotate");
	is_int(r.ncol, 5, "three columns added");
	is_int(rows_int(&r, 0, "sla_response_due_at"), THU10 + 4 * H, "response due");
	is_int(rows_int(&r, 0, "sla_resolve_due_at"), THU10 + 24 * H, "resolve due (1d = 10h: Fri 10:00)");
	is_str(rows_text(&r, 0, "subject"), "late high", "the old cells stay");
	rows_free(&r);

	/* A policy with a holiday and a zone, installed twice (no leak). */
	free(cfg.sla.timezone);
	cfg.sla.timezone = xstrdup("Europe/Berlin");
	cfg.sla.holidays = xcalloc(2, sizeof *cfg.sla.holidays);
	cfg.sla.holidays[0] = xstrdup("2026-01-16");
	ok(sla_configure(&cfg.sla, &e) == TP_OK && sla_configure(&cfg.sla, &e)
	    == TP_OK, "a configured policy installs (twice)");
	ok(sla_count_breached(db, 1, &n, &e) == TP_OK && n >= 1,
	    "count breached works without the SQL functions' help");
	sla_release();
	config_free(&cfg);
	sla_sql_uninstall(db);
	testdb_drop(db);
	return tap_done();
}
