/* fuzz_db.c - see fuzz_db.h. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz/fuzz_db.h"
#include "service/client.h"
#include "service/listeners.h"
#include "service/user.h"

#define FUZZ_DB_FILES 4

static struct db *db;
static const char *name;
static char dir[256], db_path[300];
static char files[FUZZ_DB_FILES][300];
static int nfiles;

static void
die(const char *what, const struct err *e)
{
	fprintf(stderr, "%s_fuzz: %s: %s\n", name, what, e ? e->msg : "");
	abort();
}

void
fuzz_db_remove(const char *path)
{
	char p[1024];

	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

static void
cleanup(void)
{
	db_close(db);
	db = NULL;
	for (int i = 0; i < nfiles; i++)
		unlink(files[i]);
	fuzz_db_remove(db_path);
	rmdir(dir);
}

struct db *
fuzz_db(const char *target)
{
	struct client_new c = { .name = "Acme", .rate_cents = -1,
	    .net_terms = -1 };
	struct err e = ERR_INIT;
	const char *tmp = getenv("TMPDIR");
	int64_t id;

	if (db != NULL)
		return db;
	name = target;
	snprintf(dir, sizeof dir, "%s/%s-fuzz.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp", target);
	if (mkdtemp(dir) == NULL)
		die("mkdtemp", NULL);
	snprintf(db_path, sizeof db_path, "%s/t.db", dir);
	if (listeners_install(&e) != TP_OK)
		die("listeners_install", &e);
	if (db_open(db_path, 0, &db, &e) != TP_OK)
		die("db_open", &e);
	atexit(cleanup);
	/* Nothing here needs to survive a power cut: speed over safety. */
	sqlite3_exec(db->h, "PRAGMA synchronous = OFF; "
	    "PRAGMA journal_mode = MEMORY; PRAGMA locking_mode = EXCLUSIVE",
	    NULL, NULL, NULL);
	if (user_add(db, "jane", NULL, -1, &db->me, &e) != TP_OK ||
	    client_create(db, &c, &id, &e) != TP_OK)
		die("setup", &e);
	return db;
}

const char *
fuzz_db_path(const char *file)
{
	if (db == NULL || nfiles == FUZZ_DB_FILES)
		die("fuzz_db_path", NULL);
	snprintf(files[nfiles], sizeof files[nfiles], "%s/%s", dir, file);
	return files[nfiles++];
}
