/* searchall.c - see searchall.h. */
#include <stdlib.h>

#include "core/buf.h"
#include "service/search.h"
#include "ui/searchall.h"
#include "ui/widgets.h"

/* Rows shown per kind: a screenful over five kinds. */
#define PER_KIND 20

/* Per kind: its label in the list and the pane that opens it. */
static const struct {
	const char *label;
	int         pane;
	const char *id_col;   /* the record to open, by this column */
} kinds[SEARCH_NKINDS] = {
	[SEARCH_TICKETS]  = { "ticket",  P_QUEUE,    "id" },
	[SEARCH_CLIENTS]  = { "client",  P_HUB,      "id" },
	[SEARCH_CONTACTS] = { "contact", P_HUB,      "client_id" },
	[SEARCH_ASSETS]   = { "asset",   P_ASSETS,   "id" },
	[SEARCH_INVOICES] = { "invoice", P_INVOICES, "id" },
};

struct hit {
	int     kind;
	int64_t id;
};

/* "ticket   #120 Printer jam · closed normal · Acme": one line a row
 * (w_pick makes it safe to draw). */
static void
hit_line(int k, const struct rows *r, size_t i, struct buf *out)
{
	const char *ref = rows_text(r, i, "ref");

	buf_addf(out, "%-8s ", kinds[k].label);
	if (*ref)
		buf_addf(out, k == SEARCH_TICKETS ? "#%s " : "%s ", ref);
	buf_add(out, rows_text(r, i, "title"));
	if (*rows_text(r, i, "detail"))
		buf_addf(out, " \xc2\xb7 %s", rows_text(r, i, "detail"));
	if (k != SEARCH_CLIENTS && *rows_text(r, i, "client_name"))
		buf_addf(out, " \xc2\xb7 %s", rows_text(r, i, "client_name"));
}

/* The picked row opened: its pane, its detail. */
static void
open_hit(struct ui *ui, const struct hit *h)
{
	ui_open_record(ui, kinds[h->kind].pane, h->id);
}

static void
pick(struct ui *ui, const struct search_result *r, const char *words)
{
	size_t n = search_count(r), at = 0;
	struct buf *lines = calloc(n, sizeof *lines);
	const char **choices = calloc(n, sizeof *choices);
	struct hit *hits = calloc(n, sizeof *hits);
	char title[120];
	int sel;

	if (lines == NULL || choices == NULL || hits == NULL) {
		ui_msg(ui, 1, "search: out of memory");
		goto out;
	}
	for (int k = 0; k < SEARCH_NKINDS; k++)
		for (size_t i = 0; i < r->group[k].n; i++, at++) {
			buf_init(&lines[at]);
			hit_line(k, &r->group[k], i, &lines[at]);
			choices[at] = lines[at].s;
			hits[at].kind = k;
			hits[at].id = rows_int(&r->group[k], i,
			    kinds[k].id_col);
		}
	snprintf(title, sizeof title, "search: %.60s (%zu)", words, n);
	sel = w_pick(ui, title, choices, n, 0);
	if (sel >= 0)
		open_hit(ui, &hits[sel]);
out:
	for (size_t i = 0; lines != NULL && i < at; i++)
		buf_free(&lines[i]);
	free(lines);
	free(choices);
	free(hits);
}

void
searchall_run(struct ui *ui)
{
	struct search_result r = { 0 };
	struct err e = ERR_INIT;
	struct buf words;

	buf_init(&words);
	if (!w_prompt(ui, "Search all: ", "", 0, &words) || words.len == 0)
		goto out;
	if (search_all(ui->db, words.s, PER_KIND, &r, &e) != TP_OK)
		ui_err(ui, &e);
	else if (search_count(&r) == 0)
		ui_msg(ui, 0, "no matches");
	else
		pick(ui, &r, words.s);
	search_result_free(&r);
out:
	buf_free(&words);
}
