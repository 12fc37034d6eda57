/* notifications.c - the notifications view (N): newest first, paged by
 * keyset like every list; Enter marks one read and opens the record it
 * is about (an invoice's detail), or shows it whole when it has none. */
#include <stdio.h>
#include <string.h>

#include "service/notify.h"
#include "ui/status.h"
#include "ui/view.h"

static const struct column cols[] = {
	{ "When", 16, COL_FIT }, { "Kind", 24, COL_FIT }, { "Message", 0, 0 },
};

static int
fetch(struct ui *ui, struct view *v, int64_t after, int limit,
    struct rows *out, struct err *e)
{
	(void)v;
	/* One keyset window after the list's last row: any number of
	 * notifications scroll without reading the whole table. */
	return notify_list_after(ui->db, 0, after, limit, out, e);
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	(void)ui; (void)v;
	ui_age(rows_int(r, i, "created_at"), c->tmp[0], sizeof c->tmp[0]);
	c->text[0] = c->tmp[0];
	c->text[1] = rows_text(r, i, "kind");
	c->text[2] = rows_text(r, i, "message");
	if (rows_isnull(r, i, "read_at")) {
		c->marker = '+';
		c->role = R_LABEL;
	}
}

static int
detail(struct ui *ui, struct view *v, int64_t id, struct doc *d,
    struct err *e)
{
	size_t idx;
	const struct rows *r = ui_selected_row(ui, v, &idx);

	if (r == NULL || rows_int(r, idx, "id") != id)
		return err_set(e, TP_NOTFOUND, "notification %lld not found",
		    (long long)id);
	if (rows_isnull(r, idx, "read_at") &&
	    notify_mark_read(ui->db, id, e) != TP_OK)
		return e->code;
	doc_line(d, R_HEADER, "Notification %lld", (long long)id);
	doc_field(d, "Kind", rows_text(r, idx, "kind"));
	doc_text(d, R_NORMAL, rows_text(r, idx, "message"));
	ui->status_stale = 1;
	return TP_OK;
}

/* Which pane shows the record a notification's event is about. */
static const struct {
	const char *entity;
	int         pane;
} record_panes[] = {
	{ "invoice", P_INVOICES }, { "ticket", P_QUEUE }, { "client", P_HUB },
	{ "asset", P_ASSETS },
};

static int
pane_of(const char *entity)
{
	for (size_t i = 0; i < sizeof record_panes / sizeof record_panes[0];
	    i++)
		if (strcmp(record_panes[i].entity, entity) == 0)
			return record_panes[i].pane;
	return -1;
}

/* Enter: read now (the list's + and the status line's count go at
 * once), then the record in its pane; -1 sends a notification about no
 * record to its own detail. */
static int
act(struct ui *ui, struct view *v, enum action a)
{
	size_t idx;
	const struct rows *r = ui_selected_row(ui, v, &idx);
	struct err e = ERR_INIT;
	int64_t id, record;
	int pane;

	if (a != A_OPEN || r == NULL || v->in_detail)
		return -1;
	id = rows_int(r, idx, "id");
	pane = rows_isnull(r, idx, "entity_id") ? -1 :
	    pane_of(rows_text(r, idx, "entity"));
	record = rows_int(r, idx, "entity_id");
	if (rows_isnull(r, idx, "read_at")) {
		if (notify_mark_read(ui->db, id, &e) != TP_OK) {
			ui_err(ui, &e);
			return 0;
		}
		list_reload(&v->list);
		status_refresh(ui);
	}
	if (pane < 0)
		return -1;
	ui_open_record(ui, pane, record);
	return 0;
}

static const enum action own[] = { A_OPEN, A_NONE };

/* The markers cells() sets. */
static const char *const legend[] = { "+ unread", NULL };

const struct view_ops notifications_ops = {
	"Notifications", legend, cols, 3, NULL, NULL,
	fetch, cells, detail, act, own, own, NULL, 1
};
