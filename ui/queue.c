/* queue.c - placeholder until its service lands on main. */
#include "view.h"

static const struct column cols[] = { { "Name", 0, 0 } };

static int
fetch(struct ui *ui, struct view *v, int64_t after, int limit,
    struct rows *out, struct err *e)
{
	(void)ui; (void)v; (void)after; (void)limit; (void)out;
	return err_set(e, TP_UNAVAILABLE, "the Ticket queue pane's service has not landed");
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	(void)ui; (void)v;
	c->text[0] = rows_text(r, i, "name");
}

static const enum action own[] = { A_NONE };

const struct view_ops queue_ops = {
	"Ticket queue", SCOPE_QUEUE, cols, 1, NULL, NULL, fetch, cells, NULL, NULL,
	own, own, NULL
};
