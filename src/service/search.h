/*
 * search.h - one search over every kind of record: tickets, clients,
 * contacts, assets and invoices at once (termpsa search, the UI's F).
 *
 * This module owns the per-kind queries and their order.  Each kind is
 * answered from its own FTS5 index (schema/0001, 0004, 0011) with the
 * query terms_query builds, so user text is never FTS syntax nor part of
 * a statement.  Within a kind, rows come best first by bm25; to answer
 * within milliseconds on a million tickets, the rows ranked are the
 * newest SEARCH_WINDOW matches of that kind (FTS5 reads those lazily in
 * rowid order; ranking every match would gather them all).
 */
#ifndef TP_SEARCH_H
#define TP_SEARCH_H

#include "core/db.h"
#include "core/err.h"
#include "core/rows.h"

enum search_kind {
	SEARCH_TICKETS,
	SEARCH_CLIENTS,
	SEARCH_CONTACTS,
	SEARCH_ASSETS,
	SEARCH_INVOICES,
	SEARCH_NKINDS
};

/* The newest matches of a kind that are ranked (see above). */
#define SEARCH_WINDOW 500
/* Most rows per kind a caller may ask for. */
#define SEARCH_MAX_LIMIT 1000

/* The groups, in search_kind order.  Every group has the same columns:
 * id, ref (ticket or invoice number, asset serial, contact email; may be
 * NULL), title (subject or name), detail (a short summary), client_id and
 * client_name (for a client, itself). */
struct search_result {
	struct rows group[SEARCH_NKINDS];
};

/* "tickets", "clients", ...: the name of a group (its JSON key). */
const char *search_kind_name(enum search_kind k);

/* The SQL run for kind k (?1 the FTS5 query, ?2 the limit, ?3 the
 * window): for tests/unit/search-sql and its query-plan test. */
const char *search_sql(enum search_kind k);

/* Up to limit rows (1..SEARCH_MAX_LIMIT) of each kind matching every
 * word of text, into *out (zeroed or freed before).  TP_BADINPUT when
 * text has no word. */
int search_all(struct db *db, const char *text, int limit,
    struct search_result *out, struct err *e);

/* How many rows in every group. */
size_t search_count(const struct search_result *r);

void search_result_free(struct search_result *r);

#endif
