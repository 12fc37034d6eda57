/*
 * asset_unit.c - unit tests of the asset service that the CLI cannot
 * reach: the CompleteMaintenance listener on TicketResolved (until `ticket
 * resolve` is on this branch), maintenance nested in an outer transaction,
 * and the FTS5 query quoting.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/db.h"
#include "core/event.h"
#include "service/asset.h"
#include "tap.h"
#include "testdb.h"

static struct db *
fresh_db(const char *name)
{
	struct db *db = testdb_open(name);

	if (db != NULL)
		db->default_rate_cents = 15000;
	return db;
}

static int64_t
count(struct db *db, const char *sql)
{
	struct err e = ERR_INIT;
	int64_t n = -1;

	db_int(db, &e, &n, sql, NULL);
	return n;
}

static char *
text(struct db *db, const char *sql, int64_t id)
{
	struct err e = ERR_INIT;
	char *s = NULL;

	db_text(db, &e, &s, sql, "i", id);
	return s;
}

static int64_t
add_asset(struct db *db, const char *name)
{
	struct err e = ERR_INIT;
	struct asset_new a;
	int64_t id = 0;

	memset(&a, 0, sizeof a);
	a.client_id = 1;
	a.name = name;
	if (asset_create(db, &a, &id, &e) != TP_OK)
		printf("# asset_create: %s\n", e.msg);
	return id;
}

/* What `ticket resolve` does, reduced to what the listener hears. */
static int
resolve(struct db *db, int64_t ticket_id, struct err *e)
{
	struct event ev = { EV_TICKET_RESOLVED, "ticket", ticket_id, 1,
	    "{\"status\":\"resolved\"}", NULL, "resolve" };

	if (db_begin(db, e) != TP_OK)
		return e->code;
	if (db_exec(db, e, "UPDATE tickets SET status = 'resolved', "
	    "resolved_at = ?2 WHERE id = ?1", "ii", ticket_id,
	    clock_now()) != TP_OK || event_emit(db, &ev, e) != TP_OK) {
		db_rollback(db);
		return e->code;
	}
	return db_commit(db, e);
}

static void
resolving_maintenance_ticket_returns_asset_to_deployed(void)
{
	struct err e = ERR_INIT;
	struct maint_req r = { NULL, NULL, NULL, NULL };
	struct db *db = fresh_db("resolve");
	int64_t a1, a2, t1, t2, m1, m2, plain = 0;
	char *s;

	if (db == NULL)
		return;
	db_exec(db, &e, "INSERT INTO clients(id, name, created_at, updated_at) "
	    "VALUES (1, 'Acme', 0, 0)", NULL);
	a1 = add_asset(db, "Server");
	a2 = add_asset(db, "Printer");
	ok(asset_schedule_maintenance(db, a1, &r, &t1, &m1, &e) == TP_OK,
	    "maintenance scheduled on asset 1");
	ok(asset_schedule_maintenance(db, a2, &r, &t2, &m2, &e) == TP_OK,
	    "maintenance scheduled on asset 2");
	s = text(db, "SELECT status FROM assets WHERE id = ?1", a1);
	is_str(s, "maintenance", "asset 1 in maintenance");
	free(s);

	/* A ticket that is not a maintenance ticket changes no asset. */
	db_exec(db, &e, "INSERT INTO tickets(number, client_id, asset_id, "
	    "subject, created_at, updated_at) VALUES (99, 1, ?1, 'Other', 0, 0)",
	    "i", a1);
	plain = db_last_id(db);
	ok(resolve(db, plain, &e) == TP_OK, "an ordinary ticket resolved");
	s = text(db, "SELECT status FROM assets WHERE id = ?1", a1);
	is_str(s, "maintenance", "an ordinary ticket leaves the asset alone");
	free(s);

	setenv("TERMPSA_NOW", "2026-01-20T09:30:00Z", 1);
	ok(resolve(db, t1, &e) == TP_OK, "maintenance ticket resolved");
	s = text(db, "SELECT status FROM assets WHERE id = ?1", a1);
	is_str(s, "deployed", "CompleteMaintenance: asset 1 deployed again");
	free(s);
	is_int(count(db, "SELECT completed_at FROM asset_maintenance WHERE "
	    "id = 1"), 1768901400, "CompleteMaintenance: completed_at is now");
	s = text(db, "SELECT status FROM assets WHERE id = ?1", a2);
	is_str(s, "maintenance", "asset 2's maintenance untouched");
	free(s);
	is_int(count(db, "SELECT count(*) FROM asset_maintenance WHERE "
	    "completed_at IS NULL"), 1, "one maintenance still open");
	(void)m1;
	(void)m2;
	setenv("TERMPSA_NOW", "2026-01-15T10:00:00Z", 1);
	testdb_drop(db);
}

static void
maintenance_nested_in_outer_transaction_rolls_back_whole(void)
{
	struct err e = ERR_INIT;
	struct maint_req r = { "2026-02-01", "corrective", "Fan", "high" };
	struct db *db = fresh_db("nested");
	int64_t a, t, m;

	if (db == NULL)
		return;
	db_exec(db, &e, "INSERT INTO clients(id, name, created_at, updated_at) "
	    "VALUES (1, 'Acme', 0, 0)", NULL);
	a = add_asset(db, "Server");
	db_begin(db, &e);
	ok(asset_schedule_maintenance(db, a, &r, &t, &m, &e) == TP_OK,
	    "maintenance inside an outer transaction");
	db_rollback(db);
	is_int(count(db, "SELECT count(*) FROM tickets"), 0,
	    "outer rollback: no ticket");
	is_int(count(db, "SELECT count(*) FROM asset_maintenance"), 0,
	    "outer rollback: no maintenance row");
	is_int(count(db, "SELECT count(*) FROM assets WHERE status = "
	    "'deployed'"), 1, "outer rollback: asset still deployed");
	is_int(count(db, "SELECT count(*) FROM events WHERE name <> "
	    "'AssetCreated'"), 0, "outer rollback: no events");
	testdb_drop(db);
}

static void
fts_query_quotes_user_text(void)
{
	struct err e = ERR_INIT;
	char *q = NULL;

	ok(asset_fts_query("dell r7", &q, &e) == TP_OK, "fts: two words");
	is_str(q, "\"dell\"* \"r7\"*", "fts: each word a quoted prefix");
	free(q);
	q = NULL;
	ok(asset_fts_query("  a\"b OR  ", &q, &e) == TP_OK, "fts: quotes");
	is_str(q, "\"a\"\"b\"* \"OR\"*", "fts: quotes doubled, OR is a word");
	free(q);
	q = NULL;
	ok(asset_fts_query(" \t ", &q, &e) == TP_BADINPUT && q == NULL,
	    "fts: no word is bad input");
}

int
main(void)
{
	setenv("TERMPSA_NOW", "2026-01-15T10:00:00Z", 1);
	setenv("TZ", "UTC", 1);
	resolving_maintenance_ticket_returns_asset_to_deployed();
	maintenance_nested_in_outer_transaction_rolls_back_whole();
	fts_query_quotes_user_text();
	return tap_done();
}
