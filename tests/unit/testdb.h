/*
 * testdb.h - the throw-away databases of the C unit tests: testdb_open
 * makes a fresh, migrated database named after the test and the process
 * (so parallel `make check` runs never share one); testdb_drop closes it
 * and removes it with its WAL side files.  Opening one also installs the
 * listener and job tables, as app_db does for the programs.
 */
#ifndef TP_TESTDB_H
#define TP_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"
#include "service/listeners.h"

/* NULL (with a TAP diagnostic) when the database cannot be opened. */
static inline struct db *
testdb_open(const char *name)
{
	struct err e = ERR_INIT;
	struct db *db = NULL;
	char path[256];

	snprintf(path, sizeof path, "testdb-%s-%d.db", name, (int)getpid());
	unlink(path);
	if (listeners_install(&e) != TP_OK) {
		printf("# listeners_install: %s\n", e.msg);
		return NULL;
	}
	if (db_open(path, 0, &db, &e) != TP_OK) {
		printf("# db_open %s: %s\n", path, e.msg);
		return NULL;
	}
	return db;
}

static inline void
testdb_drop(struct db *db)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	char *path;
	char side[300];
	size_t i;

	if (db == NULL)
		return;
	path = xstrdup(db->path);
	db_close(db);
	for (i = 0; i < sizeof sides / sizeof sides[0]; i++) {
		snprintf(side, sizeof side, "%s%s", path, sides[i]);
		unlink(side);
	}
	free(path);
}

#endif
