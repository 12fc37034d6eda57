/* migrate.c - see migrate.h. */
#include <stdio.h>

#include "core/migrate.h"

int
migrate_latest(void)
{
	return migrations_count > 0 ? migrations[migrations_count - 1].version : 0;
}

static int
user_version(sqlite3 *h, int *v, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return err_set(e, TP_IO, "reading schema version: %s",
		    sqlite3_errmsg(h));
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return err_set(e, TP_IO, "reading schema version: %s",
		    sqlite3_errmsg(h));
	return TP_OK;
}

static int
apply_one(sqlite3 *h, const struct migration *m, struct err *e)
{
	char *msg = NULL;
	char pragma[64];
	int cur;

	if (sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	/* Another process may have migrated while we waited for the lock. */
	if (user_version(h, &cur, e) != TP_OK) {
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		return e->code;
	}
	if (cur >= m->version)
		return sqlite3_exec(h, "COMMIT", NULL, NULL, NULL) == SQLITE_OK
		    ? TP_OK : err_set(e, TP_IO, "migration: %s", sqlite3_errmsg(h));
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
	if (sqlite3_exec(h, m->sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(h, pragma, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
		sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
		goto fail;
	}
	return TP_OK;
fail:
	err_set(e, TP_IO, "migration %s: %s", m->name,
	    msg ? msg : sqlite3_errmsg(h));
	sqlite3_free(msg);
	return TP_IO;
}

int
migrate_apply(sqlite3 *h, struct err *e)
{
	int v;

	if (user_version(h, &v, e) != TP_OK)
		return e->code;
	if (v > migrate_latest())
		return err_set(e, TP_IO, "database schema version %d is newer "
		    "than this termpsa knows (%d): upgrade termpsa", v,
		    migrate_latest());
	for (int i = 0; i < migrations_count; i++) {
		if (migrations[i].version <= v)
			continue;
		if (apply_one(h, &migrations[i], e) != TP_OK)
			return e->code;
	}
	return TP_OK;
}
