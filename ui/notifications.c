/* notifications.c - the notifications view (N): newest first, paged by
 * keyset like every list; Enter marks one read and shows it whole. */
#include <stdio.h>

#include "service/notify.h"
#include "ui/view.h"

static const struct column cols[] = {
	{ "When", 16, 0 }, { "Kind", 16, 0 }, { "Message", 0, 0 },
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

static const enum action own[] = { A_OPEN, A_NONE };

/* The markers cells() sets. */
static const char *const legend[] = { "+ unread", NULL };

const struct view_ops notifications_ops = {
	"Notifications", legend, cols, 3, NULL, NULL,
	fetch, cells, detail, NULL, own, own, NULL, 1
};
