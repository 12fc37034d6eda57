/* rows.c - see rows.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/rows.h"

static void
set_cols(struct rows *r, sqlite3_stmt *st)
{
	r->ncol = sqlite3_column_count(st);
	r->cols = xcalloc((size_t)r->ncol, sizeof *r->cols);
	for (int c = 0; c < r->ncol; c++)
		r->cols[c] = xstrdup(sqlite3_column_name(st, c));
}

static void
add_row(struct rows *r, sqlite3_stmt *st)
{
	struct cell *row;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->cells = xrealloc(r->cells,
		    r->cap * (size_t)r->ncol * sizeof *r->cells);
	}
	row = r->cells + r->n * (size_t)r->ncol;
	for (int c = 0; c < r->ncol; c++) {
		switch (sqlite3_column_type(st, c)) {
		case SQLITE_NULL:
			row[c].type = CELL_NULL;
			row[c].i = 0;
			row[c].s = NULL;
			break;
		case SQLITE_INTEGER:
			row[c].type = CELL_INT;
			row[c].i = sqlite3_column_int64(st, c);
			row[c].s = xstrdup((const char *)sqlite3_column_text(st, c));
			break;
		default:
			row[c].type = CELL_TEXT;
			row[c].s = xstrdup((const char *)sqlite3_column_text(st, c));
			row[c].i = strtoll(row[c].s, NULL, 10);
			break;
		}
	}
	r->n++;
}

int
rows_collect(struct db *db, sqlite3_stmt *st, struct rows *out, struct err *e)
{
	int rc;

	if (out->cols == NULL)
		set_cols(out, st);
	while ((rc = db_step(db, st, e)) == SQLITE_ROW)
		add_row(out, st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? TP_OK : e->code;
}

int
rows_query(struct db *db, struct rows *out, struct err *e, const char *sql,
    const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = db_vprepare(db, e, sql, fmt, ap);
	va_end(ap);
	if (st == NULL)
		return e->code;
	return rows_collect(db, st, out, e);
}

void
rows_free(struct rows *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n * (size_t)r->ncol; i++)
		free(r->cells[i].s);
	for (int c = 0; c < r->ncol; c++)
		free(r->cols[c]);
	free(r->cells);
	free(r->cols);
	memset(r, 0, sizeof *r);
}

int
rows_col(const struct rows *r, const char *name)
{
	for (int c = 0; c < r->ncol; c++)
		if (strcmp(r->cols[c], name) == 0)
			return c;
	return -1;
}

const struct cell *
rows_cell(const struct rows *r, size_t row, int col)
{
	if (row >= r->n || col < 0 || col >= r->ncol)
		return NULL;
	return &r->cells[row * (size_t)r->ncol + (size_t)col];
}

const char *
rows_text(const struct rows *r, size_t row, const char *col)
{
	const struct cell *c = rows_cell(r, row, rows_col(r, col));

	return c && c->s ? c->s : "";
}

int64_t
rows_int(const struct rows *r, size_t row, const char *col)
{
	const struct cell *c = rows_cell(r, row, rows_col(r, col));

	return c ? c->i : 0;
}

int
rows_isnull(const struct rows *r, size_t row, const char *col)
{
	const struct cell *c = rows_cell(r, row, rows_col(r, col));

	return c == NULL || c->type == CELL_NULL;
}

static int
is_timestamp_col(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && strcmp(name + n - 3, "_at") == 0;
}

/* JSON texts that a column holds (payload, fields, items) are embedded as
 * JSON rather than as strings when the column name says so. */
static int
is_json_col(const char *name)
{
	static const char *const json_cols[] = {
		"payload", "fields", "items", "data", "notes_json", NULL
	};

	for (int i = 0; json_cols[i]; i++)
		if (strcmp(name, json_cols[i]) == 0)
			return 1;
	return 0;
}

int
rows_json_object(struct db *db, const struct rows *r, size_t row,
    struct buf *out, struct err *e)
{
	/* SQLite builds the object: key/value pairs bound as parameters; a
	 * value flagged as JSON goes through json() so it nests.  The
	 * statement text depends only on the column count and kinds. */
	struct buf sql;
	sqlite3_stmt *st;
	int rc;

	buf_init(&sql);
	buf_add(&sql, "SELECT json_object(");
	for (int c = 0; c < r->ncol; c++) {
		const struct cell *cell = rows_cell(r, row, c);
		int js = is_json_col(r->cols[c]) && cell->type == CELL_TEXT;

		buf_add(&sql, c ? ", ?" : "?");
		buf_add(&sql, js ? ", json(?)" : ", ?");
	}
	buf_add(&sql, ")");
	if (sqlite3_prepare_v2(db->h, sql.s, -1, &st, NULL) != SQLITE_OK) {
		buf_free(&sql);
		return db_error(db, e, "building JSON");
	}
	buf_free(&sql);
	for (int c = 0; c < r->ncol; c++) {
		const struct cell *cell = rows_cell(r, row, c);
		int k = 2 * c + 1;
		char iso[CLOCK_ISO_LEN];

		sqlite3_bind_text(st, k, r->cols[c], -1, SQLITE_STATIC);
		if (cell->type == CELL_NULL) {
			sqlite3_bind_null(st, k + 1);
		} else if (cell->type == CELL_INT && is_timestamp_col(r->cols[c])) {
			clock_format_iso(cell->i, iso);
			sqlite3_bind_text(st, k + 1, iso, -1, SQLITE_TRANSIENT);
		} else if (cell->type == CELL_INT) {
			sqlite3_bind_int64(st, k + 1, cell->i);
		} else {
			sqlite3_bind_text(st, k + 1, cell->s, -1, SQLITE_STATIC);
		}
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		buf_add(out, (const char *)sqlite3_column_text(st, 0));
	else
		db_error(db, e, "building JSON");
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? TP_OK : e->code;
}

int
rows_json_array(struct db *db, const struct rows *r, struct buf *out,
    struct err *e)
{
	buf_addc(out, '[');
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			buf_addc(out, ',');
		if (rows_json_object(db, r, i, out, e) != TP_OK)
			return e->code;
	}
	buf_addc(out, ']');
	return TP_OK;
}
