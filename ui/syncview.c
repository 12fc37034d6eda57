/*
 * syncview.c - sync issues (Y): outbox rows the worker gave up on (failed,
 * unsupported), conflicts, and what is still pending.  r retries a row
 * (sync_retry) or, for a conflict, keeps the local value; d discards a row
 * with the rows that can only follow it (sync_discard; the question says
 * how many) or takes the remote value, after a confirmation.  The same
 * functions as `termpsa sync retry` and `sync discard`.
 */
#include <stdio.h>
#include <string.h>

#include "service/syncstate.h"
#include "ui/view.h"
#include "ui/widgets.h"

static const struct column cols[] = {
	{ "Id", 6, 1 }, { "Record", 16, 0 }, { "What", 10, 0 },
	{ "State", 11, 0 }, { "Error / values", 0, 0 },
};

static const char *const presets[] = {
	"failed", "conflicts", "unsupported", "pending", NULL
};

#define CONFLICTS(v) ((v)->preset == 1)

static int
fetch(struct ui *ui, struct view *v, int64_t after, int limit,
    struct rows *out, struct err *e)
{
	/* Keyset windows, newest first: the list asks for the rows after
	 * the last one it holds, however many there are. */
	if (CONFLICTS(v))
		return sync_conflict_list_after(ui->db, after, limit, out, e);
	return sync_outbox_list_after(ui->db, presets[v->preset], after, limit,
	    out, e);
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	(void)ui;
	snprintf(c->tmp[0], sizeof c->tmp[0], "%lld",
	    (long long)rows_int(r, i, "id"));
	c->text[0] = c->tmp[0];
	snprintf(c->tmp[1], sizeof c->tmp[1], "%.40s %lld",
	    rows_text(r, i, "entity"), (long long)rows_int(r, i, "local_id"));
	c->text[1] = c->tmp[1];
	if (CONFLICTS(v)) {
		c->text[2] = rows_text(r, i, "field");
		c->text[3] = "conflict";
		snprintf(c->tmp[4], sizeof c->tmp[4], "local %.20s / remote "
		    "%.20s", rows_text(r, i, "local_value"),
		    rows_text(r, i, "remote_value"));
		c->text[4] = c->tmp[4];
		c->marker = '!';
		return;
	}
	c->text[2] = rows_text(r, i, "op");
	c->text[3] = rows_text(r, i, "state");
	c->text[4] = rows_text(r, i, "last_error");
	if (strcmp(c->text[3], "failed") == 0)
		c->marker = '!';
}

static int
detail(struct ui *ui, struct view *v, int64_t id, struct doc *d,
    struct err *e)
{
	size_t idx;
	const struct rows *r = ui_selected_row(ui, v, &idx);

	if (r == NULL || rows_int(r, idx, "id") != id)
		return err_set(e, TP_NOTFOUND, "row %lld not found",
		    (long long)id);
	doc_line(d, R_HEADER, "%s %lld: %s %lld", CONFLICTS(v) ? "Conflict" :
	    "Outbox row", (long long)id, rows_text(r, idx, "entity"),
	    (long long)rows_int(r, idx, "local_id"));
	for (int c = 0; c < r->ncol; c++)
		doc_field(d, r->cols[c], rows_text(r, idx, r->cols[c]));
	doc_line(d, R_DIM, CONFLICTS(v) ? "r keeps the local value, d takes "
	    "the remote one" : "r retries, d discards the row");
	return TP_OK;
}

/* "Discard outbox row 5 (it will not be sent)?", naming how many rows go
 * with it: the ones that can only follow it (sync_dependents).  Short
 * enough for 80 columns. */
static void
discard_question(struct ui *ui, int64_t id, char *q, size_t n)
{
	struct rows dep = { 0 };
	struct err e = ERR_INIT;

	if (sync_dependents(ui->db, id, &dep, &e) == TP_OK && dep.n > 0)
		snprintf(q, n, "Discard outbox row %lld and the %zu row%s that "
		    "need%s it (none will be sent)?", (long long)id, dep.n,
		    dep.n == 1 ? "" : "s", dep.n == 1 ? "s" : "");
	else
		snprintf(q, n, "Discard outbox row %lld (it will not be sent)?",
		    (long long)id);
	rows_free(&dep);
}

static int
act(struct ui *ui, struct view *v, enum action a)
{
	int64_t id = ui_selected(ui, v);
	struct rows also = { 0 };
	struct err e = ERR_INIT;
	char q[160];
	int rc;

	if (a != A_RETRY && a != A_DISCARD)
		return -1;
	if (id == 0) {
		ui_msg(ui, 1, "nothing selected");
		return 0;
	}
	if (a == A_DISCARD) {
		if (CONFLICTS(v))
			snprintf(q, sizeof q, "Take the remote value for conflict "
			    "%lld?", (long long)id);
		else
			discard_question(ui, id, q, sizeof q);
		if (!w_confirm(ui, q)) {
			ui_msg(ui, 0, "nothing changed");
			return 0;
		}
	}
	if (CONFLICTS(v))
		rc = sync_conflict_resolve(ui->db, id, a == A_RETRY, &e);
	else if (a == A_RETRY)
		rc = sync_retry(ui->db, id, &e);
	else
		rc = sync_discard(ui->db, id, &also, &e);
	if (rc != TP_OK)
		ui_err(ui, &e);
	else if (also.n > 0)
		ui_msg(ui, 0, "row %lld discarded, with the %zu row%s that needed "
		    "it", (long long)id, also.n, also.n == 1 ? "" : "s");
	else
		ui_msg(ui, 0, "%s %lld %s", CONFLICTS(v) ? "conflict" : "row",
		    (long long)id, a == A_RETRY ? (CONFLICTS(v) ? "keeps the "
		    "local value" : "will be retried") : (CONFLICTS(v) ?
		    "took the remote value" : "discarded"));
	rows_free(&also);
	ui_changed(ui);
	return 0;
}

/* With no sync: section nothing is sent, so nothing can fail: an empty
 * list would read as "no failures" when the truth is "no sync". */
const char *
sync_note(struct ui *ui, struct view *v, int brief)
{
	(void)v;
	if (ui->app->cfg.sync.enabled)
		return NULL;
	return brief ? "sync is off" : "(sync is off: nothing is sent, so "
	    "nothing fails; see termpsa.yaml(5))";
}

static const enum action own[] = { A_OPEN, A_RETRY, A_DISCARD, A_NONE };

/* The markers cells() sets. */
static const char *const legend[] = { "! failed, or a conflict", NULL };

const struct view_ops sync_ops = {
	"Sync issues", legend, cols, 5, presets, NULL,
	fetch, cells, detail, act, own, own, NULL, 1
};
