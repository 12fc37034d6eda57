/*
 * js.h - JSON for the sync helper, done by SQLite's JSON1 on a private
 * in-memory connection.  Private on purpose: request bodies carry API keys
 * and token answers carry access tokens, and this connection is never
 * traced (TERMPSA_TRACE_SQL traces the database connection only).
 *
 * Strings returned are owned by the caller (free); a NULL result means SQL
 * NULL or no row.  Binding formats are db.h's: 'i' int64, 't' text.
 */
#ifndef TP_SYNC_JS_H
#define TP_SYNC_JS_H

#include <stddef.h>
#include <stdint.h>

struct js;

struct js *js_open(void);
void js_close(struct js *j);

/* First column of the first row as text (caller frees), or NULL. */
char *js_q(struct js *j, const char *sql, const char *fmt, ...);

/* First column of the first row as an integer (0 for none). */
int64_t js_i(struct js *j, const char *sql, const char *fmt, ...);

/* Members of the object or array at path in json: key (array index as
 * text), value as JSON text, type (json_type's name). */
struct js_list {
	size_t n;
	char **key, **val, **type;
};
void js_each(struct js *j, const char *json, const char *path,
    struct js_list *out);
void js_list_free(struct js_list *l);

/* Shorthands: the JSON text at path (->), the SQL text at path (->>),
 * json_type at path; path like "$.a.b" or "$.ops.\"ticket.create\"". */
char *js_get(struct js *j, const char *json, const char *path);
char *js_text(struct js *j, const char *json, const char *path);
char *js_type(struct js *j, const char *json, const char *path);

/* 1 when json has a member (of any type, null too) at path. */
int js_has(struct js *j, const char *json, const char *path);

/* json_set(json, path, json(value)): a new text (caller frees). */
char *js_set(struct js *j, const char *json, const char *path,
    const char *value_json);

/* A JSON string literal for s (json_quote). */
char *js_quote(struct js *j, const char *s);

/* The JSON document inside a response body: from the first '{' or '[' on
 * (PHP warnings may come first), if that is valid JSON; else NULL. */
char *js_body(struct js *j, const char *body);

/* A path "$.\"key\"" for one member name. caller frees. */
char *js_key_path(const char *prefix, const char *key);

/* buf_detach, then release what b still holds: b's string, caller frees;
 * b must not be used again without buf_init. */
struct buf;
char *js_take(struct buf *b);

#endif
