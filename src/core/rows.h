/*
 * rows.h - a small result set: what list and show functions return.
 *
 * A query's rows are copied out of SQLite into a struct rows that the
 * caller owns (rows_free).  The CLI prints them as aligned columns or as
 * JSON (built by SQLite's json_object, never by hand); the UI reads cells
 * by column name.  Column names are the schema's, which is the --json
 * contract of cli.md.
 */
#ifndef TP_ROWS_H
#define TP_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"

enum cell_type { CELL_NULL, CELL_INT, CELL_TEXT };

struct cell {
	enum cell_type type;
	int64_t        i;
	char          *s;      /* text, owned; for CELL_INT the decimal text */
};

struct rows {
	int          ncol;
	char       **cols;     /* owned */
	size_t       n;        /* rows */
	size_t       cap;
	struct cell *cells;    /* n * ncol, row-major, owned */
};

/* Run sql with fmt bindings (see db.h) and collect every row into *out,
 * which must be zeroed or freed before. */
int rows_query(struct db *db, struct rows *out, struct err *e,
    const char *sql, const char *fmt, ...);

/* Append the rows of a stepped-but-not-started statement. */
int rows_collect(struct db *db, sqlite3_stmt *st, struct rows *out,
    struct err *e);

void rows_free(struct rows *r);

/* Column index or -1. */
int rows_col(const struct rows *r, const char *name);

/* Cell accessors by column name; "" / 0 for a NULL or an unknown column. */
const char *rows_text(const struct rows *r, size_t row, const char *col);
int64_t     rows_int(const struct rows *r, size_t row, const char *col);
int         rows_isnull(const struct rows *r, size_t row, const char *col);
const struct cell *rows_cell(const struct rows *r, size_t row, int col);

/* One row as a JSON object, or every row as a JSON array, appended to out.
 * Columns named *_at holding integers are written as ISO-8601 UTC. */
int rows_json_object(struct db *db, const struct rows *r, size_t row,
    struct buf *out, struct err *e);
int rows_json_array(struct db *db, const struct rows *r, struct buf *out,
    struct err *e);

#endif
