/* js.c - see js.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/buf.h"
#include "sync/js.h"

#define JS_SLOTS 96

/* Statements are cached by the address of their SQL text: every caller
 * passes a string literal, and parsing was most of the helper's time. */
struct js {
	sqlite3 *h;
	int      n;
	struct { const char *sql; sqlite3_stmt *st; } slot[JS_SLOTS];
};

struct js *
js_open(void)
{
	struct js *j = xcalloc(1, sizeof *j);

	if (sqlite3_open_v2(":memory:", &j->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		abort();
	return j;
}

void
js_close(struct js *j)
{
	if (j == NULL)
		return;
	for (int i = 0; i < j->n; i++)
		sqlite3_finalize(j->slot[i].st);
	sqlite3_close(j->h);
	free(j);
}

static sqlite3_stmt *
prep(struct js *j, const char *sql, const char *fmt, va_list ap)
{
	sqlite3_stmt *st = NULL;
	int i = 1;

	for (int k = 0; k < j->n && st == NULL; k++)
		if (j->slot[k].sql == sql)
			st = j->slot[k].st;
	if (st == NULL) {
		if (sqlite3_prepare_v3(j->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    &st, NULL) != SQLITE_OK)
			abort();   /* our own SQL: a bug */
		if (j->n < JS_SLOTS) {
			j->slot[j->n].sql = sql;
			j->slot[j->n].st = st;
			j->n++;
		}
	}
	for (const char *f = fmt ? fmt : ""; *f; f++, i++) {
		if (*f == 'i') {
			sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
		} else {
			const char *s = va_arg(ap, const char *);

			if (s)
				sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, i);
		}
	}
	return st;
}

/* Back to the cache (reset, bindings dropped), or finalized if the cache
 * was full when it was prepared. */
static void
release(struct js *j, sqlite3_stmt *st)
{
	for (int k = 0; k < j->n; k++) {
		if (j->slot[k].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	}
	sqlite3_finalize(st);
}

char *
js_q(struct js *j, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	char *out = NULL;
	va_list ap;

	va_start(ap, fmt);
	st = prep(j, sql, fmt, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		out = xstrdup((const char *)sqlite3_column_text(st, 0));
	release(j, st);
	return out;
}

int64_t
js_i(struct js *j, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	int64_t out = 0;
	va_list ap;

	va_start(ap, fmt);
	st = prep(j, sql, fmt, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = sqlite3_column_int64(st, 0);
	release(j, st);
	return out;
}

static char *
col(sqlite3_stmt *st, int c)
{
	return sqlite3_column_type(st, c) == SQLITE_NULL ? NULL :
	    xstrdup((const char *)sqlite3_column_text(st, c));
}

static sqlite3_stmt *
prepf(struct js *j, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = prep(j, sql, fmt, ap);
	va_end(ap);
	return st;
}

void
js_each(struct js *j, const char *json, const char *path, struct js_list *out)
{
	sqlite3_stmt *st = prepf(j, "SELECT coalesce(key, ''), CASE WHEN type "
	    "IN ('object', 'array') THEN value ELSE json_quote(value) END, type "
	    "FROM json_each(CASE WHEN json_valid(?1) THEN ?1 ELSE '{}' END, ?2)",
	    "tt", json, path ? path : "$");
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 8;
			out->key = xrealloc(out->key, cap * sizeof *out->key);
			out->val = xrealloc(out->val, cap * sizeof *out->val);
			out->type = xrealloc(out->type, cap * sizeof *out->type);
		}
		out->key[out->n] = col(st, 0);
		out->val[out->n] = col(st, 1);
		out->type[out->n] = col(st, 2);
		out->n++;
	}
	release(j, st);
}

void
js_list_free(struct js_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->key[i]);
		free(l->val[i]);
		free(l->type[i]);
	}
	free(l->key);
	free(l->val);
	free(l->type);
	memset(l, 0, sizeof *l);
}

char *
js_get(struct js *j, const char *json, const char *path)
{
	return js_q(j, "SELECT CASE WHEN json_valid(?1) THEN ?1 -> ?2 END",
	    "tt", json, path);
}

char *
js_text(struct js *j, const char *json, const char *path)
{
	return js_q(j, "SELECT CASE WHEN json_valid(?1) THEN ?1 ->> ?2 END",
	    "tt", json, path);
}

int
js_has(struct js *j, const char *json, const char *path)
{
	return js_i(j, "SELECT json_type(?1, ?2) IS NOT NULL", "tt", json,
	    path) != 0;
}

char *
js_type(struct js *j, const char *json, const char *path)
{
	return js_q(j, "SELECT CASE WHEN json_valid(?1) THEN json_type(?1, ?2) "
	    "END", "tt", json, path);
}

char *
js_set(struct js *j, const char *json, const char *path,
    const char *value_json)
{
	return js_q(j, "SELECT json_set(?1, ?2, json(?3))", "ttt", json, path,
	    value_json ? value_json : "null");
}

char *
js_quote(struct js *j, const char *s)
{
	return js_q(j, "SELECT json_quote(?1)", "t", s);
}

char *
js_body(struct js *j, const char *body)
{
	/* Try each '{' or '[' in turn: a PHP warning before the JSON may
	 * itself hold brackets ("Undefined array key [x]"). */
	for (int tries = 0; body != NULL && *body && tries < 64; tries++) {
		const char *start = strpbrk(body, "{[");
		char *out;

		if (start == NULL)
			return NULL;
		out = js_q(j, "SELECT CASE WHEN json_valid(?1) THEN json(?1) END",
		    "t", start);
		if (out != NULL)
			return out;
		body = start + 1;
	}
	return NULL;
}

char *
js_key_path(const char *prefix, const char *key)
{
	struct buf b;

	buf_init(&b);
	buf_addf(&b, "%s.\"%s\"", prefix, key);
	return js_take(&b);
}

char *
js_take(struct buf *b)
{
	char *s = buf_detach(b);

	buf_free(b);    /* buf_detach leaves b owning a fresh buffer */
	return s;
}
