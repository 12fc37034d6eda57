/*
 * paging.c - unit tests of the keyset windows the notifications view (N)
 * and the sync issues (Y) read: notify_list_after, sync_outbox_list_after,
 * sync_conflict_list_after.  Walking window after window (each starting
 * after the last id of the one before) yields exactly the rows of the
 * filter, newest first, with no duplicate or gap across a window
 * boundary, and an empty window after the last row.  Each statement's
 * EXPLAIN QUERY PLAN (of the very SQL the function ran, taken from the
 * connection's statement cache) seeks an index and sorts nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/db.h"
#include "service/notify.h"
#include "service/outbox.h"
#include "service/syncstate.h"
#include "tap.h"
#include "testdb.h"

#define NOTES     250    /* notifications planted */
#define OUTBOX    230    /* outbox rows planted */
#define CONFLICTS 120    /* conflicts planted */

static void
must(int rc, const struct err *e, const char *what)
{
	if (rc != TP_OK) {
		printf("# %s: %s\n", what, e->msg);
		exit(1);
	}
}

/* Which list a walk reads. */
enum which { W_NOTES, W_UNREAD, W_OUTBOX, W_CONFLICTS };

static int
window(struct db *db, enum which w, const char *state, int64_t after,
    int limit, struct rows *out, struct err *e)
{
	switch (w) {
	case W_NOTES:
		return notify_list_after(db, 0, after, limit, out, e);
	case W_UNREAD:
		return notify_list_after(db, 1, after, limit, out, e);
	case W_OUTBOX:
		return sync_outbox_list_after(db, state, after, limit, out, e);
	default:
		return sync_conflict_list_after(db, after, limit, out, e);
	}
}

/* Walk windows of `limit` rows to the end; the ids in order go to ids
 * (at most cap), the number of windows to *windows.  Stops after
 * 1000 windows (a walk that never ends is a failure). */
static size_t
walk(struct db *db, enum which w, const char *state, int limit,
    int64_t *ids, size_t cap, int *windows)
{
	struct err e = ERR_INIT;
	int64_t after = 0;
	size_t n = 0;

	*windows = 0;
	while (*windows < 1000) {
		struct rows r = { 0 };

		must(window(db, w, state, after, limit, &r, &e), &e, "window");
		++*windows;
		if (r.n == 0) {
			rows_free(&r);
			break;
		}
		for (size_t i = 0; i < r.n; i++) {
			if (n < cap)
				ids[n] = rows_int(&r, i, "id");
			n++;
		}
		after = rows_int(&r, r.n - 1, "id");
		rows_free(&r);
	}
	return n;
}

/* The ids SQL gives for a filter, newest first: the expectation. */
static size_t
expected(struct db *db, const char *sql, int64_t *ids, size_t cap)
{
	struct err e = ERR_INIT;
	struct rows r = { 0 };
	size_t n;

	must(rows_query(db, &r, &e, sql, ""), &e, sql);
	for (n = 0; n < r.n && n < cap; n++)
		ids[n] = rows_int(&r, n, "id");
	n = r.n;
	rows_free(&r);
	return n;
}

static void
same_ids(const int64_t *got, size_t ngot, const int64_t *want, size_t nwant,
    const char *name)
{
	size_t i;

	if (ngot != nwant) {
		ok(0, name);
		printf("#   %zu rows, want %zu\n", ngot, nwant);
		return;
	}
	for (i = 0; i < ngot; i++)
		if (got[i] != want[i])
			break;
	if (!ok(i == ngot, name))
		printf("#   row %zu: id %lld, want %lld\n", i,
		    (long long)got[i], (long long)want[i]);
}

/* The query plan of the cached statement whose SQL holds both marks.
 * Prepared directly (the cache is keyed by the SQL's address, so a
 * built string must not go through it); parameters stay unbound. */
static void
plan_of(struct db *db, const char *mark1, const char *mark2,
    struct buf *plan)
{
	sqlite3_stmt *st;
	struct buf q;

	buf_reset(plan);
	for (int i = 0; i < db->nslots; i++) {
		const char *sql = db->slots[i].sql;

		if (sql == NULL || strstr(sql, mark1) == NULL ||
		    strstr(sql, mark2) == NULL)
			continue;
		buf_init(&q);
		buf_addf(&q, "EXPLAIN QUERY PLAN %s", sql);
		if (sqlite3_prepare_v2(db->h, q.s, -1, &st, NULL) != SQLITE_OK) {
			buf_addf(plan, "(cannot explain: %s)",
			    sqlite3_errmsg(db->h));
			buf_free(&q);
			return;
		}
		while (sqlite3_step(st) == SQLITE_ROW)
			buf_addf(plan, "%s\n",
			    (const char *)sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
		buf_free(&q);
		return;
	}
	buf_add(plan, "(statement not found)");
}

static void
plan_is(struct db *db, const char *mark1, const char *mark2,
    const char *want, const char *name)
{
	struct buf plan;
	char label[200];

	buf_init(&plan);
	plan_of(db, mark1, mark2, &plan);
	snprintf(label, sizeof label, "%s: %s", name, want);
	if (!ok(strstr(plan.s, want) != NULL, label))
		printf("#   plan: %s\n", plan.s);
	snprintf(label, sizeof label, "%s: sorts nothing", name);
	if (!ok(strstr(plan.s, "TEMP B-TREE") == NULL, label))
		printf("#   plan: %s\n", plan.s);
	buf_free(&plan);
}

static void
plant(struct db *db)
{
	struct err e = ERR_INIT;

	/* Notifications 1..250; every third one read. */
	must(db_exec(db, &e,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < ?1) INSERT INTO notifications(id, kind, message, "
	    "read_at, created_at) SELECT i, 'TicketCreated', 'note ' || i, "
	    "CASE WHEN i % 3 = 0 THEN 1768471300 END, 1768470000 + i FROM n",
	    "i", (int64_t)NOTES), &e, "notifications");
	/* Outbox rows 1..230 in states failed, pending, done, unsupported
	 * in turn. */
	must(db_exec(db, &e,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < ?1) INSERT INTO outbox(id, entity, local_id, op, state, "
	    "last_error, created_at, updated_at) SELECT i, 'ticket', i, "
	    "'update', CASE i % 4 WHEN 0 THEN 'failed' WHEN 1 THEN 'pending' "
	    "WHEN 2 THEN 'done' ELSE 'unsupported' END, 'HTTP 422', 1, 1 "
	    "FROM n", "i", (int64_t)OUTBOX), &e, "outbox");
	/* Conflicts 1..120; every fifth one already resolved. */
	must(db_exec(db, &e,
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < ?1) INSERT INTO sync_conflicts(id, entity, local_id, "
	    "field, local_value, remote_value, state, created_at) SELECT i, "
	    "'ticket', i, 'status', 'open', 'closed', CASE WHEN i % 5 = 0 "
	    "THEN 'kept_local' ELSE 'open' END, 1 FROM n",
	    "i", (int64_t)CONFLICTS), &e, "conflicts");
}

int
main(void)
{
	struct db *db = testdb_open("paging");
	struct err e = ERR_INIT;
	struct rows r = { 0 };
	int64_t got[1000], want[1000];
	size_t ngot, nwant;
	int windows;

	if (db == NULL)
		return 1;
	plant(db);

	/* All notifications in windows of 100: 250..1 in three windows and
	 * an empty fourth. */
	ngot = walk(db, W_NOTES, NULL, 100, got, 1000, &windows);
	nwant = expected(db, "SELECT id FROM notifications ORDER BY id DESC",
	    want, 1000);
	is_int(nwant, NOTES, "250 notifications planted");
	same_ids(got, ngot, want, nwant,
	    "notifications: every id once, newest first, across windows");
	is_int(windows, 4, "three windows of 100, 100, 50, then an empty one");
	must(notify_list_after(db, 0, 151, 100, &r, &e), &e, "after 151");
	is_int(r.n, 100, "the window after 151 is full");
	is_int(r.n ? rows_int(&r, 0, "id") : 0, 150,
	    "it starts at 150, right after the boundary");
	is_int(r.n ? rows_int(&r, r.n - 1, "id") : 0, 51, "and ends at 51");
	rows_free(&r);
	must(notify_list_after(db, 0, 1, 100, &r, &e), &e, "after 1");
	is_int(r.n, 0, "nothing after the last (oldest) notification");
	rows_free(&r);
	must(notify_list(db, 0, 0, &r, &e), &e, "notify_list");
	is_int(r.n, 100, "notify_list still reads the newest 100");
	is_int(r.n ? rows_int(&r, 0, "id") : 0, 250, "starting with 250");
	rows_free(&r);

	/* Unread only, windows of 7 (a boundary every 7 rows). */
	ngot = walk(db, W_UNREAD, NULL, 7, got, 1000, &windows);
	nwant = expected(db, "SELECT id FROM notifications WHERE read_at IS "
	    "NULL ORDER BY id DESC", want, 1000);
	is_int(nwant, 167, "167 unread");
	same_ids(got, ngot, want, nwant,
	    "unread notifications: every id once across windows of 7");
	is_int(windows, 25, "24 windows (the last of 6 rows), then empty");

	/* Outbox, each state the view offers and every row not done. */
	ngot = walk(db, W_OUTBOX, "failed", 10, got, 1000, &windows);
	nwant = expected(db, "SELECT id FROM outbox WHERE state = 'failed' "
	    "ORDER BY id DESC", want, 1000);
	is_int(nwant, 57, "57 failed rows");
	same_ids(got, ngot, want, nwant,
	    "failed outbox rows: every id once across windows of 10");
	is_int(got[0], 228, "newest failed row first");
	is_int(got[10], 188, "the second window starts right after 192");
	ngot = walk(db, W_OUTBOX, "unsupported", 100, got, 1000, &windows);
	nwant = expected(db, "SELECT id FROM outbox WHERE state = "
	    "'unsupported' ORDER BY id DESC", want, 1000);
	same_ids(got, ngot, want, nwant, "unsupported outbox rows");
	ngot = walk(db, W_OUTBOX, NULL, 100, got, 1000, &windows);
	nwant = expected(db, "SELECT id FROM outbox WHERE state <> 'done' "
	    "ORDER BY id DESC", want, 1000);
	is_int(nwant, 172, "172 rows not done");
	same_ids(got, ngot, want, nwant,
	    "every outbox row not done, across windows of 100");
	is_int(windows, 3, "100 + 72, then an empty window");
	must(sync_outbox_list(db, "failed", 5, &r, &e), &e, "outbox list");
	is_int(r.n, 5, "sync_outbox_list still reads the newest window");
	is_int(r.n ? rows_int(&r, 0, "id") : 0, 228, "from the newest");
	rows_free(&r);

	/* Open conflicts, windows of 30. */
	ngot = walk(db, W_CONFLICTS, NULL, 30, got, 1000, &windows);
	nwant = expected(db, "SELECT id FROM sync_conflicts WHERE state = "
	    "'open' ORDER BY id DESC", want, 1000);
	is_int(nwant, 96, "96 open conflicts");
	same_ids(got, ngot, want, nwant,
	    "open conflicts: every id once across windows of 30");
	is_int(got[0], 119, "newest open conflict first (120 is resolved)");
	must(sync_conflict_list_after(db, 0, 1, &r, &e), &e, "conflict");
	is_str(r.n ? rows_text(&r, 0, "field") : "", "status",
	    "a conflict row carries its field");
	is_str(r.n ? rows_text(&r, 0, "remote_value") : "", "closed",
	    "and both values");
	rows_free(&r);

	/* The plans of the statements just run. */
	plan_is(db, "WHERE n.id <", "LIMIT",
	    "SEARCH n USING INTEGER PRIMARY KEY (rowid<?)",
	    "all notifications: a range of the rowid");
	plan_is(db, "WHERE n.read_at IS NULL AND n.id <",
	    "LIMIT", "SEARCH n USING INDEX notifications_unread "
	    "(read_at=? AND id<?)", "unread: a range of notifications_unread");
	/* The record each is about: one lookup of its event. */
	plan_is(db, "WHERE n.id <", "LIMIT",
	    "SEARCH ev USING INTEGER PRIMARY KEY (rowid=?)",
	    "a notification's record: its event by id");
	plan_is(db, "FROM outbox WHERE state = ?1 AND id <", "LIMIT",
	    "SEARCH outbox USING INDEX outbox_state (state=? AND id<?)",
	    "outbox by state: a range of outbox_state");
	plan_is(db, "FROM outbox WHERE state <> 'done' AND id <", "LIMIT",
	    "SEARCH outbox USING INTEGER PRIMARY KEY (rowid<?)",
	    "outbox not done: a range of the rowid");
	plan_is(db, "FROM sync_conflicts k", "k.id <",
	    "SEARCH k USING INTEGER PRIMARY KEY (rowid<?)",
	    "open conflicts: a range of the rowid");

	testdb_drop(db);
	return tap_done();
}
