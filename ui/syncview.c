/* syncview.c - placeholder until syncstate.h lands on main. */
#include "view.h"

static const struct column cols[] = { { "Id", 0, 0 } };

static int
fetch(struct ui *ui, struct view *v, int64_t after, int limit,
    struct rows *out, struct err *e)
{
	(void)ui; (void)v; (void)after; (void)limit; (void)out;
	return err_set(e, TP_UNAVAILABLE, "sync issues need syncstate.h");
}

static void
cells(struct ui *ui, struct view *v, const struct rows *r, size_t i,
    struct rowcells *c)
{
	(void)ui; (void)v; (void)r; (void)i; (void)c;
}

static const enum action own[] = { A_NONE };

const struct view_ops sync_ops = {
	"Sync issues", SCOPE_SYNC, cols, 1, NULL, NULL, fetch, cells, NULL,
	NULL, own, own, NULL, 1
};
