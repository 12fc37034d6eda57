/* schedules.c - see schedules.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/asset.h"
#include "service/schedule.h"
#include "ui/schedules.h"
#include "ui/widgets.h"

int
schedules_detail(struct ui *ui, int64_t asset_id, struct doc *d,
    struct err *e)
{
	struct rows r = { 0 };

	if (schedule_list(ui->db, asset_id, &r, e) != TP_OK)
		return e->code;
	doc_line(d, R_NORMAL, "%s", "");
	doc_line(d, R_HEADER, "Schedules (%zu)", r.n);
	for (size_t i = 0; i < r.n; i++) {
		struct buf l;

		buf_init(&l);
		buf_addf(&l, "  #%lld every %s, %lld days ahead: next %s "
		    "(ticket on %s)  %s  %lld made  %s",
		    (long long)rows_int(&r, i, "id"), rows_text(&r, i, "every"),
		    (long long)rows_int(&r, i, "lead_days"),
		    rows_text(&r, i, "next_on"), rows_text(&r, i, "make_on"),
		    rows_text(&r, i, "maintenance_type"),
		    (long long)rows_int(&r, i, "made"),
		    rows_text(&r, i, "description"));
		doc_line(d, R_NORMAL, "%s", l.s);
		buf_free(&l);
	}
	rows_free(&r);
	return TP_OK;
}

enum { SF_EVERY, SF_FIRST, SF_LEAD, SF_TYPE, SF_DESCRIPTION, SF_N };

static int
submit_add(struct ui *ui, struct field *f, size_t n, void *arg, int *bad,
    struct err *e)
{
	/* The service's names of the fields (struct schedule_new's). */
	static const char *const names[SF_N] = {
		"every", "first", "lead", "type", "description"
	};
	struct schedule_new s;
	struct rows r = { 0 };
	int64_t id;

	(void)n;
	memset(&s, 0, sizeof s);
	s.asset_id = *(int64_t *)arg;
	s.every = f[SF_EVERY].value.s;
	s.first = f[SF_FIRST].value.len ? f[SF_FIRST].value.s : NULL;
	s.lead = f[SF_LEAD].value.len ? f[SF_LEAD].value.s : NULL;
	s.type = f[SF_TYPE].value.s;
	s.description = f[SF_DESCRIPTION].value.len ?
	    f[SF_DESCRIPTION].value.s : NULL;
	if (schedule_add(ui->db, &s, &id, e) != TP_OK) {
		*bad = w_form_blame(e, names, SF_N);
		return e->code;
	}
	if (schedule_get(ui->db, id, &r, e) == TP_OK)
		ui_msg(ui, 0, "schedule %lld added: next %s, its ticket made on "
		    "%s", (long long)id, rows_text(&r, 0, "next_on"),
		    rows_text(&r, 0, "make_on"));
	rows_free(&r);
	return TP_OK;
}

static void
add_form(struct ui *ui, int64_t asset_id)
{
	struct field f[SF_N] = {
		{ "Every (30d, 2w, 3m)", F_TEXT, NULL, 1, { 0 } },
		{ "First (YYYY-MM-DD)", F_TEXT, NULL, 0, { 0 } },
		{ "Lead (7d, 2w)", F_TEXT, NULL, 0, { 0 } },
		{ "Type", F_CHOICE, asset_maintenance_types, 1, { 0 } },
		{ "Description", F_LONG, NULL, 0, { 0 } },
	};

	for (size_t i = 0; i < SF_N; i++)
		buf_init(&f[i].value);
	w_field_set(&f[SF_LEAD], "7d");
	w_field_set(&f[SF_TYPE], asset_maintenance_types[0]);
	if (w_form(ui, "Recurring maintenance (empty first: in lead days)", f,
	    SF_N, submit_add, &asset_id))
		ui_changed(ui);
	w_form_free(f, SF_N);
}

static void
remove_one(struct ui *ui, int64_t id)
{
	struct err e = ERR_INIT;
	char q[96];

	snprintf(q, sizeof q, "Remove schedule %lld? Its tickets stay.",
	    (long long)id);
	if (!w_confirm(ui, q))
		return;
	if (schedule_remove(ui->db, id, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	ui_msg(ui, 0, "schedule %lld removed", (long long)id);
	ui_changed(ui);
}

void
schedules_edit(struct ui *ui, struct view *v)
{
	int64_t asset_id = ui_selected(ui, v);
	struct rows r = { 0 };
	struct err e = ERR_INIT;
	const char **choices;
	struct buf *labels;
	int i;

	if (asset_id == 0) {
		ui_msg(ui, 1, "no asset selected");
		return;
	}
	if (schedule_list(ui->db, asset_id, &r, &e) != TP_OK) {
		ui_err(ui, &e);
		return;
	}
	if (r.n == 0) {
		rows_free(&r);
		add_form(ui, asset_id);
		return;
	}
	choices = xmalloc((r.n + 1) * sizeof *choices);
	labels = xmalloc(r.n * sizeof *labels);
	choices[0] = "Add a schedule";
	for (size_t k = 0; k < r.n; k++) {
		buf_init(&labels[k]);
		buf_addf(&labels[k], "Remove #%lld: every %s, next %s",
		    (long long)rows_int(&r, k, "id"), rows_text(&r, k, "every"),
		    rows_text(&r, k, "next_on"));
		choices[k + 1] = labels[k].s;
	}
	i = w_pick(ui, "Schedules", choices, r.n + 1, 0);
	if (i == 0)
		add_form(ui, asset_id);
	else if (i > 0)
		remove_one(ui, rows_int(&r, (size_t)i - 1, "id"));
	for (size_t k = 0; k < r.n; k++)
		buf_free(&labels[k]);
	free(labels);
	free(choices);
	rows_free(&r);
}
