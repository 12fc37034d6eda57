/* cli_search.c - `search WORDS`: every kind of record at once, grouped. */
#include <stdio.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "service/search.h"

/* The rows shown per kind unless --limit says otherwise. */
#define SEARCH_DEFAULT_LIMIT 10

/* The words as one text, a space between them (search_all splits it
 * again by the same rule). */
static void
join_words(const struct cli_args *a, struct buf *out)
{
	for (int i = 0; i < a->npos; i++) {
		if (i)
			buf_addc(out, ' ');
		buf_add(out, a->pos[i]);
	}
}

/* {"tickets":[...],"clients":[...],...}: every group, empty or not. */
static int
print_json(struct app *app, const struct search_result *r, struct err *e)
{
	struct buf out;
	int rc = TP_OK;

	buf_init(&out);
	buf_addc(&out, '{');
	for (int k = 0; k < SEARCH_NKINDS && rc == TP_OK; k++) {
		buf_addf(&out, "%s\"%s\":", k ? "," : "", search_kind_name(k));
		rc = rows_json_array(app->db, &r->group[k], &out, e);
	}
	buf_addc(&out, '}');
	if (rc == TP_OK)
		cli_print_json(app, out.s);
	buf_free(&out);
	return rc;
}

/* Each group that found something: "tickets (3)" and its table; a group
 * cut off at the limit says so ("tickets (first 10)"), or its count reads
 * as every match. */
static int
print_text(struct app *app, const struct search_result *r, int limit,
    struct err *e)
{
	static const char *const cols[] = {
		"id", "ref", "title", "detail", "client_name", NULL
	};

	if (search_count(r) == 0) {
		fprintf(app->out, "no matches\n");
		return TP_OK;
	}
	for (int k = 0, shown = 0; k < SEARCH_NKINDS; k++) {
		size_t n = r->group[k].n;
		int cut = n >= (size_t)limit;

		if (n == 0)
			continue;
		fprintf(app->out, "%s%s (%s%zu%s)\n", shown++ ? "\n" : "",
		    search_kind_name(k), cut ? "first " : "", n,
		    cut ? "; --limit shows more" : "");
		if (cli_print_list(app, &r->group[k], cols, e) != TP_OK)
			return e->code;
	}
	return TP_OK;
}

static int
cmd_search(struct app *app, const struct cli_args *a, struct err *e)
{
	struct search_result r = { 0 };
	struct buf words;
	int limit = SEARCH_DEFAULT_LIMIT, rc;

	if (cli_parse_paging(a, SEARCH_MAX_LIMIT, &limit, NULL, e) != TP_OK)
		return e->code;
	if (app_db(app, e) != TP_OK)
		return e->code;
	buf_init(&words);
	join_words(a, &words);
	rc = search_all(app->db, words.s, limit, &r, e);
	buf_free(&words);
	if (rc == TP_OK)
		rc = app->json ? print_json(app, &r, e) : print_text(app, &r, limit, e);
	search_result_free(&r);
	return rc;
}

const struct cli_cmd cli_search_cmds[] = {
	{ "search", "WORDS... [--limit N]",
	  "search tickets, clients, contacts, assets and invoices at once, "
	  "best first per kind (default 10 each)",
	  "limit=", 1, -1, cmd_search },
	{ NULL },
};
