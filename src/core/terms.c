/* terms.c - see terms.h. */
#include <ctype.h>
#include <string.h>

#include "core/terms.h"
#include "core/text.h"

/* A word of ASCII letters and digits is one FTS5 token, the same word in
 * lower case; others (punctuation makes a phrase, other letters fold in
 * ways only the tokenizer knows) keep the plain prefix query. */
static int
plain_word(const char *w, size_t n, char *low, size_t size)
{
	if (n == 0 || n >= size)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];

		if (c >= 0x80 || !isalnum(c))
			return 0;
		low[i] = (char)tolower(c);
	}
	low[n] = '\0';
	return 1;
}

/* The terms of source starting with low, as ("a" OR "b" ...), into
 * terms; *count of them, TERMS_MAX + 1 meaning "more". */
static int
covered(struct db *db, const char *source, const char *low, size_t n,
    struct buf *terms, int *count, struct err *e)
{
	char high[65];
	sqlite3_stmt *st;
	const char *term;
	int rc;

	/* Every term with the prefix sorts in [low, high). */
	memcpy(high, low, n + 1);
	high[n - 1]++;
	st = db_prepare(db, e, "SELECT term FROM search_terms WHERE "
	    "source = ?1 AND term >= ?2 AND term < ?3 ORDER BY term LIMIT ?4",
	    "ttti", source, low, high, (int64_t)TERMS_MAX + 1);
	if (st == NULL)
		return e->code;
	*count = 0;
	while ((rc = db_step(db, st, e)) == SQLITE_ROW) {
		buf_add(terms, (*count)++ ? " OR " : "(");
		term = (const char *)sqlite3_column_text(st, 0);
		text_fts_phrase(term, strlen(term), terms);
	}
	sqlite3_reset(st);
	if (rc < 0)
		return e->code;
	buf_addc(terms, ')');
	return TP_OK;
}

static int
add_word(struct db *db, const char *source, const char *w, size_t n,
    struct buf *out, int *prefixes, struct err *e)
{
	char low[65];
	struct buf terms;
	int rc, named, count = 0;

	if (plain_word(w, n, low, sizeof low)) {
		buf_init(&terms);
		rc = covered(db, source, low, n, &terms, &count, e);
		named = rc == TP_OK && count > 0 && count <= TERMS_MAX;
		if (named)
			buf_add(out, terms.s);
		buf_free(&terms);
		if (rc != TP_OK || named)
			return rc;
	}
	text_fts_phrase(w, n, out);
	buf_addc(out, '*');
	(*prefixes)++;
	return TP_OK;
}

int
terms_query(struct db *db, const char *source, const char *text,
    struct buf *out, int *prefixes, struct err *e)
{
	const char *p = text ? text : "", *w;
	size_t n;
	int words = 0, left = 0;

	buf_reset(out);
	while (text_next_word(&p, &w, &n)) {
		if (words++)
			buf_add(out, " AND ");
		if (add_word(db, source, w, n, out, &left, e) != TP_OK)
			return e->code;
	}
	if (prefixes != NULL)
		*prefixes = left;
	return TP_OK;
}
