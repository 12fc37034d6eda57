/*
 * filter.h - the lists' filter language (termpsa(1) FILTERS): words, each
 * a term that must hold ("status:open,waiting", "pri:high+", "age:>7d",
 * "overdue"; "-" before one negates it) or full text.
 *
 * A list describes its fields in one table (struct filter_field: a name,
 * a kind, the SQL column).  filter_parse turns text into a WHERE fragment
 * whose every value is a named parameter (:f1, :f2, ...) and a list of
 * the values; filter_resolve looks up what needs the database (me, a
 * user's or a client's name), filter_bind binds the values.  User text is
 * never part of the SQL: the fragment is made of the table's columns, its
 * value names and operators.  This module owns the language, the
 * fragments and the binds, and how a text's full-text words join a list's
 * own search (struct filter_query); each list's service owns its table
 * and where the fragment goes in its statement.
 */
#ifndef TP_FILTER_H
#define TP_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"

enum filter_kind {
	FILTER_SET,     /* one or more of values, comma-separated; on an
	                   ordered set "x+" is x and above, "x-" x and below */
	FILTER_USER,    /* me | none | a user's name or id */
	FILTER_CLIENT,  /* a client's id, or its name (case-insensitive) */
	FILTER_REF,     /* an id, or none */
	FILTER_TIME,    /* a unix time column: [op]DATE|today|yesterday|
	                   tomorrow, <2d (from now), none */
	FILTER_AGE,     /* a unix time column read as an age: >7d is longer
	                   ago than 7 days; [op]DATE as FILTER_TIME */
	FILTER_DAY,     /* a YYYY-MM-DD text column, values as FILTER_TIME */
	FILTER_MONEY,   /* a cents column: [op]500.00 */
	FILTER_FLAG,    /* no value: column is the whole condition */
	FILTER_SLA      /* a ticket's SLA clocks (service/sla.h's SQL
	                   functions of the id column): breached, none (no
	                   clock running), [op]DURATION time to breach */
};

/* Field flags. */
#define FILTER_F_STATUS 1   /* sets the list's statuses (no default set) */
#define FILTER_F_WALK   2   /* keeps a ticket search's walk plan usable */

struct filter_field {
	const char        *name;     /* "status" */
	const char        *alias;    /* another name ("priority"), or NULL */
	enum filter_kind   kind;
	const char        *column;   /* "t.status", or FLAG's condition */
	const char *const *values;   /* SET: the choices, NULL-terminated */
	int                ordered;  /* SET: values are in rank order */
	const char        *extra;    /* SET: one more value name ... */
	const char        *extra_sql; /* ... standing for this condition */
	int                flags;
	const char        *hint;     /* the values, for errors and --help */
};

struct filter_table {
	const char                *what;     /* "ticket" */
	const struct filter_field *fields;
	size_t                     n;
};

struct filter_bind {
	char    kind;    /* 'i' an integer, 't' text, 'm' me, 'u' a user's
	                    name, 'c' a client (id in i, or name in t) */
	int64_t i;
	char   *t;
};

struct filter {
	struct buf          where;    /* " AND (...)" per term */
	struct buf          search;   /* the full-text words */
	struct filter_bind *binds;    /* :f1 is binds[0] */
	size_t              nbinds;
	int                 status_set;  /* a FILTER_F_STATUS term given */
	int                 terms;       /* terms in where */
	int                 unwalkable;  /* a term without FILTER_F_WALK */
};

void filter_init(struct filter *f);
void filter_free(struct filter *f);

/* Parse text (words separated by blanks; double quotes group, "" inside
 * them is a quote) with table t into out (filter_init'ed).  A bad term is
 * TP_BADINPUT naming its word number and column, and the valid fields or
 * values. */
int filter_parse(const struct filter_table *t, const char *text,
    struct filter *out, struct err *e);

/* Resolve me, users' and clients' names and check client ids exist
 * (TP_NOTFOUND as `--client` says it). */
int filter_resolve(struct db *db, struct filter *f, struct err *e);

/* Bind :f1 ... of a statement prepared from a text holding f->where. */
void filter_bind(sqlite3_stmt *st, const struct filter *f);

/* A list's filter text parsed, and the search the list then runs: its
 * own search text and the text's full-text words after it, joined by a
 * blank.  The query owns terms and words; search lives in words or is
 * the list's own text. */
struct filter_query {
	struct filter terms;
	struct buf    words;
	const char   *search;   /* own when the text holds no words */
};

/* filter_parse text with t into q->terms and set q->search from own
 * (the list's search, NULL for none).  q is initialised either way:
 * filter_query_free it. */
int filter_query_parse(const struct filter_table *t, const char *text,
    const char *own, struct filter_query *q, struct err *e);
void filter_query_free(struct filter_query *q);

/* The words of a command line as filter text: each a word of the text
 * (quoted where it holds a blank or a quote). */
void filter_join_words(char *const *words, int n, struct buf *out);

/* "status, pri, ..." into out. */
void filter_field_names(const struct filter_table *t, struct buf *out);

/* Tab completion of the last word of text (the line as typed): the
 * candidates, each the whole word, into out separated by '\n'.  Field
 * names ("status:"), then a field's values ("status:open"). */
void filter_complete(const struct filter_table *t, const char *word,
    struct buf *out);

/* filter_complete and, for a client's or a user's field, the names in
 * the database that start with the value typed (case-insensitive; an
 * opening quote may be typed): client:"Beacon Hotel" (a name with a blank
 * or a quote is quoted), each name once however many clients share it,
 * at most FILTER_NAMES_MAX of them. */
#define FILTER_NAMES_MAX 50
int filter_complete_names(struct db *db, const struct filter_table *t,
    const char *word, struct buf *out, struct err *e);

/* The lists' tables. */
extern const struct filter_table ticket_filter_table;
extern const struct filter_table asset_filter_table;
extern const struct filter_table invoice_filter_table;

#endif
