/* search.c - see search.h. */
#include <string.h>

#include "core/buf.h"
#include "core/terms.h"
#include "core/text.h"
#include "service/search.h"

/* One kind: its group name, its index (the search_terms source) and its
 * query.  Each query ranks the newest ?3 matches of its index (rowid
 * order, read lazily by FTS5) by bm25 and keeps the best ?2; CROSS JOIN
 * keeps the index driving. */
struct kind {
	const char *name, *source, *sql;
};

#define WINDOW(fts) \
	"(SELECT rowid AS id, rank FROM " fts " WHERE " fts " MATCH ?1 " \
	"ORDER BY rowid DESC LIMIT ?3) m"
#define RANKED " ORDER BY m.rank, m.id DESC LIMIT ?2"

static const struct kind kinds[SEARCH_NKINDS] = {
	[SEARCH_TICKETS] = { "tickets", "tickets_fts",
	    "SELECT t.id, t.number AS ref, t.subject AS title, "
	    "t.status || ' ' || t.priority AS detail, t.client_id, "
	    "c.name AS client_name FROM " WINDOW("tickets_fts")
	    " CROSS JOIN tickets t ON t.id = m.id "
	    "LEFT JOIN clients c ON c.id = t.client_id" RANKED },
	[SEARCH_CLIENTS] = { "clients", "clients_fts",
	    "SELECT c.id, NULL AS ref, c.name AS title, "
	    "trim(coalesce(c.company_name, '') || ' ' || c.status) AS detail, "
	    "c.id AS client_id, c.name AS client_name FROM "
	    WINDOW("clients_fts") " CROSS JOIN clients c ON c.id = m.id"
	    RANKED },
	[SEARCH_CONTACTS] = { "contacts", "contacts_fts",
	    "SELECT k.id, k.email AS ref, k.name AS title, "
	    "trim(coalesce(k.title, '') || ' ' || coalesce(k.phone, '')) "
	    "AS detail, k.client_id, c.name AS client_name FROM "
	    WINDOW("contacts_fts") " CROSS JOIN client_contacts k ON "
	    "k.id = m.id LEFT JOIN clients c ON c.id = k.client_id" RANKED },
	[SEARCH_ASSETS] = { "assets", "assets_fts",
	    "SELECT a.id, a.serial AS ref, a.name AS title, "
	    "trim(coalesce(a.ip, '') || ' ' || coalesce(a.mac, '')) AS detail, "
	    "a.client_id, c.name AS client_name FROM " WINDOW("assets_fts")
	    " CROSS JOIN assets a ON a.id = m.id "
	    "LEFT JOIN clients c ON c.id = a.client_id" RANKED },
	[SEARCH_INVOICES] = { "invoices", "invoices_fts",
	    "SELECT i.id, i.number AS ref, i.subject AS title, "
	    "i.status AS detail, i.client_id, c.name AS client_name FROM "
	    WINDOW("invoices_fts") " CROSS JOIN invoices i ON i.id = m.id "
	    "LEFT JOIN clients c ON c.id = i.client_id" RANKED },
};

const char *
search_kind_name(enum search_kind k)
{
	return (int)k >= 0 && k < SEARCH_NKINDS ? kinds[k].name : "";
}

const char *
search_sql(enum search_kind k)
{
	return (int)k >= 0 && k < SEARCH_NKINDS ? kinds[k].sql : NULL;
}

/* One group: the words as its own index's query (search_terms names the
 * terms of the large indexes; the others keep plain prefixes). */
static int
search_kind(struct db *db, const struct kind *k, const char *text,
    int limit, struct rows *out, struct err *e)
{
	struct buf q;
	int rc;

	buf_init(&q);
	rc = terms_query(db, k->source, text, &q, NULL, e);
	if (rc == TP_OK)
		rc = rows_query(db, out, e, k->sql, "tii", q.s, (int64_t)limit,
		    (int64_t)SEARCH_WINDOW);
	buf_free(&q);
	return rc;
}

static int
search_words(const char *text)
{
	const char *p = text ? text : "", *w;
	size_t n;
	int words = 0;

	while (text_next_word(&p, &w, &n))
		words++;
	return words;
}

int
search_all(struct db *db, const char *text, int limit,
    struct search_result *out, struct err *e)
{
	int rc = TP_OK;

	if (search_words(text) == 0)
		return err_set(e, TP_BADINPUT, "search: give a word to look for");
	if (limit < 1 || limit > SEARCH_MAX_LIMIT)
		return err_set(e, TP_BADINPUT, "search: limit must be 1..%d",
		    SEARCH_MAX_LIMIT);
	/* One read transaction: every group sees the same database. */
	if (db_begin_deferred(db, e) != TP_OK)
		return e->code;
	for (int k = 0; k < SEARCH_NKINDS && rc == TP_OK; k++)
		rc = search_kind(db, &kinds[k], text, limit, &out->group[k], e);
	rc = db_end(db, rc, e);
	if (rc != TP_OK)
		search_result_free(out);
	return rc;
}

size_t
search_count(const struct search_result *r)
{
	size_t n = 0;

	for (int k = 0; k < SEARCH_NKINDS; k++)
		n += r->group[k].n;
	return n;
}

void
search_result_free(struct search_result *r)
{
	for (int k = 0; k < SEARCH_NKINDS; k++)
		rows_free(&r->group[k]);
}
