/*
 * terms.h - a search's words as the terms an FTS5 index holds.
 *
 * FTS5 answers a prefix query by gathering the doclist of every term the
 * prefix covers before it returns a row, whatever the LIMIT; the same
 * terms named and joined by OR it reads lazily, in rowid order, stopping
 * at the limit.  search_terms (schema/0005_terms.sql) lists every term
 * indexed in tickets_fts and invoices_fts, so a word can be replaced by
 * the terms it covers.  This module owns that lookup and the MATCH text
 * it builds; the tables and their triggers are the schema's.
 */
#ifndef TP_TERMS_H
#define TP_TERMS_H

#include "core/buf.h"
#include "core/db.h"
#include "core/err.h"

/* A prefix covering more terms than this stays a prefix: an OR of 150
 * named terms costs about as much as gathering one prefix of a million
 * tickets (3 ms against 10 ms and up, measured on the large demo). */
#define TERMS_MAX 150

/* out (reset first) = user text as a safe FTS5 query on source's index:
 * every word required (AND), each a prefix, no input ever FTS syntax.  A
 * word of ASCII letters and digits becomes the terms it covers,
 * ("printer" OR "printers"); any other word, one covering no term or
 * more than TERMS_MAX, a quoted prefix ("wi-fi"*, quotes doubled).
 * Empty when the text has no word.  source names a search_terms source
 * ("tickets_fts", "invoices_fts").  *prefixes (when not NULL): how many
 * words stayed prefixes (FTS5 gathers each of those whole, however the
 * query is read). */
int terms_query(struct db *db, const char *source, const char *text,
    struct buf *out, int *prefixes, struct err *e);

#endif
