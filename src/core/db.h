/*
 * db.h - the database handle: open, migrate, transactions, statements.
 *
 * struct db owns the SQLite connection and a cache of prepared statements
 * keyed by their SQL text (statements that run often are prepared once).
 * It also carries the few settings every service needs (who "me" is, the
 * default rate, the invoice prefix), filled by the caller after db_open.
 *
 * Transactions nest: the outermost db_begin is BEGIN IMMEDIATE, inner ones
 * are savepoints, so a service function is one unit of work whether it is
 * called alone or from inside another (the saga, the demo generator).
 *
 * Binding: functions taking `fmt, ...` bind one argument per character:
 *   'i' int64_t            'I' int64_t, 0 binds NULL (optional reference)
 *   't' const char *       (NULL binds NULL)
 *   'n' nothing, binds NULL
 */
#ifndef TP_DB_H
#define TP_DB_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sqlite3.h>

#include "core/err.h"

#define DB_READONLY 0x1    /* open without creating or writing */
#define DB_NOMIGRATE 0x2   /* do not apply migrations (tests) */
#define DB_ONESHOT   0x4   /* one command that reads once: SQLite's own
                              2 MB page cache, not the 16 MB one */

struct db_stmt_slot {
	const char   *sql;
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *h;
	char    *path;
	int      depth;                 /* transaction nesting */
	int      nslots;
	struct db_stmt_slot slots[192];

	/* settings, filled by the caller (cli/ui) after db_open */
	int64_t  me;                    /* users.id of "me", 0 if none yet */
	int64_t  default_rate_cents;    /* billing.default_rate, 15000 */
	char     invoice_prefix[32];    /* billing.invoice_prefix, "INV-" */
	char     currency[8];           /* billing.currency, "USD" */
	int      timer_rounding;        /* billing.timer_rounding; < 2: 1 */
	char   **notify_argv;           /* notify.command, NULL-terminated */
	FILE    *trace;                 /* TERMPSA_TRACE_SQL, or NULL */
	int    (*stop)(void *);         /* db_set_interrupt */
	void    *stop_arg;
	int      interrupted;           /* the last read was abandoned */
	int      busy_ms;               /* db_busy_wait */
	int64_t  busy_since;            /* ms: the current wait began */
	int64_t  busy_told;             /* ms: the notice was last given */
	void   (*busy_notice)(void *, int);  /* db_set_busy_notice */
	void    *busy_arg;
};

/* When the environment variable TERMPSA_TRACE_SQL names a file, every
 * statement run is appended to it as "<nanoseconds>\t<SQL with values>"
 * (for the bench and for profiling; it may hold customer data, so the file
 * is created 0600). */

/* Open (creating with 0600 in a 0700 folder unless DB_READONLY) and
 * migrate.  *out is owned by the caller and released with db_close. */
int db_open(const char *path, int flags, struct db **out, struct err *e);
void db_close(struct db *db);

/* What every connection gets, set once by the composition root before
 * any db_open: on_open runs on each new connection after its pragmas (an
 * error fails the open), on_close before each is closed.  Core cannot
 * know the services' SQL functions (the SLA clocks' sla_due and
 * sla_breached), yet every connection that reads lists needs them: the
 * app's and the UI's background reader's alike.  NULL: nothing. */
typedef int (*db_open_hook)(struct db *db, struct err *e);
typedef void (*db_close_hook)(struct db *db);
void db_set_hooks(db_open_hook on_open, db_close_hook on_close);

/* Reads that may be abandoned: while check is set, a statement running
 * outside any transaction asks check(arg) every few thousand steps and
 * stops when it returns nonzero; the call fails and db_interrupted says
 * why.  The UI sets it around list reads so that a keystroke never waits
 * for a query that its own key makes stale.  Writes are never stopped:
 * inside db_begin the check is not asked.  NULL clears it. */
void db_set_interrupt(struct db *db, int (*check)(void *), void *arg);
int db_interrupted(const struct db *db);

/* Begin/commit/rollback one unit of work (nestable, see above). */
int db_begin(struct db *db, struct err *e);

/* How long a write waits for another connection's write lock before it
 * fails busy: DB_BUSY_MS from the open on.  0 gives up at once, for a
 * caller that would rather come back later than freeze (the UI's idle
 * jobs). */
#define DB_BUSY_MS 15000
void db_busy_wait(struct db *db, int ms);

/* While a statement waits for another connection's lock, notice(arg,
 * waited_ms) is called once the wait passes DB_BUSY_NOTICE_MS and then
 * every DB_BUSY_NOTICE_MS, from inside the waiting call: the UI says why
 * the screen is still rather than freezing without a word.  notice must
 * not use the connection.  NULL clears it. */
#define DB_BUSY_NOTICE_MS 300
void db_set_busy_notice(struct db *db, void (*notice)(void *, int),
    void *arg);
/* The outermost level as a deferred BEGIN (its write lock taken at the
 * first write, and only on the databases written): for a load that
 * attaches a side database another connection fills meanwhile.  Nests and
 * ends like db_begin's; TP_INTERNAL inside a transaction. */
int db_begin_deferred(struct db *db, struct err *e);
int db_commit(struct db *db, struct err *e);
void db_rollback(struct db *db);
/* End a unit of work begun with db_begin: commit when rc is TP_OK, else
 * roll back and pass rc on (e already says why). */
int db_end(struct db *db, int rc, struct err *e);

/* A cached statement for sql (reset, bindings cleared), or NULL with e set.
 * The statement belongs to db; do not finalize it. */
sqlite3_stmt *db_stmt(struct db *db, const char *sql, struct err *e);

/* db_stmt + bind fmt. */
sqlite3_stmt *db_prepare(struct db *db, struct err *e, const char *sql,
    const char *fmt, ...);
sqlite3_stmt *db_vprepare(struct db *db, struct err *e, const char *sql,
    const char *fmt, va_list ap);

/* Run a statement to completion. */
int db_exec(struct db *db, struct err *e, const char *sql, const char *fmt,
    ...);

/* First column of the first row as an integer; TP_NOTFOUND when there is
 * no row (e set only if notfound_msg is not NULL... see db_int_opt). */
int db_int(struct db *db, struct err *e, int64_t *out, const char *sql,
    const char *fmt, ...);

/* First column of the first row as a newly allocated string (caller frees;
 * NULL for SQL NULL); TP_NOTFOUND when there is no row. */
int db_text(struct db *db, struct err *e, char **out, const char *sql,
    const char *fmt, ...);

/* Step st once: SQLITE_ROW / SQLITE_DONE, or sets e (TP_IO) and returns -1. */
int db_step(struct db *db, sqlite3_stmt *st, struct err *e);

/* Translate the last SQLite error on db into e (constraint -> TP_BADINPUT,
 * read-only / full / busy -> TP_IO with a clear message). */
int db_error(struct db *db, struct err *e, const char *what);

int64_t db_last_id(struct db *db);
int     db_changes(struct db *db);

/* Bind a named parameter (":client") if the statement has it: lists
 * build their SQL per call from the filter and bind only what it names.
 * Text is copied; NULL binds NULL. */
void db_bind_named_int(sqlite3_stmt *st, const char *name, int64_t v);
void db_bind_named_text(sqlite3_stmt *st, const char *name,
    const char *text);

/* A new row id for "clients" or "tickets" that is never used twice, even
 * after the newest row was deleted (a compensated saga step): its events
 * and activity keep naming it.  Follows rows inserted without it (an
 * import, the demo).  Call inside a transaction. */
int db_next_row_id(struct db *db, const char *table, int64_t *out,
    struct err *e);

/* The next value of a named counter (ticket numbers, invoice numbers);
 * call inside a transaction. */
int db_next_counter(struct db *db, const char *name, int64_t *out,
    struct err *e);

#endif
