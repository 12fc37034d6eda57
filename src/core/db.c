/* db.c - see db.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/migrate.h"

/* Create every missing folder of path's directory with mode 0700. */
static int
make_parent_dirs(const char *path, struct err *e)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');

	if (slash == NULL || slash == dir) {
		free(dir);
		return TP_OK;
	}
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				err_set(e, TP_IO, "cannot create folder %s: %s", dir,
				    strerror(errno));
				free(dir);
				return TP_IO;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return TP_OK;
}

/* Create the file 0600 ourselves so SQLite never makes it world-readable. */
static int
create_file(const char *path, struct err *e)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd >= 0) {
		close(fd);
		return TP_OK;
	}
	if (errno == EEXIST)
		return TP_OK;
	return err_set(e, TP_IO, "cannot create database %s: %s", path,
	    strerror(errno));
}

static int
pragmas(struct db *db, int readonly, int oneshot, struct err *e)
{
	static const char *const common[] = {
		"PRAGMA foreign_keys = ON",
		"PRAGMA synchronous = FULL",
		"PRAGMA temp_store = MEMORY",
	};
	char *msg = NULL;

	/* First: even a pragma may have to wait for another writer. */
	db_busy_wait(db, DB_BUSY_MS);
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
		if (sqlite3_exec(db->h, common[i], NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
	}
	/* A cache pays a page fault for every page it grows into: a read
	 * that visits 16 MB of pages once (the three-term filter on the
	 * large set) spent 4,400 faults and twice the sqlite3 shell's time
	 * filling it, where the default 2 MB recycles its pages.  The UI,
	 * the writers and the generator read pages again and keep 16 MB. */
	if (!oneshot && sqlite3_exec(db->h, "PRAGMA cache_size = -16000", NULL,
	    NULL, &msg) != SQLITE_OK)
		goto fail;
	if (!readonly &&
	    sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL, &msg)
	    != SQLITE_OK)
		goto fail;
	/* Every command is a short process: a checkpoint when it closes would
	 * cost two fsyncs and a new WAL file (and a directory fsync) on the
	 * next start, even for a read.  The WAL stays instead and is folded
	 * into the database by the automatic checkpoint of whichever commit
	 * finds it over 1000 pages; commits are durable either way. */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	return TP_OK;
fail:
	err_set(e, TP_IO, "%s: %s", db->path, msg ? msg : sqlite3_errmsg(db->h));
	sqlite3_free(msg);
	return TP_IO;
}

static int
trace_cb(unsigned type, void *ctx, void *p, void *x)
{
	struct db *db = ctx;
	char *sql;

	if (type != SQLITE_TRACE_PROFILE || db->trace == NULL)
		return 0;
	sql = sqlite3_expanded_sql((sqlite3_stmt *)p);
	if (sql != NULL) {
		for (char *c = sql; *c; c++)
			if (*c == '\n' || *c == '\t')
				*c = ' ';
		fprintf(db->trace, "%lld\t%s\n", (long long)*(sqlite3_int64 *)x,
		    sql);
		sqlite3_free(sql);
	}
	return 0;
}

static void
trace_start(struct db *db)
{
	const char *path = getenv("TERMPSA_TRACE_SQL");
	int fd;

	if (path == NULL || *path == '\0')
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0 || (db->trace = fdopen(fd, "a")) == NULL) {
		if (fd >= 0)
			close(fd);
		return;
	}
	sqlite3_trace_v2(db->h, SQLITE_TRACE_PROFILE, trace_cb, db);
}

/* Whether a read-only connection can read (its first read sets up the
 * WAL index). */
static int
readable(sqlite3 *h)
{
	return sqlite3_exec(h, "SELECT count(*) FROM sqlite_master", NULL, NULL,
	    NULL) == SQLITE_OK;
}

/* path as a read-only, immutable URI: file:PATH?immutable=1, with the
 * characters a URI gives meaning to percent-encoded. */
static int
open_immutable(const char *path, sqlite3 **h)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf uri;
	int rc;

	buf_init(&uri);
	buf_add(&uri, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f) {
			buf_addc(&uri, '%');
			buf_addc(&uri, hex[*p >> 4]);
			buf_addc(&uri, hex[*p & 15]);
		} else {
			buf_addc(&uri, (char)*p);
		}
	}
	buf_add(&uri, "?immutable=1");
	rc = sqlite3_open_v2(uri.s, h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI |
	    SQLITE_OPEN_NOMUTEX, NULL);
	buf_free(&uri);
	return rc;
}

/* db_set_hooks: one pair for the process, set before any open. */
static db_open_hook hook_open;
static db_close_hook hook_close;

int
db_open(const char *path, int flags, struct db **out, struct err *e)
{
	struct db *db;
	int oflags, ro = flags & DB_READONLY;

	*out = NULL;
	if (!ro) {
		if (make_parent_dirs(path, e) != TP_OK ||
		    create_file(path, e) != TP_OK)
			return e->code;
		if (access(path, W_OK) != 0)
			return err_set(e, TP_IO, "database %s is read-only: %s",
			    path, strerror(errno));
	} else if (access(path, R_OK) != 0) {
		return err_set(e, TP_IO, "cannot open database %s: %s", path,
		    strerror(errno));
	}
	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->default_rate_cents = 15000;
	snprintf(db->invoice_prefix, sizeof db->invoice_prefix, "INV-");
	snprintf(db->currency, sizeof db->currency, "USD");
	oflags = ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL)
	    != SQLITE_OK) {
		err_set(e, TP_IO, "cannot open database %s: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		db_close(db);
		return TP_IO;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (ro && !readable(db->h)) {
		/* A WAL database in a folder nobody may write, with no -shm
		 * left: SQLite cannot set up its shared memory.  No writer can
		 * be at work there either (it would need that -wal file), so
		 * the file is read as immutable. */
		sqlite3_close(db->h);
		db->h = NULL;
		if (open_immutable(path, &db->h) != SQLITE_OK) {
			err_set(e, TP_IO, "cannot open database %s: %s", path,
			    db->h ? sqlite3_errmsg(db->h) : "out of memory");
			db_close(db);
			return TP_IO;
		}
		sqlite3_extended_result_codes(db->h, 1);
	}
	trace_start(db);
	if (pragmas(db, ro, flags & DB_ONESHOT, e) != TP_OK ||
	    (!(flags & DB_NOMIGRATE) && !ro && migrate_apply(db->h, e) != TP_OK) ||
	    (hook_open != NULL && hook_open(db, e) != TP_OK)) {
		db_close(db);
		return e->code;
	}
	*out = db;
	return TP_OK;
}

void
db_set_hooks(db_open_hook on_open, db_close_hook on_close)
{
	hook_open = on_open;
	hook_close = on_close;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (hook_close != NULL && db->h != NULL)
		hook_close(db);
	for (int i = 0; i < db->nslots; i++)
		sqlite3_finalize(db->slots[i].st);
	if (db->h != NULL)
		sqlite3_close(db->h);
	if (db->trace != NULL)
		fclose(db->trace);
	if (db->notify_argv != NULL) {
		for (char **p = db->notify_argv; *p; p++)
			free(*p);
		free(db->notify_argv);
	}
	free(db->path);
	free(db);
}

static int
stop_cb(void *ctx)
{
	struct db *db = ctx;

	if (db->stop == NULL || db->depth > 0)
		return 0;
	if (db->stop(db->stop_arg)) {
		db->interrupted = 1;
		return 1;
	}
	return 0;
}

void
db_set_interrupt(struct db *db, int (*check)(void *), void *arg)
{
	db->stop = check;
	db->stop_arg = arg;
	db->interrupted = 0;
	/* About 0.1 ms of work between two questions. */
	sqlite3_progress_handler(db->h, check ? 2000 : 0, check ? stop_cb :
	    NULL, db);
}

int
db_interrupted(const struct db *db)
{
	return db->interrupted;
}

int
db_error(struct db *db, struct err *e, const char *what)
{
	int rc = sqlite3_extended_errcode(db->h);
	const char *msg = sqlite3_errmsg(db->h);

	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return err_set(e, TP_BADINPUT, "%s: %s", what, msg);
	case SQLITE_READONLY:
		return err_set(e, TP_IO, "%s: database %s is read-only", what,
		    db->path);
	case SQLITE_FULL:
		return err_set(e, TP_IO, "%s: disk full writing %s", what,
		    db->path);
	case SQLITE_INTERRUPT:
		return err_set(e, TP_IO, "%s: interrupted", what);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return err_set(e, TP_IO, "%s: database %s stayed busy for 15 s "
		    "(another termpsa is holding it)", what, db->path);
	default:
		return err_set(e, TP_IO, "%s: %s", what, msg);
	}
}

sqlite3_stmt *
db_stmt(struct db *db, const char *sql, struct err *e)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < db->nslots; i++) {
		if (db->slots[i].sql == sql) {
			st = db->slots[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		db_error(db, e, "preparing a query");
		return NULL;
	}
	if (db->nslots < (int)(sizeof db->slots / sizeof db->slots[0])) {
		db->slots[db->nslots].sql = sql;
		db->slots[db->nslots].st = st;
		db->nslots++;
	} else {
		/* Full: evict the oldest slot; its statement is not in use
		 * because callers never hold a statement across db_stmt calls
		 * of more than 192 distinct queries. */
		sqlite3_finalize(db->slots[0].st);
		memmove(db->slots, db->slots + 1,
		    sizeof db->slots - sizeof db->slots[0]);
		db->slots[db->nslots - 1].sql = sql;
		db->slots[db->nslots - 1].st = st;
	}
	return st;
}

static int
bindv(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int i = 1, rc = SQLITE_OK;

	for (const char *f = fmt ? fmt : ""; *f && rc == SQLITE_OK; f++, i++) {
		switch (*f) {
		case 'i':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'I': {
			int64_t v = va_arg(ap, int64_t);

			rc = v ? sqlite3_bind_int64(st, i, v)
			    : sqlite3_bind_null(st, i);
			break;
		}
		case 't': {
			const char *s = va_arg(ap, const char *);

			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
			    : sqlite3_bind_null(st, i);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(st, i);
			break;
		default:
			abort();   /* a programming error in a format string */
		}
	}
	return rc;
}

sqlite3_stmt *
db_vprepare(struct db *db, struct err *e, const char *sql, const char *fmt,
    va_list ap)
{
	sqlite3_stmt *st = db_stmt(db, sql, e);

	if (st == NULL)
		return NULL;
	if (bindv(st, fmt, ap) != SQLITE_OK) {
		db_error(db, e, "binding a query");
		return NULL;
	}
	return st;
}

sqlite3_stmt *
db_prepare(struct db *db, struct err *e, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = db_vprepare(db, e, sql, fmt, ap);
	va_end(ap);
	return st;
}

int
db_step(struct db *db, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc;
	db_error(db, e, "database");
	sqlite3_reset(st);
	return -1;
}

int
db_exec(struct db *db, struct err *e, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	st = db_vprepare(db, e, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return e->code;
	while ((rc = db_step(db, st, e)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TP_OK : e->code;
}

/* Run sql and leave *st on its first row (TP_OK; the caller reads it and
 * resets), or TP_NOTFOUND when there is none, or the error. */
static int
first_row(struct db *db, struct err *e, sqlite3_stmt **st, const char *sql,
    const char *fmt, va_list ap)
{
	int rc;

	*st = db_vprepare(db, e, sql, fmt, ap);
	if (*st == NULL)
		return e->code;
	rc = db_step(db, *st, e);
	if (rc < 0)
		return e->code;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(*st);
		return TP_NOTFOUND;
	}
	return TP_OK;
}

int
db_int(struct db *db, struct err *e, int64_t *out, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = first_row(db, e, &st, sql, fmt, ap);
	va_end(ap);
	if (rc != TP_OK)
		return rc;
	*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return TP_OK;
}

int
db_text(struct db *db, struct err *e, char **out, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	*out = NULL;
	va_start(ap, fmt);
	rc = first_row(db, e, &st, sql, fmt, ap);
	va_end(ap);
	if (rc != TP_OK)
		return rc;
	*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return TP_OK;
}

static int64_t
busy_clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* sqlite3_busy_timeout's wait, with a word to the caller on the way:
 * count is 0 at the first call for a lock, so the wait is measured from
 * there.  Short naps first (most waits are a commit's), then 20 ms. */
static int
busy_wait_cb(void *p, int count)
{
	struct db *db = p;
	int64_t now = busy_clock_ms();
	int waited, nap;

	if (count == 0) {
		db->busy_since = now;
		db->busy_told = now;
	}
	waited = (int)(now - db->busy_since);
	if (waited >= db->busy_ms)
		return 0;
	if (db->busy_notice && waited >= DB_BUSY_NOTICE_MS &&
	    now - db->busy_told >= DB_BUSY_NOTICE_MS) {
		db->busy_told = now;
		db->busy_notice(db->busy_arg, waited);
	}
	nap = count < 5 ? 1 << count : 20;
	if (nap > db->busy_ms - waited)
		nap = db->busy_ms - waited;
	sqlite3_sleep(nap);
	return 1;
}

void
db_busy_wait(struct db *db, int ms)
{
	db->busy_ms = ms;
	if (ms <= 0)
		sqlite3_busy_handler(db->h, NULL, NULL);
	else
		sqlite3_busy_handler(db->h, busy_wait_cb, db);
}

void
db_set_busy_notice(struct db *db, void (*notice)(void *, int), void *arg)
{
	db->busy_notice = notice;
	db->busy_arg = arg;
}

int
db_begin(struct db *db, struct err *e)
{
	const char *sql = db->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT tp";

	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, e, "starting a write");
	db->depth++;
	return TP_OK;
}

int
db_begin_deferred(struct db *db, struct err *e)
{
	if (db->depth != 0)
		return err_set(e, TP_INTERNAL, "a deferred write inside a "
		    "transaction");
	if (sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, e, "starting a write");
	db->depth = 1;
	return TP_OK;
}

int
db_commit(struct db *db, struct err *e)
{
	const char *sql = db->depth == 1 ? "COMMIT" : "RELEASE tp";

	if (db->depth <= 0)
		return err_set(e, TP_INTERNAL, "commit outside a transaction");
	if (sqlite3_exec(db->h, sql, NULL, NULL, NULL) != SQLITE_OK) {
		db_error(db, e, "saving");
		db_rollback(db);
		return e->code;
	}
	db->depth--;
	return TP_OK;
}

void
db_rollback(struct db *db)
{
	if (db->depth <= 0)
		return;
	if (db->depth == 1)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	else
		sqlite3_exec(db->h, "ROLLBACK TO tp; RELEASE tp", NULL, NULL,
		    NULL);
	db->depth--;
}

int
db_end(struct db *db, int rc, struct err *e)
{
	if (rc != TP_OK) {
		db_rollback(db);
		return rc;
	}
	return db_commit(db, e);
}

int64_t
db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int
db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

void
db_bind_named_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

void
db_bind_named_text(sqlite3_stmt *st, const char *name, const char *text)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i <= 0)
		return;
	if (text == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, text, -1, SQLITE_TRANSIENT);
}

/* Fixed SQL per table: no table name is ever pasted into a statement. */
static const struct {
	const char *table;
	const char *sql;
} row_ids[] = {
	{ "clients",
	  "INSERT INTO counters(name, value) VALUES ('client_id', "
	  "(SELECT coalesce(max(id), 0) + 1 FROM clients)) "
	  "ON CONFLICT(name) DO UPDATE SET value = max(value + 1, "
	  "(SELECT coalesce(max(id), 0) + 1 FROM clients)) RETURNING value" },
	{ "tickets",
	  "INSERT INTO counters(name, value) VALUES ('ticket_id', "
	  "(SELECT coalesce(max(id), 0) + 1 FROM tickets)) "
	  "ON CONFLICT(name) DO UPDATE SET value = max(value + 1, "
	  "(SELECT coalesce(max(id), 0) + 1 FROM tickets)) RETURNING value" },
};

int
db_next_row_id(struct db *db, const char *table, int64_t *out,
    struct err *e)
{
	for (size_t i = 0; i < sizeof row_ids / sizeof row_ids[0]; i++) {
		if (strcmp(row_ids[i].table, table) != 0)
			continue;
		if (db_int(db, e, out, row_ids[i].sql, NULL) == TP_NOTFOUND)
			return err_set(e, TP_INTERNAL, "%s id counter", table);
		return e->code;
	}
	return err_set(e, TP_INTERNAL, "no id counter for %s", table);
}

int
db_next_counter(struct db *db, const char *name, int64_t *out, struct err *e)
{
	static const char sql[] =
	    "INSERT INTO counters(name, value) VALUES (?1, 1) "
	    "ON CONFLICT(name) DO UPDATE SET value = value + 1 "
	    "RETURNING value";

	return db_int(db, e, out, sql, "t", name) == TP_OK ? TP_OK
	    : (e && e->code ? e->code : err_set(e, TP_INTERNAL, "counter %s", name));
}
